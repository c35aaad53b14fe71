package io.vigil.persistence.rdb;

import java.util.Arrays;
import java.util.List;

/**
 * Reads the zipmap format (small hashes of RDB 3 and earlier): {@code <count: 1 byte><entries><0xFF>}, each entry
 * {@code <len><key><len><free: 1 byte><value><free bytes>}, a len being one byte below 254 or 0xFE + u32 LE.
 */
final class Zipmap {
    private Zipmap() {
    }

    /** Checks a zipmap and appends its {field, value} pairs to {@code out}. */
    static void decode(byte[] zm, List<byte[][]> out) throws RdbFormatException {
        if (zm.length < 2) {
            throw new RdbFormatException("zipmap too short");
        }
        int declared = zm[0] & 0xff;
        int p = 1;
        int n = 0;
        while (true) {
            if (p >= zm.length) {
                throw new RdbFormatException("zipmap without end marker");
            }
            if ((zm[p] & 0xff) == 0xFF) {
                if (p != zm.length - 1) {
                    throw new RdbFormatException("data after the zipmap end marker");
                }
                break;
            }
            long[] lenOut = new long[1];
            p = length(zm, p, lenOut);
            byte[] key = slice(zm, p, lenOut[0]);
            p += key.length;
            p = length(zm, p, lenOut);
            if (p >= zm.length) {
                throw new RdbFormatException("zipmap entry runs past the end");
            }
            int free = zm[p] & 0xff;
            p++;
            byte[] value = slice(zm, p, lenOut[0]);
            p += value.length;
            if (free > zm.length - 1 - p) {
                throw new RdbFormatException("zipmap entry runs past the end");
            }
            p += free;
            out.add(new byte[][] {key, value});
            n++;
        }
        if (declared < 254 && declared != n) {
            throw new RdbFormatException("zipmap header says " + declared + " entries, found " + n);
        }
    }

    private static int length(byte[] zm, int p, long[] out) throws RdbFormatException {
        if (p >= zm.length - 1) {
            throw new RdbFormatException("zipmap entry runs past the end");
        }
        int b = zm[p] & 0xff;
        if (b < 254) {
            out[0] = b;
            return p + 1;
        }
        if (b == 254 && p + 5 < zm.length) {
            out[0] = Bytes.u32le(zm, p + 1);
            return p + 5;
        }
        throw new RdbFormatException("invalid zipmap length at " + p);
    }

    private static byte[] slice(byte[] zm, int p, long len) throws RdbFormatException {
        if (len > zm.length - 1 - p) {
            throw new RdbFormatException("zipmap entry runs past the end");
        }
        return Arrays.copyOfRange(zm, p, p + (int) len);
    }
}
