package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannel;
import io.vigil.command.Client;
import io.vigil.command.Connection;
import io.vigil.command.Engine;
import io.vigil.protocol.ProtocolError;
import io.vigil.protocol.QueryLimitExceeded;
import io.vigil.protocol.Reply;
import io.vigil.protocol.RespDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One client connection: runs each decoded command on the engine and flushes the replies once per read
 * batch. Also the {@link Connection} the engine sees and the {@link RespDecoder.Limits} the decoder reads.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter implements Connection, RespDecoder.Limits {
    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

    static final byte[] DENIED = ("-DENIED Redis is running in protected mode because protected mode is enabled and "
            + "no password is set for the default user. In this mode connections are only accepted from the "
            + "loopback interface. If you want to connect from external computers to Redis you may adopt one of "
            + "the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET "
            + "protected-mode no' from the loopback interface by connecting to Redis from the same host the server "
            + "is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG "
            + "REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by "
            + "editing the Redis configuration file, and setting the protected mode option to 'no', and then "
            + "restarting the server. 3) If you started the server manually just for testing, restart it with the "
            + "'--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You "
            + "only need to do one of the above things in order for the server to start accepting connections from "
            + "the outside.\r\n").getBytes(StandardCharsets.US_ASCII);
    static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Engine engine;
    private final ReplyGate gate;
    /** Whether the {@link ReplyGate} holds a flush of this connection for the end of the iteration. */
    boolean held;
    private final RespDecoder decoder;
    private ChannelHandlerContext ctx;
    private Client client;
    private Reply reply;
    private boolean closing;
    /** Requests that arrived while the client was blocked or paused, run in order by {@link #resume()}. */
    private final java.util.ArrayDeque<Object> pending = new java.util.ArrayDeque<>();
    /** Bytes already added to INFO's total_net_input_bytes / total_net_output_bytes. */
    private long countedIn;
    private long countedOut;

    ClientHandler(Engine engine, ReplyGate gate) {
        this.engine = engine;
        this.gate = gate;
        this.decoder = new RespDecoder(this);
    }

    /** The decoder to put in front of this handler. */
    RespDecoder decoder() {
        return decoder;
    }

    Client client() {
        return client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.reply = new Reply(ctx.alloc());
        if (engine.clients().size() >= engine.settings().maxclients()) {
            engine.stats().rejectedConnections++;
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(MAX_CLIENTS))
                    .addListener(f -> ctx.close());
            closing = true;
            return;
        }
        if (engine.settings().protectedMode() && !engine.authRequired() && !isLoopbackPeer()) {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(DENIED)).addListener(f -> ctx.close());
            LOG.debug("Denied connection from {} in protected mode", remoteAddress());
            closing = true;
            return;
        }
        client = engine.newClient(reply, this);
        super.channelActive(ctx);
    }

    private boolean isLoopbackPeer() {
        SocketAddress a = ctx.channel().remoteAddress();
        if (a instanceof DomainSocketAddress || ctx.channel() instanceof UnixChannel && !(a instanceof InetSocketAddress)) {
            return true;
        }
        if (a instanceof InetSocketAddress in && in.getAddress() != null) {
            String ip = in.getAddress().getHostAddress();
            return ip.equals("127.0.0.1") || ip.equals("0:0:0:0:0:0:0:1") || ip.equals("::1");
        }
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing || client == null) {
            return;
        }
        if (client.has(Client.BLOCKED) || !pending.isEmpty()) {
            pending.addLast(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        process(msg);
    }

    private void process(Object msg) {
        if (msg instanceof byte[][] argv) {
            engine.execute(client, argv);
            if (client.has(Client.CLOSE_AFTER_REPLY)) {
                closing = true;
                closeAfterReply();
            }
        } else if (msg instanceof ProtocolError err) {
            reply.error("ERR Protocol error: " + err.reason());
            LOG.debug("Protocol error ({}) from client: {}", err.reason(), client);
            closing = true;
            closeAfterReply();
        } else if (msg instanceof QueryLimitExceeded q) {
            engine.stats().clientQueryBufferLimitDisconnections++;
            LOG.warn("Closing client that reached max query buffer length: {} (qbuf={})", client, q.bytes());
            closing = true;
            close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        engine.stats().readsProcessed++;
        countNetInput();
        flush();
    }

    /** Adds the bytes read since the last call to INFO's total_net_input_bytes. */
    private void countNetInput() {
        long in = decoder.bytesRead();
        engine.stats().netInputBytes += in - countedIn;
        countedIn = in;
    }

    /** Adds the reply bytes produced since the last call to INFO's total_net_output_bytes. */
    private void countNetOutput() {
        long out = reply.totalBytes();
        engine.stats().netOutputBytes += out - countedOut;
        countedOut = out;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (client != null) {
            countNetInput();
            countNetOutput();
            engine.removeClient(client);
        }
        if (reply != null) {
            reply.discard();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Client {} closed on error: {}", client, cause.toString());
        ctx.close();
    }

    // Connection ---------------------------------------------------------------------------------

    @Override
    public void resume() {
        while (!pending.isEmpty() && !closing && !client.has(Client.BLOCKED)) {
            process(pending.pollFirst());
        }
        if (pending.isEmpty() && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
        flush();
    }

    @Override
    public void flush() {
        if (gate.hold(this, ctx.channel().eventLoop())) {
            return;
        }
        flushNow();
    }

    /** Writes the pending replies to the socket now (the gate calls it once the AOF has been written). */
    void flushNow() {
        if (reply == null) {
            return;
        }
        ByteBuf out = reply.take();
        if (out != null) {
            engine.stats().writesProcessed++;
            countNetOutput();
            ctx.writeAndFlush(out, ctx.voidPromise());
        }
    }

    @Override
    public void close() {
        closing = true;
        reply.discard();
        ctx.close();
    }

    @Override
    public void closeAfterReply() {
        closing = true;
        if (engine.repliesHeld()) {
            engine.runReplyBarriers(); // the reply (e.g. to a write before QUIT) must not overtake the AOF write
        }
        ByteBuf out = reply.take();
        if (out != null) {
            ctx.writeAndFlush(out).addListener(f -> ctx.close());
        } else {
            ctx.close();
        }
    }

    @Override
    public String remoteAddress() {
        return format(ctx.channel().remoteAddress());
    }

    @Override
    public String localAddress() {
        return format(ctx.channel().localAddress());
    }

    static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress in) {
            String ip = in.getAddress() == null ? in.getHostString() : in.getAddress().getHostAddress();
            if (ip.contains(":")) {
                ip = ip.replaceAll("(^|:)0(:0)+(:|$)", "::");
                ip = ip.equals("0:0:0:0:0:0:0:1") ? "::1" : ip;
            }
            return ip + ":" + in.getPort();
        }
        if (a instanceof DomainSocketAddress d) {
            return d.path() + ":0";
        }
        return String.valueOf(a);
    }

    @Override
    public int fd() {
        if (ctx.channel() instanceof io.netty.channel.unix.UnixChannel u) {
            return u.fd().intValue();
        }
        return -1;
    }

    @Override
    public boolean isUnixSocket() {
        return ctx.channel().localAddress() instanceof DomainSocketAddress;
    }

    @Override
    public int queryBufferBytes() {
        return decoder.pendingBytes();
    }

    @Override
    public long pendingOutputBytes() {
        return reply.pendingBytes() + Math.max(0, ctx.channel().unsafe().outboundBuffer() == null ? 0
                : ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes());
    }

    // Limits ---------------------------------------------------------------------------------------

    @Override
    public long protoMaxBulkLen() {
        return engine.settings().protoMaxBulkLen();
    }

    @Override
    public long queryBufferLimit() {
        return engine.settings().clientQueryBufferLimit();
    }

    @Override
    public boolean authRequired() {
        return client != null && !client.authenticated();
    }

    @Override
    public boolean isMasterLink() {
        return client != null && client.has(Client.MASTER);
    }
}
