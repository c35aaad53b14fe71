package io.vigil.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The decoder fed whole, fragmented and malformed input through an EmbeddedChannel. */
class RespDecoderTest {

    private static final class TestLimits implements RespDecoder.Limits {
        long maxBulk = 512L * 1024 * 1024;
        long queryLimit = 1024L * 1024 * 1024;
        boolean authRequired;

        @Override
        public long protoMaxBulkLen() {
            return maxBulk;
        }

        @Override
        public long queryBufferLimit() {
            return queryLimit;
        }

        @Override
        public boolean authRequired() {
            return authRequired;
        }
    }

    private final TestLimits limits = new TestLimits();
    private final EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder(limits));

    private List<Object> feed(String... chunks) {
        for (String c : chunks) {
            ch.writeInbound(Unpooled.copiedBuffer(c, StandardCharsets.ISO_8859_1));
        }
        List<Object> out = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            out.add(m);
        }
        return out;
    }

    private static List<String> args(Object m) {
        List<String> out = new ArrayList<>();
        for (byte[] a : (byte[][]) m) {
            out.add(new String(a, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void decodesPipelinedMultibulkCommands() {
        List<Object> out = feed("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
        assertThat(out).hasSize(2);
        assertThat(args(out.get(0))).containsExactly("GET", "k");
        assertThat(args(out.get(1))).containsExactly("SET", "k", "");
    }

    @Test
    void decodesByteByByte() {
        String frame = "*2\r\n$4\r\nECHO\r\n$5\r\nhe\r\no\r\n";
        List<Object> out = new ArrayList<>();
        for (char c : frame.toCharArray()) {
            out.addAll(feed(String.valueOf(c)));
        }
        assertThat(out).hasSize(1);
        assertThat(args(out.get(0))).containsExactly("ECHO", "he\r\no");
    }

    @Test
    void decodesInlineCommandsWithQuotes() {
        List<Object> out = feed("SET k \"a b\\x41\\n\" 'it\\'s'\r\nPING\n\r\n");
        assertThat(out).hasSize(2);
        assertThat(args(out.get(0))).containsExactly("SET", "k", "a bA\n", "it's");
        assertThat(args(out.get(1))).containsExactly("PING");
    }

    @Test
    void emptyMultibulkIsIgnored() {
        assertThat(feed("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n")).hasSize(1);
    }

    @Test
    void unbalancedQuotesIsAProtocolError() {
        assertThat(feed("SET k \"abc\r\n")).containsExactly(new ProtocolError("unbalanced quotes in request"));
    }

    @Test
    void expectedDollar() {
        assertThat(feed("*1\r\n:3\r\n")).containsExactly(new ProtocolError("expected '$', got ':'"));
    }

    @Test
    void invalidLengths() {
        assertThat(feed("*x\r\n")).containsExactly(new ProtocolError("invalid multibulk length"));
        EmbeddedChannel c2 = new EmbeddedChannel(new RespDecoder(limits));
        c2.writeInbound(Unpooled.copiedBuffer("*1\r\n$-5\r\n", StandardCharsets.US_ASCII));
        assertThat((Object) c2.readInbound()).isEqualTo(new ProtocolError("invalid bulk length"));
    }

    @Test
    void bulkOverProtoMaxBulkLenIsRefused() {
        limits.maxBulk = 10;
        assertThat(feed("*1\r\n$11\r\n")).containsExactly(new ProtocolError("invalid bulk length"));
    }

    @Test
    void unauthenticatedClientsMaySendOnlySmallFrames() {
        limits.authRequired = true;
        assertThat(feed("*11\r\n")).containsExactly(new ProtocolError("unauthenticated multibulk length"));
        EmbeddedChannel c2 = new EmbeddedChannel(new RespDecoder(limits));
        c2.writeInbound(Unpooled.copiedBuffer("*1\r\n$16385\r\n", StandardCharsets.US_ASCII));
        assertThat((Object) c2.readInbound()).isEqualTo(new ProtocolError("unauthenticated bulk length"));
    }

    @Test
    void commandsBeforeAnErrorStillRunAndNothingAfter() {
        List<Object> out = feed("PING\r\n*1\r\n!bad\r\n*1\r\n$4\r\nPING\r\n");
        assertThat(out).hasSize(2);
        assertThat(args(out.get(0))).containsExactly("PING");
        assertThat(out.get(1)).isEqualTo(new ProtocolError("expected '$', got '!'"));
    }

    @Test
    void tooBigInlineRequest() {
        String big = "x".repeat(RespDecoder.INLINE_MAX_SIZE + 1);
        assertThat(feed(big)).containsExactly(new ProtocolError("too big inline request"));
    }

    @Test
    void tooBigHeaders() {
        String big = "*" + "1".repeat(RespDecoder.INLINE_MAX_SIZE + 1);
        assertThat(feed(big)).containsExactly(new ProtocolError("too big mbulk count string"));
    }

    @Test
    void queryBufferLimitClosesWithoutParsing() {
        limits.queryLimit = 100;
        List<Object> out = feed("*1\r\n$1000\r\n" + "a".repeat(200));
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isInstanceOf(QueryLimitExceeded.class);
    }

    @Test
    void hugeDeclaredArgumentCountDoesNotAllocateUpFront() {
        List<Object> out = feed("*2000000000\r\n$4\r\nPING\r\n");
        assertThat(out).isEmpty(); // waiting for the rest, and still alive
    }

    @Test
    void aRepeatedCommandNameIsDecodedOnceAndNamesOfTheSameLengthStayApart() {
        List<Object> out = feed("*2\r\n$4\r\nINCR\r\n$1\r\na\r\n*2\r\n$4\r\nINCR\r\n$1\r\nb\r\n",
                "*2\r\n$4\r\nDECR\r\n$4\r\nINCR\r\n", "*2\r\n$4\r\nINCR\r\n$1\r\nc\r\n");
        assertThat(out).hasSize(4);
        assertThat(args(out.get(0))).containsExactly("INCR", "a");
        assertThat(args(out.get(1))).containsExactly("INCR", "b");
        assertThat(args(out.get(2))).containsExactly("DECR", "INCR");
        assertThat(args(out.get(3))).containsExactly("INCR", "c");
        assertThat(((byte[][]) out.get(1))[0]).isSameAs(((byte[][]) out.get(0))[0]);
        assertThat(((byte[][]) out.get(3))[0]).isNotSameAs(((byte[][]) out.get(0))[0]);
    }
}
