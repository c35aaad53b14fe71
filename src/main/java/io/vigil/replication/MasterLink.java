package io.vigil.replication;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vigil.command.Client;
import io.vigil.command.Connection;
import io.vigil.command.Engine;
import io.vigil.config.Options;
import io.vigil.protocol.Reply;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Replica side: one connection to the master, from the TCP connect to the end of the command stream (Redis's
 * syncWithMaster and readSyncBulkPayload). {@link #drive()} is the re-entrant state machine: each call
 * consumes what has arrived and moves {@link Replication#state} forward (states in {@link ReplicaLinkState}).
 * Runs on the execution thread (the channel is registered on its event loop). Also the {@link Connection}
 * of the MASTER client the stream is applied through.
 */
final class MasterLink extends ChannelInboundHandlerAdapter implements Connection {
    private static final int MARK_LEN = 40;

    private final Replication repl;
    private final Engine engine;
    private Channel ch;
    private ByteBuf in;
    private boolean shutdown;
    private boolean reachedConnected;
    /** When (unix ms) anything last arrived from the master. */
    long lastIoMillis = System.currentTimeMillis();

    // TRANSFER
    private long bulkLen = -1;
    private byte[] eofMark;
    private ByteBuf rdbBuf;
    private long transferRead;
    private String fullReplid;
    private long fullOffset;

    // CONNECTED
    private Client master;

    MasterLink(Replication repl) {
        this.repl = repl;
        this.engine = repl.engine;
    }

    /** Opens the TCP connection (from bind-source-addr when set); the handshake starts once it is up. */
    void connect(String host, int port) {
        Bootstrap b = new Bootstrap().group(repl.loop())
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, repl.confInt(Options.REPL_TIMEOUT) * 1000)
                .handler(this);
        String source = repl.config.get(Options.BIND_SOURCE_ADDR);
        InetSocketAddress remote = new InetSocketAddress(host, port);
        ChannelFuture f = source == null || source.isEmpty() ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(source, 0));
        ch = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                Throwable t = done.cause();
                Replication.LOG.warn("Error condition on socket for SYNC: {}", t == null ? "unknown"
                        : rootMessage(t));
                repl.linkLost(this, false);
            }
        });
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        int colon = m.lastIndexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }

    /** Closes the link for good (REPLICAOF changed, handshake timeout); the owner already forgot it. */
    void shutdown() {
        shutdown = true;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (shutdown) {
            ctx.close();
            return;
        }
        in = ctx.alloc().heapBuffer(16 * 1024);
        lastIoMillis = System.currentTimeMillis();
        Replication.LOG.info("Non blocking connect for SYNC fired the event.");
        // Send a PING to check the master can answer before anything else.
        repl.state = ReplicaLinkState.RECEIVE_PING_REPLY;
        send(new String[] {"PING"});
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            if (shutdown || in == null) {
                return;
            }
            lastIoMillis = System.currentTimeMillis();
            in.writeBytes(b);
        } finally {
            b.release();
        }
        drive();
        if (in != null && in.readerIndex() > 64 * 1024) {
            in.discardReadBytes();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (master != null) {
            engine.removeClient(master);
            master.reply().discard();
            master = null;
        }
        if (in != null) {
            in.release();
            in = null;
        }
        if (rdbBuf != null) {
            rdbBuf.release();
            rdbBuf = null;
        }
        repl.linkLost(this, reachedConnected);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Replication.LOG.warn("Error condition on socket for SYNC: {}", rootMessage(cause));
        ctx.close();
    }

    private void send(String[] args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        ch.writeAndFlush(Unpooled.wrappedBuffer(Replication.encode(argv)), ch.voidPromise());
    }

    /** The next line (without CRLF), or null if it has not fully arrived. */
    private String readLine() {
        int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            return null;
        }
        int end = eol > in.readerIndex() && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
        String line = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.readerIndex(eol + 1);
        return line;
    }

    private void fail() {
        repl.linkLost(this, false);
        shutdown();
    }

    /** Consumes what has arrived, as far as the current state allows. */
    void drive() {
        while (!shutdown && in != null && repl.link == this) {
            switch (repl.state) {
                case RECEIVE_PING_REPLY -> {
                    String line = readLine();
                    if (line == null) {
                        return;
                    }
                    // An auth error is fine here: the AUTH that follows will tell.
                    if (line.startsWith("-") && !line.startsWith("-NOAUTH") && !line.startsWith("-NOPERM")
                            && !line.startsWith("-ERR operation not permitted")) {
                        Replication.LOG.warn("Error reply to PING from master: '{}'", line);
                        fail();
                        return;
                    }
                    Replication.LOG.info("Master replied to PING, replication can continue...");
                    sendHandshake();
                }
                case RECEIVE_AUTH_REPLY -> {
                    String line = readLine();
                    if (line == null) {
                        return;
                    }
                    if (line.startsWith("-")) {
                        Replication.LOG.warn("Unable to AUTH to MASTER: {}", line);
                        fail();
                        return;
                    }
                    repl.state = ReplicaLinkState.RECEIVE_PORT_REPLY;
                }
                case RECEIVE_PORT_REPLY -> {
                    String line = readLine();
                    if (line == null) {
                        return;
                    }
                    if (line.startsWith("-")) {
                        Replication.LOG.info("(Non critical) Master does not understand REPLCONF listening-port: {}",
                                line);
                    }
                    repl.state = announceIp() != null ? ReplicaLinkState.RECEIVE_IP_REPLY
                            : ReplicaLinkState.RECEIVE_CAPA_REPLY;
                }
                case RECEIVE_IP_REPLY -> {
                    String line = readLine();
                    if (line == null) {
                        return;
                    }
                    if (line.startsWith("-")) {
                        Replication.LOG.info("(Non critical) Master does not understand REPLCONF ip-address: {}",
                                line);
                    }
                    repl.state = ReplicaLinkState.RECEIVE_CAPA_REPLY;
                }
                case RECEIVE_CAPA_REPLY -> {
                    String line = readLine();
                    if (line == null) {
                        return;
                    }
                    if (line.startsWith("-")) {
                        Replication.LOG.info("(Non critical) Master does not understand REPLCONF capa: {}", line);
                    }
                    sendPsync();
                }
                case RECEIVE_PSYNC_REPLY -> {
                    String line = readLine();
                    if (line == null) {
                        return;
                    }
                    if (!psyncReply(line)) {
                        return;
                    }
                }
                case TRANSFER -> {
                    if (!transfer()) {
                        return;
                    }
                }
                case CONNECTED -> {
                    applyStream();
                    return;
                }
                default -> {
                    return;
                }
            }
        }
    }

    private String announceIp() {
        String ip = repl.config.get(Options.REPLICA_ANNOUNCE_IP);
        return ip == null || ip.isEmpty() ? null : ip;
    }

    /** AUTH, then REPLCONF listening-port / ip-address / capa, pipelined; the replies are read in order. */
    private void sendHandshake() {
        String auth = repl.config.get(Options.MASTERAUTH);
        String user = repl.config.get(Options.MASTERUSER);
        boolean withAuth = auth != null && !auth.isEmpty();
        if (withAuth) {
            send(user != null && !user.isEmpty() ? new String[] {"AUTH", user, auth} : new String[] {"AUTH", auth});
        }
        int port = repl.confInt(Options.REPLICA_ANNOUNCE_PORT);
        if (port == 0) {
            port = engine.processInfo().tcpPort;
        }
        send(new String[] {"REPLCONF", "listening-port", Integer.toString(port)});
        if (announceIp() != null) {
            send(new String[] {"REPLCONF", "ip-address", announceIp()});
        }
        send(new String[] {"REPLCONF", "capa", "eof", "capa", "psync2"});
        repl.state = withAuth ? ReplicaLinkState.RECEIVE_AUTH_REPLY : ReplicaLinkState.RECEIVE_PORT_REPLY;
    }

    /** PSYNC with the history we hold (cached), or {@code PSYNC ? -1} for a full sync. */
    private void sendPsync() {
        if (repl.cachedReplid != null) {
            String off = Long.toString(repl.cachedOffset + 1);
            Replication.LOG.info("Trying a partial resynchronization (request {}:{}).", repl.cachedReplid, off);
            send(new String[] {"PSYNC", repl.cachedReplid, off});
        } else {
            Replication.LOG.info("Partial resynchronization not possible (no cached master)");
            send(new String[] {"PSYNC", "?", "-1"});
        }
        repl.state = ReplicaLinkState.RECEIVE_PSYNC_REPLY;
    }

    /** Handles the reply to PSYNC; false to stop driving (wait, or failed). */
    private boolean psyncReply(String line) {
        if (line.isEmpty()) {
            // A newline: the master keeps the link alive while it prepares the RDB.
            return true;
        }
        if (line.startsWith("+FULLRESYNC")) {
            String[] parts = line.split(" ");
            if (parts.length < 3) {
                Replication.LOG.warn("Master replied with wrong +FULLRESYNC syntax.");
                fail();
                return false;
            }
            fullReplid = parts[1];
            fullOffset = Long.parseLong(parts[2]);
            Replication.LOG.info("Full resync from master: {}:{}", fullReplid, fullOffset);
            if (repl.cachedReplid != null) {
                Replication.LOG.info("Discarding previously cached master state.");
            }
            repl.fullSyncStarting();
            repl.state = ReplicaLinkState.TRANSFER;
            return true;
        }
        if (line.startsWith("+CONTINUE")) {
            String id = line.length() > "+CONTINUE ".length() ? line.substring("+CONTINUE ".length()).trim() : null;
            Replication.LOG.info("Successful partial resynchronization with master.");
            repl.partialSyncAccepted(id == null || id.isEmpty() ? null : id);
            becomeConnected();
            Replication.LOG.info("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
            return true;
        }
        if (line.startsWith("-NOMASTERLINK") || line.startsWith("-LOADING")) {
            Replication.LOG.info("Master is currently unable to PSYNC but should be in the future: {}", line);
        } else {
            Replication.LOG.warn("Unexpected reply to PSYNC from master: {}", line);
        }
        fail();
        return false;
    }

    /** Reads the RDB ({@code $len} then len bytes, or {@code $EOF:mark} then bytes up to the mark). */
    private boolean transfer() {
        if (rdbBuf == null) {
            String line = readLine();
            if (line == null) {
                return false;
            }
            if (line.isEmpty()) {
                return true; // keepalive newline
            }
            if (line.startsWith("-")) {
                Replication.LOG.warn("MASTER aborted replication with an error: {}", line.substring(1));
                fail();
                return false;
            }
            if (!line.startsWith("$")) {
                Replication.LOG.warn("Bad protocol from MASTER, the first byte is not '$' (we received '{}'), "
                        + "are you sure the host and port are right?", line);
                fail();
                return false;
            }
            if (line.startsWith("$EOF:") && line.length() >= 5 + MARK_LEN) {
                eofMark = line.substring(5, 5 + MARK_LEN).getBytes(StandardCharsets.ISO_8859_1);
                bulkLen = -1;
                Replication.LOG.info("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk");
            } else {
                bulkLen = Long.parseLong(line.substring(1));
                Replication.LOG.info("MASTER <-> REPLICA sync: receiving {} bytes from master to disk", bulkLen);
            }
            rdbBuf = Unpooled.buffer(bulkLen > 0 ? (int) Math.min(bulkLen, 1 << 26) : 1 << 16);
            transferRead = 0;
        }
        if (eofMark == null) {
            int take = (int) Math.min(in.readableBytes(), bulkLen - transferRead);
            rdbBuf.writeBytes(in, take);
            transferRead += take;
            if (transferRead < bulkLen) {
                return false;
            }
        } else {
            // The master sends nothing after the mark until we acknowledge, so the mark ends what has arrived.
            transferRead += in.readableBytes();
            rdbBuf.writeBytes(in);
            if (!endsWithMark()) {
                return false;
            }
            rdbBuf.writerIndex(rdbBuf.writerIndex() - MARK_LEN);
        }
        return loadRdb();
    }

    private boolean endsWithMark() {
        int n = rdbBuf.readableBytes();
        if (n < MARK_LEN) {
            return false;
        }
        for (int i = 0; i < MARK_LEN; i++) {
            if (rdbBuf.getByte(rdbBuf.writerIndex() - MARK_LEN + i) != eofMark[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean loadRdb() {
        Replication.LOG.info("MASTER <-> REPLICA sync: Flushing old data");
        engine.keyspace().flushAll();
        Replication.LOG.info("MASTER <-> REPLICA sync: Loading DB in memory");
        try {
            repl.rdb().load(new ByteBufInputStream(rdbBuf));
        } catch (IOException | RuntimeException e) {
            Replication.LOG.warn("Failed trying to load the MASTER synchronization DB from socket: {}", e.toString());
            engine.keyspace().flushAll();
            fail();
            return false;
        } finally {
            rdbBuf.release();
            rdbBuf = null;
        }
        repl.fullSyncDone(fullReplid, fullOffset);
        becomeConnected();
        Replication.LOG.info("MASTER <-> REPLICA sync: Finished with success");
        // The first ACK at once: a diskless master starts the stream on it.
        sendAck();
        return true;
    }

    /** The link is in sync: make the MASTER client the stream runs as. */
    private void becomeConnected() {
        reachedConnected = true;
        master = engine.newClient(new Reply(ch.alloc()), this);
        master.set(Client.MASTER);
        master.authenticate("default");
        repl.state = ReplicaLinkState.CONNECTED;
    }

    /** Applies every complete command that has arrived, then feeds its exact bytes to our own replicas. */
    private void applyStream() {
        while (in != null && in.isReadable() && master != null && !master.has(Client.BLOCKED)) {
            int start = in.readerIndex();
            byte[][] argv = parseCommand();
            if (argv == null) {
                in.readerIndex(start);
                return;
            }
            int len = in.readerIndex() - start;
            if (argv.length > 0) {
                engine.execute(master, argv);
                master.reply().truncate(0);
            }
            if (in == null) {
                return; // the command closed the link
            }
            repl.feed(in, start, len);
        }
    }

    /**
     * One RESP multibulk command from {@link #in}, or null when incomplete. A bare newline is consumed as an
     * empty command (zero arguments).
     */
    private byte[][] parseCommand() {
        byte first = in.getByte(in.readerIndex());
        if (first != '*') {
            String line = readLine();
            return line == null ? null : new byte[0][];
        }
        String head = readLine();
        if (head == null) {
            return null;
        }
        int argc = Integer.parseInt(head.substring(1));
        List<byte[]> args = new ArrayList<>(Math.max(0, argc));
        for (int i = 0; i < argc; i++) {
            String h = readLine();
            if (h == null) {
                return null;
            }
            int n = Integer.parseInt(h.substring(1));
            if (in.readableBytes() < n + 2) {
                return null;
            }
            byte[] a = new byte[n];
            in.readBytes(a);
            in.skipBytes(2);
            args.add(a);
        }
        return args.toArray(new byte[0][]);
    }

    /** REPLCONF ACK with the offset applied so far. */
    void sendAck() {
        if (ch != null && ch.isActive() && repl.state == ReplicaLinkState.CONNECTED) {
            send(new String[] {"REPLCONF", "ACK", Long.toString(repl.masterReplOffset)});
        }
    }

    /** Bytes received from the master but not applied yet. */
    long unappliedBytes() {
        return in == null ? 0 : in.readableBytes();
    }

    /** The RDB's announced size, -1 in the EOF-mark form. */
    long transferSize() {
        return bulkLen;
    }

    /** RDB bytes received so far. */
    long transferRead() {
        return transferRead;
    }

    // Connection (the MASTER client's) ------------------------------------------------------------

    @Override
    public void flush() {
        // The master gets no replies (REPLCONF ACK is sent by sendAck).
    }

    @Override
    public void close() {
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void closeAfterReply() {
        close();
    }

    @Override
    public String remoteAddress() {
        InetSocketAddress a = ch == null ? null : (InetSocketAddress) ch.remoteAddress();
        return a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public String localAddress() {
        InetSocketAddress a = ch == null ? null : (InetSocketAddress) ch.localAddress();
        return a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public int fd() {
        return -1;
    }

    @Override
    public boolean isUnixSocket() {
        return false;
    }

    @Override
    public int queryBufferBytes() {
        return in == null ? 0 : in.readableBytes();
    }

    @Override
    public long pendingOutputBytes() {
        return 0;
    }

    @Override
    public void resume() {
        drive();
    }
}
