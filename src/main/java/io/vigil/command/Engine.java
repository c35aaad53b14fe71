package io.vigil.command;

import io.vigil.config.Config;
import io.vigil.keyspace.Clock;
import io.vigil.keyspace.Database;
import io.vigil.keyspace.ExpiryListener;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.Keyspace;
import io.vigil.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server's state and the one place commands are run: Redis's processCommand and call().
 * Everything here runs on the execution thread; see the package documentation.
 */
public final class Engine implements ExpiryListener {

    /** The reply to a command against a key of another type. */
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    /** The reply when maxmemory is reached under noeviction. */
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNLINK = "UNLINK".getBytes(StandardCharsets.US_ASCII);

    private final Settings settings;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final Clock clock;
    private final Stats stats = new Stats();
    private final SlowLog slowLog = new SlowLog();
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final List<Client> monitors = new ArrayList<>();
    private final Map<String, Consumer<StringBuilder>> infoSections = new LinkedHashMap<>();
    private final String runId;
    private final ProcessInfo processInfo = new ProcessInfo();
    private final io.vigil.types.EncodingLimits encodingLimits = new io.vigil.types.EncodingLimits();
    private final long startMillis;
    /** Where changes go (AOF, replication backlog), in the order they were added. */
    private Propagator[] propagators = new Propagator[0];
    private Runnable shutdownHook = () -> { };
    private long nextClientId = 1;
    private final Watches watches = new Watches();
    private final Blocking blocking = new Blocking();
    private final List<Consumer<Client>> disconnectHooks = new ArrayList<>();
    private final List<Object[]> pendingPropagation = new ArrayList<>();
    private Scheduler scheduler = Scheduler.NONE;
    private int depth;
    private CommandSpec currentCommand;
    private Client reserving;
    private KeyRef servingKey;
    private boolean reservedBlockedAgain;
    private long dirty;
    private long errorsOfCurrent;
    private boolean readOnlyReplica;
    private Config config;
    private long lastSaveMillis;
    /** RDB persistence (SAVE, BGSAVE, MISCONF...), or null for bare engines in unit tests. */
    private io.vigil.persistence.RdbPersistence persistence;
    private final CommandSpec debugCommand;
    /** Commands with subcommands that also run without one (COMMAND): with arguments, a subcommand runs. */
    private final CommandSpec[] withBareForm;
    private final PubSub pubsub;
    private Client executing;

    /** An engine over {@code keyspace} with the given settings, commands and clock. */
    public Engine(Settings settings, Keyspace keyspace, CommandTable commands, Clock clock) {
        this.settings = settings;
        this.keyspace = keyspace;
        this.commands = commands;
        this.clock = clock;
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        this.startMillis = clock.millis();
        this.lastSaveMillis = startMillis;
        this.debugCommand = commands.lookup("debug");
        List<CommandSpec> bare = new ArrayList<>();
        for (CommandSpec spec : commands.all()) {
            if (spec.handler() != null && !spec.subcommands().isEmpty()) {
                bare.add(spec);
            }
        }
        this.withBareForm = bare.toArray(new CommandSpec[0]);
        Info.install(this);
        this.pubsub = new PubSub(this);
        keyspaceEvents(new KeyspaceNotifier(settings, pubsub));
    }

    // ---------------------------------------------------------------------------------------------
    // Accessors

    /** Cached settings from the configuration. */
    public Settings settings() {
        return settings;
    }

    /** The databases. */
    public Keyspace keyspace() {
        return keyspace;
    }

    /** The command table. */
    public CommandTable commands() {
        return commands;
    }

    /** The clock keys expire by. */
    public Clock clock() {
        return clock;
    }

    /** Counters for INFO stats. */
    public Stats stats() {
        return stats;
    }

    /** The slow log. */
    public SlowLog slowLog() {
        return slowLog;
    }

    /** The compact-encoding thresholds of the collection types. */
    public io.vigil.types.EncodingLimits encodingLimits() {
        return encodingLimits;
    }

    /** The pub/sub registry (channels, patterns, shard channels and their subscribers). */
    public PubSub pubsub() {
        return pubsub;
    }

    /** The client whose command is running, or null (cron work such as active expiry). */
    public Client executingClient() {
        return executing;
    }

    /** Process facts for INFO server. */
    public ProcessInfo processInfo() {
        return processInfo;
    }

    /** The 40-hex-digit run id of this process. */
    public String runId() {
        return runId;
    }

    /** When the engine started (unix ms). */
    public long startMillis() {
        return startMillis;
    }

    /** The configuration, or null when none was attached (bare engines in unit tests). */
    public Config config() {
        return config;
    }

    /** Attaches the configuration CONFIG GET/SET/REWRITE act on (called once by the wiring). */
    public void config(Config config) {
        this.config = config;
    }

    /** The unix time in ms of the last successful save (LASTSAVE); the start time until a save happens. */
    public long lastSaveMillis() {
        return lastSaveMillis;
    }

    /** Records a successful save at {@code unixMillis}. */
    public void lastSaveMillis(long unixMillis) {
        this.lastSaveMillis = unixMillis;
    }

    /** The RDB persistence, or null when none is attached. */
    public io.vigil.persistence.RdbPersistence persistence() {
        return persistence;
    }

    /** Attaches the RDB persistence (called once by the wiring). */
    public void persistence(io.vigil.persistence.RdbPersistence p) {
        this.persistence = p;
    }

    /** Changes since the last save. */
    public long dirty() {
        return dirty;
    }

