package io.vigil.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.vigil.command.Client;
import io.vigil.command.CommandFlags;
import io.vigil.command.CommandSpec;
import io.vigil.command.Engine;
import io.vigil.command.Propagator;
import io.vigil.config.Config;
import io.vigil.config.Options;
import io.vigil.config.OutputBufferLimits;
import io.vigil.config.ReplicaOf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replication state of one server, both roles (Redis's replication.c): the replication ids and offsets, the
 * backlog, the replicas connected to this server (master side), and the link to this server's master
 * (replica side, {@link MasterLink}). Receives every change from the engine as a {@link Propagator}.
 * Everything runs on the execution thread.
 */
public final class Replication implements Propagator {
    static final Logger LOG = LoggerFactory.getLogger("vigil");
    static final String NO_REPLID = "0000000000000000000000000000000000000000";
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[][] PING = {"PING".getBytes(StandardCharsets.US_ASCII)};
    private static final SecureRandom RANDOM = new SecureRandom();

    final Engine engine;
    final Config config;
    private final RdbTransfer rdb;
    private final EventLoopGroup loop;

    // ---- ids and offsets (PSYNC2)
    /** This server's replication id: the history its offset counts in. */
    String replid = newReplid();
    /** The previous replication id, valid up to {@link #secondReplOffset} (after a promotion). */
    String replid2 = NO_REPLID;
    /** Offset of the last byte of the replication stream produced (master) or applied (replica). */
    long masterReplOffset;
    /** The first offset not valid under {@link #replid2}; -1 when there is none. */
    long secondReplOffset = -1;
    Backlog backlog;
    /** When (unix ms) the last replica went away, for repl-backlog-ttl; 0 while replicas are connected. */
    private long noReplicasSince = System.currentTimeMillis();
    /** The database the stream last SELECTed; -1 forces a SELECT before the next command. */
    private int seldb = -1;

    // ---- master side
    /** Every client that sent REPLCONF or PSYNC, by client id; the attached ones are replicas. */
    private final Map<Long, ConnectedReplica> replicas = new LinkedHashMap<>();
    private boolean flushScheduled;
    private long waitBgsaveSince;
    private int cronTicks;

    // ---- replica side
    String masterHost;
    int masterPort;
    ReplicaLinkState state = ReplicaLinkState.NONE;
    MasterLink link;
    /** The history to ask PSYNC for: {replid, offset} or null for {@code PSYNC ? -1}. */
    String cachedReplid;
    long cachedOffset;
    /** When (unix ms) the link to the master went down, 0 if it never was up. */
    long linkDownSince;
    /** Connection attempt start (unix ms) for the handshake timeout. */
    long connectStarted;

    /**
     * Replication over {@code engine}: takes over the replication commands, the INFO replication section and
     * propagation; {@code loop} is the execution thread's event loop (the master link runs on it).
     */
    public Replication(Engine engine, Config config, RdbTransfer rdb, EventLoopGroup loop) {
        this.engine = engine;
        this.config = config;
        this.rdb = rdb;
        this.loop = loop;
        ReplicationCommands.register(engine.commands(), this);
        engine.addPropagator(this);
        engine.infoSection("replication", this::info);
        engine.onDisconnect(this::clientGone);
        engine.commandGate(this::gate);
        config.onApply(Options.REPLICA_READ_ONLY, (o, n) -> applyRole());
        config.onApply(Options.REPL_BACKLOG_SIZE, (o, n) -> {
            if (backlog != null) {
                backlog.resize(n);
            }
        });
    }

    /** Starts the periodic work and, when the configuration names a master, the replication from it. */
    public void start() {
        ReplicaOf of = config.get(Options.REPLICAOF);
        if (of != null) {
            // Redis at start-up: no cached master, so the first PSYNC asks "? -1" (a full sync).
            setMaster(of.host(), of.port(), false);
        }
        loop.next().scheduleAtFixedRate(() -> {
            try {
                cron();
            } catch (RuntimeException e) {
                LOG.warn("Replication cron failed", e);
            }
        }, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The RDB producer and loader over persistence's bridge (a synchronous whole-keyspace snapshot). */
    public static RdbTransfer defaultRdbTransfer(Engine engine, EventLoopGroup mainLoop) {
        return new PersistenceRdb(engine, mainLoop.next());
    }

    static String newReplid() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    EventLoopGroup loop() {
        return loop;
    }

    RdbTransfer rdb() {
        return rdb;
    }

    int confInt(io.vigil.config.Option<Integer> o) {
        return config.get(o);
    }

    // =============================================================================================
    // MASTER: the stream

    /** Engine changes: encoded once into the backlog and every replica past its RDB. */
    @Override
    public void propagate(int db, byte[][] argv) {
        if (masterHost != null) {
            // A replica only proxies its master's stream (MasterLink feeds it), as Redis since 4.0.
            return;
        }
        if (backlog == null && replicas.isEmpty()) {
            return;
        }
        if (db != seldb && db >= 0) {
            byte[] sel = encode(new byte[][] {"SELECT".getBytes(StandardCharsets.US_ASCII),
                Integer.toString(db).getBytes(StandardCharsets.US_ASCII)});
            feed(sel, 0, sel.length);
            seldb = db;
        }
        // Encoded into one reused buffer: feed() copies what it keeps (backlog, replica outputs).
        int len = encodeInto(argv);
        feed(encBuf, 0, len);
    }

    private byte[] encBuf = new byte[1024];

    /** RESP multibulk of {@code argv} into {@link #encBuf}; returns its length. */
    private int encodeInto(byte[][] argv) {
        int need = 16;
        for (byte[] a : argv) {
            need += a.length + 16;
        }
        if (need > encBuf.length) {
            encBuf = new byte[Math.max(need, encBuf.length * 2)];
        }
        byte[] b = encBuf;
        int p = 0;
        b[p++] = '*';
        p = digits(b, p, argv.length);
        for (byte[] a : argv) {
            b[p++] = '$';
            p = digits(b, p, a.length);
            System.arraycopy(a, 0, b, p, a.length);
            p += a.length;
            b[p++] = '\r';
            b[p++] = '\n';
        }
        return p;
    }

    /** Writes {@code n} (not negative) and CRLF at {@code p}; returns the position after. */
    private static int digits(byte[] b, int p, int n) {
        if (n < 10) {
            b[p++] = (byte) ('0' + n);
        } else {
            String s = Integer.toString(n);
            for (int i = 0; i < s.length(); i++) {
                b[p++] = (byte) s.charAt(i);
            }
        }
        b[p++] = '\r';
        b[p++] = '\n';
        return p;
    }

    @Override
    public boolean receivesReplicaOnly() {
        return true;
    }

    static byte[] encode(byte[][] argv) {
        int n = 16;
        for (byte[] a : argv) {
            n += a.length + 16;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        out.write('*');
        out.writeBytes(Integer.toString(argv.length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(CRLF);
        for (byte[] a : argv) {
            out.write('$');
            out.writeBytes(Integer.toString(a.length).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(CRLF);
            out.writeBytes(a);
            out.writeBytes(CRLF);
        }
        return out.toByteArray();
    }

    /**
     * Appends stream bytes: the offset moves, the backlog keeps them, every replica past its RDB gets them.
     * Also the path of the master's stream proxied by a replica to its own replicas.
     */
    void feed(byte[] data, int off, int len) {
        masterReplOffset += len;
        if (backlog != null) {
            backlog.append(data, off, len);
        }
        if (replicas.isEmpty()) {
            return;
        }
        for (ConnectedReplica r : replicas.values()) {
            if (r.held != null) {
                // Its RDB is being produced (or awaits the first ACK): the stream waits behind it.
                r.held.write(data, off, len);
            } else if (r.attached && r.state != ConnectedReplica.WAIT_BGSAVE) {
                r.client.reply().rawBytes(Unpooled.wrappedBuffer(data, off, len));
            }
        }
        scheduleFlush();
    }

    void feed(ByteBuf b, int index, int len) {
        byte[] tmp = new byte[len];
        b.getBytes(index, tmp);
        feed(tmp, 0, len);
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.next().execute(this::flushReplicas);
        }
    }

    private void flushReplicas() {
        flushScheduled = false;
        for (ConnectedReplica r : new ArrayList<>(replicas.values())) {
            if (r.attached) {
                r.client.connection().flush();
                checkReplica(r, System.currentTimeMillis());
            }
        }
    }

    /** Moves a replica whose RDB left to online, and drops one over its output buffer limit. */
    private void checkReplica(ConnectedReplica r, long now) {
        long pending = r.client.connection().pendingOutputBytes();
        long sent = r.client.reply().totalBytes() - pending;
        if (r.state == ConnectedReplica.SEND_BULK && sent >= r.bulkEnd && !r.streamOnAck) {
            r.state = ConnectedReplica.ONLINE;
            r.ackMillis = now;
            LOG.info("Synchronization with replica {} succeeded", r.name());
        }
        if (r.state == ConnectedReplica.WAIT_BGSAVE) {
            return;
        }
        // Only the stream counts against the limit, not the RDB still in flight (Redis sends it apart).
        long streamPending = r.bulkEnd < 0 ? pending : Math.min(pending, r.client.reply().totalBytes() - r.bulkEnd);
        OutputBufferLimits.Limit limit = config.get(Options.CLIENT_OUTPUT_BUFFER_LIMIT).replica();
        boolean hard = limit.hardBytes() > 0 && streamPending >= limit.hardBytes();
        boolean soft = false;
        if (limit.softBytes() > 0 && streamPending >= limit.softBytes()) {
            if (r.softLimitSince == 0) {
                r.softLimitSince = now;
            } else {
                soft = now - r.softLimitSince > limit.softSeconds() * 1000L;
            }
        } else {
            r.softLimitSince = 0;
        }
        if (hard || soft) {
            LOG.warn("Client {} scheduled to be closed ASAP for overcoming of output buffer limits.", r.client);
            engine.stats().clientOutputBufferLimitDisconnections++;
            r.client.connection().close();
        }
    }

    // =============================================================================================
    // MASTER: SYNC / PSYNC / REPLCONF

    ConnectedReplica handshakeState(Client c) {
        return replicas.computeIfAbsent(c.id(), id -> new ConnectedReplica(c));
    }

    /** SYNC and PSYNC replid offset (Redis's syncCommand). */
    void sync(Client c, byte[][] argv, boolean psync) {
        if (c.has(Client.REPLICA)) {
            return;
        }
        if (masterHost != null && state != ReplicaLinkState.CONNECTED) {
            c.reply().error("NOMASTERLINK Can't SYNC while not connected with my master");
            return;
        }
        // The stream must start on a clean output buffer (a replica reads the REPLCONF replies before PSYNC).
        if (c.reply().pendingBytes() > 0) {
            c.reply().error("ERR SYNC and PSYNC are invalid with pending output");
            return;
        }
        ConnectedReplica r = handshakeState(c);
        LOG.info("Replica {} asks for synchronization", r.name());
        if (psync) {
            String askedId = Engine.str(argv[1]);
            long askedOffset;
            try {
                askedOffset = Long.parseLong(Engine.str(argv[2]));
            } catch (NumberFormatException e) {
                askedOffset = -1;
            }
            if (tryPartial(r, askedId, askedOffset)) {
                engine.stats().syncPartialOk++;
                return;
            }
            if (!askedId.startsWith("?")) {
                engine.stats().syncPartialErr++;
            }
        } else {
            r.preSync = true;
        }
        engine.stats().syncFull++;
        r.state = ConnectedReplica.WAIT_BGSAVE;
        attach(r);
        if (backlog == null) {
            // A backlog made from scratch starts a new history: new id, no previous one.
            replid = newReplid();
            clearReplid2();
            createBacklog();
            LOG.info("Replication backlog created, my new replication IDs are '{}' and '{}'", replid, replid2);
        }
        boolean diskless = config.getBool(Options.REPL_DISKLESS_SYNC) && r.capaEof;
        if (!diskless) {
            startFullSync();
        } else if (waitBgsaveSince == 0) {
            waitBgsaveSince = System.currentTimeMillis();
            LOG.info("Delay next BGSAVE for diskless SYNC");
        }
    }

    private void attach(ConnectedReplica r) {
        r.attached = true;
        r.client.set(Client.REPLICA);
        r.ackMillis = System.currentTimeMillis();
        noReplicasSince = 0;
    }

    void createBacklog() {
        backlog = new Backlog(config.get(Options.REPL_BACKLOG_SIZE), masterReplOffset);
    }

    void clearReplid2() {
        replid2 = NO_REPLID;
        secondReplOffset = -1;
    }

    /** Redis's masterTryPartialResynchronization. */
    private boolean tryPartial(ConnectedReplica r, String askedId, long offset) {
        if (!askedId.equalsIgnoreCase(replid) && (!askedId.equalsIgnoreCase(replid2) || offset > secondReplOffset)) {
            if (!askedId.startsWith("?")) {
                if (!askedId.equalsIgnoreCase(replid) && !askedId.equalsIgnoreCase(replid2)) {
                    LOG.info("Partial resynchronization not accepted: Replication ID mismatch (Replica asked for "
                            + "'{}', my replication IDs are '{}' and '{}')", askedId, replid, replid2);
                } else {
                    LOG.info("Partial resynchronization not accepted: Requested offset for second ID was {}, but "
                            + "I can reply up to {}", offset, secondReplOffset);
                }
            } else {
                LOG.info("Full resync requested by replica {}", r.name());
            }
            return false;
        }
        if (backlog == null || !backlog.covers(offset)) {
            LOG.info("Unable to partial resync with replica {} for lack of backlog (Replica request was: {}).",
                    r.name(), offset);
            if (offset > masterReplOffset) {
                LOG.warn("Warning: replica {} tried to PSYNC with an offset that is greater than the master "
                        + "replication offset.", r.name());
            }
            return false;
        }
        attach(r);
        r.state = ConnectedReplica.ONLINE;
        Client c = r.client;
        c.reply().rawBytes((r.capaPsync2 ? "+CONTINUE " + replid + "\r\n" : "+CONTINUE\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] history = backlog.from(offset);
        c.reply().rawBytes(history);
        c.connection().flush();
        LOG.info("Partial resynchronization request from {} accepted. Sending {} bytes of backlog starting from "
                + "offset {}.", r.name(), history.length, offset);
        return true;
    }

    /** Whether a snapshot for replicas is being produced. */
    private boolean snapshotRunning;

    /**
     * Starts one RDB for every replica waiting for it: {@code +FULLRESYNC replid offset} now, the RDB when the
     * background snapshot (a point in time: this offset) is complete. The stream produced meanwhile is held
     * per replica and follows the RDB.
     */
    private void startFullSync() {
        if (snapshotRunning) {
            return; // the cron starts the next one when this one is done
        }
        List<ConnectedReplica> waiting = new ArrayList<>();
        boolean diskless = config.getBool(Options.REPL_DISKLESS_SYNC);
        for (ConnectedReplica r : replicas.values()) {
            if (r.attached && r.state == ConnectedReplica.WAIT_BGSAVE && r.held == null) {
                waiting.add(r);
            }
        }
        waitBgsaveSince = 0;
        if (waiting.isEmpty()) {
            return;
        }
        boolean socket = diskless && waiting.stream().allMatch(r -> r.capaEof);
        LOG.info("Starting BGSAVE for SYNC with target: {}", socket ? "replicas sockets" : "disk");
        // The next command is preceded by SELECT on every link, as the RDB leaves the replica in no database.
        seldb = -1;
        long offset = masterReplOffset;
        for (ConnectedReplica r : waiting) {
            if (!r.preSync) {
                r.client.reply().rawBytes(("+FULLRESYNC " + replid + " " + offset + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                r.client.connection().flush();
            }
            r.held = new ByteArrayOutputStream();
        }
        snapshotRunning = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        rdb.dumpInBackground(out, replid, offset, failure -> {
            snapshotRunning = false;
            snapshotDone(waiting, socket, failure == null ? out.toByteArray() : null, failure);
        });
    }

    private void snapshotDone(List<ConnectedReplica> waiting, boolean socket, byte[] payload, Throwable failure) {
        if (failure != null) {
            LOG.warn("BGSAVE for replication failed: {}", failure.toString());
        } else if (!socket) {
            LOG.info("Background saving terminated with success");
        }
        int up = 0;
        for (ConnectedReplica r : waiting) {
            if (replicas.get(r.client.id()) != r) {
                continue; // went away meanwhile
            }
            Client c = r.client;
            if (payload == null) {
                c.connection().close();
                continue;
            }
            up++;
            if (socket) {
                byte[] mark = new byte[20];
                RANDOM.nextBytes(mark);
                byte[] eof = HexFormat.of().formatHex(mark).getBytes(StandardCharsets.US_ASCII);
                c.reply().rawBytes(("$EOF:" + new String(eof, StandardCharsets.US_ASCII) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                c.reply().rawBytes(Unpooled.wrappedBuffer(payload));
                c.reply().rawBytes(eof);
                // The held stream waits for the replica's first ACK.
                r.streamOnAck = true;
                r.bulkEnd = c.reply().totalBytes();
            } else {
                c.reply().rawBytes(("$" + payload.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                c.reply().rawBytes(Unpooled.wrappedBuffer(payload));
                r.bulkEnd = c.reply().totalBytes();
                c.reply().rawBytes(r.held.toByteArray());
                r.held = null;
            }
            r.state = ConnectedReplica.SEND_BULK;
            c.connection().flush();
        }
        if (socket && payload != null) {
            LOG.info("Diskless rdb transfer, done reading from pipe, {} replicas still up.", up);
        }
    }

    /** REPLCONF option value ... (Redis's replconfCommand). */
    void replconf(Client c, byte[][] argv) {
        if (argv.length % 2 == 0) {
            c.reply().error("ERR syntax error");
            return;
        }
        for (int i = 1; i < argv.length; i += 2) {
            String opt = Engine.lower(argv[i]);
            String val = Engine.str(argv[i + 1]);
            switch (opt) {
                case "listening-port" -> {
                    long port;
                    try {
                        port = Long.parseLong(val);
                    } catch (NumberFormatException e) {
                        c.reply().error("ERR value is not an integer or out of range");
                        return;
                    }
                    handshakeState(c).listeningPort = (int) port;
                }
                case "ip-address" -> {
                    if (val.length() >= 46) {
                        c.reply().error("ERR REPLCONF ip-address provided by replica instance is too long: "
                                + val.length() + " bytes");
                        return;
                    }
                    handshakeState(c).announcedIp = val;
                }
                case "capa" -> {
                    if (val.equalsIgnoreCase("eof")) {
                        handshakeState(c).capaEof = true;
                    } else if (val.equalsIgnoreCase("psync2")) {
                        handshakeState(c).capaPsync2 = true;
                    }
                }
                case "ack" -> {
                    // From a replica: its applied offset. Never answered.
                    ConnectedReplica r = replicas.get(c.id());
                    if (r == null || !c.has(Client.REPLICA)) {
                        return;
                    }
                    try {
                        long off = Long.parseLong(val);
                        if (off > r.ackOffset) {
                            r.ackOffset = off;
                        }
                    } catch (NumberFormatException e) {
                        return;
                    }
                    r.ackMillis = System.currentTimeMillis();
                    if (r.streamOnAck && r.held != null) {
                        // The replica loaded the diskless RDB: now the stream held meanwhile, then live.
                        r.streamOnAck = false;
                        r.client.reply().rawBytes(r.held.toByteArray());
                        r.held = null;
                        r.client.connection().flush();
                    }
                    if (r.state == ConnectedReplica.SEND_BULK) {
                        checkReplica(r, r.ackMillis);
                    }
                    ackReceived();
                    return;
                }
                case "getack" -> {
                    // From our master, inside the stream: answer with our offset at once.
                    if (masterHost != null && link != null && c.has(Client.MASTER)) {
                        link.sendAck();
                    }
                    return;
                }
                case "rdb-only" -> {
                    // Accepted (redis-cli --rdb); Vigil sends the RDB and the stream either way.
                }
                default -> {
                    c.reply().error("ERR Unrecognized REPLCONF option: " + Engine.str(argv[i]));
                    return;
                }
            }
        }
        c.reply().ok();
    }

    private void clientGone(Client c) {
        ConnectedReplica r = replicas.remove(c.id());
        if (r != null && r.attached) {
            LOG.info("Connection with replica {} lost.", r.name());
            if (replicas.values().stream().noneMatch(x -> x.attached)) {
                noReplicasSince = System.currentTimeMillis();
            }
        }
        waiters.removeIf(w -> w.client == c);
    }

    /** Closes every replica connection (they reconnect and, with PSYNC2, continue partially). */
    void disconnectReplicas() {
        for (ConnectedReplica r : new ArrayList<>(replicas.values())) {
            if (r.attached) {
                r.client.connection().close();
            }
        }
    }

    /** Replicas past the RDB whose last ACK is at most min-replicas-max-lag seconds old. */
    int goodReplicas() {
        long now = System.currentTimeMillis();
        long maxLag = config.get(Options.MIN_REPLICAS_MAX_LAG);
        int n = 0;
        for (ConnectedReplica r : replicas.values()) {
            if (r.attached && r.state == ConnectedReplica.ONLINE && (now - r.ackMillis) / 1000 <= maxLag) {
                n++;
            }
        }
        return n;
    }

    /** The command check the engine runs before each command (NOREPLICAS, MASTERDOWN). */
    private String gate(Client c, CommandSpec cmd, boolean writeLike) {
        if (masterHost == null) {
            int min = config.get(Options.MIN_REPLICAS_TO_WRITE);
            if (min > 0 && writeLike && config.get(Options.MIN_REPLICAS_MAX_LAG) > 0 && goodReplicas() < min) {
                return "NOREPLICAS Not enough good replicas to write.";
            }
            return null;
        }
        if (state != ReplicaLinkState.CONNECTED && !config.getBool(Options.REPLICA_SERVE_STALE_DATA)
                && !cmd.is(CommandFlags.STALE) && !c.has(Client.MASTER)) {
            return "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
        }
        return null;
    }

    // =============================================================================================
    // WAIT

    private static final class Waiter {
        final Client client;
        final long offset;
        final long numreplicas;

        Waiter(Client client, long offset, long numreplicas) {
            this.client = client;
            this.offset = offset;
            this.numreplicas = numreplicas;
        }
    }

    private final List<Waiter> waiters = new ArrayList<>();
    private boolean getackPending;

    /** Replicas that acknowledged {@code offset} or later. */
    int replicasAcked(long offset) {
        int n = 0;
        for (ConnectedReplica r : replicas.values()) {
            if (r.attached && r.state == ConnectedReplica.ONLINE && r.ackOffset >= offset) {
                n++;
            }
        }
        return n;
    }

    /** WAIT numreplicas timeout: blocks until that many replicas acknowledged this server's offset. */
    void waitCommand(Client c, byte[][] argv) {
        if (masterHost != null) {
            c.reply().error("ERR WAIT cannot be used with replica instances. Please also note that since Redis "
                    + "4.0 if a replica is configured to be writable (which is not the default) writes to "
                    + "replicas are just local and are not propagated.");
            return;
        }
        long numreplicas;
        try {
            numreplicas = io.vigil.util.Numbers.parseLong(argv[1]);
        } catch (io.vigil.util.Numbers.NotANumber ex) {
            c.reply().error("ERR value is not an integer or out of range");
            return;
        }
        long timeout;
        try {
            timeout = io.vigil.util.Numbers.parseLong(argv[2]);
        } catch (io.vigil.util.Numbers.NotANumber ex) {
            c.reply().error("ERR timeout is not an integer or out of range");
            return;
        }
        if (timeout < 0) {
            c.reply().error("ERR timeout is negative");
            return;
        }
        long offset = masterReplOffset;
        int acked = replicasAcked(offset);
        if (acked >= numreplicas || c.has(Client.MULTI)) {
            c.reply().integer(acked);
            return;
        }
        Waiter w = new Waiter(c, offset, numreplicas);
        waiters.add(w);
        engine.blockWithTimeout(c, timeout, () -> {
            waiters.remove(w);
            c.reply().integer(replicasAcked(w.offset));
        });
        requestAcks();
    }

    /** Asks every replica for its offset (REPLCONF GETACK *, through the stream) once per event-loop turn. */
    private void requestAcks() {
        if (getackPending) {
            return;
        }
        getackPending = true;
        loop.next().execute(() -> {
            getackPending = false;
            if (!waiters.isEmpty() && masterHost == null) {
                propagate(seldb, new byte[][] {"REPLCONF".getBytes(StandardCharsets.US_ASCII),
                    "GETACK".getBytes(StandardCharsets.US_ASCII), "*".getBytes(StandardCharsets.US_ASCII)});
            }
        });
    }

    private void ackReceived() {
        if (waiters.isEmpty()) {
            return;
        }
        for (Waiter w : new ArrayList<>(waiters)) {
            if (replicasAcked(w.offset) >= w.numreplicas) {
                waiters.remove(w);
                engine.unblockClient(w.client, false);
            }
        }
    }

    // =============================================================================================
    // REPLICA side: REPLICAOF

    /** REPLICAOF host port | NO ONE (also SLAVEOF). */
    void replicaof(Client c, byte[][] argv) {
        if (Engine.lower(argv[1]).equals("no") && Engine.lower(argv[2]).equals("one")) {
            if (masterHost != null) {
                unsetMaster();
                LOG.info("MASTER MODE enabled (user request from '{}')", clientInfo(c));
            }
            c.reply().ok();
            return;
        }
        if (c.has(Client.REPLICA)) {
            c.reply().error("ERR Command is not valid when client is a replica.");
            return;
        }
        long port;
        try {
            port = Long.parseLong(Engine.str(argv[2]));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            c.reply().error("ERR Invalid master port");
            return;
        }
        String host = Engine.str(argv[1]);
        if (masterHost != null && masterHost.equalsIgnoreCase(host) && masterPort == port) {
            LOG.info("REPLICAOF would result into synchronization with the master we are already connected "
                    + "with. No operation performed.");
            c.reply().rawBytes("+OK Already connected to specified master\r\n".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        setMaster(host, (int) port, true);
        LOG.info("REPLICAOF {}:{} enabled (user request from '{}')", masterHost, masterPort, clientInfo(c));
        c.reply().ok();
    }

    private static String clientInfo(Client c) {
        return "id=" + c.id() + " addr=" + (c.connection() == null ? "" : c.connection().remoteAddress())
                + " laddr=" + (c.connection() == null ? "" : c.connection().localAddress()) + " fd="
                + (c.connection() == null ? -1 : c.connection().fd()) + " name=" + c.name() + " db=" + c.dbIndex()
                + " user=" + c.user();
    }

    /** Redis's replicationSetMaster: become (or switch to being) a replica of host:port. */
    void setMaster(String host, int port, boolean runtime) {
        boolean wasMaster = masterHost == null;
        if (!wasMaster && state == ReplicaLinkState.CONNECTED) {
            // Freeing the master client caches it (Redis's replicationCacheMaster): PSYNC the new one with it.
            cachedReplid = replid;
            cachedOffset = masterReplOffset;
        }
        dropLink();
        masterHost = host;
        masterPort = port;
        config.update(Options.REPLICAOF, new ReplicaOf(host, port));
        // Our replicas must learn of the change; with PSYNC2 they continue partially afterwards.
        disconnectReplicas();
        if (wasMaster && runtime) {
            // Try to continue our own history with the new master (what lets an old master rejoin cheaply).
            cachedReplid = replid;
            cachedOffset = masterReplOffset;
        }
        state = ReplicaLinkState.CONNECT;
        linkDownSince = 0;
        applyRole();
        for (Waiter w : new ArrayList<>(waiters)) {
            waiters.remove(w);
            engine.unblockClient(w.client, false);
        }
        connectToMaster();
    }

    /** Redis's replicationUnsetMaster: REPLICAOF NO ONE. */
    void unsetMaster() {
        dropLink();
        masterHost = null;
        masterPort = 0;
        config.update(Options.REPLICAOF, (ReplicaOf) null);
        // Keep the history we had under replid as replid2, so our old peers can continue partially.
        replid2 = replid;
        secondReplOffset = masterReplOffset + 1;
        replid = newReplid();
        LOG.info("Setting secondary replication ID to {}, valid up to offset: {}. New replication ID is {}",
                replid2, secondReplOffset, replid);
        cachedReplid = null;
        disconnectReplicas();
        state = ReplicaLinkState.NONE;
        seldb = -1;
        if (backlog == null) {
            createBacklog();
        }
        applyRole();
    }

    void applyRole() {
        boolean replica = masterHost != null;
        engine.role(replica ? "replica" : "master");
        engine.readOnlyReplica(replica && config.getBool(Options.REPLICA_READ_ONLY));
        engine.keyspace().setLazyExpireDelete(!replica);
    }

    /** Opens a new connection to the master (state CONNECT → CONNECTING). */
    void connectToMaster() {
        if (masterHost == null || state != ReplicaLinkState.CONNECT || loop.isShuttingDown()) {
            return; // nothing to do, or the server is stopping
        }
        LOG.info("{} to MASTER {}:{}", reconnecting ? "Reconnecting" : "Connecting", masterHost, masterPort);
        reconnecting = false;
        state = ReplicaLinkState.CONNECTING;
        connectStarted = System.currentTimeMillis();
        link = new MasterLink(this);
        link.connect(masterHost, masterPort);
        LOG.info("MASTER <-> REPLICA sync started");
    }

    /** Closes the master link, if any, without reconnecting by itself. */
    private void dropLink() {
        if (link != null) {
            MasterLink l = link;
            link = null;
            l.shutdown();
        }
    }

    /** Called by the link when it closes or fails: cache what we have for PSYNC, retry from the cron. */
    void linkLost(MasterLink l, boolean wasConnected) {
        if (l != link) {
            return;
        }
        link = null;
        if (wasConnected) {
            LOG.info("Connection with master lost.");
            LOG.info("Caching the disconnected master state.");
            cachedReplid = replid;
            cachedOffset = masterReplOffset;
            linkDownSince = System.currentTimeMillis();
        }
        if (masterHost != null) {
            state = ReplicaLinkState.CONNECT;
            if (wasConnected) {
                // As Redis's replicationHandleMasterDisconnection: try again at once, not on the next cron.
                reconnecting = true;
                connectToMaster();
            }
        }
    }

    private boolean reconnecting;

    /** The handshake reached +FULLRESYNC: a new history begins; our replicas must sync again. */
    void fullSyncStarting() {
        cachedReplid = null;
        disconnectReplicas();
        backlog = null;
    }

    /** The RDB from the master was loaded: adopt its id and offset. */
    /**
     * Runs {@code r} each time a full sync has replaced the dataset with the master's (the wiring restarts the
     * AOF there, as Redis's restartAOFAfterSYNC: the old AOF no longer describes the dataset).
     */
    public void onDatasetReplaced(Runnable r) {
        datasetReplaced = r == null ? () -> { } : r;
    }

    private Runnable datasetReplaced = () -> { };

    void fullSyncDone(String masterReplid, long offset) {
        datasetReplaced.run();
        replid = masterReplid;
        masterReplOffset = offset;
        clearReplid2();
        createBacklog();
        seldb = -1;
        linkDownSince = 0;
        state = ReplicaLinkState.CONNECTED;
    }

    /** +CONTINUE [replid]: the master continues our history; a new id means it was promoted. */
    void partialSyncAccepted(String newReplid) {
        if (newReplid != null && !newReplid.equals(replid)) {
            LOG.warn("Master replication ID changed to {}", newReplid);
            replid2 = replid;
            secondReplOffset = masterReplOffset + 1;
            replid = newReplid;
            disconnectReplicas();
        }
        if (backlog == null) {
            createBacklog();
        }
        linkDownSince = 0;
        state = ReplicaLinkState.CONNECTED;
    }

    // =============================================================================================
    // Cron

    private void cron() {
        long now = System.currentTimeMillis();
        for (ConnectedReplica r : new ArrayList<>(replicas.values())) {
            if (r.attached && r.state == ConnectedReplica.SEND_BULK) {
                checkReplica(r, now);
            }
        }
        // Diskless: wait repl-diskless-sync-delay seconds for more replicas, or until max-replicas arrived.
        if (!snapshotRunning && waitBgsaveSince == 0 && replicas.values().stream()
                .anyMatch(r -> r.attached && r.state == ConnectedReplica.WAIT_BGSAVE && r.held == null)) {
            // Replicas that arrived while a snapshot was running: their turn now.
            if (config.getBool(Options.REPL_DISKLESS_SYNC)) {
                waitBgsaveSince = now;
            } else {
                startFullSync();
            }
        }
        if (waitBgsaveSince > 0) {
            long waiting = replicas.values().stream()
                    .filter(r -> r.attached && r.state == ConnectedReplica.WAIT_BGSAVE).count();
            int max = config.get(Options.REPL_DISKLESS_SYNC_MAX_REPLICAS);
            if (now - waitBgsaveSince >= config.get(Options.REPL_DISKLESS_SYNC_DELAY) * 1000L
                    || max > 0 && waiting >= max) {
                startFullSync();
            }
        }
        if (++cronTicks % 10 != 0) {
            return;
        }
        secondCron(now);
    }

    /** Once a second, as Redis's replicationCron. */
    private void secondCron(long now) {
        int secs = cronTicks / 10;
        long timeoutMs = config.get(Options.REPL_TIMEOUT) * 1000L;
        // Replica side: connect, time out, acknowledge.
        if (masterHost != null) {
            if (state == ReplicaLinkState.CONNECT) {
                connectToMaster();
            } else if ((state == ReplicaLinkState.CONNECTING || state.inHandshake())
                    && now - connectStarted > timeoutMs) {
                LOG.warn("Timeout connecting to the MASTER...");
                cancelLink();
            } else if (state == ReplicaLinkState.TRANSFER && link != null && now - link.lastIoMillis > timeoutMs) {
                LOG.warn("Timeout receiving bulk data from MASTER... If the problem persists try to set the "
                        + "'repl-timeout' parameter in redis.conf to a larger value.");
                cancelLink();
            } else if (state == ReplicaLinkState.CONNECTED && link != null) {
                if (now - link.lastIoMillis > timeoutMs) {
                    LOG.warn("MASTER timeout: no data nor PING received...");
                    link.close();
                } else {
                    link.sendAck();
                }
            }
        }
        // Master side: PING the replicas every repl-ping-replica-period seconds (inside the stream).
        boolean anyAttached = replicas.values().stream().anyMatch(r -> r.attached);
        if (masterHost == null && anyAttached && secs % config.get(Options.REPL_PING_REPLICA_PERIOD) == 0
                && !engine.clientsPaused()) {
            propagate(seldb, PING);
        }
        for (ConnectedReplica r : new ArrayList<>(replicas.values())) {
            if (!r.attached) {
                continue;
            }
            if (r.state == ConnectedReplica.WAIT_BGSAVE) {
                // A newline keeps the replica's read timeout at bay while it waits for the RDB.
                r.client.reply().rawBytes(new byte[] {'\n'});
                r.client.connection().flush();
            } else if (r.state == ConnectedReplica.ONLINE && !r.preSync && now - r.ackMillis > timeoutMs) {
                LOG.warn("Disconnecting timedout replica (streaming sync): {}", r.name());
                r.client.connection().close();
            }
        }
        // A master without replicas for repl-backlog-ttl seconds frees its backlog (and its history).
        long ttl = config.get(Options.REPL_BACKLOG_TTL);
        if (masterHost == null && backlog != null && ttl > 0 && !anyAttached && noReplicasSince > 0
                && now - noReplicasSince > ttl * 1000) {
            replid = newReplid();
            clearReplid2();
            backlog = null;
            LOG.info("Replication backlog freed after {} seconds without connected replicas.", ttl);
        }
        // Reached after the timeouts, like Redis: WAIT clients might be satisfied by the last ACKs.
        ackReceived();
    }

    private void cancelLink() {
        MasterLink l = link;
        link = null;
        if (l != null) {
            l.shutdown();
        }
        state = ReplicaLinkState.CONNECT;
    }

    // =============================================================================================
    // ROLE and INFO

    /** ROLE. */
    void role(Client c) {
        if (masterHost == null) {
            List<ConnectedReplica> online = new ArrayList<>();
            for (ConnectedReplica r : replicas.values()) {
                if (r.attached && r.state == ConnectedReplica.ONLINE) {
                    online.add(r);
                }
            }
            c.reply().array(3);
            c.reply().bulk("master");
            c.reply().integer(masterReplOffset);
            c.reply().array(online.size());
            for (ConnectedReplica r : online) {
                c.reply().array(3);
                c.reply().bulk(r.ip());
                c.reply().bulk(Integer.toString(r.listeningPort));
                c.reply().bulk(Long.toString(r.ackOffset));
            }
        } else {
            c.reply().array(5);
            c.reply().bulk("slave");
            c.reply().bulk(masterHost);
            c.reply().integer(masterPort);
            c.reply().bulk(state.roleName);
            c.reply().integer(state == ReplicaLinkState.CONNECTED ? masterReplOffset : -1);
        }
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    /** INFO replication, field for field as Redis 7.0. */
    void info(StringBuilder sb) {
        long now = System.currentTimeMillis();
        if (masterHost == null) {
            field(sb, "role", "master");
        } else {
            field(sb, "role", "slave");
            field(sb, "master_host", masterHost);
            field(sb, "master_port", masterPort);
            boolean up = state == ReplicaLinkState.CONNECTED;
            field(sb, "master_link_status", up ? "up" : "down");
            field(sb, "master_last_io_seconds_ago", up && link != null ? (now - link.lastIoMillis) / 1000 : -1);
            field(sb, "master_sync_in_progress", state == ReplicaLinkState.TRANSFER ? 1 : 0);
            long applied = up ? masterReplOffset : cachedReplid != null ? cachedOffset : 1;
            long read = up && link != null ? masterReplOffset + link.unappliedBytes() : applied;
            field(sb, "slave_read_repl_offset", read);
            field(sb, "slave_repl_offset", applied);
            if (state == ReplicaLinkState.TRANSFER && link != null) {
                long total = link.transferSize();
                long got = link.transferRead();
                field(sb, "master_sync_total_bytes", total);
                field(sb, "master_sync_read_bytes", got);
                field(sb, "master_sync_left_bytes", total - got);
                field(sb, "master_sync_perc", String.format(java.util.Locale.ROOT, "%.2f",
                        total > 0 ? got * 100.0 / total : 0.0));
                field(sb, "master_sync_last_io_seconds_ago", (now - link.lastIoMillis) / 1000);
            }
            if (!up) {
                field(sb, "master_link_down_since_seconds", linkDownSince > 0 ? (now - linkDownSince) / 1000 : -1);
            }
            field(sb, "slave_priority", config.get(Options.REPLICA_PRIORITY));
            field(sb, "slave_read_only", config.getBool(Options.REPLICA_READ_ONLY) ? 1 : 0);
            field(sb, "replica_announced", config.getBool(Options.REPLICA_ANNOUNCED) ? 1 : 0);
        }
        if (config.get(Options.MIN_REPLICAS_TO_WRITE) > 0 && config.get(Options.MIN_REPLICAS_MAX_LAG) > 0) {
            field(sb, "min_slaves_good_slaves", masterHost == null ? goodReplicas() : 0);
        }
        List<ConnectedReplica> attached = new ArrayList<>();
        for (ConnectedReplica r : replicas.values()) {
            if (r.attached) {
                attached.add(r);
            }
        }
        field(sb, "connected_slaves", attached.size());
        int i = 0;
        for (ConnectedReplica r : attached) {
            sb.append("slave").append(i++).append(":ip=").append(r.ip()).append(",port=").append(r.listeningPort)
                    .append(",state=").append(r.stateName()).append(",offset=").append(r.ackOffset)
                    .append(",lag=").append((now - r.ackMillis) / 1000).append("\r\n");
        }
        field(sb, "master_failover_state", "no-failover");
        field(sb, "master_replid", replid);
        field(sb, "master_replid2", replid2);
        field(sb, "master_repl_offset", masterReplOffset);
        field(sb, "second_repl_offset", secondReplOffset);
        field(sb, "repl_backlog_active", backlog != null ? 1 : 0);
        field(sb, "repl_backlog_size", backlog != null ? backlog.size() : config.get(Options.REPL_BACKLOG_SIZE));
        field(sb, "repl_backlog_first_byte_offset", backlog != null ? backlog.firstByteOffset() : 0);
        field(sb, "repl_backlog_histlen", backlog != null ? backlog.histlen() : 0);
    }

    // For tests and the wiring.

    /** This server's replication offset. */
    public long offset() {
        return masterReplOffset;
    }

    /** Whether this server is a replica whose link with its master is up. */
    public boolean linkUp() {
        return masterHost != null && state == ReplicaLinkState.CONNECTED;
    }
}
