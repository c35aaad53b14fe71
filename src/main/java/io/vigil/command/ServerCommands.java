package io.vigil.command;

import io.vigil.config.Config;
import io.vigil.config.ConfigException;
import io.vigil.keyspace.KeyEntry;
import io.vigil.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Server commands: INFO, CONFIG, TIME, LASTSAVE, SHUTDOWN, SLOWLOG, MONITOR, DEBUG, WAIT (COMMAND lives in
 * {@link CommandIntrospection}).
 */
final class ServerCommands {
    private ServerCommands() {
    }

    static final String SYNTAX = "ERR syntax error";

    static void register(CommandTable t) {
        t.add(CommandSpec.of("info", -1, "loading stale", 0, 0, 0, ServerCommands::info)
                .acl("@dangerous").doc("server", "1.0.0", "O(1)",
                        "Reports information and statistics about the server.")
                .args("[section [section ...]]"));

        t.add(CommandSpec.container("config", -2, "")
                .doc("server", "2.0.0", "Depends on subcommand.", "Container for the configuration commands.")
                .sub(CommandSpec.of("get", -3, "admin noscript loading stale", 0, 0, 0, ServerCommands::configGet)
                        .doc("server", "2.0.0", "O(N) when N is the number of configuration parameters provided",
                                "Reports the values of the options matching glob patterns.")
                        .args("parameter [parameter ...]"))
                .sub(CommandSpec.of("set", -4, "admin noscript loading stale", 0, 0, 0, ServerCommands::configSet)
                        .doc("server", "2.0.0", "O(N) when N is the number of configuration parameters provided",
                                "Changes options at run time, all or none of them.")
                        .args("parameter value [parameter value ...]"))
                .sub(CommandSpec.of("resetstat", 2, "admin noscript loading stale", 0, 0, 0,
                        ServerCommands::configResetStat)
                        .doc("server", "2.0.0", "O(1)", "Zeroes the statistics INFO reports."))
                .sub(CommandSpec.of("rewrite", 2, "admin noscript loading stale", 0, 0, 0,
                        ServerCommands::configRewrite)
                        .doc("server", "2.8.0", "O(1)", "Writes the running configuration back to the config file."))
                .sub(CommandSpec.of("help", 2, "loading stale", 0, 0, 0, ServerCommands::configHelp)
                        .doc("server", "5.0.0", "O(1)", "Lists the CONFIG subcommands.")));

        t.add(CommandSpec.of("time", 1, "loading stale fast", 0, 0, 0, ServerCommands::time)
                .doc("server", "2.6.0", "O(1)", "Reports the server's clock."));
        t.add(CommandSpec.of("lastsave", 1, "loading stale fast", 0, 0, 0, ServerCommands::lastsave)
                .acl("@admin @dangerous")
                .doc("server", "1.0.0", "O(1)", "Reports when the dataset was last saved, as a unix time."));
        t.add(CommandSpec.of("shutdown", -1, "admin noscript loading stale no_multi sentinel allow_busy", 0, 0, 0,
                ServerCommands::shutdown)
                .doc("server", "1.0.0", "O(N) when saving, where N is the total number of keys in all databases "
                        + "when saving data, otherwise O(1)", "Stops the server, saving first if configured to.")
                .args("[NOSAVE | SAVE]", "[NOW]", "[FORCE]", "[ABORT]"));

        t.add(CommandSpec.container("slowlog", -2, "")
                .doc("server", "2.2.12", "Depends on subcommand.", "Container for the slow log commands.")
                .sub(CommandSpec.of("get", -2, "admin loading stale", 0, 0, 0, ServerCommands::slowlogGet)
                        .doc("server", "2.2.12", "O(N) where N is the number of entries returned",
                                "Lists the newest slow log entries.")
                        .args("[count]"))
                .sub(CommandSpec.of("len", 2, "admin loading stale", 0, 0, 0, ServerCommands::slowlogLen)
                        .doc("server", "2.2.12", "O(1)", "Counts the slow log entries."))
                .sub(CommandSpec.of("reset", 2, "admin loading stale", 0, 0, 0, ServerCommands::slowlogReset)
                        .doc("server", "2.2.12", "O(N) where N is the number of entries in the slowlog",
                                "Empties the slow log."))
                .sub(CommandSpec.of("help", 2, "loading stale", 0, 0, 0, ServerCommands::slowlogHelp)
                        .doc("server", "6.2.0", "O(1)", "Lists the SLOWLOG subcommands.")));

        t.add(CommandSpec.of("monitor", 1, "admin noscript loading stale", 0, 0, 0, ServerCommands::monitor)
                .doc("server", "1.0.0", "", "Streams every command the server runs to this connection."));
        t.add(CommandSpec.of("debug", -2, "admin noscript loading stale", 0, 0, 0, ServerCommands::debug)
                .doc("server", "1.0.0", "Depends on subcommand.", "Testing and debugging aids."));
        t.add(CommandSpec.of("wait", 3, "noscript", 0, 0, 0, ServerCommands::waitCommand)
                .acl("@connection")
                .doc("generic", "3.0.0", "O(1)",
                        "Waits until the preceding writes reached a number of replicas, or a timeout.")
                .args("numreplicas", "timeout"));

        CommandIntrospection.register(t);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers shared by the families

    /**
     * A HELP reply as Redis builds it: the header line, {@code lines}, then HELP itself, all as status
     * replies.
     */
    static void help(Client c, String command, String... lines) {
        c.reply().array(lines.length + 3);
        c.reply().simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) {
            c.reply().simple(l);
        }
        c.reply().simple("HELP");
        c.reply().simple("    Prints this help.");
    }

