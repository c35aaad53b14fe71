package io.vigil.types;

import io.vigil.keyspace.MemorySizes;
import io.vigil.keyspace.SipHash;

import java.util.Arrays;

/**
 * The general form of hashes and sets: a chained hash table keyed by byte strings, with or without a
 * value per key, laid out in parallel arrays so an entry costs no object of its own.
 *
 * <p>Entries live densely in slots {@code 0..size-1} of {@link #keys} (and {@link #vals}); a removal moves
 * the last entry into the freed slot, so a uniformly random slot is a uniformly random entry. Buckets
 * ({@link #heads}, a power of two long) hold slot+1 of their first entry, 0 when empty; {@link #next}
 * chains the slots of a bucket. Keys are hashed with the keyspace's keyed SipHash, cached per slot.
 *
 * <p>{@link #scan} walks buckets in reverse-binary cursor order (as Redis's dictScan does), which returns
 * every entry present for the whole iteration at least once even if the table grows or shrinks in between.
 *
 * <p>Memory use is tracked incrementally: {@link #memoryUsage()} is O(1).
 */
final class HashTable {
    private static final int MIN_BUCKETS = 4;
    private static final int MIN_SLOTS = 4;
    private static final long SHALLOW = MemorySizes.object(5 * MemorySizes.REFERENCE + 4 + 8);
    private static final byte[][] NO_VALUES = null;

    private byte[][] keys;
    private byte[][] vals;
    private int[] hashes;
    private int[] next;
    private int[] heads;
    private int size;
    /** Bytes of the key and value arrays stored. */
    private long contentBytes;

    /** A table for {@code expected} entries, with a value per key if {@code withValues}. */
    HashTable(boolean withValues, int expected) {
        int slots = Math.max(MIN_SLOTS, expected);
        keys = new byte[slots][];
        vals = withValues ? new byte[slots][] : NO_VALUES;
        hashes = new int[slots];
        next = new int[slots];
        heads = new int[bucketsFor(slots)];
    }

    private HashTable(HashTable o) {
        keys = Arrays.copyOf(o.keys, Math.max(MIN_SLOTS, o.size));
        vals = o.vals == null ? null : Arrays.copyOf(o.vals, keys.length);
        for (int i = 0; i < o.size; i++) {
            keys[i] = o.keys[i].clone();
            if (vals != null) {
                vals[i] = o.vals[i].clone();
            }
        }
        hashes = Arrays.copyOf(o.hashes, keys.length);
        next = Arrays.copyOf(o.next, keys.length);
        heads = o.heads.clone();
        size = o.size;
        contentBytes = o.contentBytes;
    }

    private static int bucketsFor(int n) {
        int b = MIN_BUCKETS;
        while (b < n) {
            b <<= 1;
        }
        return b;
    }

    /** Number of entries. */
    int size() {
        return size;
    }

    /** The key in slot {@code i} (0 &lt;= i &lt; size). */
    byte[] keyAt(int i) {
        return keys[i];
    }

    /** The value in slot {@code i}. */
    byte[] valueAt(int i) {
        return vals[i];
    }

    /** Number of buckets (for tests and SCAN). */
    int buckets() {
        return heads.length;
    }

    static int hash(byte[] key) {
        return SipHash.hash32(key);
    }

    /** The slot holding {@code key}, or -1. */
    int find(byte[] key) {
        return find(key, hash(key));
    }

