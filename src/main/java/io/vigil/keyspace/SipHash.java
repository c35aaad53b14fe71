package io.vigil.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Keyed SipHash (Aumasson and Bernstein) over byte arrays, used to hash keys.
 *
 * <p>The keyspace uses SipHash-1-2 (one compression round per 8-byte block, two finalization
 * rounds), the variant Redis uses for its dictionaries: fast on short keys and, being keyed with a
 * random per-process secret, resistant to hash-flooding by clients. The 128-bit key is drawn from
 * {@link SecureRandom} when the class loads. Hashing allocates nothing.
 */
public final class SipHash {

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long K0;
    private static final long K1;

    static {
        SecureRandom r = new SecureRandom();
        K0 = r.nextLong();
        K1 = r.nextLong();
    }

    private SipHash() {
    }

    /**
     * SipHash-1-2 of {@code data} with the per-process key.
     *
     * @param data bytes to hash
     * @return the 64-bit hash
     */
    public static long hash(byte[] data) {
        return sip12(K0, K1, data, 0, data.length);
    }

    /**
     * SipHash-1-2 of {@code data[off, off+len)} with the per-process key.
     *
     * @param data bytes
     * @param off  start offset
     * @param len  number of bytes
     * @return the 64-bit hash
     */
    public static long hash(byte[] data, int off, int len) {
        return sip12(K0, K1, data, off, len);
    }

    /**
     * A 32-bit hash of {@code data} (the folded SipHash-1-2), as used by the hash tables.
     *
     * @param data bytes to hash
     * @return 32 well-mixed bits
     */
    public static int hash32(byte[] data) {
        long h = sip12(K0, K1, data, 0, data.length);
        return (int) (h ^ (h >>> 32));
    }

    /** SipHash-1-2 with an explicit key. */
    static long sip12(long k0, long k1, byte[] data, int off, int len) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int end = off + (len & ~7);
        for (int i = off; i < end; i += 8) {
            long m = (long) LONG_LE.get(data, i);
            v3 ^= m;
            // one SipRound
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        long b = lastBlock(data, end, len);
        v3 ^= b;
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= b;
        v2 ^= 0xff;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** Generic SipHash-c-d, used by tests to check the round function against published vectors. */
    static long sip(long k0, long k1, byte[] data, int off, int len, int c, int d) {
        long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL,
                    k0 ^ 0x6c7967656e657261L, k1 ^ 0x7465646279746573L};
        int end = off + (len & ~7);
        for (int i = off; i < end; i += 8) {
            long m = (long) LONG_LE.get(data, i);
            v[3] ^= m;
            for (int r = 0; r < c; r++) {
                round(v);
            }
            v[0] ^= m;
        }
        long b = lastBlock(data, end, len);
        v[3] ^= b;
        for (int r = 0; r < c; r++) {
            round(v);
        }
        v[0] ^= b;
        v[2] ^= 0xff;
        for (int r = 0; r < d; r++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void round(long[] v) {
        v[0] += v[1]; v[1] = Long.rotateLeft(v[1], 13); v[1] ^= v[0]; v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3]; v[3] = Long.rotateLeft(v[3], 16); v[3] ^= v[2];
        v[0] += v[3]; v[3] = Long.rotateLeft(v[3], 21); v[3] ^= v[0];
        v[2] += v[1]; v[1] = Long.rotateLeft(v[1], 17); v[1] ^= v[2]; v[2] = Long.rotateLeft(v[2], 32);
    }

    /** The final block: the remaining 0..7 bytes little-endian, with the length in the top byte. */
    private static long lastBlock(byte[] data, int from, int len) {
        long b = ((long) len) << 56;
        int rem = len & 7;
        for (int i = 0; i < rem; i++) {
            b |= (data[from + i] & 0xFFL) << (8 * i);
        }
        return b;
    }
}
