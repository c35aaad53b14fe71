package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes what a client sends into commands: each is a {@code byte[][]} argument vector.
 *
 * <p>A small state machine over the cumulated input. A frame starting with {@code *} is a multibulk request
 * ({@code *<argc>\r\n} then {@code argc} times {@code $<len>\r\n<bytes>\r\n}); anything else is an inline
 * command, one line split with Redis's quoting rules. When input runs short the decoder returns and picks
 * up where it stopped on the next read, so arguments split across TCP segments cost nothing extra.
 *
 * <p>Malformed input yields one {@link ProtocolError} (after any commands decoded before it) and the
 * decoder then discards everything; a pending query over {@code client-query-buffer-limit} yields
 * {@link QueryLimitExceeded}. The texts are Redis 7.0's.
 */
public final class RespDecoder extends ByteToMessageDecoder {

    /** The limits and connection state the decoder consults; read on every frame so CONFIG SET applies at once. */
    public interface Limits {
        /** {@code proto-max-bulk-len}: the largest bulk argument accepted. */
        long protoMaxBulkLen();

        /** {@code client-query-buffer-limit}: the most bytes one pending query may hold. */
        long queryBufferLimit();

        /** Whether the connection still has to authenticate (then only tiny frames are accepted). */
        boolean authRequired();

        /** Whether the peer is our master (a replication link), which Redis exempts from the bulk limit. */
        default boolean isMasterLink() {
            return false;
        }
    }

    /** Longest inline command or {@code *}/{@code $} header line Redis accepts before a newline. */
    static final int INLINE_MAX_SIZE = 64 * 1024;

    private enum State {
        /** Waiting for the first byte of a request: {@code *} or an inline line. */
        START,
        /** Inside a multibulk request, waiting for a {@code $<len>\r\n} header. */
        BULK_HEADER,
        /** Inside a multibulk request, waiting for {@code len} bytes plus CRLF. */
        BULK_BODY,
        /** A protocol error was reported: everything else is discarded. */
        FAILED
    }

    private final Limits limits;
    private State state = State.START;
    private byte[][] argv;
    private int argc;
    private int argIndex;
    private int bulkLen;
    private long pendingBytes;

    /** A decoder consulting {@code limits}. */
    public RespDecoder(Limits limits) {
        this.limits = limits;
    }

    private long bytesRead;

