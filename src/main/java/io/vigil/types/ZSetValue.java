package io.vigil.types;

import io.vigil.keyspace.MemorySizes;

import java.util.Arrays;

/**
 * A sorted set: unique members (byte strings) ordered by score (an IEEE double, never NaN), ties broken by
 * member bytes (unsigned, a prefix first).
 *
 * <p>Two encodings, as Redis 7.0 names them:
 * <ul>
 *   <li>{@code listpack}: small sets kept as three parallel arrays in order — scores, member end offsets and
 *       one byte array holding every member back to back. Score ranges use binary search, member lookups a
 *       linear scan (at most {@code zset-max-listpack-entries} members).</li>
 *   <li>{@code skiplist}: a {@link ZSetSkipList} (ranked skip list plus member index), used once the set has
 *       more than {@code zset-max-listpack-entries} members or a member longer than
 *       {@code zset-max-listpack-value} bytes. Like Redis, a set never converts back.</li>
 * </ul>
 *
 * <p>Ranks in this API are 0-based. Elements are read through {@link ElementVisitor} (member given as a slice
 * of an array that must not be modified nor kept) so that replies need no copies. {@link #memoryUsage()} is
 * O(1). Not thread-safe.
 */
public final class ZSetValue implements RedisValue {

    /** ZADD input flag: only add new members. */
    public static final int IN_NX = 1;
    /** ZADD input flag: only update existing members. */
    public static final int IN_XX = 2;
    /** ZADD input flag: only update when the new score is greater. */
    public static final int IN_GT = 4;
    /** ZADD input flag: only update when the new score is less. */
    public static final int IN_LT = 8;
    /** ZADD input flag: the score is an increment. */
    public static final int IN_INCR = 16;

    /** Outcome of {@link #add}: a member was added. */
    public static final int OUT_ADDED = 1;
    /** Outcome of {@link #add}: an existing member's score changed. */
    public static final int OUT_UPDATED = 2;
    /** Outcome of {@link #add}: nothing done because of the flags. */
    public static final int OUT_NOP = 4;
    /** Outcome of {@link #add}: the increment made the score NaN; nothing done. */
    public static final int OUT_NAN = 8;

    /** Receives elements: the member is {@code buf[off..off+len)}, valid only during the call. */
    @FunctionalInterface
    public interface ElementVisitor {
        /** One element. */
        void visit(byte[] buf, int off, int len, double score);
    }

    /** A test on a member (for lex ranges), given as a slice. */
    @FunctionalInterface
    public interface MemberTest {
        /** Whether {@code buf[off..off+len)} passes. */
        boolean test(byte[] buf, int off, int len);
    }

    private static final double[] NO_SCORES = new double[0];
    private static final int[] NO_ENDS = new int[0];
    private static final byte[] NO_BYTES = new byte[0];

    // listpack form (valid while zsl == null)
    private double[] scores;
    private int[] ends;
    private byte[] blob;
    private int n;
    // skiplist form
    private ZSetSkipList zsl;

    private ZSetValue() {
    }

    /**
     * An empty set in the compact form, with room for {@code entries} members of {@code bytes} bytes in all
     * (hints only).
     */
    public static ZSetValue createListpack(int entries, int bytes) {
        ZSetValue z = new ZSetValue();
        z.scores = entries <= 0 ? NO_SCORES : new double[entries];
        z.ends = entries <= 0 ? NO_ENDS : new int[entries];
        z.blob = bytes <= 0 ? NO_BYTES : new byte[bytes];
        return z;
    }

    /**
     * An empty set whose encoding suits {@code entries} members of which the longest has {@code maxLength}
     * bytes and all together {@code totalBytes}, as Redis chooses for the result of a store command.
     */
    public static ZSetValue createFor(int entries, int maxLength, long totalBytes, EncodingLimits limits) {
        if (entries > limits.zsetMaxListpackEntries || maxLength > limits.zsetMaxListpackValue
                || totalBytes > Integer.MAX_VALUE / 2) {
            ZSetValue z = new ZSetValue();
            z.zsl = new ZSetSkipList();
            return z;
        }
        return createListpack(entries, (int) totalBytes);
    }

    @Override
    public String typeName() {
        return "zset";
    }

    @Override
    public String encoding() {
        return zsl == null ? "listpack" : "skiplist";
    }