    /** Records {@code n} changes to the dataset. A command that changed nothing must not call this. */
    public void addDirty(long n) {
        dirty += n;
    }

    /** Resets the change counter after a save. */
    public void resetDirty() {
        dirty = 0;
    }

    /** Makes {@code p} the only receiver of propagated changes (null: none); tests use it to record the stream. */
    public void propagator(Propagator p) {
        this.propagators = p == null || p == Propagator.NONE ? new Propagator[0] : new Propagator[] {p};
    }

    /** Adds a receiver of propagated changes (the AOF, the replication backlog); each sees every change in order. */
    public void addPropagator(Propagator p) {
        Propagator[] next = java.util.Arrays.copyOf(propagators, propagators.length + 1);
        next[propagators.length] = p;
        propagators = next;
    }

    /** Removes a receiver added with {@link #addPropagator}. */
    public void removePropagator(Propagator p) {
        propagators = java.util.Arrays.stream(propagators).filter(x -> x != p).toArray(Propagator[]::new);
    }

    private void emit(int db, byte[][] argv) {
        for (Propagator p : propagators) {
            p.propagate(db, argv);
        }
    }

    // --- replication hooks (io.vigil.replication) ---------------------------------------------

    /**
     * A check run before each command after the engine's own (replication: NOREPLICAS on a master without
     * enough good replicas, MASTERDOWN on a replica whose link is down): an error reply, or null to go on.
     */
    public interface CommandGate {
        /** {@code write}: the command (or the EXEC of a transaction holding one) may change the dataset. */
        String check(Client c, CommandSpec cmd, boolean write);
    }

    private CommandGate commandGate;

    /** Sets the {@link CommandGate} (null: none). */
    public void commandGate(CommandGate gate) {
        this.commandGate = gate;
    }

    /**
     * Sends {@code argv} to the receivers that take replica-only traffic (replication, not the AOF): PUBLISH,
     * as Redis propagates it. Buffered with the command's other changes like {@link #propagate}.
     */
    public void propagateToReplicas(int db, byte[][] argv) {
        if (propagators.length == 0) {
            return;
        }
        if (depth > 0) {
            pendingPropagation.add(new Object[] {db, argv, Boolean.TRUE});
        } else {
            emitReplicaOnly(db, argv);
        }
    }

    private void emitReplicaOnly(int db, byte[][] argv) {
        for (Propagator p : propagators) {
            if (p.receivesReplicaOnly()) {
                p.propagate(db, argv);
            }
        }
    }

    private void emitEntry(Object[] p) {
        if (p.length > 2) {
            emitReplicaOnly((Integer) p[0], (byte[][]) p[1]);
        } else {
            emit((Integer) p[0], (byte[][]) p[1]);
        }
    }

    // --- end of replication hooks -------------------------------------------------------------

    /** Sets what SHUTDOWN runs. */
    public void shutdownHook(Runnable hook) {
        this.shutdownHook = hook;
    }

    /** Runs the shutdown hook. */
    public void shutdown() {
        shutdownHook.run();
    }

    /** Whether writes from normal clients are refused with READONLY. */
    public void readOnlyReplica(boolean v) {
        this.readOnlyReplica = v;
    }

    private String role = "master";
    private String mode = "standalone";

    /** "master" or "replica" as HELLO reports it. */
    public String role() {
        return role;
    }

    /** Sets the role HELLO and INFO report. */
    public void role(String role) {
        this.role = role;
    }

    /** "standalone" or "sentinel". */
    public String mode() {
        return mode;
    }

    /** Sets the mode HELLO reports. */
    public void mode(String mode) {
        this.mode = mode;
    }

    /** Hooks other layers add to RESET (unsubscribe, discard a transaction, ...). */
    private final List<Consumer<Client>> resetHooks = new ArrayList<>();

    /** Adds something RESET must undo for a client. */
    public void onReset(Consumer<Client> hook) {
        resetHooks.add(hook);
    }

    /** RESET: back to the state of a new connection (database 0, RESP2, no name, not monitoring...). */
    public void resetClient(Client c) {
        resetHooks.forEach(h -> h.accept(c));
        discardTransaction(c);
        c.select(0);
        c.reply().protocol(2);
        c.name("");
        c.replyMode(Client.ReplyMode.ON);
        c.clear(Client.MONITOR | Client.NO_EVICT | Client.MULTI | Client.DIRTY_EXEC | Client.PUBSUB);
        monitors.remove(c);
        c.user = "default";
        c.authenticated = !authRequired();
    }

    /** Whether a password is required before commands run. */
    public boolean authRequired() {
        return settings.requirePass() != null;
    }

    /** Registers (or replaces) an INFO section; sections print in registration order. */
    public void infoSection(String name, Consumer<StringBuilder> writer) {
        infoSections.put(name.toLowerCase(Locale.ROOT), writer);
    }

    /** Removes an INFO section (Sentinel mode has no keyspace, memory, persistence... sections). */
    public void removeInfoSection(String name) {
        infoSections.remove(name.toLowerCase(Locale.ROOT));
    }

    /** The INFO sections by lower-case name, in order. */
    public Map<String, Consumer<StringBuilder>> infoSections() {
        return Collections.unmodifiableMap(infoSections);
    }

    // ---------------------------------------------------------------------------------------------
    // Persistence hooks (AOF): loading, the pseudo client, work before replies, INFO's aof_* fields

