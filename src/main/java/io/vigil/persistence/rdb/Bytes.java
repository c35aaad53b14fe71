package io.vigil.persistence.rdb;

import io.vigil.util.Numbers;
import java.nio.charset.StandardCharsets;

/** Little helpers for byte layouts and canonical integers. */
final class Bytes {
    private Bytes() {
    }

    static int u16le(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static int u24le(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16;
    }

    static long u32le(byte[] b, int off) {
        return ((b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16
                | (b[off + 3] & 0xffL) << 24);
    }

    static long u32be(byte[] b, int off) {
        return ((b[off + 3] & 0xffL) | (b[off + 2] & 0xffL) << 8 | (b[off + 1] & 0xffL) << 16
                | (b[off] & 0xffL) << 24);
    }

    static long i64le(byte[] b, int off) {
        return u32le(b, off) | u32le(b, off + 4) << 32;
    }

    static void putU32le(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static void putI64le(byte[] b, int off, long v) {
        putU32le(b, off, v);
        putU32le(b, off + 4, v >>> 32);
    }

    /**
     * Whether {@code s} is an integer in Redis's canonical form (string2ll: optional '-', no leading zeros, no '+',
     * no spaces, fits in 64 bits), i.e. whether Redis would store it as an integer.
     */
    static boolean isCanonicalLong(byte[] s) {
        int len = s.length;
        if (len == 0 || len > 20) {
            return false;
        }
        int c = s[0];
        if (c != '-' && (c < '0' || c > '9')) {
            return false;
        }
        return Numbers.isLong(s);
    }

    /** The decimal text of {@code v}. */
    static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
