package io.vigil.command;

import io.vigil.keyspace.KeyEntry;
import io.vigil.protocol.Reply;
import io.vigil.types.SetValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The set type's commands, on {@link SetValue}. A set that loses its last member is deleted, as in Redis.
 *
 * <p>Reply order follows Redis where Redis defines one: an intset is read in ascending order, and the
 * results of SUNION, SDIFF and the *STORE commands are built into a new set (an intset while they can be),
 * so all-integer results come out sorted.
 */
final class SetCommands {
    private SetCommands() {
    }

    static final byte[] SREM = "SREM".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);


    static void register(CommandTable t) {
        t.add(CommandSpec.of("sadd", -3, "write denyoom fast", 1, 1, 1, SetCommands::sadd)
                .acl("@set").doc("set", "1.0.0", "O(1) for each member added",
                        "Adds members to a set, creating the set if needed.")
                .args("key", "member [member ...]"));
        t.add(CommandSpec.of("srem", -3, "write fast", 1, 1, 1, SetCommands::srem)
                .acl("@set").doc("set", "1.0.0", "O(N) where N is the number of members removed",
                        "Removes members from a set; the set goes away with its last member.")
                .args("key", "member [member ...]"));
        t.add(CommandSpec.of("scard", 2, "readonly fast", 1, 1, 1, SetCommands::scard)
                .acl("@set").doc("set", "1.0.0", "O(1)", "Returns how many members a set has.").args("key"));
        t.add(CommandSpec.of("sismember", 3, "readonly fast", 1, 1, 1, SetCommands::sismember)
                .acl("@set").doc("set", "1.0.0", "O(1)", "Tells whether a value is a member of a set.")
                .args("key", "member"));
        t.add(CommandSpec.of("smismember", -3, "readonly fast", 1, 1, 1, SetCommands::smismember)
                .acl("@set").doc("set", "6.2.0", "O(N) where N is the number of values checked",
                        "Tells, for each of several values, whether it is a member of a set.")
                .args("key", "member [member ...]"));
        t.add(CommandSpec.of("smembers", 2, "readonly", 1, 1, 1, SetCommands::smembers)
                .acl("@set").doc("set", "1.0.0", "O(N) where N is the set cardinality", "Returns every member of a set.")
                .args("key"));
        t.add(CommandSpec.of("srandmember", -2, "readonly", 1, 1, 1, SetCommands::srandmember)
                .acl("@set").doc("set", "1.0.0", "O(1) without count, O(N) with count N",
                        "Returns one or more random members of a set without removing them.")
                .args("key", "[count]"));
        t.add(CommandSpec.of("spop", -2, "write fast", 1, 1, 1, SetCommands::spop)
                .acl("@set").doc("set", "1.0.0", "O(1) without count, O(N) with count N",
                        "Removes and returns one or more random members of a set.")
                .args("key", "[count]"));
        t.add(CommandSpec.of("smove", 4, "write fast", 1, 2, 1, SetCommands::smove)
                .modifies(CommandSpec.positions(1)) // the destination only when the member was added (smove)
                .acl("@set").doc("set", "1.0.0", "O(1)", "Moves a member from one set to another.")
                .args("source", "destination", "member"));
        t.add(CommandSpec.of("sinter", -2, "readonly", 1, -1, 1, SetCommands::sinter)
                .acl("@set").doc("set", "1.0.0", "O(N*M) worst case, N the smallest set's size and M the number of sets",
                        "Returns the members common to all the given sets.")
                .args("key [key ...]"));
        t.add(CommandSpec.of("sintercard", -3, "readonly", 0, 0, 0, SetCommands::sintercard)
                .keys(CommandSpec.numkeys(1, 0))
                .acl("@set").doc("set", "7.0.0", "O(N*M) worst case, N the smallest set's size and M the number of sets",
                        "Counts the members common to all the given sets, optionally stopping at a limit.")
                .args("numkeys", "key [key ...]", "[LIMIT limit]"));
        t.add(CommandSpec.of("sinterstore", -3, "write denyoom", 1, -1, 1, SetCommands::sinterstore)
                .modifies(CommandSpec.positions(1))
                .acl("@set").doc("set", "1.0.0", "O(N*M) worst case, N the smallest set's size and M the number of sets",
                        "Stores the intersection of sets in a key.")
                .args("destination", "key [key ...]"));
        t.add(CommandSpec.of("sunion", -2, "readonly", 1, -1, 1, SetCommands::sunion)
                .acl("@set").doc("set", "1.0.0", "O(N) where N is the total number of members",
                        "Returns the members of any of the given sets.")
                .args("key [key ...]"));
        t.add(CommandSpec.of("sunionstore", -3, "write denyoom", 1, -1, 1, SetCommands::sunionstore)
                .modifies(CommandSpec.positions(1))
                .acl("@set").doc("set", "1.0.0", "O(N) where N is the total number of members",
                        "Stores the union of sets in a key.")
                .args("destination", "key [key ...]"));
        t.add(CommandSpec.of("sdiff", -2, "readonly", 1, -1, 1, SetCommands::sdiff)
                .acl("@set").doc("set", "1.0.0", "O(N) where N is the total number of members",
                        "Returns the members of the first set that are in none of the others.")
                .args("key [key ...]"));
        t.add(CommandSpec.of("sdiffstore", -3, "write denyoom", 1, -1, 1, SetCommands::sdiffstore)
                .modifies(CommandSpec.positions(1))
                .acl("@set").doc("set", "1.0.0", "O(N) where N is the total number of members",
                        "Stores the difference of sets in a key.")
                .args("destination", "key [key ...]"));
        t.add(CommandSpec.of("sscan", -3, "readonly", 1, 1, 1, SetCommands::sscan)
                .acl("@set").doc("set", "2.8.0", "O(1) for every call, O(N) for a complete iteration",
                        "Walks the members of a set a few at a time with a cursor.")
                .args("key", "cursor", "[MATCH pattern]", "[COUNT count]"));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** The set stored in {@code e}, or null after replying WRONGTYPE. */
    static SetValue setValue(Client c, KeyEntry e) {
        if (e.value instanceof SetValue s) {
            return s;
        }
        c.reply().error(Engine.WRONGTYPE);
        return null;
    }

    private static void setEvent(Client c, String event, byte[] key) {
        c.engine().keyspaceEvent(KeyspaceEvents.SET, event, key, c.dbIndex());
    }

    private static int maxIntset(Client c) {
        return c.engine().encodingLimits().setMaxIntsetEntries;
    }

    /** Writes the members of {@code s} in its order. */
    private static void writeMembers(Reply r, SetValue s) {
        int n = s.size();
        if (s.isIntset()) {
            for (int i = 0; i < n; i++) {
                r.bulkLong(s.intAt(i));
            }
        } else {
            for (int i = 0; i < n; i++) {
                r.bulk(s.memberAt(i));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Single-set commands

    /** SADD key member [member ...] */
    static void sadd(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        SetValue s;
        long oldSize = 0;
        if (e == null) {
            s = SetValue.forFirstMember(argv[2]);
        } else {
            s = setValue(c, e);
            if (s == null) {
                return;
            }
            oldSize = s.memoryUsage();
        }
        int max = maxIntset(c);
        int added = 0;
        for (int i = 2; i < argv.length; i++) {
            if (s.add(argv[i], max)) {
                added++;
            }
        }
        if (e == null) {
            c.db().add(argv[1], s);
            HashCommands.keyCreated(c, argv[1]);
        } else if (added > 0) {
            c.db().valueResized(e, oldSize);
        }
        if (added > 0) {
            setEvent(c, "sadd", argv[1]);
            c.engine().addDirty(added);
        }
        c.reply().integer(added);
    }

    /** SREM key member [member ...] */
    static void srem(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        SetValue s = setValue(c, e);
        if (s == null) {
            return;
        }
        long oldSize = s.memoryUsage();
        int removed = 0;
        for (int i = 2; i < argv.length; i++) {
            if (s.remove(argv[i])) {
                removed++;
                if (s.size() == 0) {
                    break;
                }
            }
        }
        if (removed > 0) {
            setEvent(c, "srem", argv[1]);
            if (s.size() == 0) {
                HashCommands.deleteEmptied(c, e);
            } else {
                c.db().valueResized(e, oldSize);
            }
            c.engine().addDirty(removed);
        }
        c.reply().integer(removed);
    }

    /** SCARD key */
    static void scard(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        SetValue s = setValue(c, e);
        if (s != null) {
            c.reply().integer(s.size());
        }
    }

    /** SISMEMBER key member */
    static void sismember(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        SetValue s = setValue(c, e);
        if (s != null) {
            c.reply().integer(s.contains(argv[2]) ? 1 : 0);
        }
    }

    /** SMISMEMBER key member [member ...] */
    static void smismember(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        SetValue s = null;
        if (e != null) {
            s = setValue(c, e);
            if (s == null) {
                return;
            }
        }
        Reply r = c.reply();
        r.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            r.integer(s != null && s.contains(argv[i]) ? 1 : 0);
        }
    }

    /** SMEMBERS key */
    static void smembers(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().set(0);
            return;
        }
        SetValue s = setValue(c, e);
        if (s == null) {
            return;
        }
        c.reply().set(s.size());
        writeMembers(c.reply(), s);
    }

    /** SMOVE source destination member */
    static void smove(Client c, byte[][] argv) {
        byte[] src = argv[1];
        byte[] dst = argv[2];
        byte[] member = argv[3];
        KeyEntry se = c.engine().lookupWrite(c, src);
        KeyEntry de = c.engine().lookupWrite(c, dst);
        if (se == null) {
            c.reply().integer(0);
            return;
        }
        SetValue ss = setValue(c, se);
        if (ss == null) {
            return;
        }
        SetValue ds = null;
        if (de != null) {
            ds = setValue(c, de);
            if (ds == null) {
                return;
            }
        }
        if (ss == ds) {
            c.reply().integer(ss.contains(member) ? 1 : 0);
            return;
        }
        long srcOld = ss.memoryUsage();
        if (!ss.remove(member)) {
            c.reply().integer(0);
            return;
        }
        setEvent(c, "srem", src);
        if (ss.size() == 0) {
            HashCommands.deleteEmptied(c, se);
        } else {
            c.db().valueResized(se, srcOld);
        }
        if (ds == null) {
            ds = SetValue.forFirstMember(member);
            ds.add(member, maxIntset(c));
            c.db().add(dst, ds);
            HashCommands.keyCreated(c, dst);
            c.engine().keyModified(c.dbIndex(), dst);
            c.engine().addDirty(2);
            setEvent(c, "sadd", dst);
        } else {
            c.engine().addDirty(1);
            long dstOld = ds.memoryUsage();
            if (ds.add(member, maxIntset(c))) {
                c.db().valueResized(de, dstOld);
                c.engine().keyModified(c.dbIndex(), dst);
                c.engine().addDirty(1);
                setEvent(c, "sadd", dst);
            }
        }
        c.reply().integer(1);
    }

    // ---------------------------------------------------------------------------------------------
    // Random members

    /** SRANDMEMBER key [count] */
    static void srandmember(Client c, byte[][] argv) {
        if (argv.length == 3) {
            srandmemberWithCount(c, argv);
            return;
        }
        if (argv.length > 3) {
            c.reply().error(HashCommands.SYNTAX);
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        SetValue s = setValue(c, e);
        if (s != null) {
            c.reply().bulk(s.memberAt(ThreadLocalRandom.current().nextInt(s.size())));
        }
    }

    private static void srandmemberWithCount(Client c, byte[][] argv) {
        long l = HashCommands.parseRandomCount(c, argv[2]);
        if (l == Long.MIN_VALUE) {
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().array(0);
            return;
        }
        SetValue s = setValue(c, e);
        if (s == null) {
            return;
        }
        Reply r = c.reply();
        int size = s.size();
        if (l == 0) {
            r.array(0);
            return;
        }
        if (l < 0) {
            long count = -l;
            if (!HashCommands.replyFits(c, count)) {
                return;
            }
            r.array((int) count);
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (long k = 0; k < count; k++) {
                r.bulk(s.memberAt(rnd.nextInt(size)));
            }
            return;
        }
        if (l >= size) {
            r.array(size);
            writeMembers(r, s);
            return;
        }
        int[] picks = HashCommands.distinctIndexes(size, (int) l);
        r.array(picks.length);
        for (int p : picks) {
            r.bulk(s.memberAt(p));
        }
    }

    /** SPOP key [count] */
    static void spop(Client c, byte[][] argv) {
        if (argv.length == 3) {
            spopWithCount(c, argv);
            return;
        }
        if (argv.length > 3) {
            c.reply().error(HashCommands.SYNTAX);
            return;
        }
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        SetValue s = setValue(c, e);
        if (s == null) {
            return;
        }
        long oldSize = s.memoryUsage();
        int i = ThreadLocalRandom.current().nextInt(s.size());
        byte[] member = s.memberAt(i);
        s.removeAt(i);
        setEvent(c, "spop", argv[1]);
        c.propagateAs(new byte[][] {SREM, argv[1], member});
        if (s.size() == 0) {
            HashCommands.deleteEmptied(c, e);
        } else {
            c.db().valueResized(e, oldSize);
        }
        c.engine().addDirty(1);
        c.reply().bulk(member);
    }

    private static void spopWithCount(Client c, byte[][] argv) {
        long count = Args.longOr(argv[2], -1);
        if (count < 0) {
            c.reply().error("ERR value is out of range, must be positive");
            return;
        }
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().set(0);
            return;
        }
        SetValue s = setValue(c, e);
        if (s == null) {
            return;
        }
        if (count == 0) {
            c.reply().set(0);
            return;
        }
        int size = s.size();
        setEvent(c, "spop", argv[1]);
        Reply r = c.reply();
        if (count >= size) {
            // Everything: reply the set as a union of itself would come out, delete it, propagate DEL.
            SetValue all = union(c, new SetValue[] {s});
            r.set(all.size());
            writeMembers(r, all);
            HashCommands.deleteEmptied(c, e);
            c.engine().addDirty(size);
            c.propagateAs(new byte[][] {DEL, argv[1]});
            return;
        }
        long oldSize = s.memoryUsage();
        int n = (int) count;
        r.set(n);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Engine engine = c.engine();
        for (int k = 0; k < n; k++) {
            int i = rnd.nextInt(s.size());
            byte[] member = s.memberAt(i);
            s.removeAt(i);
            r.bulk(member);
            engine.propagate(c.dbIndex(), new byte[][] {SREM, argv[1], member});
        }
        c.preventPropagation();
        c.db().valueResized(e, oldSize);
        engine.addDirty(n);
    }

    // ---------------------------------------------------------------------------------------------
    // Set algebra

    /**
     * Looks up the source sets {@code argv[from..]}: for writing (no hit/miss statistics) when a destination
     * is given, as Redis does. A missing key is a null entry. Returns null after replying WRONGTYPE.
     */
    private static SetValue[] sources(Client c, byte[][] argv, int from, boolean forStore) {
        SetValue[] sets = new SetValue[argv.length - from];
        for (int j = 0; j < sets.length; j++) {
            byte[] key = argv[from + j];
            KeyEntry e = forStore ? c.engine().lookupWrite(c, key) : c.engine().lookupRead(c, key);
            if (e == null) {
                continue;
            }
            SetValue s = setValue(c, e);
            if (s == null) {
                return null;
            }
            sets[j] = s;
        }
        return sets;
    }

    /**
     * Stores a set-operation result in {@code dst} (replacing whatever it held, TTL included) or, when it is
     * empty, deletes {@code dst}; replies the result's size.
     */
    private static void storeResult(Client c, byte[] dst, SetValue result, String event) {
        if (result.size() > 0) {
            boolean existed = c.engine().lookupWrite(c, dst) != null;
            c.db().put(dst, result);
            if (!existed) {
                HashCommands.keyCreated(c, dst);
            }
            setEvent(c, event, dst);
            c.engine().addDirty(1);
            c.reply().integer(result.size());
        } else {
            c.reply().integer(0);
            if (c.db().delete(dst)) {
                c.engine().addDirty(1);
                c.engine().keyspaceEvent(KeyspaceEvents.GENERIC, "del", dst, c.dbIndex());
            }
        }
    }

    /** SINTER key [key ...] */
    static void sinter(Client c, byte[][] argv) {
        sinterGeneric(c, argv, 1, null, 0, false);
    }

    /** SINTERSTORE destination key [key ...] */
    static void sinterstore(Client c, byte[][] argv) {
        sinterGeneric(c, argv, 2, argv[1], 0, false);
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit] */
    static void sintercard(Client c, byte[][] argv) {
        long numkeys = Args.longOr(argv[1], 0);
        if (numkeys < 1) {
            c.reply().error("ERR numkeys should be greater than 0");
            return;
        }
        if (numkeys > argv.length - 2) {
            c.reply().error("ERR Number of keys can't be greater than number of args");
            return;
        }
        int end = 2 + (int) numkeys;
        long limit = 0;
        for (int j = end; j < argv.length; j++) {
            if (Engine.lower(argv[j]).equals("limit") && j + 1 < argv.length) {
                j++;
                limit = Args.longOr(argv[j], -1);
                if (limit < 0) {
                    c.reply().error("ERR LIMIT can't be negative");
                    return;
                }
            } else {
                c.reply().error(HashCommands.SYNTAX);
                return;
            }
        }
        byte[][] keys = Arrays.copyOfRange(argv, 0, end);
        sinterGeneric(c, keys, 2, null, limit, true);
    }

    private static void sinterGeneric(Client c, byte[][] argv, int from, byte[] dst, long limit, boolean cardOnly) {
        SetValue[] sets = sources(c, argv, from, dst != null);
        if (sets == null) {
            return;
        }
        boolean empty = false;
        for (SetValue s : sets) {
            if (s == null) {
                empty = true;
                break;
            }
        }
        if (empty) {
            if (dst != null) {
                storeResult(c, dst, SetValue.emptyIntset(), "sinterstore");
            } else if (cardOnly) {
                c.reply().integer(0);
            } else {
                c.reply().set(0);
            }
            return;
        }
        // Smallest first: iterate it, probe the others.
        SetValue[] sorted = sets.clone();
        Arrays.sort(sorted, (a, b) -> Integer.compare(a.size(), b.size()));
        SetValue first = sorted[0];
        int n = first.size();
        long card = 0;
        List<byte[]> out = cardOnly ? null : new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean inAll = true;
            if (first.isIntset()) {
                long v = first.intAt(i);
                for (int j = 1; j < sorted.length && inAll; j++) {
                    if (sorted[j] != first && !sorted[j].containsLong(v)) {
                        inAll = false;
                    }
                }
            } else {
                byte[] m = first.memberAt(i);
                for (int j = 1; j < sorted.length && inAll; j++) {
                    if (sorted[j] != first && !sorted[j].contains(m)) {
                        inAll = false;
                    }
                }
            }
            if (!inAll) {
                continue;
            }
            card++;
            if (cardOnly) {
                if (limit > 0 && card == limit) {
                    break;
                }
            } else {
                out.add(first.memberAt(i));
            }
        }
        if (cardOnly) {
            c.reply().integer(card);
            return;
        }
        if (dst != null) {
            SetValue result = SetValue.emptyIntset();
            int max = maxIntset(c);
            for (byte[] m : out) {
                result.add(m, max);
            }
            storeResult(c, dst, result, "sinterstore");
            return;
        }
        Reply r = c.reply();
        r.set(out.size());
        for (byte[] m : out) {
            r.bulk(m);
        }
    }

    /** SUNION key [key ...] */
    static void sunion(Client c, byte[][] argv) {
        sunionDiffGeneric(c, argv, 1, null, false);
    }

    /** SUNIONSTORE destination key [key ...] */
    static void sunionstore(Client c, byte[][] argv) {
        sunionDiffGeneric(c, argv, 2, argv[1], false);
    }

    /** SDIFF key [key ...] */
    static void sdiff(Client c, byte[][] argv) {
        sunionDiffGeneric(c, argv, 1, null, true);
    }

    /** SDIFFSTORE destination key [key ...] */
    static void sdiffstore(Client c, byte[][] argv) {
        sunionDiffGeneric(c, argv, 2, argv[1], true);
    }

    /** The union of the non-null {@code sets}, built as Redis builds it (an intset while it can be). */
    private static SetValue union(Client c, SetValue[] sets) {
        SetValue result = SetValue.emptyIntset();
        int max = maxIntset(c);
        for (SetValue s : sets) {
            if (s == null) {
                continue;
            }
            int n = s.size();
            if (s.isIntset()) {
                for (int i = 0; i < n; i++) {
                    result.addLong(s.intAt(i), max);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    result.add(s.memberAt(i), max);
                }
            }
        }
        return result;
    }

    private static void sunionDiffGeneric(Client c, byte[][] argv, int from, byte[] dst, boolean diff) {
        SetValue[] sets = sources(c, argv, from, dst != null);
        if (sets == null) {
            return;
        }
        SetValue result;
        if (!diff) {
            result = union(c, sets);
        } else {
            result = SetValue.emptyIntset();
            SetValue first = sets[0];
            if (first != null) {
                int max = maxIntset(c);
                int n = first.size();
                for (int i = 0; i < n; i++) {
                    boolean elsewhere = false;
                    if (first.isIntset()) {
                        long v = first.intAt(i);
                        for (int j = 1; j < sets.length && !elsewhere; j++) {
                            elsewhere = sets[j] != null && sets[j].containsLong(v);
                        }
                        if (!elsewhere) {
                            result.addLong(v, max);
                        }
                    } else {
                        byte[] m = first.memberAt(i);
                        for (int j = 1; j < sets.length && !elsewhere; j++) {
                            elsewhere = sets[j] != null && sets[j].contains(m);
                        }
                        if (!elsewhere) {
                            result.add(m, max);
                        }
                    }
                }
            }
        }
        if (dst != null) {
            storeResult(c, dst, result, diff ? "sdiffstore" : "sunionstore");
            return;
        }
        c.reply().set(result.size());
        writeMembers(c.reply(), result);
    }

    // ---------------------------------------------------------------------------------------------
    // SSCAN

    /** SSCAN key cursor [MATCH pattern] [COUNT count] */
    static void sscan(Client c, byte[][] argv) {
        long[] cur = new long[1];
        if (!HashCommands.parseCursor(c, argv[2], cur)) {
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            HashCommands.emptyScan(c);
            return;
        }
        SetValue s = setValue(c, e);
        if (s == null) {
            return;
        }
        HashCommands.ScanOptions o = HashCommands.parseScanOptions(c, argv, 3);
        if (o == null) {
            return;
        }
        List<byte[]> found = new ArrayList<>();
        long cursor = 0;
        if (s.isIntset()) {
            // A compact set is returned whole in one call.
            int n = s.size();
            for (int i = 0; i < n; i++) {
                found.add(s.memberAt(i));
            }
        } else {
            cursor = cur[0];
            long maxIterations = o.count * 10;
            do {
                cursor = s.scan(cursor, found::add);
            } while (cursor != 0 && maxIterations-- != 0 && found.size() < o.count);
        }
        int n = 0;
        for (int i = 0; i < found.size(); i++) {
            if (o.matches(found.get(i))) {
                found.set(n++, found.get(i));
            }
        }
        Reply r = c.reply();
        r.array(2);
        r.bulk(Long.toUnsignedString(cursor).getBytes(StandardCharsets.US_ASCII));
        r.array(n);
        for (int i = 0; i < n; i++) {
            r.bulk(found.get(i));
        }
    }
}
