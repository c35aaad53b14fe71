package io.vigil.command;

import io.vigil.keyspace.KeyEntry;
import io.vigil.protocol.Reply;
import io.vigil.types.EncodingLimits;
import io.vigil.types.HashValue;
import io.vigil.util.Glob;
import io.vigil.util.Numbers;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hash type's commands, on {@link HashValue}. Also home of the SCAN-family argument parsing that
 * {@link SetCommands} shares (cursor, MATCH, COUNT).
 *
 * <p>Arrays given to a hash are stored as they are (arguments are never modified after a command), and a
 * hash that loses its last field is deleted, as in Redis.
 */
final class HashCommands {
    private HashCommands() {
    }

    static final byte[] HSET = "HSET".getBytes(StandardCharsets.US_ASCII);
    static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    static final String SYNTAX = "ERR syntax error";
    static final String OUT_OF_RANGE = "ERR value is out of range, value must between -9223372036854775807 and "
            + "9223372036854775807";


    static void register(CommandTable t) {
        t.add(CommandSpec.of("hset", -4, "write denyoom fast", 1, 1, 1, HashCommands::hset)
                .acl("@hash").doc("hash", "2.0.0", "O(1) for each field/value pair added",
                        "Sets one or more fields of a hash, creating the hash if needed.")
                .args("key", "field value [field value ...]"));
        t.add(CommandSpec.of("hsetnx", 4, "write denyoom fast", 1, 1, 1, HashCommands::hsetnx)
                .acl("@hash").doc("hash", "2.0.0", "O(1)", "Sets a field of a hash only when the field is absent.")
                .args("key", "field", "value"));
        t.add(CommandSpec.of("hget", 3, "readonly fast", 1, 1, 1, HashCommands::hget)
                .acl("@hash").doc("hash", "2.0.0", "O(1)", "Returns the value of one field of a hash.")
                .args("key", "field"));
        t.add(CommandSpec.of("hmget", -3, "readonly fast", 1, 1, 1, HashCommands::hmget)
                .acl("@hash").doc("hash", "2.0.0", "O(N) where N is the number of fields requested",
                        "Returns the values of several fields of a hash.")
                .args("key", "field [field ...]"));
        t.add(CommandSpec.of("hmset", -4, "write denyoom fast", 1, 1, 1, HashCommands::hmset)
                .acl("@hash").doc("hash", "2.0.0", "O(N) where N is the number of fields set",
                        "Sets several fields of a hash (deprecated: HSET does the same).")
                .args("key", "field value [field value ...]"));
        t.add(CommandSpec.of("hdel", -3, "write fast", 1, 1, 1, HashCommands::hdel)
                .acl("@hash").doc("hash", "2.0.0", "O(N) where N is the number of fields removed",
                        "Removes fields from a hash; the hash goes away with its last field.")
                .args("key", "field [field ...]"));
        t.add(CommandSpec.of("hlen", 2, "readonly fast", 1, 1, 1, HashCommands::hlen)
                .acl("@hash").doc("hash", "2.0.0", "O(1)", "Returns how many fields a hash has.").args("key"));
        t.add(CommandSpec.of("hstrlen", 3, "readonly fast", 1, 1, 1, HashCommands::hstrlen)
                .acl("@hash").doc("hash", "3.2.0", "O(1)", "Returns the byte length of the value of a hash field.")
                .args("key", "field"));
        t.add(CommandSpec.of("hexists", 3, "readonly fast", 1, 1, 1, HashCommands::hexists)
                .acl("@hash").doc("hash", "2.0.0", "O(1)", "Tells whether a hash has a given field.")
                .args("key", "field"));
        t.add(CommandSpec.of("hkeys", 2, "readonly", 1, 1, 1, HashCommands::hkeys)
                .acl("@hash").doc("hash", "2.0.0", "O(N) where N is the size of the hash",
                        "Returns every field name of a hash.").args("key"));
        t.add(CommandSpec.of("hvals", 2, "readonly", 1, 1, 1, HashCommands::hvals)
                .acl("@hash").doc("hash", "2.0.0", "O(N) where N is the size of the hash",
                        "Returns every value of a hash.").args("key"));
        t.add(CommandSpec.of("hgetall", 2, "readonly", 1, 1, 1, HashCommands::hgetall)
                .acl("@hash").doc("hash", "2.0.0", "O(N) where N is the size of the hash",
                        "Returns every field of a hash with its value.").args("key"));
        t.add(CommandSpec.of("hincrby", 4, "write denyoom fast", 1, 1, 1, HashCommands::hincrby)
                .acl("@hash").doc("hash", "2.0.0", "O(1)",
                        "Adds an integer to the integer value of a hash field (missing counts as 0).")
                .args("key", "field", "increment"));
        t.add(CommandSpec.of("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, HashCommands::hincrbyfloat)
                .acl("@hash").doc("hash", "2.6.0", "O(1)",
                        "Adds a floating point number to the numeric value of a hash field (missing counts as 0).")
                .args("key", "field", "increment"));
        t.add(CommandSpec.of("hrandfield", -2, "readonly", 1, 1, 1, HashCommands::hrandfield)
                .acl("@hash").doc("hash", "6.2.0", "O(N) where N is the number of fields returned",
                        "Returns one or more random fields of a hash, optionally with their values.")
                .args("key", "[count [WITHVALUES]]"));
        t.add(CommandSpec.of("hscan", -3, "readonly", 1, 1, 1, HashCommands::hscan)
                .acl("@hash").doc("hash", "2.8.0", "O(1) for every call, O(N) for a complete iteration",
                        "Walks the fields and values of a hash a few at a time with a cursor.")
                .args("key", "cursor", "[MATCH pattern]", "[COUNT count]"));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** The hash stored in {@code e}, or null after replying WRONGTYPE. */
    static HashValue hashValue(Client c, KeyEntry e) {
        if (e.value instanceof HashValue h) {
            return h;
        }
        c.reply().error(Engine.WRONGTYPE);
        return null;
    }

    /** A key was created (Redis's dbAdd): the {@code new} notification. */
    static void keyCreated(Client c, byte[] key) {
        c.engine().keyspaceEvent(KeyspaceEvents.NEW, "new", key, c.dbIndex());
    }

    /** Deletes a collection that became empty and sends the {@code del} notification. */
    static void deleteEmptied(Client c, KeyEntry e) {
        c.db().deleteEntry(e);
        c.engine().keyspaceEvent(KeyspaceEvents.GENERIC, "del", e.key, c.dbIndex());
    }

    private static void hashEvent(Client c, String event, byte[] key) {
        c.engine().keyspaceEvent(KeyspaceEvents.HASH, event, key, c.dbIndex());
    }

    /**
     * Applies {@code change} to the hash at {@code key}, creating it if absent: the write-path of HSET and
     * friends. Returns the entry's hash (or null after WRONGTYPE); {@code state[0]} receives the entry (null
     * for a new hash, which the caller stores with {@link #store}).
     */
    private static HashValue lookupOrCreate(Client c, byte[] key, KeyEntry[] entry) {
        KeyEntry e = c.engine().lookupWrite(c, key);
        entry[0] = e;
        if (e == null) {
            return HashValue.create();
        }
        return hashValue(c, e);
    }

    /** Stores a new hash, or accounts the in-place change of an existing one. */
    private static void store(Client c, byte[] key, KeyEntry e, HashValue h, long oldSize) {
        if (e == null) {
            c.db().add(key, h);
            keyCreated(c, key);
        } else {
            c.db().valueResized(e, oldSize);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Writes

    /** HSET key field value [field value ...] */
    static void hset(Client c, byte[][] argv) {
        hsetGeneric(c, argv, false);
    }

    /** HMSET key field value [field value ...] */
    static void hmset(Client c, byte[][] argv) {
        hsetGeneric(c, argv, true);
    }

    private static void hsetGeneric(Client c, byte[][] argv, boolean okReply) {
        if ((argv.length & 1) == 1) {
            c.reply().error("ERR wrong number of arguments for '" + (okReply ? "hmset" : "hset") + "' command");
            return;
        }
        KeyEntry[] entry = new KeyEntry[1];
        HashValue h = lookupOrCreate(c, argv[1], entry);
        if (h == null) {
            return;
        }
        KeyEntry e = entry[0];
        long oldSize = e == null ? 0 : h.memoryUsage();
        EncodingLimits lim = c.engine().encodingLimits();
        int maxEntries = lim.hashMaxListpackEntries;
        int maxValue = lim.hashMaxListpackValue;
        if (h.isListpack()) {
            // Redis converts up front when any argument is too long for the listpack.
            for (int i = 2; i < argv.length; i++) {
                if (argv[i].length > maxValue) {
                    h.convertToHashtable();
                    break;
                }
            }
        }
        int created = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (h.set(argv[i], argv[i + 1], maxEntries, maxValue)) {
                created++;
            }
        }
        store(c, argv[1], e, h, oldSize);
        hashEvent(c, "hset", argv[1]);
        c.engine().addDirty((argv.length - 2) / 2);
        if (okReply) {
            c.reply().ok();
        } else {
            c.reply().integer(created);
        }
    }

    /** HSETNX key field value */
    static void hsetnx(Client c, byte[][] argv) {
        KeyEntry[] entry = new KeyEntry[1];
        HashValue h = lookupOrCreate(c, argv[1], entry);
        if (h == null) {
            return;
        }
        KeyEntry e = entry[0];
        if (e != null && h.contains(argv[2])) {
            c.reply().integer(0);
            return;
        }
        long oldSize = e == null ? 0 : h.memoryUsage();
        EncodingLimits lim = c.engine().encodingLimits();
        h.set(argv[2], argv[3], lim.hashMaxListpackEntries, lim.hashMaxListpackValue);
        store(c, argv[1], e, h, oldSize);
        hashEvent(c, "hset", argv[1]);
        c.engine().addDirty(1);
        c.reply().integer(1);
    }

    /** HDEL key field [field ...] */
    static void hdel(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        HashValue h = hashValue(c, e);
        if (h == null) {
            return;
        }
        long oldSize = h.memoryUsage();
        int deleted = 0;
        for (int i = 2; i < argv.length; i++) {
            if (h.delete(argv[i])) {
                deleted++;
                if (h.size() == 0) {
                    break;
                }
            }
        }
        if (deleted > 0) {
            hashEvent(c, "hdel", argv[1]);
            if (h.size() == 0) {
                deleteEmptied(c, e);
            } else {
                c.db().valueResized(e, oldSize);
            }
            c.engine().addDirty(deleted);
        }
        c.reply().integer(deleted);
    }

    /** HINCRBY key field increment */
    static void hincrby(Client c, byte[][] argv) {
        Long incr = Args.longArg(c, argv[3], NOT_INTEGER);
        if (incr == null) {
            return;
        }
        KeyEntry[] entry = new KeyEntry[1];
        HashValue h = lookupOrCreate(c, argv[1], entry);
        if (h == null) {
            return;
        }
        KeyEntry e = entry[0];
        long value = 0;
        byte[] cur = e == null ? null : h.get(argv[2]);
        if (cur != null) {
            try {
                value = Numbers.parseLong(cur);
            } catch (Numbers.NotANumber ex) {
                c.reply().error("ERR hash value is not an integer");
                return;
            }
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            c.reply().error("ERR increment or decrement would overflow");
            return;
        }
        value += incr;
        long oldSize = e == null ? 0 : h.memoryUsage();
        EncodingLimits lim = c.engine().encodingLimits();
        h.set(argv[2], Long.toString(value).getBytes(StandardCharsets.US_ASCII), lim.hashMaxListpackEntries,
                lim.hashMaxListpackValue);
        store(c, argv[1], e, h, oldSize);
        hashEvent(c, "hincrby", argv[1]);
        c.engine().addDirty(1);
        c.reply().integer(value);
    }

    /** HINCRBYFLOAT key field increment (long double arithmetic; propagated as HSET key field result) */
    static void hincrbyfloat(Client c, byte[][] argv) {
        BigDecimal incr;
        try {
            incr = StringCommands.LongDouble.parse(argv[3]);
        } catch (Numbers.NotANumber ex) {
            c.reply().error("ERR value is not a valid float");
            return;
        }
        if (incr == StringCommands.LongDouble.POSITIVE_INFINITY || incr == StringCommands.LongDouble.NEGATIVE_INFINITY) {
            c.reply().error("ERR value is NaN or Infinity");
            return;
        }
        KeyEntry[] entry = new KeyEntry[1];
        HashValue h = lookupOrCreate(c, argv[1], entry);
        if (h == null) {
            return;
        }
        KeyEntry e = entry[0];
        BigDecimal value = BigDecimal.ZERO;
        byte[] cur = e == null ? null : h.get(argv[2]);
        if (cur != null) {
            try {
                value = StringCommands.LongDouble.parse(cur);
            } catch (Numbers.NotANumber ex) {
                c.reply().error("ERR hash value is not a float");
                return;
            }
        }
        BigDecimal sum = StringCommands.LongDouble.add(value, incr);
        if (sum == null) {
            c.reply().error("ERR increment would produce NaN or Infinity");
            return;
        }
        byte[] result = StringCommands.LongDouble.format(sum).getBytes(StandardCharsets.US_ASCII);
        long oldSize = e == null ? 0 : h.memoryUsage();
        EncodingLimits lim = c.engine().encodingLimits();
        h.set(argv[2], result, lim.hashMaxListpackEntries, lim.hashMaxListpackValue);
        store(c, argv[1], e, h, oldSize);
        hashEvent(c, "hincrbyfloat", argv[1]);
        c.engine().addDirty(1);
        c.reply().bulk(result);
        c.propagateAs(new byte[][] {HSET, argv[1], argv[2], result});
    }

    // ---------------------------------------------------------------------------------------------
    // Reads

    /** HGET key field */
    static void hget(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        HashValue h = hashValue(c, e);
        if (h != null) {
            c.reply().bulkOrNull(h.get(argv[2]));
        }
    }

    /** HMGET key field [field ...] */
    static void hmget(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        HashValue h = null;
        if (e != null) {
            h = hashValue(c, e);
            if (h == null) {
                return;
            }
        }
        Reply r = c.reply();
        r.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            r.bulkOrNull(h == null ? null : h.get(argv[i]));
        }
    }

    /** HLEN key */
    static void hlen(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        HashValue h = hashValue(c, e);
        if (h != null) {
            c.reply().integer(h.size());
        }
    }

    /** HSTRLEN key field */
    static void hstrlen(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        HashValue h = hashValue(c, e);
        if (h != null) {
            c.reply().integer(Math.max(0, h.valueLength(argv[2])));
        }
    }

    /** HEXISTS key field */
    static void hexists(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        HashValue h = hashValue(c, e);
        if (h != null) {
            c.reply().integer(h.contains(argv[2]) ? 1 : 0);
        }
    }

    /** HKEYS key */
    static void hkeys(Client c, byte[][] argv) {
        getAll(c, argv[1], true, false);
    }

    /** HVALS key */
    static void hvals(Client c, byte[][] argv) {
        getAll(c, argv[1], false, true);
    }

    /** HGETALL key */
    static void hgetall(Client c, byte[][] argv) {
        getAll(c, argv[1], true, true);
    }

    private static void getAll(Client c, byte[] key, boolean fields, boolean values) {
        boolean both = fields && values;
        KeyEntry e = c.engine().lookupRead(c, key);
        if (e == null) {
            if (both) {
                c.reply().map(0);
            } else {
                c.reply().array(0);
            }
            return;
        }
        HashValue h = hashValue(c, e);
        if (h == null) {
            return;
        }
        Reply r = c.reply();
        if (both) {
            r.map(h.size());
        } else {
            r.array(h.size());
        }
        HashValue.Entries it = h.entries();
        while (it.next()) {
            if (fields) {
                r.bulk(it.fieldArray, it.fieldOffset, it.fieldLength);
            }
            if (values) {
                r.bulk(it.valueArray, it.valueOffset, it.valueLength);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // HRANDFIELD

    /** HRANDFIELD key [count [WITHVALUES]] */
    static void hrandfield(Client c, byte[][] argv) {
        if (argv.length >= 3) {
            hrandfieldWithCount(c, argv);
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        HashValue h = hashValue(c, e);
        if (h == null) {
            return;
        }
        HashValue.Entries it = h.entries();
        it.at(ThreadLocalRandom.current().nextInt(h.size()));
        c.reply().bulk(it.fieldArray, it.fieldOffset, it.fieldLength);
    }

    /**
     * Parses a signed count as Redis's getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX); replies the error
     * and returns {@link Long#MIN_VALUE} when it is not valid.
     */
    static long parseRandomCount(Client c, byte[] arg) {
        Long parsed = Args.longArg(c, arg, NOT_INTEGER);
        if (parsed == null) {
            return Long.MIN_VALUE;
        }
        long l = parsed;
        if (l == Long.MIN_VALUE) {
            c.reply().error(OUT_OF_RANGE);
        }
        return l;
    }

    private static void hrandfieldWithCount(Client c, byte[][] argv) {
        long l = parseRandomCount(c, argv[2]);
        if (l == Long.MIN_VALUE) {
            return;
        }
        boolean withValues = false;
        if (argv.length > 4 || (argv.length == 4 && !Engine.lower(argv[3]).equals("withvalues"))) {
            c.reply().error(SYNTAX);
            return;
        } else if (argv.length == 4) {
            withValues = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                c.reply().error("ERR value is out of range");
                return;
            }
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().array(0);
            return;
        }
        HashValue h = hashValue(c, e);
        if (h == null) {
            return;
        }
        Reply r = c.reply();
        boolean pairs = withValues && c.protocol() > 2;
        int size = h.size();
        HashValue.Entries it = h.entries();
        if (l == 0) {
            r.array(0);
            return;
        }
        if (l < 0) {
            // Repetitions allowed: count independent picks.
            long count = -l;
            long n = withValues && !pairs ? count * 2 : count;
            if (!replyFits(c, n)) {
                return;
            }
            r.array((int) n);
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (long k = 0; k < count; k++) {
                it.at(rnd.nextInt(size));
                writeRandomEntry(r, it, withValues, pairs);
            }
            return;
        }
        if (l >= size) {
            // The whole hash, in its order.
            r.array(withValues && !pairs ? size * 2 : size);
            while (it.next()) {
                writeRandomEntry(r, it, withValues, pairs);
            }
            return;
        }
        int count = (int) l;
        int[] picks = distinctIndexes(size, count);
        r.array(withValues && !pairs ? count * 2 : count);
        for (int p : picks) {
            it.at(p);
            writeRandomEntry(r, it, withValues, pairs);
        }
    }

    /**
     * Checks that a reply of {@code n} elements can be built (an array cannot exceed int range; Redis would
     * try and run out of memory). Replies an error and returns false if not.
     */
    static boolean replyFits(Client c, long n) {
        if (n > Integer.MAX_VALUE - 8) {
            c.reply().error("ERR value is out of range");
            return false;
        }
        return true;
    }

    private static void writeRandomEntry(Reply r, HashValue.Entries it, boolean withValues, boolean pairs) {
        if (pairs) {
            r.array(2);
        }
        r.bulk(it.fieldArray, it.fieldOffset, it.fieldLength);
        if (withValues) {
            r.bulk(it.valueArray, it.valueOffset, it.valueLength);
        }
    }

    /** {@code count} distinct indexes out of {@code 0..size-1} (count &lt; size), in random order. */
    static int[] distinctIndexes(int size, int count) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int[] out = new int[count];
        if ((long) count * 3 > size) {
            // Partial Fisher-Yates over all indexes.
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(size - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
                out[i] = all[i];
            }
            return out;
        }
        java.util.HashSet<Integer> seen = new java.util.HashSet<>(count * 2);
        int n = 0;
        while (n < count) {
            int i = rnd.nextInt(size);
            if (seen.add(i)) {
                out[n++] = i;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // SCAN family (shared with SetCommands)

    /**
     * Parses a SCAN cursor as Redis does (C's strtoul in base 10: optional sign, a '-' negating modulo 2^64,
     * the empty string reading as 0; no leading space, nothing after the digits, no overflow). Replies
     * {@code ERR invalid cursor} and returns false when invalid.
     */
    static boolean parseCursor(Client c, byte[] s, long[] out) {
        int n = s.length;
        int i = 0;
        boolean negative = false;
        boolean ok = true;
        if (n > 0 && (s[0] == '+' || s[0] == '-')) {
            negative = s[0] == '-';
            i = 1;
            ok = n > 1;
        }
        long v = 0;
        for (; ok && i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9 || Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                ok = false;
                break;
            }
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) {
                ok = false;
                break;
            }
            v = next;
        }
        if (!ok) {
            c.reply().error("ERR invalid cursor");
            return false;
        }
        out[0] = negative ? -v : v;
        return true;
    }

    /** MATCH and COUNT of an HSCAN/SSCAN. */
    static final class ScanOptions {
        /** The pattern, or null when everything matches (no MATCH, or MATCH *). */
        byte[] pattern;
        long count = 10;

        boolean matches(byte[] a, int off, int len) {
            return pattern == null || Glob.match(pattern, 0, pattern.length, a, off, len, false);
        }

        boolean matches(byte[] a) {
            return pattern == null || Glob.match(pattern, a, false);
        }
    }

    /** Parses the options from {@code argv[from]} on; replies the error and returns null if invalid. */
    static ScanOptions parseScanOptions(Client c, byte[][] argv, int from) {
        ScanOptions o = new ScanOptions();
        for (int i = from; i < argv.length; ) {
            boolean more = i + 1 < argv.length;
            String opt = Engine.lower(argv[i]);
            if (opt.equals("count") && more) {
                Long count = Args.longArg(c, argv[i + 1], NOT_INTEGER);
                if (count == null) {
                    return null;
                }
                o.count = count;
                if (o.count < 1) {
                    c.reply().error(SYNTAX);
                    return null;
                }
                i += 2;
            } else if (opt.equals("match") && more) {
                byte[] p = argv[i + 1];
                o.pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else {
                c.reply().error(SYNTAX);
                return null;
            }
        }
        return o;
    }

    /** The reply to a SCAN of a missing key: cursor 0 and nothing. */
    static void emptyScan(Client c) {
        c.reply().array(2);
        c.reply().bulk(ZERO);
        c.reply().array(0);
    }

    static final byte[] ZERO = {'0'};

    /** HSCAN key cursor [MATCH pattern] [COUNT count] */
    static void hscan(Client c, byte[][] argv) {
        long[] cur = new long[1];
        if (!parseCursor(c, argv[2], cur)) {
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            emptyScan(c);
            return;
        }
        HashValue h = hashValue(c, e);
        if (h == null) {
            return;
        }
        ScanOptions o = parseScanOptions(c, argv, 3);
        if (o == null) {
            return;
        }
        Reply r = c.reply();
        if (h.isListpack()) {
            // A compact hash is returned whole in one call.
            HashValue.Entries it = h.entries();
            int n = 0;
            if (o.pattern == null) {
                n = h.size();
            } else {
                while (it.next()) {
                    if (o.matches(it.fieldArray, it.fieldOffset, it.fieldLength)) {
                        n++;
                    }
                }
                it = h.entries();
            }
            r.array(2);
            r.bulk(ZERO);
            r.array(n * 2);
            while (it.next()) {
                if (o.matches(it.fieldArray, it.fieldOffset, it.fieldLength)) {
                    r.bulk(it.fieldArray, it.fieldOffset, it.fieldLength);
                    r.bulk(it.valueArray, it.valueOffset, it.valueLength);
                }
            }
            return;
        }
        List<byte[]> found = new ArrayList<>();
        long cursor = cur[0];
        long maxIterations = o.count * 10;
        do {
            cursor = h.scan(cursor, (f, v) -> {
                found.add(f);
                found.add(v);
            });
        } while (cursor != 0 && maxIterations-- != 0 && found.size() < o.count);
        int n = 0;
        for (int i = 0; i < found.size(); i += 2) {
            if (o.matches(found.get(i))) {
                found.set(n++, found.get(i));
                found.set(n++, found.get(i + 1));
            }
        }
        r.array(2);
        r.bulk(Long.toUnsignedString(cursor).getBytes(StandardCharsets.US_ASCII));
        r.array(n);
        for (int i = 0; i < n; i++) {
            r.bulk(found.get(i));
        }
    }
}
