package io.vigil.command;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.types.ListValue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The list type's commands, including the blocking ones (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP).
 * A list is stored as a {@link ListValue}; a command that empties a list deletes its key.
 *
 * <p>Blocking: a blocking command that finds nothing calls {@link Engine#block} and does not reply. The
 * engine runs it again when a key it waits on is written; then, as Redis 7.0 does, it only looks at that
 * key ({@link Engine#servingKey}), and a key that now holds another type leaves it blocked. A served
 * blocking command propagates as its non-blocking form.
 */
final class ListCommands {
    private ListCommands() {
    }

    private static final byte[] LPOP = ascii("LPOP");
    private static final byte[] RPOP = ascii("RPOP");
    private static final byte[] LMOVE = ascii("LMOVE");
    private static final byte[] RPOPLPUSH = ascii("RPOPLPUSH");
    private static final byte[] LEFT = ascii("LEFT");
    private static final byte[] RIGHT = ascii("RIGHT");

    private static final String SYNTAX = "ERR syntax error";
    /** Pops from one of several keys signal the key they popped from themselves. */
    private static final CommandSpec.KeyFinder NONE_AUTOMATIC = CommandSpec.SIGNALS_ITSELF;
    private static final String NOT_INTEGER = Args.NOT_INTEGER;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }


    static void register(CommandTable t) {
        String push = "O(1) for each element added, so O(N) for N elements.";
        t.add(CommandSpec.of("lpush", -3, "write denyoom fast", 1, 1, 1, ListCommands::lpush).acl("@list")
                .doc("list", "1.0.0", push, "Adds elements at the head of a list, creating the list if needed.")
                .args("key", "element [element ...]"));
        t.add(CommandSpec.of("rpush", -3, "write denyoom fast", 1, 1, 1, ListCommands::rpush).acl("@list")
                .doc("list", "1.0.0", push, "Adds elements at the tail of a list, creating the list if needed.")
                .args("key", "element [element ...]"));
        t.add(CommandSpec.of("lpushx", -3, "write denyoom fast", 1, 1, 1, ListCommands::lpushx).acl("@list")
                .doc("list", "2.2.0", push, "Adds elements at the head of a list only if the list exists.")
                .args("key", "element [element ...]"));
        t.add(CommandSpec.of("rpushx", -3, "write denyoom fast", 1, 1, 1, ListCommands::rpushx).acl("@list")
                .doc("list", "2.2.0", push, "Adds elements at the tail of a list only if the list exists.")
                .args("key", "element [element ...]"));
        t.add(CommandSpec.of("lpop", -2, "write fast", 1, 1, 1, ListCommands::lpop).acl("@list")
                .doc("list", "1.0.0", "O(N) where N is the number of elements returned",
                        "Removes and returns one or more elements from the head of a list.")
                .args("key", "[count]"));
        t.add(CommandSpec.of("rpop", -2, "write fast", 1, 1, 1, ListCommands::rpop).acl("@list")
                .doc("list", "1.0.0", "O(N) where N is the number of elements returned",
                        "Removes and returns one or more elements from the tail of a list.")
                .args("key", "[count]"));
        t.add(CommandSpec.of("llen", 2, "readonly fast", 1, 1, 1, ListCommands::llen).acl("@list")
                .doc("list", "1.0.0", "O(1)", "Returns the number of elements of a list.").args("key"));
        t.add(CommandSpec.of("lrange", 4, "readonly", 1, 1, 1, ListCommands::lrange).acl("@list")
                .doc("list", "1.0.0", "O(S+N) where S is the start offset and N the number of elements returned",
                        "Returns the elements between two indexes of a list.")
                .args("key", "start", "stop"));
        t.add(CommandSpec.of("lindex", 3, "readonly", 1, 1, 1, ListCommands::lindex).acl("@list")
                .doc("list", "1.0.0", "O(1)", "Returns the element at an index of a list.").args("key", "index"));
        t.add(CommandSpec.of("lset", 4, "write denyoom", 1, 1, 1, ListCommands::lset).acl("@list")
                .doc("list", "1.0.0", "O(1)", "Replaces the element at an index of a list.")
                .args("key", "index", "element"));
        t.add(CommandSpec.of("linsert", 5, "write denyoom", 1, 1, 1, ListCommands::linsert).acl("@list")
                .doc("list", "2.2.0", "O(N) where N is the number of elements before the pivot",
                        "Inserts an element just before or just after the first occurrence of a pivot.")
                .args("key", "BEFORE | AFTER", "pivot", "element"));
        t.add(CommandSpec.of("lrem", 4, "write", 1, 1, 1, ListCommands::lrem).acl("@list")
                .doc("list", "1.0.0", "O(N+M) where N is the length of the list and M the elements removed",
                        "Removes occurrences of an element from a list.")
                .args("key", "count", "element"));
        t.add(CommandSpec.of("ltrim", 4, "write", 1, 1, 1, ListCommands::ltrim).acl("@list")
                .doc("list", "1.0.0", "O(N) where N is the number of elements removed",
                        "Keeps only the elements between two indexes of a list.")
                .args("key", "start", "stop"));
        t.add(CommandSpec.of("lpos", -3, "readonly", 1, 1, 1, ListCommands::lpos).acl("@list")
                .doc("list", "6.0.6", "O(N) where N is the number of elements scanned",
                        "Returns the indexes of the elements equal to a value.")
                .args("key", "element", "[RANK rank]", "[COUNT num-matches]", "[MAXLEN len]"));
        t.add(CommandSpec.of("lmove", 5, "write denyoom", 1, 2, 1, ListCommands::lmove).acl("@list")
                .doc("list", "6.2.0", "O(1)",
                        "Pops an element from one end of a list and pushes it at an end of another list.")
                .args("source", "destination", "LEFT | RIGHT", "LEFT | RIGHT"));
        t.add(CommandSpec.of("rpoplpush", 3, "write denyoom", 1, 2, 1, ListCommands::rpoplpush).acl("@list")
                .doc("list", "1.2.0", "O(1)",
                        "Pops the last element of a list and pushes it at the head of another list.")
                .args("source", "destination"));
        t.add(CommandSpec.of("lmpop", -4, "write", 0, 0, 0, ListCommands::lmpop).acl("@list")
                .modifies(NONE_AUTOMATIC)
                .keys(CommandSpec.numkeys(1, 0))
                .doc("list", "7.0.0", "O(N+M) where N is the number of keys and M the elements returned",
                        "Pops elements from the first non-empty list among several keys.")
                .args("numkeys", "key [key ...]", "LEFT | RIGHT", "[COUNT count]"));
        t.add(CommandSpec.of("blpop", -3, "write noscript blocking", 1, -2, 1, ListCommands::blpop).acl("@list")
                .modifies(NONE_AUTOMATIC)
                .doc("list", "2.0.0", "O(N) where N is the number of keys",
                        "Pops the first element of the first non-empty list, waiting for one if none has any.")
                .args("key [key ...]", "timeout"));
        t.add(CommandSpec.of("brpop", -3, "write noscript blocking", 1, -2, 1, ListCommands::brpop).acl("@list")
                .modifies(NONE_AUTOMATIC)
                .doc("list", "2.0.0", "O(N) where N is the number of keys",
                        "Pops the last element of the first non-empty list, waiting for one if none has any.")
                .args("key [key ...]", "timeout"));
        t.add(CommandSpec.of("blmove", 6, "write denyoom noscript blocking", 1, 2, 1, ListCommands::blmove)
                .acl("@list")
                .doc("list", "6.2.0", "O(1)", "Like LMOVE, waiting for an element if the source list is empty.")
                .args("source", "destination", "LEFT | RIGHT", "LEFT | RIGHT", "timeout"));
        t.add(CommandSpec.of("brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1, ListCommands::brpoplpush)
                .acl("@list")
                .doc("list", "2.2.0", "O(1)", "Like RPOPLPUSH, waiting for an element if the source list is empty.")
                .args("source", "destination", "timeout"));
        t.add(CommandSpec.of("blmpop", -5, "write blocking", 0, 0, 0, ListCommands::blmpop).acl("@list")
                .modifies(NONE_AUTOMATIC)
                .keys(CommandSpec.numkeys(2, 0))
                .doc("list", "7.0.0", "O(N+M) where N is the number of keys and M the elements returned",
                        "Like LMPOP, waiting for an element if every list is empty.")
                .args("timeout", "numkeys", "key [key ...]", "LEFT | RIGHT", "[COUNT count]"));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** The list in {@code e}, or null after replying WRONGTYPE. */
    private static ListValue listOrReply(Client c, KeyEntry e) {
        if (e.value instanceof ListValue l) {
            return l;
        }
        c.reply().error(Engine.WRONGTYPE);
        return null;
    }

    private static void event(Client c, String name, byte[] key) {
        c.engine().keyspaceEvent(KeyspaceEvents.LIST, name, key, c.dbIndex());
    }

    /** After an in-place change: fixes the memory accounting, and deletes the key if the list is empty. */
    private static void changed(Client c, KeyEntry e, ListValue l, long sizeBefore) {
        Database db = c.db();
        db.valueResized(e, sizeBefore);
        if (l.isEmpty()) {
            db.deleteEntry(e);
            c.engine().keyspaceEvent(KeyspaceEvents.GENERIC, "del", e.key, c.dbIndex());
        }
    }

    /** LEFT / RIGHT in any case: 1 for left (head), 0 for right (tail), -1 otherwise. */
    private static int where(byte[] arg) {
        if (arg.length == 4 && (arg[0] | 0x20) == 'l' && (arg[1] | 0x20) == 'e' && (arg[2] | 0x20) == 'f'
                && (arg[3] | 0x20) == 't') {
            return 1;
        }
        if (arg.length == 5 && (arg[0] | 0x20) == 'r' && (arg[1] | 0x20) == 'i' && (arg[2] | 0x20) == 'g'
                && (arg[3] | 0x20) == 'h' && (arg[4] | 0x20) == 't') {
            return 0;
        }
        return -1;
    }

    private static boolean is(byte[] arg, String lowerWord) {
        return Args.is(arg, lowerWord);
    }

    /** Pushes {@code elements} to the list at {@code e} (created if null); returns the new length. */
    private static int pushAll(Client c, byte[] key, KeyEntry e, byte[][] argv, int from, boolean atHead) {
        int n = argv.length - from;
        if (e == null) {
            ListValue l = new ListValue(n);
            for (int i = from; i < argv.length; i++) {
                l.push(argv[i], atHead);
            }
            c.db().add(key, l);
            return l.size();
        }
        ListValue l = (ListValue) e.value;
        long before = l.memoryUsage();
        for (int i = from; i < argv.length; i++) {
            l.push(argv[i], atHead);
        }
        c.db().valueResized(e, before);
        return l.size();
    }

    // ---------------------------------------------------------------------------------------------
    // Push

    /** LPUSH key element [element ...] */
    static void lpush(Client c, byte[][] argv) {
        push(c, argv, true, false);
    }

    /** RPUSH key element [element ...] */
    static void rpush(Client c, byte[][] argv) {
        push(c, argv, false, false);
    }

    /** LPUSHX key element [element ...] */
    static void lpushx(Client c, byte[][] argv) {
        push(c, argv, true, true);
    }

    /** RPUSHX key element [element ...] */
    static void rpushx(Client c, byte[][] argv) {
        push(c, argv, false, true);
    }

    private static void push(Client c, byte[][] argv, boolean atHead, boolean onlyIfExists) {
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e != null && listOrReply(c, e) == null) {
            return;
        }
        if (e == null && onlyIfExists) {
            c.reply().integer(0);
            return;
        }
        int len = pushAll(c, argv[1], e, argv, 2, atHead);
        c.engine().addDirty(argv.length - 2);
        event(c, atHead ? "lpush" : "rpush", argv[1]);
        c.reply().integer(len);
    }

    // ---------------------------------------------------------------------------------------------
    // Pop

    /** LPOP key [count] */
    static void lpop(Client c, byte[][] argv) {
        pop(c, argv, true);
    }

    /** RPOP key [count] */
    static void rpop(Client c, byte[][] argv) {
        pop(c, argv, false);
    }

    private static void pop(Client c, byte[][] argv, boolean atHead) {
        if (argv.length > 3) {
            c.reply().error("ERR wrong number of arguments for '" + (atHead ? "lpop" : "rpop") + "' command");
            return;
        }
        long count = -1;
        if (argv.length == 3) {
            Long v = Args.nonNegativeArg(c, argv[2], "ERR value is out of range, must be positive");
            if (v == null) {
                return;
            }
            count = v;
        }
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            if (count >= 0) {
                c.reply().nullArray();
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        ListValue l = listOrReply(c, e);
        if (l == null) {
            return;
        }
        if (count == 0) {
            c.reply().array(0);
            return;
        }
        long before = l.memoryUsage();
        if (count < 0) {
            c.reply().bulk(l.pop(atHead));
            c.engine().addDirty(1);
        } else {
            int n = (int) Math.min(count, l.size());
            c.reply().array(n);
            for (int i = 0; i < n; i++) {
                c.reply().bulk(l.pop(atHead));
            }
            c.engine().addDirty(n);
        }
        event(c, atHead ? "lpop" : "rpop", argv[1]);
        changed(c, e, l, before);
    }

    // ---------------------------------------------------------------------------------------------
    // Read

    /** LLEN key */
    static void llen(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ListValue l = listOrReply(c, e);
        if (l != null) {
            c.reply().integer(l.size());
        }
    }

    /** LRANGE key start stop */
    static void lrange(Client c, byte[][] argv) {
        Long start = Args.longArg(c, argv[2], NOT_INTEGER);
        if (start == null) {
            return;
        }
        Long end = Args.longArg(c, argv[3], NOT_INTEGER);
        if (end == null) {
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().array(0);
            return;
        }
        ListValue l = listOrReply(c, e);
        if (l == null) {
            return;
        }
        long len = l.size();
        long s = start < 0 ? start + len : start;
        long t = end < 0 ? end + len : end;
        if (s < 0) {
            s = 0;
        }
        if (s > t || s >= len) {
            c.reply().array(0);
            return;
        }
        if (t >= len) {
            t = len - 1;
        }
        int from = (int) s;
        int n = (int) (t - s + 1);
        c.reply().array(n);
        for (int i = 0; i < n; i++) {
            c.reply().bulk(l.get(from + i));
        }
    }

    /** A Redis index (negative from the tail) resolved against {@code len}, or -1 if out of range. */
    private static int resolve(long index, int len) {
        long i = index < 0 ? index + len : index;
        return i < 0 || i >= len ? -1 : (int) i;
    }

    /** LINDEX key index */
    static void lindex(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        ListValue l = listOrReply(c, e);
        if (l == null) {
            return;
        }
        Long index = Args.longArg(c, argv[2], NOT_INTEGER);
        if (index == null) {
            return;
        }
        int i = resolve(index, l.size());
        if (i < 0) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(l.get(i));
        }
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
    static void lpos(Client c, byte[][] argv) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            if (more && is(argv[j], "rank")) {
                Long v = Args.longArg(c, argv[++j], NOT_INTEGER);
                if (v == null) {
                    return;
                }
                if (v == 0) {
                    c.reply().error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
                            + "second ... or use negative to start from the end of the list");
                    return;
                }
                rank = v;
            } else if (more && is(argv[j], "count")) {
                Long v = Args.nonNegativeArg(c, argv[++j], "ERR COUNT can't be negative");
                if (v == null) {
                    return;
                }
                count = v;
            } else if (more && is(argv[j], "maxlen")) {
                Long v = Args.nonNegativeArg(c, argv[++j], "ERR MAXLEN can't be negative");
                if (v == null) {
                    return;
                }
                maxlen = v;
            } else {
                c.reply().error(SYNTAX);
                return;
            }
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            if (count >= 0) {
                c.reply().array(0);
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        ListValue l = listOrReply(c, e);
        if (l == null) {
            return;
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank; // Long.MIN_VALUE stays negative: every match then qualifies, as in Redis
        }
        byte[] element = argv[2];
        int len = l.size();
        long matches = 0;
        int[] found = count >= 0 ? new int[(int) Math.min(16, Math.max(1, count))] : null;
        int nfound = 0;
        for (int scanned = 0; scanned < len && (maxlen == 0 || scanned < maxlen); scanned++) {
            int index = fromTail ? len - 1 - scanned : scanned;
            if (Arrays.equals(l.get(index), element)) {
                matches++;
                if (matches >= rank) {
                    if (found == null) {
                        c.reply().integer(index);
                        return;
                    }
                    if (nfound == found.length) {
                        found = Arrays.copyOf(found, nfound * 2);
                    }
                    found[nfound++] = index;
                    if (count != 0 && nfound == count) {
                        break;
                    }
                }
            }
        }
        if (found == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().array(nfound);
        for (int i = 0; i < nfound; i++) {
            c.reply().integer(found[i]);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Change in place

    /** LSET key index element */
    static void lset(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().error("ERR no such key");
            return;
        }
        ListValue l = listOrReply(c, e);
        if (l == null) {
            return;
        }
        Long index = Args.longArg(c, argv[2], NOT_INTEGER);
        if (index == null) {
            return;
        }
        int i = resolve(index, l.size());
        if (i < 0) {
            c.reply().error("ERR index out of range");
            return;
        }
        long before = l.memoryUsage();
        l.set(i, argv[3]);
        c.db().valueResized(e, before);
        c.engine().addDirty(1);
        event(c, "lset", argv[1]);
        c.reply().ok();
    }

    /** LINSERT key BEFORE | AFTER pivot element */
    static void linsert(Client c, byte[][] argv) {
        boolean after;
        if (is(argv[2], "after")) {
            after = true;
        } else if (is(argv[2], "before")) {
            after = false;
        } else {
            c.reply().error(SYNTAX);
            return;
        }
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ListValue l = listOrReply(c, e);
        if (l == null) {
            return;
        }
        int pivot = l.indexOf(argv[3], 0);
        if (pivot < 0) {
            c.reply().integer(-1);
            return;
        }
        long before = l.memoryUsage();
        l.insert(after ? pivot + 1 : pivot, argv[4]);
        c.db().valueResized(e, before);
        c.engine().addDirty(1);
        event(c, "linsert", argv[1]);
        c.reply().integer(l.size());
    }

    /** LREM key count element */
    static void lrem(Client c, byte[][] argv) {
        Long count = Args.longArg(c, argv[2], NOT_INTEGER);
        if (count == null) {
            return;
        }
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ListValue l = listOrReply(c, e);
        if (l == null) {
            return;
        }
        long before = l.memoryUsage();
        // Long.MIN_VALUE negated stays negative: no limit is ever reached, everything matching goes
        int removed = l.removeMatching(argv[3], count < 0 ? -count : count, count < 0);
        if (removed > 0) {
            c.engine().addDirty(removed);
            event(c, "lrem", argv[1]);
            changed(c, e, l, before);
        }
        c.reply().integer(removed);
    }

    /** LTRIM key start stop */
    static void ltrim(Client c, byte[][] argv) {
        Long start = Args.longArg(c, argv[2], NOT_INTEGER);
        if (start == null) {
            return;
        }
        Long end = Args.longArg(c, argv[3], NOT_INTEGER);
        if (end == null) {
            return;
        }
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().ok();
            return;
        }
        ListValue l = listOrReply(c, e);
        if (l == null) {
            return;
        }
        long len = l.size();
        long s = start < 0 ? start + len : start;
        long t = end < 0 ? end + len : end;
        if (s < 0) {
            s = 0;
        }
        long fromHead;
        long fromTail;
        if (s > t || s >= len) {
            fromHead = len;
            fromTail = 0;
        } else {
            if (t >= len) {
                t = len - 1;
            }
            fromHead = s;
            fromTail = len - t - 1;
        }
        long before = l.memoryUsage();
        l.trim((int) fromHead, (int) fromTail);
        event(c, "ltrim", argv[1]);
        changed(c, e, l, before);
        if (fromHead + fromTail > 0) {
            c.engine().addDirty(fromHead + fromTail);
        } else {
            // Nothing removed: not propagated, but Redis still counts the key as modified (WATCH fails).
            c.engine().keyModified(c.dbIndex(), argv[1]);
        }
        c.reply().ok();
    }

    // ---------------------------------------------------------------------------------------------
    // Move

    /** LMOVE source destination LEFT | RIGHT LEFT | RIGHT */
    static void lmove(Client c, byte[][] argv) {
        int from = where(argv[3]);
        int to = from < 0 ? -1 : where(argv[4]);
        if (to < 0) {
            c.reply().error(SYNTAX);
            return;
        }
        KeyEntry src = c.engine().lookupWrite(c, argv[1]);
        if (src == null) {
            c.reply().nullBulk();
            return;
        }
        if (listOrReply(c, src) == null) {
            return;
        }
        move(c, src, argv[1], argv[2], from == 1, to == 1);
    }

    /** RPOPLPUSH source destination */
    static void rpoplpush(Client c, byte[][] argv) {
        KeyEntry src = c.engine().lookupWrite(c, argv[1]);
        if (src == null) {
            c.reply().nullBulk();
            return;
        }
        if (listOrReply(c, src) == null) {
            return;
        }
        move(c, src, argv[1], argv[2], false, true);
    }

    /**
     * Moves one element from the non-empty list {@code src} to {@code dstKey}, replying it; or replies
     * WRONGTYPE (and changes nothing) if the destination holds another type. Returns whether it moved.
     */
    private static boolean move(Client c, KeyEntry src, byte[] srcKey, byte[] dstKey, boolean fromHead,
                                boolean toHead) {
        return move(c, src, srcKey, dstKey, fromHead, toHead, null);
    }

    /**
     * {@link #move}; with {@code served} non-null (a blocked client being served) the move is not counted as
     * a change, as in Redis 7.0: the keys are signalled and {@code served} propagated explicitly.
     */
    private static boolean move(Client c, KeyEntry src, byte[] srcKey, byte[] dstKey, boolean fromHead,
                                boolean toHead, byte[][] served) {
        KeyEntry dst = c.engine().lookupWrite(c, dstKey);
        if (dst != null && !(dst.value instanceof ListValue)) {
            c.reply().error(Engine.WRONGTYPE);
            return false;
        }
        ListValue s = (ListValue) src.value;
        long sBefore = s.memoryUsage();
        byte[] value = s.pop(fromHead);
        if (dst == src) {
            s.push(value, toHead);
        } else {
            c.db().valueResized(src, sBefore);
            sBefore = s.memoryUsage();
            if (dst == null) {
                ListValue d = new ListValue();
                d.push(value, toHead);
                c.db().add(dstKey, d);
            } else {
                ListValue d = (ListValue) dst.value;
                long dBefore = d.memoryUsage();
                d.push(value, toHead);
                c.db().valueResized(dst, dBefore);
            }
        }
        event(c, toHead ? "lpush" : "rpush", dstKey);
        event(c, fromHead ? "lpop" : "rpop", srcKey);
        changed(c, src, s, sBefore);
        if (served == null) {
            c.engine().addDirty(1);
        } else {
            servedWithoutDirty(c, served, srcKey, dstKey);
        }
        c.reply().bulk(value);
        return true;
    }

    /**
     * Redis 7.0 does not count a blocked BLPOP/BRPOP/BLMOVE/BRPOPLPUSH that is served as a change (dirty)
     * but still signals the keys it wrote and propagates its non-blocking form: do the same by hand, since
     * the engine propagates and signals only commands that counted changes.
     */
    private static void servedWithoutDirty(Client c, byte[][] propagate, byte[] key1, byte[] key2) {
        c.engine().keyModified(c.dbIndex(), key1);
        if (key2 != null) {
            c.engine().keyModified(c.dbIndex(), key2);
        }
        c.engine().propagate(c.dbIndex(), propagate);
    }

    // ---------------------------------------------------------------------------------------------
    // LMPOP

    /** LMPOP numkeys key [key ...] LEFT | RIGHT [COUNT count] */
    static void lmpop(Client c, byte[][] argv) {
        mpop(c, argv, 1, false);
    }

    /**
     * LMPOP and BLMPOP: {@code numkeysPos} is where numkeys is. Pops from the first non-empty list; BLMPOP
     * blocks when there is none. BLMPOP's timeout is parsed after the other arguments, as Redis does.
     */
    private static void mpop(Client c, byte[][] argv, int numkeysPos, boolean blocking) {
        long numkeys = Args.longOr(argv[numkeysPos], 0);
        if (numkeys <= 0) {
            c.reply().error("ERR numkeys should be greater than 0");
            return;
        }
        long wherePos = numkeysPos + 1 + numkeys;
        if (numkeys > argv.length || wherePos >= argv.length) {
            c.reply().error(SYNTAX);
            return;
        }
        int w = (int) wherePos;
        int where = where(argv[w]);
        if (where < 0) {
            c.reply().error(SYNTAX);
            return;
        }
        long count = -1;
        for (int j = w + 1; j < argv.length; j++) {
            if (count == -1 && j + 1 < argv.length && is(argv[j], "count")) {
                long v = Args.longOr(argv[++j], 0);
                if (v <= 0) {
                    c.reply().error("ERR count should be greater than 0");
                    return;
                }
                count = v;
            } else {
                c.reply().error(SYNTAX);
                return;
            }
        }
        if (count == -1) {
            count = 1;
        }
        long timeoutMs = -1;
        if (blocking) {
            timeoutMs = Engine.parseTimeout(c, argv[1]);
            if (timeoutMs < 0) {
                return;
            }
        }
        boolean atHead = where == 1;
        int firstKey = numkeysPos + 1;
        byte[] serving = blocking ? c.engine().servingKey(c) : null;
        if (serving != null) {
            KeyEntry e = c.engine().lookupWrite(c, serving);
            if (e != null && e.value instanceof ListValue) {
                popMany(c, e, serving, atHead, count);
                return;
            }
        } else {
            for (int i = firstKey; i < w; i++) {
                KeyEntry e = c.engine().lookupWrite(c, argv[i]);
                if (e == null) {
                    continue;
                }
                if (listOrReply(c, e) == null) {
                    return;
                }
                popMany(c, e, argv[i], atHead, count);
                return;
            }
        }
        if (!blocking) {
            c.reply().nullArray();
            return;
        }
        c.engine().block(c, argv, Arrays.asList(argv).subList(firstKey, w), timeoutMs, false);
    }

    /** Pops up to {@code count} elements of the list at {@code e}, replying [key, [elements]]. */
    private static void popMany(Client c, KeyEntry e, byte[] key, boolean atHead, long count) {
        ListValue l = (ListValue) e.value;
        int n = (int) Math.min(count, l.size());
        long before = l.memoryUsage();
        c.reply().array(2);
        c.reply().bulk(key);
        c.reply().array(n);
        for (int i = 0; i < n; i++) {
            c.reply().bulk(l.pop(atHead));
        }
        c.engine().addDirty(n);
        c.engine().keyModified(c.dbIndex(), key);
        event(c, atHead ? "lpop" : "rpop", key);
        changed(c, e, l, before);
        c.propagateAs(new byte[][] {atHead ? LPOP : RPOP, key, ascii(Integer.toString(n))});
    }

    // ---------------------------------------------------------------------------------------------
    // Blocking

    /** BLPOP key [key ...] timeout */
    static void blpop(Client c, byte[][] argv) {
        bpop(c, argv, true);
    }

    /** BRPOP key [key ...] timeout */
    static void brpop(Client c, byte[][] argv) {
        bpop(c, argv, false);
    }

    private static void bpop(Client c, byte[][] argv, boolean atHead) {
        long timeout = Engine.parseTimeout(c, argv[argv.length - 1]);
        if (timeout < 0) {
            return;
        }
        byte[] serving = c.engine().servingKey(c);
        if (serving != null) {
            KeyEntry e = c.engine().lookupWrite(c, serving);
            if (e != null && e.value instanceof ListValue) {
                popOne(c, e, serving, atHead);
                return;
            }
        } else {
            for (int i = 1; i < argv.length - 1; i++) {
                KeyEntry e = c.engine().lookupWrite(c, argv[i]);
                if (e == null) {
                    continue;
                }
                if (listOrReply(c, e) == null) {
                    return;
                }
                popOne(c, e, argv[i], atHead);
                return;
            }
        }
        c.engine().block(c, argv, Arrays.asList(argv).subList(1, argv.length - 1), timeout, false);
    }

    /** Pops one element of the list at {@code e}, replying [key, element], propagated as LPOP/RPOP key. */
    private static void popOne(Client c, KeyEntry e, byte[] key, boolean atHead) {
        ListValue l = (ListValue) e.value;
        long before = l.memoryUsage();
        byte[] v = l.pop(atHead);
        c.reply().array(2);
        c.reply().bulk(key);
        c.reply().bulk(v);
        event(c, atHead ? "lpop" : "rpop", key);
        changed(c, e, l, before);
        byte[][] nonBlocking = {atHead ? LPOP : RPOP, key};
        if (c.engine().servingKey(c) != null) {
            servedWithoutDirty(c, nonBlocking, key, null);
        } else {
            c.engine().addDirty(1);
            c.engine().keyModified(c.dbIndex(), key);
            c.propagateAs(nonBlocking);
        }
    }

    /** BLMOVE source destination LEFT | RIGHT LEFT | RIGHT timeout */
    static void blmove(Client c, byte[][] argv) {
        int from = where(argv[3]);
        int to = from < 0 ? -1 : where(argv[4]);
        if (to < 0) {
            c.reply().error(SYNTAX);
            return;
        }
        bmove(c, argv, argv[5], from == 1, to == 1,
                new byte[][] {LMOVE, argv[1], argv[2], argv[3], argv[4]});
    }

    /** BRPOPLPUSH source destination timeout */
    static void brpoplpush(Client c, byte[][] argv) {
        bmove(c, argv, argv[3], false, true, new byte[][] {RPOPLPUSH, argv[1], argv[2]});
    }

    private static void bmove(Client c, byte[][] argv, byte[] timeoutArg, boolean fromHead, boolean toHead,
                              byte[][] nonBlocking) {
        long timeout = Engine.parseTimeout(c, timeoutArg);
        if (timeout < 0) {
            return;
        }
        boolean serving = c.engine().servingKey(c) != null;
        KeyEntry src = c.engine().lookupWrite(c, argv[1]);
        if (src != null) {
            if (src.value instanceof ListValue) {
                if (serving) {
                    move(c, src, argv[1], argv[2], fromHead, toHead, nonBlocking);
                } else if (move(c, src, argv[1], argv[2], fromHead, toHead)) {
                    c.propagateAs(nonBlocking);
                }
                return;
            }
            if (!serving) {
                c.reply().error(Engine.WRONGTYPE);
                return;
            }
        }
        if (c.has(Client.IN_EXEC)) {
            // Inside a transaction nothing blocks: a null bulk at once (a real timeout replies a null array).
            c.reply().nullBulk();
            return;
        }
        c.engine().block(c, argv, List.of(argv[1]), timeout, false);
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT | RIGHT [COUNT count] */
    static void blmpop(Client c, byte[][] argv) {
        mpop(c, argv, 2, true);
    }
}
