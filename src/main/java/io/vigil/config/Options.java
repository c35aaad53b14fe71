package io.vigil.config;

import static io.vigil.config.Option.Flag.HIDDEN;
import static io.vigil.config.Option.Flag.IMMUTABLE;
import static io.vigil.config.Option.Flag.PROTECTED;
import static io.vigil.config.Option.Flag.SENSITIVE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The option table: one constant per directive Redis 7.0 accepts in a config file or with
 * {@code CONFIG SET}/{@code CONFIG GET}, with Redis 7.0's names, aliases, types, bounds,
 * defaults and flags.
 *
 * <p>Adding an option is one line, for example
 * <pre>{@code
 * public static final Option<Integer> MY_OPTION = Option.define("my-option", integer(0, 100), 5).register();
 * }</pre>
 * Options may also be defined in other classes, as long as they are registered before the
 * {@link Config} that uses them is created.
 *
 * <p>Directives handled by {@link ConfigLoader} rather than by the table ({@code include},
 * {@code rename-command}, {@code user}, {@code loadmodule}, {@code sentinel}) are listed in
 * {@link #SPECIAL_DIRECTIVES}.
 */
public final class Options {

    private static final List<Option<?>> ALL = new ArrayList<>();
    private static final Map<String, Option<?>> BY_NAME = new HashMap<>();

    private static final int INT_MAX = Integer.MAX_VALUE;
    private static final int INT_MIN = Integer.MIN_VALUE;
    private static final long LLONG_MAX = Long.MAX_VALUE;
    private static final long UINT_MAX = 4294967295L;

    /** Config-file directives that are not options (they cannot be used with CONFIG GET/SET). */
    public static final Set<String> SPECIAL_DIRECTIVES = Set.of("include", "rename-command", "user",
            "loadmodule", "sentinel");

    /**
     * Directives Redis 7.0 still accepts (with exactly one argument) and ignores.
     */
    public static final Set<String> DEPRECATED_DIRECTIVES = Set.of("list-max-ziplist-entries",
            "list-max-ziplist-value", "lua-replicate-commands");

    private Options() {
    }

    // ------------------------------------------------------------------------ type factories

    /**
     * A {@code yes}/{@code no} type.
     *
     * @return the type
     */
    public static OptionType<Boolean> bool() {
        return new Types.BoolType();
    }

    /**
     * An integer type with inclusive bounds (strict decimal syntax).
     *
     * @param min lower bound
     * @param max upper bound
     * @return the type
     */
    public static OptionType<Integer> integer(int min, int max) {
        return new Types.IntType(min, max);
    }

    /**
     * A 64-bit integer type with inclusive bounds.
     *
     * @param min lower bound
     * @param max upper bound
     * @return the type
     */
    public static OptionType<Long> longInteger(long min, long max) {
        return new Types.LongType(min, max);
    }

    /**
     * A byte-count type accepting units ({@code 1k}=1000, {@code 1kb}=1024, m, mb, g, gb).
     *
     * @param min lower bound
     * @param max upper bound
     * @return the type
     */
    public static OptionType<Long> memory(long min, long max) {
        return new Types.MemoryType(min, max, false);
    }

    /**
     * An unsigned 64-bit byte-count type (the {@code long} holds the unsigned bit pattern).
     *
     * @return the type
     */
    public static OptionType<Long> unsignedMemory() {
        return new Types.MemoryType(0, -1L, true);
    }

    /**
     * An enumeration whose value is one of {@code names} (stored in lower case).
     *
     * @param names the accepted names, in the order the error message lists them
     * @return the type
     */
    public static OptionType<String> enumeration(String... names) {
        int[] values = new int[names.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        return new Types.EnumType(List.of(names), values);
    }

    /**
     * A free string, written quoted by CONFIG REWRITE.
     *
     * @return the type
     */
    public static OptionType<String> string() {
        return new Types.StringType(false, null);
    }

    /**
     * A free string where the empty string means "unset" (CONFIG REWRITE then removes it).
     *
     * @return the type
     */
    public static OptionType<String> nullableString() {
        return new Types.StringType(true, null);
    }

    // --------------------------------------------------------------------------- registry

    static synchronized <T> Option<T> register(IntFunction<Option<T>> factory) {
        Option<T> o = factory.apply(ALL.size());
        for (String n : names(o)) {
            if (BY_NAME.containsKey(n) || SPECIAL_DIRECTIVES.contains(n)) {
                throw new IllegalStateException("duplicate option name " + n);
            }
        }
        for (String n : names(o)) {
            BY_NAME.put(n, o);
        }
        ALL.add(o);
        return o;
    }

    private static List<String> names(Option<?> o) {
        List<String> n = new ArrayList<>();
        n.add(o.name());
        n.addAll(o.aliases());
        return n;
    }

    /**
     * All registered options, in table order.
     *
     * @return an unmodifiable snapshot
     */
    public static synchronized List<Option<?>> all() {
        return Collections.unmodifiableList(new ArrayList<>(ALL));
    }

    /**
     * Looks an option up by canonical name or alias, case-insensitively.
     *
     * @param name the name
     * @return the option, or null
     */
    public static synchronized Option<?> byName(String name) {
        return BY_NAME.get(Types.lowerAscii(name));
    }

    static synchronized int count() {
        return ALL.size();
    }

    // ------------------------------------------------------------------------------ table
    // Order: roughly Redis 7.0's table; CONFIG GET and CONFIG REWRITE append in this order.

    // --- booleans
    /** {@code rdbchecksum}. */
    public static final Option<Boolean> RDBCHECKSUM = Option.define("rdbchecksum", bool(), true).flags(IMMUTABLE).register();
    /** {@code daemonize}. */
    public static final Option<Boolean> DAEMONIZE = Option.define("daemonize", bool(), false).flags(IMMUTABLE).register();
    /** {@code io-threads-do-reads}. */
    public static final Option<Boolean> IO_THREADS_DO_READS = Option.define("io-threads-do-reads", bool(), false).flags(IMMUTABLE).register();
    /** {@code always-show-logo}. */
    public static final Option<Boolean> ALWAYS_SHOW_LOGO = Option.define("always-show-logo", bool(), false).flags(IMMUTABLE).register();
    /** {@code protected-mode}. */
    public static final Option<Boolean> PROTECTED_MODE = Option.define("protected-mode", bool(), true).register();
    /** {@code rdbcompression}. */
    public static final Option<Boolean> RDBCOMPRESSION = Option.define("rdbcompression", bool(), true).register();
    /** {@code rdb-del-sync-files}. */
    public static final Option<Boolean> RDB_DEL_SYNC_FILES = Option.define("rdb-del-sync-files", bool(), false).register();
    /** {@code activerehashing}. */
    public static final Option<Boolean> ACTIVEREHASHING = Option.define("activerehashing", bool(), true).register();
    /** {@code stop-writes-on-bgsave-error}. */
    public static final Option<Boolean> STOP_WRITES_ON_BGSAVE_ERROR = Option.define("stop-writes-on-bgsave-error", bool(), true).register();
    /** {@code set-proc-title}. */
    public static final Option<Boolean> SET_PROC_TITLE = Option.define("set-proc-title", bool(), true).flags(IMMUTABLE).register();
    /** {@code dynamic-hz}. */
    public static final Option<Boolean> DYNAMIC_HZ = Option.define("dynamic-hz", bool(), true).register();
    /** {@code lazyfree-lazy-eviction}. */
    public static final Option<Boolean> LAZYFREE_LAZY_EVICTION = Option.define("lazyfree-lazy-eviction", bool(), false).register();
    /** {@code lazyfree-lazy-expire}. */
    public static final Option<Boolean> LAZYFREE_LAZY_EXPIRE = Option.define("lazyfree-lazy-expire", bool(), false).register();
    /** {@code lazyfree-lazy-server-del}. */
    public static final Option<Boolean> LAZYFREE_LAZY_SERVER_DEL = Option.define("lazyfree-lazy-server-del", bool(), false).register();
    /** {@code lazyfree-lazy-user-del}. */
    public static final Option<Boolean> LAZYFREE_LAZY_USER_DEL = Option.define("lazyfree-lazy-user-del", bool(), false).register();
    /** {@code lazyfree-lazy-user-flush}. */
    public static final Option<Boolean> LAZYFREE_LAZY_USER_FLUSH = Option.define("lazyfree-lazy-user-flush", bool(), false).register();
    /** {@code repl-disable-tcp-nodelay}. */
    public static final Option<Boolean> REPL_DISABLE_TCP_NODELAY = Option.define("repl-disable-tcp-nodelay", bool(), false).register();
    /** {@code repl-diskless-sync}. */
    public static final Option<Boolean> REPL_DISKLESS_SYNC = Option.define("repl-diskless-sync", bool(), true).register();
    /** {@code aof-rewrite-incremental-fsync}. */
    public static final Option<Boolean> AOF_REWRITE_INCREMENTAL_FSYNC = Option.define("aof-rewrite-incremental-fsync", bool(), true).register();
    /** {@code no-appendfsync-on-rewrite}. */
    public static final Option<Boolean> NO_APPENDFSYNC_ON_REWRITE = Option.define("no-appendfsync-on-rewrite", bool(), false).register();
    /** {@code cluster-require-full-coverage}. */
    public static final Option<Boolean> CLUSTER_REQUIRE_FULL_COVERAGE = Option.define("cluster-require-full-coverage", bool(), true).register();
    /** {@code rdb-save-incremental-fsync}. */
    public static final Option<Boolean> RDB_SAVE_INCREMENTAL_FSYNC = Option.define("rdb-save-incremental-fsync", bool(), true).register();
    /** {@code aof-load-truncated}. */
    public static final Option<Boolean> AOF_LOAD_TRUNCATED = Option.define("aof-load-truncated", bool(), true).register();
    /** {@code aof-use-rdb-preamble}. */
    public static final Option<Boolean> AOF_USE_RDB_PREAMBLE = Option.define("aof-use-rdb-preamble", bool(), true).register();
    /** {@code aof-timestamp-enabled}. */
    public static final Option<Boolean> AOF_TIMESTAMP_ENABLED = Option.define("aof-timestamp-enabled", bool(), false).register();
    /** {@code cluster-replica-no-failover} (alias {@code cluster-slave-no-failover}). */
    public static final Option<Boolean> CLUSTER_REPLICA_NO_FAILOVER = Option.define("cluster-replica-no-failover", bool(), false).alias("cluster-slave-no-failover").register();
    /** {@code replica-lazy-flush} (alias {@code slave-lazy-flush}). */
    public static final Option<Boolean> REPLICA_LAZY_FLUSH = Option.define("replica-lazy-flush", bool(), false).alias("slave-lazy-flush").register();
    /** {@code replica-serve-stale-data} (alias {@code slave-serve-stale-data}). */
    public static final Option<Boolean> REPLICA_SERVE_STALE_DATA = Option.define("replica-serve-stale-data", bool(), true).alias("slave-serve-stale-data").register();
    /** {@code replica-read-only} (alias {@code slave-read-only}). */
    public static final Option<Boolean> REPLICA_READ_ONLY = Option.define("replica-read-only", bool(), true).alias("slave-read-only").register();
    /** {@code replica-ignore-maxmemory} (alias {@code slave-ignore-maxmemory}). */
    public static final Option<Boolean> REPLICA_IGNORE_MAXMEMORY = Option.define("replica-ignore-maxmemory", bool(), true).alias("slave-ignore-maxmemory").register();
    /** {@code jemalloc-bg-thread}. */
    public static final Option<Boolean> JEMALLOC_BG_THREAD = Option.define("jemalloc-bg-thread", bool(), true).register();
    /** {@code activedefrag}. */
    public static final Option<Boolean> ACTIVEDEFRAG = Option.define("activedefrag", bool(), false).register();
    /** {@code syslog-enabled}. */
    public static final Option<Boolean> SYSLOG_ENABLED = Option.define("syslog-enabled", bool(), false).flags(IMMUTABLE).register();
    /** {@code cluster-enabled}. */
    public static final Option<Boolean> CLUSTER_ENABLED = Option.define("cluster-enabled", bool(), false).flags(IMMUTABLE).register();
    /** {@code appendonly}. */
    public static final Option<Boolean> APPENDONLY = Option.define("appendonly", bool(), false).register();
    /** {@code cluster-allow-reads-when-down}. */
    public static final Option<Boolean> CLUSTER_ALLOW_READS_WHEN_DOWN = Option.define("cluster-allow-reads-when-down", bool(), false).register();
    /** {@code cluster-allow-pubsubshard-when-down}. */
    public static final Option<Boolean> CLUSTER_ALLOW_PUBSUBSHARD_WHEN_DOWN = Option.define("cluster-allow-pubsubshard-when-down", bool(), true).register();
    /** {@code crash-log-enabled}. */
    public static final Option<Boolean> CRASH_LOG_ENABLED = Option.define("crash-log-enabled", bool(), true).register();
    /** {@code crash-memcheck-enabled}. */
    public static final Option<Boolean> CRASH_MEMCHECK_ENABLED = Option.define("crash-memcheck-enabled", bool(), true).register();
    /** {@code use-exit-on-panic} (hidden). */
    public static final Option<Boolean> USE_EXIT_ON_PANIC = Option.define("use-exit-on-panic", bool(), false).flags(HIDDEN).register();
    /** {@code disable-thp}. */
    public static final Option<Boolean> DISABLE_THP = Option.define("disable-thp", bool(), true).flags(IMMUTABLE).register();
    /** {@code cluster-allow-replica-migration}. */
    public static final Option<Boolean> CLUSTER_ALLOW_REPLICA_MIGRATION = Option.define("cluster-allow-replica-migration", bool(), true).register();
    /** {@code replica-announced}. */
    public static final Option<Boolean> REPLICA_ANNOUNCED = Option.define("replica-announced", bool(), true).register();
    /** {@code latency-tracking}. */
    public static final Option<Boolean> LATENCY_TRACKING = Option.define("latency-tracking", bool(), true).register();
    /** {@code aof-disable-auto-gc}. */
    public static final Option<Boolean> AOF_DISABLE_AUTO_GC = Option.define("aof-disable-auto-gc", bool(), false).register();
    /** {@code replica-ignore-disk-write-errors}. */
    public static final Option<Boolean> REPLICA_IGNORE_DISK_WRITE_ERRORS = Option.define("replica-ignore-disk-write-errors", bool(), false).register();
    /** {@code tls-cluster}. */
    public static final Option<Boolean> TLS_CLUSTER = Option.define("tls-cluster", bool(), false).register();
    /** {@code tls-replication}. */
    public static final Option<Boolean> TLS_REPLICATION = Option.define("tls-replication", bool(), false).register();
    /** {@code tls-prefer-server-ciphers}. */
    public static final Option<Boolean> TLS_PREFER_SERVER_CIPHERS = Option.define("tls-prefer-server-ciphers", bool(), false).register();
    /** {@code tls-session-caching}. */
    public static final Option<Boolean> TLS_SESSION_CACHING = Option.define("tls-session-caching", bool(), true).register();

    // --- strings
    /** {@code aclfile}. */
    public static final Option<String> ACLFILE = Option.define("aclfile", string(), "").flags(IMMUTABLE).register();
    /** {@code unixsocket}. */
    public static final Option<String> UNIXSOCKET = Option.define("unixsocket", nullableString(), "").flags(IMMUTABLE).register();
    /** {@code pidfile}. */
    public static final Option<String> PIDFILE = Option.define("pidfile", nullableString(), "").flags(IMMUTABLE).register();
    /** {@code replica-announce-ip} (alias {@code slave-announce-ip}). */
    public static final Option<String> REPLICA_ANNOUNCE_IP = Option.define("replica-announce-ip", nullableString(), "").alias("slave-announce-ip").register();
    /** {@code masteruser}. */
    public static final Option<String> MASTERUSER = Option.define("masteruser", nullableString(), "").register();
    /** {@code cluster-announce-ip}. */
    public static final Option<String> CLUSTER_ANNOUNCE_IP = Option.define("cluster-announce-ip", nullableString(), "").register();
    /** {@code cluster-config-file}. */
    public static final Option<String> CLUSTER_CONFIG_FILE = Option.define("cluster-config-file", string(), "nodes.conf").flags(IMMUTABLE).register();
    /** {@code cluster-announce-hostname}. */
    public static final Option<String> CLUSTER_ANNOUNCE_HOSTNAME = Option.define("cluster-announce-hostname", new Types.StringType(true, Types::hostnameCheck), "").register();
    /** {@code syslog-ident}. */
    public static final Option<String> SYSLOG_IDENT = Option.define("syslog-ident", string(), "redis").flags(IMMUTABLE).register();
    /** {@code dbfilename}. */
    public static final Option<String> DBFILENAME = Option.define("dbfilename", new Types.StringType(false, v -> Types.baseNameCheck(v, "dbfilename", true, "dbfilename can't be a path, just a filename")), "dump.rdb").flags(PROTECTED).register();
    /** {@code appendfilename}. */
    public static final Option<String> APPENDFILENAME = Option.define("appendfilename", new Types.StringType(false, v -> Types.baseNameCheck(v, "appendfilename", false, "appendfilename can't be a path, just a filename")), "appendonly.aof").flags(IMMUTABLE).register();
    /** {@code appenddirname}. */
    public static final Option<String> APPENDDIRNAME = Option.define("appenddirname", new Types.StringType(false, v -> Types.baseNameCheck(v, "appenddirname", false, "appenddirname can't be a path, just a dirname")), "appendonlydir").flags(IMMUTABLE).register();
    /** {@code server_cpulist}. */
    public static final Option<String> SERVER_CPULIST = Option.define("server_cpulist", nullableString(), "").flags(IMMUTABLE).register();
    /** {@code bio_cpulist}. */
    public static final Option<String> BIO_CPULIST = Option.define("bio_cpulist", nullableString(), "").flags(IMMUTABLE).register();
    /** {@code aof_rewrite_cpulist}. */
    public static final Option<String> AOF_REWRITE_CPULIST = Option.define("aof_rewrite_cpulist", nullableString(), "").flags(IMMUTABLE).register();
    /** {@code bgsave_cpulist}. */
    public static final Option<String> BGSAVE_CPULIST = Option.define("bgsave_cpulist", nullableString(), "").flags(IMMUTABLE).register();
    /** {@code ignore-warnings}. */
    public static final Option<String> IGNORE_WARNINGS = Option.define("ignore-warnings", string(), "").register();
    /** {@code proc-title-template}. */
    public static final Option<String> PROC_TITLE_TEMPLATE = Option.define("proc-title-template", new Types.StringType(false, Types::procTitleCheck), "{title} {listen-addr} {server-mode}").register();
    /** {@code bind-source-addr}. */
    public static final Option<String> BIND_SOURCE_ADDR = Option.define("bind-source-addr", nullableString(), "").register();
    /** {@code logfile}. */
    public static final Option<String> LOGFILE = Option.define("logfile", string(), "").flags(IMMUTABLE).register();
    /** {@code masterauth}. */
    public static final Option<String> MASTERAUTH = Option.define("masterauth", nullableString(), "").flags(SENSITIVE).register();
    /** {@code requirepass}: the default user's password ({@code ""} for none). */
    public static final Option<String> REQUIREPASS = Option.define("requirepass", nullableString(), "").flags(SENSITIVE).register();
    /** {@code tls-cert-file}. */
    public static final Option<String> TLS_CERT_FILE = Option.define("tls-cert-file", nullableString(), "").register();
    /** {@code tls-key-file}. */
    public static final Option<String> TLS_KEY_FILE = Option.define("tls-key-file", nullableString(), "").register();
    /** {@code tls-key-file-pass}. */
    public static final Option<String> TLS_KEY_FILE_PASS = Option.define("tls-key-file-pass", nullableString(), "").flags(SENSITIVE).register();
    /** {@code tls-client-cert-file}. */
    public static final Option<String> TLS_CLIENT_CERT_FILE = Option.define("tls-client-cert-file", nullableString(), "").register();
    /** {@code tls-client-key-file}. */
    public static final Option<String> TLS_CLIENT_KEY_FILE = Option.define("tls-client-key-file", nullableString(), "").register();
    /** {@code tls-client-key-file-pass}. */
    public static final Option<String> TLS_CLIENT_KEY_FILE_PASS = Option.define("tls-client-key-file-pass", nullableString(), "").flags(SENSITIVE).register();
    /** {@code tls-dh-params-file}. */
    public static final Option<String> TLS_DH_PARAMS_FILE = Option.define("tls-dh-params-file", nullableString(), "").register();
    /** {@code tls-ca-cert-file}. */
    public static final Option<String> TLS_CA_CERT_FILE = Option.define("tls-ca-cert-file", nullableString(), "").register();
    /** {@code tls-ca-cert-dir}. */
    public static final Option<String> TLS_CA_CERT_DIR = Option.define("tls-ca-cert-dir", nullableString(), "").register();
    /** {@code tls-protocols}. */
    public static final Option<String> TLS_PROTOCOLS = Option.define("tls-protocols", nullableString(), "").register();
    /** {@code tls-ciphers}. */
    public static final Option<String> TLS_CIPHERS = Option.define("tls-ciphers", nullableString(), "").register();
    /** {@code tls-ciphersuites}. */
    public static final Option<String> TLS_CIPHERSUITES = Option.define("tls-ciphersuites", nullableString(), "").register();
    /**
     * {@code locale-collate}: not in Redis 7.0 (it arrived in 7.2); kept hidden so that
     * {@code CONFIG GET *} matches 7.0 while the directive is still accepted.
     */
    public static final Option<String> LOCALE_COLLATE = Option.define("locale-collate", string(), "").flags(HIDDEN).register();

    // --- enums
    /** {@code supervised}. */
    public static final Option<String> SUPERVISED = Option.define("supervised", enumeration("upstart", "systemd", "auto", "no"), "no").flags(IMMUTABLE).register();
    /** {@code syslog-facility}. */
    public static final Option<String> SYSLOG_FACILITY = Option.define("syslog-facility", enumeration("user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"), "local0").flags(IMMUTABLE).register();
    /** {@code repl-diskless-load}. */
    public static final Option<String> REPL_DISKLESS_LOAD = Option.define("repl-diskless-load", enumeration("disabled", "on-empty-db", "swapdb"), "disabled").register();
    /** {@code loglevel}. */
    public static final Option<String> LOGLEVEL = Option.define("loglevel", enumeration("debug", "verbose", "notice", "warning"), "notice").register();
    /** {@code maxmemory-policy}. */
    public static final Option<String> MAXMEMORY_POLICY = Option.define("maxmemory-policy", enumeration("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction").register();
    /** {@code appendfsync}. */
    public static final Option<String> APPENDFSYNC = Option.define("appendfsync", enumeration("everysec", "always", "no"), "everysec").register();
    /** {@code oom-score-adj}: {@code relative} is stored (and shown) as {@code yes}. */
    public static final Option<String> OOM_SCORE_ADJ = Option.define("oom-score-adj", new Types.EnumType(List.of("no", "yes", "relative", "absolute"), new int[] {0, 1, 1, 2}), "no").register();
    /** {@code acl-pubsub-default}. */
    public static final Option<String> ACL_PUBSUB_DEFAULT = Option.define("acl-pubsub-default", enumeration("allchannels", "resetchannels"), "resetchannels").register();
    /** {@code sanitize-dump-payload}. */
    public static final Option<String> SANITIZE_DUMP_PAYLOAD = Option.define("sanitize-dump-payload", enumeration("no", "yes", "clients"), "no").register();
    /** {@code enable-protected-configs}. */
    public static final Option<String> ENABLE_PROTECTED_CONFIGS = Option.define("enable-protected-configs", enumeration("no", "yes", "local"), "no").flags(IMMUTABLE).register();
    /** {@code enable-debug-command}. */
    public static final Option<String> ENABLE_DEBUG_COMMAND = Option.define("enable-debug-command", enumeration("no", "yes", "local"), "no").flags(IMMUTABLE).register();
    /** {@code enable-module-command}. */
    public static final Option<String> ENABLE_MODULE_COMMAND = Option.define("enable-module-command", enumeration("no", "yes", "local"), "no").flags(IMMUTABLE).register();
    /** {@code cluster-preferred-endpoint-type}. */
    public static final Option<String> CLUSTER_PREFERRED_ENDPOINT_TYPE = Option.define("cluster-preferred-endpoint-type", enumeration("ip", "hostname", "unknown-endpoint"), "ip").register();
    /** {@code propagation-error-behavior}. */
    public static final Option<String> PROPAGATION_ERROR_BEHAVIOR = Option.define("propagation-error-behavior", enumeration("ignore", "panic", "panic-on-replicas"), "ignore").register();
    /** {@code shutdown-on-sigint}: {@code default} or a combination of save/nosave/now/force. */
    public static final Option<String> SHUTDOWN_ON_SIGINT = Option.define("shutdown-on-sigint", new Types.ShutdownFlagsType(), "default").register();
    /** {@code shutdown-on-sigterm}: {@code default} or a combination of save/nosave/now/force. */
    public static final Option<String> SHUTDOWN_ON_SIGTERM = Option.define("shutdown-on-sigterm", new Types.ShutdownFlagsType(), "default").register();
    /** {@code tls-auth-clients}. */
    public static final Option<String> TLS_AUTH_CLIENTS = Option.define("tls-auth-clients", enumeration("no", "yes", "optional"), "yes").register();

    // --- integers
    /** {@code databases}. */
    public static final Option<Integer> DATABASES = Option.define("databases", integer(1, INT_MAX), 16).flags(IMMUTABLE).register();
    /** {@code port}. */
    public static final Option<Integer> PORT = Option.define("port", integer(0, 65535), 6379).register();
    /** {@code metrics-port} (Vigil's own): HTTP port of the Prometheus {@code /metrics} endpoint; 0 = none. */
    public static final Option<Integer> METRICS_PORT = Option.define("metrics-port", integer(0, 65535), 0).flags(IMMUTABLE).register();
    /** {@code metrics-bind} (Vigil's own): address of the metrics endpoint; empty = the first {@code bind} address. */
    public static final Option<String> METRICS_BIND = Option.define("metrics-bind", string(), "").flags(IMMUTABLE).register();
    /** {@code http-port} (Vigil's own, sentinels): the status page's HTTP port, on the first {@code bind} address; 0 = none. */
    public static final Option<Integer> HTTP_PORT = Option.define("http-port", integer(0, 65535), 0).flags(IMMUTABLE).register();

    /** Vigil's own directives, which Redis 7.0 does not have (CONFIG GET lists them after Redis's). */
    public static final List<Option<?>> VIGIL_OWN = List.of(METRICS_PORT, METRICS_BIND, HTTP_PORT);
    /** {@code io-threads}. */
    public static final Option<Integer> IO_THREADS = Option.define("io-threads", integer(1, 128), 1).flags(IMMUTABLE).register();
    /** {@code auto-aof-rewrite-percentage}. */
    public static final Option<Integer> AUTO_AOF_REWRITE_PERCENTAGE = Option.define("auto-aof-rewrite-percentage", integer(0, INT_MAX), 100).register();
    /** {@code cluster-replica-validity-factor} (alias {@code cluster-slave-validity-factor}). */
    public static final Option<Integer> CLUSTER_REPLICA_VALIDITY_FACTOR = Option.define("cluster-replica-validity-factor", integer(0, INT_MAX), 10).alias("cluster-slave-validity-factor").register();
    /** {@code list-max-listpack-size} (alias {@code list-max-ziplist-size}). */
    public static final Option<Integer> LIST_MAX_LISTPACK_SIZE = Option.define("list-max-listpack-size", integer(INT_MIN, INT_MAX), -2).alias("list-max-ziplist-size").register();
    /** {@code tcp-keepalive}. */
    public static final Option<Integer> TCP_KEEPALIVE = Option.define("tcp-keepalive", integer(0, INT_MAX), 300).register();
    /** {@code cluster-migration-barrier}. */
    public static final Option<Integer> CLUSTER_MIGRATION_BARRIER = Option.define("cluster-migration-barrier", integer(0, INT_MAX), 1).register();
    /** {@code active-defrag-cycle-min}. */
    public static final Option<Integer> ACTIVE_DEFRAG_CYCLE_MIN = Option.define("active-defrag-cycle-min", integer(1, 99), 1).register();
    /** {@code active-defrag-cycle-max}. */
    public static final Option<Integer> ACTIVE_DEFRAG_CYCLE_MAX = Option.define("active-defrag-cycle-max", integer(1, 99), 25).register();
    /** {@code active-defrag-threshold-lower}. */
    public static final Option<Integer> ACTIVE_DEFRAG_THRESHOLD_LOWER = Option.define("active-defrag-threshold-lower", integer(0, 1000), 10).register();
    /** {@code active-defrag-threshold-upper}. */
    public static final Option<Integer> ACTIVE_DEFRAG_THRESHOLD_UPPER = Option.define("active-defrag-threshold-upper", integer(0, 1000), 100).register();
    /** {@code lfu-log-factor}. */
    public static final Option<Integer> LFU_LOG_FACTOR = Option.define("lfu-log-factor", integer(0, INT_MAX), 10).register();
    /** {@code lfu-decay-time}. */
    public static final Option<Integer> LFU_DECAY_TIME = Option.define("lfu-decay-time", integer(0, INT_MAX), 1).register();
    /** {@code replica-priority} (alias {@code slave-priority}). */
    public static final Option<Integer> REPLICA_PRIORITY = Option.define("replica-priority", integer(0, INT_MAX), 100).alias("slave-priority").register();
    /** {@code repl-diskless-sync-delay}. */
    public static final Option<Integer> REPL_DISKLESS_SYNC_DELAY = Option.define("repl-diskless-sync-delay", integer(0, INT_MAX), 5).register();
    /** {@code maxmemory-samples}. */
    public static final Option<Integer> MAXMEMORY_SAMPLES = Option.define("maxmemory-samples", integer(1, INT_MAX), 5).register();
    /** {@code maxmemory-eviction-tenacity}. */
    public static final Option<Integer> MAXMEMORY_EVICTION_TENACITY = Option.define("maxmemory-eviction-tenacity", integer(0, 100), 10).register();
    /** {@code timeout}. */
    public static final Option<Integer> TIMEOUT = Option.define("timeout", integer(0, INT_MAX), 0).register();
    /** {@code replica-announce-port} (alias {@code slave-announce-port}). */
    public static final Option<Integer> REPLICA_ANNOUNCE_PORT = Option.define("replica-announce-port", integer(0, 65535), 0).alias("slave-announce-port").register();
    /** {@code tcp-backlog}. */
    public static final Option<Integer> TCP_BACKLOG = Option.define("tcp-backlog", integer(0, INT_MAX), 511).flags(IMMUTABLE).register();
    /** {@code cluster-port}. */
    public static final Option<Integer> CLUSTER_PORT = Option.define("cluster-port", integer(0, 65535), 0).flags(IMMUTABLE).register();
    /** {@code cluster-announce-bus-port}. */
    public static final Option<Integer> CLUSTER_ANNOUNCE_BUS_PORT = Option.define("cluster-announce-bus-port", integer(0, 65535), 0).register();
    /** {@code cluster-announce-port}. */
    public static final Option<Integer> CLUSTER_ANNOUNCE_PORT = Option.define("cluster-announce-port", integer(0, 65535), 0).register();
    /** {@code cluster-announce-tls-port}. */
    public static final Option<Integer> CLUSTER_ANNOUNCE_TLS_PORT = Option.define("cluster-announce-tls-port", integer(0, 65535), 0).register();
    /** {@code repl-timeout}. */
    public static final Option<Integer> REPL_TIMEOUT = Option.define("repl-timeout", integer(1, INT_MAX), 60).register();
    /** {@code repl-ping-replica-period} (alias {@code repl-ping-slave-period}). */
    public static final Option<Integer> REPL_PING_REPLICA_PERIOD = Option.define("repl-ping-replica-period", integer(1, INT_MAX), 10).alias("repl-ping-slave-period").register();
    /** {@code list-compress-depth}. */
    public static final Option<Integer> LIST_COMPRESS_DEPTH = Option.define("list-compress-depth", integer(0, INT_MAX), 0).register();
    /** {@code rdb-key-save-delay} (hidden). */
    public static final Option<Integer> RDB_KEY_SAVE_DELAY = Option.define("rdb-key-save-delay", integer(INT_MIN, INT_MAX), 0).flags(HIDDEN).register();
    /** {@code key-load-delay} (hidden). */
    public static final Option<Integer> KEY_LOAD_DELAY = Option.define("key-load-delay", integer(INT_MIN, INT_MAX), 0).flags(HIDDEN).register();
    /** {@code active-expire-effort}. */
    public static final Option<Integer> ACTIVE_EXPIRE_EFFORT = Option.define("active-expire-effort", integer(1, 10), 1).register();
    /** {@code hz}: stored clamped to 1..500 as Redis does. */
    public static final Option<Integer> HZ = Option.define("hz", integer(0, INT_MAX), 10).normalize(v -> Math.max(1, Math.min(500, v))).register();
    /** {@code min-replicas-to-write} (alias {@code min-slaves-to-write}). */
    public static final Option<Integer> MIN_REPLICAS_TO_WRITE = Option.define("min-replicas-to-write", integer(0, INT_MAX), 0).alias("min-slaves-to-write").register();
    /** {@code min-replicas-max-lag} (alias {@code min-slaves-max-lag}). */
    public static final Option<Integer> MIN_REPLICAS_MAX_LAG = Option.define("min-replicas-max-lag", integer(0, INT_MAX), 10).alias("min-slaves-max-lag").register();
    /** {@code watchdog-period} (hidden). */
    public static final Option<Integer> WATCHDOG_PERIOD = Option.define("watchdog-period", integer(0, INT_MAX), 0).flags(HIDDEN).normalize(v -> v > 0 && v < 200 ? 200 : v).register();
    /** {@code shutdown-timeout}. */
    public static final Option<Integer> SHUTDOWN_TIMEOUT = Option.define("shutdown-timeout", integer(0, INT_MAX), 10).register();
    /** {@code repl-diskless-sync-max-replicas}. */
    public static final Option<Integer> REPL_DISKLESS_SYNC_MAX_REPLICAS = Option.define("repl-diskless-sync-max-replicas", integer(0, INT_MAX), 0).register();
    /** {@code tls-port}. */
    public static final Option<Integer> TLS_PORT = Option.define("tls-port", integer(0, 65535), 0).register();
    /** {@code tls-session-cache-size}. */
    public static final Option<Integer> TLS_SESSION_CACHE_SIZE = Option.define("tls-session-cache-size", integer(0, INT_MAX), 20 * 1024).register();
    /** {@code tls-session-cache-timeout}. */
    public static final Option<Integer> TLS_SESSION_CACHE_TIMEOUT = Option.define("tls-session-cache-timeout", integer(0, INT_MAX), 300).register();
    /** {@code loading-process-events-interval-bytes} (hidden). */
    public static final Option<Integer> LOADING_PROCESS_EVENTS_INTERVAL_BYTES = Option.define("loading-process-events-interval-bytes", integer(1024, INT_MAX), 2 * 1024 * 1024).flags(HIDDEN).register();

    // --- 64-bit integers
    /** {@code maxclients}. */
    public static final Option<Long> MAXCLIENTS = Option.define("maxclients", longInteger(1, UINT_MAX), 10000L).register();
    /** {@code socket-mark-id}. */
    public static final Option<Long> SOCKET_MARK_ID = Option.define("socket-mark-id", longInteger(0, UINT_MAX), 0L).flags(IMMUTABLE).register();
    /** {@code slowlog-log-slower-than} (microseconds, -1 disables). */
    public static final Option<Long> SLOWLOG_LOG_SLOWER_THAN = Option.define("slowlog-log-slower-than", longInteger(-1, LLONG_MAX), 10000L).register();
    /** {@code latency-monitor-threshold}. */
    public static final Option<Long> LATENCY_MONITOR_THRESHOLD = Option.define("latency-monitor-threshold", longInteger(0, LLONG_MAX), 0L).register();
    /** {@code busy-reply-threshold} (alias {@code lua-time-limit}). */
    public static final Option<Long> BUSY_REPLY_THRESHOLD = Option.define("busy-reply-threshold", longInteger(0, LLONG_MAX), 5000L).alias("lua-time-limit").register();
    /** {@code cluster-node-timeout}. */
    public static final Option<Long> CLUSTER_NODE_TIMEOUT = Option.define("cluster-node-timeout", longInteger(0, LLONG_MAX), 15000L).register();
    /** {@code slowlog-max-len}. */
    public static final Option<Long> SLOWLOG_MAX_LEN = Option.define("slowlog-max-len", longInteger(0, LLONG_MAX), 128L).register();
    /** {@code acllog-max-len}. */
    public static final Option<Long> ACLLOG_MAX_LEN = Option.define("acllog-max-len", longInteger(0, LLONG_MAX), 128L).register();
    /** {@code repl-backlog-ttl}. */
    public static final Option<Long> REPL_BACKLOG_TTL = Option.define("repl-backlog-ttl", longInteger(0, LLONG_MAX), 3600L).register();
    /** {@code tracking-table-max-keys}. */
    public static final Option<Long> TRACKING_TABLE_MAX_KEYS = Option.define("tracking-table-max-keys", longInteger(0, LLONG_MAX), 1000000L).register();
    /** {@code active-defrag-max-scan-fields}. */
    public static final Option<Long> ACTIVE_DEFRAG_MAX_SCAN_FIELDS = Option.define("active-defrag-max-scan-fields", longInteger(1, LLONG_MAX), 1000L).register();
    /** {@code hash-max-listpack-entries} (alias {@code hash-max-ziplist-entries}). */
    public static final Option<Long> HASH_MAX_LISTPACK_ENTRIES = Option.define("hash-max-listpack-entries", longInteger(0, LLONG_MAX), 512L).alias("hash-max-ziplist-entries").register();
    /** {@code set-max-intset-entries}. */
    public static final Option<Long> SET_MAX_INTSET_ENTRIES = Option.define("set-max-intset-entries", longInteger(0, LLONG_MAX), 512L).register();
    /** {@code zset-max-listpack-entries} (alias {@code zset-max-ziplist-entries}). */
    public static final Option<Long> ZSET_MAX_LISTPACK_ENTRIES = Option.define("zset-max-listpack-entries", longInteger(0, LLONG_MAX), 128L).alias("zset-max-ziplist-entries").register();
    /** {@code stream-node-max-entries}. */
    public static final Option<Long> STREAM_NODE_MAX_ENTRIES = Option.define("stream-node-max-entries", longInteger(0, LLONG_MAX), 100L).register();

    // --- memory sizes
    /** {@code maxmemory} (unsigned; 0 means no limit). */
    public static final Option<Long> MAXMEMORY = Option.define("maxmemory", unsignedMemory(), 0L).register();
    /** {@code cluster-link-sendbuf-limit} (unsigned). */
    public static final Option<Long> CLUSTER_LINK_SENDBUF_LIMIT = Option.define("cluster-link-sendbuf-limit", unsignedMemory(), 0L).register();
    /** {@code active-defrag-ignore-bytes}. */
    public static final Option<Long> ACTIVE_DEFRAG_IGNORE_BYTES = Option.define("active-defrag-ignore-bytes", memory(1, LLONG_MAX), 100L << 20).register();
    /** {@code proto-max-bulk-len}. */
    public static final Option<Long> PROTO_MAX_BULK_LEN = Option.define("proto-max-bulk-len", memory(1024 * 1024, LLONG_MAX), 512L << 20).register();
    /** {@code client-query-buffer-limit}. */
    public static final Option<Long> CLIENT_QUERY_BUFFER_LIMIT = Option.define("client-query-buffer-limit", memory(1024 * 1024, LLONG_MAX), 1L << 30).register();
    /** {@code maxmemory-clients}: bytes, or a percentage stored as a negative number. */
    public static final Option<Long> MAXMEMORY_CLIENTS = Option.define("maxmemory-clients", new Types.MemoryPercentType(), 0L).register();
    /** {@code hash-max-listpack-value} (alias {@code hash-max-ziplist-value}). */
    public static final Option<Long> HASH_MAX_LISTPACK_VALUE = Option.define("hash-max-listpack-value", memory(0, LLONG_MAX), 64L).alias("hash-max-ziplist-value").register();
    /** {@code stream-node-max-bytes}. */
    public static final Option<Long> STREAM_NODE_MAX_BYTES = Option.define("stream-node-max-bytes", memory(0, LLONG_MAX), 4096L).register();
    /** {@code zset-max-listpack-value} (alias {@code zset-max-ziplist-value}). */
    public static final Option<Long> ZSET_MAX_LISTPACK_VALUE = Option.define("zset-max-listpack-value", memory(0, LLONG_MAX), 64L).alias("zset-max-ziplist-value").register();
    /** {@code hll-sparse-max-bytes}. */
    public static final Option<Long> HLL_SPARSE_MAX_BYTES = Option.define("hll-sparse-max-bytes", memory(0, LLONG_MAX), 3000L).register();
    /** {@code repl-backlog-size}. */
    public static final Option<Long> REPL_BACKLOG_SIZE = Option.define("repl-backlog-size", memory(1, LLONG_MAX), 1024L * 1024).normalizeOnSet(v -> Math.max(v, 16 * 1024L)).register();
    /** {@code auto-aof-rewrite-min-size}. */
    public static final Option<Long> AUTO_AOF_REWRITE_MIN_SIZE = Option.define("auto-aof-rewrite-min-size", memory(0, LLONG_MAX), 64L << 20).register();

    // --- special types
    /** {@code dir}: the real absolute path of the working directory. */
    public static final Option<String> DIR = Option.define("dir", new Types.DirType(), "").defaultFrom(Types::workingDirectory).flags(PROTECTED).register();
    /** {@code save}: the snapshotting rules. */
    public static final Option<List<SavePoint>> SAVE = Option.define("save", new Types.SaveType(), List.of(new SavePoint(3600, 1), new SavePoint(300, 100), new SavePoint(60, 10000))).register();
    /** {@code client-output-buffer-limit}. */
    public static final Option<OutputBufferLimits> CLIENT_OUTPUT_BUFFER_LIMIT = Option.define("client-output-buffer-limit", new Types.OutputBufferType(), OutputBufferLimits.DEFAULT).register();
    /** {@code oom-score-adj-values}: three values for master, replica and background child. */
    public static final Option<List<Integer>> OOM_SCORE_ADJ_VALUES = Option.define("oom-score-adj-values", new Types.OomValuesType(), List.of(0, 200, 800)).register();
    /** {@code notify-keyspace-events}: a {@link KeyspaceEvents} bit mask. */
    public static final Option<Integer> NOTIFY_KEYSPACE_EVENTS = Option.define("notify-keyspace-events", new Types.KeyspaceEventsType(), 0).register();
    /** {@code bind}: the listening addresses. */
    public static final Option<List<String>> BIND = Option.define("bind", new Types.BindType(), List.of("*", "-::*")).register();
    /** {@code replicaof} (alias {@code slaveof}); null when this server is a master. */
    public static final Option<ReplicaOf> REPLICAOF = Option.define("replicaof", new Types.ReplicaOfType(), (ReplicaOf) null).alias("slaveof").flags(IMMUTABLE).register();
    /** {@code latency-tracking-info-percentiles}. */
    public static final Option<List<Double>> LATENCY_TRACKING_INFO_PERCENTILES = Option.define("latency-tracking-info-percentiles", new Types.PercentilesType(), List.of(50.0, 99.0, 99.9)).register();
    /** {@code unixsocketperm}: an octal permission mask. */
    public static final Option<Integer> UNIXSOCKETPERM = Option.define("unixsocketperm", new Types.OctalType(), 0).flags(IMMUTABLE).register();

    /**
     * Tells whether a {@link #MAXMEMORY_CLIENTS} value is a percentage.
     *
     * @param maxmemoryClients the stored value
     * @return true when the value is a percentage ({@code -value} percent)
     */
    public static boolean isPercent(long maxmemoryClients) {
        return maxmemoryClients < 0;
    }
}
