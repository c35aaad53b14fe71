package io.vigil.persistence.rdb;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Buffered input for {@link RdbReader}: tracks the offset, keeps the CRC-64 of the consumed bytes, never reads past
 * a known total length, and allocates for a claimed length only as far as the input can back it.
 */
final class RdbInput {
    /** Above this, a claimed length of unknown-length input is read in growing steps, not allocated at once. */
    private static final int DIRECT_ALLOCATION_LIMIT = 1 << 20;

    private final InputStream in;
    private final long limit;
    private final byte[] buf;
    private int pos;
    private int end;
    /** Stream offset of buf[0]. */
    private long base;
    private long crc;
    /** buf[crcMark, pos) is consumed but not yet in {@link #crc}. */
    private int crcMark;

    /**
     * @param limit total number of bytes the input holds, or -1 when unknown (then the reader may buffer bytes that
     *              follow the RDB data: see {@link #unread()})
     */
    RdbInput(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
        this.buf = new byte[limit >= 0 ? (int) Math.max(16, Math.min(limit, 64 * 1024)) : 64 * 1024];
    }

    /** Offset of the next byte. */
    long offset() {
        return base + pos;
    }

    /** Bytes left, or {@link Long#MAX_VALUE} when the total is unknown. */
    long remaining() {
        return limit < 0 ? Long.MAX_VALUE : limit - offset();
    }

    boolean lengthKnown() {
        return limit >= 0;
    }

    /** CRC-64 of every byte consumed so far. */
    long crc() {
        syncCrc();
        return crc;
    }

    /** Bytes read from the stream into the buffer but not consumed. */
    byte[] unread() {
        return Arrays.copyOfRange(buf, pos, end);
    }

    private void syncCrc() {
        if (pos > crcMark) {
            crc = Crc64.update(crc, buf, crcMark, pos - crcMark);
            crcMark = pos;
        }
    }

    int readByte() throws IOException {
        if (pos == end) {
            fill();
        }
        return buf[pos++] & 0xff;
    }

    /** Refills the (fully consumed) buffer with at least one byte, or fails at end of input. */
    private void fill() throws IOException {
        syncCrc();
        base += pos;
        pos = 0;
        end = 0;
        crcMark = 0;
        long want = limit < 0 ? buf.length : Math.min(buf.length, limit - base);
        if (want <= 0) {
            throw truncated();
        }
        int n = in.read(buf, 0, (int) want);
        if (n <= 0) {
            throw truncated();
        }
        end = n;
    }

    RdbFormatException truncated() {
        return new RdbFormatException("unexpected end of RDB data at offset " + offset());
    }

    void readFully(byte[] dst, int off, int len) throws IOException {
        int avail = end - pos;
        if (len <= avail) {
            System.arraycopy(buf, pos, dst, off, len);
            pos += len;
            return;
        }
        System.arraycopy(buf, pos, dst, off, avail);
        pos = end;
        off += avail;
        len -= avail;
        if (len < buf.length / 2) {
            while (len > 0) {
                fill();
                int n = Math.min(len, end - pos);
                System.arraycopy(buf, pos, dst, off, n);
                pos += n;
                off += n;
                len -= n;
            }
            return;
        }
        // Large read: straight into dst, bypassing the buffer.
        syncCrc();
        base += pos;
        pos = 0;
        end = 0;
        crcMark = 0;
        if (limit >= 0 && len > limit - base) {
            throw truncated();
        }
        int start = off;
        int total = len;
        while (len > 0) {
            int n = in.read(dst, off, len);
            if (n <= 0) {
                base += total - len;
                crc = Crc64.update(crc, dst, start, total - len);
                throw truncated();
            }
            off += n;
            len -= n;
        }
        crc = Crc64.update(crc, dst, start, total);
        base += total;
    }

    /**
     * Reads {@code n} bytes into a new array. Fails cleanly when {@code n} exceeds what the input holds; with
     * unknown-length input, memory grows only as data actually arrives.
     */
    byte[] readBytes(long n, String what) throws IOException {
        if (n < 0 || n > Integer.MAX_VALUE - 16) {
            throw new RdbFormatException(what + " length " + n + " is too large (offset " + offset() + ")");
        }
        if (n > remaining()) {
            throw new RdbFormatException(what + " length " + n + " exceeds the " + remaining()
                    + " bytes left (offset " + offset() + ")");
        }
        int len = (int) n;
        if (limit >= 0 || len <= DIRECT_ALLOCATION_LIMIT) {
            byte[] b = new byte[len];
            readFully(b, 0, len);
            return b;
        }
        byte[] b = new byte[DIRECT_ALLOCATION_LIMIT];
        int got = 0;
        while (got < len) {
            if (got == b.length) {
                b = Arrays.copyOf(b, (int) Math.min(len, 2L * b.length));
            }
            int step = Math.min(b.length - got, len - got);
            readFully(b, got, step);
            got += step;
        }
        return b;
    }

    long readLongLE() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) readByte() << (8 * i);
        }
        return v;
    }

    int readIntLE() throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= readByte() << (8 * i);
        }
        return v;
    }
}