    /** Whether the dataset is being loaded from disk (INFO loading): nothing is propagated meanwhile. */
    private boolean loading;
    private ReplyBarrier[] replyBarriers = new ReplyBarrier[0];
    private Consumer<StringBuilder> aofInfo = Info::aofOff;

    /** Whether the dataset is being loaded (AOF replay): commands run then are not propagated. */
    public boolean loading() {
        return loading;
    }

    /** Marks the start or the end of loading. */
    public void loading(boolean on) {
        this.loading = on;
    }

    /**
     * A client with no connection that no CLIENT LIST shows, for replaying commands read from disk (Redis's
     * fake AOF client): authenticated, and flagged as a master link so that the OOM and read-only checks let
     * the replay through as Redis's loader does. Its replies go to {@code reply}; the caller drops them.
     */
    public Client pseudoClient(Reply reply) {
        Client c = new Client(-1, this, reply, Connection.NONE);
        c.authenticated = true;
        c.set(Client.MASTER | Client.INTERNAL);
        return c;
    }

    /** Adds work that runs after commands and before their replies leave (see {@link ReplyBarrier}). */
    public void addReplyBarrier(ReplyBarrier b) {
        ReplyBarrier[] next = java.util.Arrays.copyOf(replyBarriers, replyBarriers.length + 1);
        next[replyBarriers.length] = b;
        replyBarriers = next;
    }

    /** Whether a reply barrier has work pending: the network layer then runs them before it sends replies. */
    public boolean repliesHeld() {
        for (ReplyBarrier b : replyBarriers) {
            if (b.pending()) {
                return true;
            }
        }
        return false;
    }

    /** Runs the pending reply barriers (Redis's beforeSleep: the AOF write before the replies). */
    public void runReplyBarriers() {
        for (ReplyBarrier b : replyBarriers) {
            if (b.pending()) {
                b.run();
            }
        }
    }

    /** What writes INFO persistence's aof_* and module_fork_* fields. */
    public Consumer<StringBuilder> aofInfo() {
        return aofInfo;
    }

    /** Sets what writes INFO persistence's aof_* and module_fork_* fields (the AOF layer). */
    public void aofInfo(Consumer<StringBuilder> writer) {
        this.aofInfo = writer == null ? Info::aofOff : writer;
    }

    // ---------------------------------------------------------------------------------------------
    // Clients

    /** Creates and registers a client for a new connection. */
    public Client newClient(Reply reply, Connection connection) {
        Client c = new Client(nextClientId++, this, reply, connection);
        clients.put(c.id(), c);
        stats.connectionsReceived++;
        return c;
    }

    /** Forgets a client whose connection closed. */
    public void removeClient(Client c) {
        blocking.unblock(c);
        forgetPausedOrWaiting(c);
        watches.unwatchAll(c);
        disconnectHooks.forEach(h -> h.accept(c));
        clients.remove(c.id());
        monitors.remove(c);
    }

    /** Adds something to undo when a client disconnects (unsubscribe, ...). */
    public void onDisconnect(Consumer<Client> hook) {
        disconnectHooks.add(hook);
    }

    /** Sets how the engine schedules timeouts on the execution thread. */
    public void scheduler(Scheduler s) {
        this.scheduler = s == null ? Scheduler.NONE : s;
    }

    /** The scheduler for timeouts. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Clients blocked on keys, by WAIT, or postponed by CLIENT PAUSE (INFO blocked_clients). */
    public int blockedClients() {
        return blocking.blockedClients() + postponed.size() + waiting;
    }

    /** The connected clients in id order. */
    public Collection<Client> clients() {
        return Collections.unmodifiableCollection(clients.values());
    }

    /** The client with {@code id}, or null. */
    public Client client(long id) {
        return clients.get(id);
    }

    /** Puts {@code c} in MONITOR mode. */
    public void addMonitor(Client c) {
        c.set(Client.MONITOR);
        if (!monitors.contains(c)) {
            monitors.add(c);
        }
    }

    /** Number of MONITOR clients. */
    public int monitorCount() {
        return monitors.size();
    }

    void countError(String code) {
        stats.countError(code);
        errorsOfCurrent++;
    }

    // ---------------------------------------------------------------------------------------------
    // Keys

    /** Looks a key up for reading (lookupKeyRead), counting a keyspace hit or miss; a miss notifies keymiss. */
    public KeyEntry lookupRead(Client c, byte[] key) {
        KeyEntry e = c.db().lookup(key);
        if (e == null) {
            stats.keyspaceMisses++;
            keyspaceEvent(KeyspaceEvents.KEY_MISS, "keymiss", key, c.dbIndex());
        } else {
            stats.keyspaceHits++;
        }
        return e;
    }

    /** Looks a key up for writing (no hit/miss counting). */
    public KeyEntry lookupWrite(Client c, byte[] key) {
        return c.db().lookup(key);
    }

    /**
     * Called by the keyspace for each key it deleted because its TTL passed: count it, and propagate the
     * deletion so replicas and the AOF drop the key at the same point of the stream.
     */
    @Override
    public void expired(Database db, byte[] key) {
        stats.expiredKeys++;
        if (!watches.isEmpty()) {
            watches.touch(new KeyRef(db.id(), key));
        }
        keyspaceEvent(KeyspaceEvents.EXPIRED, "expired", key, db.id());
        propagate(db.id(), new byte[][] {settings.lazyfreeLazyExpire() ? UNLINK : DEL, key});
    }

