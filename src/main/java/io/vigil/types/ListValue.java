package io.vigil.types;

import io.vigil.keyspace.MemorySizes;

import java.util.Arrays;

/**
 * A list value: a deque of binary-safe elements kept in one growable circular array of {@code byte[]}.
 *
 * <p>Push and pop at either end and access by index are O(1); inserting or removing in the middle moves
 * the shorter side. There is no node object per element: an element costs its {@code byte[]} plus one
 * reference slot. The array doubles when full and halves when a quarter full, so it holds at most four
 * times the slots needed (two after growth).
 *
 * <p>{@link #memoryUsage()} is O(1): the element bytes are summed as elements come and go. Elements are
 * stored as given (no copy): callers hand over arrays nobody modifies afterwards, and must not modify
 * the arrays they get back.
 *
 * <p>Indexes here are always 0-based and in range; Redis's negative indexes are resolved by the caller.
 */
public final class ListValue implements RedisValue {

    private static final int MIN_CAPACITY = 4;
    /** Object header + elems reference + head, size ints + elementBytes long. */
    private static final long SELF = MemorySizes.object(MemorySizes.REFERENCE + 4 + 4 + 8);

    private byte[][] elems;
    private int head;
    private int size;
    /** Sum of {@link MemorySizes#byteArray} over the elements. */
    private long elementBytes;

    /** An empty list. */
    public ListValue() {
        elems = new byte[MIN_CAPACITY][];
    }

    /** An empty list with room for {@code expected} elements before it grows. */
    public ListValue(int expected) {
        elems = new byte[capacityFor(expected)][];
    }

    private static int capacityFor(int n) {
        if (n <= MIN_CAPACITY) {
            return MIN_CAPACITY;
        }
        if (n > (1 << 30)) {
            throw new IllegalStateException("list too long");
        }
        return Integer.highestOneBit(n - 1) << 1;
    }

    @Override
    public String typeName() {
        return "list";
    }

    /** Redis 7.0 reports every list as a quicklist. */
    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public int size() {
        return size;
    }

    /** Whether the list has no elements (a command that empties a list deletes its key). */
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public long memoryUsage() {
        return SELF + MemorySizes.referenceArray(elems.length) + elementBytes;
    }

    /** The slot array's capacity (for tests of growth and shrinking). */
    int capacity() {
        return elems.length;
    }

    private int slot(int index) {
        return (head + index) & (elems.length - 1);
    }

    // ---------------------------------------------------------------------------------------------
    // Ends

    /** Adds {@code e} before the first element (LPUSH). */
    public void pushHead(byte[] e) {
        if (size == elems.length) {
            resize(elems.length << 1);
        }
        head = (head - 1) & (elems.length - 1);
        elems[head] = e;
        size++;
        elementBytes += MemorySizes.byteArray(e.length);
    }

    /** Adds {@code e} after the last element (RPUSH). */
    public void pushTail(byte[] e) {
        if (size == elems.length) {
            resize(elems.length << 1);
        }
        elems[slot(size)] = e;
        size++;
        elementBytes += MemorySizes.byteArray(e.length);
    }

    /** Adds at the head if {@code head}, else at the tail. */
    public void push(byte[] e, boolean atHead) {
        if (atHead) {
            pushHead(e);
        } else {
            pushTail(e);
        }
    }

    /** Removes and returns the first element, or null if empty. */
    public byte[] popHead() {
        if (size == 0) {
            return null;
        }
        byte[] e = elems[head];
        elems[head] = null;
        head = (head + 1) & (elems.length - 1);
        size--;
        removed(e);
        return e;
    }

    /** Removes and returns the last element, or null if empty. */
    public byte[] popTail() {
        if (size == 0) {
            return null;
        }
        int s = slot(size - 1);
        byte[] e = elems[s];
        elems[s] = null;
        size--;
        removed(e);
        return e;
    }

    /** Pops from the head if {@code atHead}, else from the tail; null if empty. */
    public byte[] pop(boolean atHead) {
        return atHead ? popHead() : popTail();
    }

