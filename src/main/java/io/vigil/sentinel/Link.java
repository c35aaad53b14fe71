package io.vigil.sentinel;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import io.netty.util.CharsetUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One asynchronous RESP2 connection from this sentinel to a server or another sentinel (hiredis's role in
 * Redis Sentinel). Commands are pipelined; each reply goes to the callback of the oldest pending command.
 * On a pub/sub link, {@code message} pushes go to the push handler instead.
 *
 * <p>Everything, callbacks included, runs on the sentinel's event loop (the server's main loop), so the
 * sentinel's state is only ever touched by one thread.
 */
final class Link {
    /** A reply: {@link String} (status or bulk), {@link Long}, {@link Err}, {@code List<Object>} or null. */
    interface Callback {
        /** Called with the reply, on the event loop. */
        void reply(Object reply);
    }

    /** An error reply. */
    record Err(String message) {
    }

    private final ArrayDeque<Callback> pending = new ArrayDeque<>();
    private final Runnable onClose;
    private Consumer<List<Object>> pushHandler;
    private Channel channel;
    private boolean closed;
    private boolean connected;
    /** Commands written before the connection completed; flushed in order once it does. */
    private final ArrayDeque<ByteBuf> unsent = new ArrayDeque<>();
    /** Wall-clock time of the connection attempt (Redis's cc_conn_time / pc_conn_time). */
    final long connectTime = System.currentTimeMillis();
    /** Last time anything arrived on this link (pc_last_activity for pub/sub links). */
    long lastActivity = System.currentTimeMillis();

    private Link(Runnable onClose) {
        this.onClose = onClose;
    }

    /**
     * Opens a connection to {@code host:port}. Commands sent before the connection is established are
     * queued by Netty and written once it is; {@code onClose} runs once when the link fails or closes.
     */
    static Link connect(EventLoopGroup group, boolean epoll, String host, int port, String sourceAddr,
                        Runnable onClose) {
        Link l = new Link(onClose);
        Bootstrap b = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new RedisDecoder(), new RedisBulkStringAggregator(),
                                new RedisArrayAggregator(), l.new Handler());
                    }
                });
        ChannelFuture f = sourceAddr == null
                ? b.connect(new InetSocketAddress(host, port))
                : b.connect(new InetSocketAddress(host, port), new InetSocketAddress(sourceAddr, 0));
        l.channel = f.channel();
        f.addListener(done -> {
            if (done.isSuccess()) {
                l.connected = true;
                while (!l.unsent.isEmpty()) {
                    l.channel.write(l.unsent.pollFirst(), l.channel.voidPromise());
                }
                l.channel.flush();
            } else {
                org.slf4j.LoggerFactory.getLogger(Link.class).debug("Connecting to {}:{} failed: {}", host, port,
                        String.valueOf(done.cause()));
                l.closedNow();
            }
        });
        l.channel.closeFuture().addListener(x -> l.closedNow());
        return l;
    }

    /** Sets who receives pub/sub {@code message} pushes. */
    void onPush(Consumer<List<Object>> handler) {
        this.pushHandler = handler;
    }

    /** Whether the link is still usable (connecting or connected). */
    boolean open() {
        return !closed;
    }

    /** Commands sent whose replies have not arrived. */
    int pendingCommands() {
        return pending.size();
    }

    /** The local IP of the connection, or null before it is connected. */
    String localIp() {
        if (channel != null && channel.localAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress();
        }
        return null;
    }

    /** Sends one command; {@code cb} (may be null) gets its reply. Returns false when the link is closed. */
    boolean send(Callback cb, String... args) {
        if (closed) {
            return false;
        }
        ByteBuf buf = channel.alloc().buffer(64);
        buf.writeByte('*').writeBytes(Integer.toString(args.length).getBytes(StandardCharsets.US_ASCII))
                .writeByte('\r').writeByte('\n');
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            buf.writeByte('$').writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII))
                    .writeByte('\r').writeByte('\n').writeBytes(bytes).writeByte('\r').writeByte('\n');
        }
        pending.addLast(cb == null ? r -> { } : cb);
        if (connected) {
            channel.writeAndFlush(buf, channel.voidPromise());
        } else {
            unsent.addLast(buf);
        }
        return true;
    }

    /** Closes the connection; pending callbacks are dropped, as hiredis frees them. */
    void close() {
        if (channel != null) {
            channel.close();
        }
        closedNow();
    }

    private void closedNow() {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        while (!unsent.isEmpty()) {
            unsent.pollFirst().release();
        }
        onClose.run();
    }

    private static Object convert(RedisMessage m) {
        if (m instanceof SimpleStringRedisMessage s) {
            return s.content();
        }
        if (m instanceof ErrorRedisMessage e) {
            return new Err(e.content());
        }
        if (m instanceof IntegerRedisMessage i) {
            return i.value();
        }
        if (m instanceof FullBulkStringRedisMessage b) {
            return b.isNull() ? null : b.content().toString(CharsetUtil.UTF_8);
        }
        if (m instanceof ArrayRedisMessage a) {
            if (a.isNull()) {
                return null;
            }
            List<Object> out = new ArrayList<>(a.children().size());
            for (RedisMessage c : a.children()) {
                out.add(convert(c));
            }
            return out;
        }
        return null;
    }

    private final class Handler extends SimpleChannelInboundHandler<RedisMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RedisMessage msg) {
            lastActivity = System.currentTimeMillis();
            Object r = convert(msg);
            if (pushHandler != null && r instanceof List<?> list && !list.isEmpty()
                    && list.get(0) instanceof String kind
                    && (kind.equals("message") || kind.equals("subscribe"))) {
                @SuppressWarnings("unchecked")
                List<Object> push = (List<Object>) list;
                pushHandler.accept(push);
                return;
            }
            Callback cb = pending.pollFirst();
            if (cb != null) {
                cb.reply(r);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
