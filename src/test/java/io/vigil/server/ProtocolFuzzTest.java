package io.vigil.server;

import io.vigil.cli.Node;
import io.vigil.testing.FreePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws random and mutated RESP frames at a running server, each on its own connection, and checks that
 * the server still answers PING and that a bystander client's data is intact. Bounded in count and time.
 */
class ProtocolFuzzTest {
    private static Node node;
    private static int port;

    @BeforeAll
    static void start() {
        port = FreePort.find();
        node = Node.start("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--loglevel", "warning", "--proto-max-bulk-len", "1mb", "--client-query-buffer-limit", "2mb");
    }

    @AfterAll
    static void stop() {
        node.stop();
    }

    private static final String[] SEEDS = {
        "*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$3\r\nbar\r\n",
        "*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n",
        "PING\r\n",
        "SET \"a b\" 'c d'\r\n",
        "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n",
        "*4\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\nb\r\n",
        "*2\r\n$6\r\nSELECT\r\n$2\r\n99\r\n",
        "*3\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n",
    };

    private static byte[] mutate(Random rnd) {
        byte[] seed = SEEDS[rnd.nextInt(SEEDS.length)].getBytes(StandardCharsets.ISO_8859_1);
        List<Byte> b = new ArrayList<>();
        for (byte x : seed) {
            b.add(x);
        }
        int ops = 1 + rnd.nextInt(6);
        for (int i = 0; i < ops; i++) {
            int kind = rnd.nextInt(7);
            int pos = b.isEmpty() ? 0 : rnd.nextInt(b.size());
            switch (kind) {
                case 0 -> { if (!b.isEmpty()) { b.set(pos, (byte) rnd.nextInt(256)); } }
                case 1 -> { if (!b.isEmpty()) { b.remove(pos); } }
                case 2 -> b.add(pos, (byte) rnd.nextInt(256));
                case 3 -> { for (byte x : ("$" + (rnd.nextBoolean() ? "-" : "") + rnd.nextInt(Integer.MAX_VALUE) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII)) { b.add(pos++, x); } }
                case 4 -> { for (byte x : ("*" + (rnd.nextLong() >>> rnd.nextInt(64)) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII)) { b.add(pos++, x); } }
                case 5 -> { while (b.size() > pos) { b.remove(b.size() - 1); } }
                default -> { for (int k = 0; k < rnd.nextInt(40); k++) { b.add((byte) rnd.nextInt(256)); } }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static void throwAt(byte[] frame) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(50);
            OutputStream out = s.getOutputStream();
            out.write(frame);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                while (in.read(buf) >= 0) {
                    // drain whatever the server answers until it goes quiet or closes
                }
            } catch (SocketTimeoutException quiet) {
                // the server is waiting for the rest of a frame: fine
            }
        } catch (IOException reset) {
            // a reset after a protocol error is acceptable
        }
    }

    @Test
    void randomAndMutatedFramesNeverHurtTheServerOrOtherClients() throws IOException {
        try (Jedis bystander = new Jedis("127.0.0.1", port)) {
            for (int i = 0; i < 200; i++) {
                bystander.set("bystander:" + i, "value-" + i);
            }
            Random rnd = new Random(20261125L);
            long deadline = System.nanoTime() + 20_000_000_000L;
            int sent = 0;
            for (; sent < 1500 && System.nanoTime() < deadline; sent++) {
                byte[] frame = rnd.nextInt(10) == 0 ? randomBytes(rnd) : mutate(rnd);
                throwAt(frame);
                if (sent % 100 == 0) {
                    assertThat(bystander.ping()).isEqualTo("PONG");
                }
            }
            assertThat(sent).isGreaterThan(100);
            try (Jedis fresh = new Jedis("127.0.0.1", port)) {
                assertThat(fresh.ping()).isEqualTo("PONG");
            }
            for (int i = 0; i < 200; i++) {
                assertThat(bystander.get("bystander:" + i)).isEqualTo("value-" + i);
            }
        }
    }

    private static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[1 + rnd.nextInt(300)];
        rnd.nextBytes(b);
        return b;
    }

    @Test
    void protocolErrorsGetRedisTextThenTheConnectionCloses() throws IOException {
        assertThat(exchange("*1\r\n$x\r\n")).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        assertThat(exchange("*1\r\n:1\r\n")).isEqualTo("-ERR Protocol error: expected '$', got ':'\r\n");
        assertThat(exchange("*1\r\n$2000000\r\n")).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        assertThat(exchange("PING\r\nSET \"x\r\n")).isEqualTo("+PONG\r\n-ERR Protocol error: unbalanced quotes in request\r\n");
    }

    private static String exchange(String raw) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
