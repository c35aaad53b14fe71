package io.vigil.persistence.rdb;

/**
 * Redis's CRC-64: the Jones polynomial {@code 0xad93d23594c935a9}, reflected input and output, initial value 0,
 * no final xor (check value of {@code "123456789"}: {@code 0xe9c6d914c4b8d9ca}). Computed slice-by-8.
 *
 * <p>Use the static {@link #update(long, byte[], int, int)} on a running value, or an instance as an accumulator.
 */
public final class Crc64 {
    /** The Jones polynomial, bit-reversed for the reflected (LSB-first) algorithm. */
    private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);
    private static final long[][] TABLES = new long[8][256];

    static {
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
            }
            TABLES[0][i] = c;
        }
        for (int t = 1; t < 8; t++) {
            for (int i = 0; i < 256; i++) {
                long prev = TABLES[t - 1][i];
                TABLES[t][i] = (prev >>> 8) ^ TABLES[0][(int) (prev & 0xff)];
            }
        }
    }

    private long crc;

    /** The running value. */
    public long value() {
        return crc;
    }

    /** Resets the running value to 0. */
    public void reset() {
        crc = 0;
    }

    /** Adds bytes to the running value. */
    public void update(byte[] b, int off, int len) {
        crc = update(crc, b, off, len);
    }

    /** Adds one byte to the running value. */
    public void update(int b) {
        crc = TABLES[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    /** Redis's {@code crc64(crc, bytes, len)}. */
    public static long update(long crc, byte[] b, int off, int len) {
        long[] t0 = TABLES[0];
        long[] t1 = TABLES[1];
        long[] t2 = TABLES[2];
        long[] t3 = TABLES[3];
        long[] t4 = TABLES[4];
        long[] t5 = TABLES[5];
        long[] t6 = TABLES[6];
        long[] t7 = TABLES[7];
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            long x = crc
                    ^ ((b[i] & 0xffL)
                    | (b[i + 1] & 0xffL) << 8
                    | (b[i + 2] & 0xffL) << 16
                    | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32
                    | (b[i + 5] & 0xffL) << 40
                    | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56);
            crc = t7[(int) (x & 0xff)]
                    ^ t6[(int) ((x >>> 8) & 0xff)]
                    ^ t5[(int) ((x >>> 16) & 0xff)]
                    ^ t4[(int) ((x >>> 24) & 0xff)]
                    ^ t3[(int) ((x >>> 32) & 0xff)]
                    ^ t2[(int) ((x >>> 40) & 0xff)]
                    ^ t1[(int) ((x >>> 48) & 0xff)]
                    ^ t0[(int) (x >>> 56)];
            i += 8;
        }
        while (i < end) {
            crc = t0[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
            i++;
        }
        return crc;
    }

    /** The CRC-64 of a whole array. */
    public static long of(byte[] b) {
        return update(0, b, 0, b.length);
    }
}