    /** Bytes received on this connection so far. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Bytes received but not yet decoded into a command. */
    public int pendingBytes() {
        ByteBuf c = internalBuffer();
        return c == null ? 0 : c.readableBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf b) {
            bytesRead += b.readableBytes();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case START -> {
                    if (in.getByte(in.readerIndex()) == '*') {
                        if (!readMultibulkCount(in, out)) {
                            return;
                        }
                    } else if (!readInline(in, out)) {
                        return;
                    }
                }
                case BULK_HEADER -> {
                    if (!readBulkHeader(in, out)) {
                        return;
                    }
                }
                case BULK_BODY -> {
                    if (in.readableBytes() < bulkLen + 2) {
                        checkQueryLimit(in, out);
                        return;
                    }
                    byte[] arg;
                    if (argIndex == 0 && sameAsLastName(in, bulkLen)) {
                        arg = lastName; // no allocation for a repeated command name (pipelines, benchmarks)
                        in.skipBytes(bulkLen);
                    } else {
                        arg = new byte[bulkLen];
                        in.readBytes(arg);
                        if (argIndex == 0 && bulkLen <= MAX_NAME) {
                            lastName = arg;
                        }
                    }
                    in.skipBytes(2);
                    pendingBytes += bulkLen;
                    if (argIndex == argv.length) {
                        argv = java.util.Arrays.copyOf(argv, (int) Math.min(argc, argv.length * 2L));
                    }
                    argv[argIndex++] = arg;
                    if (argIndex == argc) {
                        out.add(argv);
                        reset();
                    } else {
                        state = State.BULK_HEADER;
                    }
                }
                case FAILED -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** Longest command name remembered for reuse. */
    private static final int MAX_NAME = 32;
    /**
     * The previous command's name (argv[0]), handed out again when the next command has the same bytes.
     * Argument arrays are never modified once decoded (commands that rewrite their arguments build new
     * arrays), so one array can be shared by several commands.
     */
    private byte[] lastName;

    private boolean sameAsLastName(ByteBuf in, int len) {
        byte[] last = lastName;
        if (last == null || last.length != len) {
            return false;
        }
        int at = in.readerIndex();
        for (int i = 0; i < len; i++) {
            if (in.getByte(at + i) != last[i]) {
                return false;
            }
        }
        return true;
    }

    private void reset() {
        state = State.START;
        argv = null;
        argc = 0;
        argIndex = 0;
        pendingBytes = 0;
    }

    private void fail(ByteBuf in, List<Object> out, String reason) {
        out.add(new ProtocolError(reason));
        state = State.FAILED;
        argv = null;
        in.skipBytes(in.readableBytes());
    }

    private void checkQueryLimit(ByteBuf in, List<Object> out) {
        long pending = pendingBytes + in.readableBytes();
        if (pending > limits.queryBufferLimit()) {
            out.add(new QueryLimitExceeded(pending));
            state = State.FAILED;
            argv = null;
            in.skipBytes(in.readableBytes());
        }
    }

    /** Index of the CR ending a header line that starts at the reader index, or -1 if not complete yet. */
    private static int headerEnd(ByteBuf in) {
        int start = in.readerIndex();
        int cr = in.indexOf(start, in.writerIndex(), (byte) '\r');
        if (cr < 0 || cr + 1 >= in.writerIndex()) {
            return -1;
        }
        return cr;
    }

    private boolean readMultibulkCount(ByteBuf in, List<Object> out) {
        int cr = headerEnd(in);
        if (cr < 0) {
            if (in.readableBytes() > INLINE_MAX_SIZE) {
                fail(in, out, "too big mbulk count string");
            }
            return false;
        }
        long count = parseLong(in, in.readerIndex() + 1, cr);
        if (count == Long.MIN_VALUE || count > Integer.MAX_VALUE) {
            fail(in, out, "invalid multibulk length");
            return false;
        }
        if (count > 10 && limits.authRequired()) {
            fail(in, out, "unauthenticated multibulk length");
            return false;
        }
        in.readerIndex(cr + 2);
        if (count <= 0) {
            return true; // an empty request: nothing to run
        }
        argc = (int) count;
        argv = new byte[Math.min(argc, 1024)][]; // a huge declared count costs nothing until the arguments arrive
        argIndex = 0;
        state = State.BULK_HEADER;
        return true;
    }

    private boolean readBulkHeader(ByteBuf in, List<Object> out) {
        int cr = headerEnd(in);
        if (cr < 0) {
            if (in.readableBytes() > INLINE_MAX_SIZE) {
                fail(in, out, "too big bulk count string");
            } else {
                checkQueryLimit(in, out);
            }
            return false;
        }
        byte first = in.getByte(in.readerIndex());
        if (first != '$') {
            fail(in, out, "expected '$', got '" + sanitize(first) + "'");
            return false;
        }
        long len = parseLong(in, in.readerIndex() + 1, cr);
        if (len == Long.MIN_VALUE || len < 0 || (!limits.isMasterLink() && len > limits.protoMaxBulkLen())
                || len > Integer.MAX_VALUE - 16) {
            fail(in, out, "invalid bulk length");
            return false;
        }
        if (len > 16384 && limits.authRequired()) {
            fail(in, out, "unauthenticated bulk length");
            return false;
        }
        in.readerIndex(cr + 2);
        bulkLen = (int) len;
        state = State.BULK_BODY;
        return true;
    }

    private boolean readInline(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int nl = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > INLINE_MAX_SIZE) {
                fail(in, out, "too big inline request");
            }
            return false;
        }
        int end = nl;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(nl + 1);
        java.util.List<String> words = io.vigil.util.RedisArgs.split(new String(line, StandardCharsets.ISO_8859_1));
        if (words == null) {
            fail(in, out, "unbalanced quotes in request");
            return false;
        }
        if (!words.isEmpty()) {
            byte[][] args = new byte[words.size()][];
            for (int i = 0; i < args.length; i++) {
                args[i] = words.get(i).getBytes(StandardCharsets.ISO_8859_1);
            }
            out.add(args);
        }
        return true;
    }

    private static String sanitize(byte b) {
        char c = (char) (b & 0xff);
        return (c == '\r' || c == '\n') ? " " : String.valueOf(c);
    }

    /**
     * Parses a decimal integer the way Redis's string2ll does (optional minus, no plus, no leading zeros,
     * no spaces). Returns {@link Long#MIN_VALUE} when the text is not such a number.
     */
    static long parseLong(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return Long.MIN_VALUE;
        }
        int i = from;
        boolean negative = false;
        if (in.getByte(i) == '-') {
            negative = true;
            i++;
            if (i == to) {
                return Long.MIN_VALUE;
            }
        }
        byte d0 = in.getByte(i);
        if (d0 == '0') {
            return (i + 1 == to && !negative) ? 0 : Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < to; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                return Long.MIN_VALUE;
            }
            int d = b - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }
}
