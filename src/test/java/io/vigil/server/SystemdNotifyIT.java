package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.vigil.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code supervised systemd}: the server tells $NOTIFY_SOCKET READY=1 once it serves and STOPPING=1 on SIGTERM. */
class SystemdNotifyIT {

    @Test
    void notifiesReadyAndStopping(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "needs the epoll transport");
        Path socket = dir.resolve("notify.sock");
        List<String> received = new CopyOnWriteArrayList<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel listener = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                            received.add(p.content().toString(StandardCharsets.UTF_8));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toString())).sync().channel();
            ServerProcess v = ServerProcess.vigil().arg("supervised", "systemd")
                    .env("NOTIFY_SOCKET", socket.toString()).start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("READY=1\n"));
                assertThat(received).startsWith("STATUS=Ready to accept connections\n");
                assertThat(v.logText()).contains("Supervised by systemd.");
                assertThat(received).doesNotContain("STOPPING=1\n");
                v.process().toHandle().destroy(); // SIGTERM
                assertThat(v.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("STOPPING=1\n"));
            } finally {
                v.close();
                listener.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutNotifySocketItSaysSoAndServes() {
        try (ServerProcess v = ServerProcess.vigil().arg("supervised", "systemd").start()) {
            assertThat(v.logText()).contains("NOTIFY_SOCKET environment variable not found");
        }
    }
}
