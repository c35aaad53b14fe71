package io.vigil.replication;

import io.netty.buffer.ByteBuf;

/**
 * The replication backlog: the last {@code size} bytes of the replication stream in a circular buffer, so
 * that a replica that lost its link can continue from its offset ({@code +CONTINUE}) instead of loading a
 * whole RDB again. Offsets are stream offsets as in PSYNC: the first byte ever written after creation has
 * offset {@link #firstByteOffset()} when the buffer has not wrapped.
 */
final class Backlog {
    private byte[] buf;
    /** Where the next byte goes in {@link #buf}. */
    private int idx;
    /** Bytes of history held (at most the buffer size). */
    private long histlen;
    /** Stream offset of the last byte written (the master_repl_offset the backlog has seen). */
    private long endOffset;

    /** A backlog of {@code size} bytes whose next byte has stream offset {@code endOffset + 1}. */
    Backlog(long size, long endOffset) {
        this.buf = new byte[(int) Math.min(Math.max(size, 16 * 1024), Integer.MAX_VALUE - 16)];
        this.endOffset = endOffset;
    }

    /** Capacity in bytes ({@code repl_backlog_size}). */
    long size() {
        return buf.length;
    }

    /** Bytes of history held ({@code repl_backlog_histlen}). */
    long histlen() {
        return histlen;
    }

    /** Stream offset of the oldest byte held ({@code repl_backlog_first_byte_offset}). */
    long firstByteOffset() {
        return endOffset - histlen + 1;
    }

    /** Appends stream bytes. */
    void append(byte[] data, int off, int len) {
        endOffset += len;
        if (len >= buf.length) {
            // Only the tail fits.
            System.arraycopy(data, off + len - buf.length, buf, 0, buf.length);
            idx = 0;
            histlen = buf.length;
            return;
        }
        int first = Math.min(len, buf.length - idx);
        System.arraycopy(data, off, buf, idx, first);
        System.arraycopy(data, off + first, buf, 0, len - first);
        idx = (idx + len) % buf.length;
        histlen = Math.min(buf.length, histlen + len);
    }

    /** Appends the readable bytes of {@code b} without consuming them. */
    void append(ByteBuf b) {
        int len = b.readableBytes();
        if (b.hasArray()) {
            append(b.array(), b.arrayOffset() + b.readerIndex(), len);
        } else {
            byte[] tmp = new byte[len];
            b.getBytes(b.readerIndex(), tmp);
            append(tmp, 0, len);
        }
    }

    /** Whether the history from stream offset {@code offset} (inclusive) to the end is held. */
    boolean covers(long offset) {
        return offset >= firstByteOffset() && offset <= endOffset + 1;
    }

    /** The bytes from stream offset {@code offset} to the end; {@link #covers} must hold. */
    byte[] from(long offset) {
        int len = (int) (endOffset + 1 - offset);
        byte[] out = new byte[len];
        int start = (int) ((idx - len + (long) buf.length * 2) % buf.length);
        int first = Math.min(len, buf.length - start);
        System.arraycopy(buf, start, out, 0, first);
        System.arraycopy(buf, 0, out, first, len - first);
        return out;
    }

    /** Changes the capacity (CONFIG SET repl-backlog-size), keeping as much recent history as fits. */
    void resize(long size) {
        int n = (int) Math.min(Math.max(size, 16 * 1024), Integer.MAX_VALUE - 16);
        if (n == buf.length) {
            return;
        }
        long keep = Math.min(histlen, n);
        byte[] tail = from(endOffset + 1 - keep);
        buf = new byte[n];
        idx = 0;
        histlen = 0;
        long end = endOffset;
        endOffset -= keep;
        append(tail, 0, tail.length);
        endOffset = end;
    }
}