    private void removed(byte[] e) {
        elementBytes -= MemorySizes.byteArray(e.length);
        maybeShrink();
    }

    private void maybeShrink() {
        int cap = elems.length;
        if (cap > MIN_CAPACITY && size <= cap >>> 2) {
            resize(Math.max(MIN_CAPACITY, cap >>> 1));
        }
    }

    private void resize(int capacity) {
        if (capacity <= 0 || capacity > (1 << 30)) {
            throw new IllegalStateException("list too long");
        }
        byte[][] n = new byte[capacity][];
        int first = Math.min(size, elems.length - head);
        System.arraycopy(elems, head, n, 0, first);
        System.arraycopy(elems, 0, n, first, size - first);
        elems = n;
        head = 0;
    }

    // ---------------------------------------------------------------------------------------------
    // By index

    /** The element at {@code index} (0..size-1). */
    public byte[] get(int index) {
        checkIndex(index, size);
        return elems[slot(index)];
    }

    /** The first element, or null if empty. */
    public byte[] first() {
        return size == 0 ? null : elems[head];
    }

    /** The last element, or null if empty. */
    public byte[] last() {
        return size == 0 ? null : elems[slot(size - 1)];
    }

    /** Replaces the element at {@code index} (LSET); returns the old one. */
    public byte[] set(int index, byte[] e) {
        checkIndex(index, size);
        int s = slot(index);
        byte[] old = elems[s];
        elems[s] = e;
        elementBytes += MemorySizes.byteArray(e.length) - MemorySizes.byteArray(old.length);
        return old;
    }

    /** Inserts {@code e} so that it ends up at {@code index} (0..size), moving the shorter side. */
    public void insert(int index, byte[] e) {
        checkIndex(index, size + 1);
        if (index == 0) {
            pushHead(e);
            return;
        }
        if (index == size) {
            pushTail(e);
            return;
        }
        if (size == elems.length) {
            resize(elems.length << 1);
        }
        int mask = elems.length - 1;
        if (index < size - index) {
            // shift [0, index) one slot towards the front
            head = (head - 1) & mask;
            for (int i = 0; i < index; i++) {
                elems[(head + i) & mask] = elems[(head + i + 1) & mask];
            }
        } else {
            // shift [index, size) one slot towards the back
            for (int i = size; i > index; i--) {
                elems[(head + i) & mask] = elems[(head + i - 1) & mask];
            }
        }
        elems[(head + index) & mask] = e;
        size++;
        elementBytes += MemorySizes.byteArray(e.length);
    }

    /** Removes the element at {@code index}, moving the shorter side; returns it. */
    public byte[] removeAt(int index) {
        checkIndex(index, size);
        if (index == 0) {
            return popHead();
        }
        if (index == size - 1) {
            return popTail();
        }
        int mask = elems.length - 1;
        byte[] e = elems[(head + index) & mask];
        if (index < size - 1 - index) {
            for (int i = index; i > 0; i--) {
                elems[(head + i) & mask] = elems[(head + i - 1) & mask];
            }
            elems[head] = null;
            head = (head + 1) & mask;
        } else {
            for (int i = index; i < size - 1; i++) {
                elems[(head + i) & mask] = elems[(head + i + 1) & mask];
            }
            elems[(head + size - 1) & mask] = null;
        }
        size--;
        removed(e);
        return e;
    }

