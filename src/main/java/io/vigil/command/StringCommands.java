package io.vigil.command;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.util.Numbers;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The string type's commands. A string value is stored as a plain {@code byte[]}.
 *
 * <p>Stored arrays are treated as immutable: they may be shared with the arguments a command was received
 * with (SET stores its argument), with what was propagated and with the slow log. A command that changes a
 * string therefore builds a new array and stores it with {@link Database#setValue} (TTL kept) or
 * {@link Database#put} (TTL cleared), which also keeps the memory accounting right.
 */
final class StringCommands {
    private StringCommands() {
    }

    static final byte[] SET = ascii("SET");
    static final byte[] PXAT = ascii("PXAT");
    static final byte[] KEEPTTL_ARG = ascii("KEEPTTL");
    static final byte[] DEL = ascii("DEL");
    static final byte[] PEXPIREAT = ascii("PEXPIREAT");
    static final byte[] PERSIST_CMD = ascii("PERSIST");
    static final byte[] EMPTY = new byte[0];

    static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    static final String SYNTAX = "ERR syntax error";
    static final String NOT_FLOAT = "ERR value is not a valid float";
    static final String TOO_BIG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    /** The longest byte[] the JVM can allocate, whatever proto-max-bulk-len says. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void register(CommandTable t) {
        t.add(CommandSpec.of("get", 2, "readonly fast", 1, 1, 1, StringCommands::get)
                .acl("@string").doc("string", "1.0.0", "O(1)", "Returns the string value of a key.").args("key"));
        t.add(CommandSpec.of("set", -3, "write denyoom", 1, 1, 1, StringCommands::set)
                .acl("@string").doc("string", "1.0.0", "O(1)",
                        "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.")
                .args("key", "value", "[NX | XX]", "[GET]",
                        "[EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]"));
        t.add(CommandSpec.of("getex", -2, "write fast", 1, 1, 1, StringCommands::getex)
                .acl("@string").doc("string", "6.2.0", "O(1)",
                        "Returns the string value of a key after changing or removing its expiration.")
                .args("key",
                        "[EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]"));
        t.add(CommandSpec.of("getdel", 2, "write fast", 1, 1, 1, StringCommands::getdel)
                .acl("@string").doc("string", "6.2.0", "O(1)", "Returns the string value of a key and deletes the key.")
                .args("key"));
        t.add(CommandSpec.of("getset", 3, "write denyoom fast", 1, 1, 1, StringCommands::getset)
                .acl("@string").doc("string", "1.0.0", "O(1)",
                        "Replaces the string value of a key and returns the value it had before.")
                .args("key", "value"));
        t.add(CommandSpec.of("mget", -2, "readonly fast", 1, -1, 1, StringCommands::mget)
                .acl("@string").doc("string", "1.0.0", "O(N) where N is the number of keys to retrieve.",
                        "Returns the string values of several keys.")
                .args("key [key ...]"));
        t.add(CommandSpec.of("mset", -3, "write denyoom", 1, -1, 2, StringCommands::mset)
                .acl("@string").doc("string", "1.0.1", "O(N) where N is the number of keys to set.",
                        "Sets the string values of several keys at once.")
                .args("key value [key value ...]"));
        t.add(CommandSpec.of("msetnx", -3, "write denyoom", 1, -1, 2, StringCommands::msetnx)
                .acl("@string").doc("string", "1.0.1", "O(N) where N is the number of keys to set.",
                        "Sets the string values of several keys, only when none of them exists yet.")
                .args("key value [key value ...]"));
        t.add(CommandSpec.of("setnx", 3, "write denyoom fast", 1, 1, 1, StringCommands::setnx)
                .acl("@string").doc("string", "1.0.0", "O(1)", "Sets the string value of a key only if it is missing.")
                .args("key", "value"));
        t.add(CommandSpec.of("setex", 4, "write denyoom", 1, 1, 1, StringCommands::setex)
                .acl("@string").doc("string", "2.0.0", "O(1)",
                        "Sets the string value of a key together with a time to live in seconds.")
                .args("key", "seconds", "value"));
        t.add(CommandSpec.of("psetex", 4, "write denyoom", 1, 1, 1, StringCommands::psetex)
                .acl("@string").doc("string", "2.6.0", "O(1)",
                        "Sets the string value of a key together with a time to live in milliseconds.")
                .args("key", "milliseconds", "value"));
        t.add(CommandSpec.of("incr", 2, "write denyoom fast", 1, 1, 1, StringCommands::incr)
                .acl("@string").doc("string", "1.0.0", "O(1)",
                        "Adds one to the integer held by a key (a missing key counts as 0).")
                .args("key"));
        t.add(CommandSpec.of("decr", 2, "write denyoom fast", 1, 1, 1, StringCommands::decr)
                .acl("@string").doc("string", "1.0.0", "O(1)",
                        "Subtracts one from the integer held by a key (a missing key counts as 0).")
                .args("key"));
        t.add(CommandSpec.of("incrby", 3, "write denyoom fast", 1, 1, 1, StringCommands::incrby)
                .acl("@string").doc("string", "1.0.0", "O(1)",
                        "Adds a given integer to the integer held by a key (a missing key counts as 0).")
                .args("key", "increment"));
        t.add(CommandSpec.of("decrby", 3, "write denyoom fast", 1, 1, 1, StringCommands::decrby)
                .acl("@string").doc("string", "1.0.0", "O(1)",
                        "Subtracts a given integer from the integer held by a key (a missing key counts as 0).")
                .args("key", "decrement"));
        t.add(CommandSpec.of("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, StringCommands::incrbyfloat)
                .acl("@string").doc("string", "2.6.0", "O(1)",
                        "Adds a floating point number to the number held by a key (a missing key counts as 0).")
                .args("key", "increment"));
        t.add(CommandSpec.of("append", 3, "write denyoom fast", 1, 1, 1, StringCommands::append)
                .acl("@string").doc("string", "2.0.0", "O(1) amortized",
                        "Appends bytes to the string held by a key, creating the key when it is missing.")
                .args("key", "value"));
        t.add(CommandSpec.of("strlen", 2, "readonly fast", 1, 1, 1, StringCommands::strlen)
                .acl("@string").doc("string", "2.2.0", "O(1)", "Returns the length in bytes of a string value.")
                .args("key"));
        t.add(CommandSpec.of("getrange", 4, "readonly", 1, 1, 1, StringCommands::getrange)
                .acl("@string").doc("string", "2.4.0", "O(N) where N is the length of the returned string.",
                        "Returns the bytes of a string value between two offsets (inclusive, negative from the end).")
                .args("key", "start", "end"));
        t.add(CommandSpec.of("substr", 4, "readonly", 1, 1, 1, StringCommands::getrange)
                .acl("@string").doc("string", "1.0.0", "O(N) where N is the length of the returned string.",
                        "Old name of GETRANGE: returns a substring of a string value.")
                .args("key", "start", "end"));
        t.add(CommandSpec.of("setrange", 4, "write denyoom", 1, 1, 1, StringCommands::setrange)
                .acl("@string").doc("string", "2.2.0", "O(1) plus the copy of the value, O(M) for M bytes written.",
                        "Overwrites part of a string value from an offset, padding with zero bytes if needed.")
                .args("key", "offset", "value"));
        t.add(CommandSpec.of("lcs", -3, "readonly", 1, 2, 1, StringCommands::lcs)
                .acl("@string").doc("string", "7.0.0", "O(N*M) where N and M are the lengths of the two strings.",
                        "Finds the longest common subsequence of two string values.")
                .args("key1", "key2", "[LEN]", "[IDX]", "[MINMATCHLEN min-match-len]", "[WITHMATCHLEN]"));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** The string value of {@code e}, or null after replying WRONGTYPE if it holds another type. */
    static byte[] stringValue(Client c, KeyEntry e) {
        if (e.value instanceof byte[] b) {
            return b;
        }
        c.reply().error(Engine.WRONGTYPE);
        return null;
    }

    /** Whether {@code e} exists and holds another type than string; replies WRONGTYPE if so. */
    static boolean wrongType(Client c, KeyEntry e) {
        if (e != null && !(e.value instanceof byte[])) {
            c.reply().error(Engine.WRONGTYPE);
            return true;
        }
        return false;
    }

    /** Case-insensitive comparison of an argument with a lower-case ASCII word. */
    static boolean is(byte[] arg, String lower) {
        int n = lower.length();
        if (arg.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = arg[i];
            if (b >= 'A' && b <= 'Z') {
                b |= 0x20;
            }
            if (b != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Redis's checkStringLength: whether a string of {@code size + append} bytes may be made; replies the
     * proto-max-bulk-len error if not. The master link is trusted, as in Redis, but not beyond what a Java
     * array can hold.
     */
    static boolean checkStringLength(Client c, long size, long append) {
        long limit = c.has(Client.MASTER) ? MAX_ARRAY : Math.min(c.engine().settings().protoMaxBulkLen(), MAX_ARRAY);
        if (size > limit - append) {
            c.reply().error(TOO_BIG);
            return false;
        }
        return true;
    }

    private static final byte[] MIN_LONG_BYTES = ascii(Long.toString(Long.MIN_VALUE));

    /** Values 0..SHARED_INTEGERS-1 have one shared byte array each (as Redis's shared integers). */
    private static final int SHARED_INTEGERS = 10000;
    private static final byte[][] SHARED_INTEGER_BYTES = new byte[SHARED_INTEGERS][];

    static {
        for (int i = 0; i < SHARED_INTEGERS; i++) {
            SHARED_INTEGER_BYTES[i] = longBytes(i);
        }
    }

    /**
     * The digits of {@code v} for storing as a string value: a shared array for small non-negative values,
     * so that INCR/DECR of counters allocates nothing. Sharing is safe because a stored string value is
     * never modified in place (commands replace it), which the fork-less snapshot relies on as well.
     */
    static byte[] sharedLongBytes(long v) {
        return v >= 0 && v < SHARED_INTEGERS ? SHARED_INTEGER_BYTES[(int) v] : longBytes(v);
    }

    /** The decimal digits of {@code v} as bytes, without going through a String. */
    static byte[] longBytes(long v) {
        if (v == Long.MIN_VALUE) {
            return MIN_LONG_BYTES.clone();
        }
        boolean neg = v < 0;
        long a = neg ? -v : v;
        int digits = 1;
        for (long t = a; t >= 10; t /= 10) {
            digits++;
        }
        byte[] out = new byte[digits + (neg ? 1 : 0)];
        int i = out.length;
        do {
            out[--i] = (byte) ('0' + (a % 10));
            a /= 10;
        } while (a != 0);
        if (neg) {
            out[0] = '-';
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // GET / SET family

    /** GET key */
    static void get(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        byte[] v = stringValue(c, e);
        if (v != null) {
            c.reply().bulk(v);
        }
    }

    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GET = 4;
    private static final int KEEPTTL = 8;
    private static final int EX = 16;
    private static final int PX = 32;
    private static final int EXAT = 64;
    private static final int PXAT_FLAG = 128;
    private static final int PERSIST = 256;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT_FLAG;
    private static final int FLAG_BITS = 10;

    /**
     * Parses the options of SET ({@code forSet}) or GETEX from {@code argv[from]} on, with Redis's rules: a
     * word may repeat, conflicting words and options of the other command are syntax errors. Returns the flags
     * with the index of the expire argument above {@link #FLAG_BITS}, or -1 after replying the error.
     */
    private static int parseSetOptions(Client c, byte[][] argv, int from, boolean forSet) {
        int flags = 0;
        int expireIndex = 0;
        for (int j = from; j < argv.length; j++) {
            byte[] o = argv[j];
            boolean hasNext = j + 1 < argv.length;
            if (forSet && is(o, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (forSet && is(o, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (forSet && is(o, "get")) {
                flags |= GET;
            } else if (forSet && is(o, "keepttl") && (flags & (PERSIST | ANY_EXPIRE)) == 0) {
                flags |= KEEPTTL;
            } else if (!forSet && is(o, "persist") && (flags & (KEEPTTL | ANY_EXPIRE)) == 0) {
                flags |= PERSIST;
            } else {
                int f = is(o, "ex") ? EX : is(o, "px") ? PX : is(o, "exat") ? EXAT : is(o, "pxat") ? PXAT_FLAG : 0;
                if (f == 0 || !hasNext || (flags & (KEEPTTL | PERSIST | (ANY_EXPIRE & ~f))) != 0) {
                    c.reply().error(SYNTAX);
                    return -1;
                }
                flags |= f;
                expireIndex = ++j;
            }
        }
        return flags | (expireIndex << FLAG_BITS);
    }

    /**
     * The absolute expiry time (unix ms) an EX/PX/EXAT/PXAT argument asks for, or -1 after replying the error
     * Redis gives (not an integer; or not positive, or overflowing, as "invalid expire time in '<cmd>'").
     */
    private static long expireMillis(Client c, byte[] arg, int flags, String command) {
        long v;
        try {
            v = Numbers.parseLong(arg);
        } catch (Numbers.NotANumber e) {
            c.reply().error(NOT_INTEGER);
            return -1;
        }
        boolean seconds = (flags & (EX | EXAT)) != 0;
        if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
            c.reply().error("ERR invalid expire time in '" + command + "' command");
            return -1;
        }
        if (seconds) {
            v *= 1000;
        }
        if ((flags & (EX | PX)) != 0) {
            long now = c.engine().clock().millis();
            if (v > Long.MAX_VALUE - now) {
                c.reply().error("ERR invalid expire time in '" + command + "' command");
                return -1;
            }
            v += now;
        }
        return v;
    }

    /** SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT s | PXAT ms | KEEPTTL] */
    static void set(Client c, byte[][] argv) {
        int parsed = parseSetOptions(c, argv, 3, true);
        if (parsed < 0) {
            return;
        }
        int flags = parsed & ((1 << FLAG_BITS) - 1);
        int expireIndex = parsed >>> FLAG_BITS;
        setGeneric(c, flags, argv[1], argv[2], expireIndex == 0 ? null : argv[expireIndex], "set", false);
        if ((flags & GET) != 0 && expireIndex == 0) {
            // Redis propagates SET ... GET without its GET words (with an expiry it is rewritten anyway).
            int keep = 0;
            for (int i = 0; i < argv.length; i++) {
                if (i < 3 || !is(argv[i], "get")) {
                    keep++;
                }
            }
            byte[][] without = new byte[keep][];
            int k = 0;
            for (int i = 0; i < argv.length; i++) {
                if (i < 3 || !is(argv[i], "get")) {
                    without[k++] = argv[i];
                }
            }
            c.propagateAs(without);
        }
    }

    /** SETNX key value */
    static void setnx(Client c, byte[][] argv) {
        setGeneric(c, NX, argv[1], argv[2], null, "setnx", true);
    }

    /** SETEX key seconds value */
    static void setex(Client c, byte[][] argv) {
        setGeneric(c, EX, argv[1], argv[3], argv[2], "setex", false);
    }

    /** PSETEX key milliseconds value */
    static void psetex(Client c, byte[][] argv) {
        setGeneric(c, PX, argv[1], argv[3], argv[2], "psetex", false);
    }

    /**
     * The common part of SET, SETNX, SETEX and PSETEX. Replies +OK / null ({@code intReply} false) or 1 / 0
     * (SETNX); with GET the old value is the reply. A write with an expiry propagates as SET key value PXAT ms.
     */
    private static void setGeneric(Client c, int flags, byte[] key, byte[] value, byte[] expireArg, String command,
                                   boolean intReply) {
        long whenMs = -1;
        if (expireArg != null) {
            whenMs = expireMillis(c, expireArg, flags, command);
            if (whenMs < 0) {
                return;
            }
        }
        Engine engine = c.engine();
        boolean get = (flags & GET) != 0;
        if (get) {
            KeyEntry g = engine.lookupRead(c, key);
            if (g == null) {
                c.reply().nullBulk();
            } else {
                byte[] old = stringValue(c, g);
                if (old == null) {
                    return;
                }
                c.reply().bulk(old);
            }
        }
        KeyEntry old = engine.lookupWrite(c, key);
        if (((flags & NX) != 0 && old != null) || ((flags & XX) != 0 && old == null)) {
            if (!get) {
                if (intReply) {
                    c.reply().integer(0);
                } else {
                    c.reply().nullBulk();
                }
            }
            return;
        }
        Database db = c.db();
        KeyEntry e = (flags & KEEPTTL) != 0 ? db.putKeepTtl(key, value) : db.put(key, value);
        engine.addDirty(1);
        engine.keyspaceEvent(KeyspaceEvents.STRING, "set", key, c.dbIndex());
        if (whenMs >= 0) {
            db.setExpire(e, whenMs);
            c.propagateAs(new byte[][] {SET, key, value, PXAT, longBytes(whenMs)});
            engine.keyspaceEvent(KeyspaceEvents.GENERIC, "expire", key, c.dbIndex());
        }
        if (!get) {
            if (intReply) {
                c.reply().integer(1);
            } else {
                c.reply().ok();
            }
        }
    }

    /** GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST] */
    static void getex(Client c, byte[][] argv) {
        int parsed = parseSetOptions(c, argv, 2, false);
        if (parsed < 0) {
            return;
        }
        int flags = parsed & ((1 << FLAG_BITS) - 1);
        int expireIndex = parsed >>> FLAG_BITS;
        Engine engine = c.engine();
        byte[] key = argv[1];
        KeyEntry e = engine.lookupRead(c, key);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        byte[] v = stringValue(c, e);
        if (v == null) {
            return;
        }
        long whenMs = -1;
        if (expireIndex != 0) {
            whenMs = expireMillis(c, argv[expireIndex], flags, "getex");
            if (whenMs < 0) {
                return;
            }
        }
        c.reply().bulk(v);
        Database db = c.db();
        if ((flags & (EXAT | PXAT_FLAG)) != 0 && whenMs <= engine.clock().millis()) {
            db.deleteEntry(e);
            c.propagateAs(new byte[][] {DEL, key});
            engine.keyspaceEvent(KeyspaceEvents.GENERIC, "del", key, c.dbIndex());
            engine.addDirty(1);
        } else if (whenMs >= 0) {
            db.setExpire(e, whenMs);
            c.propagateAs(new byte[][] {PEXPIREAT, key, longBytes(whenMs)});
            engine.keyspaceEvent(KeyspaceEvents.GENERIC, "expire", key, c.dbIndex());
            engine.addDirty(1);
        } else if ((flags & PERSIST) != 0 && db.persist(e)) {
            engine.keyspaceEvent(KeyspaceEvents.GENERIC, "persist", key, c.dbIndex());
            c.propagateAs(new byte[][] {PERSIST_CMD, key});
            engine.addDirty(1);
        }
    }

    /** GETDEL key */
    static void getdel(Client c, byte[][] argv) {
        Engine engine = c.engine();
        KeyEntry e = engine.lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        byte[] v = stringValue(c, e);
        if (v == null) {
            return;
        }
        c.reply().bulk(v);
        c.db().deleteEntry(e);
        c.propagateAs(new byte[][] {DEL, argv[1]});
        engine.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[1], c.dbIndex());
        engine.addDirty(1);
    }

    /** GETSET key value (propagated as SET key value) */
    static void getset(Client c, byte[][] argv) {
        Engine engine = c.engine();
        KeyEntry e = engine.lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
        } else {
            byte[] v = stringValue(c, e);
            if (v == null) {
                return;
            }
            c.reply().bulk(v);
        }
        c.db().put(argv[1], argv[2]);
        engine.keyspaceEvent(KeyspaceEvents.STRING, "set", argv[1], c.dbIndex());
        engine.addDirty(1);
        c.propagateAs(new byte[][] {SET, argv[1], argv[2]});
    }

    /** MGET key [key ...] */
    static void mget(Client c, byte[][] argv) {
        Engine engine = c.engine();
        c.reply().array(argv.length - 1);
        for (int i = 1; i < argv.length; i++) {
            KeyEntry e = engine.lookupRead(c, argv[i]);
            if (e != null && e.value instanceof byte[] v) {
                c.reply().bulk(v);
            } else {
                c.reply().nullBulk();
            }
        }
    }

    /** MSET key value [key value ...] */
    static void mset(Client c, byte[][] argv) {
        msetGeneric(c, argv, false);
    }

    /** MSETNX key value [key value ...] */
    static void msetnx(Client c, byte[][] argv) {
        msetGeneric(c, argv, true);
    }

    private static void msetGeneric(Client c, byte[][] argv, boolean nx) {
        if (argv.length % 2 == 0) {
            c.reply().error("ERR wrong number of arguments for '" + (nx ? "msetnx" : "mset") + "' command");
            return;
        }
        Engine engine = c.engine();
        if (nx) {
            for (int j = 1; j < argv.length; j += 2) {
                if (engine.lookupWrite(c, argv[j]) != null) {
                    c.reply().integer(0);
                    return;
                }
            }
        }
        Database db = c.db();
        for (int j = 1; j < argv.length; j += 2) {
            db.put(argv[j], argv[j + 1]);
            engine.keyspaceEvent(KeyspaceEvents.STRING, "set", argv[j], c.dbIndex());
        }
        engine.addDirty((argv.length - 1) / 2);
        if (nx) {
            c.reply().integer(1);
        } else {
            c.reply().ok();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Counters

    /** INCR key */
    static void incr(Client c, byte[][] argv) {
        incrDecr(c, argv[1], 1);
    }

    /** DECR key */
    static void decr(Client c, byte[][] argv) {
        incrDecr(c, argv[1], -1);
    }

    /** INCRBY key increment */
    static void incrby(Client c, byte[][] argv) {
        long incr;
        try {
            incr = Numbers.parseLong(argv[2]);
        } catch (Numbers.NotANumber e) {
            c.reply().error(NOT_INTEGER);
            return;
        }
        incrDecr(c, argv[1], incr);
    }

    /** DECRBY key decrement */
    static void decrby(Client c, byte[][] argv) {
        long decr;
        try {
            decr = Numbers.parseLong(argv[2]);
        } catch (Numbers.NotANumber e) {
            c.reply().error(NOT_INTEGER);
            return;
        }
        if (decr == Long.MIN_VALUE) {
            c.reply().error("ERR decrement would overflow");
            return;
        }
        incrDecr(c, argv[1], -decr);
    }

    private static void incrDecr(Client c, byte[] key, long incr) {
        Engine engine = c.engine();
        KeyEntry e = engine.lookupWrite(c, key);
        if (wrongType(c, e)) {
            return;
        }
        long value = 0;
        if (e != null) {
            try {
                value = Numbers.parseLong((byte[]) e.value);
            } catch (Numbers.NotANumber ex) {
                c.reply().error(NOT_INTEGER);
                return;
            }
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            c.reply().error("ERR increment or decrement would overflow");
            return;
        }
        value += incr;
        byte[] digits = sharedLongBytes(value);
        if (e != null) {
            c.db().setValue(e, digits);
        } else {
            c.db().add(key, digits);
        }
        engine.addDirty(1);
        engine.keyspaceEvent(KeyspaceEvents.STRING, "incrby", key, c.dbIndex());
        c.reply().integer(value);
    }

    /** INCRBYFLOAT key increment (computed in x87 extended precision; propagated as SET key result KEEPTTL) */
    static void incrbyfloat(Client c, byte[][] argv) {
        Engine engine = c.engine();
        byte[] key = argv[1];
        KeyEntry e = engine.lookupWrite(c, key);
        if (wrongType(c, e)) {
            return;
        }
        BigDecimal value;
        BigDecimal incr;
        try {
            value = e == null ? BigDecimal.ZERO : LongDouble.parse((byte[]) e.value);
            incr = LongDouble.parse(argv[2]);
        } catch (Numbers.NotANumber ex) {
            c.reply().error(NOT_FLOAT);
            return;
        }
        BigDecimal sum = LongDouble.add(value, incr);
        if (sum == null) {
            c.reply().error("ERR increment would produce NaN or Infinity");
            return;
        }
        byte[] result = ascii(LongDouble.format(sum));
        if (e != null) {
            c.db().setValue(e, result);
        } else {
            c.db().add(key, result);
        }
        engine.addDirty(1);
        engine.keyspaceEvent(KeyspaceEvents.STRING, "incrbyfloat", key, c.dbIndex());
        c.reply().bulk(result);
        c.propagateAs(new byte[][] {SET, key, result, KEEPTTL_ARG});
    }

    // ---------------------------------------------------------------------------------------------
    // Byte-range commands

    /** APPEND key value */
    static void append(Client c, byte[][] argv) {
        Engine engine = c.engine();
        byte[] key = argv[1];
        byte[] add = argv[2];
        KeyEntry e = engine.lookupWrite(c, key);
        long total;
        if (e == null) {
            c.db().add(key, add);
            total = add.length;
        } else {
            byte[] old = stringValue(c, e);
            if (old == null || !checkStringLength(c, old.length, add.length)) {
                return;
            }
            byte[] joined = Arrays.copyOf(old, old.length + add.length);
            System.arraycopy(add, 0, joined, old.length, add.length);
            c.db().setValue(e, joined);
            total = joined.length;
        }
        engine.keyspaceEvent(KeyspaceEvents.STRING, "append", key, c.dbIndex());
        engine.addDirty(1);
        c.reply().integer(total);
    }

    /** STRLEN key */
    static void strlen(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        byte[] v = stringValue(c, e);
        if (v != null) {
            c.reply().integer(v.length);
        }
    }

    /** GETRANGE key start end (also SUBSTR) */
    static void getrange(Client c, byte[][] argv) {
        long start;
        long end;
        try {
            start = Numbers.parseLong(argv[2]);
            end = Numbers.parseLong(argv[3]);
        } catch (Numbers.NotANumber ex) {
            c.reply().error(NOT_INTEGER);
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().bulk(EMPTY);
            return;
        }
        byte[] v = stringValue(c, e);
        if (v == null) {
            return;
        }
        long len = v.length;
        if (start < 0 && end < 0 && start > end) {
            c.reply().bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = Math.max(0, len + start);
        }
        if (end < 0) {
            end = Math.max(0, len + end);
        }
        if (end >= len) {
            end = len - 1;
        }
        if (start > end || len == 0) {
            c.reply().bulk(EMPTY);
        } else {
            c.reply().bulk(v, (int) start, (int) (end - start + 1));
        }
    }

    /** SETRANGE key offset value */
    static void setrange(Client c, byte[][] argv) {
        long offset;
        try {
            offset = Numbers.parseLong(argv[2]);
        } catch (Numbers.NotANumber ex) {
            c.reply().error(NOT_INTEGER);
            return;
        }
        if (offset < 0) {
            c.reply().error("ERR offset is out of range");
            return;
        }
        Engine engine = c.engine();
        byte[] key = argv[1];
        byte[] part = argv[3];
        KeyEntry e = engine.lookupWrite(c, key);
        byte[] result;
        if (e == null) {
            if (part.length == 0) {
                c.reply().integer(0);
                return;
            }
            if (!checkStringLength(c, offset, part.length)) {
                return;
            }
            result = new byte[(int) offset + part.length];
            System.arraycopy(part, 0, result, (int) offset, part.length);
            c.db().add(key, result);
        } else {
            byte[] old = stringValue(c, e);
            if (old == null) {
                return;
            }
            if (part.length == 0) {
                c.reply().integer(old.length);
                return;
            }
            if (!checkStringLength(c, offset, part.length)) {
                return;
            }
            result = Arrays.copyOf(old, Math.max(old.length, (int) offset + part.length));
            System.arraycopy(part, 0, result, (int) offset, part.length);
            c.db().setValue(e, result);
        }
        engine.keyspaceEvent(KeyspaceEvents.STRING, "setrange", key, c.dbIndex());
        engine.addDirty(1);
        c.reply().integer(result.length);
    }

    // ---------------------------------------------------------------------------------------------
    // LCS

    /** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN] */
    static void lcs(Client c, byte[][] argv) {
        Engine engine = c.engine();
        KeyEntry ea = engine.lookupRead(c, argv[1]);
        KeyEntry eb = engine.lookupRead(c, argv[2]);
        if ((ea != null && !(ea.value instanceof byte[])) || (eb != null && !(eb.value instanceof byte[]))) {
            c.reply().error("ERR The specified keys must contain string values");
            return;
        }
        byte[] a = ea == null ? EMPTY : (byte[]) ea.value;
        byte[] b = eb == null ? EMPTY : (byte[]) eb.value;
        boolean wantIdx = false;
        boolean wantLen = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] o = argv[j];
            boolean more = j + 1 < argv.length;
            if (is(o, "idx")) {
                wantIdx = true;
            } else if (is(o, "len")) {
                wantLen = true;
            } else if (is(o, "withmatchlen")) {
                withMatchLen = true;
            } else if (is(o, "minmatchlen") && more) {
                try {
                    minMatchLen = Math.max(0, Numbers.parseLong(argv[++j]));
                } catch (Numbers.NotANumber ex) {
                    c.reply().error(NOT_INTEGER);
                    return;
                }
            } else {
                c.reply().error(SYNTAX);
                return;
            }
        }
        if (wantIdx && wantLen) {
            c.reply().error("ERR If you want both the length and indexes, please just use IDX.");
            return;
        }
        int alen = a.length;
        int blen = b.length;
        int width = blen + 1;
        long cells = (long) (alen + 1) * width;
        if (cells * 4 > c.engine().settings().protoMaxBulkLen()) {
            c.reply().error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            return;
        }
        int[] t;
        try {
            t = cells > MAX_ARRAY ? null : new int[(int) cells];
        } catch (OutOfMemoryError oom) {
            t = null;
        }
        if (t == null) {
            c.reply().error("ERR Insufficient memory, failed allocating transient memory for LCS");
            return;
        }
        // t[i * width + j] = length of the LCS of a[0..i) and b[0..j); row 0 and column 0 stay 0.
        for (int i = 1; i <= alen; i++) {
            int row = i * width;
            int prev = row - width;
            byte ai = a[i - 1];
            for (int j = 1; j <= blen; j++) {
                if (ai == b[j - 1]) {
                    t[row + j] = t[prev + j - 1] + 1;
                } else {
                    int up = t[prev + j];
                    int left = t[row + j - 1];
                    t[row + j] = Math.max(up, left);
                }
            }
        }
        int total = t[alen * width + blen];
        if (wantLen) {
            c.reply().integer(total);
            return;
        }
        // Walk back from the end: a match moves diagonally and extends the current run of matches; any other
        // step ends the run, which is then reported (if long enough). Ties go towards a shorter b.
        byte[] common = wantIdx ? null : new byte[total];
        int[] ranges = wantIdx ? new int[16] : null;
        int nranges = 0;
        int fill = total;
        int i = alen;
        int j = blen;
        int runA = -1;
        int runAEnd = 0;
        int runB = 0;
        int runBEnd = 0;
        while (i > 0 && j > 0) {
            boolean endRun;
            if (a[i - 1] == b[j - 1]) {
                if (common != null) {
                    common[--fill] = a[i - 1];
                }
                if (runA < 0) {
                    runAEnd = i - 1;
                    runBEnd = j - 1;
                }
                runA = i - 1;
                runB = j - 1;
                endRun = runA == 0 || runB == 0;
                i--;
                j--;
            } else {
                if (t[(i - 1) * width + j] > t[i * width + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                endRun = runA >= 0;
            }
            if (endRun) {
                int matchLen = runAEnd - runA + 1;
                if (ranges != null && matchLen >= minMatchLen) {
                    if (nranges * 5 + 5 > ranges.length) {
                        ranges = Arrays.copyOf(ranges, ranges.length * 2);
                    }
                    int p = nranges * 5;
                    ranges[p] = runA;
                    ranges[p + 1] = runAEnd;
                    ranges[p + 2] = runB;
                    ranges[p + 3] = runBEnd;
                    ranges[p + 4] = matchLen;
                    nranges++;
                }
                runA = -1;
            }
        }
        if (!wantIdx) {
            c.reply().bulk(common);
            return;
        }
        c.reply().map(2);
        c.reply().bulk(MATCHES);
        c.reply().array(nranges);
        for (int r = 0; r < nranges; r++) {
            int p = r * 5;
            c.reply().array(withMatchLen ? 3 : 2);
            c.reply().array(2);
            c.reply().integer(ranges[p]);
            c.reply().integer(ranges[p + 1]);
            c.reply().array(2);
            c.reply().integer(ranges[p + 2]);
            c.reply().integer(ranges[p + 3]);
            if (withMatchLen) {
                c.reply().integer(ranges[p + 4]);
            }
        }
        c.reply().bulk(LEN);
        c.reply().integer(total);
    }

    private static final byte[] MATCHES = ascii("matches");
    private static final byte[] LEN = ascii("len");

    // ---------------------------------------------------------------------------------------------
    // x87 extended precision for INCRBYFLOAT

    /**
     * INCRBYFLOAT works in C's {@code long double}, which on x86-64 is the x87 80-bit format: a 64-bit
     * significand and exponents down to 2^-16445 (subnormal) and up to just under 2^16384. Values here are the
     * exact numbers such a format holds, as BigDecimal, so parsing (strtold), adding and printing
     * ({@code %.17Lf}, trailing zeros removed) give the same digits Redis does.
     */
    static final class LongDouble {
        private LongDouble() {
        }

        /** Significand bits. */
        private static final int PRECISION = 64;
        /** The smallest subnormal is 2^-MIN_SHIFT. */
        private static final int MIN_SHIFT = 16445;
        /** Every finite value is below 2^LIMIT_EXP. */
        private static final int LIMIT_EXP = 16384;
        /** Longest accepted input (Redis's MAX_LONG_DOUBLE_CHARS). */
        private static final int MAX_CHARS = 5 * 1024;

        /** Stand-ins for the infinities (compared by identity). */
        static final BigDecimal POSITIVE_INFINITY = new BigDecimal("1E+100000");
        static final BigDecimal NEGATIVE_INFINITY = new BigDecimal("-1E+100000");

        private static final BigInteger FIVE = BigInteger.valueOf(5);

        /**
         * Parses bytes as Redis's string2ld: strtold syntax (decimal, hexadecimal, inf/infinity, optional
         * sign), no leading space, nothing left over, no NaN, no overflow, no underflow to zero.
         *
         * @throws Numbers.NotANumber if not such a number
         */
        static BigDecimal parse(byte[] s) {
            int len = s.length;
            if (len == 0 || len >= MAX_CHARS || isSpace(s[0])) {
                throw Numbers.NOT_A_NUMBER;
            }
            int n = len; // all of it must be the number (a NUL byte included: not a number)
            int i = 0;
            boolean negative = false;
            if (s[0] == '+' || s[0] == '-') {
                negative = s[0] == '-';
                i = 1;
            }
            BigDecimal v;
            if (matchesWord(s, i, n, "inf") || matchesWord(s, i, n, "infinity")) {
                return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
            } else if (n - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
                v = parseHex(s, i + 2, n);
            } else {
                v = parseDecimal(s, i, n);
            }
            return negative ? v.negate() : v;
        }

        private static boolean isSpace(byte b) {
            return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
        }

        private static boolean matchesWord(byte[] s, int from, int to, String lower) {
            if (to - from != lower.length()) {
                return false;
            }
            for (int k = 0; k < lower.length(); k++) {
                if ((s[from + k] | 0x20) != lower.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isDigit(byte b) {
            return b >= '0' && b <= '9';
        }

        private static int hexValue(byte b) {
            if (b >= '0' && b <= '9') {
                return b - '0';
            }
            int l = b | 0x20;
            return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
        }

        /** Reads an optionally signed decimal exponent at s[i..n), saturating; the whole rest must be it. */
        private static long exponent(byte[] s, int i, int n) {
            boolean neg = false;
            if (i < n && (s[i] == '+' || s[i] == '-')) {
                neg = s[i] == '-';
                i++;
            }
            if (i >= n) {
                throw Numbers.NOT_A_NUMBER;
            }
            long e = 0;
            for (; i < n; i++) {
                if (!isDigit(s[i])) {
                    throw Numbers.NOT_A_NUMBER;
                }
                e = Math.min(e * 10 + (s[i] - '0'), 1_000_000_000L);
            }
            return neg ? -e : e;
        }

        private static BigDecimal parseDecimal(byte[] s, int i, int n) {
            StringBuilder digits = new StringBuilder(n - i);
            int fraction = 0;
            boolean any = false;
            boolean dot = false;
            for (; i < n; i++) {
                byte b = s[i];
                if (isDigit(b)) {
                    any = true;
                    if (digits.length() > 0 || b != '0') {
                        digits.append((char) b);
                    }
                    if (dot) {
                        fraction++;
                    }
                } else if (b == '.' && !dot) {
                    dot = true;
                } else {
                    break;
                }
            }
            if (!any) {
                throw Numbers.NOT_A_NUMBER;
            }
            long exp = 0;
            if (i < n) {
                if (s[i] != 'e' && s[i] != 'E') {
                    throw Numbers.NOT_A_NUMBER;
                }
                exp = exponent(s, i + 1, n);
            }
            if (digits.length() == 0) {
                return BigDecimal.ZERO;
            }
            // value = digits * 10^(exp - fraction); its decimal magnitude decides overflow/underflow early.
            long scale = fraction - exp;
            long log10 = digits.length() - 1 - scale;
            if (log10 > 4933) {
                throw Numbers.NOT_A_NUMBER;
            }
            if (log10 < -4952) {
                throw Numbers.NOT_A_NUMBER;
            }
            BigDecimal exact = new BigDecimal(new BigInteger(digits.toString()), (int) scale);
            BigDecimal r = round(exact);
            if (r == null || r.signum() == 0) {
                throw Numbers.NOT_A_NUMBER;
            }
            return r;
        }

        private static BigDecimal parseHex(byte[] s, int i, int n) {
            BigInteger mant = BigInteger.ZERO;
            int fraction = 0;
            boolean any = false;
            boolean dot = false;
            for (; i < n; i++) {
                int h = hexValue(s[i]);
                if (h >= 0) {
                    any = true;
                    mant = mant.shiftLeft(4).or(BigInteger.valueOf(h));
                    if (dot) {
                        fraction++;
                    }
                } else if (s[i] == '.' && !dot) {
                    dot = true;
                } else {
                    break;
                }
            }
            if (!any) {
                throw Numbers.NOT_A_NUMBER;
            }
            long exp = 0;
            if (i < n) {
                if (s[i] != 'p' && s[i] != 'P') {
                    throw Numbers.NOT_A_NUMBER;
                }
                exp = exponent(s, i + 1, n);
            }
            if (mant.signum() == 0) {
                return BigDecimal.ZERO;
            }
            long shift = exp - 4L * fraction;
            long top = mant.bitLength() - 1 + shift;
            if (top >= LIMIT_EXP || top < -MIN_SHIFT - 1) {
                throw Numbers.NOT_A_NUMBER;
            }
            BigDecimal r = round(times2(mant, (int) shift));
            if (r == null || r.signum() == 0) {
                throw Numbers.NOT_A_NUMBER;
            }
            return r;
        }

        /** m * 2^e exactly. */
        private static BigDecimal times2(BigInteger m, int e) {
            return e >= 0 ? new BigDecimal(m.shiftLeft(e)) : new BigDecimal(m.multiply(FIVE.pow(-e)), -e);
        }

        /** The sum as long double, or null for an infinite or NaN result. */
        static BigDecimal add(BigDecimal a, BigDecimal b) {
            if (a == POSITIVE_INFINITY || a == NEGATIVE_INFINITY || b == POSITIVE_INFINITY || b == NEGATIVE_INFINITY) {
                return null;
            }
            return round(a.add(b));
        }

        /**
         * Rounds an exact value to the nearest long double (ties to even), subnormals included; returns null
         * when it overflows to infinity and zero when it underflows.
         */
        static BigDecimal round(BigDecimal x) {
            int sign = x.signum();
            if (sign == 0) {
                return BigDecimal.ZERO;
            }
            BigDecimal ax = x.abs();
            long log10 = (long) ax.precision() - ax.scale() - 1;
            if (log10 > 4933) {
                return null;
            }
            if (log10 < -4953) {
                return BigDecimal.ZERO;
            }
            BigInteger num = ax.unscaledValue();
            BigInteger den = BigInteger.ONE;
            if (ax.scale() < 0) {
                num = num.multiply(BigInteger.TEN.pow(-ax.scale()));
            } else if (ax.scale() > 0) {
                den = BigInteger.TEN.pow(ax.scale());
            }
            // floor(log2 x) is top or top - 1.
            int top = num.bitLength() - den.bitLength();
            int k = PRECISION - 1 - top; // x * 2^k has 64 or 65 integer bits... or 63: adjusted below
            BigInteger[] qr = scaled(num, den, k);
            int bl = qr[0].bitLength();
            if (bl != PRECISION) {
                k += PRECISION - bl;
                qr = scaled(num, den, k);
            }
            if (k > MIN_SHIFT) {
                k = MIN_SHIFT;
                qr = scaled(num, den, k);
            }
            BigInteger q = qr[0];
            BigInteger rem = qr[1];
            BigInteger divisor = k >= 0 ? den : den.shiftLeft(-k);
            int cmp = rem.shiftLeft(1).compareTo(divisor);
            if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
                q = q.add(BigInteger.ONE);
            }
            if (q.signum() == 0) {
                return BigDecimal.ZERO;
            }
            if ((long) q.bitLength() - 1 - k >= LIMIT_EXP) {
                return null;
            }
            BigDecimal r = times2(q, -k);
            return sign < 0 ? r.negate() : r;
        }

        /** floor and remainder of num * 2^k / den. */
        private static BigInteger[] scaled(BigInteger num, BigInteger den, int k) {
            if (k >= 0) {
                return num.shiftLeft(k).divideAndRemainder(den);
            }
            return num.divideAndRemainder(den.shiftLeft(-k));
        }

        /** C's {@code %.17Lf} with trailing zeros (and a trailing point) removed, and "-0" as "0". */
        static String format(BigDecimal v) {
            String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
            int end = s.length();
            if (s.indexOf('.') >= 0) {
                while (s.charAt(end - 1) == '0') {
                    end--;
                }
                if (s.charAt(end - 1) == '.') {
                    end--;
                }
            }
            s = s.substring(0, end);
            return s.equals("-0") ? "0" : s;
        }
    }
}
