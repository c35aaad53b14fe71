package io.vigil.types;

import io.vigil.keyspace.MemorySizes;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A hash value, in Redis 7.0's two encodings.
 *
 * <p>{@code listpack}: every field and value packed, in insertion order, into one exactly-sized byte array,
 * each entry a length (a little-endian base-128 varint, one byte below 128) followed by its bytes, field then
 * value. Lookups scan it; a change rewrites it (in place when a value keeps its size). It is used while the
 * hash has at most {@code hash-max-listpack-entries} fields and no field or value longer than
 * {@code hash-max-listpack-value} bytes.
 *
 * <p>{@code hashtable}: a {@link HashTable} with values. The conversion is one way, as in Redis.
 *
 * <p>Entries are read through an {@link Entries} cursor that exposes array slices, so replies can be
 * written without copying.
 */
public final class HashValue implements RedisValue {
    private static final byte[] EMPTY = new byte[0];
    private static final long SHALLOW = MemorySizes.object(2 * MemorySizes.REFERENCE + 4);

    /** The listpack, or null once converted. */
    private byte[] lp;
    /** The table, or null while a listpack. */
    private HashTable ht;
    /** Number of fields in the listpack. */
    private int count;

    private HashValue(byte[] lp, HashTable ht, int count) {
        this.lp = lp;
        this.ht = ht;
        this.count = count;
    }

