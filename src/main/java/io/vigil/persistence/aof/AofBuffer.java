package io.vigil.persistence.aof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * A growable byte buffer of RESP multibulk commands ({@code *<argc>\r\n$<len>\r\n<arg>\r\n...}), the form
 * the AOF stores commands in. Not thread-safe.
 */
final class AofBuffer {
    private static final byte[] CRLF = {'\r', '\n'};
    private byte[] buf;
    private int len;

    AofBuffer(int capacity) {
        buf = new byte[capacity];
    }

    /** Appends one command. */
    void command(byte[][] argv) {
        int need = 16;
        for (byte[] a : argv) {
            need += a.length + 16;
        }
        ensure(need);
        buf[len++] = '*';
        number(argv.length);
        for (byte[] a : argv) {
            buf[len++] = '$';
            number(a.length);
            System.arraycopy(a, 0, buf, len, a.length);
            len += a.length;
            buf[len++] = '\r';
            buf[len++] = '\n';
        }
    }

    /** Appends raw bytes (an annotation line). */
    void raw(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** Writes {@code n} then CRLF. */
    private void number(long n) {
        if (n >= 0 && n < 10) {
            buf[len++] = (byte) ('0' + n);
        } else {
            byte[] d = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(d, 0, buf, len, d.length);
            len += d.length;
        }
        buf[len++] = CRLF[0];
        buf[len++] = CRLF[1];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            byte[] n = new byte[Math.max(buf.length * 2, len + extra)];
            System.arraycopy(buf, 0, n, 0, len);
            buf = n;
        }
    }

    /** Bytes pending. */
    int length() {
        return len;
    }

    /** Drops everything pending. */
    void clear() {
        len = 0;
    }

    boolean isEmpty() {
        return len == 0;
    }

    /**
     * Writes everything to {@code ch}, returning the bytes written; on an error the bytes written so far are
     * dropped from the buffer and the rest stays, so a retry continues where the write stopped.
     */
    long writeTo(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        long written = 0;
        try {
            while (b.hasRemaining()) {
                written += ch.write(b);
            }
        } finally {
            consume((int) written);
        }
        return written;
    }

    /** Writes everything to {@code out} and empties the buffer. */
    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
        len = 0;
    }

    private void consume(int n) {
        if (n >= len) {
            len = 0;
            if (buf.length > 4 << 20) {
                buf = new byte[64 << 10]; // don't keep a huge buffer after a burst (Redis frees it too)
            }
        } else if (n > 0) {
            System.arraycopy(buf, n, buf, 0, len - n);
            len -= n;
        }
    }
}