    /** Called for each key evicted under maxmemory. */
    public void evicted(Database db, byte[] key) {
        stats.evictedKeys++;
        if (!watches.isEmpty()) {
            watches.touch(new KeyRef(db.id(), key));
        }
        keyspaceEvent(KeyspaceEvents.EVICTED, "evicted", key, db.id());
        propagate(db.id(), new byte[][] {settings.lazyfreeLazyEviction() ? UNLINK : DEL, key});
    }

    private KeyspaceEvents keyspaceEvents = KeyspaceEvents.NONE;

    /** Sets who receives keyspace notifications. */
    public void keyspaceEvents(KeyspaceEvents events) {
        this.keyspaceEvents = events == null ? KeyspaceEvents.NONE : events;
    }

    /** Sends a keyspace notification of class {@code type} (a {@link KeyspaceEvents} bit). */
    public void keyspaceEvent(int type, String event, byte[] key, int db) {
        keyspaceEvents.notify(type, event, key, db);
    }

    /**
     * Redis's signalModifiedKey: {@code key} in database {@code db} changed. Fails the watchers' EXEC and
     * wakes clients blocked on it. The engine calls this for the key arguments of every write command that
     * changed the dataset; a command that changes a key elsewhere (MOVE, COPY ... DB) calls it itself.
     */
    public void keyModified(int db, byte[] key) {
        if (watches.isEmpty() && blocking.isEmpty()) {
            return;
        }
        KeyRef k = new KeyRef(db, key);
        watches.touch(k);
        blocking.signal(k);
    }

    /**
     * Database {@code db} is about to be emptied (FLUSHDB, FLUSHALL) or swapped with {@code replacement}
     * (SWAPDB): watched keys existing in either are touched, and blocked clients re-checked.
     */
    public void databaseReplaced(Database db, Database replacement) {
        if (!watches.isEmpty()) {
            watches.touchDb(db, replacement);
        }
        if (!blocking.isEmpty()) {
            blocking.signalDb(db.id());
        }
    }

    /**
     * Sends {@code argv} to replicas and the AOF. Inside a command it is buffered and emitted when the
     * command completes, wrapped in MULTI/EXEC when it is more than one command (as Redis 7.0 does).
     */
    public void propagate(int db, byte[][] argv) {
        if (propagators.length == 0 || loading) {
            return;
        }
        if (depth > 0) {
            pendingPropagation.add(new Object[] {db, argv});
        } else {
            emit(db, argv);
        }
    }

    private static final byte[][] MULTI_CMD = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC_CMD = {"EXEC".getBytes(StandardCharsets.US_ASCII)};

    private void flushPropagation() {
        int n = pendingPropagation.size();
        if (n == 0) {
            return;
        }
        if (n == 1) {
            emitEntry(pendingPropagation.get(0));
        } else {
            int firstDb = (Integer) pendingPropagation.get(0)[0];
            emit(firstDb, MULTI_CMD);
            int lastDb = firstDb;
            for (Object[] p : pendingPropagation) {
                lastDb = (Integer) p[0];
                emitEntry(p);
            }
            emit(lastDb, EXEC_CMD);
        }
        pendingPropagation.clear();
    }

    // ---------------------------------------------------------------------------------------------
    // Blocking

