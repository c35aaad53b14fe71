package io.vigil.command;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vigil.cli.Node;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.FreePort;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code client-output-buffer-limit pubsub}: a subscriber that never reads while large messages are
 * published is disconnected once its pending output passes the hard limit, or stays past the soft limit
 * for longer than the soft seconds; the server and its other clients carry on. Each scenario also runs
 * against real Redis 7.0, to show it is the behaviour the limits have there.
 */
class PubSubOutputBufferTest {
    private static final int MB = 1024 * 1024;

    /** A subscriber that subscribes and then never reads: its socket's receive window stays small. */
    private static final class DeafSubscriber implements AutoCloseable {
        final Socket socket = new Socket();

        DeafSubscriber(String host, int port, String channel) {
            try {
                socket.setReceiveBufferSize(8192);
                socket.connect(new InetSocketAddress(host, port), 5000);
                socket.getOutputStream().write(Resp.encode("SUBSCRIBE".getBytes(), channel.getBytes()));
                socket.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads (and drops) everything the server sent; true when the server closed the connection. */
        boolean drainedToClose(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            byte[] buf = new byte[1 << 16];
            try {
                socket.setSoTimeout(200);
                InputStream in = socket.getInputStream();
                while (System.nanoTime() < deadline) {
                    try {
                        if (in.read(buf) < 0) {
                            return true;
                        }
                    } catch (SocketTimeoutException e) {
                        // keep draining until the deadline
                    }
                }
                return false;
            } catch (IOException e) {
                return true; // reset by peer
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static byte[] payload(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    /**
     * Publishes {@code size}-byte messages to {@code channel} until nobody receives them any more (the
     * subscriber was dropped) or {@code max} were sent; returns how many were sent.
     */
    private static int publishUntilDropped(Resp pub, String channel, int size, int max) {
        byte[] msg = payload(size);
        for (int i = 1; i <= max; i++) {
            Resp.Reply r = pub.send("PUBLISH".getBytes(), channel.getBytes(), msg);
            if (r.toString().equals(":0")) {
                return i;
            }
            assertThat(r.toString()).isEqualTo(":1");
        }
        return max;
    }

    private static long vigilDisconnections(EmbeddedVigil v) throws Exception {
        Engine e = v.node().engine();
        return v.node().server().onMain(() -> e.stats().clientOutputBufferLimitDisconnections);
    }

    @Test
    void hardLimitDropsASubscriberThatNeverReads() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(PubSub.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        try (EmbeddedVigil v = EmbeddedVigil.start()) {
            seen.start();
            log.addAppender(seen);
            try (DeafSubscriber deaf = new DeafSubscriber(v.host(), v.port(), "firehose");
                 Resp pub = v.connect();
                 Resp other = v.connect()) {
                other.send("SUBSCRIBE", "firehose");
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        pub.send("PUBSUB", "NUMSUB", "firehose").toString().equals("[\"firehose\", :2]"));
                other.send("UNSUBSCRIBE");

                // 32 MB hard limit by default: about 32 one-megabyte messages plus what the sockets hold.
                int sent = publishUntilDropped(pub, "firehose", MB, 120);
                assertThat(sent).as("messages published before the subscriber was dropped").isBetween(20, 119);
                assertThat(vigilDisconnections(v)).isEqualTo(1);
                assertThat(deaf.drainedToClose(Duration.ofSeconds(10))).isTrue();

                // The server is fine, and so are its other clients.
                assertThat(other.send("PING").toString()).isEqualTo("+PONG");
                assertThat(pub.send("PUBSUB", "NUMSUB", "firehose").toString()).isEqualTo("[\"firehose\", :0]");
                assertThat(pub.send("SET", "k", "v").toString()).isEqualTo("+OK");
                try (Resp fresh = v.connect()) {
                    assertThat(fresh.send("GET", "k").toString()).isEqualTo("\"v\"");
                }
            } finally {
                log.detachAppender(seen);
            }
            assertThat(seen.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .matches("Client id=\\d+ addr=127\\.0\\.0\\.1:\\d+ .* scheduled to be closed ASAP for "
                            + "overcoming of output buffer limits\\."));
        }
    }

    @Test
    void redisDropsTheSameSubscriber() {
        try (ServerProcess redis = ServerProcess.redis().start();
             DeafSubscriber deaf = new DeafSubscriber(redis.host(), redis.port(), "firehose");
             Resp pub = redis.connect()) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    pub.send("PUBSUB", "NUMSUB", "firehose").toString().equals("[\"firehose\", :1]"));
            int sent = publishUntilDropped(pub, "firehose", MB, 120);
            assertThat(sent).isBetween(20, 119);
            // (Redis 7.0 has no INFO counter for these disconnections; 7.2 added client_output_buffer_limit_disconnections.)
            assertThat(deaf.drainedToClose(Duration.ofSeconds(10))).isTrue();
            assertThat(redis.logText()).contains("scheduled to be closed ASAP for overcoming of output buffer limits.");
        }
    }

    @Test
    void softLimitDropsOnlyAfterTheSoftSeconds() throws Exception {
        Node v = Node.start("--port", Integer.toString(FreePort.find()), "--bind", "127.0.0.1", "--save", "",
                "--loglevel", "warning", "--client-output-buffer-limit", "pubsub", "0", "1mb", "1");
        try (ServerProcess redis = ServerProcess.redis().arg("client-output-buffer-limit", "pubsub", "0", "1mb", "1")
                .start()) {
            long vigilMillis = timeToSoftDrop("127.0.0.1", v.port());
            long redisMillis = timeToSoftDrop(redis.host(), redis.port());
            assertThat(v.server().onMain(() -> v.engine().stats().clientOutputBufferLimitDisconnections))
                    .isEqualTo(1);
            // Over the soft limit for more than 1 s (whole seconds, as Redis counts them): between 1 and 3 s.
            assertThat(redisMillis).isBetween(1000L, 3500L);
            assertThat(vigilMillis).isBetween(1000L, 3500L);
        } finally {
            v.stop();
        }
    }

    /**
     * Fills a deaf subscriber past the soft limit, then keeps publishing small messages (the limits are
     * checked when output is added) until it is dropped; returns the time from first going over to the drop.
     */
    private static long timeToSoftDrop(String host, int port) {
        try (DeafSubscriber deaf = new DeafSubscriber(host, port, "slow");
             Resp pub = new Resp(host, port)) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    pub.send("PUBSUB", "NUMSUB", "slow").toString().equals("[\"slow\", :1]"));
            // Well past 1 MB pending (the sockets absorb a few MB first), but under nothing hard.
            byte[] big = payload(MB);
            long over = System.nanoTime(); // the soft timer starts somewhere in this loop
            for (int i = 0; i < 12; i++) {
                assertThat(pub.send("PUBLISH".getBytes(), "slow".getBytes(), big).toString()).isEqualTo(":1");
            }
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                    pub.send("PUBLISH", "slow", "tick").toString().equals(":0"));
            long millis = (System.nanoTime() - over) / 1_000_000;
            assertThat(deaf.drainedToClose(Duration.ofSeconds(10))).isTrue();
            return millis;
        }
    }
}
