package io.vigil.keyspace;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A chained hash table of {@link KeyEntry} with power-of-two tables and incremental rehashing.
 *
 * <p>Layout and policy follow Redis's {@code dict}:
 * <ul>
 *   <li>While resizing there are two tables: {@code t0} (old) and {@code t1} (new). Buckets of
 *       {@code t0} below {@code rehashIdx} have already been moved. Every lookup, insert and delete
 *       moves one more bucket (visiting at most ten empty ones), and
 *       {@link #rehashMilliseconds(int)} lets the cron move many, so no single operation stalls.
 *       New entries go to {@code t1} during a rehash.</li>
 *   <li>The table grows (to the next power of two above the size) when the load factor reaches 1,
 *       and shrinks (to the next power of two at or above the size) when less than 10% full.
 *       When the last entry is removed the tables are dropped altogether.</li>
 *   <li>Resizing and rehash steps are suspended while a {@link #scan} or {@link #forEach} runs
 *       (a pause), so callbacks may delete entries, including the one being visited.</li>
 * </ul>
 *
 * <p>The same {@link KeyEntry} objects can be in two instances at once: the main table links them
 * through {@link KeyEntry#next}, a TTL index through {@link KeyEntry#nextTtl}. Entries carry their
 * hash, so rehashing never rehashes keys.
 *
 * <p>Not thread safe.
 */
final class Dict {

    /** The size of a table when the first entry arrives. */
    static final int INITIAL_SIZE = 4;
    /** The largest table (Java arrays are int-indexed). */
    static final int MAX_SIZE = 1 << 30;

    private static final KeyEntry[] EMPTY = new KeyEntry[0];
    private static final int EMPTY_VISITS_PER_STEP = 10;

    private final boolean ttlLinks;
    private final Rng rng;

    private KeyEntry[] t0 = EMPTY;
    private KeyEntry[] t1 = EMPTY;
    private int used0;
    private int used1;
    /** Next bucket of t0 to move, or -1 when not rehashing. */
    private int rehashIdx = -1;
    private int pauses;

    /**
     * @param ttlLinks chain through {@link KeyEntry#nextTtl} instead of {@link KeyEntry#next}
     * @param rng      randomness for {@link #random()} and {@link #sample}
     */
    Dict(boolean ttlLinks, Rng rng) {
        this.ttlLinks = ttlLinks;
        this.rng = rng;
    }

    // ---------------------------------------------------------------- links

    private KeyEntry next(KeyEntry e) {
        return ttlLinks ? e.nextTtl : e.next;
    }

    private void setNext(KeyEntry e, KeyEntry n) {
        if (ttlLinks) {
            e.nextTtl = n;
        } else {
            e.next = n;
        }
    }

    // ---------------------------------------------------------------- state

    int size() {
        return used0 + used1;
    }

    boolean isRehashing() {
        return rehashIdx >= 0;
    }

    /** Total buckets of both tables. */
    long slots() {
        return (long) t0.length + t1.length;
    }

    /** Size of the main table (the old one during a rehash). */
    int tableSize() {
        return t0.length;
    }

    /** Size of the rehash target, 0 when not rehashing. */
    int rehashTargetSize() {
        return t1.length;
    }

    /** Heap bytes of the bucket arrays. */
    long tableBytes() {
        return arrayBytes(t0) + arrayBytes(t1);
    }

    private static long arrayBytes(KeyEntry[] t) {
        return t.length == 0 ? 0 : MemorySizes.referenceArray(t.length);
    }

    // ---------------------------------------------------------------- lookup

    /** Finds the entry with this key, or null. */
    KeyEntry find(byte[] key, int hash) {
        if (used0 + used1 == 0) {
            return null;
        }
        if (rehashIdx >= 0 && pauses == 0) {
            rehash(1);
        }
        KeyEntry[] t = t0;
        for (KeyEntry e = t[hash & (t.length - 1)]; e != null; e = next(e)) {
            if (e.hash == hash && Arrays.equals(e.key, key)) {
                return e;
            }
        }
        if (rehashIdx >= 0) {
            t = t1;
            for (KeyEntry e = t[hash & (t.length - 1)]; e != null; e = next(e)) {
                if (e.hash == hash && Arrays.equals(e.key, key)) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Tells whether this exact entry object is linked in this table. */
    boolean containsEntry(KeyEntry x) {
        if (used0 + used1 == 0) {
            return false;
        }
        KeyEntry[] t = t0;
        for (KeyEntry e = t[x.hash & (t.length - 1)]; e != null; e = next(e)) {
            if (e == x) {
                return true;
            }
        }
        if (rehashIdx >= 0) {
            t = t1;
            for (KeyEntry e = t[x.hash & (t.length - 1)]; e != null; e = next(e)) {
                if (e == x) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- insert / remove

    /** Links {@code e}, which must not be present (no duplicate check). */
    void insert(KeyEntry e) {
        if (rehashIdx >= 0 && pauses == 0) {
            rehash(1);
        }
        if (rehashIdx < 0) {
            if (t0.length == 0) {
                t0 = new KeyEntry[INITIAL_SIZE];
            } else if (used0 >= t0.length && pauses == 0 && t0.length < MAX_SIZE) {
                startResize(used0 + 1);
            }
        }
        KeyEntry[] t;
        if (rehashIdx >= 0) {
            t = t1;
            used1++;
        } else {
            t = t0;
            used0++;
        }
        int idx = e.hash & (t.length - 1);
        setNext(e, t[idx]);
        t[idx] = e;
    }

    /** Unlinks and returns the entry with this key, or null. */
    KeyEntry remove(byte[] key, int hash) {
        return unlink(key, hash, null);
    }

    /** Unlinks this exact entry; returns false if it was not linked here. */
    boolean removeEntry(KeyEntry e) {
        return unlink(e.key, e.hash, e) != null;
    }

    private KeyEntry unlink(byte[] key, int hash, KeyEntry target) {
        if (used0 + used1 == 0) {
            return null;
        }
        if (rehashIdx >= 0 && pauses == 0) {
            rehash(1);
        }
        for (int table = 0; table < 2; table++) {
            KeyEntry[] t = table == 0 ? t0 : t1;
            int idx = hash & (t.length - 1);
            KeyEntry prev = null;
            for (KeyEntry e = t[idx]; e != null; prev = e, e = next(e)) {
                if (target != null ? e == target : e.hash == hash && Arrays.equals(e.key, key)) {
                    KeyEntry n = next(e);
                    if (prev == null) {
                        t[idx] = n;
                    } else {
                        setNext(prev, n);
                    }
                    if (table == 0) {
                        used0--;
                    } else {
                        used1--;
                    }
                    afterChange();
                    return e;
                }
            }
            if (rehashIdx < 0) {
                break;
            }
        }
        return null;
    }

    /** Drops everything (the entries' links are left as they are). */
    void clear() {
        t0 = EMPTY;
        t1 = EMPTY;
        used0 = 0;
        used1 = 0;
        rehashIdx = -1;
    }

    // ---------------------------------------------------------------- resizing

    /** After a removal or a pause ends: drop empty tables, start a grow or a shrink if due. */
    private void afterChange() {
        if (pauses > 0) {
            return;
        }
        int size = used0 + used1;
        if (size == 0) {
            if (t0.length != 0) {
                clear();
            }
            return;
        }
        if (rehashIdx >= 0) {
            return;
        }
        int len = t0.length;
        if (size >= len) {
            if (len < MAX_SIZE) {
                startResize(size + 1);
            }
        } else if (len > INITIAL_SIZE && size * 10L < len) {
            startResize(size);
        }
    }

    /**
     * Starts a shrink if the table is less than 10% full (what Redis's cron does); also restarts a
     * grow that was held back by a pause.
     *
     * @return true if a resize started
     */
    boolean tryResize() {
        if (rehashIdx >= 0 || pauses > 0) {
            return false;
        }
        int before = t0.length;
        afterChange();
        return rehashIdx >= 0 || t0.length != before;
    }

    /**
     * Makes room for {@code n} entries ahead of a bulk insert (Redis's dictExpand on RDB RESIZEDB): an empty table
     * gets its final size at once, a smaller one starts growing to it. Ignored during a rehash or a pause.
     */
    void expand(int n) {
        if (rehashIdx >= 0 || pauses > 0 || n <= t0.length) {
            return;
        }
        if (used0 == 0) {
            t0 = new KeyEntry[tableSizeFor(Math.max(n, INITIAL_SIZE))];
        } else {
            startResize(n);
        }
    }

    private void startResize(int minimal) {
        int n = tableSizeFor(Math.max(minimal, INITIAL_SIZE));
        if (n == t0.length) {
            return;
        }
        t1 = new KeyEntry[n];
        rehashIdx = 0;
    }

    private static int tableSizeFor(int n) {
        if (n >= MAX_SIZE) {
            return MAX_SIZE;
        }
        int highest = Integer.highestOneBit(n);
        return highest == n ? n : highest << 1;
    }

    /**
     * Moves up to {@code n} non-empty buckets from t0 to t1 (visiting at most {@code 10n} empty
     * buckets).
     *
     * @return true if there is more to move
     */
    boolean rehash(int n) {
        if (rehashIdx < 0) {
            return false;
        }
        int emptyVisits = n * EMPTY_VISITS_PER_STEP;
        KeyEntry[] src = t0;
        KeyEntry[] dst = t1;
        int mask = dst.length - 1;
        while (n-- > 0 && used0 != 0) {
            while (src[rehashIdx] == null) {
                rehashIdx++;
                if (--emptyVisits == 0) {
                    return true;
                }
            }
            KeyEntry e = src[rehashIdx];
            while (e != null) {
                KeyEntry nx = next(e);
                int i = e.hash & mask;
                setNext(e, dst[i]);
                dst[i] = e;
                used0--;
                used1++;
                e = nx;
            }
            src[rehashIdx] = null;
            rehashIdx++;
        }
        if (used0 == 0) {
            t0 = t1;
            used0 = used1;
            t1 = EMPTY;
            used1 = 0;
            rehashIdx = -1;
            return false;
        }
        return true;
    }

    /**
     * Rehashes in batches of 100 buckets for about {@code ms} milliseconds (for the server cron).
     *
     * @return number of buckets batches times 100 moved (0 if nothing to do or paused)
     */
    int rehashMilliseconds(int ms) {
        if (pauses > 0 || rehashIdx < 0) {
            return 0;
        }
        long start = System.nanoTime();
        long limit = ms * 1_000_000L;
        int rehashes = 0;
        while (rehash(100)) {
            rehashes += 100;
            if (System.nanoTime() - start > limit) {
                break;
            }
        }
        return rehashes == 0 ? 1 : rehashes;
    }

    private void pause() {
        pauses++;
    }

    private void resume() {
        if (--pauses == 0) {
            afterChange();
        }
    }

    // ---------------------------------------------------------------- sampling

    /**
     * A random entry, as Redis's {@code dictGetRandomKey}: a random non-empty bucket (over both
     * tables during a rehash), then a random element of its chain.
     */
    KeyEntry random() {
        if (used0 + used1 == 0) {
            return null;
        }
        if (rehashIdx >= 0 && pauses == 0) {
            rehash(1);
        }
        KeyEntry head;
        if (rehashIdx >= 0) {
            // Buckets of t0 below rehashIdx are empty: draw among the rest of t0 and all of t1.
            long span = (long) t0.length + t1.length - rehashIdx;
            do {
                long h = rehashIdx + rng.nextLong(span);
                head = h >= t0.length ? t1[(int) (h - t0.length)] : t0[(int) h];
            } while (head == null);
        } else {
            int mask = t0.length - 1;
            do {
                head = t0[rng.nextInt() & mask];
            } while (head == null);
        }
        int len = 0;
        for (KeyEntry e = head; e != null; e = next(e)) {
            len++;
        }
        int pick = len == 1 ? 0 : rng.nextInt(len);
        KeyEntry e = head;
        while (pick-- > 0) {
            e = next(e);
        }
        return e;
    }

    /**
     * Fills {@code out} with up to {@code count} entries from a random region of the table, as
     * Redis's {@code dictGetSomeKeys}: fast, not uniformly distributed, may return fewer than asked
     * (and, rarely, the same entry twice). Good for eviction and expiry sampling.
     *
     * @return number of entries stored
     */
    int sample(KeyEntry[] out, int count) {
        int size = used0 + used1;
        if (count > size) {
            count = size;
        }
        if (count > out.length) {
            count = out.length;
        }
        if (count <= 0) {
            return 0;
        }
        for (int j = 0; j < count && rehashIdx >= 0 && pauses == 0; j++) {
            rehash(1);
        }
        boolean two = rehashIdx >= 0;
        int maxMask = t0.length - 1;
        if (two && t1.length - 1 > maxMask) {
            maxMask = t1.length - 1;
        }
        int i = rng.nextInt() & maxMask;
        int emptyLen = 0;
        int stored = 0;
        int maxSteps = count * 10;
        while (stored < count && maxSteps-- > 0) {
            for (int j = 0; j < (two ? 2 : 1); j++) {
                KeyEntry[] t = j == 0 ? t0 : t1;
                if (two && j == 0 && i < rehashIdx) {
                    // Already moved out of t0. If t1 is too small to hold index i (shrinking),
                    // skip ahead to the part of t0 not yet moved.
                    if (i >= t1.length) {
                        i = rehashIdx;
                    } else {
                        continue;
                    }
                }
                if (i >= t.length) {
                    continue;
                }
                KeyEntry e = t[i];
                if (e == null) {
                    emptyLen++;
                    if (emptyLen >= 5 && emptyLen > count) {
                        i = rng.nextInt() & maxMask;
                        emptyLen = 0;
                    }
                } else {
                    emptyLen = 0;
                    while (e != null) {
                        out[stored++] = e;
                        if (stored == count) {
                            return stored;
                        }
                        e = next(e);
                    }
                }
            }
            i = (i + 1) & maxMask;
        }
        return stored;
    }

    // ---------------------------------------------------------------- iteration

    /**
     * One step of Redis's SCAN algorithm: visits the bucket(s) the cursor designates and returns
     * the next cursor (0 when the scan is complete).
     *
     * <p>The cursor is incremented in bit-reversed order of its masked bits, so that after a table
     * grows or shrinks the buckets already visited map to the cursor values already returned. When
     * rehashing, the bucket of the smaller table is visited together with all of its expansions in
     * the larger table. This gives Redis's guarantee: every entry present for the whole duration of a
     * full scan is visited at least once (entries may be visited more than once).
     *
     * <p>{@code fn} may delete entries (rehashing is paused during the call) but should not insert.
     */
    long scan(long cursor, Consumer<KeyEntry> fn) {
        if (used0 + used1 == 0) {
            return 0;
        }
        long v = cursor;
        pause();
        try {
            if (rehashIdx < 0) {
                long m0 = t0.length - 1;
                emit(t0[(int) (v & m0)], fn);
                v = nextCursor(v, m0);
            } else {
                KeyEntry[] small = t0;
                KeyEntry[] big = t1;
                if (small.length > big.length) {
                    small = t1;
                    big = t0;
                }
                long m0 = small.length - 1;
                long m1 = big.length - 1;
                emit(small[(int) (v & m0)], fn);
                do {
                    emit(big[(int) (v & m1)], fn);
                    v = nextCursor(v, m1);
                } while ((v & (m0 ^ m1)) != 0);
            }
        } finally {
            resume();
        }
        return v;
    }

    /** Increments the masked bits of the cursor in reverse bit order. */
    private static long nextCursor(long v, long mask) {
        v |= ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    private void emit(KeyEntry e, Consumer<KeyEntry> fn) {
        while (e != null) {
            KeyEntry n = next(e);
            fn.accept(e);
            e = n;
        }
    }

    /**
     * Visits every entry once. {@code fn} may delete entries (rehashing is paused); entries it
     * inserts may or may not be visited.
     */
    void forEach(Consumer<KeyEntry> fn) {
        if (used0 + used1 == 0) {
            return;
        }
        pause();
        try {
            KeyEntry[] a = t0;
            for (KeyEntry head : a) {
                emit(head, fn);
            }
            if (rehashIdx >= 0) {
                KeyEntry[] b = t1;
                for (KeyEntry head : b) {
                    emit(head, fn);
                }
            }
        } finally {
            resume();
        }
    }
}
