package io.vigil.command;

import io.vigil.keyspace.KeyEntry;
import io.vigil.protocol.Reply;
import io.vigil.types.EncodingLimits;
import io.vigil.types.RedisValue;
import io.vigil.types.ZSetValue;
import io.vigil.util.Glob;
import io.vigil.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The sorted set commands of Redis 7.0, on {@link ZSetValue}. Replies, error texts and edge cases follow
 * Redis 7.0 (checked against a real server by the differential tests).
 *
 * <p>Sets given to ZUNION/ZINTER/ZDIFF and their STORE forms count as sorted sets whose scores are all 1:
 * a set value is read as a {@link RedisValue} of type {@code "set"} that is {@code Iterable<byte[]>}.
 */
final class ZSetCommands {
    private ZSetCommands() {
    }

    private static final String NOT_FLOAT = "ERR value is not a valid float";
    private static final String NOT_INTEGER = Args.NOT_INTEGER;
    private static final String SYNTAX = "ERR syntax error";
    private static final String RANGE_NOT_FLOAT = "ERR min or max is not a float";
    private static final String RANGE_NOT_LEX = "ERR min or max not valid string range item";
    private static final String NAN_RESULT = "ERR resulting score is not a number (NaN)";

    private static final byte[] ZPOPMIN = "ZPOPMIN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZPOPMAX = "ZPOPMAX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO_CURSOR = {'0'};

    /** The STORE commands modify only their destination (argument 1), not their sources. */
    private static final CommandSpec.KeyFinder DESTINATION = argv -> new int[] {1};


    static void register(CommandTable t) {
        t.add(spec("zadd", -4, "write denyoom fast", 1, 1, 1, ZSetCommands::zadd,
                "1.2.0", "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
                "Adds members with scores to a sorted set, or updates the scores of existing members.")
                .args("key", "[NX | XX]", "[GT | LT]", "[CH]", "[INCR]", "score member [score member ...]"));
        t.add(spec("zincrby", 4, "write denyoom fast", 1, 1, 1, ZSetCommands::zincrby,
                "1.2.0", "O(log(N)) where N is the number of elements in the sorted set.",
                "Adds an increment to a member's score, adding the member if missing.")
                .args("key", "increment", "member"));
        t.add(spec("zrem", -3, "write fast", 1, 1, 1, ZSetCommands::zrem,
                "1.2.0", "O(M*log(N)) with N being the number of elements in the sorted set and M the number of "
                        + "elements to be removed.",
                "Removes members from a sorted set, deleting the key when it becomes empty.")
                .args("key", "member [member ...]"));
        t.add(spec("zcard", 2, "readonly fast", 1, 1, 1, ZSetCommands::zcard,
                "1.2.0", "O(1)", "Returns the number of members of a sorted set.").args("key"));
        t.add(spec("zcount", 4, "readonly fast", 1, 1, 1, ZSetCommands::zcount,
                "2.0.0", "O(log(N)) with N being the number of elements in the sorted set.",
                "Counts the members whose score lies in a range.").args("key", "min", "max"));
        t.add(spec("zlexcount", 4, "readonly fast", 1, 1, 1, ZSetCommands::zlexcount,
                "2.8.9", "O(log(N)) with N being the number of elements in the sorted set.",
                "Counts the members in a lexicographical range.").args("key", "min", "max"));
        t.add(spec("zscore", 3, "readonly fast", 1, 1, 1, ZSetCommands::zscore,
                "1.2.0", "O(1)", "Returns the score of a member.").args("key", "member"));
        t.add(spec("zmscore", -3, "readonly fast", 1, 1, 1, ZSetCommands::zmscore,
                "6.2.0", "O(N) where N is the number of members being requested.",
                "Returns the scores of several members.").args("key", "member [member ...]"));
        t.add(spec("zrank", 3, "readonly fast", 1, 1, 1, ZSetCommands::zrank,
                "2.0.0", "O(log(N))", "Returns the position of a member in ascending score order.")
                .args("key", "member"));
        t.add(spec("zrevrank", 3, "readonly fast", 1, 1, 1, ZSetCommands::zrevrank,
                "2.0.0", "O(log(N))", "Returns the position of a member in descending score order.")
                .args("key", "member"));
        t.add(spec("zrange", -4, "readonly", 1, 1, 1, ZSetCommands::zrange,
                "1.2.0", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                        + "elements returned.",
                "Returns members in a range of ranks, scores or lexicographical values.")
                .args("key", "start", "stop", "[BYSCORE | BYLEX]", "[REV]", "[LIMIT offset count]", "[WITHSCORES]"));
        t.add(spec("zrangestore", -5, "write denyoom", 1, 2, 1, ZSetCommands::zrangestore,
                "6.2.0", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                        + "elements stored into the destination key.",
                "Stores a range of a sorted set into another key.")
                .args("dst", "src", "min", "max", "[BYSCORE | BYLEX]", "[REV]", "[LIMIT offset count]")
                .modifies(DESTINATION));
        t.add(spec("zrangebyscore", -4, "readonly", 1, 1, 1, ZSetCommands::zrangebyscore,
                "1.0.5", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                        + "elements being returned.",
                "Returns members whose score lies in a range, lowest first.")
                .args("key", "min", "max", "[WITHSCORES]", "[LIMIT offset count]"));
        t.add(spec("zrevrangebyscore", -4, "readonly", 1, 1, 1, ZSetCommands::zrevrangebyscore,
                "2.2.0", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                        + "elements being returned.",
                "Returns members whose score lies in a range, highest first.")
                .args("key", "max", "min", "[WITHSCORES]", "[LIMIT offset count]"));
        t.add(spec("zrangebylex", -4, "readonly", 1, 1, 1, ZSetCommands::zrangebylex,
                "2.8.9", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                        + "elements being returned.",
                "Returns members in a lexicographical range, in ascending order.")
                .args("key", "min", "max", "[LIMIT offset count]"));
        t.add(spec("zrevrangebylex", -4, "readonly", 1, 1, 1, ZSetCommands::zrevrangebylex,
                "2.8.9", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                        + "elements being returned.",
                "Returns members in a lexicographical range, in descending order.")
                .args("key", "max", "min", "[LIMIT offset count]"));
        t.add(spec("zrevrange", -4, "readonly", 1, 1, 1, ZSetCommands::zrevrange,
                "1.2.0", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                        + "elements returned.",
                "Returns members in a range of ranks, highest score first.")
                .args("key", "start", "stop", "[WITHSCORES]"));
        t.add(spec("zremrangebyrank", 4, "write", 1, 1, 1, ZSetCommands::zremrangebyrank,
                "2.0.0", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                        + "elements removed by the operation.",
                "Removes the members in a range of ranks.").args("key", "start", "stop"));
        t.add(spec("zremrangebyscore", 4, "write", 1, 1, 1, ZSetCommands::zremrangebyscore,
                "1.2.0", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                        + "elements removed by the operation.",
                "Removes the members whose score lies in a range.").args("key", "min", "max"));
        t.add(spec("zremrangebylex", 4, "write", 1, 1, 1, ZSetCommands::zremrangebylex,
                "2.8.9", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
                        + "elements removed by the operation.",
                "Removes the members in a lexicographical range.").args("key", "min", "max"));
        t.add(spec("zpopmin", -2, "write fast", 1, 1, 1, ZSetCommands::zpopmin,
                "5.0.0", "O(log(N)*M) with N being the number of elements in the sorted set, and M being the "
                        + "number of elements popped.",
                "Removes and returns the members with the lowest scores.").args("key", "[count]"));
        t.add(spec("zpopmax", -2, "write fast", 1, 1, 1, ZSetCommands::zpopmax,
                "5.0.0", "O(log(N)*M) with N being the number of elements in the sorted set, and M being the "
                        + "number of elements popped.",
                "Removes and returns the members with the highest scores.").args("key", "[count]"));
        t.add(spec("bzpopmin", -3, "write noscript blocking fast", 1, -2, 1, ZSetCommands::bzpopmin,
                "5.0.0", "O(log(N)) with N being the number of elements in the sorted set.",
                "Removes and returns the lowest-scored member of the first non-empty sorted set, blocking until "
                        + "one is available.").args("key [key ...]", "timeout")
                .modifies(CommandSpec.SIGNALS_ITSELF));
        t.add(spec("bzpopmax", -3, "write noscript blocking fast", 1, -2, 1, ZSetCommands::bzpopmax,
                "5.0.0", "O(log(N)) with N being the number of elements in the sorted set.",
                "Removes and returns the highest-scored member of the first non-empty sorted set, blocking until "
                        + "one is available.").args("key [key ...]", "timeout")
                .modifies(CommandSpec.SIGNALS_ITSELF));
        t.add(spec("zmpop", -4, "write", 0, 0, 0, ZSetCommands::zmpop,
                "7.0.0", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements "
                        + "in the sorted set, and M being the number of elements popped.",
                "Removes and returns members with the lowest or highest scores from the first non-empty sorted set.")
                .args("numkeys", "key [key ...]", "MIN | MAX", "[COUNT count]")
                .keys(CommandSpec.numkeys(1, 0)).modifies(CommandSpec.SIGNALS_ITSELF));
        t.add(spec("bzmpop", -5, "write blocking", 0, 0, 0, ZSetCommands::bzmpop,
                "7.0.0", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements "
                        + "in the sorted set, and M being the number of elements popped.",
                "Like ZMPOP, blocking until a sorted set has members to pop.")
                .args("timeout", "numkeys", "key [key ...]", "MIN | MAX", "[COUNT count]")
                .keys(CommandSpec.numkeys(2, 0)).modifies(CommandSpec.SIGNALS_ITSELF));
        t.add(spec("zrandmember", -2, "readonly", 1, 1, 1, ZSetCommands::zrandmember,
                "6.2.0", "O(N) where N is the number of members returned",
                "Returns random members of a sorted set.").args("key", "[count [WITHSCORES]]"));
        t.add(spec("zunion", -3, "readonly", 0, 0, 0, ZSetCommands::zunion,
                "6.2.0", "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being "
                        + "the number of elements in the resulting sorted set.",
                "Returns the union of sorted sets.")
                .args("numkeys", "key [key ...]", "[WEIGHTS weight [weight ...]]", "[AGGREGATE SUM | MIN | MAX]",
                        "[WITHSCORES]")
                .keys(CommandSpec.numkeys(1, 0)));
        t.add(spec("zinter", -3, "readonly", 0, 0, 0, ZSetCommands::zinter,
                "6.2.0", "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
                        + "number of input sorted sets and M being the number of elements in the resulting sorted set.",
                "Returns the intersection of sorted sets.")
                .args("numkeys", "key [key ...]", "[WEIGHTS weight [weight ...]]", "[AGGREGATE SUM | MIN | MAX]",
                        "[WITHSCORES]")
                .keys(CommandSpec.numkeys(1, 0)));
        t.add(spec("zdiff", -3, "readonly", 0, 0, 0, ZSetCommands::zdiff,
                "6.2.0", "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N "
                        + "is the size of the first set, and K is the size of the result set.",
                "Returns the members of the first sorted set that are in none of the others.")
                .args("numkeys", "key [key ...]", "[WITHSCORES]")
                .keys(CommandSpec.numkeys(1, 0)));
        t.add(spec("zunionstore", -4, "write denyoom", 1, 1, 1, ZSetCommands::zunionstore,
                "2.0.0", "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being "
                        + "the number of elements in the resulting sorted set.",
                "Stores the union of sorted sets in a key.")
                .args("destination", "numkeys", "key [key ...]", "[WEIGHTS weight [weight ...]]",
                        "[AGGREGATE SUM | MIN | MAX]")
                .keys(CommandSpec.numkeys(2, 1)).modifies(DESTINATION));
        t.add(spec("zinterstore", -4, "write denyoom", 1, 1, 1, ZSetCommands::zinterstore,
                "2.0.0", "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
                        + "number of input sorted sets and M being the number of elements in the resulting sorted set.",
                "Stores the intersection of sorted sets in a key.")
                .args("destination", "numkeys", "key [key ...]", "[WEIGHTS weight [weight ...]]",
                        "[AGGREGATE SUM | MIN | MAX]")
                .keys(CommandSpec.numkeys(2, 1)).modifies(DESTINATION));
        t.add(spec("zdiffstore", -4, "write denyoom", 1, 1, 1, ZSetCommands::zdiffstore,
                "6.2.0", "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N "
                        + "is the size of the first set, and K is the size of the result set.",
                "Stores the difference of sorted sets in a key.")
                .args("destination", "numkeys", "key [key ...]")
                .keys(CommandSpec.numkeys(2, 1)).modifies(DESTINATION));
        t.add(spec("zintercard", -3, "readonly", 0, 0, 0, ZSetCommands::zintercard,
                "7.0.0", "O(N*K) worst case with N being the smallest input sorted set, K being the number of input "
                        + "sorted sets.",
                "Counts the members of the intersection of sorted sets.")
                .args("numkeys", "key [key ...]", "[LIMIT limit]")
                .keys(CommandSpec.numkeys(1, 0)));
        t.add(spec("zscan", -3, "readonly", 1, 1, 1, ZSetCommands::zscan,
                "2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the "
                        + "cursor to return back to 0. N is the number of elements inside the collection.",
                "Iterates over the members and scores of a sorted set.")
                .args("key", "cursor", "[MATCH pattern]", "[COUNT count]"));
    }

