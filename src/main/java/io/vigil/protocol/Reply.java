package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * What a command answers, written in the connection's protocol version.
 *
 * <p>A command says <em>what</em> to reply ({@link #nullBulk()}, {@link #map(int)}, {@link #doubleValue(double)});
 * this class decides the bytes: RESP2 has no map, set, double, boolean or null types, so they degrade to
 * arrays, bulk strings and integers exactly as Redis 7.0 does. Replies accumulate in one buffer per
 * connection and are flushed once per read batch, which is what makes pipelining cheap.
 *
 * <p>Not thread-safe: used only by the thread that executes commands.
 */
public final class Reply {

    /** Told about every error reply (its first word, e.g. {@code ERR}, {@code WRONGTYPE}) for error stats. */
    public interface ErrorListener {
        /** An error whose code (first word) is {@code code} was sent. */
        void onError(String code);
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY2 = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_BULK = "$0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SHARED_INTS = 10000;
    private static final byte[][] INT_REPLIES = new byte[SHARED_INTS][];
    private static final int SHARED_HEADERS = 128;
    private static final byte[][] BULK_HEADERS = new byte[SHARED_HEADERS][];
    private static final byte[][] ARRAY_HEADERS = new byte[SHARED_HEADERS][];

    static {
        for (int i = 0; i < SHARED_INTS; i++) {
            INT_REPLIES[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        for (int i = 0; i < SHARED_HEADERS; i++) {
            BULK_HEADERS[i] = ("$" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            ARRAY_HEADERS[i] = ("*" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final ByteBufAllocator alloc;
    private ByteBuf buf;
    private int protocol = 2;
    private ErrorListener errorListener;
    private final byte[] digits = new byte[24];
    private long totalBytes;

    /** A reply writer allocating its buffers from {@code alloc}. */
    public Reply(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** The protocol version replies are written in: 2 or 3. */
    public int protocol() {
        return protocol;
    }

    /** Switches the protocol version (HELLO). */
    public void protocol(int version) {
        this.protocol = version;
    }

    /** Sets who is told about error replies. */
    public void errorListener(ErrorListener listener) {
        this.errorListener = listener;
    }

    /** Takes the bytes written so far (null if none); the caller writes them to the connection. */
    public ByteBuf take() {
        ByteBuf b = buf;
        buf = null;
        return b;
    }

    /** Bytes waiting to be taken. */
    public int pendingBytes() {
        return buf == null ? 0 : buf.readableBytes();
    }

    /** Capacity of the pending buffer (for CLIENT LIST's memory figures). */
    public int pendingCapacity() {
        return buf == null ? 0 : buf.capacity();
    }

    /** Bytes ever written through this writer. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Drops what was written after {@code mark} bytes were pending (CLIENT REPLY OFF/SKIP). */
    public void truncate(int mark) {
        if (buf != null && buf.readableBytes() > mark) {
            totalBytes -= buf.readableBytes() - mark;
            buf.writerIndex(buf.readerIndex() + mark);
        }
    }

    /** Drops whatever is pending (a connection that is going away). */
    public void discard() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }

    private ByteBuf out() {
        if (buf == null) {
            buf = alloc.ioBuffer(256);
        }
        return buf;
    }

    private void raw(byte[] bytes) {
        out().writeBytes(bytes);
        totalBytes += bytes.length;
    }

    /** Writes pre-encoded RESP bytes unchanged (e.g. a cached reply). */
    public void rawBytes(byte[] bytes) {
        raw(bytes);
    }

    /** Writes pre-encoded RESP bytes unchanged. */
    public void rawBytes(ByteBuf bytes) {
        totalBytes += bytes.readableBytes();
        out().writeBytes(bytes);
    }

    private void prefixed(byte type, long v) {
        ByteBuf b = out();
        int start = b.writerIndex();
        b.writeByte(type);
        writeLong(b, v);
        b.writeBytes(CRLF);
        totalBytes += b.writerIndex() - start;
    }

    private void writeLong(ByteBuf b, long v) {
        if (v == Long.MIN_VALUE) {
            b.writeBytes("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (v < 0) {
            b.writeByte('-');
            v = -v;
        }
        int pos = digits.length;
        do {
            digits[--pos] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        b.writeBytes(digits, pos, digits.length - pos);
    }

    /** {@code +OK}. */
    public void ok() {
        raw(OK);
    }

    /** A simple status reply such as {@code +PONG}; {@code text} must not contain CR or LF. */
    public void simple(String text) {
        ByteBuf b = out();
        int start = b.writerIndex();
        b.writeByte('+');
        b.writeCharSequence(text, StandardCharsets.UTF_8);
        b.writeBytes(CRLF);
        totalBytes += b.writerIndex() - start;
    }

    /**
     * An error reply. {@code text} starts with its code ({@code "ERR syntax error"},
     * {@code "WRONGTYPE Operation..."}); a text without an upper-case code gets {@code ERR } in front, and
     * newlines become spaces, as Redis does.
     */
    public void error(String text) {
        String t = text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0
                ? text.replace('\r', ' ').replace('\n', ' ') : text;
        String code = errorCode(t);
        if (code == null) {
            t = "ERR " + t;
            code = "ERR";
        }
        ByteBuf b = out();
        int start = b.writerIndex();
        b.writeByte('-');
        b.writeCharSequence(t, StandardCharsets.UTF_8);
        b.writeBytes(CRLF);
        totalBytes += b.writerIndex() - start;
        if (errorListener != null) {
            errorListener.onError(code);
        }
    }

    /** The error code (first word, all upper-case letters) of an error text, or null if it has none. */
    static String errorCode(String text) {
        int sp = text.indexOf(' ');
        int end = sp < 0 ? text.length() : sp;
        if (end == 0) {
            return null;
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_' && c != '-') {
                return null;
            }
        }
        return text.substring(0, end);
    }

    /** An integer reply. */
    public void integer(long v) {
        if (v >= 0 && v < SHARED_INTS) {
            raw(INT_REPLIES[(int) v]);
        } else {
            prefixed((byte) ':', v);
        }
    }

    /** A bulk string. */
    public void bulk(byte[] v) {
        if (v.length == 0) {
            raw(EMPTY_BULK);
            return;
        }
        ByteBuf b = out();
        int start = b.writerIndex();
        if (v.length < SHARED_HEADERS) {
            b.writeBytes(BULK_HEADERS[v.length]);
        } else {
            b.writeByte('$');
            writeLong(b, v.length);
            b.writeBytes(CRLF);
        }
        b.writeBytes(v);
        b.writeBytes(CRLF);
        totalBytes += b.writerIndex() - start;
    }

    /** A bulk string of part of an array. */
    public void bulk(byte[] v, int offset, int length) {
        ByteBuf b = out();
        int start = b.writerIndex();
        b.writeByte('$');
        writeLong(b, length);
        b.writeBytes(CRLF);
        b.writeBytes(v, offset, length);
        b.writeBytes(CRLF);
        totalBytes += b.writerIndex() - start;
    }

    /** A bulk string holding {@code s} in UTF-8. */
    public void bulk(String s) {
        bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal digits of {@code v}. */
    public void bulkLong(long v) {
        bulk(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
    }

    /** A bulk string, or the null bulk if {@code v} is null. */
    public void bulkOrNull(byte[] v) {
        if (v == null) {
            nullBulk();
        } else {
            bulk(v);
        }
    }

    /** The null of a missing value: {@code $-1} in RESP2, {@code _} in RESP3. */
    public void nullBulk() {
        raw(protocol == 3 ? NULL3 : NULL_BULK2);
    }

    /** The null of a missing array: {@code *-1} in RESP2, {@code _} in RESP3. */
    public void nullArray() {
        raw(protocol == 3 ? NULL3 : NULL_ARRAY2);
    }

    /** An array header announcing {@code n} elements. */
    public void array(int n) {
        if (n == 0) {
            raw(EMPTY_ARRAY);
        } else if (n < SHARED_HEADERS) {
            raw(ARRAY_HEADERS[n]);
        } else {
            prefixed((byte) '*', n);
        }
    }

    /** A map header of {@code n} pairs: {@code %n} in RESP3, an array of 2n in RESP2. */
    public void map(int n) {
        if (protocol == 3) {
            prefixed((byte) '%', n);
        } else {
            array(n * 2);
        }
    }

    /** A set header: {@code ~n} in RESP3, an array in RESP2. */
    public void set(int n) {
        if (protocol == 3) {
            prefixed((byte) '~', n);
        } else {
            array(n);
        }
    }

    /** A push header (pub/sub messages): {@code >n} in RESP3, an array in RESP2. */
    public void push(int n) {
        if (protocol == 3) {
            prefixed((byte) '>', n);
        } else {
            array(n);
        }
    }

    /**
     * A double: {@code ,<d>} in RESP3, a bulk string in RESP2, formatted as Redis 7.0 does
     * ({@code %.17g}, {@code inf}, {@code -inf}).
     */
    public void doubleValue(double d) {
        String s = io.vigil.util.Numbers.formatDouble(d);
        if (protocol == 3) {
            ByteBuf b = out();
            int start = b.writerIndex();
            b.writeByte(',');
            b.writeCharSequence(s, StandardCharsets.US_ASCII);
            b.writeBytes(CRLF);
            totalBytes += b.writerIndex() - start;
        } else {
            bulk(s.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A boolean: {@code #t}/{@code #f} in RESP3, {@code :1}/{@code :0} in RESP2. */
    public void bool(boolean v) {
        if (protocol == 3) {
            simpleRaw(v ? "#t\r\n" : "#f\r\n");
        } else {
            integer(v ? 1 : 0);
        }
    }

    /** A verbatim string ({@code =len\r\ntxt:...}) in RESP3, a bulk string in RESP2. */
    public void verbatim(String text, String format) {
        if (protocol == 3) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            ByteBuf b = out();
            int start = b.writerIndex();
            b.writeByte('=');
            writeLong(b, body.length + 4);
            b.writeBytes(CRLF);
            b.writeCharSequence(format, StandardCharsets.US_ASCII);
            b.writeByte(':');
            b.writeBytes(body);
            b.writeBytes(CRLF);
            totalBytes += b.writerIndex() - start;
        } else {
            bulk(text);
        }
    }

    private void simpleRaw(String s) {
        ByteBuf b = out();
        int start = b.writerIndex();
        b.writeCharSequence(s, StandardCharsets.US_ASCII);
        totalBytes += b.writerIndex() - start;
    }
}