    /**
     * Blocks {@code c} on {@code keys} (its current command found nothing to take). The command must not
     * reply; it is run again when one of the keys is written, or answered with {@code nullBulkOnTimeout}
     * ? a null bulk : a null array when {@code timeoutMillis} (0 = forever) passes. Inside EXEC nothing
     * blocks: the timeout reply is sent at once.
     */
    public void block(Client c, byte[][] argv, List<byte[]> keys, long timeoutMillis, boolean nullBulkOnTimeout) {
        Blocking.TimeoutReply kind = nullBulkOnTimeout ? Blocking.TimeoutReply.NULL_BULK
                : Blocking.TimeoutReply.NULL_ARRAY;
        if (c.has(Client.IN_EXEC)) {
            timeoutReply(c, kind);
            return;
        }
        if (c == reserving) {
            reservedBlockedAgain = true;
            return;
        }
        List<KeyRef> refs = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            refs.add(new KeyRef(c.dbIndex(), k));
        }
        Blocking.State st = new Blocking.State(currentCommand, argv, refs, kind);
        blocking.block(c, st);
        if (timeoutMillis > 0) {
            st.timer = scheduler.schedule(() -> {
                if (c.blocked == st) {
                    blocking.unblock(c);
                    timeoutReply(c, kind);
                    c.connection().flush();
                    c.connection().resume();
                }
            }, timeoutMillis);
        }
    }

    private static void timeoutReply(Client c, Blocking.TimeoutReply kind) {
        if (kind == Blocking.TimeoutReply.NULL_BULK) {
            c.reply().nullBulk();
        } else {
            c.reply().nullArray();
        }
    }

    /**
     * Parses a blocking timeout in seconds (fractions allowed) into milliseconds as Redis does; replies
     * the error and returns -1 if it is not valid.
     */
    public static long parseTimeout(Client c, byte[] arg) {
        double secs;
        try {
            secs = io.vigil.util.Numbers.parseDouble(arg);
        } catch (io.vigil.util.Numbers.NotANumber e) {
            secs = beyondDouble(arg);
            if (Double.isNaN(secs)) {
                c.reply().error("ERR timeout is not a float or out of range");
                return -1;
            }
        }
        // Redis 7.0 rounds up to whole milliseconds (so -0.0001 is 0: forever) and converts to a 64-bit
        // integer: anything negative or past 2^63 ms (e.g. inf) is "negative".
        double ms = Math.ceil(secs * 1000);
        if (!(ms >= 0 && ms < 0x1p63)) {
            c.reply().error("ERR timeout is negative");
            return -1;
        }
        return (long) ms;
    }

    /**
     * Redis reads a timeout as a long double: a decimal number past the range of a double but within a long
     * double's (about 1e-4950..1e4931) is valid. Returns infinity for such a huge one, the smallest double
     * for a tiny positive one, -0.0 for a tiny negative one, NaN if {@code arg} is not such a number.
     */
    private static double beyondDouble(byte[] arg) {
        String s = new String(arg, StandardCharsets.ISO_8859_1);
        if (!s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)[eE][+-]?\\d{1,9}")) {
            return Double.NaN;
        }
        java.math.BigDecimal v = new java.math.BigDecimal(s);
        if (v.signum() == 0) {
            return Double.NaN;
        }
        long exponent = (long) v.precision() - v.scale() - 1;
        if (exponent > 4931 || exponent < -4950) {
            return Double.NaN;
        }
        if (exponent > 0) {
            return v.signum() > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return v.signum() > 0 ? Double.MIN_VALUE : -0.0;
    }

    /**
     * While a blocked client's command is run again because a key it waits on was written: that key, else
     * null. Redis 7.0 serves a blocked client from the key that became ready (not from its first non-empty
     * key), and leaves it blocked if that key now holds another type; blocking commands use this to do
     * the same.
     */
    public byte[] servingKey(Client c) {
        return c == reserving && servingKey != null ? servingKey.key() : null;
    }

    /** Serves clients blocked on keys that writes made ready, oldest first, until nothing is ready. */
    private void serveBlocked() {
        while (blocking.hasReady()) {
            KeyRef readyKey = blocking.peekReady();
            for (Client c : blocking.takeReady()) {
                Blocking.State st = c.blocked;
                if (st == null) {
                    continue;
                }
                int savedDb = c.dbIndex();
                c.select(st.keys.get(0).db());
                reserving = c;
                servingKey = readyKey;
                reservedBlockedAgain = false;
                depth++;
                try {
                    call(c, st.cmd, st.argv);
                } finally {
                    depth--;
                    reserving = null;
                    servingKey = null;
                    c.select(savedDb);
                }
                flushPropagation();
                if (!reservedBlockedAgain) {
                    blocking.unblock(c);
                    c.connection().flush();
                    c.connection().resume();
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // CLIENT PAUSE, WAIT

    /** No CLIENT PAUSE in effect. */
    static final int PAUSE_NONE = 0;
    /** CLIENT PAUSE WRITE: commands that may change the dataset wait. */
    static final int PAUSE_WRITE = 1;
    /** CLIENT PAUSE ALL: every command of normal clients waits. */
    static final int PAUSE_ALL = 2;

    private int pauseType = PAUSE_NONE;
    private long pauseEndMillis;
    private Scheduler.Handle pauseTimer;
    /** Clients whose current command waits for the pause to end, in arrival order. */
    private final List<Client> postponed = new ArrayList<>();
    /** Clients blocked by WAIT (or another command blocked with a timeout reply, not on keys). */
    private int waiting;

    /**
     * CLIENT PAUSE: until {@code endMillis} (unix ms) normal clients' commands wait, all of them if
     * {@code all}, else only those that may change the dataset (write and may-replicate commands, and EXEC
     * of a transaction holding one). While a pause is in effect it never gets weaker or shorter: the later
     * end and the stronger type win, as in Redis.
     */
    public void pauseClients(long endMillis, boolean all) {
        int type = all ? PAUSE_ALL : PAUSE_WRITE;
        if (type > pauseType) {
            pauseType = type;
        }
        if (endMillis > pauseEndMillis) {
            pauseEndMillis = endMillis;
            if (pauseTimer != null) {
                pauseTimer.cancel();
            }
            pauseTimer = scheduler.schedule(this::checkPauseEnd, Math.max(0, endMillis - System.currentTimeMillis()));
        }
    }

    /** CLIENT UNPAUSE, or the end of the pause: the postponed clients run their command again, in order. */
    public void unpauseClients() {
        pauseType = PAUSE_NONE;
        pauseEndMillis = 0;
        if (pauseTimer != null) {
            pauseTimer.cancel();
            pauseTimer = null;
        }
        if (postponed.isEmpty()) {
            return;
        }
        List<Client> resumed = new ArrayList<>(postponed);
        postponed.clear();
        // After the command that ended the pause has finished, as Redis does with its unblocked clients. They
        // stay blocked until then, so that nothing they send meanwhile overtakes the postponed command.
        scheduler.schedule(() -> {
            for (Client c : resumed) {
                byte[][] argv = c.postponedArgv;
                c.postponedArgv = null;
                if (argv == null || clients.get(c.id()) != c) {
                    continue;
                }
                c.clear(Client.BLOCKED);
                execute(c, argv);
                if (!c.has(Client.BLOCKED)) {
                    c.connection().flush();
                    c.connection().resume();
                }
            }
        }, 0);
    }

    /** Whether a CLIENT PAUSE is in effect. */
    public boolean clientsPaused() {
        return pauseType != PAUSE_NONE;
    }

    private void checkPauseEnd() {
        if (pauseType != PAUSE_NONE && System.currentTimeMillis() >= pauseEndMillis) {
            unpauseClients();
        }
    }

    private boolean pausedFor(Client c, CommandSpec cmd) {
        if (System.currentTimeMillis() >= pauseEndMillis) {
            unpauseClients();
            return false;
        }
        if (pauseType == PAUSE_ALL || cmd.is(CommandFlags.WRITE) || cmd.is(CommandFlags.MAY_REPLICATE)) {
            return true;
        }
        if (cmd.name().equals("exec") && c.multiCommands != null) {
            for (CommandSpec queued : c.multiCommands) {
                if (queued.is(CommandFlags.WRITE) || queued.is(CommandFlags.MAY_REPLICATE)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void postpone(Client c, byte[][] argv) {
        c.set(Client.BLOCKED);
        c.postponedArgv = argv;
        postponed.add(c);
    }

    /**
     * Blocks {@code c} with a timeout reply rather than on keys (WAIT): the command has not replied, the
     * client's further requests wait, and when {@code timeoutMillis} (0 = never) passes {@code onTimeout}
     * replies and the client resumes. {@link #unblockClient} ends it early.
     */
    public void blockWithTimeout(Client c, long timeoutMillis, Runnable onTimeout) {
        c.set(Client.BLOCKED);
        c.waitTimeout = onTimeout;
        c.waitDeadline = timeoutMillis > 0 ? System.currentTimeMillis() + timeoutMillis : 0;
        waiting++;
        if (timeoutMillis > 0) {
            c.waitTimer = scheduler.schedule(() -> {
                if (c.waitTimeout == onTimeout && clients.get(c.id()) == c) {
                    endWait(c);
                    onTimeout.run();
                    c.connection().flush();
                    c.connection().resume();
                }
            }, timeoutMillis);
        }
    }

    private void endWait(Client c) {
        c.waitTimeout = null;
        c.waitDeadline = 0;
        if (c.waitTimer != null) {
            c.waitTimer.cancel();
            c.waitTimer = null;
        }
        c.clear(Client.BLOCKED);
        waiting--;
    }

    /**
     * CLIENT UNBLOCK: ends the block of a client blocked by a command (on keys, or WAIT) as if it timed out,
     * or with an UNBLOCKED error when {@code error}. False if {@code c} is not blocked by a command (a client
     * postponed by CLIENT PAUSE is not).
     */
    public boolean unblockClient(Client c, boolean error) {
        Runnable onTimeout = c.waitTimeout;
        if (onTimeout != null) {
            endWait(c);
            if (error) {
                c.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
            } else {
                onTimeout.run();
            }
        } else if (c.blocked != null) {
            Blocking.State st = blocking.unblock(c);
            if (error) {
                c.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
            } else {
                timeoutReply(c, st.timeoutReply);
            }
        } else {
            return false;
        }
        scheduler.schedule(() -> {
            if (clients.get(c.id()) == c) {
                c.connection().flush();
                c.connection().resume();
            }
        }, 0);
        return true;
    }

    /** Blocked clients that wait with a timeout (INFO clients_in_timeout_table). */
    public int clientsInTimeoutTable() {
        int n = 0;
        for (Client c : clients.values()) {
            if (c.waitDeadline > 0 || c.blocked != null && c.blocked.timer != null) {
                n++;
            }
        }
        return n;
    }

    private void forgetPausedOrWaiting(Client c) {
        if (postponed.remove(c)) {
            c.clear(Client.BLOCKED);
            c.postponedArgv = null;
        }
        if (c.waitTimeout != null) {
            endWait(c);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Transactions

    /** Whether {@code c} is inside MULTI. */
    public boolean inMulti(Client c) {
        return c.has(Client.MULTI);
    }

    /** MULTI: start queueing. */
    void multi(Client c) {
        c.set(Client.MULTI);
        c.multiQueue = new ArrayList<>();
        c.multiCommands = new ArrayList<>();
    }

    /** DISCARD (and the end of EXEC): forget the queue and the watches. */
    void discardTransaction(Client c) {
        c.clear(Client.MULTI | Client.DIRTY_EXEC);
        c.multiQueue = null;
        c.multiCommands = null;
        watches.unwatchAll(c);
    }

    /** WATCH key: remember the key for this client's next EXEC. */
    void watch(Client c, byte[] key) {
        watches.watch(c, new KeyRef(c.dbIndex(), key));
    }

    /** UNWATCH. */
    void unwatch(Client c) {
        watches.unwatchAll(c);
    }

    /** EXEC: runs the queue atomically, or aborts it. */
    void exec(Client c) {
        if (c.has(Client.DIRTY_EXEC)) {
            discardTransaction(c);
            c.reply().error("EXECABORT Transaction discarded because of previous errors.");
            return;
        }
        // A watched key that expired since WATCH counts as touched: look each up so lazy expiry runs.
        for (KeyRef k : new ArrayList<>(c.watched)) {
            keyspace.db(k.db()).lookupNoTouch(k.key());
        }
        if (c.has(Client.DIRTY_CAS)) {
            discardTransaction(c);
            c.reply().nullArray();
            return;
        }
        List<byte[][]> queue = c.multiQueue;
        List<CommandSpec> cmds = c.multiCommands;
        c.clear(Client.MULTI);
        watches.unwatchAll(c);
        c.reply().array(queue.size());
        c.set(Client.IN_EXEC);
        try {
            for (int i = 0; i < queue.size(); i++) {
                CommandSpec cmd = cmds.get(i);
                byte[][] argv = queue.get(i);
                if (readOnlyReplica && cmd.is(CommandFlags.WRITE) && !c.has(Client.MASTER)) {
                    c.reply().error("READONLY You can't write against a read only replica.");
                    continue;
                }
                call(c, cmd, argv);
            }
        } finally {
            c.clear(Client.IN_EXEC);
            c.multiQueue = null;
            c.multiCommands = null;
        }
    }

    private static boolean queuesInMulti(CommandSpec cmd) {
        String n = cmd.name();
        return !(n.equals("exec") || n.equals("discard") || n.equals("multi") || n.equals("watch")
                || n.equals("quit") || n.equals("reset"));
    }

    // ---------------------------------------------------------------------------------------------
    // Execution

    /**
     * Runs one request from {@code c}: the checks Redis makes before any command, then the command, then
     * statistics, slow log and propagation.
     */
    public void execute(Client c, byte[][] argv) {
        depth++;
        try {
            process(c, argv);
        } finally {
            depth--;
        }
        if (depth == 0) {
            flushPropagation();
            if (blocking.hasReady()) {
                serveBlocked();
            }
        }
    }

    private void process(Client c, byte[][] argv) {
        c.lastInteraction = clock.millis();
        c.argv = argv;
        CommandSpec cmd = commands.lookup(argv[0]);
        c.lastCommand = cmd;
        if (cmd == null) {
            rejectUnknown(c, argv);
            return;
        }
        if (cmd.handler() == null || argv.length >= 2 && hasBareForm(cmd)) {
            if (argv.length < 2) {
                reject(c, cmd, "ERR wrong number of arguments for '" + cmd.name() + "' command");
                return;
            }
            CommandSpec sub = cmd.subcommands().get(lower(argv[1]));
            c.lastCommand = sub;
            if (sub == null) {
                reject(c, null, "ERR unknown subcommand '" + truncate(str(argv[1]), 128) + "'. Try "
                        + cmd.name().toUpperCase(Locale.ROOT) + " HELP.");
                return;
            }
            cmd = sub;
        }
        if (!cmd.arityOk(argv.length)) {
            reject(c, cmd, "ERR wrong number of arguments for '" + cmd.name() + "' command");
            return;
        }
        if (cmd == debugCommand && !debugAllowed(c)) {
            reject(c, cmd, "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
                    + "you can run it from a local connection, otherwise you need to set this option in the "
                    + "configuration file, and then restart the server.");
            return;
        }
        if (!c.authenticated && !cmd.is(CommandFlags.NO_AUTH)) {
            reject(c, cmd, "NOAUTH Authentication required.");
            return;
        }
        if (c.has(Client.PUBSUB) && c.protocol() == 2 && !allowedWhileSubscribed(cmd)) {
            reject(c, cmd, "ERR Can't execute '" + cmd.name() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        if (settings.maxmemory() > 0 && !c.has(Client.MASTER) && !evictIfNeeded()
                && cmd.is(CommandFlags.DENYOOM)) {
            reject(c, cmd, OOM);
            return;
        }
        if (persistence != null && !c.has(Client.MASTER) && (cmd.is(CommandFlags.WRITE) || cmd.name().equals("ping"))) {
            // MISCONF: the last background save failed under stop-writes-on-bgsave-error
            String denied = persistence.writeDeniedError();
            if (denied != null) {
                reject(c, cmd, denied);
                return;
            }
        }
        if (readOnlyReplica && cmd.is(CommandFlags.WRITE) && !c.has(Client.MASTER) && !c.has(Client.MULTI)) {
            reject(c, cmd, "READONLY You can't write against a read only replica.");
            return;
        }
        if (commandGate != null) {
            boolean write = cmd.is(CommandFlags.WRITE) || cmd.name().equals("exec") && c.multiCommands != null
                    && c.multiCommands.stream().anyMatch(q -> q.is(CommandFlags.WRITE));
            String refusal = commandGate.check(c, cmd, write);
            if (refusal != null) {
                if (cmd.name().equals("exec") && c.has(Client.MULTI)) {
                    // Redis's execCommandAbort: the transaction is gone, with the reason.
                    cmd.rejectedCalls++;
                    discardTransaction(c);
                    c.reply().error("EXECABORT Transaction discarded because of: " + refusal);
                    return;
                }
                reject(c, cmd, refusal);
                return;
            }
        }
        if (pauseType != PAUSE_NONE && !c.has(Client.REPLICA) && pausedFor(c, cmd)) {
            postpone(c, argv);
            return;
        }
        if (c.has(Client.MULTI) && queuesInMulti(cmd)) {
            if (cmd.is(CommandFlags.NO_MULTI)) {
                reject(c, cmd, "ERR Command not allowed inside a transaction");
                return;
            }
            c.multiQueue.add(argv);
            c.multiCommands.add(cmd);
            c.reply().simple("QUEUED");
            return;
        }
        call(c, cmd, argv);
    }

    private boolean hasBareForm(CommandSpec cmd) {
        for (CommandSpec s : withBareForm) {
            if (s == cmd) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether DEBUG may run for {@code c}: {@code enable-debug-command} is {@code yes}, or {@code local} and
     * the client is on a Unix socket or the loopback address (Redis's rule for protected commands).
     */
    private boolean debugAllowed(Client c) {
        String v = config == null ? null : config.getString("enable-debug-command");
        if (v == null || v.equals("no")) {
            return false;
        }
        if (v.equals("yes")) {
            return true;
        }
        Connection conn = c.connection();
        if (conn == null || conn.isUnixSocket()) {
            return true;
        }
        String addr = conn.remoteAddress();
        return addr.startsWith("127.0.0.1:") || addr.startsWith("::1:");
    }

    /** The memory check hook: returns false when memory is over the limit and nothing could be evicted. */
    private MemoryGuard memoryGuard = () -> true;

    /** Sets the maxmemory policy enforcement (eviction) the engine consults before write commands. */
    public void memoryGuard(MemoryGuard guard) {
        this.memoryGuard = guard;
    }

    private boolean evictIfNeeded() {
        return memoryGuard.freeMemoryIfNeeded();
    }

    /** Runs a command that passed the checks (also used by MULTI/EXEC and the replication stream). */
    public void call(Client c, CommandSpec cmd, byte[][] argv) {
        long dirtyBefore = dirty;
        long errorsBefore = errorsOfCurrent;
        c.propagateAs = null;
        c.suppressPropagation = false;
        c.forcePropagation = false;
        if (!c.has(Client.IN_EXEC)) {
            c.lastCommand = cmd; // CLIENT LIST cmd= shows EXEC, not the commands it ran
        }
        int savedMark = c.replyMark;
        c.replyMark = -1;
        boolean skipThis = false;
        if (c.replyMode != Client.ReplyMode.ON) {
            // OFF drops replies until CLIENT REPLY ON (whose own +OK is sent: it cancels the mark); SKIP drops
            // this command's reply only. Replies are written, then cut back to the mark.
            c.replyMark = c.reply().pendingBytes();
            skipThis = c.replyMode == Client.ReplyMode.SKIP;
            if (skipThis) {
                c.replyMode = Client.ReplyMode.ON;
            }
        }
        if (!monitors.isEmpty() && !cmd.is(CommandFlags.ADMIN) && !cmd.is(CommandFlags.SKIP_MONITOR)) {
            feedMonitors(c, argv);
        }
        CommandSpec outer = currentCommand;
        Client outerClient = executing;
        currentCommand = cmd;
        executing = c;
        long start = System.nanoTime();
        try {
            cmd.handler().execute(c, argv);
        } finally {
            currentCommand = outer;
            executing = outerClient;
        }
        long micros = (System.nanoTime() - start) / 1000;
        cmd.calls++;
        cmd.usec += micros;
        if (errorsOfCurrent != errorsBefore) {
            cmd.failedCalls++;
        }
        stats.commandsProcessed++;
        if (!cmd.is(CommandFlags.SKIP_SLOWLOG)) {
            slowLog.maybeLog(settings.slowlogLogSlowerThan(), settings.slowlogMaxLen(), micros, argv, c);
        }
        if (dirty != dirtyBefore) {
            if (!watches.isEmpty() || !blocking.isEmpty()) {
                for (int pos : cmd.modifiedKeyPositions(argv)) {
                    keyModified(c.dbIndex(), argv[pos]);
                }
            }
            if (!c.suppressPropagation) {
                propagate(c.dbIndex(), c.propagateAs != null ? c.propagateAs : argv);
            }
        } else if (c.forcePropagation && !c.suppressPropagation) {
            propagate(c.dbIndex(), c.propagateAs != null ? c.propagateAs : argv);
        }
        if (c.replyMark >= 0 && (skipThis || c.replyMode == Client.ReplyMode.OFF)) {
            c.reply().truncate(c.replyMark);
        }
        c.replyMark = savedMark;
    }

    private static boolean allowedWhileSubscribed(CommandSpec cmd) {
        String n = cmd.name();
        return n.equals("subscribe") || n.equals("unsubscribe") || n.equals("psubscribe")
                || n.equals("punsubscribe") || n.equals("ssubscribe") || n.equals("sunsubscribe")
                || n.equals("ping") || n.equals("quit") || n.equals("reset");
    }

    private void rejectUnknown(Client c, byte[][] argv) {
        StringBuilder sb = new StringBuilder("ERR unknown command '")
                .append(truncate(str(argv[0]), 128)).append("', with args beginning with: ");
        for (int i = 1; i < argv.length && sb.length() < 128; i++) {
            sb.append('\'').append(truncate(str(argv[i]), 128 - sb.length())).append("' ");
        }
        reject(c, null, sb.toString());
    }

    private void reject(Client c, CommandSpec cmd, String error) {
        if (cmd != null) {
            cmd.rejectedCalls++;
        }
        if (c.has(Client.MULTI)) {
            c.set(Client.DIRTY_EXEC);
        }
        c.reply().error(error);
    }

    private void feedMonitors(Client c, byte[][] argv) {
        long now = System.currentTimeMillis();
        long micros = System.nanoTime() / 1000 % 1000;
        StringBuilder sb = new StringBuilder(64);
        sb.append(now / 1000).append('.').append(String.format("%06d", (now % 1000) * 1000 + micros))
                .append(" [").append(c.dbIndex()).append(' ');
        if (c.connection() == null) {
            sb.append("lua");
        } else if (c.connection().isUnixSocket()) {
            sb.append("unix:").append(c.connection().localAddress());
        } else {
            sb.append(c.connection().remoteAddress());
        }
        sb.append(']');
        for (byte[] a : argv) {
            sb.append(' ').append(Repr.quote(a));
        }
        String line = sb.toString();
        for (Client m : monitors) {
            m.reply().simple(line);
            m.connection().flush();
        }
    }

    /** Lower-case String of an argument (for subcommand and option names). */
    public static String lower(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    /** An argument as a String (bytes as ISO-8859-1, so every byte survives). */
    public static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(0, max));
    }
}
