package io.vigil.server;

import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** unixsocket/unixsocketperm, maxclients and timeout, as redis-server applies them. */
class NetworkOptionsTest {

    private static String unixExchange(Path socket, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1024);
            while (buf.position() == 0 || buf.get(buf.position() - 1) != '\n') {
                if (ch.read(buf) < 0) {
                    break;
                }
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void servesAUnixSocketWithTheConfiguredPermissions(@TempDir Path dir) throws IOException {
        Path sock = dir.resolve("vigil.sock");
        try (EmbeddedVigil v = EmbeddedVigil.start("unixsocket", sock.toString(), "unixsocketperm", "700")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rwx------");
            assertThat(unixExchange(sock, "PING\r\n")).isEqualTo("+PONG\r\n");
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void maxclientsRefusesTheExtraClientWithRedisText() {
        try (ServerProcess redis = ServerProcess.redis().arg("maxclients", "2").start();
             EmbeddedVigil vigil = EmbeddedVigil.start("maxclients", "2")) {
            assertThat(overflow(new Resp(vigil.host(), vigil.port()), vigil.host(), vigil.port()))
                    .isEqualTo(overflow(Resp.connect(redis), redis.host(), redis.port()))
                    .isEqualTo("-ERR max number of clients reached");
        }
    }

    private static String overflow(Resp first, String host, int port) {
        List<Resp> open = new ArrayList<>();
        open.add(first);
        try {
            first.send("PING");
            Resp second = new Resp(host, port);
            open.add(second);
            second.send("PING");
            Resp third = new Resp(host, port);
            open.add(third);
            return third.send("PING").toString();
        } finally {
            open.forEach(Resp::close);
        }
    }

    @Test
    void idleClientsAreClosedAfterTimeout() {
        try (EmbeddedVigil v = EmbeddedVigil.start("timeout", "1"); Resp idle = v.connect(); Resp busy = v.connect()) {
            assertThat(idle.send("PING").toString()).isEqualTo("+PONG");
            // the busy client keeps talking every 200 ms (and must stay open) until the idle one is closed
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(busy.send("PING").toString()).isEqualTo("+PONG");
                return idle.awaitClosed(Duration.ofMillis(1));
            });
        }
    }
}
