package io.vigil.persistence.rdb;

import com.ning.compress.lzf.ChunkDecoder;
import com.ning.compress.lzf.impl.VanillaChunkDecoder;
import com.ning.compress.lzf.impl.VanillaChunkEncoder;

/**
 * Raw LZF blocks (liblzf's format, without the "ZV" chunk headers of the compress-lzf stream format), as RDB
 * stores compressed strings. Uses compress-lzf's pure-Java ("vanilla") coder, which checks array bounds, so corrupt
 * input fails with an exception instead of reading outside the arrays.
 */
final class Lzf {
    private Lzf() {
    }

    /**
     * Longest output one input byte of a valid block can produce: a 3-byte back reference copies at most 264 bytes.
     */
    static final int MAX_EXPANSION = 88;

    /** An encoder reusing its hash table; not thread-safe. */
    static final class Encoder extends VanillaChunkEncoder {
        /** Reused output buffer for strings up to 1 MB. */
        private byte[] scratch = new byte[0];

        Encoder() {
            super(65535);
        }

        /**
         * Compresses {@code in[off, off+len)}.
         *
         * @param maxOut largest acceptable compressed size
         * @return the compressed bytes, or null when they would exceed {@code maxOut}
         */
        byte[] compress(byte[] in, int off, int len, int maxOut) {
            if (len < 4 || maxOut <= 0) {
                return null;
            }
            // The encoder does not check the output bound: give it room for the worst case (all literals).
            int need = len + (len >>> 5) + 16;
            byte[] out;
            if (need <= (1 << 20)) {
                if (scratch.length < need) {
                    scratch = new byte[Math.max(need, Math.min(1 << 20, 2 * scratch.length))];
                }
                out = scratch;
            } else {
                out = new byte[need];
            }
            int end = tryCompress(in, off, off + len, out, 0);
            if (end > maxOut) {
                return null;
            }
            return java.util.Arrays.copyOf(out, end);
        }
    }

    private static final ChunkDecoder DECODER = new VanillaChunkDecoder();

    /**
     * Decompresses a raw block that must produce exactly {@code ulen} bytes.
     *
     * @throws RdbFormatException when the block is corrupt
     */
    static byte[] decompress(byte[] in, int ulen) throws RdbFormatException {
        if ((long) ulen > (long) in.length * MAX_EXPANSION) {
            throw new RdbFormatException("invalid LZF string: " + in.length + " compressed bytes cannot hold "
                    + ulen + " bytes");
        }
        byte[] out = new byte[ulen];
        if (ulen == 0) {
            return out;
        }
        try {
            DECODER.decodeChunk(in, 0, out, 0, ulen);
        } catch (Exception e) {
            throw new RdbFormatException("invalid LZF compressed string (" + e + ")", e);
        }
        return out;
    }
}