    /** Redis's reply to a subcommand with arguments it does not accept (the name as the client typed it). */
    static void subcommandSyntaxError(Client c, byte[][] argv) {
        c.reply().error("ERR unknown subcommand or wrong number of arguments for '" + Engine.str(argv[1])
                + "'. Try " + Engine.str(argv[0]).toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    /**
     * A millisecond timeout argument as Redis parses it (CLIENT PAUSE, WAIT): the absolute unix ms deadline,
     * 0 for "no timeout", or -1 after replying the error.
     */
    static long timeoutMillis(Client c, byte[] arg) {
        long v;
        try {
            v = Numbers.parseLong(arg);
        } catch (Numbers.NotANumber e) {
            c.reply().error("ERR timeout is not an integer or out of range");
            return -1;
        }
        if (v < 0) {
            c.reply().error("ERR timeout is negative");
            return -1;
        }
        return v > 0 ? System.currentTimeMillis() + v : 0;
    }

    // ---------------------------------------------------------------------------------------------
    // INFO

    /** INFO [section [section ...]] */
    static void info(Client c, byte[][] argv) {
        c.reply().verbatim(Info.generate(c.engine(), argv, 1), "txt");
    }

    // ---------------------------------------------------------------------------------------------
    // CONFIG

    private static Config config(Client c) {
        Config cfg = c.engine().config();
        if (cfg == null) {
            c.reply().error("ERR CONFIG is not available: no configuration attached");
        }
        return cfg;
    }

    private static String errorText(ConfigException e) {
        String m = e.getMessage();
        return m.startsWith("ERR ") ? m : "ERR " + m;
    }

    /** CONFIG GET parameter [parameter ...] */
    static void configGet(Client c, byte[][] argv) {
        Config cfg = config(c);
        if (cfg == null) {
            return;
        }
        List<String> patterns = new ArrayList<>(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            patterns.add(Engine.str(argv[i]));
        }
        List<String[]> found = cfg.getMatching(patterns);
        c.reply().map(found.size());
        for (String[] e : found) {
            c.reply().bulk(e[0].getBytes(StandardCharsets.ISO_8859_1));
            c.reply().bulk(e[1].getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** CONFIG SET parameter value [parameter value ...] */
    static void configSet(Client c, byte[][] argv) {
        if ((argv.length - 2) % 2 != 0) {
            c.reply().error(SYNTAX);
            return;
        }
        Config cfg = config(c);
        if (cfg == null) {
            return;
        }
        List<String[]> pairs = new ArrayList<>((argv.length - 2) / 2);
        for (int i = 2; i + 1 < argv.length; i += 2) {
            pairs.add(new String[] {Engine.str(argv[i]), Engine.str(argv[i + 1])});
        }
        try {
            cfg.set(pairs, isLocal(c));
        } catch (ConfigException e) {
            c.reply().error(errorText(e));
            return;
        }
        c.reply().ok();
    }

    /** CONFIG RESETSTAT: zeroes the INFO counters, command and error statistics (not the slow log). */
    static void configResetStat(Client c, byte[][] argv) {
        resetStats(c.engine());
        c.reply().ok();
    }

    /** What CONFIG RESETSTAT clears, as Redis does: server stats, command stats, error stats. */
    static void resetStats(Engine e) {
        e.stats().reset();
        e.commands().resetStats();
        e.keyspace().resetStats();
    }

    /** Whether {@code c} connected over a Unix socket or the loopback interface (Redis's islocalClient). */
    static boolean isLocal(Client c) {
        Connection conn = c.connection();
        if (conn == null || conn.isUnixSocket()) {
            return true;
        }
        String addr = conn.remoteAddress();
        return addr.startsWith("127.0.0.1:") || addr.startsWith("::1:");
    }

    /** CONFIG REWRITE */
    static void configRewrite(Client c, byte[][] argv) {
        Config cfg = config(c);
        if (cfg == null) {
            return;
        }
        try {
            cfg.rewrite();
        } catch (ConfigException e) {
            c.reply().error(errorText(e));
            return;
        } catch (java.io.IOException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            c.reply().error("ERR Rewriting config file: " + reason);
            return;
        }
        c.reply().ok();
    }

    /** CONFIG HELP */
    static void configHelp(Client c, byte[][] argv) {
        help(c, "CONFIG",
                "GET <pattern>",
                "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>",
                "    Set the configuration <directive> to <value>.",
                "RESETSTAT",
                "    Reset statistics reported by the INFO command.",
                "REWRITE",
                "    Rewrite the configuration file.");
    }

    // ---------------------------------------------------------------------------------------------
    // TIME, LASTSAVE, SHUTDOWN

    /** TIME */
    static void time(Client c, byte[][] argv) {
        Instant now = Instant.now();
        c.reply().array(2);
        c.reply().bulkLong(now.getEpochSecond());
        c.reply().bulkLong(now.getNano() / 1000);
    }

    /** LASTSAVE */
    static void lastsave(Client c, byte[][] argv) {
        io.vigil.persistence.RdbPersistence p = c.engine().persistence();
        c.reply().integer((p == null ? c.engine().lastSaveMillis() : p.lastSaveMillis()) / 1000);
    }

    /** SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT] */
    static void shutdown(Client c, byte[][] argv) {
        boolean nosave = false;
        boolean save = false;
        boolean now = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < argv.length; i++) {
            switch (Engine.lower(argv[i])) {
                case "nosave" -> nosave = true;
                case "save" -> save = true;
                case "now" -> now = true;
                case "force" -> force = true;
                case "abort" -> abort = true;
                default -> {
                    c.reply().error(SYNTAX);
                    return;
                }
            }
        }
        if (abort && (nosave || save || now || force) || nosave && save) {
            c.reply().error(SYNTAX);
            return;
        }
        if (abort) {
            // Vigil shuts down at once (no replicas to wait for), so there is never one to abort.
            c.reply().error("ERR No shutdown in progress.");
            return;
        }
        if (!now && c.has(Client.MULTI)) {
            c.reply().error("ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client");
            return;
        }
        io.vigil.persistence.RdbPersistence p = c.engine().persistence();
        if (p != null && !p.prepareShutdown(save, nosave) && !force) {
            c.reply().error("ERR Errors trying to SHUTDOWN. Check logs.");
            return;
        }
        // No reply: the connection closes as the server stops, as with Redis.
        c.engine().shutdown();
    }

    // ---------------------------------------------------------------------------------------------
    // SLOWLOG

    /** SLOWLOG GET [count] */
    static void slowlogGet(Client c, byte[][] argv) {
        if (argv.length > 3) {
            subcommandSyntaxError(c, argv);
            return;
        }
        long count = 10;
        if (argv.length == 3) {
            try {
                count = Numbers.parseLong(argv[2]);
            } catch (Numbers.NotANumber e) {
                count = -2;
            }
            if (count < -1) {
                c.reply().error("ERR count should be greater than or equal to -1");
                return;
            }
            if (count == -1) {
                count = Integer.MAX_VALUE;
            }
        }
        List<SlowLog.Entry> entries = c.engine().slowLog().newest((int) Math.min(count, Integer.MAX_VALUE));
        c.reply().array(entries.size());
        for (SlowLog.Entry e : entries) {
            c.reply().array(6);
            c.reply().integer(e.id());
            c.reply().integer(e.unixSeconds());
            c.reply().integer(e.micros());
            c.reply().array(e.args().size());
            for (byte[] a : e.args()) {
                c.reply().bulk(a);
            }
            c.reply().bulk(e.peer());
            c.reply().bulk(e.clientName());
        }
    }

    /** SLOWLOG LEN */
    static void slowlogLen(Client c, byte[][] argv) {
        c.reply().integer(c.engine().slowLog().size());
    }

    /** SLOWLOG RESET */
    static void slowlogReset(Client c, byte[][] argv) {
        c.engine().slowLog().reset();
        c.reply().ok();
    }

    /** SLOWLOG HELP */
    static void slowlogHelp(Client c, byte[][] argv) {
        help(c, "SLOWLOG",
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.");
    }

    // ---------------------------------------------------------------------------------------------
    // MONITOR, WAIT

    /** MONITOR */
    static void monitor(Client c, byte[][] argv) {
        if (c.has(Client.MULTI)) {
            c.reply().error("ERR MONITOR isn't allowed for DENY BLOCKING client");
            return;
        }
        if (c.has(Client.MONITOR) || c.has(Client.REPLICA)) {
            return;
        }
        c.engine().addMonitor(c);
        c.reply().ok();
    }

    /**
     * WAIT numreplicas timeout. With no replicas connected it answers 0 at once when 0 replicas are asked
     * for, otherwise after the timeout (never, for 0) — as Redis does. The replication layer takes it over.
     */
    static void waitCommand(Client c, byte[][] argv) {
        Engine e = c.engine();
        if (!e.role().equals("master")) {
            c.reply().error("ERR WAIT cannot be used with replica instances. Please also note that since Redis "
                    + "4.0 if a replica is configured to be writable (which is not the default) writes to "
                    + "replicas are just local and are not propagated.");
            return;
        }
        long numreplicas;
        try {
            numreplicas = Numbers.parseLong(argv[1]);
        } catch (Numbers.NotANumber ex) {
            c.reply().error("ERR value is not an integer or out of range");
            return;
        }
        long deadline = timeoutMillis(c, argv[2]);
        if (deadline < 0) {
            return;
        }
        long acked = 0;
        if (acked >= numreplicas || c.has(Client.MULTI)) {
            c.reply().integer(acked);
            return;
        }
        long timeout = deadline == 0 ? 0 : Math.max(1, deadline - System.currentTimeMillis());
        e.blockWithTimeout(c, timeout, () -> c.reply().integer(0));
    }

    // ---------------------------------------------------------------------------------------------
    // DEBUG

    /** DEBUG subcommand [arg ...]: SLEEP, SET-ACTIVE-EXPIRE, OBJECT, HELP. */
    static void debug(Client c, byte[][] argv) {
        String sub = Engine.lower(argv[1]);
        if (sub.equals("help") && argv.length == 2) {
            help(c, "DEBUG",
                    "DIGEST",
                    "    Output a hex signature representing the current DB content.",
                    "DIGEST-VALUE <key> [<key> ...]",
                    "    Output a hex signature of the values of all the specified keys.",
                    "OBJECT <key>",
                    "    Show low level info about `key` and associated value.",
                    "SET-ACTIVE-EXPIRE <0|1>",
                    "    Setting it to 0 disables expiring keys in background when they are not",
                    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                    "    default.",
                    "RELOAD [option ...]",
                    "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
                    "    * MERGE: Merge the content of the RDB with the current data set.",
                    "    * NOFLUSH: Do not empty the current data set before loading the RDB.",
                    "    * NOSAVE: Do not save the current data set to the RDB file.",
                    "SLEEP <seconds>",
                    "    Stop the server for <seconds>. Decimals allowed.");
        } else if (sub.equals("sleep") && argv.length == 3) {
            double seconds = atof(argv[2]);
            long nanos = (long) (seconds * 1e9);
            if (nanos > 0) {
                try {
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            c.reply().ok();
        } else if (sub.equals("set-active-expire") && argv.length == 3) {
            c.engine().settings().activeExpire(atoi(argv[2]) != 0);
            c.reply().ok();
        } else if (sub.equals("object") && argv.length == 3) {
            debugObject(c, argv[2]);
        } else if (PersistenceCommands.debug(c, sub, argv)) {
            // DIGEST, DIGEST-VALUE, RELOAD
        } else {
            c.reply().error("ERR unknown subcommand or wrong number of arguments for '" + Engine.str(argv[1])
                    + "'. Try DEBUG HELP.");
        }
    }

    /** DEBUG OBJECT key */
    private static void debugObject(Client c, byte[] key) {
        KeyEntry e = c.db().lookupNoTouch(key);
        if (e == null) {
            c.reply().error("ERR no such key");
            return;
        }
        Object v = e.value;
        String encoding;
        long serialized;
        int refcount = 1;
        if (v instanceof byte[] b) {
            Long asLong = b.length <= 20 ? canonicalLong(b) : null;
            if (asLong != null) {
                encoding = "int";
                if (asLong >= 0 && asLong < 10000 && !evictsByIdleOrFrequency(c.engine())) {
                    refcount = Integer.MAX_VALUE;
                }
                serialized = rdbIntLength(asLong, b.length);
            } else {
                encoding = b.length <= 44 ? "embstr" : "raw";
                serialized = rdbLengthBytes(b.length) + b.length;
            }
        } else {
            encoding = v == null ? "unknown" : v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            serialized = 0;
        }
        long idleSeconds = c.db().idleTimeMillis(e) / 1000;
        c.reply().simple("Value at:0x" + Integer.toHexString(System.identityHashCode(v)) + " refcount:" + refcount
                + " encoding:" + encoding + " serializedlength:" + serialized + " lru:" + e.lru()
                + " lru_seconds_idle:" + idleSeconds);
    }

    private static boolean evictsByIdleOrFrequency(Engine e) {
        Config cfg = e.config();
        String policy = cfg == null ? null : cfg.getString("maxmemory-policy");
        return policy != null && (policy.contains("lru") || policy.contains("lfu"));
    }

    /** The value of {@code b} if it is a long in canonical form (how Redis decides on the int encoding). */
    private static Long canonicalLong(byte[] b) {
        try {
            long v = Numbers.parseLong(b);
            return Long.toString(v).equals(new String(b, StandardCharsets.ISO_8859_1)) ? v : null;
        } catch (Numbers.NotANumber e) {
            return null;
        }
    }

    /** Bytes an integer-like string takes in an RDB file: int8/16/32 encodings, else as a string. */
    private static long rdbIntLength(long v, int textLength) {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            return 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 3;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 5;
        }
        return rdbLengthBytes(textLength) + textLength;
    }

    /** Bytes of an RDB length prefix. */
    private static long rdbLengthBytes(long len) {
        if (len < 64) {
            return 1;
        } else if (len < 16384) {
            return 2;
        } else if (len <= 0xffffffffL) {
            return 5;
        }
        return 9;
    }

    /** C's atof: the longest numeric prefix, 0 if none. */
    static double atof(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1).trim();
        for (int end = s.length(); end > 0; end--) {
            try {
                return Double.parseDouble(s.substring(0, end));
            } catch (NumberFormatException e) {
                // shorter prefix
            }
        }
        return 0;
    }

    /** C's atoi: optional sign and leading digits, 0 if none. */
    static long atoi(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1).trim();
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return neg ? -v : v;
    }
}
