package io.vigil.types;

import io.vigil.keyspace.MemorySizes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A sorted set of distinct 64-bit integers packed in one byte array, the small-set form Redis calls
 * "intset": every element takes the same width, 2, 4 or 8 bytes (little-endian), the smallest that holds
 * all of them. Adding a value that does not fit widens every element; removing never narrows (as in Redis).
 * Lookups are binary searches; inserts and removals copy the array, which stays exactly as long as needed.
 */
public final class IntSet {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];

    /** Object size: header, one reference, one byte. */
    private static final long SHALLOW = MemorySizes.object(MemorySizes.REFERENCE + 1);

    private byte[] data = EMPTY;
    /** log2 of the element width: 1 (16-bit), 2 (32-bit) or 3 (64-bit). */
    private byte shift = 1;

    /** An empty set of 16-bit width. */
    public IntSet() {
    }

    private IntSet(byte[] data, byte shift) {
        this.data = data;
        this.shift = shift;
    }

    /** Number of elements. */
    public int size() {
        return data.length >>> shift;
    }

    /** Bytes per element: 2, 4 or 8. */
    public int width() {
        return 1 << shift;
    }

    /** The {@code i}-th smallest element. */
    public long get(int i) {
        return read(data, shift, i);
    }

    private static long read(byte[] d, int shift, int i) {
        return switch (shift) {
            case 1 -> (short) I16.get(d, i << 1);
            case 2 -> (int) I32.get(d, i << 2);
            default -> (long) I64.get(d, i << 3);
        };
    }

    private static void write(byte[] d, int shift, int i, long v) {
        switch (shift) {
            case 1 -> I16.set(d, i << 1, (short) v);
            case 2 -> I32.set(d, i << 2, (int) v);
            default -> I64.set(d, i << 3, v);
        }
    }

    private static int shiftFor(long v) {
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 1;
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 2;
        }
        return 3;
    }

    /** Index of {@code v}, or {@code -(insertion point) - 1} if absent. */
    private int search(long v) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = read(data, shift, mid);
            if (m < v) {
                lo = mid + 1;
            } else if (m > v) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** Whether {@code v} is an element. */
    public boolean contains(long v) {
        return shiftFor(v) <= shift && search(v) >= 0;
    }

    /** Index of {@code v} in ascending order, or -1. */
    public int indexOf(long v) {
        if (shiftFor(v) > shift) {
            return -1;
        }
        int i = search(v);
        return i >= 0 ? i : -1;
    }

    /**
     * Adds {@code v}.
     *
     * @return false if it was already there
     */
    public boolean add(long v) {
        int need = shiftFor(v);
        int n = size();
        if (need > shift) {
            // v is out of the current range: it goes first (negative) or last (positive).
            byte[] d = new byte[(n + 1) << need];
            int off = v < 0 ? 1 : 0;
            for (int i = 0; i < n; i++) {
                write(d, need, i + off, read(data, shift, i));
            }
            write(d, need, v < 0 ? 0 : n, v);
            data = d;
            shift = (byte) need;
            return true;
        }
        int pos = search(v);
        if (pos >= 0) {
            return false;
        }
        pos = -pos - 1;
        byte[] d = new byte[(n + 1) << shift];
        System.arraycopy(data, 0, d, 0, pos << shift);
        System.arraycopy(data, pos << shift, d, (pos + 1) << shift, (n - pos) << shift);
        write(d, shift, pos, v);
        data = d;
        return true;
    }

    /**
     * Removes {@code v}.
     *
     * @return false if it was not there
     */
    public boolean remove(long v) {
        int i = indexOf(v);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Removes the {@code i}-th smallest element. */
    public void removeAt(int i) {
        int n = size();
        byte[] d = n == 1 ? EMPTY : new byte[(n - 1) << shift];
        System.arraycopy(data, 0, d, 0, i << shift);
        System.arraycopy(data, (i + 1) << shift, d, i << shift, (n - i - 1) << shift);
        data = d;
    }

    /** Heap bytes of this set. */
    public long memoryUsage() {
        return SHALLOW + MemorySizes.byteArray(data.length);
    }

    /** An independent copy. */
    public IntSet copy() {
        return new IntSet(data.length == 0 ? EMPTY : data.clone(), shift);
    }

    // ---------------------------------------------------------------------------------------------
    // Integer text as Redis's string2ll / ll2string

    /**
     * Whether {@code b} is the canonical decimal text of a 64-bit integer (Redis's string2ll): optional
     * '-', no '+', no leading zeros, no spaces, no "-0", in range.
     */
    public static boolean isInteger(byte[] b) {
        int len = b.length;
        if (len == 0 || len > 20) {
            return false;
        }
        int i = 0;
        boolean negative = b[0] == '-';
        if (negative) {
            if (len == 1) {
                return false;
            }
            i = 1;
        }
        if (b[i] == '0') {
            return len == 1;
        }
        long v = 0;
        for (; i < len; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (negative) {
                if (v < (Long.MIN_VALUE + d) / 10) {
                    return false;
                }
                v = v * 10 - d;
            } else {
                if (v > (Long.MAX_VALUE - d) / 10) {
                    return false;
                }
                v = v * 10 + d;
            }
        }
        return true;
    }

    /** The value of text that {@link #isInteger} accepted. */
    public static long parse(byte[] b) {
        int i = 0;
        boolean negative = b[0] == '-';
        if (negative) {
            i = 1;
        }
        long v = 0;
        for (; i < b.length; i++) {
            v = v * 10 - (b[i] - '0');
        }
        return negative ? v : -v;
    }

    /** Decimal text of {@code v}. */
    public static byte[] toBytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("IntSet[w=").append(width());
        for (int i = 0; i < size(); i++) {
            sb.append(i == 0 ? " " : ",").append(get(i));
        }
        return sb.append(']').toString();
    }
}