    /** Whether the compact form is in use. */
    public boolean isListpack() {
        return zsl == null;
    }

    @Override
    public int size() {
        return zsl == null ? n : zsl.length();
    }

    @Override
    public long memoryUsage() {
        // object: 4 references + 1 int
        long self = MemorySizes.object(4 * MemorySizes.REFERENCE + 4);
        if (zsl != null) {
            return self + zsl.memoryUsage();
        }
        return self + arraysSize(scores, ends, blob);
    }

    private static long arraysSize(double[] s, int[] e, byte[] b) {
        return (s.length == 0 ? 0 : MemorySizes.longArray(s.length)) + (e.length == 0 ? 0 : MemorySizes.intArray(e.length))
                + (b.length == 0 ? 0 : MemorySizes.byteArray(b.length));
    }

    // ---------------------------------------------------------------------------------------------
    // listpack helpers

    private int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    private int blobUsed() {
        return n == 0 ? 0 : ends[n - 1];
    }

    private int lpFind(byte[] member) {
        int len = member.length;
        int s = 0;
        for (int i = 0; i < n; i++) {
            int e = ends[i];
            if (e - s == len && Arrays.equals(blob, s, e, member, 0, len)) {
                return i;
            }
            s = e;
        }
        return -1;
    }

    /** Index where (score, member) goes (or is): the number of elements sorting before it. */
    private int lpPosition(double score, byte[] member) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double s = scores[mid];
            boolean before = s < score
                    || (s == score && Arrays.compareUnsigned(blob, start(mid), ends[mid], member, 0, member.length) < 0);
            if (before) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void lpInsertAt(int i, double score, byte[] member) {
        if (score == 0) {
            score = 0.0; // Redis's listpack keeps scores as text or integers: -0 reads back as 0
        }
        int len = member.length;
        int used = blobUsed();
        if (n == scores.length) {
            int cap = Math.max(n + 1, n + (n >> 1));
            scores = Arrays.copyOf(scores, cap);
            ends = Arrays.copyOf(ends, cap);
        }
        if (used + len > blob.length) {
            blob = Arrays.copyOf(blob, Math.max(used + len, used + (used >> 1)));
        }
        int at = start(i);
        System.arraycopy(blob, at, blob, at + len, used - at);
        System.arraycopy(member, 0, blob, at, len);
        System.arraycopy(scores, i, scores, i + 1, n - i);
        System.arraycopy(ends, i, ends, i + 1, n - i);
        scores[i] = score;
        ends[i] = at + len;
        n++;
        for (int j = i + 1; j < n; j++) {
            ends[j] += len;
        }
    }

    /** Removes elements {@code from..to-1} of the listpack form. */
    private void lpDeleteRange(int from, int to) {
        if (from >= to) {
            return;
        }
        int bs = start(from);
        int be = ends[to - 1];
        int cut = be - bs;
        int used = blobUsed();
        System.arraycopy(blob, be, blob, bs, used - be);
        System.arraycopy(scores, to, scores, from, n - to);
        System.arraycopy(ends, to, ends, from, n - to);
        int k = to - from;
        n -= k;
        for (int j = from; j < n; j++) {
            ends[j] -= cut;
        }
        // give memory back when much smaller
        if (n == 0) {
            scores = NO_SCORES;
            ends = NO_ENDS;
            blob = NO_BYTES;
        } else if (n * 2 < scores.length) {
            scores = Arrays.copyOf(scores, n);
            ends = Arrays.copyOf(ends, n);
        }
        int nowUsed = blobUsed();
        if (n > 0 && nowUsed * 2 < blob.length) {
            blob = Arrays.copyOf(blob, nowUsed);
        }
    }

