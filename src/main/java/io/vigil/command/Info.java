package io.vigil.command;

import io.vigil.config.Config;
import io.vigil.keyspace.Database;
import io.vigil.keyspace.Keyspace;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The INFO command's text: Redis 7.0's sections, in Redis's order, with Redis's field names.
 *
 * <p>Each section is a writer registered on the engine ({@link Engine#infoSection}) that appends
 * {@code field:value\r\n} lines; INFO prints {@code # Title} before it and a blank line between sections.
 * Another layer replaces a section by registering the same name again (the replication layer replaces
 * {@code replication}, persistence replaces {@code persistence}); the section keeps its place.
 *
 * <p>{@code INFO} with no argument and {@code INFO default} print every section except
 * {@code commandstats} and {@code latencystats}; {@code all} and {@code everything} print all of them;
 * otherwise each named section (case-insensitive, unknown names ignored) is printed once, in the fixed order.
 *
 * <h2>Memory figures</h2>
 * Vigil runs on the JVM, so it cannot report malloc's numbers; it reports honest estimates under Redis's
 * names:
 * <ul>
 *   <li>{@code used_memory} = {@code used_memory_overhead} + {@code used_memory_dataset}, where the dataset
 *   is {@link Keyspace#memoryUsage()} (the keyspace's running estimate of the heap its keys and values
 *   occupy) and the overhead is the fixed baseline {@link #STARTUP_BYTES} ({@code used_memory_startup})
 *   plus the clients' memory ({@code mem_clients_normal} + {@code mem_clients_slaves}: per client
 *   {@link #CLIENT_OVERHEAD_BYTES} plus its pending query and reply bytes and reply buffer capacity).
 *   {@link #usedMemory(Engine)} computes it for other layers (eviction, MEMORY STATS).</li>
 *   <li>{@code used_memory_peak} is the largest {@code used_memory} seen when it was computed.</li>
 *   <li>{@code used_memory_rss} is the process's resident set size, from {@code /proc/self/statm}
 *   (falling back to the JVM's committed heap when /proc is unavailable).</li>
 *   <li>{@code allocator_allocated} is the JVM heap in use, {@code allocator_active} the committed heap,
 *   {@code allocator_resident} the RSS; the {@code *_ratio}/{@code *_bytes} fields are computed from those
 *   as Redis computes them from jemalloc's figures, and {@code mem_fragmentation_ratio} is RSS over
 *   {@code used_memory} (so it is large for a JVM).</li>
 *   <li>Scripting figures are 0: Vigil has no Lua engine.</li>
 * </ul>
 */
public final class Info {
    /** Fixed estimate of the server's own memory before any key or client (used_memory_startup). */
    public static final long STARTUP_BYTES = 1024 * 1024;
    /** Estimated fixed cost of one connection: client state, channel, pipeline, decoder. */
    public static final long CLIENT_OVERHEAD_BYTES = 2048;

    /** Sections left out of INFO / INFO default. */
    private static final Set<String> NOT_DEFAULT = Set.of("commandstats", "latencystats");

    private final Engine engine;
    private final String replId;
    private long peakMemory;

    private Info(Engine engine) {
        this.engine = engine;
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.replId = HexFormat.of().formatHex(id);
    }

    /** Registers Redis 7.0's sections on {@code engine}, in Redis's order. */
    static void install(Engine engine) {
        Info info = new Info(engine);
        engine.infoSection("server", info::server);
        engine.infoSection("clients", info::clients);
        engine.infoSection("memory", info::memory);
        engine.infoSection("persistence", info::persistence);
        engine.infoSection("stats", info::stats);
        engine.infoSection("replication", info::replication);
        engine.infoSection("cpu", info::cpu);
        engine.infoSection("modules", sb -> { });
        engine.infoSection("commandstats", info::commandstats);
        engine.infoSection("errorstats", info::errorstats);
        engine.infoSection("latencystats", sb -> { });
        engine.infoSection("cluster", sb -> field(sb, "cluster_enabled", 0));
        engine.infoSection("keyspace", info::keyspace);
    }

    /** The section title INFO prints: {@code # Server}, {@code # CPU}... */
    static String title(String name) {
        if (name.equals("cpu")) {
            return "CPU";
        }
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /**
     * The INFO text for the section arguments {@code argv[from..]} (none = default), each line ending in
     * CRLF and sections separated by an empty line.
     */
    static String generate(Engine engine, byte[][] argv, int from) {
        Map<String, Consumer<StringBuilder>> sections = engine.infoSections();
        Set<String> wanted = new HashSet<>();
        boolean all = false;
        boolean defaults = argv.length <= from;
        for (int i = from; i < argv.length; i++) {
            String s = Engine.lower(argv[i]);
            switch (s) {
                case "all", "everything" -> all = true;
                case "default" -> defaults = true;
                default -> wanted.add(s);
            }
        }
        StringBuilder sb = new StringBuilder(4096);
        boolean first = true;
        for (Map.Entry<String, Consumer<StringBuilder>> e : sections.entrySet()) {
            String name = e.getKey();
            if (!(all || wanted.contains(name) || defaults && !NOT_DEFAULT.contains(name))) {
                continue;
            }
            if (!first) {
                sb.append("\r\n");
            }
            first = false;
            sb.append("# ").append(title(name)).append("\r\n");
            e.getValue().accept(sb);
        }
        return sb.toString();
    }

    /** The INFO text of {@code sections} (none = default), as the INFO command would reply it. */
    public static String generate(Engine engine, String... sections) {
        byte[][] argv = new byte[sections.length][];
        for (int i = 0; i < sections.length; i++) {
            argv[i] = sections[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return generate(engine, argv, 0);
    }

    // ---------------------------------------------------------------------------------------------
    // Line helpers

    static void field(StringBuilder sb, String name, long value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    static void field(StringBuilder sb, String name, String value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    /** C's {@code %.2f}: the exact binary value rounded half-even (919.125 prints as 919.12). */
    static String f2(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        }
        return new java.math.BigDecimal(d).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Bytes as Redis's bytesToHuman prints them: {@code 919.12K}, {@code 1.00M}, {@code 512B}. */
    static String human(long n) {
        double d = n;
        if (n < 1024) {
            return n + "B";
        } else if (n < 1024L * 1024) {
            return f2(d / 1024) + "K";
        } else if (n < 1024L * 1024 * 1024) {
            return f2(d / (1024 * 1024)) + "M";
        } else if (n < 1024L * 1024 * 1024 * 1024) {
            return f2(d / (1024.0 * 1024 * 1024)) + "G";
        } else if (n < 1024L * 1024 * 1024 * 1024 * 1024) {
            return f2(d / (1024.0 * 1024 * 1024 * 1024)) + "T";
        } else if (n < 1024L * 1024 * 1024 * 1024 * 1024 * 1024) {
            return f2(d / (1024.0 * 1024 * 1024 * 1024 * 1024)) + "P";
        }
        return n + "B";
    }

    private String conf(String name, String dflt) {
        Config c = engine.config();
        String v = c == null ? null : c.getString(name);
        return v == null ? dflt : v;
    }

    // ---------------------------------------------------------------------------------------------
    // Sections

    private void server(StringBuilder sb) {
        ProcessInfo p = engine.processInfo();
        long now = engine.clock().millis();
        long uptime = (now - engine.startMillis()) / 1000;
        Instant t = Instant.now();
        field(sb, "redis_version", ProcessInfo.REDIS_VERSION);
        field(sb, "vigil_version", ProcessInfo.VIGIL_VERSION);
        field(sb, "redis_git_sha1", "00000000");
        field(sb, "redis_git_dirty", 0);
        field(sb, "redis_build_id", String.format("%016x", (long) ProcessInfo.VIGIL_VERSION.hashCode() & 0xffffffffL));
        field(sb, "redis_mode", engine.mode());
        field(sb, "os", osName());
        field(sb, "arch_bits", 64);
        field(sb, "monotonic_clock", "POSIX clock_gettime");
        field(sb, "multiplexing_api", p.multiplexingApi);
        field(sb, "atomicvar_api", "java-volatile");
        field(sb, "gcc_version", "0.0.0");
        field(sb, "process_id", p.pid);
        field(sb, "process_supervised", "no");
        field(sb, "run_id", engine.runId());
        field(sb, "tcp_port", p.tcpPort);
        field(sb, "server_time_usec", t.getEpochSecond() * 1_000_000L + t.getNano() / 1000);
        field(sb, "uptime_in_seconds", uptime);
        field(sb, "uptime_in_days", uptime / 86400);
        field(sb, "hz", p.hz);
        field(sb, "configured_hz", Long.parseLong(conf("hz", Integer.toString(p.hz))));
        field(sb, "lru_clock", (now / 1000) & ((1 << 24) - 1));
        field(sb, "executable", p.executable);
        field(sb, "config_file", p.configFile);
        field(sb, "io_threads_active", 0);
    }

    private static String osName() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("amd64")) {
            arch = "x86_64";
        } else if (arch.equals("aarch64")) {
            arch = "aarch64";
        }
        return System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + arch;
    }

    private void clients(StringBuilder sb) {
        int normal = 0;
        long maxIn = 0;
        long maxOut = 0;
        for (Client c : engine.clients()) {
            if (!c.has(Client.REPLICA)) {
                normal++;
            }
            Connection conn = c.connection();
            if (conn != null) {
                maxIn = Math.max(maxIn, conn.queryBufferBytes());
                maxOut = Math.max(maxOut, conn.pendingOutputBytes());
            }
        }
        field(sb, "connected_clients", normal);
        field(sb, "cluster_connections", 0);
        field(sb, "maxclients", engine.settings().maxclients());
        field(sb, "client_recent_max_input_buffer", maxIn);
        field(sb, "client_recent_max_output_buffer", maxOut);
        field(sb, "blocked_clients", engine.blockedClients());
        field(sb, "tracking_clients", 0);
        field(sb, "clients_in_timeout_table", engine.clientsInTimeoutTable());
    }

    /** Estimated memory of one client: fixed overhead plus its buffers (CLIENT LIST tot-mem). */
    static long clientMemory(Client c) {
        long m = CLIENT_OVERHEAD_BYTES + c.reply().pendingCapacity();
        Connection conn = c.connection();
        if (conn != null) {
            m += conn.queryBufferBytes() + conn.pendingOutputBytes();
        }
        byte[][] argv = c.currentArgv();
        if (argv != null) {
            for (byte[] a : argv) {
                m += a.length;
            }
        }
        return m;
    }

    /** used_memory as INFO reports it: the baseline, the clients and the keyspace estimate. */
    public static long usedMemory(Engine engine) {
        long m = STARTUP_BYTES + engine.keyspace().memoryUsage();
        for (Client c : engine.clients()) {
            m += clientMemory(c);
        }
        return m;
    }

    private void memory(StringBuilder sb) {
        long dataset = engine.keyspace().memoryUsage();
        long clientsNormal = 0;
        long clientsReplicas = 0;
        for (Client c : engine.clients()) {
            if (c.has(Client.REPLICA)) {
                clientsReplicas += clientMemory(c);
            } else {
                clientsNormal += clientMemory(c);
            }
        }
        long overhead = STARTUP_BYTES + clientsNormal + clientsReplicas;
        long used = overhead + dataset;
        if (used > peakMemory) {
            peakMemory = used;
        }
        Runtime rt = Runtime.getRuntime();
        long heapCommitted = rt.totalMemory();
        long heapUsed = heapCommitted - rt.freeMemory();
        long rss = residentSetSize(heapCommitted);
        long totalSystem = totalSystemMemory();
        long maxmemory = engine.settings().maxmemory();
        double netDataset = used - STARTUP_BYTES;
        field(sb, "used_memory", used);
        field(sb, "used_memory_human", human(used));
        field(sb, "used_memory_rss", rss);
        field(sb, "used_memory_rss_human", human(rss));
        field(sb, "used_memory_peak", peakMemory);
        field(sb, "used_memory_peak_human", human(peakMemory));
        field(sb, "used_memory_peak_perc", f2(peakMemory == 0 ? 0 : used * 100.0 / peakMemory) + "%");
        field(sb, "used_memory_overhead", overhead);
        field(sb, "used_memory_startup", STARTUP_BYTES);
        field(sb, "used_memory_dataset", dataset);
        field(sb, "used_memory_dataset_perc", f2(netDataset <= 0 ? 0 : dataset * 100.0 / netDataset) + "%");
        field(sb, "allocator_allocated", heapUsed);
        field(sb, "allocator_active", heapCommitted);
        field(sb, "allocator_resident", rss);
        field(sb, "total_system_memory", totalSystem);
        field(sb, "total_system_memory_human", human(totalSystem));
        field(sb, "used_memory_lua", 0);
        field(sb, "used_memory_vm_eval", 0);
        field(sb, "used_memory_lua_human", human(0));
        field(sb, "used_memory_scripts_eval", 0);
        field(sb, "number_of_cached_scripts", 0);
        field(sb, "number_of_functions", 0);
        field(sb, "number_of_libraries", 0);
        field(sb, "used_memory_vm_functions", 0);
        field(sb, "used_memory_vm_total", 0);
        field(sb, "used_memory_vm_total_human", human(0));
        field(sb, "used_memory_functions", 0);
        field(sb, "used_memory_scripts", 0);
        field(sb, "used_memory_scripts_human", human(0));
        field(sb, "maxmemory", maxmemory);
        field(sb, "maxmemory_human", human(maxmemory));
        field(sb, "maxmemory_policy", conf("maxmemory-policy", "noeviction"));
        field(sb, "allocator_frag_ratio", f2(ratio(heapCommitted, heapUsed)));
        field(sb, "allocator_frag_bytes", heapCommitted - heapUsed);
        field(sb, "allocator_rss_ratio", f2(ratio(rss, heapCommitted)));
        field(sb, "allocator_rss_bytes", rss - heapCommitted);
        field(sb, "rss_overhead_ratio", f2(1.0));
        field(sb, "rss_overhead_bytes", 0);
        field(sb, "mem_fragmentation_ratio", f2(ratio(rss, used)));
        field(sb, "mem_fragmentation_bytes", rss - used);
        field(sb, "mem_not_counted_for_evict", 0);
        field(sb, "mem_replication_backlog", 0);
        field(sb, "mem_total_replication_buffers", 0);
        field(sb, "mem_clients_slaves", clientsReplicas);
        field(sb, "mem_clients_normal", clientsNormal);
        field(sb, "mem_cluster_links", 0);
        field(sb, "mem_aof_buffer", 0);
        field(sb, "mem_allocator", "jvm-" + Runtime.version().feature());
        field(sb, "active_defrag_running", 0);
        field(sb, "lazyfree_pending_objects", 0);
        field(sb, "lazyfreed_objects", 0);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    /** Resident set size from /proc/self/statm (pages), or {@code fallback}. */
    static long residentSetSize(long fallback) {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    private static long totalSystemMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Runtime.getRuntime().maxMemory();
    }

    private void persistence(StringBuilder sb) {
        io.vigil.persistence.RdbPersistence p = engine.persistence();
        io.vigil.persistence.BackgroundSnapshot snap = p == null ? null : p.currentSnapshot();
        field(sb, "loading", engine.loading() || p != null && p.loading() ? 1 : 0);
        field(sb, "async_loading", 0);
        // Vigil's "copy on write" is the captured data of a running snapshot waiting to be written.
        field(sb, "current_cow_peak", snap == null ? 0 : snap.peakCowBytes());
        field(sb, "current_cow_size", snap == null ? 0 : snap.cowBytes());
        field(sb, "current_cow_size_age", 0);
        field(sb, "current_fork_perc", snap == null || snap.keysTotal() == 0 ? "0.00"
                : String.format(java.util.Locale.ROOT, "%.2f", 100.0 * snap.keysProcessed() / snap.keysTotal()));
        field(sb, "current_save_keys_processed", snap == null ? 0 : snap.keysProcessed());
        field(sb, "current_save_keys_total", snap == null ? 0 : snap.keysTotal());
        field(sb, "rdb_changes_since_last_save", engine.dirty());
        field(sb, "rdb_bgsave_in_progress", p != null && p.bgsaveInProgress() ? 1 : 0);
        field(sb, "rdb_last_save_time", (p == null ? engine.lastSaveMillis() : p.lastSaveMillis()) / 1000);
        field(sb, "rdb_last_bgsave_status", p == null || p.lastBgsaveOk() ? "ok" : "err");
        field(sb, "rdb_last_bgsave_time_sec", p == null ? -1 : p.lastBgsaveSeconds());
        field(sb, "rdb_current_bgsave_time_sec", p == null ? -1 : p.currentBgsaveSeconds());
        field(sb, "rdb_saves", p == null ? 0 : p.saves());
        field(sb, "rdb_last_cow_size", p == null ? 0 : p.lastCowBytes());
        field(sb, "rdb_last_load_keys_expired", p == null ? 0 : p.lastLoadKeysExpired());
        field(sb, "rdb_last_load_keys_loaded", p == null ? 0 : p.lastLoadKeysLoaded());
        // --- AOF (owned by io.vigil.persistence.aof): aof_* and module_fork_* fields, Info.aofOff when no AOF layer
        engine.aofInfo().accept(sb);
        // --- end AOF
    }

    /** The aof_* and module_fork_* fields of a server with no AOF layer attached (AOF off, never rewritten). */
    static void aofOff(StringBuilder sb) {
        field(sb, "aof_enabled", 0);
        field(sb, "aof_rewrite_in_progress", 0);
        field(sb, "aof_rewrite_scheduled", 0);
        field(sb, "aof_last_rewrite_time_sec", -1);
        field(sb, "aof_current_rewrite_time_sec", -1);
        field(sb, "aof_last_bgrewrite_status", "ok");
        field(sb, "aof_rewrites", 0);
        field(sb, "aof_rewrites_consecutive_failures", 0);
        field(sb, "aof_last_write_status", "ok");
        field(sb, "aof_last_cow_size", 0);
        field(sb, "module_fork_in_progress", 0);
        field(sb, "module_fork_last_cow_size", 0);
    }

    private void stats(StringBuilder sb) {
        Stats s = engine.stats();
        PubSub ps = engine.pubsub();
        field(sb, "total_connections_received", s.connectionsReceived);
        field(sb, "total_commands_processed", s.commandsProcessed);
        field(sb, "instantaneous_ops_per_sec", s.instantaneousOps());
        field(sb, "total_net_input_bytes", s.netInputBytes);
        field(sb, "total_net_output_bytes", s.netOutputBytes);
        field(sb, "total_net_repl_input_bytes", 0);
        field(sb, "total_net_repl_output_bytes", 0);
        field(sb, "instantaneous_input_kbps", "0.00");
        field(sb, "instantaneous_output_kbps", "0.00");
        field(sb, "instantaneous_input_repl_kbps", "0.00");
        field(sb, "instantaneous_output_repl_kbps", "0.00");
        field(sb, "rejected_connections", s.rejectedConnections);
        field(sb, "sync_full", s.syncFull);
        field(sb, "sync_partial_ok", s.syncPartialOk);
        field(sb, "sync_partial_err", s.syncPartialErr);
        field(sb, "expired_keys", s.expiredKeys);
        field(sb, "expired_stale_perc", "0.00");
        field(sb, "expired_time_cap_reached_count", 0);
        field(sb, "expire_cycle_cpu_milliseconds", 0);
        field(sb, "evicted_keys", s.evictedKeys);
        field(sb, "evicted_clients", 0);
        field(sb, "total_eviction_exceeded_time", 0);
        field(sb, "current_eviction_exceeded_time", 0);
        field(sb, "keyspace_hits", s.keyspaceHits);
        field(sb, "keyspace_misses", s.keyspaceMisses);
        field(sb, "pubsub_channels", ps.channelCount());
        field(sb, "pubsub_patterns", ps.patternCount());
        field(sb, "pubsubshard_channels", ps.shardChannelCount());
        field(sb, "latest_fork_usec", 0);
        field(sb, "total_forks", 0);
        field(sb, "migrate_cached_sockets", 0);
        field(sb, "slave_expires_tracked_keys", 0);
        field(sb, "active_defrag_hits", 0);
        field(sb, "active_defrag_misses", 0);
        field(sb, "active_defrag_key_hits", 0);
        field(sb, "active_defrag_key_misses", 0);
        field(sb, "total_active_defrag_time", 0);
        field(sb, "current_active_defrag_time", 0);
        field(sb, "tracking_total_keys", 0);
        field(sb, "tracking_total_items", 0);
        field(sb, "tracking_total_prefixes", 0);
        field(sb, "unexpected_error_replies", 0);
        field(sb, "total_error_replies", s.errorReplies);
        field(sb, "dump_payload_sanitizations", 0);
        field(sb, "total_reads_processed", s.readsProcessed);
        field(sb, "total_writes_processed", s.writesProcessed);
        field(sb, "io_threaded_reads_processed", 0);
        field(sb, "io_threaded_writes_processed", 0);
        field(sb, "reply_buffer_shrinks", 0);
        field(sb, "reply_buffer_expands", 0);
    }

    /** A master without replicas; the replication layer replaces this section. */
    private void replication(StringBuilder sb) {
        field(sb, "role", "master");
        field(sb, "connected_slaves", 0);
        field(sb, "master_failover_state", "no-failover");
        field(sb, "master_replid", replId);
        field(sb, "master_replid2", "0000000000000000000000000000000000000000");
        field(sb, "master_repl_offset", 0);
        field(sb, "second_repl_offset", -1);
        field(sb, "repl_backlog_active", 0);
        field(sb, "repl_backlog_size", Long.parseLong(conf("repl-backlog-size", "1048576")));
        field(sb, "repl_backlog_first_byte_offset", 0);
        field(sb, "repl_backlog_histlen", 0);
    }

    private void cpu(StringBuilder sb) {
        long[] ticks = procStatTimes();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long mainCpu = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
        long mainUser = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadUserTime() : 0;
        field(sb, "used_cpu_sys", seconds(ticks[1] * 10_000_000L));
        field(sb, "used_cpu_user", seconds(ticks[0] * 10_000_000L));
        field(sb, "used_cpu_sys_children", seconds(ticks[3] * 10_000_000L));
        field(sb, "used_cpu_user_children", seconds(ticks[2] * 10_000_000L));
        field(sb, "used_cpu_sys_main_thread", seconds(Math.max(0, mainCpu - mainUser)));
        field(sb, "used_cpu_user_main_thread", seconds(mainUser));
    }

    /** {@code seconds.micros} ({@code %ld.%06ld}) from nanoseconds. */
    static String seconds(long nanos) {
        long micros = nanos / 1000;
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /** utime, stime, cutime, cstime of this process in clock ticks (1/100 s), zeros when unknown. */
    private static long[] procStatTimes() {
        long[] out = new long[4];
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // after "pid (comm) ": state is field 3, utime field 14 -> index 11 here
            for (int i = 0; i < 4; i++) {
                out[i] = Long.parseLong(f[11 + i]);
            }
        } catch (IOException | RuntimeException e) {
            out[0] = processCpuNanos() / 10_000_000L;
        }
        return out;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private void commandstats(StringBuilder sb) {
        for (CommandSpec top : engine.commands().all()) {
            commandstat(sb, top);
            for (CommandSpec sub : top.subcommands().values()) {
                commandstat(sb, sub);
            }
        }
    }

    private static void commandstat(StringBuilder sb, CommandSpec c) {
        if (c.calls() == 0 && c.failedCalls() == 0 && c.rejectedCalls() == 0) {
            return;
        }
        sb.append("cmdstat_").append(c.name()).append(":calls=").append(c.calls())
                .append(",usec=").append(c.usec())
                .append(",usec_per_call=").append(f2(c.calls() == 0 ? 0 : (double) c.usec() / c.calls()))
                .append(",rejected_calls=").append(c.rejectedCalls())
                .append(",failed_calls=").append(c.failedCalls()).append("\r\n");
    }

    private void errorstats(StringBuilder sb) {
        for (Map.Entry<String, Long> e : engine.stats().errorsByCode.entrySet()) {
            sb.append("errorstat_").append(e.getKey()).append(":count=").append(e.getValue()).append("\r\n");
        }
    }

    private void keyspace(StringBuilder sb) {
        Keyspace ks = engine.keyspace();
        for (int i = 0; i < ks.count(); i++) {
            Database db = ks.db(i);
            long keys = db.size();
            if (keys == 0) {
                continue;
            }
            sb.append("db").append(i).append(":keys=").append(keys).append(",expires=").append(db.volatileSize())
                    .append(",avg_ttl=").append(db.avgTtl()).append("\r\n");
        }
    }

    /** The section names INFO knows, in order (for tests and COMMAND DOCS). */
    static List<String> sectionNames(Engine engine) {
        return List.copyOf(engine.infoSections().keySet());
    }
}
