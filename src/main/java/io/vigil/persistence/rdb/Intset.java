package io.vigil.persistence.rdb;

/**
 * The intset format: {@code <encoding u32 LE: 2, 4 or 8><length u32 LE><values, LE, strictly ascending>}.
 */
final class Intset {
    private Intset() {
    }

    /** Checks an intset (size, encoding, strict order) and hands every value to {@code sink}; returns the count. */
    static int decode(byte[] is, ElementSink sink) throws RdbFormatException {
        if (is.length < 8) {
            throw new RdbFormatException("intset too short (" + is.length + " bytes)");
        }
        long enc = Bytes.u32le(is, 0);
        if (enc != 2 && enc != 4 && enc != 8) {
            throw new RdbFormatException("invalid intset encoding " + enc);
        }
        long count = Bytes.u32le(is, 4);
        if (count * enc + 8 != is.length) {
            throw new RdbFormatException("intset of " + count + " values of " + enc + " bytes cannot be "
                    + is.length + " bytes long");
        }
        long prev = 0;
        for (int i = 0; i < count; i++) {
            int off = 8 + i * (int) enc;
            long v = enc == 2 ? (short) Bytes.u16le(is, off) : enc == 4 ? (int) Bytes.u32le(is, off) : Bytes.i64le(is, off);
            if (i > 0 && v <= prev) {
                throw new RdbFormatException("intset values are not strictly ascending");
            }
            prev = v;
            sink.integer(v);
        }
        return (int) count;
    }

    /** An intset of {@code sorted} (strictly ascending) in the smallest encoding that holds all values. */
    static byte[] encode(long[] sorted) {
        int enc = 2;
        if (sorted.length > 0) {
            long min = sorted[0];
            long max = sorted[sorted.length - 1];
            if (min < Integer.MIN_VALUE || max > Integer.MAX_VALUE) {
                enc = 8;
            } else if (min < Short.MIN_VALUE || max > Short.MAX_VALUE) {
                enc = 4;
            }
        }
        byte[] out = new byte[8 + sorted.length * enc];
        Bytes.putU32le(out, 0, enc);
        Bytes.putU32le(out, 4, sorted.length);
        int p = 8;
        for (long v : sorted) {
            if (enc == 2) {
                out[p] = (byte) v;
                out[p + 1] = (byte) (v >>> 8);
            } else if (enc == 4) {
                Bytes.putU32le(out, p, v);
            } else {
                Bytes.putI64le(out, p, v);
            }
            p += enc;
        }
        return out;
    }
}
