package io.vigil.command;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.Keyspace;
import io.vigil.util.Glob;
import io.vigil.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The generic keyspace commands (DEL, EXISTS, TYPE, KEYS, SCAN, RENAME, COPY, MOVE, OBJECT...), the expiry
 * commands (EXPIRE and friends, TTL and friends, PERSIST) and the whole-database ones (DBSIZE, FLUSHDB,
 * FLUSHALL, SWAPDB).
 *
 * <p>Key lookups follow Redis's kinds: a <em>read</em> lookup counts a keyspace hit or miss and sends a
 * {@code keymiss} notification on a miss; a <em>write</em> lookup does neither; both expire the key lazily.
 * Commands that only inspect a key (EXISTS, TYPE, TTL, OBJECT, SCAN ... TYPE) do not update its LRU/LFU
 * field; TOUCH, COPY's source and the write lookups do.
 */
final class KeyCommands {
    private KeyCommands() {
    }

    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNLINK = "UNLINK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);

    static final String NO_SUCH_KEY = "ERR no such key";
    static final String SAME_OBJECT = "ERR source and destination objects are the same";
    static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";
    static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";
    static final String INT_OUT_OF_RANGE =
            "ERR value is out of range, value must between -2147483648 and 2147483647";
    static final String SYNTAX = "ERR syntax error";
    static final String NO_LFU = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
            + "Please note that when switching between policies at runtime LRU and LFU data will take some "
            + "time to adjust.";
    static final String LFU_NO_IDLE = "ERR An LFU maxmemory policy is selected, idle time not tracked. "
            + "Please note that when switching between policies at runtime LRU and LFU data will take some "
            + "time to adjust.";

    /** Values below this are shared integer objects in Redis (OBJECT REFCOUNT reports INT_MAX for them). */
    private static final long SHARED_INTEGERS = 10000;

