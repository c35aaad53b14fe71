package io.vigil.types;

import io.vigil.keyspace.MemorySizes;

import java.util.Arrays;

/**
 * A sorted set: unique members (byte strings) ordered by score (an IEEE double, never NaN), ties broken by
 * member bytes (unsigned, a prefix first).
 *
 * <p>Two encodings, as Redis 7.0 names them:
 * <ul>
 *   <li>{@code listpack}: small sets packed in order into one byte array, entry after entry:
 *       {@code varint(member length) member score}, where the score is {@code varint(zigzag(n) << 1)} for an
 *       integer n with |n| < 2^53 (one byte for small integers) or the byte {@code 0x01} followed by the 8 bytes
 *       of the double. Every operation walks the entries, as Redis's listpack does (at most
 *       {@code zset-max-listpack-entries} of them). As in Redis, a score of -0 is kept as 0 in this form.</li>
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

    private static final byte[] EMPTY = new byte[0];
    private static final double MAX_PACKED_INT = 9007199254740992.0; // 2^53

    // listpack form (valid while zsl == null)
    private byte[] lp;
    private int used;
    private int n;
    // skiplist form
    private ZSetSkipList zsl;

    private ZSetValue() {
    }

    /** An empty set in the compact form with room for {@code bytes} bytes of entries (a hint). */
    public static ZSetValue createListpack(int bytes) {
        ZSetValue z = new ZSetValue();
        z.lp = bytes <= 0 ? EMPTY : new byte[bytes];
        return z;
    }

    /**
     * An empty set whose encoding suits {@code entries} members of which the longest has {@code maxLength}
     * bytes and all together {@code totalBytes}, as Redis chooses for the result of a store command.
     */
    public static ZSetValue createFor(int entries, int maxLength, long totalBytes, EncodingLimits limits) {
        if (entries > limits.zsetMaxListpackEntries || maxLength > limits.zsetMaxListpackValue
                || totalBytes > Integer.MAX_VALUE / 4) {
            ZSetValue z = new ZSetValue();
            z.zsl = new ZSetSkipList();
            return z;
        }
        return createListpack((int) Math.min(totalBytes + 2L * entries, 1 << 16));
    }

    /** Bytes an element takes in the compact form (to size a set before filling it). */
    public static int packedSize(int memberLength, double score) {
        return varintSize(memberLength) + memberLength + scoreSize(score);
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
        // object: 2 references + 3 ints
        long self = MemorySizes.object(2 * MemorySizes.REFERENCE + 12);
        if (zsl != null) {
            return self + zsl.memoryUsage();
        }
        return self + (lp.length == 0 ? 0 : MemorySizes.byteArray(lp.length));
    }

    /**
     * A deep copy (COPY): the compact form's bytes are duplicated; the skiplist form is rebuilt, sharing the
     * member arrays, which are never modified.
     */
    public ZSetValue copy() {
        ZSetValue z = new ZSetValue();
        if (zsl == null) {
            z.lp = used == 0 ? EMPTY : Arrays.copyOf(lp, used);
            z.used = used;
            z.n = n;
            return z;
        }
        z.zsl = new ZSetSkipList();
        for (ZSetSkipList.Node x = zsl.first(); x != null; x = x.next) {
            z.zsl.insert(x.score, x.member);
        }
        return z;
    }

    /** Gives back the spare room of the compact form (after a command finished adding). */
    public void compact() {
        if (zsl == null && lp.length != used) {
            lp = used == 0 ? EMPTY : Arrays.copyOf(lp, used);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Packed encoding

    private static int varintSize(long v) {
        int s = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            s++;
        }
        return s;
    }

    private static int writeVarint(byte[] b, int off, long v) {
        while ((v & ~0x7FL) != 0) {
            b[off++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[off++] = (byte) v;
        return off;
    }

    private static long readVarint(byte[] b, int off) {
        long v = 0;
        int shift = 0;
        while (true) {
            byte x = b[off++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
            shift += 7;
        }
    }

    private static int skipVarint(byte[] b, int off) {
        while (b[off++] < 0) {
            // continuation bit set
        }
        return off;
    }

    private static boolean packsAsInt(double score) {
        return score == Math.rint(score) && Math.abs(score) < MAX_PACKED_INT;
    }

    private static long scoreTag(double score) {
        long v = (long) score;
        return ((v << 1) ^ (v >> 63)) << 1; // zigzag, low bit 0 = integer
    }

    private static int scoreSize(double score) {
        return packsAsInt(score) ? varintSize(scoreTag(score)) : 9;
    }

    private static int writeScore(byte[] b, int off, double score) {
        if (packsAsInt(score)) {
            return writeVarint(b, off, scoreTag(score));
        }
        b[off++] = 1;
        long bits = Double.doubleToRawLongBits(score);
        for (int i = 56; i >= 0; i -= 8) {
            b[off++] = (byte) (bits >>> i);
        }
        return off;
    }

    /** The score whose encoding starts at {@code off}. */
    private static double readScore(byte[] b, int off) {
        long t = readVarint(b, off);
        if ((t & 1) == 0) {
            long z = t >>> 1;
            return (double) ((z >>> 1) ^ -(z & 1));
        }
        long bits = 0;
        for (int i = 1; i <= 8; i++) {
            bits = (bits << 8) | (b[off + i] & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    /** Offset after the score starting at {@code off}. */
    private static int skipScore(byte[] b, int off) {
        return b[off] == 1 ? off + 9 : skipVarint(b, off);
    }

    // Entry accessors: an entry starts at off; its member starts at memberOff(off).

    private int memberLen(int off) {
        return (int) readVarint(lp, off);
    }

    private int memberOff(int off) {
        return skipVarint(lp, off);
    }

    private int scoreOff(int off) {
        int m = skipVarint(lp, off);
        return m + (int) readVarint(lp, off);
    }

    private int next(int off) {
        return skipScore(lp, scoreOff(off));
    }

    /** Offset of the entry of rank {@code i}. */
    private int offsetOf(int i) {
        int off = 0;
        for (int k = 0; k < i; k++) {
            off = next(off);
        }
        return off;
    }

    /** Offset of {@code member}'s entry, or -1; its rank in {@link #foundRank}. */
    private int lpFind(byte[] member) {
        int len = member.length;
        int off = 0;
        for (int i = 0; i < n; i++) {
            int mlen = memberLen(off);
            int moff = memberOff(off);
            if (mlen == len && Arrays.equals(lp, moff, moff + mlen, member, 0, len)) {
                foundRank = i;
                return off;
            }
            off = skipScore(lp, moff + mlen);
        }
        return -1;
    }

    /** Rank of the entry last found by {@link #lpFind} (scratch, valid right after the call). */
    private int foundRank;

    /** Offset where (score, member) goes: the first entry not sorting before it. */
    private int lpPosition(double score, byte[] member) {
        int off = 0;
        for (int i = 0; i < n; i++) {
            int mlen = memberLen(off);
            int moff = memberOff(off);
            double s = readScore(lp, moff + mlen);
            if (s > score || (s == score && Arrays.compareUnsigned(lp, moff, moff + mlen, member, 0, member.length) >= 0)) {
                return off;
            }
            off = skipScore(lp, moff + mlen);
        }
        return used;
    }

    private void lpInsertAt(int off, double score, byte[] member) {
        if (score == 0) {
            score = 0.0; // Redis's listpack keeps scores as text or integers: -0 reads back as 0
        }
        int len = member.length;
        int size = varintSize(len) + len + scoreSize(score);
        if (used + size > lp.length) {
            lp = Arrays.copyOf(lp, Math.max(used + size, used + (used >> 2)));
        }
        System.arraycopy(lp, off, lp, off + size, used - off);
        int p = writeVarint(lp, off, len);
        System.arraycopy(member, 0, lp, p, len);
        writeScore(lp, p + len, score);
        used += size;
        n++;
    }

    /** Removes the bytes {@code from..to} holding {@code count} entries. */
    private void lpDelete(int from, int to, int count) {
        System.arraycopy(lp, to, lp, from, used - to);
        used -= to - from;
        n -= count;
        if (n == 0) {
            lp = EMPTY;
            used = 0;
        } else if (used * 2 < lp.length) {
            lp = Arrays.copyOf(lp, used);
        }
    }

    /** Converts to the skiplist form. */
    public void convertToSkiplist() {
        if (zsl != null) {
            return;
        }
        ZSetSkipList l = new ZSetSkipList();
        int off = 0;
        for (int i = 0; i < n; i++) {
            int mlen = memberLen(off);
            int moff = memberOff(off);
            l.insert(readScore(lp, moff + mlen), Arrays.copyOfRange(lp, moff, moff + mlen));
            off = skipScore(lp, moff + mlen);
        }
        zsl = l;
        lp = null;
        used = 0;
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
        int off = lpFind(member);
        return off < 0 ? Double.NaN : readScore(lp, scoreOff(off));
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
        int off = -1;
        double cur = Double.NaN;
        if (zsl != null) {
            node = zsl.find(member);
            if (node != null) {
                cur = node.score;
            }
        } else {
            off = lpFind(member);
            if (off >= 0) {
                cur = readScore(lp, scoreOff(off));
            }
        }
        if (node != null || off >= 0) {
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
                    // move the entry: delete it, then insert it where the new score puts it
                    int end = next(off);
                    System.arraycopy(lp, end, lp, off, used - end);
                    used -= end - off;
                    n--;
                    lpInsertAt(lpPosition(score, member), score, member);
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
            lpInsertAt(used, score, member);
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
        int off = lpFind(member);
        if (off < 0) {
            return false;
        }
        lpDelete(off, next(off), 1);
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
            if (lpFind(member) < 0) {
                return -1;
            }
            r = foundRank;
        }
        return reverse ? size() - 1 - r : r;
    }

    /** The score at rank {@code i} (0-based, ascending). */
    public double scoreAt(int i) {
        if (zsl != null) {
            return zsl.byRank(i + 1L).score;
        }
        return readScore(lp, scoreOff(offsetOf(i)));
    }

    /** The member at rank {@code i} (0-based, ascending): a copy, or for the skiplist form the stored array. */
    public byte[] memberAt(int i) {
        if (zsl != null) {
            return zsl.byRank(i + 1L).member;
        }
        int off = offsetOf(i);
        int moff = memberOff(off);
        return Arrays.copyOfRange(lp, moff, moff + memberLen(off));
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
        byte[] b = lp;
        int off = offsetOf(from);
        if (!reverse) {
            for (int i = from; i < to; i++) {
                int mlen = memberLen(off);
                int moff = memberOff(off);
                v.visit(b, moff, mlen, readScore(b, moff + mlen));
                off = skipScore(b, moff + mlen);
            }
            return;
        }
        int[] offs = new int[to - from];
        for (int i = 0; i < offs.length; i++) {
            offs[i] = off;
            off = next(off);
        }
        for (int i = offs.length - 1; i >= 0; i--) {
            int mlen = memberLen(offs[i]);
            int moff = memberOff(offs[i]);
            v.visit(b, moff, mlen, readScore(b, moff + mlen));
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
        int off = 0;
        for (int i = 0; i < n; i++) {
            int so = scoreOff(off);
            double s = readScore(lp, so);
            if (orEqual ? s > bound : s >= bound) {
                return i;
            }
            off = skipScore(lp, so);
        }
        return n;
    }

    /**
     * The number of leading elements whose member passes {@code t}, assuming the test is monotonic along the
     * set (true then false), as lex ranges do: Redis leaves lex ranges undefined unless all scores are equal.
     */
    public int countWhile(MemberTest t) {
        if (zsl != null) {
            return zsl.countWhile(m -> t.test(m, 0, m.length));
        }
        int off = 0;
        for (int i = 0; i < n; i++) {
            int mlen = memberLen(off);
            int moff = memberOff(off);
            if (!t.test(lp, moff, mlen)) {
                return i;
            }
            off = skipScore(lp, moff + mlen);
        }
        return n;
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
        int start = offsetOf(from);
        int end = start;
        for (int i = from; i < to; i++) {
            end = next(end);
        }
        lpDelete(start, end, to - from);
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
        int off = 0;
        double prevScore = 0;
        int prevOff = -1;
        int prevLen = 0;
        for (int i = 0; i < n; i++) {
            int mlen = memberLen(off);
            int moff = memberOff(off);
            double s = readScore(lp, moff + mlen);
            if (prevOff >= 0 && (prevScore > s || (prevScore == s
                    && Arrays.compareUnsigned(lp, prevOff, prevOff + prevLen, lp, moff, moff + mlen) >= 0))) {
                throw new IllegalStateException("listpack order broken at " + i);
            }
            prevScore = s;
            prevOff = moff;
            prevLen = mlen;
            off = skipScore(lp, moff + mlen);
        }
        if (off != used) {
            throw new IllegalStateException("listpack length " + off + " != " + used);
        }
    }
}
