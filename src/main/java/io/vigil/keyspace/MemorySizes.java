package io.vigil.keyspace;

/**
 * Heap size estimates used by the keyspace's memory accounting.
 *
 * <p>The model is the 64-bit HotSpot layout with compressed oops and compressed class pointers
 * (the default for heaps below 32 GiB):
 * <ul>
 *   <li>an object has a 12-byte header (8-byte mark word + 4-byte class pointer);</li>
 *   <li>an array has a 16-byte header (the object header plus a 4-byte length);</li>
 *   <li>a reference is 4 bytes, fields are packed without padding between them;</li>
 *   <li>every object's size is rounded up to a multiple of 8 bytes.</li>
 * </ul>
 * So {@code byte[n]} takes {@code align8(16 + n)}, a reference array of length {@code n} takes
 * {@code align8(16 + 4n)}, and an object with {@code f} bytes of fields takes {@code align8(12 + f)}.
 * With uncompressed oops (heaps of 32 GiB or more) real sizes are somewhat larger.
 */
public final class MemorySizes {

    /** Bytes of an object header (mark word + compressed class pointer). */
    public static final int OBJECT_HEADER = 12;
    /** Bytes of an array header (object header + length). */
    public static final int ARRAY_HEADER = 16;
    /** Bytes of a (compressed) reference. */
    public static final int REFERENCE = 4;
    /** Object alignment in bytes. */
    public static final int ALIGNMENT = 8;
    /** Size charged for a value of an unknown type that is neither {@code byte[]} nor {@link Sized}. */
    public static final int UNKNOWN_OBJECT = 16;

    /**
     * Size of one {@link KeyEntry}: four references (key, value, two chain links), a long
     * (expireAt) and three ints (lru, hash, snapshot epoch): {@code align8(12 + 16 + 8 + 4 + 4 + 4) = 48}.
     */
    public static final long KEY_ENTRY = object(4 * REFERENCE + 8 + 4 + 4 + 4);

    private MemorySizes() {
    }

    /**
     * Rounds {@code bytes} up to the object alignment.
     *
     * @param bytes a size in bytes
     * @return the aligned size
     */
    public static long align(long bytes) {
        return (bytes + (ALIGNMENT - 1)) & ~(long) (ALIGNMENT - 1);
    }

    /**
     * Size of a plain object whose fields take {@code fieldBytes}.
     *
     * @param fieldBytes the sum of the field sizes (4 per reference or int, 8 per long or double...)
     * @return {@code align8(12 + fieldBytes)}
     */
    public static long object(long fieldBytes) {
        return align(OBJECT_HEADER + fieldBytes);
    }

    /**
     * Size of a {@code byte[]} of the given length.
     *
     * @param length the array length
     * @return {@code align8(16 + length)}
     */
    public static long byteArray(int length) {
        return align(ARRAY_HEADER + (long) length);
    }

    /**
     * Size of an {@code int[]} of the given length.
     *
     * @param length the array length
     * @return {@code align8(16 + 4 * length)}
     */
    public static long intArray(int length) {
        return align(ARRAY_HEADER + 4L * length);
    }

    /**
     * Size of a {@code long[]} or {@code double[]} of the given length.
     *
     * @param length the array length
     * @return {@code align8(16 + 8 * length)}
     */
    public static long longArray(int length) {
        return align(ARRAY_HEADER + 8L * length);
    }

    /**
     * Size of an array of references of the given length.
     *
     * @param length the array length
     * @return {@code align8(16 + 4 * length)}
     */
    public static long referenceArray(int length) {
        return align(ARRAY_HEADER + (long) REFERENCE * length);
    }

    /**
     * Estimated size of a stored value: a {@code byte[]} by its array size, a {@link Sized} by its
     * own report, {@code null} as 0 and anything else as {@link #UNKNOWN_OBJECT}.
     *
     * @param value a value as stored in {@link KeyEntry#value}
     * @return bytes
     */
    public static long of(Object value) {
        if (value instanceof byte[]) {
            return byteArray(((byte[]) value).length);
        }
        if (value instanceof Sized) {
            return ((Sized) value).memoryUsage();
        }
        return value == null ? 0 : UNKNOWN_OBJECT;
    }

    /**
     * Bytes charged for one key: the entry object, the key array and the value.
     *
     * @param e an entry
     * @return bytes
     */
    static long entry(KeyEntry e) {
        return KEY_ENTRY + byteArray(e.key.length) + of(e.value);
    }
}