    private static final String[] OBJECT_HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    };

    private static final int[] NO_KEYS = new int[0];

    /**
     * For writes whose modified keys depend on what happened (DEL: only the keys deleted; COPY: only the
     * destination, possibly in another database): the handler calls {@link Engine#keyModified} itself.
     */
    private static final CommandSpec.KeyFinder SIGNALLED_BY_HANDLER = argv -> NO_KEYS;

    static void register(CommandTable t) {
        t.add(CommandSpec.of("del", -2, "write", 1, -1, 1, KeyCommands::del).modifies(SIGNALLED_BY_HANDLER)
                .acl("@keyspace").doc("generic", "1.0.0", "O(N) in the number of keys, plus the size of each "
                        + "aggregate value removed", "Deletes one or more keys.").args("key [key ...]"));
        t.add(CommandSpec.of("unlink", -2, "write fast", 1, -1, 1, KeyCommands::unlink).modifies(SIGNALLED_BY_HANDLER)
                .acl("@keyspace").doc("generic", "4.0.0", "O(1) per key; memory is reclaimed later",
                        "Deletes one or more keys, reclaiming their memory in the background.")
                .args("key [key ...]"));
        t.add(CommandSpec.of("exists", -2, "readonly fast", 1, -1, 1, KeyCommands::exists)
                .acl("@keyspace").doc("generic", "1.0.0", "O(N) in the number of keys given",
                        "Counts how many of the given keys exist (a key named twice counts twice).")
                .args("key [key ...]"));
        t.add(CommandSpec.of("type", 2, "readonly fast", 1, 1, 1, KeyCommands::type)
                .acl("@keyspace").doc("generic", "1.0.0", "O(1)", "Tells which data type a key holds.")
                .args("key"));
        t.add(CommandSpec.of("keys", 2, "readonly", 0, 0, 0, KeyCommands::keys)
                .acl("@keyspace @dangerous").doc("generic", "1.0.0", "O(N) in the number of keys in the database",
                        "Lists every key whose name matches a glob-style pattern.").args("pattern"));
        t.add(CommandSpec.of("scan", -2, "readonly", 0, 0, 0, KeyCommands::scan)
                .acl("@keyspace").doc("generic", "2.8.0", "O(1) per call, O(N) for a whole iteration",
                        "Walks the key space a few keys at a time with a cursor.")
                .args("cursor", "[MATCH pattern]", "[COUNT count]", "[TYPE type]"));
        t.add(CommandSpec.of("randomkey", 1, "readonly", 0, 0, 0, KeyCommands::randomkey)
                .acl("@keyspace").doc("generic", "1.0.0", "O(1)", "Returns a key picked at random."));
        t.add(CommandSpec.of("rename", 3, "write", 1, 2, 1, KeyCommands::rename)
                .acl("@keyspace").doc("generic", "1.0.0", "O(1)",
                        "Gives a key a new name, replacing any key already called that.").args("key", "newkey"));
        t.add(CommandSpec.of("renamenx", 3, "write fast", 1, 2, 1, KeyCommands::renamenx)
                .acl("@keyspace").doc("generic", "1.0.0", "O(1)",
                        "Gives a key a new name unless that name is taken.").args("key", "newkey"));
        t.add(CommandSpec.of("copy", -3, "write denyoom", 1, 2, 1, KeyCommands::copy).modifies(SIGNALLED_BY_HANDLER)
                .acl("@keyspace").doc("generic", "6.2.0", "O(N) in the number of nested items; O(1) for strings",
                        "Duplicates the value of a key under another key, possibly in another database.")
                .args("source", "destination", "[DB destination-db]", "[REPLACE]"));
        t.add(CommandSpec.of("move", 3, "write fast", 1, 1, 1, KeyCommands::move)
                .acl("@keyspace").doc("generic", "1.0.0", "O(1)",
                        "Moves a key from the selected database to another one.").args("key", "db"));
        t.add(CommandSpec.of("touch", -2, "readonly fast", 1, -1, 1, KeyCommands::touch)
                .acl("@keyspace").doc("generic", "3.2.1", "O(N) in the number of keys given",
                        "Marks keys as just accessed and counts how many exist.").args("key [key ...]"));
        t.add(CommandSpec.container("object", -2, "")
                .doc("generic", "2.2.3", "Depends on the subcommand", "Introspection of stored values.")
                .sub(CommandSpec.of("encoding", 3, "readonly", 2, 2, 1, KeyCommands::objectEncoding)
                        .acl("@keyspace").doc("generic", "2.2.3", "O(1)",
                                "Tells how the value of a key is represented internally.").args("key"))
                .sub(CommandSpec.of("freq", 3, "readonly", 2, 2, 1, KeyCommands::objectFreq)
                        .acl("@keyspace").doc("generic", "4.0.0", "O(1)",
                                "Returns the logarithmic access-frequency counter of a key (LFU policies).")
                        .args("key"))
                .sub(CommandSpec.of("idletime", 3, "readonly", 2, 2, 1, KeyCommands::objectIdletime)
                        .acl("@keyspace").doc("generic", "2.2.3", "O(1)",
                                "Returns the seconds since a key was last accessed (non-LFU policies).")
                        .args("key"))
                .sub(CommandSpec.of("refcount", 3, "readonly", 2, 2, 1, KeyCommands::objectRefcount)
                        .acl("@keyspace").doc("generic", "2.2.3", "O(1)",
                                "Returns how many references the value of a key has.").args("key"))
                .sub(CommandSpec.of("help", 2, "loading stale", 0, 0, 0, KeyCommands::objectHelp)
                        .acl("@keyspace").doc("generic", "6.2.0", "O(1)", "Describes the OBJECT subcommands.")));
        t.add(CommandSpec.of("expire", -3, "write fast", 1, 1, 1, KeyCommands::expire)
                .acl("@keyspace").doc("generic", "1.0.0", "O(1)", "Sets a key to expire after some seconds.")
                .args("key", "seconds", "[NX | XX | GT | LT]"));
        t.add(CommandSpec.of("pexpire", -3, "write fast", 1, 1, 1, KeyCommands::pexpire)
                .acl("@keyspace").doc("generic", "2.6.0", "O(1)", "Sets a key to expire after some milliseconds.")
                .args("key", "milliseconds", "[NX | XX | GT | LT]"));
        t.add(CommandSpec.of("expireat", -3, "write fast", 1, 1, 1, KeyCommands::expireat)
                .acl("@keyspace").doc("generic", "1.2.0", "O(1)",
                        "Sets a key to expire at a unix time given in seconds.")
                .args("key", "unix-time-seconds", "[NX | XX | GT | LT]"));
        t.add(CommandSpec.of("pexpireat", -3, "write fast", 1, 1, 1, KeyCommands::pexpireat)
                .acl("@keyspace").doc("generic", "2.6.0", "O(1)",
                        "Sets a key to expire at a unix time given in milliseconds.")
                .args("key", "unix-time-milliseconds", "[NX | XX | GT | LT]"));
        t.add(CommandSpec.of("ttl", 2, "readonly fast", 1, 1, 1, KeyCommands::ttl)
                .acl("@keyspace").doc("generic", "1.0.0", "O(1)", "Returns the seconds a key has left to live.")
                .args("key"));
        t.add(CommandSpec.of("pttl", 2, "readonly fast", 1, 1, 1, KeyCommands::pttl)
                .acl("@keyspace").doc("generic", "2.6.0", "O(1)",
                        "Returns the milliseconds a key has left to live.").args("key"));
        t.add(CommandSpec.of("expiretime", 2, "readonly fast", 1, 1, 1, KeyCommands::expiretime)
                .acl("@keyspace").doc("generic", "7.0.0", "O(1)",
                        "Returns the unix time, in seconds, at which a key expires.").args("key"));
        t.add(CommandSpec.of("pexpiretime", 2, "readonly fast", 1, 1, 1, KeyCommands::pexpiretime)
                .acl("@keyspace").doc("generic", "7.0.0", "O(1)",
                        "Returns the unix time, in milliseconds, at which a key expires.").args("key"));
        t.add(CommandSpec.of("persist", 2, "write fast", 1, 1, 1, KeyCommands::persist)
                .acl("@keyspace").doc("generic", "2.2.0", "O(1)", "Removes the time to live of a key.")
                .args("key"));
        t.add(CommandSpec.of("dbsize", 1, "readonly fast", 0, 0, 0, KeyCommands::dbsize)
                .acl("@keyspace").doc("server", "1.0.0", "O(1)",
                        "Returns how many keys the selected database holds."));
        t.add(CommandSpec.of("flushdb", -1, "write", 0, 0, 0, KeyCommands::flushdb)
                .acl("@keyspace @dangerous").doc("server", "1.0.0", "O(N) in the number of keys in the database",
                        "Deletes every key of the selected database.").args("[ASYNC | SYNC]"));
        t.add(CommandSpec.of("flushall", -1, "write", 0, 0, 0, KeyCommands::flushall)
                .acl("@keyspace @dangerous").doc("server", "1.0.0", "O(N) in the number of keys in all databases",
                        "Deletes every key of every database.").args("[ASYNC | SYNC]"));
        t.add(CommandSpec.of("swapdb", 3, "write fast", 0, 0, 0, KeyCommands::swapdb)
                .acl("@keyspace @dangerous").doc("server", "4.0.0",
                        "O(N) in the number of clients watching or blocked on keys of both databases",
                        "Exchanges the contents of two databases.").args("index1", "index2"));
    }

    // ---------------------------------------------------------------------------------------------
    // Lookups as Redis distinguishes them

    /**
     * A read lookup (lookupKeyRead): lazily expires, counts a keyspace hit or miss, notifies {@code keymiss}
     * on a miss; {@code touch} says whether the LRU/LFU field is updated.
     */
    static KeyEntry readKey(Client c, Database db, byte[] key, boolean touch) {
        KeyEntry e = touch ? db.lookup(key) : db.lookupNoTouch(key);
        Stats stats = c.engine().stats();
        if (e == null) {
            stats.keyspaceMisses++;
            c.engine().keyspaceEvent(KeyspaceEvents.KEY_MISS, "keymiss", key, db.id());
        } else {
            stats.keyspaceHits++;
        }
        return e;
    }

    /** The OBJECT lookup: no touch, no keymiss notification, but hits and misses are counted. */
    private static KeyEntry objectKey(Client c, byte[] key) {
        KeyEntry e = c.db().lookupNoTouch(key);
        Stats stats = c.engine().stats();
        if (e == null) {
            stats.keyspaceMisses++;
        } else {
            stats.keyspaceHits++;
        }
        return e;
    }

    private static void genericEvent(Client c, String event, byte[] key, int db) {
        c.engine().keyspaceEvent(KeyspaceEvents.GENERIC, event, key, db);
    }

    // ---------------------------------------------------------------------------------------------
    // DEL, UNLINK, EXISTS, TOUCH, TYPE

    /** DEL key [key ...] */
    static void del(Client c, byte[][] argv) {
        deleteKeys(c, argv);
    }

    /** UNLINK key [key ...] */
    static void unlink(Client c, byte[][] argv) {
        deleteKeys(c, argv);
    }

    private static void deleteKeys(Client c, byte[][] argv) {
        Database db = c.db();
        int deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.delete(argv[i])) {
                c.engine().keyModified(db.id(), argv[i]);
                genericEvent(c, "del", argv[i], db.id());
                c.engine().addDirty(1);
                deleted++;
            }
        }
        c.reply().integer(deleted);
    }

    /** EXISTS key [key ...] */
    static void exists(Client c, byte[][] argv) {
        Database db = c.db();
        int n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (readKey(c, db, argv[i], false) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    /** TOUCH key [key ...] */
    static void touch(Client c, byte[][] argv) {
        Database db = c.db();
        int n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (readKey(c, db, argv[i], true) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    /** TYPE key */
    static void type(Client c, byte[][] argv) {
        KeyEntry e = readKey(c, c.db(), argv[1], false);
        c.reply().simple(e == null ? "none" : TypeNames.typeName(e.value));
    }

    // ---------------------------------------------------------------------------------------------
    // KEYS, SCAN, RANDOMKEY, DBSIZE

    /** KEYS pattern */
    static void keys(Client c, byte[][] argv) {
        Database db = c.db();
        byte[] pattern = argv[1];
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> out = new ArrayList<>();
        db.forEach(e -> {
            if ((all || Glob.match(pattern, e.key, false)) && !db.isExpired(e)) {
                out.add(e.key);
            }
        });
        c.reply().array(out.size());
        for (byte[] k : out) {
            c.reply().bulk(k);
        }
    }

    /**
     * Parses a SCAN cursor as C's strtoul in base 10 with Redis's extra checks: no leading space, nothing
     * after the digits, no overflow; an optional sign is accepted (a '-' negates modulo 2^64) and the empty
     * string reads as 0.
     *
     * @return true and the cursor in {@code out[0]}, or false if invalid
     */
    static boolean parseCursor(byte[] s, long[] out) {
        int n = s.length;
        if (n == 0) {
            out[0] = 0;
            return true;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '+' || s[0] == '-') {
            negative = s[0] == '-';
            i = 1;
        }
        if (i == n) {
            return false;
        }
        long v = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            // v * 10 + d must stay below 2^64 (unsigned).
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                return false;
            }
            long times10 = v * 10;
            long next = times10 + d;
            if (Long.compareUnsigned(next, times10) < 0) {
                return false;
            }
            v = next;
        }
        out[0] = negative ? -v : v;
        return true;
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
    static void scan(Client c, byte[][] argv) {
        long[] cur = new long[1];
        if (!parseCursor(argv[1], cur)) {
            c.reply().error("ERR invalid cursor");
            return;
        }
        long count = 10;
        byte[] pattern = null;
        byte[] typeName = null;
        for (int i = 2; i < argv.length; ) {
            int left = argv.length - i;
            String opt = Engine.lower(argv[i]);
            if (opt.equals("count") && left >= 2) {
                try {
                    count = Numbers.parseLong(argv[i + 1]);
                } catch (Numbers.NotANumber e) {
                    c.reply().error(NOT_AN_INTEGER);
                    return;
                }
                if (count < 1) {
                    c.reply().error(SYNTAX);
                    return;
                }
                i += 2;
            } else if (opt.equals("match") && left >= 2) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else if (opt.equals("type") && left >= 2) {
                typeName = argv[i + 1];
                i += 2;
            } else {
                c.reply().error(SYNTAX);
                return;
            }
        }
        Database db = c.db();
        List<KeyEntry> found = new ArrayList<>();
        long cursor = cur[0];
        long maxIterations = count * 10;
        do {
            cursor = db.scan(cursor, found::add);
        } while (cursor != 0 && maxIterations-- != 0 && found.size() < count);

        // Filter after the scan step, as Redis does: pattern, type, then logical expiry (which deletes).
        List<byte[]> keys = new ArrayList<>(found.size());
        for (KeyEntry e : found) {
            byte[] key = e.key;
            if (pattern != null && !Glob.match(pattern, key, false)) {
                continue;
            }
            if (typeName != null) {
                KeyEntry live = readKey(c, db, key, false);
                String name = live == null ? "none" : TypeNames.typeName(live.value);
                if (!asciiEqualsIgnoreCase(typeName, name)) {
                    continue;
                }
            }
            KeyEntry raw = db.findRaw(key);
            if (raw != null && db.isExpired(raw)) {
                db.lookupNoTouch(key); // expires it (in lazy-delete mode)
                continue;
            }
            keys.add(key);
        }
        c.reply().array(2);
        c.reply().bulk(Long.toUnsignedString(cursor));
        c.reply().array(keys.size());
        for (byte[] k : keys) {
            c.reply().bulk(k);
        }
    }

    private static boolean asciiEqualsIgnoreCase(byte[] a, String b) {
        if (a.length != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            int x = a[i] & 0xff;
            int y = b.charAt(i);
            if (x >= 'A' && x <= 'Z') {
                x += 32;
            }
            if (y >= 'A' && y <= 'Z') {
                y += 32;
            }
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    /** RANDOMKEY */
    static void randomkey(Client c, byte[][] argv) {
        KeyEntry e = c.db().randomEntry();
        if (e == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(e.key);
        }
    }

    /** DBSIZE */
    static void dbsize(Client c, byte[][] argv) {
        c.reply().integer(c.db().size());
    }

    // ---------------------------------------------------------------------------------------------
    // RENAME, RENAMENX, MOVE, COPY

    /** RENAME key newkey */
    static void rename(Client c, byte[][] argv) {
        rename(c, argv, false);
    }

    /** RENAMENX key newkey */
    static void renamenx(Client c, byte[][] argv) {
        rename(c, argv, true);
    }

    private static void rename(Client c, byte[][] argv, boolean nx) {
        Database db = c.db();
        byte[] from = argv[1];
        byte[] to = argv[2];
        KeyEntry src = db.lookup(from);
        if (src == null) {
            c.reply().error(NO_SUCH_KEY);
            return;
        }
        if (Arrays.equals(from, to)) {
            if (nx) {
                c.reply().integer(0);
            } else {
                c.reply().ok();
            }
            return;
        }
        if (db.lookup(to) != null) {
            if (nx) {
                c.reply().integer(0);
                return;
            }
            db.delete(to);
        }
        long expire = src.expireAt();
        Object value = src.value;
        db.deleteEntry(src);
        KeyEntry dst = db.add(to, value);
        if (expire >= 0) {
            db.setExpire(dst, expire);
        }
        keepAccessInfo(db, src, db, dst);
        int id = db.id();
        genericEvent(c, "rename_from", from, id);
        genericEvent(c, "rename_to", to, id);
        c.engine().addDirty(1);
        if (nx) {
            c.reply().integer(1);
        } else {
            c.reply().ok();
        }
    }

    /**
     * Carries the access information of a value that moves to a new entry (RENAME, MOVE), since Redis
     * keeps it on the value object: the LFU counter under an LFU policy. (Under LRU the source was just
     * touched by the write lookup, so the new entry's fresh LRU stamp is already right.)
     */
    private static void keepAccessInfo(Database fromDb, KeyEntry from, Database toDb, KeyEntry to) {
        if (fromDb.keyspace().settings().policy().isLfu()) {
            toDb.setFrequency(to, fromDb.frequency(from));
        }
    }

    /** MOVE key db */
    static void move(Client c, byte[][] argv) {
        Keyspace ks = c.engine().keyspace();
        long target = parseInt(c, argv[2], null);
        if (target == BAD_INT) {
            return;
        }
        if (target < 0 || target >= ks.count()) {
            c.reply().error(DB_OUT_OF_RANGE);
            return;
        }
        Database src = c.db();
        Database dst = ks.db((int) target);
        if (src == dst) {
            c.reply().error(SAME_OBJECT);
            return;
        }
        byte[] key = argv[1];
        KeyEntry e = src.lookup(key);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        long expire = e.expireAt();
        if (dst.lookup(key) != null) {
            c.reply().integer(0);
            return;
        }
        Object value = e.value;
        src.deleteEntry(e);
        KeyEntry moved = dst.add(key, value);
        if (expire >= 0) {
            dst.setExpire(moved, expire);
        }
        keepAccessInfo(src, e, dst, moved);
        c.engine().keyModified(dst.id(), key); // the engine signals the source key itself
        genericEvent(c, "move_from", key, src.id());
        genericEvent(c, "move_to", key, dst.id());
        c.engine().addDirty(1);
        c.reply().integer(1);
    }

    /** COPY source destination [DB destination-db] [REPLACE] */
    static void copy(Client c, byte[][] argv) {
        Keyspace ks = c.engine().keyspace();
        Database src = c.db();
        Database dst = src;
        boolean replace = false;
        for (int j = 3; j < argv.length; j++) {
            int additional = argv.length - j - 1;
            String opt = Engine.lower(argv[j]);
            if (opt.equals("replace")) {
                replace = true;
            } else if (opt.equals("db") && additional >= 1) {
                long id = parseInt(c, argv[j + 1], null);
                if (id == BAD_INT) {
                    return;
                }
                if (id < 0 || id >= ks.count()) {
                    c.reply().error(DB_OUT_OF_RANGE);
                    return;
                }
                dst = ks.db((int) id);
                j++;
            } else {
                c.reply().error(SYNTAX);
                return;
            }
        }
        byte[] key = argv[1];
        byte[] newKey = argv[2];
        if (src == dst && Arrays.equals(key, newKey)) {
            c.reply().error(SAME_OBJECT);
            return;
        }
        KeyEntry e = readKey(c, src, key, true);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        long expire = e.expireAt();
        boolean delete = false;
        if (dst.lookup(newKey) != null) {
            if (!replace) {
                c.reply().integer(0);
                return;
            }
            delete = true;
        }
        Object copy = TypeNames.copy(e.value);
        if (copy == null) {
            c.reply().error("ERR unknown type object");
            return;
        }
        if (delete) {
            dst.delete(newKey);
        }
        KeyEntry created = dst.add(newKey, copy);
        if (expire >= 0) {
            dst.setExpire(created, expire);
        }
        c.engine().keyModified(dst.id(), newKey);
        genericEvent(c, "copy_to", newKey, dst.id());
        c.engine().addDirty(1);
        c.reply().integer(1);
    }

    /** What {@link #parseInt} returns after replying an error. */
    private static final long BAD_INT = Long.MIN_VALUE;

    /**
     * Redis's getIntFromObjectOrReply: a 64-bit integer that fits in 32 bits. On failure replies
     * {@code message} (if not null, for both failures) or the standard texts and returns {@link #BAD_INT}.
     */
    private static long parseInt(Client c, byte[] arg, String message) {
        long v;
        try {
            v = Numbers.parseLong(arg);
        } catch (Numbers.NotANumber e) {
            c.reply().error(message != null ? message : NOT_AN_INTEGER);
            return BAD_INT;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            c.reply().error(message != null ? message : INT_OUT_OF_RANGE);
            return BAD_INT;
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------
    // OBJECT

    /** OBJECT ENCODING key */
    static void objectEncoding(Client c, byte[][] argv) {
        KeyEntry e = objectKey(c, argv[2]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().bulk(TypeNames.encoding(e.value));
    }

    /** OBJECT FREQ key */
    static void objectFreq(Client c, byte[][] argv) {
        KeyEntry e = objectKey(c, argv[2]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        if (!c.engine().keyspace().settings().policy().isLfu()) {
            c.reply().error(NO_LFU);
            return;
        }
        c.reply().integer(c.db().frequency(e));
    }

    /** OBJECT IDLETIME key */
    static void objectIdletime(Client c, byte[][] argv) {
        KeyEntry e = objectKey(c, argv[2]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        if (c.engine().keyspace().settings().policy().isLfu()) {
            c.reply().error(LFU_NO_IDLE);
            return;
        }
        c.reply().integer(c.db().idleTimeMillis(e) / 1000);
    }

    /**
     * OBJECT REFCOUNT key. Vigil does not share values, but Redis reports INT_MAX for the small integers it
     * shares (0..9999, unless maxmemory is set with an LRU/LFU policy, which disables sharing), so that is
     * reported for such string values; any other value has one reference.
     */
    static void objectRefcount(Client c, byte[][] argv) {
        KeyEntry e = objectKey(c, argv[2]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().integer(isSharedInteger(c.engine(), e.value) ? Integer.MAX_VALUE : 1);
    }

    private static boolean isSharedInteger(Engine engine, Object value) {
        if (!(value instanceof byte[] b) || !TypeNames.isIntEncodable(b)) {
            return false;
        }
        var policy = engine.keyspace().settings().policy();
        if (engine.settings().maxmemory() != 0 && (policy.isLru() || policy.isLfu())) {
            return false;
        }
        long v = Numbers.parseLong(b);
        return v >= 0 && v < SHARED_INTEGERS;
    }

    /** OBJECT HELP */
    static void objectHelp(Client c, byte[][] argv) {
        c.reply().array(OBJECT_HELP.length);
        for (String line : OBJECT_HELP) {
            c.reply().simple(line);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT

    private static final int EXPIRE_NX = 1;
    private static final int EXPIRE_XX = 2;
    private static final int EXPIRE_GT = 4;
    private static final int EXPIRE_LT = 8;

    /** EXPIRE key seconds [NX | XX | GT | LT] */
    static void expire(Client c, byte[][] argv) {
        expireGeneric(c, argv, c.engine().clock().millis(), true, "expire", false);
    }

    /** PEXPIRE key milliseconds [NX | XX | GT | LT] */
    static void pexpire(Client c, byte[][] argv) {
        expireGeneric(c, argv, c.engine().clock().millis(), false, "pexpire", false);
    }

    /** EXPIREAT key unix-time-seconds [NX | XX | GT | LT] */
    static void expireat(Client c, byte[][] argv) {
        expireGeneric(c, argv, 0, true, "expireat", false);
    }

    /** PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT] */
    static void pexpireat(Client c, byte[][] argv) {
        expireGeneric(c, argv, 0, false, "pexpireat", true);
    }

    private static void expireGeneric(Client c, byte[][] argv, long basetime, boolean seconds, String name,
                                      boolean isPexpireat) {
        int flags = 0;
        for (int j = 3; j < argv.length; j++) {
            String opt = Engine.lower(argv[j]);
            switch (opt) {
                case "nx" -> flags |= EXPIRE_NX;
                case "xx" -> flags |= EXPIRE_XX;
                case "gt" -> flags |= EXPIRE_GT;
                case "lt" -> flags |= EXPIRE_LT;
                default -> {
                    c.reply().error("ERR Unsupported option " + Engine.str(argv[j]));
                    return;
                }
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
            c.reply().error("ERR NX and XX, GT or LT options at the same time are not compatible");
            return;
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
            c.reply().error("ERR GT and LT options at the same time are not compatible");
            return;
        }
        long when;
        try {
            when = Numbers.parseLong(argv[2]);
        } catch (Numbers.NotANumber e) {
            c.reply().error(NOT_AN_INTEGER);
            return;
        }
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                c.reply().error("ERR invalid expire time in '" + name + "' command");
                return;
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) {
            c.reply().error("ERR invalid expire time in '" + name + "' command");
            return;
        }
        when += basetime;

        Database db = c.db();
        byte[] key = argv[1];
        KeyEntry e = db.lookup(key);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        if (flags != 0) {
            long current = e.expireAt();
            if ((flags & EXPIRE_NX) != 0 && current != -1) {
                c.reply().integer(0);
                return;
            }
            if ((flags & EXPIRE_XX) != 0 && current == -1) {
                c.reply().integer(0);
                return;
            }
            if ((flags & EXPIRE_GT) != 0 && (current == -1 || when <= current)) {
                c.reply().integer(0);
                return;
            }
            if ((flags & EXPIRE_LT) != 0 && current != -1 && when >= current) {
                c.reply().integer(0);
                return;
            }
        }
        Engine engine = c.engine();
        boolean replica = !"master".equals(engine.role());
        if (when <= engine.clock().millis() && !replica) {
            // Already expired: delete now, and replicate the deletion rather than the EXPIRE.
            db.deleteEntry(e);
            engine.addDirty(1);
            c.propagateAs(new byte[][] {engine.settings().lazyfreeLazyExpire() ? UNLINK : DEL, key});
            genericEvent(c, "del", key, db.id());
            c.reply().integer(1);
            return;
        }
        db.setExpire(e, Math.max(0, when));
        c.reply().integer(1);
        if (!isPexpireat) {
            byte[][] out = argv.clone();
            out[0] = PEXPIREAT;
            out[2] = Long.toString(when).getBytes(StandardCharsets.US_ASCII);
            c.propagateAs(out);
        }
        genericEvent(c, "expire", key, db.id());
        engine.addDirty(1);
    }

    // ---------------------------------------------------------------------------------------------
    // TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST

    /** TTL key */
    static void ttl(Client c, byte[][] argv) {
        ttlGeneric(c, argv, false, false);
    }

    /** PTTL key */
    static void pttl(Client c, byte[][] argv) {
        ttlGeneric(c, argv, true, false);
    }

    /** EXPIRETIME key */
    static void expiretime(Client c, byte[][] argv) {
        ttlGeneric(c, argv, false, true);
    }

    /** PEXPIRETIME key */
    static void pexpiretime(Client c, byte[][] argv) {
        ttlGeneric(c, argv, true, true);
    }

    private static void ttlGeneric(Client c, byte[][] argv, boolean millis, boolean absolute) {
        KeyEntry e = readKey(c, c.db(), argv[1], false);
        if (e == null) {
            c.reply().integer(-2);
            return;
        }
        long expire = e.expireAt();
        if (expire == -1) {
            c.reply().integer(-1);
            return;
        }
        long v = absolute ? expire : expire - c.engine().clock().millis();
        if (v < 0) {
            v = 0;
        }
        // Rounded to the nearest second; unsigned so that values near Long.MAX_VALUE round as Redis's do.
        c.reply().integer(millis ? v : Long.divideUnsigned(v + 500, 1000));
    }

    /** PERSIST key */
    static void persist(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry e = db.lookup(argv[1]);
        if (e != null && db.persist(e)) {
            genericEvent(c, "persist", argv[1], db.id());
            c.engine().addDirty(1);
            c.reply().integer(1);
        } else {
            c.reply().integer(0);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // FLUSHDB, FLUSHALL, SWAPDB

    /** Validates the optional ASYNC | SYNC argument; replies a syntax error and returns false if wrong. */
    private static boolean flushArgsOk(Client c, byte[][] argv) {
        if (argv.length > 2) {
            c.reply().error(SYNTAX);
            return false;
        }
        if (argv.length == 2) {
            String mode = Engine.lower(argv[1]);
            if (!mode.equals("sync") && !mode.equals("async")) {
                c.reply().error(SYNTAX);
                return false;
            }
        }
        return true;
    }

    /** FLUSHDB [ASYNC | SYNC] (ASYNC is done synchronously: the reply and the effect are the same). */
    static void flushdb(Client c, byte[][] argv) {
        if (!flushArgsOk(c, argv)) {
            return;
        }
        Database db = c.db();
        long removed = db.size();
        c.engine().databaseReplaced(db, null);
        db.clear();
        c.engine().addDirty(removed);
        c.forcePropagation();
        c.reply().ok();
    }

    /** FLUSHALL [ASYNC | SYNC] (ASYNC is done synchronously). */
    static void flushall(Client c, byte[][] argv) {
        if (!flushArgsOk(c, argv)) {
            return;
        }
        Keyspace ks = c.engine().keyspace();
        long removed = ks.keyCount();
        for (int i = 0; i < ks.count(); i++) {
            c.engine().databaseReplaced(ks.db(i), null);
        }
        ks.flushAll();
        c.engine().addDirty(removed);
        c.forcePropagation();
        c.reply().ok();
    }

    /** SWAPDB index1 index2 */
    static void swapdb(Client c, byte[][] argv) {
        long a = parseInt(c, argv[1], "ERR invalid first DB index");
        if (a == BAD_INT) {
            return;
        }
        long b = parseInt(c, argv[2], "ERR invalid second DB index");
        if (b == BAD_INT) {
            return;
        }
        Keyspace ks = c.engine().keyspace();
        if (a < 0 || a >= ks.count() || b < 0 || b >= ks.count()) {
            c.reply().error(DB_OUT_OF_RANGE);
            return;
        }
        if (a != b) {
            c.engine().databaseReplaced(ks.db((int) a), ks.db((int) b));
            c.engine().databaseReplaced(ks.db((int) b), ks.db((int) a));
        }
        ks.swap((int) a, (int) b);
        c.engine().addDirty(1);
        c.reply().ok();
    }
}
