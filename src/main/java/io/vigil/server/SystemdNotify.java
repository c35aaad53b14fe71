package io.vigil.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * {@code supervised systemd}: tells systemd (a {@code Type=notify} unit) the server's state over the datagram
 * socket named by {@code $NOTIFY_SOCKET}, as sd_notify(3) does: {@code READY=1} once the server accepts
 * connections, {@code STOPPING=1} when it shuts down, {@code STATUS=...} lines in between.
 *
 * <p>The JDK has no Unix datagram sockets, so this uses Netty's epoll transport; without epoll (or without
 * {@code $NOTIFY_SOCKET}) it does nothing and says why, once.
 */
public final class SystemdNotify {
    private static final Logger LOG = LoggerFactory.getLogger("vigil");

    private final Channel channel;
    private final EventLoopGroup group;

    private SystemdNotify(Channel channel, EventLoopGroup group) {
        this.channel = channel;
        this.group = group;
    }

    /**
     * Opens the notification channel when {@code supervised} asks for systemd ({@code systemd}, or {@code auto}
     * with {@code $NOTIFY_SOCKET} set); null when not supervised by systemd. Logs as Redis does. The channel has
     * its own small event loop, so the last message can be awaited from the server's main loop.
     */
    public static SystemdNotify open(String supervised) {
        String socket = System.getenv("NOTIFY_SOCKET");
        boolean wanted = supervised.equals("systemd") || supervised.equals("auto") && socket != null;
        if (!wanted) {
            return null;
        }
        if (socket == null || socket.isEmpty()) {
            LOG.warn("systemd supervision requested or auto-detected, but NOTIFY_SOCKET environment variable not found!");
            return null;
        }
        if (!Epoll.isAvailable()) {
            LOG.warn("systemd supervision requested, but this platform has no epoll transport to notify it: "
                    + "use Type=simple in the unit");
            return null;
        }
        // An abstract socket name is given with a leading '@' and addressed with a leading NUL byte.
        String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vigil-systemd", true),
                EpollIoHandler.newFactory());
        try {
            Channel ch = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new ChannelHandlerAdapter() { })
                    .connect(new DomainSocketAddress(path)).syncUninterruptibly().channel();
            LOG.info("Supervised by systemd. Please make sure you set appropriate values for TimeoutStartSec and "
                    + "TimeoutStopSec in your service unit.");
            return new SystemdNotify(ch, group);
        } catch (RuntimeException e) {
            group.shutdownGracefully();
            LOG.warn("Can't connect to systemd socket {}: {}", socket, e.getMessage());
            return null;
        }
    }

    /** Sends {@code state} (lines such as {@code READY=1}); failures are logged, never thrown. */
    public void send(String state) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(state.getBytes(StandardCharsets.UTF_8))).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("Can't send notification to systemd: {}", f.cause().toString());
            }
        });
    }

    /** Sends {@code state} and waits (bounded) until it is written: for the last message before exit. */
    public void sendAndWait(String state) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(state.getBytes(StandardCharsets.UTF_8))).awaitUninterruptibly(1000);
    }

    /** Closes the channel and its event loop. */
    public void close() {
        channel.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