    /**
     * Removes up to {@code limit} elements equal to {@code value} (0 = all), scanning from the head, or
     * from the tail when {@code fromTail} (LREM). Returns how many were removed.
     */
    public int removeMatching(byte[] value, long limit, boolean fromTail) {
        int mask = elems.length - 1;
        int removedCount = 0;
        int firstHole = -1;
        int lastHole = -1;
        long freed = 0;
        // Pass 1: punch holes (null slots) where matches are.
        if (!fromTail) {
            for (int i = 0; i < size; i++) {
                int s = (head + i) & mask;
                byte[] e = elems[s];
                if (Arrays.equals(e, value)) {
                    elems[s] = null;
                    freed += MemorySizes.byteArray(e.length);
                    if (firstHole < 0) {
                        firstHole = i;
                    }
                    lastHole = i;
                    if (++removedCount == limit) {
                        break;
                    }
                }
            }
        } else {
            for (int i = size - 1; i >= 0; i--) {
                int s = (head + i) & mask;
                byte[] e = elems[s];
                if (Arrays.equals(e, value)) {
                    elems[s] = null;
                    freed += MemorySizes.byteArray(e.length);
                    if (lastHole < 0) {
                        lastHole = i;
                    }
                    firstHole = i;
                    if (++removedCount == limit) {
                        break;
                    }
                }
            }
        }
        if (removedCount == 0) {
            return 0;
        }
        // Pass 2: close the holes by moving the cheaper side.
        if (size - 1 - lastHole <= firstHole) {
            int w = firstHole;
            for (int i = firstHole; i < size; i++) {
                byte[] e = elems[(head + i) & mask];
                if (e != null) {
                    elems[(head + w++) & mask] = e;
                }
            }
            for (int i = w; i < size; i++) {
                elems[(head + i) & mask] = null;
            }
        } else {
            int w = lastHole;
            for (int i = lastHole; i >= 0; i--) {
                byte[] e = elems[(head + i) & mask];
                if (e != null) {
                    elems[(head + w--) & mask] = e;
                }
            }
            for (int i = w; i >= 0; i--) {
                elems[(head + i) & mask] = null;
            }
            head = (head + removedCount) & mask;
        }
        size -= removedCount;
        elementBytes -= freed;
        maybeShrinkFully();
        return removedCount;
    }

    /** Removes {@code fromHead} elements at the head and {@code fromTail} at the tail (LTRIM). */
    public void trim(int fromHead, int fromTail) {
        if (fromHead < 0 || fromTail < 0 || (long) fromHead + fromTail > size) {
            throw new IndexOutOfBoundsException("trim " + fromHead + "+" + fromTail + " of " + size);
        }
        int mask = elems.length - 1;
        long freed = 0;
        for (int i = 0; i < fromHead; i++) {
            int s = (head + i) & mask;
            freed += MemorySizes.byteArray(elems[s].length);
            elems[s] = null;
        }
        for (int i = size - fromTail; i < size; i++) {
            int s = (head + i) & mask;
            freed += MemorySizes.byteArray(elems[s].length);
            elems[s] = null;
        }
        head = (head + fromHead) & mask;
        size -= fromHead + fromTail;
        elementBytes -= freed;
        maybeShrinkFully();
    }

    /** After a bulk removal: if at most a quarter full, shrink to twice the room needed. */
    private void maybeShrinkFully() {
        int cap = elems.length;
        if (cap > MIN_CAPACITY && size <= cap >>> 2) {
            int target = Math.max(MIN_CAPACITY, capacityFor(size) << 1);
            if (target < cap) {
                resize(target);
            }
        }
    }

    /** Index of the first element equal to {@code value} at or after {@code from}, or -1. */
    public int indexOf(byte[] value, int from) {
        int mask = elems.length - 1;
        for (int i = Math.max(0, from); i < size; i++) {
            if (Arrays.equals(elems[(head + i) & mask], value)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the element at {@code index} equals {@code value}. */
    public boolean elementEquals(int index, byte[] value) {
        return Arrays.equals(get(index), value);
    }

    /** A deep copy (COPY): the same elements in new arrays, sharing nothing with this list. */
    public ListValue copy() {
        ListValue c = new ListValue(size);
        for (int i = 0; i < size; i++) {
            c.pushTail(elems[slot(i)].clone());
        }
        return c;
    }

    /** A copy of the elements, head first (for tests and debugging). */
    public byte[][] toArray() {
        byte[][] out = new byte[size][];
        for (int i = 0; i < size; i++) {
            out[i] = elems[slot(i)];
        }
        return out;
    }

    private static void checkIndex(int index, int bound) {
        if (index < 0 || index >= bound) {
            throw new IndexOutOfBoundsException("index " + index + " of " + bound);
        }
    }

    @Override
    public String toString() {
        return "ListValue[size=" + size + "]";
    }
}
