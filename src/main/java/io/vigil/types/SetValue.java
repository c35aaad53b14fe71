package io.vigil.types;

import io.vigil.keyspace.MemorySizes;

import java.util.function.Consumer;

/**
 * A set value, in Redis 7.0's two encodings: {@code intset} (an {@link IntSet}: sorted packed integers)
 * while every member is the canonical text of a 64-bit integer and there are at most
 * {@code set-max-intset-entries} of them, {@code hashtable} otherwise. The conversion is one way.
 *
 * <p>Members are addressed by position {@code 0..size-1} for iteration and random picks: ascending order
 * in an intset, the table's slot order in a hashtable.
 */
public final class SetValue implements RedisValue, Iterable<byte[]> {
    private static final long SHALLOW = MemorySizes.object(2 * MemorySizes.REFERENCE);

    /** The intset, or null once converted. */
    private IntSet ints;
    /** The table, or null while an intset. */
    private HashTable table;

    private SetValue(IntSet ints, HashTable table) {
        this.ints = ints;
        this.table = table;
    }

    /**
     * An empty set in the encoding Redis picks for a set whose first member is {@code first}: intset if it
     * is an integer, hashtable otherwise.
     */
    public static SetValue forFirstMember(byte[] first) {
        return IntSet.isInteger(first) ? new SetValue(new IntSet(), null) : new SetValue(null, new HashTable(false, 0));
    }

    /** An empty intset-encoded set (how Redis starts the result of a set operation). */
    public static SetValue emptyIntset() {
        return new SetValue(new IntSet(), null);
    }

    /** An empty hashtable-encoded set sized for {@code expected} members. */
    public static SetValue emptyHashtable(int expected) {
        return new SetValue(null, new HashTable(false, expected));
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public String encoding() {
        return ints != null ? "intset" : "hashtable";
    }

    /** Whether the set is intset-encoded. */
    public boolean isIntset() {
        return ints != null;
    }

    @Override
    public int size() {
        return ints != null ? ints.size() : table.size();
    }

    @Override
    public long memoryUsage() {
        return SHALLOW + (ints != null ? ints.memoryUsage() : table.memoryUsage());
    }

    /**
     * Adds {@code member} (stored as given, not copied), converting to a hashtable when it is not an integer
     * or the intset would exceed {@code maxIntsetEntries}.
     *
     * @return true if it was not a member yet
     */
    public boolean add(byte[] member, int maxIntsetEntries) {
        if (ints != null) {
            if (IntSet.isInteger(member)) {
                if (!ints.add(IntSet.parse(member))) {
                    return false;
                }
                if (ints.size() > maxIntsetEntries) {
                    convertToHashtable();
                }
                return true;
            }
            convertToHashtable();
        }
        return table.put(member, null);
    }

    /** Adds an integer member (an intset stays one within {@code maxIntsetEntries}). */
    public boolean addLong(long v, int maxIntsetEntries) {
        if (ints != null) {
            if (!ints.add(v)) {
                return false;
            }
            if (ints.size() > maxIntsetEntries) {
                convertToHashtable();
            }
            return true;
        }
        return table.put(IntSet.toBytes(v), null);
    }

    /**
     * Removes {@code member}.
     *
     * @return true if it was a member
     */
    public boolean remove(byte[] member) {
        if (ints != null) {
            return IntSet.isInteger(member) && ints.remove(IntSet.parse(member));
        }
        return table.remove(member);
    }

    /** Whether {@code member} is in the set. */
    public boolean contains(byte[] member) {
        if (ints != null) {
            return IntSet.isInteger(member) && ints.contains(IntSet.parse(member));
        }
        return table.find(member) >= 0;
    }

    /** Whether the integer {@code v} (as its decimal text) is in the set. */
    public boolean containsLong(long v) {
        if (ints != null) {
            return ints.contains(v);
        }
        return table.find(IntSet.toBytes(v)) >= 0;
    }

    /** The member at position {@code i} as bytes (a new array for an intset, the stored one otherwise). */
    public byte[] memberAt(int i) {
        return ints != null ? IntSet.toBytes(ints.get(i)) : table.keyAt(i);
    }

    /** The integer at position {@code i} of an intset-encoded set. */
    public long intAt(int i) {
        return ints.get(i);
    }

    /** Removes the member at position {@code i} (positions after it may change). */
    public void removeAt(int i) {
        if (ints != null) {
            ints.removeAt(i);
        } else {
            table.removeAt(i);
        }
    }

    /** Converts an intset to the hashtable encoding (no-op if already one). */
    public void convertToHashtable() {
        if (ints == null) {
            return;
        }
        int n = ints.size();
        HashTable t = new HashTable(false, n);
        for (int i = 0; i < n; i++) {
            t.insertNew(IntSet.toBytes(ints.get(i)), null);
        }
        table = t;
        ints = null;
    }

    /**
     * One SSCAN step over a hashtable-encoded set: passes the members of one bucket to {@code out} and
     * returns the next cursor (0 = done).
     */
    public long scan(long cursor, Consumer<byte[]> out) {
        HashTable t = table;
        return t.scan(cursor, slot -> out.accept(t.keyAt(slot)));
    }

    /** A deep copy (COPY). */
    public SetValue copy() {
        return new SetValue(ints == null ? null : ints.copy(), table == null ? null : table.copy());
    }

    /** Byte width of the intset elements (2, 4, 8), or 0 when hashtable-encoded. */
    public int intsetWidth() {
        return ints == null ? 0 : ints.width();
    }

    /** Iterates the members (index order: ascending for an intset, table order otherwise). */
    @Override
    public java.util.Iterator<byte[]> iterator() {
        return new java.util.Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public byte[] next() {
                if (next >= size()) {
                    throw new java.util.NoSuchElementException();
                }
                return memberAt(next++);
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SetValue[").append(encoding()).append(' ');
        for (int i = 0; i < size() && i < 20; i++) {
            sb.append(i == 0 ? "" : ",").append(new String(memberAt(i), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return sb.append(']').toString();
    }
}