    /** Converts to the skiplist form. */
    public void convertToSkiplist() {
        if (zsl != null) {
            return;
        }
        ZSetSkipList l = new ZSetSkipList();
        int s = 0;
        for (int i = 0; i < n; i++) {
            int e = ends[i];
            l.insert(scores[i], Arrays.copyOfRange(blob, s, e));
            s = e;
        }
        zsl = l;
        scores = null;
        ends = null;
        blob = null;
        n = 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Point operations

    /** The score of {@code member}, or NaN if it is not in the set (scores are never NaN). */
    public double score(byte[] member) {
        if (zsl != null) {
            ZSetSkipList.Node x = zsl.find(member);
            return x == null ? Double.NaN : x.score;
        }
        int i = lpFind(member);
        return i < 0 ? Double.NaN : scores[i];
    }

    /** Whether {@code member} is in the set. */
    public boolean contains(byte[] member) {
        return zsl != null ? zsl.find(member) != null : lpFind(member) >= 0;
    }

    /**
     * Adds or updates a member as ZADD does with input flags {@code flags} ({@code IN_*}); returns the outcome
     * ({@code OUT_*}) and puts the resulting score in {@code newScore[0]} when the member was added or its
     * score set. The array stored is kept as the member: the caller must not modify it afterwards.
     */
    public int add(double score, byte[] member, int flags, double[] newScore, EncodingLimits limits) {
        boolean incr = (flags & IN_INCR) != 0;
        boolean nx = (flags & IN_NX) != 0;
        boolean xx = (flags & IN_XX) != 0;
        boolean gt = (flags & IN_GT) != 0;
        boolean lt = (flags & IN_LT) != 0;
        if (Double.isNaN(score)) {
            return OUT_NAN;
        }
        ZSetSkipList.Node node = null;
        int idx = -1;
        double cur;
        if (zsl != null) {
            node = zsl.find(member);
            cur = node == null ? Double.NaN : node.score;
        } else {
            idx = lpFind(member);
            cur = idx < 0 ? Double.NaN : scores[idx];
        }
        if (node != null || idx >= 0) {
            if (nx) {
                return OUT_NOP;
            }
            if (incr) {
                score += cur;
                if (Double.isNaN(score)) {
                    return OUT_NAN;
                }
            }
            if ((lt && score >= cur) || (gt && score <= cur)) {
                return OUT_NOP;
            }
            if (newScore != null) {
                newScore[0] = score;
            }
            if (score != cur) {
                if (node != null) {
                    zsl.updateScore(node, score);
                } else {
                    int s = start(idx);
                    int e = ends[idx];
                    byte[] m = member.length == e - s ? member : Arrays.copyOfRange(blob, s, e);
                    lpDeleteRange(idx, idx + 1);
                    lpInsertAt(lpPosition(score, m), score, m);
                }
                return OUT_UPDATED;
            }
            return 0;
        }
        if (xx) {
            return OUT_NOP;
        }
        insertNew(score, member, limits);
        if (newScore != null) {
            newScore[0] = score;
        }
        return OUT_ADDED;
    }

    /** Inserts a member known to be absent, converting first if the compact form would exceed its limits. */
    public void insertNew(double score, byte[] member, EncodingLimits limits) {
        if (zsl == null && (n + 1 > limits.zsetMaxListpackEntries || member.length > limits.zsetMaxListpackValue)) {
            convertToSkiplist();
        }
        if (zsl != null) {
            zsl.insert(score, member);
        } else {
            lpInsertAt(lpPosition(score, member), score, member);
        }
    }

    /**
     * Appends a member known to be absent and to sort after every member present (building a set from a
     * sorted source), converting when the compact form's limits would be exceeded.
     */
    public void append(double score, byte[] member, EncodingLimits limits) {
        if (zsl == null && (n + 1 > limits.zsetMaxListpackEntries || member.length > limits.zsetMaxListpackValue)) {
            convertToSkiplist();
        }
        if (zsl != null) {
            zsl.insert(score, member);
        } else {
            lpInsertAt(n, score, member);
        }
    }

    /** Removes {@code member}; returns whether it was there. */
    public boolean remove(byte[] member) {
        if (zsl != null) {
            ZSetSkipList.Node x = zsl.find(member);
            if (x == null) {
                return false;
            }
            zsl.delete(x);
            return true;
        }
        int i = lpFind(member);
        if (i < 0) {
            return false;
        }
        lpDeleteRange(i, i + 1);
        return true;
    }

    /** The 0-based rank of {@code member} (ascending, or descending if {@code reverse}), or -1. */
    public long rank(byte[] member, boolean reverse) {
        long r;
        if (zsl != null) {
            ZSetSkipList.Node x = zsl.find(member);
            if (x == null) {
                return -1;
            }
            r = zsl.rank(x.score, x.member) - 1;
        } else {
            r = lpFind(member);
            if (r < 0) {
                return -1;
            }
        }
        return reverse ? size() - 1 - r : r;
    }

    /** The score at rank {@code i} (0-based, ascending). */
    public double scoreAt(int i) {
        if (zsl != null) {
            return zsl.byRank(i + 1L).score;
        }
        return scores[i];
    }

    /** A copy of the member at rank {@code i} (0-based, ascending); for the skiplist form the stored array. */
    public byte[] memberAt(int i) {
        if (zsl != null) {
            return zsl.byRank(i + 1L).member;
        }
        return Arrays.copyOfRange(blob, start(i), ends[i]);
    }

    // ---------------------------------------------------------------------------------------------
    // Ranges

    /**
     * Visits ranks {@code from..to-1} (0-based, ascending ranks) in ascending order, or in descending order
     * (from {@code to-1} down to {@code from}) if {@code reverse}.
     */
    public void visit(int from, int to, boolean reverse, ElementVisitor v) {
        if (from >= to) {
            return;
        }
        if (zsl != null) {
            if (!reverse) {
                ZSetSkipList.Node x = zsl.byRank(from + 1L);
                for (int i = from; i < to; i++) {
                    v.visit(x.member, 0, x.member.length, x.score);
                    x = x.next;
                }
            } else {
                ZSetSkipList.Node x = zsl.byRank(to);
                for (int i = to - 1; i >= from; i--) {
                    v.visit(x.member, 0, x.member.length, x.score);
                    x = x.backward;
                }
            }
            return;
        }
        if (!reverse) {
            for (int i = from; i < to; i++) {
                int s = start(i);
                v.visit(blob, s, ends[i] - s, scores[i]);
            }
        } else {
            for (int i = to - 1; i >= from; i--) {
                int s = start(i);
                v.visit(blob, s, ends[i] - s, scores[i]);
            }
        }
    }

    /** Visits every element in ascending order. */
    public void forEach(ElementVisitor v) {
        visit(0, size(), false, v);
    }

    /** The number of leading elements whose score is below {@code bound} (at or below if {@code orEqual}). */
    public int countScoreBelow(double bound, boolean orEqual) {
        if (zsl != null) {
            return zsl.countScoreBelow(bound, orEqual);
        }
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double s = scores[mid];
            if (orEqual ? s <= bound : s < bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The number of leading elements whose member passes {@code t}, assuming the test is monotonic along the
     * set (true then false), as lex ranges do: Redis leaves lex ranges undefined unless all scores are equal.
     */
    public int countWhile(MemberTest t) {
        if (zsl != null) {
            return zsl.countWhile(m -> t.test(m, 0, m.length));
        }
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int s = start(mid);
            if (t.test(blob, s, ends[mid] - s)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Removes ranks {@code from..to-1} (0-based); {@code removed}, if not null, sees each element before it
     * goes. Returns how many were removed.
     */
    public int removeRange(int from, int to, ElementVisitor removed) {
        if (from >= to) {
            return 0;
        }
        if (zsl != null) {
            return zsl.deleteRange(from + 1, to - from,
                    removed == null ? null : x -> removed.visit(x.member, 0, x.member.length, x.score));
        }
        if (removed != null) {
            visit(from, to, false, removed);
        }
        lpDeleteRange(from, to);
        return to - from;
    }

    /**
     * One step of ZSCAN over the skiplist form's member index (see {@link ZSetSkipList#scan}); returns the next
     * cursor. The listpack form visits everything and returns 0.
     */
    public long scan(long cursor, int count, ElementVisitor v) {
        if (zsl == null) {
            forEach(v);
            return 0;
        }
        return zsl.scan(cursor, count, x -> v.visit(x.member, 0, x.member.length, x.score));
    }

    /** Checks the internal invariants (tests). */
    void check() {
        if (zsl != null) {
            zsl.check();
            return;
        }
        for (int i = 1; i < n; i++) {
            double a = scores[i - 1];
            double b = scores[i];
            if (a > b || (a == b && Arrays.compareUnsigned(blob, start(i - 1), ends[i - 1], blob, start(i), ends[i]) >= 0)) {
                throw new IllegalStateException("listpack order broken at " + i);
            }
        }
    }
}
