package io.vigil.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The command flags of Redis 7.0, as bits, with the names COMMAND reports. */
public final class CommandFlags {
    private CommandFlags() {
    }

    /** May modify the dataset. */
    public static final long WRITE = 1L;
    /** Never modifies the dataset. */
    public static final long READONLY = 1L << 1;
    /** May grow memory: refused when over maxmemory. */
    public static final long DENYOOM = 1L << 2;
    /** Administrative. */
    public static final long ADMIN = 1L << 4;
    /** Pub/sub related. */
    public static final long PUBSUB = 1L << 5;
    /** Not allowed from scripts. */
    public static final long NOSCRIPT = 1L << 6;
    /** May block the client. */
    public static final long BLOCKING = 1L << 8;
    /** Allowed while the dataset is loading. */
    public static final long LOADING = 1L << 9;
    /** Allowed on a replica with stale data. */
    public static final long STALE = 1L << 10;
    /** Not shown to MONITOR. */
    public static final long SKIP_MONITOR = 1L << 11;
    /** Not recorded in the slow log. */
    public static final long SKIP_SLOWLOG = 1L << 12;
    /** O(1) or O(log n) and never delays the server. */
    public static final long FAST = 1L << 14;
    /** Allowed before authentication. */
    public static final long NO_AUTH = 1L << 15;
    /** May replicate even if it is not a write (e.g. PUBLISH). */
    public static final long MAY_REPLICATE = 1L << 16;
    /** Key arguments are optional. */
    public static final long NO_MANDATORY_KEYS = 1L << 19;
    /** Refused while a replica loads its master's snapshot asynchronously (SAVE, BGSAVE...). */
    public static final long NO_ASYNC_LOADING = 1L << 20;
    /** Not allowed inside MULTI. */
    public static final long NO_MULTI = 1L << 21;
    /** Allowed while a script is busy. */
    public static final long ALLOW_BUSY = 1L << 26;
    /** Available in sentinel mode. */
    public static final long SENTINEL = 1L << 23;
    /** Only in sentinel mode. */
    public static final long ONLY_SENTINEL = 1L << 24;

    private static final String[] NAMES = new String[64];

    static {
        NAMES[0] = "write";
        NAMES[1] = "readonly";
        NAMES[2] = "denyoom";
        NAMES[4] = "admin";
        NAMES[5] = "pubsub";
        NAMES[6] = "noscript";
        NAMES[8] = "blocking";
        NAMES[9] = "loading";
        NAMES[10] = "stale";
        NAMES[11] = "skip_monitor";
        NAMES[12] = "skip_slowlog";
        NAMES[14] = "fast";
        NAMES[15] = "no_auth";
        NAMES[16] = "may_replicate";
        NAMES[19] = "no_mandatory_keys";
        NAMES[20] = "no_async_loading";
        NAMES[21] = "no_multi";
        NAMES[23] = "sentinel";
        NAMES[24] = "only_sentinel";
        NAMES[26] = "allow_busy";
    }

    /** Parses space-separated flag names ("write denyoom fast"). */
    public static long parse(String names) {
        long flags = 0;
        for (String n : names.trim().split("\\s+")) {
            if (n.isEmpty()) {
                continue;
            }
            int bit = -1;
            for (int i = 0; i < NAMES.length; i++) {
                if (n.toLowerCase(Locale.ROOT).equals(NAMES[i])) {
                    bit = i;
                }
            }
            if (bit < 0) {
                throw new IllegalArgumentException("unknown command flag " + n);
            }
            flags |= 1L << bit;
        }
        return flags;
    }

    /** The names of the set flags, in Redis's order. */
    public static List<String> names(long flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1L << i)) != 0 && NAMES[i] != null) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }
}
