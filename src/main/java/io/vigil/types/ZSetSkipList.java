package io.vigil.types;

import io.vigil.keyspace.MemorySizes;
import io.vigil.keyspace.SipHash;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The general form of a sorted set: a skip list ordered by (score, member) whose links carry spans, so that
 * rank lookups and rank ranges take O(log n), plus a member index (a chained hash table whose entries are the
 * skip list nodes themselves) for O(1) score lookups.
 *
 * <p>The skip list follows the classic probabilistic design (Pugh, 1990) with Redis's additions: a node's level
 * is drawn with p = 1/4 up to 32 levels; every forward link at level i records the number of level-0 steps it
 * spans, and every node has a backward link at level 0 for reverse walks. Ranks are 1-based inside this class.
 *
 * <p>Memory: a node keeps its level-0 link in a field ({@link Node#next}, whose span is always 1) and only
 * nodes above level 1 (a quarter of them) carry arrays for their upper links and spans.
 *
 * <p>Members are compared as unsigned bytes, a shorter member first when it is a prefix of the other (memcmp
 * then length). Member arrays are kept as given and never modified. Not thread-safe.
 */
final class ZSetSkipList {
    static final int MAX_LEVEL = 32;
    private static final int INITIAL_TABLE = 4;

    /** A skip list node; also the entry of the member index. */
    static final class Node {
        final byte[] member;
        double score;
        Node backward;
        /** Forward link at level 0 (span 1). */
        Node next;
        /** Forward links at levels 1..level-1, or null for a level-1 node. */
        final Node[] up;
        /** Spans of {@link #up}. */
        final int[] upSpan;
        /** Next entry in the member index bucket. */
        Node hashNext;
        final int hash;

        Node(byte[] member, double score, int level, int hash) {
            this.member = member;
            this.score = score;
            this.hash = hash;
            if (level > 1) {
                up = new Node[level - 1];
                upSpan = new int[level - 1];
            } else {
                up = null;
                upSpan = null;
            }
        }

        int level() {
            return up == null ? 1 : up.length + 1;
        }
    }

    private static final ThreadLocal<Object[]> SCRATCH =
            ThreadLocal.withInitial(() -> new Object[] {new Node[MAX_LEVEL], new int[MAX_LEVEL]});

    private final Node header = new Node(null, 0, MAX_LEVEL, 0);
    private Node tail;
    private int length;
    private int level = 1;
    private Node[] table = new Node[INITIAL_TABLE];
    private long memory;

    ZSetSkipList() {
        memory = fixedOverhead();
    }

    private static long fixedOverhead() {
        // this object: header, tail, table refs, length, level ints, memory long
        return MemorySizes.object(3 * MemorySizes.REFERENCE + 8 + 8) + nodeSize(MAX_LEVEL, 0);
    }

    /** Heap bytes of a node of {@code level} holding a member of {@code memberLength} bytes. */
    static long nodeSize(int level, int memberLength) {
        long s = MemorySizes.object(6 * MemorySizes.REFERENCE + 8 + 4);
        if (level > 1) {
            s += MemorySizes.referenceArray(level - 1) + MemorySizes.intArray(level - 1);
        }
        return s + (memberLength >= 0 && level > 0 ? MemorySizes.byteArray(memberLength) : 0);
    }

    /** Estimated heap bytes of the whole structure. */
    long memoryUsage() {
        return memory + MemorySizes.referenceArray(table.length);
    }

    int length() {
        return length;
    }

    Node first() {
        return header.next;
    }

    Node last() {
        return tail;
    }

    // ---------------------------------------------------------------------------------------------
    // Link helpers (level 0 lives in fields)

    private static Node fwd(Node x, int i) {
        return i == 0 ? x.next : x.up[i - 1];
    }

    private static void setFwd(Node x, int i, Node f) {
        if (i == 0) {
            x.next = f;
        } else {
            x.up[i - 1] = f;
        }
    }

    private static int span(Node x, int i) {
        return i == 0 ? 1 : x.upSpan[i - 1];
    }

    private static void setSpan(Node x, int i, int s) {
        if (i > 0) {
            x.upSpan[i - 1] = s;
        }
    }

    /** Orders members as memcmp then length, bytes unsigned. */
    static int compareMembers(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** Whether node {@code n} sorts before (score, member). */
    private static boolean before(Node n, double score, byte[] member) {
        return n.score < score || (n.score == score && compareMembers(n.member, member) < 0);
    }

    static int randomLevel() {
        int lvl = 1;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (lvl < MAX_LEVEL && (r.nextInt() & 0xFFFF) < 0x4000) {
            lvl++;
        }
        return lvl;
    }

    // ---------------------------------------------------------------------------------------------
    // Member index

    static int hashOf(byte[] member) {
        return SipHash.hash32(member);
    }

    /** The node of {@code member}, or null. */
    Node find(byte[] member) {
        int h = hashOf(member);
        for (Node n = table[h & (table.length - 1)]; n != null; n = n.hashNext) {
            if (n.hash == h && Arrays.equals(n.member, member)) {
                return n;
            }
        }
        return null;
    }

    private void indexAdd(Node n) {
        if (length >= table.length) {
            resizeTable(table.length * 2);
        }
        int b = n.hash & (table.length - 1);
        n.hashNext = table[b];
        table[b] = n;
    }

    private void indexRemove(Node n) {
        int b = n.hash & (table.length - 1);
        Node p = table[b];
        if (p == n) {
            table[b] = n.hashNext;
        } else {
            while (p.hashNext != n) {
                p = p.hashNext;
            }
            p.hashNext = n.hashNext;
        }
        n.hashNext = null;
    }

    /** Shrinks the member index when it is less than 10% full (after deletions). */
    private void maybeShrink() {
        if (table.length > INITIAL_TABLE && length * 10L < table.length) {
            int size = INITIAL_TABLE;
            while (size < length) {
                size <<= 1;
            }
            resizeTable(size);
        }
    }

    private void resizeTable(int size) {
        Node[] old = table;
        Node[] t = new Node[size];
        int mask = size - 1;
        for (Node head : old) {
            Node n = head;
            while (n != null) {
                Node nx = n.hashNext;
                int b = n.hash & mask;
                n.hashNext = t[b];
                t[b] = n;
                n = nx;
            }
        }
        table = t;
    }

    /**
     * Scans the member index as Redis's SCAN does: buckets in reverse-binary cursor order, so that a member
     * present from the first to the last call is returned at least once even if the table is resized between
     * calls. Visits whole buckets until at least {@code count} members were seen or {@code count * 10}
     * buckets were visited; returns the next cursor (0 when done).
     */
    long scan(long cursor, int count, java.util.function.Consumer<Node> fn) {
        if (length == 0) {
            return 0;
        }
        long mask = table.length - 1;
        long v = cursor;
        int seen = 0;
        long maxBuckets = Math.max(1L, (long) count * 10);
        do {
            for (Node n = table[(int) (v & mask)]; n != null; n = n.hashNext) {
                fn.accept(n);
                seen++;
            }
            v |= ~mask;
            v = Long.reverse(v);
            v++;
            v = Long.reverse(v);
        } while (v != 0 && --maxBuckets > 0 && seen < count);
        return v;
    }

    // ---------------------------------------------------------------------------------------------
    // Updates

    /** Inserts a member known to be absent. */
    Node insert(double score, byte[] member) {
        Node n = new Node(member, score, randomLevel(), hashOf(member));
        link(n);
        indexAdd(n);
        memory += nodeSize(n.level(), member.length);
        return n;
    }

    /** Links {@code x} (its level fixed by its arrays) at its (score, member) position. */
    private void link(Node x) {
        Object[] s = SCRATCH.get();
        Node[] update = (Node[]) s[0];
        int[] rank = (int[]) s[1];
        int lvl = x.level();
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            Node f;
            while ((f = fwd(p, i)) != null && before(f, x.score, x.member)) {
                rank[i] += span(p, i);
                p = f;
            }
            update[i] = p;
        }
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                setSpan(header, i, length);
            }
            level = lvl;
        }
        for (int i = 0; i < lvl; i++) {
            Node u = update[i];
            setFwd(x, i, fwd(u, i));
            setFwd(u, i, x);
            if (i > 0) {
                setSpan(x, i, span(u, i) - (rank[0] - rank[i]));
                setSpan(u, i, rank[0] - rank[i] + 1);
            }
        }
        for (int i = lvl; i < level; i++) {
            setSpan(update[i], i, span(update[i], i) + 1);
        }
        x.backward = update[0] == header ? null : update[0];
        if (x.next != null) {
            x.next.backward = x;
        } else {
            tail = x;
        }
        length++;
        Arrays.fill(update, 0, level, null);
    }

    /** Fills {@code update} with the rightmost node before (score, member) at each level. */
    private void predecessors(double score, byte[] member, Node[] update) {
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(p, i)) != null && before(f, score, member)) {
                p = f;
            }
            update[i] = p;
        }
    }

    /** Unlinks {@code x}, whose predecessors at every level are in {@code update}. */
    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            Node u = update[i];
            if (fwd(u, i) == x) {
                setSpan(u, i, span(u, i) + span(x, i) - 1);
                setFwd(u, i, fwd(x, i));
            } else {
                setSpan(u, i, span(u, i) - 1);
            }
        }
        if (x.next != null) {
            x.next.backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && fwd(header, level - 1) == null) {
            level--;
        }
        length--;
    }

    /** Removes {@code x} (a node of this list). */
    void delete(Node x) {
        Node[] update = (Node[]) SCRATCH.get()[0];
        predecessors(x.score, x.member, update);
        unlink(x, update);
        Arrays.fill(update, 0, MAX_LEVEL, null);
        indexRemove(x);
        memory -= nodeSize(x.level(), x.member.length);
        maybeShrink();
    }

    /** Changes the score of {@code x}, moving it if its position changes. */
    void updateScore(Node x, double score) {
        Node prev = x.backward;
        Node next = x.next;
        if ((prev == null || prev.score < score || (prev.score == score && compareMembers(prev.member, x.member) < 0))
                && (next == null || next.score > score
                || (next.score == score && compareMembers(next.member, x.member) > 0))) {
            x.score = score; // stays in place
            return;
        }
        Node[] update = (Node[]) SCRATCH.get()[0];
        predecessors(x.score, x.member, update);
        unlink(x, update);
        Arrays.fill(update, 0, MAX_LEVEL, null);
        // keep the node's level: clear its links and link it again
        x.next = null;
        x.backward = null;
        if (x.up != null) {
            Arrays.fill(x.up, null);
            Arrays.fill(x.upSpan, 0);
        }
        x.score = score;
        link(x);
    }

    /**
     * Removes the nodes of ranks {@code start..start+count-1} (1-based), calling {@code removed} for each
     * before it goes; returns how many were removed.
     */
    int deleteRange(int start, int count, java.util.function.Consumer<Node> removed) {
        Node[] update = (Node[]) SCRATCH.get()[0];
        int traversed = 0;
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(p, i)) != null && traversed + span(p, i) < start) {
                traversed += span(p, i);
                p = f;
            }
            update[i] = p;
        }
        Node x = p.next;
        int n = 0;
        while (x != null && n < count) {
            Node nx = x.next;
            if (removed != null) {
                removed.accept(x);
            }
            unlink(x, update);
            indexRemove(x);
            memory -= nodeSize(x.level(), x.member.length);
            n++;
            x = nx;
        }
        Arrays.fill(update, 0, MAX_LEVEL, null);
        maybeShrink();
        return n;
    }

    // ---------------------------------------------------------------------------------------------
    // Queries

    /** The node of rank {@code r} (1-based), or null. */
    Node byRank(long r) {
        if (r < 1 || r > length) {
            return null;
        }
        long traversed = 0;
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(p, i)) != null && traversed + span(p, i) <= r) {
                traversed += span(p, i);
                p = f;
            }
            if (traversed == r) {
                return p;
            }
        }
        return null;
    }

    /** The 1-based rank of (score, member), or 0 if it is not in the list. */
    int rank(double score, byte[] member) {
        int r = 0;
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(p, i)) != null && (before(f, score, member)
                    || (f.score == score && compareMembers(f.member, member) == 0))) {
                r += span(p, i);
                p = f;
            }
            if (p != header && p.score == score && Arrays.equals(p.member, member)) {
                return r;
            }
        }
        return 0;
    }

    /**
     * The number of leading nodes whose score is below {@code bound} ({@code orEqual}: at or below), found by
     * descending the levels.
     */
    int countScoreBelow(double bound, boolean orEqual) {
        int r = 0;
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(p, i)) != null && (orEqual ? f.score <= bound : f.score < bound)) {
                r += span(p, i);
                p = f;
            }
        }
        return r;
    }

    /** A test on a member for lex range descents. */
    interface MemberTest {
        boolean test(byte[] member);
    }

    /**
     * The number of leading nodes passing {@code t}, found by descending the levels (the list is assumed
     * ordered by member for the test to be monotonic, as lex ranges assume).
     */
    int countWhile(MemberTest t) {
        int r = 0;
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(p, i)) != null && t.test(f.member)) {
                r += span(p, i);
                p = f;
            }
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------------
    // Invariant check for tests

    /** Verifies order, spans, backward links, tail, length and the member index; throws if broken. */
    void check() {
        int n = 0;
        Node prev = null;
        for (Node x = header.next; x != null; x = x.next) {
            n++;
            if (x.backward != prev) {
                throw new IllegalStateException("backward link broken at rank " + n);
            }
            if (prev != null && !before(prev, x.score, x.member)) {
                throw new IllegalStateException("order broken at rank " + n);
            }
            if (find(x.member) != x) {
                throw new IllegalStateException("member index misses rank " + n);
            }
            prev = x;
        }
        if (n != length || tail != prev) {
            throw new IllegalStateException("length/tail broken");
        }
        int indexed = 0;
        for (Node b : table) {
            for (Node x = b; x != null; x = x.hashNext) {
                indexed++;
            }
        }
        if (indexed != length) {
            throw new IllegalStateException("index size " + indexed + " != " + length);
        }
        for (int i = 1; i < level; i++) {
            int pos = 0;
            Node p = header;
            for (Node f = fwd(p, i); f != null; f = fwd(p, i)) {
                int target = 0;
                for (Node y = header.next; y != f; y = y.next) {
                    target++;
                }
                target++;
                if (pos + span(p, i) != target) {
                    throw new IllegalStateException("span broken at level " + i);
                }
                pos = target;
                p = f;
            }
        }
        for (int i = level; i < MAX_LEVEL; i++) {
            if (fwd(header, i) != null) {
                throw new IllegalStateException("link above level");
            }
        }
    }
}
