package io.vigil.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Metric families built from one INFO text per scrape, named as redis_exporter names them. Fields missing from
 * the INFO text (a sentinel has no keyspace, a master no master_link_status) produce no sample.
 */
public final class InfoMetrics implements MultiCollector {

    /** INFO field → gauge name (redis_exporter's), help. */
    private static final String[][] GAUGES = {
        {"uptime_in_seconds", "redis_uptime_in_seconds", "Seconds since the server started"},
        {"connected_clients", "redis_connected_clients", "Client connections"},
        {"blocked_clients", "redis_blocked_clients", "Clients blocked on a command"},
        {"maxclients", "redis_config_maxclients", "maxclients"},
        {"used_memory", "redis_memory_used_bytes", "Memory used by the dataset and the server's structures"},
        {"used_memory_rss", "redis_memory_used_rss_bytes", "Resident set size of the process"},
        {"used_memory_peak", "redis_memory_used_peak_bytes", "Peak of used_memory"},
        {"maxmemory", "redis_memory_max_bytes", "maxmemory (0 = no limit)"},
        {"loading", "redis_loading_dump_file", "1 while a dump is being loaded"},
        {"rdb_changes_since_last_save", "redis_rdb_changes_since_last_save", "Changes since the last save"},
        {"rdb_bgsave_in_progress", "redis_rdb_bgsave_in_progress", "1 while BGSAVE runs"},
        {"rdb_last_save_time", "redis_rdb_last_save_timestamp_seconds", "Unix time of the last successful save"},
        {"aof_enabled", "redis_aof_enabled", "1 when appendonly is on"},
        {"aof_rewrite_in_progress", "redis_aof_rewrite_in_progress", "1 while the AOF is rewritten"},
        {"connected_slaves", "redis_connected_slaves", "Replicas connected to this master"},
        {"master_repl_offset", "redis_master_repl_offset", "Replication offset of this server"},
        {"slave_repl_offset", "redis_slave_repl_offset", "Offset this replica has processed"},
        {"master_last_io_seconds_ago", "redis_master_last_io_seconds_ago", "Seconds since the master was last heard"},
        {"master_sync_in_progress", "redis_master_sync_in_progress", "1 while a replica syncs from its master"},
        {"repl_backlog_size", "redis_replication_backlog_bytes", "Size of the replication backlog"},
        {"pubsub_channels", "redis_pubsub_channels", "Channels with subscribers"},
        {"pubsub_patterns", "redis_pubsub_patterns", "Patterns with subscribers"},
        {"sentinel_masters", "redis_sentinel_masters", "Masters this sentinel monitors"},
        {"sentinel_tilt", "redis_sentinel_tilt", "1 while the sentinel is in TILT mode"},
        {"sentinel_running_scripts", "redis_sentinel_running_scripts", "Scripts running"},
        {"sentinel_scripts_queue_length", "redis_sentinel_scripts_queue_length", "Scripts waiting to run"},
        {"sentinel_simulate_failure_flags", "redis_sentinel_simulate_failure_flags", "SENTINEL SIMULATE-FAILURE flags"},
        {"sentinel_current_epoch", "vigil_sentinel_current_epoch", "The sentinel's current epoch"},
    };

    /** INFO field → counter name (without _total), help. */
    private static final String[][] COUNTERS = {
        {"total_commands_processed", "redis_commands_processed", "Commands processed"},
        {"total_connections_received", "redis_connections_received", "Connections accepted"},
        {"rejected_connections", "redis_rejected_connections", "Connections refused (maxclients)"},
        {"total_net_input_bytes", "redis_net_input_bytes", "Bytes read from the network"},
        {"total_net_output_bytes", "redis_net_output_bytes", "Bytes written to the network"},
        {"expired_keys", "redis_expired_keys", "Keys deleted because their TTL passed"},
        {"evicted_keys", "redis_evicted_keys", "Keys evicted under maxmemory"},
        {"keyspace_hits", "redis_keyspace_hits", "Successful key lookups"},
        {"keyspace_misses", "redis_keyspace_misses", "Failed key lookups"},
        {"sync_full", "redis_replica_resyncs_full", "Full resynchronizations served"},
        {"sync_partial_ok", "redis_replica_partial_resync_accepted", "Partial resynchronizations accepted"},
        {"sync_partial_err", "redis_replica_partial_resync_denied", "Partial resynchronizations denied"},
        {"used_cpu_sys", "redis_cpu_sys_seconds", "System CPU time"},
        {"used_cpu_user", "redis_cpu_user_seconds", "User CPU time"},
        {"sentinel_failovers", "vigil_sentinel_failovers", "Failovers this sentinel led"},
    };