    /** A new empty hash (listpack-encoded). */
    public static HashValue create() {
        return new HashValue(EMPTY, null, 0);
    }

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return lp != null ? "listpack" : "hashtable";
    }

    /** Whether the hash is listpack-encoded. */
    public boolean isListpack() {
        return lp != null;
    }

    @Override
    public int size() {
        return lp != null ? count : ht.size();
    }

    @Override
    public long memoryUsage() {
        return SHALLOW + (lp != null ? MemorySizes.byteArray(lp.length) : ht.memoryUsage());
    }

    // ---------------------------------------------------------------------------------------------
    // Listpack entry layout

    /** Bytes of the length header of an entry of {@code len} bytes. */
    private static int headerSize(int len) {
        if (len < 0x80) {
            return 1;
        }
        if (len < 0x4000) {
            return 2;
        }
        if (len < 0x200000) {
            return 3;
        }
        return len < 0x10000000 ? 4 : 5;
    }

    /** Writes the entry {@code b} at {@code p}; returns the offset after it. */
    private static int writeEntry(byte[] a, int p, byte[] b) {
        int len = b.length;
        while (len >= 0x80) {
            a[p++] = (byte) (len | 0x80);
            len >>>= 7;
        }
        a[p++] = (byte) len;
        System.arraycopy(b, 0, a, p, b.length);
        return p + b.length;
    }

    /** Length of the entry at {@code p}. */
    private static int entryLength(byte[] a, int p) {
        int b = a[p];
        if (b >= 0) {
            return b;
        }
        int len = b & 0x7f;
        int shift = 7;
        do {
            b = a[++p];
            len |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return len;
    }

    /** Offset of the data of the entry at {@code p} whose length is {@code len}. */
    private static int dataOffset(int p, int len) {
        return p + headerSize(len);
    }

    /** Offset of the entry after the one at {@code p}. */
    private static int skip(byte[] a, int p) {
        int len = entryLength(a, p);
        return p + headerSize(len) + len;
    }

    private static boolean entryEquals(byte[] a, int p, byte[] b) {
        int len = entryLength(a, p);
        if (len != b.length) {
            return false;
        }
        int d = dataOffset(p, len);
        return Arrays.equals(a, d, d + len, b, 0, len);
    }

    /** Offset of the field entry equal to {@code field}, or -1. */
    private int findField(byte[] field) {
        byte[] a = lp;
        int p = 0;
        int end = a.length;
        while (p < end) {
            if (entryEquals(a, p, field)) {
                return p;
            }
            p = skip(a, skip(a, p));
        }
        return -1;
    }

    private static byte[] entryCopy(byte[] a, int p) {
        int len = entryLength(a, p);
        int d = dataOffset(p, len);
        return Arrays.copyOfRange(a, d, d + len);
    }

    // ---------------------------------------------------------------------------------------------
    // Operations

    /** The value of {@code field}, or null (a copy for a listpack, the stored array otherwise: do not modify). */
    public byte[] get(byte[] field) {
        if (lp != null) {
            int p = findField(field);
            return p < 0 ? null : entryCopy(lp, skip(lp, p));
        }
        int i = ht.find(field);
        return i < 0 ? null : ht.valueAt(i);
    }

    /** Length of the value of {@code field}, or -1 if there is no such field. */
    public int valueLength(byte[] field) {
        if (lp != null) {
            int p = findField(field);
            return p < 0 ? -1 : entryLength(lp, skip(lp, p));
        }
        int i = ht.find(field);
        return i < 0 ? -1 : ht.valueAt(i).length;
    }

    /** Whether {@code field} exists. */
    public boolean contains(byte[] field) {
        return lp != null ? findField(field) >= 0 : ht.find(field) >= 0;
    }

    /**
     * Sets {@code field} to {@code value} as Redis's hashTypeSet: a listpack first becomes a hashtable if
     * either is longer than {@code maxValue}, and after adding a field if it has more than
     * {@code maxEntries}. In a hashtable the arrays are stored as given (not copied).
     *
     * @return true if the field is new
     */
    public boolean set(byte[] field, byte[] value, int maxEntries, int maxValue) {
        if (lp != null) {
            if (field.length > maxValue || value.length > maxValue) {
                convertToHashtable();
                return ht.put(field, value);
            }
            int p = findField(field);
            if (p >= 0) {
                replaceValue(skip(lp, p), value);
                return false;
            }
            byte[] a = Arrays.copyOf(lp, lp.length + headerSize(field.length) + field.length
                    + headerSize(value.length) + value.length);
            writeEntry(a, writeEntry(a, lp.length, field), value);
            lp = a;
            count++;
            if (count > maxEntries) {
                convertToHashtable();
            }
            return true;
        }
        return ht.put(field, value);
    }

    private void replaceValue(int vp, byte[] value) {
        byte[] a = lp;
        int oldEnd = skip(a, vp);
        int newSize = headerSize(value.length) + value.length;
        if (oldEnd - vp == newSize) {
            writeEntry(a, vp, value);
            return;
        }
        byte[] b = new byte[a.length - (oldEnd - vp) + newSize];
        System.arraycopy(a, 0, b, 0, vp);
        int q = writeEntry(b, vp, value);
        System.arraycopy(a, oldEnd, b, q, a.length - oldEnd);
        lp = b;
    }

    /**
     * Deletes {@code field}.
     *
     * @return true if it existed
     */
    public boolean delete(byte[] field) {
        if (lp != null) {
            int p = findField(field);
            if (p < 0) {
                return false;
            }
            int end = skip(lp, skip(lp, p));
            byte[] b = count == 1 ? EMPTY : new byte[lp.length - (end - p)];
            System.arraycopy(lp, 0, b, 0, p);
            System.arraycopy(lp, end, b, p, lp.length - end);
            lp = b;
            count--;
            return true;
        }
        return ht.remove(field);
    }

    /** Converts a listpack to the hashtable encoding (no-op if already one). */
    public void convertToHashtable() {
        if (lp == null) {
            return;
        }
        HashTable t = new HashTable(true, count);
        byte[] a = lp;
        int p = 0;
        while (p < a.length) {
            int vp = skip(a, p);
            t.insertNew(entryCopy(a, p), entryCopy(a, vp));
            p = skip(a, vp);
        }
        ht = t;
        lp = null;
        count = 0;
    }

    /**
     * One HSCAN step over a hashtable-encoded hash: passes the fields and values of one bucket to
     * {@code out} and returns the next cursor (0 = done).
     */
    public long scan(long cursor, BiConsumer<byte[], byte[]> out) {
        HashTable t = ht;
        return t.scan(cursor, slot -> out.accept(t.keyAt(slot), t.valueAt(slot)));
    }

    /** A deep copy (COPY). */
    public HashValue copy() {
        return new HashValue(lp == null ? null : (lp.length == 0 ? EMPTY : lp.clone()),
                ht == null ? null : ht.copy(), count);
    }

    /** A cursor over the entries in iteration order (insertion order for a listpack). */
    public Entries entries() {
        return new Entries();
    }

    /**
     * Reads the hash's entries without copying: after {@link #next()} or {@link #at(int)} the current field
     * and value are the slices {@code fieldArray[fieldOffset, fieldOffset + fieldLength)} and likewise for
     * the value. The hash must not change while a cursor is in use.
     */
    public final class Entries {
        public byte[] fieldArray;
        public int fieldOffset;
        public int fieldLength;
        public byte[] valueArray;
        public int valueOffset;
        public int valueLength;
        /** Index of the next entry {@link #next()} reads. */
        private int index;
        /** Listpack offset of that entry. */
        private int pos;
        private int[] offsets;

        private Entries() {
        }

        /** Moves to the next entry; false when there is none. */
        public boolean next() {
            if (index >= size()) {
                return false;
            }
            if (lp != null) {
                loadListpack(pos);
                pos = valueOffset + valueLength;
            } else {
                loadTable(index);
            }
            index++;
            return true;
        }

        /** Moves to the entry at position {@code i} (0 &lt;= i &lt; size) in iteration order. */
        public void at(int i) {
            if (lp != null) {
                if (offsets == null) {
                    offsets = new int[count];
                    int p = 0;
                    for (int k = 0; k < count; k++) {
                        offsets[k] = p;
                        p = skip(lp, skip(lp, p));
                    }
                }
                loadListpack(offsets[i]);
                pos = valueOffset + valueLength;
            } else {
                loadTable(i);
            }
            index = i + 1;
        }

        private void loadListpack(int p) {
            byte[] a = lp;
            int fl = entryLength(a, p);
            int fd = dataOffset(p, fl);
            int vp = fd + fl;
            int vl = entryLength(a, vp);
            fieldArray = a;
            fieldOffset = fd;
            fieldLength = fl;
            valueArray = a;
            valueOffset = dataOffset(vp, vl);
            valueLength = vl;
        }

        private void loadTable(int i) {
            byte[] f = ht.keyAt(i);
            byte[] v = ht.valueAt(i);
            fieldArray = f;
            fieldOffset = 0;
            fieldLength = f.length;
            valueArray = v;
            valueOffset = 0;
            valueLength = v.length;
        }

        /** A copy of the current field. */
        public byte[] field() {
            return Arrays.copyOfRange(fieldArray, fieldOffset, fieldOffset + fieldLength);
        }

        /** A copy of the current value. */
        public byte[] value() {
            return Arrays.copyOfRange(valueArray, valueOffset, valueOffset + valueLength);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HashValue[").append(encoding());
        Entries e = entries();
        int n = 0;
        while (e.next() && n++ < 20) {
            sb.append(' ').append(new String(e.field(), java.nio.charset.StandardCharsets.ISO_8859_1)).append('=')
                    .append(new String(e.value(), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return sb.append(']').toString();
    }
}
