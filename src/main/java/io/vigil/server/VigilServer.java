package io.vigil.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vigil.command.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of the server: event loops, listeners and the pipeline of each connection. The single
 * "main" event loop owns every client channel and runs every command (see the package documentation).
 */
public final class VigilServer {
    private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);

    private final Engine engine;
    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup mainGroup;
    private final List<Channel> listeners = new ArrayList<>();
    private Listeners current;
    private final ReplyGate replyGate;

    /** A server for {@code engine}; nothing listens until {@link #listen}. */
    public VigilServer(Engine engine) {
        this.engine = engine;
        this.replyGate = new ReplyGate(engine);
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vigil-accept", true), io);
        this.mainGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vigil-main", false), io);
        engine.scheduler((task, delay) -> {
            var f = mainGroup.next().schedule(task, delay, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        });
    }

    /** Whether the native epoll transport is in use. */
    public boolean epoll() {
        return epoll;
    }

    /** The engine this server serves. */
    public Engine engine() {
        return engine;
    }

    /** The execution thread's event loop group: everything touching the engine runs here. */
    public EventLoopGroup mainLoop() {
        return mainGroup;
    }

    /** Runs {@code task} on the execution thread and waits for its result. */
    public <T> T onMain(Callable<T> task) throws Exception {
        try {
            return mainGroup.next().submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /**
     * Opens the listeners; an address that cannot be bound fails the whole call (unless it is optional,
     * written with a leading {@code -}), as Redis refuses to start.
     */
    public void listen(Listeners l) throws IOException {
        this.current = l;
        List<Channel> opened = new ArrayList<>();
        try {
            if (l.port() > 0) {
                for (String addr : l.bind()) {
                    boolean optional = addr.startsWith("-");
                    String a = optional ? addr.substring(1) : addr;
                    InetSocketAddress sa = switch (a) {
                        case "*" -> new InetSocketAddress("0.0.0.0", l.port());
                        case "::*" -> new InetSocketAddress("::", l.port());
                        default -> new InetSocketAddress(a, l.port());
                    };
                    try {
                        opened.add(bindTcp(sa, l));
                    } catch (Exception e) {
                        String why = rootMessage(e);
                        if (optional || (a.equals("::*") && why.contains("not supported"))) {
                            LOG.debug("Skipping optional address {}: {}", addr, why);
                            continue;
                        }
                        LOG.warn("Warning: Could not create server TCP listening socket {}:{}: bind: {}", a, l.port(), why);
                        throw new IOException("Failed listening on port " + l.port() + " (tcp), aborting.");
                    }
                }
                if (opened.isEmpty()) {
                    throw new IOException("Failed listening on port " + l.port() + " (tcp), aborting.");
                }
            }
            if (l.unixSocket() != null && !l.unixSocket().isEmpty()) {
                opened.add(bindUnix(l));
            }
        } catch (IOException e) {
            opened.forEach(Channel::close);
            throw e;
        }
        listeners.addAll(opened);
    }

    /** Closes the listeners and opens them again as {@code l} says (CONFIG SET port / bind). */
    public void relisten(Listeners l) throws IOException {
        List<Channel> old = new ArrayList<>(listeners);
        listeners.clear();
        old.forEach(c -> c.close().syncUninterruptibly());
        try {
            listen(l);
        } catch (IOException e) {
            if (current != null && current != l) {
                listen(current);
            }
            throw e;
        }
    }

    /** The TCP port actually bound (useful with port 0 in tests), or -1. */
    public int boundPort() {
        for (Channel c : listeners) {
            if (c.localAddress() instanceof InetSocketAddress in) {
                return in.getPort();
            }
        }
        return -1;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null) {
            return t.toString();
        }
        int colon = m.lastIndexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }

    private Channel bindTcp(InetSocketAddress sa, Listeners l) throws InterruptedException {
        ServerBootstrap b = bootstrap(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class, l);
        b.childOption(ChannelOption.TCP_NODELAY, true);
        if (l.keepAliveSeconds() > 0) {
            b.childOption(ChannelOption.SO_KEEPALIVE, true);
            if (epoll) {
                b.childOption(EpollChannelOption.TCP_KEEPIDLE, l.keepAliveSeconds());
                b.childOption(EpollChannelOption.TCP_KEEPINTVL, Math.max(1, l.keepAliveSeconds() / 3));
                b.childOption(EpollChannelOption.TCP_KEEPCNT, 3);
            }
        }
        b.option(ChannelOption.SO_REUSEADDR, true);
        return b.bind(sa).sync().channel();
    }

    private Channel bindUnix(Listeners l) throws IOException {
        if (!epoll) {
            throw new IOException("Unix sockets need the epoll transport, which is not available here");
        }
        File f = new File(l.unixSocket());
        Files.deleteIfExists(f.toPath());
        ServerBootstrap b = bootstrap(EpollServerDomainSocketChannel.class, l);
        try {
            Channel c = b.bind(new DomainSocketAddress(f)).sync().channel();
            if (l.unixSocketPerm() != 0) {
                Files.setPosixFilePermissions(f.toPath(), perms(l.unixSocketPerm()));
            }
            return c;
        } catch (Exception e) {
            throw new IOException("Failed opening Unix socket: " + rootMessage(e), e);
        }
    }

    static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    private ServerBootstrap bootstrap(Class<? extends ServerChannel> type, Listeners l) {
        return new ServerBootstrap()
                .group(acceptGroup, mainGroup)
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, l.backlog())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ClientHandler h = new ClientHandler(engine, replyGate);
                        ch.pipeline().addLast("resp", h.decoder()).addLast("client", h);
                    }
                });
    }

    /** Runs {@code task} on the execution thread every {@code periodMillis}. */
    public void every(long periodMillis, Runnable task) {
        mainGroup.next().scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Periodic task failed", e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Closes listeners and connections and stops the event loops. */
    public void close() {
        for (Channel c : listeners) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            if (c.localAddress() instanceof DomainSocketAddress d) {
                try {
                    Files.deleteIfExists(Path.of(d.path()));
                } catch (IOException ignored) {
                    // the socket file is best effort
                }
            }
        }
        listeners.clear();
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        mainGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