    private static CommandSpec spec(String name, int arity, String flags, int first, int last, int step,
                                    CommandHandler h, String since, String complexity, String summary) {
        return CommandSpec.of(name, arity, flags, first, last, step, h).acl("@sortedset")
                .doc("sorted-set", since, complexity, summary);
    }

    // =============================================================================================
    // Helpers

    /** The sorted set held by {@code e}, or null after replying WRONGTYPE. */
    private static ZSetValue zsetOf(Client c, KeyEntry e) {
        if (e.value instanceof ZSetValue z) {
            return z;
        }
        c.reply().error(Engine.WRONGTYPE);
        return null;
    }

    private static EncodingLimits limits(Client c) {
        return c.engine().encodingLimits();
    }

    private static boolean eq(byte[] arg, String lowerWord) {
        int n = lowerWord.length();
        if (arg.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = arg[i];
            if (b >= 'A' && b <= 'Z') {
                b |= 0x20;
            }
            if (b != lowerWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** After a change to {@code e}'s set: fixes memory accounting and deletes the key if it became empty. */
    private static boolean afterChange(Client c, KeyEntry e, ZSetValue z, long sizeBefore) {
        c.db().valueResized(e, sizeBefore);
        if (z.size() == 0) {
            c.db().deleteEntry(e);
            return true;
        }
        return false;
    }

    private static void event(Client c, String name, byte[] key) {
        c.engine().keyspaceEvent(KeyspaceEvents.ZSET, name, key, c.dbIndex());
    }

    private static void delEvent(Client c, byte[] key) {
        c.engine().keyspaceEvent(KeyspaceEvents.GENERIC, "del", key, c.dbIndex());
    }

    /** Writes one element of a range reply (a [member, score] pair in RESP3 when with scores). */
    private static void emit(Reply r, byte[] buf, int off, int len, double score, boolean withScores) {
        if (withScores && r.protocol() == 3) {
            r.array(2);
        }
        r.bulk(buf, off, len);
        if (withScores) {
            r.doubleValue(score);
        }
    }

    /** The array header of a range reply of {@code n} elements. */
    private static void rangeHeader(Reply r, int n, boolean withScores) {
        r.array(withScores && r.protocol() == 2 ? n * 2 : n);
    }

    // ---------------------------------------------------------------------------------------------
    // Range parsing

    /** A score interval (Redis's zrangespec). */
    static final class ScoreRange {
        double min;
        double max;
        boolean minex;
        boolean maxex;

        /** Number of leading elements of {@code z} below the interval. */
        int start(ZSetValue z) {
            return z.countScoreBelow(min, minex);
        }

        /** Number of leading elements of {@code z} up to the interval's end. */
        int end(ZSetValue z) {
            return z.countScoreBelow(max, !maxex);
        }
    }

    private static final Pattern STRTOD_DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern STRTOD_HEX =
            Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
    private static final Pattern STRTOD_INF = Pattern.compile("[+-]?(?i:inf|infinity)");

    /**
     * Parses {@code b[from..]} as C's strtod must consume it entirely: leading white space allowed, nothing
     * after the number, overflow to ±inf, the empty string is 0; NaN is refused. Throws on failure.
     */
    static double strtod(byte[] b, int from) {
        int i = from;
        while (i < b.length && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) {
            i++;
        }
        if (i == b.length) {
            if (from == b.length) {
                return 0; // nothing to convert: strtod returns 0 and points at the (empty) end
            }
            throw Numbers.NOT_A_NUMBER;
        }
        String s = new String(b, i, b.length - i, StandardCharsets.ISO_8859_1);
        if (STRTOD_INF.matcher(s).matches()) {
            return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (STRTOD_DECIMAL.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        if (STRTOD_HEX.matcher(s).matches()) {
            boolean hasP = s.indexOf('p') >= 0 || s.indexOf('P') >= 0;
            return Double.parseDouble(hasP ? s : s + "p0");
        }
        throw Numbers.NOT_A_NUMBER;
    }

    /** Parses a score interval (Redis's zslParseRange); null if invalid (the caller replies). */
    static ScoreRange parseScoreRange(byte[] min, byte[] max) {
        ScoreRange r = new ScoreRange();
        try {
            if (min.length > 0 && min[0] == '(') {
                r.min = strtod(min, 1);
                r.minex = true;
            } else {
                r.min = strtod(min, 0);
            }
            if (max.length > 0 && max[0] == '(') {
                r.max = strtod(max, 1);
                r.maxex = true;
            } else {
                r.max = strtod(max, 0);
            }
        } catch (Numbers.NotANumber | NumberFormatException e) {
            return null;
        }
        return r;
    }

    /** A lexicographical interval (Redis's zlexrangespec); a null bound value means "-" or "+". */
    static final class LexRange {
        byte[] min;
        byte[] max;
        boolean minInf; // "+" as min (above everything) when min == null and minInf, else "-"
        boolean maxInf; // "-" as max (below everything) when max == null and maxInf, else "+"
        boolean minex;
        boolean maxex;

        boolean gteMin(byte[] buf, int off, int len) {
            if (min == null) {
                return !minInf;
            }
            int cmp = Arrays.compareUnsigned(buf, off, off + len, min, 0, min.length);
            return minex ? cmp > 0 : cmp >= 0;
        }

        boolean lteMax(byte[] buf, int off, int len) {
            if (max == null) {
                return !maxInf;
            }
            int cmp = Arrays.compareUnsigned(buf, off, off + len, max, 0, max.length);
            return maxex ? cmp < 0 : cmp <= 0;
        }

        int start(ZSetValue z) {
            return z.countWhile((b, o, l) -> !gteMin(b, o, l));
        }

        int end(ZSetValue z) {
            return z.countWhile(this::lteMax);
        }
    }

    /** Parses a lex interval (Redis's zslParseLexRange); null if invalid. */
    static LexRange parseLexRange(byte[] min, byte[] max) {
        LexRange r = new LexRange();
        if (min.length == 0 || max.length == 0) {
            return null;
        }
        switch (min[0]) {
            case '+', '-' -> {
                if (min.length != 1) {
                    return null;
                }
                r.minInf = min[0] == '+';
                r.minex = true;
            }
            case '(', '[' -> {
                r.minex = min[0] == '(';
                r.min = Arrays.copyOfRange(min, 1, min.length);
            }
            default -> {
                return null;
            }
        }
        switch (max[0]) {
            case '+', '-' -> {
                if (max.length != 1) {
                    return null;
                }
                r.maxInf = max[0] == '-';
                r.maxex = true;
            }
            case '(', '[' -> {
                r.maxex = max[0] == '(';
                r.max = Arrays.copyOfRange(max, 1, max.length);
            }
            default -> {
                return null;
            }
        }
        return r;
    }

    // =============================================================================================
    // ZADD / ZINCRBY

    /** ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...] */
    static void zadd(Client c, byte[][] argv) {
        zaddGeneric(c, argv, 0);
    }

    /** ZINCRBY key increment member */
    static void zincrby(Client c, byte[][] argv) {
        zaddGeneric(c, argv, ZSetValue.IN_INCR);
    }

    private static void zaddGeneric(Client c, byte[][] argv, int flags) {
        int idx = 2;
        boolean ch = false;
        while (idx < argv.length) {
            byte[] o = argv[idx];
            if (eq(o, "nx")) {
                flags |= ZSetValue.IN_NX;
            } else if (eq(o, "xx")) {
                flags |= ZSetValue.IN_XX;
            } else if (eq(o, "ch")) {
                ch = true;
            } else if (eq(o, "incr")) {
                flags |= ZSetValue.IN_INCR;
            } else if (eq(o, "gt")) {
                flags |= ZSetValue.IN_GT;
            } else if (eq(o, "lt")) {
                flags |= ZSetValue.IN_LT;
            } else {
                break;
            }
            idx++;
        }
        boolean nx = (flags & ZSetValue.IN_NX) != 0;
        boolean xx = (flags & ZSetValue.IN_XX) != 0;
        boolean gt = (flags & ZSetValue.IN_GT) != 0;
        boolean lt = (flags & ZSetValue.IN_LT) != 0;
        boolean incr = (flags & ZSetValue.IN_INCR) != 0;
        int elements = argv.length - idx;
        if (elements % 2 != 0 || elements == 0) {
            c.reply().error(SYNTAX);
            return;
        }
        elements /= 2;
        if (nx && xx) {
            c.reply().error("ERR XX and NX options at the same time are not compatible");
            return;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            c.reply().error("ERR GT, LT, and/or NX options at the same time are not compatible");
            return;
        }
        if (incr && elements > 1) {
            c.reply().error("ERR INCR option supports a single increment-element pair");
            return;
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            try {
                scores[j] = Numbers.parseDouble(argv[idx + j * 2]);
            } catch (Numbers.NotANumber e) {
                c.reply().error(NOT_FLOAT);
                return;
            }
        }
        byte[] key = argv[1];
        KeyEntry e = c.engine().lookupWrite(c, key);
        ZSetValue z;
        long before;
        if (e == null) {
            if (xx) {
                replyZadd(c, incr, ch, 0, 0, 0, 0);
                return;
            }
            long bytes = 0;
            for (int j = 0; j < elements; j++) {
                bytes += ZSetValue.packedSize(argv[idx + j * 2 + 1].length, scores[j]);
            }
            z = ZSetValue.createListpack((int) Math.min(bytes, 1 << 16));
            e = c.db().add(key, z);
            before = z.memoryUsage();
        } else {
            z = zsetOf(c, e);
            if (z == null) {
                return;
            }
            before = z.memoryUsage();
        }
        EncodingLimits lim = limits(c);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double[] newScore = new double[1];
        boolean nanError = false;
        for (int j = 0; j < elements; j++) {
            int out = z.add(scores[j], argv[idx + j * 2 + 1], flags, newScore, lim);
            if ((out & ZSetValue.OUT_NAN) != 0) {
                nanError = true;
                break;
            }
            if ((out & ZSetValue.OUT_ADDED) != 0) {
                added++;
            }
            if ((out & ZSetValue.OUT_UPDATED) != 0) {
                updated++;
            }
            if ((out & ZSetValue.OUT_NOP) == 0) {
                processed++;
            }
        }
        z.compact();
        afterChange(c, e, z, before);
        if (nanError) {
            c.reply().error(NAN_RESULT);
        } else {
            replyZadd(c, incr, ch, added, updated, processed, newScore[0]);
        }
        if (added + updated > 0) {
            event(c, incr ? "zincr" : "zadd", key);
            c.engine().addDirty(added + updated);
        }
    }

    private static void replyZadd(Client c, boolean incr, boolean ch, int added, int updated, int processed,
                                  double score) {
        if (incr) {
            if (processed > 0) {
                c.reply().doubleValue(score);
            } else {
                c.reply().nullBulk();
            }
        } else {
            c.reply().integer(ch ? added + updated : added);
        }
    }

    // =============================================================================================
    // Simple reads and removal

    /** ZREM key member [member ...] */
    static void zrem(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z == null) {
            return;
        }
        long before = z.memoryUsage();
        int deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < argv.length; j++) {
            if (z.remove(argv[j])) {
                deleted++;
            }
            if (z.size() == 0) {
                break;
            }
        }
        if (deleted > 0) {
            keyRemoved = afterChange(c, e, z, before);
            event(c, "zrem", argv[1]);
            if (keyRemoved) {
                delEvent(c, argv[1]);
            }
            c.engine().addDirty(deleted);
        }
        c.reply().integer(deleted);
    }

    /** ZCARD key */
    static void zcard(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z != null) {
            c.reply().integer(z.size());
        }
    }

    /** ZCOUNT key min max */
    static void zcount(Client c, byte[][] argv) {
        ScoreRange r = parseScoreRange(argv[2], argv[3]);
        if (r == null) {
            c.reply().error(RANGE_NOT_FLOAT);
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z != null) {
            c.reply().integer(Math.max(0, r.end(z) - r.start(z)));
        }
    }

    /** ZLEXCOUNT key min max */
    static void zlexcount(Client c, byte[][] argv) {
        LexRange r = parseLexRange(argv[2], argv[3]);
        if (r == null) {
            c.reply().error(RANGE_NOT_LEX);
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z != null) {
            c.reply().integer(Math.max(0, r.end(z) - r.start(z)));
        }
    }

    /** ZSCORE key member */
    static void zscore(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z == null) {
            return;
        }
        double s = z.score(argv[2]);
        if (Double.isNaN(s)) {
            c.reply().nullBulk();
        } else {
            c.reply().doubleValue(s);
        }
    }

    /** ZMSCORE key member [member ...] */
    static void zmscore(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        ZSetValue z = null;
        if (e != null) {
            z = zsetOf(c, e);
            if (z == null) {
                return;
            }
        }
        c.reply().array(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            double s = z == null ? Double.NaN : z.score(argv[j]);
            if (Double.isNaN(s)) {
                c.reply().nullBulk();
            } else {
                c.reply().doubleValue(s);
            }
        }
    }

    /** ZRANK key member */
    static void zrank(Client c, byte[][] argv) {
        rank(c, argv, false);
    }

    /** ZREVRANK key member */
    static void zrevrank(Client c, byte[][] argv) {
        rank(c, argv, true);
    }

    private static void rank(Client c, byte[][] argv, boolean reverse) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z == null) {
            return;
        }
        long r = z.rank(argv[2], reverse);
        if (r < 0) {
            c.reply().nullBulk();
        } else {
            c.reply().integer(r);
        }
    }

    // =============================================================================================
    // ZRANGE family

    private static final int RANGE_AUTO = 0;
    private static final int RANGE_RANK = 1;
    private static final int RANGE_SCORE = 2;
    private static final int RANGE_LEX = 3;
    private static final int DIR_AUTO = 0;
    private static final int DIR_FORWARD = 1;
    private static final int DIR_REVERSE = 2;

    /** ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
    static void zrange(Client c, byte[][] argv) {
        zrangeGeneric(c, argv, 1, null, RANGE_AUTO, DIR_AUTO);
    }

    /** ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count] */
    static void zrangestore(Client c, byte[][] argv) {
        zrangeGeneric(c, argv, 2, argv[1], RANGE_AUTO, DIR_AUTO);
    }

    /** ZREVRANGE key start stop [WITHSCORES] */
    static void zrevrange(Client c, byte[][] argv) {
        zrangeGeneric(c, argv, 1, null, RANGE_RANK, DIR_REVERSE);
    }

    /** ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count] */
    static void zrangebyscore(Client c, byte[][] argv) {
        zrangeGeneric(c, argv, 1, null, RANGE_SCORE, DIR_FORWARD);
    }

    /** ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count] */
    static void zrevrangebyscore(Client c, byte[][] argv) {
        zrangeGeneric(c, argv, 1, null, RANGE_SCORE, DIR_REVERSE);
    }

    /** ZRANGEBYLEX key min max [LIMIT offset count] */
    static void zrangebylex(Client c, byte[][] argv) {
        zrangeGeneric(c, argv, 1, null, RANGE_LEX, DIR_FORWARD);
    }

    /** ZREVRANGEBYLEX key max min [LIMIT offset count] */
    static void zrevrangebylex(Client c, byte[][] argv) {
        zrangeGeneric(c, argv, 1, null, RANGE_LEX, DIR_REVERSE);
    }

    private static void zrangeGeneric(Client c, byte[][] argv, int keyIdx, byte[] dst, int rangeType,
                                      int direction) {
        boolean store = dst != null;
        byte[] key = argv[keyIdx];
        int minIdx = keyIdx + 1;
        int maxIdx = keyIdx + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIdx + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] o = argv[j];
            if (!store && eq(o, "withscores")) {
                withScores = true;
            } else if (eq(o, "limit") && left >= 2) {
                Long off = Args.longArg(c, argv[j + 1], null);
                if (off == null) {
                    return;
                }
                Long lim = Args.longArg(c, argv[j + 2], null);
                if (lim == null) {
                    return;
                }
                offset = off;
                limit = lim;
                j += 2;
            } else if (direction == DIR_AUTO && eq(o, "rev")) {
                direction = DIR_REVERSE;
            } else if (rangeType == RANGE_AUTO && eq(o, "bylex")) {
                rangeType = RANGE_LEX;
            } else if (rangeType == RANGE_AUTO && eq(o, "byscore")) {
                rangeType = RANGE_SCORE;
            } else {
                c.reply().error(SYNTAX);
                return;
            }
        }
        if (direction == DIR_AUTO) {
            direction = DIR_FORWARD;
        }
        if (rangeType == RANGE_AUTO) {
            rangeType = RANGE_RANK;
        }
        if (limit != -1 && rangeType == RANGE_RANK) {
            c.reply().error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            return;
        }
        if (withScores && rangeType == RANGE_LEX) {
            c.reply().error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
            return;
        }
        boolean reverse = direction == DIR_REVERSE;
        if (reverse && rangeType != RANGE_RANK) {
            int t = minIdx;
            minIdx = maxIdx;
            maxIdx = t;
        }
        long rankStart = 0;
        long rankEnd = 0;
        ScoreRange scoreRange = null;
        LexRange lexRange = null;
        switch (rangeType) {
            case RANGE_RANK -> {
                Long s = Args.longArg(c, argv[minIdx], null);
                if (s == null) {
                    return;
                }
                Long en = Args.longArg(c, argv[maxIdx], null);
                if (en == null) {
                    return;
                }
                rankStart = s;
                rankEnd = en;
            }
            case RANGE_SCORE -> {
                scoreRange = parseScoreRange(argv[minIdx], argv[maxIdx]);
                if (scoreRange == null) {
                    c.reply().error(RANGE_NOT_FLOAT);
                    return;
                }
            }
            default -> {
                lexRange = parseLexRange(argv[minIdx], argv[maxIdx]);
                if (lexRange == null) {
                    c.reply().error(RANGE_NOT_LEX);
                    return;
                }
            }
        }
        KeyEntry e = c.engine().lookupRead(c, key);
        if (e == null) {
            if (store) {
                storeResult(c, dst, null, "zrangestore");
            } else {
                c.reply().array(0);
            }
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z == null) {
            return;
        }
        // Resolve the request to ascending ranks [from, to) and the emission order.
        int size = z.size();
        int from;
        int to;
        if (rangeType == RANGE_RANK) {
            long s = rankStart < 0 ? size + rankStart : rankStart;
            long en = rankEnd < 0 ? size + rankEnd : rankEnd;
            if (s < 0) {
                s = 0;
            }
            if (s > en || s >= size) {
                from = 0;
                to = 0;
            } else {
                if (en >= size) {
                    en = size - 1;
                }
                if (reverse) {
                    from = (int) (size - 1 - en);
                    to = (int) (size - s);
                } else {
                    from = (int) s;
                    to = (int) en + 1;
                }
            }
        } else {
            if (rangeType == RANGE_SCORE) {
                from = scoreRange.start(z);
                to = Math.max(from, scoreRange.end(z));
            } else {
                from = lexRange.start(z);
                to = Math.max(from, lexRange.end(z));
            }
            // LIMIT: a negative offset selects nothing, a negative count everything after the offset.
            if (offset < 0) {
                to = from;
            } else {
                long len = to - from;
                long take = Math.max(0, len - offset);
                if (limit >= 0 && limit < take) {
                    take = limit;
                }
                if (take == 0) {
                    to = from;
                } else if (reverse) {
                    to = (int) (to - offset);
                    from = (int) (to - take);
                } else {
                    from = (int) (from + offset);
                    to = (int) (from + take);
                }
            }
        }
        if (store) {
            storeRange(c, dst, z, from, to, reverse, rangeType == RANGE_RANK);
            return;
        }
        Reply r = c.reply();
        rangeHeader(r, to - from, withScores);
        final boolean ws = withScores;
        z.visit(from, to, reverse, (b, o, l, s) -> emit(r, b, o, l, s, ws));
    }

    /**
     * ZRANGESTORE's destination, built as Redis 7.0 builds it: a skiplist from the start when a rank range is
     * known to exceed the listpack limit, else a listpack that the elements enter in emission order (so a
     * member too long converts it mid-way).
     */
    private static void storeRange(Client c, byte[] dst, ZSetValue src, int from, int to, boolean reverse,
                                   boolean byRank) {
        if (from >= to) {
            storeResult(c, dst, null, "zrangestore");
            return;
        }
        EncodingLimits lim = limits(c);
        ZSetValue out = byRank ? ZSetValue.createFor(to - from, 0, 0, lim) : ZSetValue.createListpack(0);
        src.visit(from, to, reverse, (b, o, l, s) -> out.insertNew(s, Arrays.copyOfRange(b, o, o + l), lim));
        out.compact();
        storeResult(c, dst, out, "zrangestore");
    }

    /**
     * Stores {@code out} at {@code dst} (or deletes {@code dst} when the result is empty) and replies the
     * result's size, as the STORE commands do.
     */
    private static void storeResult(Client c, byte[] dst, ZSetValue out, String event) {
        if (out != null && out.size() > 0) {
            c.db().put(dst, out);
            c.reply().integer(out.size());
            event(c, event, dst);
            c.engine().addDirty(1);
        } else {
            c.reply().integer(0);
            if (c.db().delete(dst)) {
                delEvent(c, dst);
                c.engine().addDirty(1);
            }
        }
    }

    // =============================================================================================
    // ZREMRANGEBY*

    /** ZREMRANGEBYRANK key start stop */
    static void zremrangebyrank(Client c, byte[][] argv) {
        zremrangeGeneric(c, argv, RANGE_RANK);
    }

    /** ZREMRANGEBYSCORE key min max */
    static void zremrangebyscore(Client c, byte[][] argv) {
        zremrangeGeneric(c, argv, RANGE_SCORE);
    }

    /** ZREMRANGEBYLEX key min max */
    static void zremrangebylex(Client c, byte[][] argv) {
        zremrangeGeneric(c, argv, RANGE_LEX);
    }

    private static void zremrangeGeneric(Client c, byte[][] argv, int type) {
        long start = 0;
        long end = 0;
        ScoreRange sr = null;
        LexRange lr = null;
        if (type == RANGE_RANK) {
            Long s = Args.longArg(c, argv[2], null);
            if (s == null) {
                return;
            }
            Long en = Args.longArg(c, argv[3], null);
            if (en == null) {
                return;
            }
            start = s;
            end = en;
        } else if (type == RANGE_SCORE) {
            sr = parseScoreRange(argv[2], argv[3]);
            if (sr == null) {
                c.reply().error(RANGE_NOT_FLOAT);
                return;
            }
        } else {
            lr = parseLexRange(argv[2], argv[3]);
            if (lr == null) {
                c.reply().error(RANGE_NOT_LEX);
                return;
            }
        }
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z == null) {
            return;
        }
        int size = z.size();
        int from;
        int to;
        if (type == RANGE_RANK) {
            if (start < 0) {
                start = size + start;
            }
            if (end < 0) {
                end = size + end;
            }
            if (start < 0) {
                start = 0;
            }
            if (start > end || start >= size) {
                c.reply().integer(0);
                return;
            }
            if (end >= size) {
                end = size - 1;
            }
            from = (int) start;
            to = (int) end + 1;
        } else if (type == RANGE_SCORE) {
            from = sr.start(z);
            to = Math.max(from, sr.end(z));
        } else {
            from = lr.start(z);
            to = Math.max(from, lr.end(z));
        }
        long before = z.memoryUsage();
        int deleted = z.removeRange(from, to, null);
        if (deleted > 0) {
            boolean removed = afterChange(c, e, z, before);
            event(c, type == RANGE_RANK ? "zremrangebyrank" : type == RANGE_SCORE ? "zremrangebyscore"
                    : "zremrangebylex", argv[1]);
            if (removed) {
                delEvent(c, argv[1]);
            }
            c.engine().addDirty(deleted);
        }
        c.reply().integer(deleted);
    }

    // =============================================================================================
    // Pops

    /** ZPOPMIN key [count] */
    static void zpopmin(Client c, byte[][] argv) {
        zpopMinMax(c, argv, false);
    }

    /** ZPOPMAX key [count] */
    static void zpopmax(Client c, byte[][] argv) {
        zpopMinMax(c, argv, true);
    }

    private static void zpopMinMax(Client c, byte[][] argv, boolean max) {
        if (argv.length > 3) {
            c.reply().error(SYNTAX);
            return;
        }
        long count = -1;
        if (argv.length == 3) {
            Long n = Args.nonNegativeArg(c, argv[2], "ERR value is out of range, must be positive");
            if (n == null) {
                return;
            }
            count = n;
        }
        boolean nested = c.protocol() > 2 && count != -1;
        KeyEntry e = c.engine().lookupWrite(c, argv[1]);
        if (e == null) {
            c.reply().array(0);
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z == null) {
            return;
        }
        if (count == 0) {
            c.reply().array(0);
            return;
        }
        pop(c, argv[1], e, z, max, count == -1 ? 1 : count, false, nested);
    }

    /**
     * Pops up to {@code count} elements from {@code z} (at {@code key}) and replies: a flat member/score array,
     * a nested array of pairs ({@code nested}), with the key first ({@code emitKey}: BZPOP flat, ZMPOP nested).
     */
    private static void pop(Client c, byte[] key, KeyEntry e, ZSetValue z, boolean max, long count, boolean emitKey,
                            boolean nested) {
        Reply r = c.reply();
        int size = z.size();
        int n = (int) Math.min(count, size);
        if (!nested && !emitKey) {
            r.array(n * 2);
        } else if (nested && !emitKey) {
            r.array(n);
        } else if (!nested) {
            r.array(n * 2 + 1);
            r.bulk(key);
        } else {
            r.array(2);
            r.bulk(key);
            r.array(n);
        }
        long before = z.memoryUsage();
        int from = max ? size - n : 0;
        int to = max ? size : n;
        // each pop takes the current extreme: ascending for MIN, descending for MAX
        z.visit(from, to, max, (b, o, l, s) -> {
            if (nested) {
                r.array(2);
            }
            r.bulk(b, o, l);
            r.doubleValue(s);
        });
        z.removeRange(from, to, null);
        boolean removed = afterChange(c, e, z, before);
        event(c, max ? "zpopmax" : "zpopmin", key);
        if (removed) {
            delEvent(c, key);
        }
        c.engine().addDirty(n);
        if (emitKey) {
            // BZPOP*/ZMPOP/BZMPOP take one of several keys: only this one is signalled (SIGNALS_ITSELF)
            c.engine().keyModified(c.dbIndex(), key);
        }
    }

    /** BZPOPMIN key [key ...] timeout */
    static void bzpopmin(Client c, byte[][] argv) {
        bzpop(c, argv, false);
    }

    /** BZPOPMAX key [key ...] timeout */
    static void bzpopmax(Client c, byte[][] argv) {
        bzpop(c, argv, true);
    }

    private static void bzpop(Client c, byte[][] argv, boolean max) {
        long timeout = Engine.parseTimeout(c, argv[argv.length - 1]);
        if (timeout < 0) {
            return;
        }
        int j = firstPoppable(c, argv, 1, argv.length - 1);
        if (j == -2) {
            return;
        }
        if (j >= 0) {
            byte[] key = argv[j];
            KeyEntry e = c.engine().lookupWrite(c, key);
            pop(c, key, e, (ZSetValue) e.value, max, 1, true, false);
            c.propagateAs(new byte[][] {max ? ZPOPMAX : ZPOPMIN, key});
            return;
        }
        c.engine().block(c, argv, Arrays.asList(argv).subList(1, argv.length - 1), timeout, false);
    }

    /**
     * The position in {@code argv[from..to)} of the sorted set to pop from: the first non-empty one, or, when
     * a blocked client is served, the key that became ready (as Redis 7.0, which leaves the client blocked
     * if that key holds another type). -1 when there is none, -2 after replying WRONGTYPE.
     */
    private static int firstPoppable(Client c, byte[][] argv, int from, int to) {
        byte[] serving = c.engine().servingKey(c);
        for (int j = from; j < to; j++) {
            if (serving != null && !Arrays.equals(serving, argv[j])) {
                continue;
            }
            KeyEntry e = c.engine().lookupWrite(c, argv[j]);
            if (e == null) {
                continue;
            }
            if (!(e.value instanceof ZSetValue z)) {
                if (serving != null) {
                    return -1; // Redis 7.0 keeps a blocked client waiting when its key changes type
                }
                c.reply().error(Engine.WRONGTYPE);
                return -2;
            }
            if (z.size() > 0) {
                return j;
            }
        }
        return -1;
    }

    /** ZMPOP numkeys key [key ...] MIN | MAX [COUNT count] */
    static void zmpop(Client c, byte[][] argv) {
        zmpopGeneric(c, argv, 1, false);
    }

    /** BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count] */
    static void bzmpop(Client c, byte[][] argv) {
        zmpopGeneric(c, argv, 2, true);
    }

    private static void zmpopGeneric(Client c, byte[][] argv, int numkeysIdx, boolean block) {
        Long nk = Args.longArg(c, argv[numkeysIdx], "ERR numkeys should be greater than 0");
        if (nk == null) {
            return;
        }
        if (nk < 1) {
            c.reply().error("ERR numkeys should be greater than 0");
            return;
        }
        long numkeys = nk;
        long whereIdx = numkeysIdx + numkeys + 1;
        if (whereIdx >= argv.length) {
            c.reply().error(SYNTAX);
            return;
        }
        boolean max;
        if (eq(argv[(int) whereIdx], "min")) {
            max = false;
        } else if (eq(argv[(int) whereIdx], "max")) {
            max = true;
        } else {
            c.reply().error(SYNTAX);
            return;
        }
        long count = -1;
        for (int j = (int) whereIdx + 1; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (count == -1 && eq(argv[j], "count") && more > 0) {
                j++;
                Long n = Args.longArg(c, argv[j], "ERR count should be greater than 0");
                if (n == null) {
                    return;
                }
                if (n < 1) {
                    c.reply().error("ERR count should be greater than 0");
                    return;
                }
                count = n;
            } else {
                c.reply().error(SYNTAX);
                return;
            }
        }
        if (count == -1) {
            count = 1;
        }
        long timeout = 0;
        if (block) {
            timeout = Engine.parseTimeout(c, argv[1]);
            if (timeout < 0) {
                return;
            }
        }
        int firstKey = numkeysIdx + 1;
        int at = firstPoppable(c, argv, firstKey, firstKey + (int) numkeys);
        if (at == -2) {
            return;
        }
        if (at >= 0) {
            KeyEntry e = c.engine().lookupWrite(c, argv[at]);
            pop(c, argv[at], e, (ZSetValue) e.value, max, count, true, true);
            c.propagateAs(new byte[][] {max ? ZPOPMAX : ZPOPMIN, argv[at],
                    Long.toString(count).getBytes(StandardCharsets.US_ASCII)});
            return;
        }
        if (!block) {
            c.reply().nullArray();
            return;
        }
        List<byte[]> keys = new ArrayList<>((int) numkeys);
        for (int j = firstKey; j < firstKey + numkeys; j++) {
            keys.add(argv[j]);
        }
        c.engine().block(c, argv, keys, timeout, false);
    }

    // =============================================================================================
    // ZRANDMEMBER

    /** ZRANDMEMBER key [count [WITHSCORES]] */
    static void zrandmember(Client c, byte[][] argv) {
        if (argv.length >= 3) {
            Long l = Args.longArg(c, argv[2], null);
            if (l == null) {
                return;
            }
            if (l == Long.MIN_VALUE) {
                c.reply().error("ERR value is out of range, value must between -9223372036854775807 and "
                        + "9223372036854775807");
                return;
            }
            boolean withScores = false;
            if (argv.length > 4 || (argv.length == 4 && !eq(argv[3], "withscores"))) {
                c.reply().error(SYNTAX);
                return;
            } else if (argv.length == 4) {
                withScores = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                    c.reply().error("ERR value is out of range");
                    return;
                }
            }
            zrandmemberWithCount(c, argv[1], l, withScores);
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z == null) {
            return;
        }
        int i = ThreadLocalRandom.current().nextInt(z.size());
        z.visit(i, i + 1, false, (b, o, len, s) -> c.reply().bulk(b, o, len));
    }

    private static void zrandmemberWithCount(Client c, byte[] key, long l, boolean withScores) {
        KeyEntry e = c.engine().lookupRead(c, key);
        if (e == null) {
            c.reply().array(0);
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z == null) {
            return;
        }
        int size = z.size();
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        Reply r = c.reply();
        if (count == 0) {
            r.array(0);
            return;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (!uniq || count == 1) {
            // with repetitions, in random order
            if (count > Integer.MAX_VALUE / 2) {
                c.reply().error("ERR value is out of range");
                return;
            }
            rangeHeader(r, (int) count, withScores);
            for (long k = 0; k < count; k++) {
                int i = rnd.nextInt(size);
                z.visit(i, i + 1, false, (b, o, len, s) -> emit(r, b, o, len, s, withScores));
            }
            return;
        }
        if (count >= size) {
            // the whole set, as Redis 7.0 replies it: highest rank first
            rangeHeader(r, size, withScores);
            z.visit(0, size, true, (b, o, len, s) -> emit(r, b, o, len, s, withScores));
            return;
        }
        // distinct random ranks: partial Fisher-Yates shuffle
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        int n = (int) count;
        rangeHeader(r, n, withScores);
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(size - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            int k = idx[i];
            z.visit(k, k + 1, false, (b, o, len, s) -> emit(r, b, o, len, s, withScores));
        }
    }

    // =============================================================================================
    // ZUNION / ZINTER / ZDIFF and their STORE forms, ZINTERCARD

    private static final int OP_UNION = 0;
    private static final int OP_INTER = 1;
    private static final int OP_DIFF = 2;
    private static final int AGG_SUM = 0;
    private static final int AGG_MIN = 1;
    private static final int AGG_MAX = 2;

    /** ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES] */
    static void zunion(Client c, byte[][] argv) {
        setOp(c, argv, null, 1, OP_UNION, false, "zunion");
    }

    /** ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES] */
    static void zinter(Client c, byte[][] argv) {
        setOp(c, argv, null, 1, OP_INTER, false, "zinter");
    }

    /** ZDIFF numkeys key [key ...] [WITHSCORES] */
    static void zdiff(Client c, byte[][] argv) {
        setOp(c, argv, null, 1, OP_DIFF, false, "zdiff");
    }

    /** ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] */
    static void zunionstore(Client c, byte[][] argv) {
        setOp(c, argv, argv[1], 2, OP_UNION, false, "zunionstore");
    }

    /** ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] */
    static void zinterstore(Client c, byte[][] argv) {
        setOp(c, argv, argv[1], 2, OP_INTER, false, "zinterstore");
    }

    /** ZDIFFSTORE destination numkeys key [key ...] */
    static void zdiffstore(Client c, byte[][] argv) {
        setOp(c, argv, argv[1], 2, OP_DIFF, false, "zdiffstore");
    }

    /** ZINTERCARD numkeys key [key ...] [LIMIT limit] */
    static void zintercard(Client c, byte[][] argv) {
        setOp(c, argv, null, 1, OP_INTER, true, "zintercard");
    }

    /** A byte-string key for hash maps. */
    private record Member(byte[] b, int hash) {
        static Member of(byte[] b) {
            return new Member(b, Arrays.hashCode(b));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Member m && m.hash == hash && Arrays.equals(m.b, b);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** One input of a set operation: a sorted set, a plain set (scores 1) or nothing. */
    private static final class Source {
        ZSetValue zset;
        RedisValue set;
        Map<Member, Boolean> setIndex;
        double weight = 1;

        int size() {
            return zset != null ? zset.size() : set != null ? set.size() : 0;
        }

        /** The score of {@code m} in this input, or NaN if absent. */
        double score(byte[] m) {
            if (zset != null) {
                return zset.score(m);
            }
            if (set != null) {
                if (setIndex == null) {
                    setIndex = new HashMap<>();
                    for (byte[] b : members(set)) {
                        setIndex.put(Member.of(b), Boolean.TRUE);
                    }
                }
                return setIndex.containsKey(Member.of(m)) ? 1.0 : Double.NaN;
            }
            return Double.NaN;
        }

        /** Visits every element (member as its own array). */
        void forEach(java.util.function.ObjDoubleConsumer<byte[]> fn) {
            if (zset != null) {
                zset.forEach((b, o, l, s) -> fn.accept(Arrays.copyOfRange(b, o, o + l), s));
            } else if (set != null) {
                for (byte[] b : members(set)) {
                    fn.accept(b, 1.0);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Iterable<byte[]> members(RedisValue set) {
        return (Iterable<byte[]>) set;
    }

    private static void setOp(Client c, byte[][] argv, byte[] dst, int numkeysIdx, int op, boolean cardOnly,
                              String name) {
        Long nk = Args.longArg(c, argv[numkeysIdx], null);
        if (nk == null) {
            return;
        }
        long setnum = nk;
        if (setnum < 1) {
            c.reply().error("ERR at least 1 input key is needed for '" + name + "' command");
            return;
        }
        if (setnum > argv.length - (numkeysIdx + 1)) {
            c.reply().error(SYNTAX);
            return;
        }
        int n = (int) setnum;
        Source[] src = new Source[n];
        int j = numkeysIdx + 1;
        for (int i = 0; i < n; i++, j++) {
            KeyEntry e = dst != null ? c.engine().lookupWrite(c, argv[j]) : c.engine().lookupRead(c, argv[j]);
            Source s = new Source();
            if (e != null) {
                if (e.value instanceof ZSetValue z) {
                    s.zset = z;
                } else if (e.value instanceof RedisValue rv && rv.typeName().equals("set")
                        && rv instanceof Iterable<?>) {
                    s.set = rv;
                } else {
                    c.reply().error(Engine.WRONGTYPE);
                    return;
                }
            }
            src[i] = s;
        }
        int aggregate = AGG_SUM;
        boolean withScores = false;
        long limit = 0;
        int remaining = argv.length - j;
        while (remaining > 0) {
            if (op != OP_DIFF && !cardOnly && remaining >= n + 1 && eq(argv[j], "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < n; i++, j++, remaining--) {
                    try {
                        src[i].weight = Numbers.parseDouble(argv[j]);
                    } catch (Numbers.NotANumber ex) {
                        c.reply().error("ERR weight value is not a float");
                        return;
                    }
                }
            } else if (op != OP_DIFF && !cardOnly && remaining >= 2 && eq(argv[j], "aggregate")) {
                j++;
                remaining--;
                if (eq(argv[j], "sum")) {
                    aggregate = AGG_SUM;
                } else if (eq(argv[j], "min")) {
                    aggregate = AGG_MIN;
                } else if (eq(argv[j], "max")) {
                    aggregate = AGG_MAX;
                } else {
                    c.reply().error(SYNTAX);
                    return;
                }
                j++;
                remaining--;
            } else if (remaining >= 1 && dst == null && !cardOnly && eq(argv[j], "withscores")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardOnly && remaining >= 2 && eq(argv[j], "limit")) {
                j++;
                remaining--;
                Long lim = Args.longArg(c, argv[j], "ERR LIMIT can't be negative");
                if (lim == null) {
                    return;
                }
                if (lim < 0) {
                    c.reply().error("ERR LIMIT can't be negative");
                    return;
                }
                limit = lim;
                j++;
                remaining--;
            } else {
                c.reply().error(SYNTAX);
                return;
            }
        }
        if (op != OP_DIFF) {
            // smallest inputs first (stable), as Redis orders them before combining
            Arrays.sort(src, (a, b) -> Integer.compare(a.size(), b.size()));
        }
        if (cardOnly) {
            c.reply().integer(interCard(src, limit));
            return;
        }
        List<byte[]> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        if (op == OP_INTER) {
            inter(src, aggregate, members, scores);
        } else if (op == OP_UNION) {
            union(src, aggregate, members, scores);
        } else {
            diff(src, members, scores);
        }
        int count = members.size();
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int cmp = Double.compare(scores.get(a), scores.get(b));
            if (scores.get(a).doubleValue() == scores.get(b).doubleValue()) {
                cmp = 0; // -0.0 and 0.0 tie on score
            }
            return cmp != 0 ? cmp : Arrays.compareUnsigned(members.get(a), members.get(b));
        });
        if (dst != null) {
            int maxLen = 0;
            long total = 0;
            for (byte[] m : members) {
                maxLen = Math.max(maxLen, m.length);
                total += m.length;
            }
            EncodingLimits lim = limits(c);
            ZSetValue out = ZSetValue.createFor(count, maxLen, total, lim);
            for (Integer i : order) {
                out.append(scores.get(i), members.get(i), lim);
            }
            out.compact();
            storeResult(c, dst, out, name);
            return;
        }
        Reply r = c.reply();
        rangeHeader(r, count, withScores);
        for (Integer i : order) {
            byte[] m = members.get(i);
            emit(r, m, 0, m.length, scores.get(i), withScores);
        }
    }

    private static double aggregate(double target, double val, int aggregate) {
        if (aggregate == AGG_SUM) {
            double t = target + val;
            return Double.isNaN(t) ? 0.0 : t; // inf + -inf counts as 0
        } else if (aggregate == AGG_MIN) {
            return val < target ? val : target;
        } else {
            return val > target ? val : target;
        }
    }

    private static void inter(Source[] src, int agg, List<byte[]> members, List<Double> scores) {
        if (src[0].size() == 0) {
            return;
        }
        src[0].forEach((m, s0) -> {
            double score = src[0].weight * s0;
            if (Double.isNaN(score)) {
                score = 0;
            }
            for (int j = 1; j < src.length; j++) {
                double v = src[j].score(m);
                if (Double.isNaN(v)) {
                    return;
                }
                score = aggregate(score, v * src[j].weight, agg);
            }
            members.add(m);
            scores.add(score);
        });
    }

    private static long interCard(Source[] src, long limit) {
        if (src[0].size() == 0) {
            return 0;
        }
        long[] card = {0};
        // a plain loop so that LIMIT can stop early
        List<byte[]> firstMembers = new ArrayList<>();
        src[0].forEach((m, s) -> firstMembers.add(m));
        for (byte[] m : firstMembers) {
            boolean all = true;
            for (int j = 1; j < src.length; j++) {
                if (src[j].zset != src[0].zset || src[j].set != src[0].set) {
                    if (Double.isNaN(src[j].score(m))) {
                        all = false;
                        break;
                    }
                }
            }
            if (all) {
                card[0]++;
                if (limit > 0 && card[0] >= limit) {
                    break;
                }
            }
        }
        return card[0];
    }

    private static void union(Source[] src, int agg, List<byte[]> members, List<Double> scores) {
        Map<Member, Integer> at = new HashMap<>();
        for (Source s : src) {
            if (s.size() == 0) {
                continue;
            }
            s.forEach((m, v) -> {
                double score = s.weight * v;
                if (Double.isNaN(score)) {
                    score = 0;
                }
                Member key = Member.of(m);
                Integer i = at.get(key);
                if (i == null) {
                    at.put(key, members.size());
                    members.add(m);
                    scores.add(score);
                } else {
                    scores.set(i, aggregate(scores.get(i), score, agg));
                }
            });
        }
    }

    private static void diff(Source[] src, List<byte[]> members, List<Double> scores) {
        if (src[0].size() == 0) {
            return;
        }
        src[0].forEach((m, s) -> {
            for (int j = 1; j < src.length; j++) {
                if (!Double.isNaN(src[j].score(m))) {
                    return;
                }
            }
            members.add(m);
            scores.add(s);
        });
    }

    // =============================================================================================
    // ZSCAN

    /** ZSCAN key cursor [MATCH pattern] [COUNT count] */
    static void zscan(Client c, byte[][] argv) {
        long cursor;
        try {
            cursor = parseCursor(argv[2]);
        } catch (Numbers.NotANumber ex) {
            c.reply().error("ERR invalid cursor");
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().array(2);
            c.reply().bulk(ZERO_CURSOR);
            c.reply().array(0);
            return;
        }
        ZSetValue z = zsetOf(c, e);
        if (z == null) {
            return;
        }
        long count = 10;
        byte[] pattern = null;
        for (int i = 3; i < argv.length; ) {
            int left = argv.length - i;
            if (eq(argv[i], "count") && left >= 2) {
                Long n = Args.longArg(c, argv[i + 1], null);
                if (n == null) {
                    return;
                }
                if (n < 1) {
                    c.reply().error(SYNTAX);
                    return;
                }
                count = n;
                i += 2;
            } else if (eq(argv[i], "match") && left >= 2) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else {
                c.reply().error(SYNTAX);
                return;
            }
        }
        List<byte[]> out = new ArrayList<>();
        final byte[] pat = pattern;
        long next = z.scan(cursor, (int) Math.min(count, Integer.MAX_VALUE / 16), (b, o, l, s) -> {
            if (pat == null || Glob.match(pat, 0, pat.length, b, o, l, false)) {
                out.add(Arrays.copyOfRange(b, o, o + l));
                out.add(Numbers.formatDouble(s).getBytes(StandardCharsets.US_ASCII));
            }
        });
        Reply r = c.reply();
        r.array(2);
        r.bulk(Long.toUnsignedString(next).getBytes(StandardCharsets.US_ASCII));
        r.array(out.size());
        for (byte[] b : out) {
            r.bulk(b);
        }
    }

    /** A SCAN cursor as strtoul reads it (sign allowed, wraps), refusing leading space, junk and overflow. */
    static long parseCursor(byte[] b) {
        int i = 0;
        if (b.length > 0 && (b[0] == ' ' || (b[0] >= '\t' && b[0] <= '\r'))) {
            throw Numbers.NOT_A_NUMBER;
        }
        boolean neg = false;
        if (i < b.length && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        if (i == b.length) {
            if (b.length == 0) {
                return 0;
            }
            throw Numbers.NOT_A_NUMBER;
        }
        long v = 0;
        for (; i < b.length; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw Numbers.NOT_A_NUMBER;
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                throw Numbers.NOT_A_NUMBER;
            }
            long nv = v * 10 + d;
            if (Long.compareUnsigned(nv, v * 10) < 0) {
                throw Numbers.NOT_A_NUMBER;
            }
            v = nv;
        }
        return neg ? -v : v;
    }
}