    private final Supplier<String> info;

    /**
     * @param info returns the text of {@code INFO all} (sentinel: {@code INFO}), or throws when the server cannot
     *             answer (then only {@code redis_up 0} is exposed)
     */
    public InfoMetrics(Supplier<String> info) {
        this.info = info;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, String> f;
        try {
            f = parse(info.get());
        } catch (RuntimeException e) {
            return MetricSnapshots.of(gauge("redis_up", "1 when the server answered INFO", Labels.EMPTY, 0));
        }
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(gauge("redis_up", "1 when the server answered INFO", Labels.EMPTY, 1));
        out.add(gauge("redis_instance_info", "Facts about the server, as labels", Labels.of(
                "role", f.getOrDefault("role", f.containsKey("sentinel_masters") ? "sentinel" : ""),
                "redis_version", f.getOrDefault("redis_version", ""),
                "redis_mode", f.getOrDefault("redis_mode", ""),
                "tcp_port", f.getOrDefault("tcp_port", ""),
                "run_id", f.getOrDefault("run_id", ""),
                "process_id", f.getOrDefault("process_id", ""),
                "vigil_version", f.getOrDefault("vigil_version", "")), 1));
        for (String[] g : GAUGES) {
            Double v = number(f.get(g[0]));
            if (v != null) {
                out.add(gauge(g[1], g[2], Labels.EMPTY, v));
            }
        }
        for (String[] c : COUNTERS) {
            Double v = number(f.get(c[0]));
            if (v != null) {
                out.add(CounterSnapshot.builder().name(c[1]).help(c[2])
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(v).build()).build());
            }
        }
        if (f.containsKey("master_link_status")) {
            out.add(gauge("redis_master_link_up", "1 when this replica's link to its master is up", Labels.EMPTY,
                    "up".equals(f.get("master_link_status")) ? 1 : 0));
        }
        replicas(f, out);
        keyspace(f, out);
        commands(f, out);
        sentinelMasters(f, out);
        return new MetricSnapshots(out);
    }

    /** {@code slaveN:ip=...,port=...,state=...,offset=...,lag=...} lines of a master. */
    private static void replicas(Map<String, String> f, List<MetricSnapshot> out) {
        GaugeSnapshot.Builder offset = GaugeSnapshot.builder().name("redis_connected_slave_offset_bytes")
                .help("Offset acknowledged by each replica");
        GaugeSnapshot.Builder lag = GaugeSnapshot.builder().name("redis_connected_slave_lag_seconds")
                .help("Seconds since each replica's last acknowledgement");
        GaugeSnapshot.Builder lag2 = GaugeSnapshot.builder().name("redis_replica_lag_seconds")
                .help("Seconds since each replica's last acknowledgement (same as redis_connected_slave_lag_seconds)");
        boolean any = false;
        for (var e : f.entrySet()) {
            if (!e.getKey().matches("slave\\d+")) {
                continue;
            }
            Map<String, String> r = fields(e.getValue());
            Labels l = Labels.of("slave_ip", r.getOrDefault("ip", ""), "slave_port", r.getOrDefault("port", ""),
                    "slave_state", r.getOrDefault("state", ""));
            Double o = number(r.get("offset"));
            Double g = number(r.get("lag"));
            if (o != null) {
                offset.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(o).build());
            }
            if (g != null) {
                lag.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(g).build());
                lag2.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(g).build());
            }
            any = true;
        }
        if (any) {
            out.add(offset.build());
            out.add(lag.build());
            out.add(lag2.build());
        }
    }

    /** {@code db0:keys=1,expires=0,avg_ttl=0} lines. */
    private static void keyspace(Map<String, String> f, List<MetricSnapshot> out) {
        GaugeSnapshot.Builder keys = GaugeSnapshot.builder().name("redis_db_keys").help("Keys per database");
        GaugeSnapshot.Builder expiring = GaugeSnapshot.builder().name("redis_db_keys_expiring").help("Keys with a TTL per database");
        GaugeSnapshot.Builder ttl = GaugeSnapshot.builder().name("redis_db_avg_ttl_seconds").help("Average TTL per database");
        boolean any = false;
        for (var e : f.entrySet()) {
            if (!e.getKey().matches("db\\d+")) {
                continue;
            }
            Map<String, String> d = fields(e.getValue());
            Labels l = Labels.of("db", e.getKey());
            keys.dataPoint(point(l, number(d.get("keys"))));
            expiring.dataPoint(point(l, number(d.get("expires"))));
            Double t = number(d.get("avg_ttl"));
            ttl.dataPoint(point(l, t == null ? null : t / 1000));
            any = true;
        }
        if (any) {
            out.add(keys.build());
            out.add(expiring.build());
            out.add(ttl.build());
        }
    }

    /** {@code cmdstat_get:calls=..,usec=..,...} and {@code errorstat_ERR:count=..} lines. */
    private static void commands(Map<String, String> f, List<MetricSnapshot> out) {
        CounterSnapshot.Builder calls = CounterSnapshot.builder().name("redis_commands").help("Calls per command");
        CounterSnapshot.Builder usec = CounterSnapshot.builder().name("redis_commands_duration_seconds")
                .help("Time spent per command");
        CounterSnapshot.Builder failed = CounterSnapshot.builder().name("redis_commands_failed_calls")
                .help("Calls that failed during execution per command");
        CounterSnapshot.Builder rejected = CounterSnapshot.builder().name("redis_commands_rejected_calls")
                .help("Calls refused before execution per command");
        CounterSnapshot.Builder errors = CounterSnapshot.builder().name("redis_errors").help("Error replies per error code");
        boolean anyCmd = false;
        boolean anyErr = false;
        for (var e : f.entrySet()) {
            if (e.getKey().startsWith("cmdstat_")) {
                Map<String, String> c = fields(e.getValue());
                Labels l = Labels.of("cmd", e.getKey().substring(8));
                calls.dataPoint(counter(l, number(c.get("calls"))));
                Double u = number(c.get("usec"));
                usec.dataPoint(counter(l, u == null ? null : u / 1e6));
                failed.dataPoint(counter(l, number(c.get("failed_calls"))));
                rejected.dataPoint(counter(l, number(c.get("rejected_calls"))));
                anyCmd = true;
            } else if (e.getKey().startsWith("errorstat_")) {
                errors.dataPoint(counter(Labels.of("err", e.getKey().substring(10)), number(fields(e.getValue()).get("count"))));
                anyErr = true;
            }
        }
        if (anyCmd) {
            out.add(calls.build());
            out.add(usec.build());
            out.add(failed.build());
            out.add(rejected.build());
        }
        if (anyErr) {
            out.add(errors.build());
        }
    }

    /** A sentinel's {@code masterN:name=..,status=ok|sdown|odown,address=..,slaves=..,sentinels=..} lines. */
    private static void sentinelMasters(Map<String, String> f, List<MetricSnapshot> out) {
        GaugeSnapshot.Builder status = GaugeSnapshot.builder().name("redis_sentinel_master_status")
                .help("1 for the master's current status (ok, sdown, odown), as a label");
        GaugeSnapshot.Builder down = GaugeSnapshot.builder().name("vigil_sentinel_master_down")
                .help("0 ok, 1 subjectively down, 2 objectively down");
        GaugeSnapshot.Builder slaves = GaugeSnapshot.builder().name("redis_sentinel_master_slaves").help("Replicas of each master");
        GaugeSnapshot.Builder sentinels = GaugeSnapshot.builder().name("redis_sentinel_master_sentinels")
                .help("Sentinels monitoring each master");
        boolean any = false;
        for (var e : f.entrySet()) {
            if (!e.getKey().matches("master\\d+")) {
                continue;
            }
            Map<String, String> m = fields(e.getValue());
            String st = m.getOrDefault("status", "");
            Labels l = Labels.of("master_name", m.getOrDefault("name", ""), "master_address", m.getOrDefault("address", ""));
            status.dataPoint(point(Labels.of("master_name", m.getOrDefault("name", ""),
                    "master_address", m.getOrDefault("address", ""), "master_status", st), 1.0));
            down.dataPoint(point(l, st.equals("odown") ? 2.0 : st.equals("sdown") ? 1.0 : 0.0));
            slaves.dataPoint(point(l, number(m.get("slaves"))));
            sentinels.dataPoint(point(l, number(m.get("sentinels"))));
            any = true;
        }
        if (any) {
            out.add(status.build());
            out.add(down.build());
            out.add(slaves.build());
            out.add(sentinels.build());
        }
    }

    private static GaugeSnapshot gauge(String name, String help, Labels labels, double v) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(v).build()).build();
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels l, Double v) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(v == null ? Double.NaN : v).build();
    }

    private static CounterSnapshot.CounterDataPointSnapshot counter(Labels l, Double v) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(v == null ? 0 : v).build();
    }

    /** INFO text → field map (later sections win on a clash, which INFO never has). */
    static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                m.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return m;
    }

    private static Map<String, String> fields(String csv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : csv.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    private static Double number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