    private int find(byte[] key, int h) {
        for (int i = heads[h & (heads.length - 1)] - 1; i >= 0; i = next[i] - 1) {
            if (hashes[i] == h && Arrays.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds {@code key} (with {@code value}, ignored by a table without values), or replaces the value of an
     * existing key. The arrays are stored, not copied.
     *
     * @return true if the key is new
     */
    boolean put(byte[] key, byte[] value) {
        int h = hash(key);
        int i = find(key, h);
        if (i >= 0) {
            if (vals != null) {
                contentBytes += MemorySizes.byteArray(value.length) - MemorySizes.byteArray(vals[i].length);
                vals[i] = value;
            }
            return false;
        }
        insertNew(key, value, h);
        return true;
    }

    /** Adds a key known to be absent. */
    void insertNew(byte[] key, byte[] value) {
        insertNew(key, value, hash(key));
    }

    private void insertNew(byte[] key, byte[] value, int h) {
        if (size == keys.length) {
            resizeSlots(size + (size >> 1) + 1);
        }
        int i = size++;
        keys[i] = key;
        hashes[i] = h;
        contentBytes += MemorySizes.byteArray(key.length);
        if (vals != null) {
            vals[i] = value;
            contentBytes += MemorySizes.byteArray(value.length);
        }
        if (size > heads.length) {
            rehash(heads.length << 1);
        } else {
            int b = h & (heads.length - 1);
            next[i] = heads[b];
            heads[b] = i + 1;
        }
    }

    /** Replaces the value in slot {@code i}. */
    void setValueAt(int i, byte[] value) {
        contentBytes += MemorySizes.byteArray(value.length) - MemorySizes.byteArray(vals[i].length);
        vals[i] = value;
    }

    /**
     * Removes {@code key}.
     *
     * @return true if it was there
     */
    boolean remove(byte[] key) {
        int i = find(key);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Removes the entry in slot {@code i}; the last entry moves into slot {@code i}. */
    void removeAt(int i) {
        unlink(i);
        contentBytes -= MemorySizes.byteArray(keys[i].length);
        if (vals != null) {
            contentBytes -= MemorySizes.byteArray(vals[i].length);
        }
        int last = --size;
        if (i != last) {
            // Re-point whoever points at the last slot, then move it.
            int b = hashes[last] & (heads.length - 1);
            if (heads[b] == last + 1) {
                heads[b] = i + 1;
            } else {
                int p = heads[b] - 1;
                while (next[p] != last + 1) {
                    p = next[p] - 1;
                }
                next[p] = i + 1;
            }
            keys[i] = keys[last];
            hashes[i] = hashes[last];
            next[i] = next[last];
            if (vals != null) {
                vals[i] = vals[last];
            }
        }
        keys[last] = null;
        if (vals != null) {
            vals[last] = null;
        }
        next[last] = 0;
        if (heads.length > MIN_BUCKETS && size < heads.length >>> 3) {
            rehash(bucketsFor(Math.max(size, 1)));
        }
        if (keys.length > MIN_SLOTS && size < keys.length >>> 2) {
            resizeSlots(Math.max(MIN_SLOTS, size + (size >> 1)));
        }
    }

    private void unlink(int i) {
        int b = hashes[i] & (heads.length - 1);
        if (heads[b] == i + 1) {
            heads[b] = next[i];
            return;
        }
        int p = heads[b] - 1;
        while (next[p] != i + 1) {
            p = next[p] - 1;
        }
        next[p] = next[i];
    }

    private void resizeSlots(int n) {
        keys = Arrays.copyOf(keys, n);
        if (vals != null) {
            vals = Arrays.copyOf(vals, n);
        }
        hashes = Arrays.copyOf(hashes, n);
        next = Arrays.copyOf(next, n);
    }

    private void rehash(int buckets) {
        heads = new int[buckets];
        int mask = buckets - 1;
        for (int i = 0; i < size; i++) {
            int b = hashes[i] & mask;
            next[i] = heads[b];
            heads[b] = i + 1;
        }
    }

    /** Receives the slots a {@link #scan} step visits. */
    interface SlotVisitor {
        void visit(int slot);
    }

    /**
     * Visits the entries of the bucket {@code cursor} designates and returns the next cursor, 0 when the
     * iteration is complete (Redis's reverse-binary cursor).
     */
    long scan(long cursor, SlotVisitor visitor) {
        long mask = heads.length - 1;
        for (int i = heads[(int) (cursor & mask)] - 1; i >= 0; i = next[i] - 1) {
            visitor.visit(i);
        }
        cursor |= ~mask;
        cursor = Long.reverse(cursor);
        cursor++;
        return Long.reverse(cursor);
    }

    /** Heap bytes of the table and everything it holds. */
    long memoryUsage() {
        long arrays = MemorySizes.referenceArray(keys.length) + MemorySizes.intArray(hashes.length)
                + MemorySizes.intArray(next.length) + MemorySizes.intArray(heads.length);
        if (vals != null) {
            arrays += MemorySizes.referenceArray(vals.length);
        }
        return SHALLOW + arrays + contentBytes;
    }

    /** Bytes of the stored key and value arrays as tracked incrementally (for tests). */
    long contentBytes() {
        return contentBytes;
    }

    /** A deep copy. */
    HashTable copy() {
        return new HashTable(this);
    }
}
