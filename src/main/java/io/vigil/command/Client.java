package io.vigil.command;

import io.vigil.keyspace.Database;
import io.vigil.protocol.Reply;

/**
 * One connection's state as commands see it: selected database, protocol version, authentication, name,
 * flags, and the {@link Reply} it answers through. Owned by the execution thread.
 */
public final class Client {

    /** CLIENT REPLY modes. */
    public enum ReplyMode {
        /** Replies are sent (the default). */
        ON,
        /** Replies are discarded until CLIENT REPLY ON. */
        OFF,
        /** The reply to the next command is discarded. */
        SKIP
    }

    /** Client flags as CLIENT LIST shows them. */
    public static final int MULTI = 1;
    /** Connected to a replica as its master (replica side). */
    public static final int MASTER = 1 << 1;
    /** A replica connected to us. */
    public static final int REPLICA = 1 << 2;
    /** In MONITOR mode. */
    public static final int MONITOR = 1 << 3;
    /** Subscribed to a channel or pattern (RESP2 restrictions). */
    public static final int PUBSUB = 1 << 4;
    /** Will be closed once its replies are written. */
    public static final int CLOSE_AFTER_REPLY = 1 << 5;
    /** CLIENT NO-EVICT on. */
    public static final int NO_EVICT = 1 << 6;
    /** A transaction that saw an error while queueing and will abort. */
    public static final int DIRTY_EXEC = 1 << 7;
    /** Blocked on a blocking command. */
    public static final int BLOCKED = 1 << 8;
    /** Internal client not bound to a socket. */
    public static final int INTERNAL = 1 << 9;
    /** A watched key was touched: EXEC will fail. */
    public static final int DIRTY_CAS = 1 << 10;
    /** Running the commands of EXEC (blocking commands do not block then). */
    public static final int IN_EXEC = 1 << 11;

    private final long id;
    private final Engine engine;
    private final Reply reply;
    private final Connection connection;
    private final long createdMillis;
    int flags;
    int dbIndex;
    Database db;
    String name = "";
    String user = "default";
    boolean authenticated;
    long lastInteraction;
    CommandSpec lastCommand;
    ReplyMode replyMode = ReplyMode.ON;
    byte[][] propagateAs;
    boolean suppressPropagation;
    boolean forcePropagation;
    final java.util.List<KeyRef> watched = new java.util.ArrayList<>(0);
    java.util.List<byte[][]> multiQueue;
    java.util.List<CommandSpec> multiCommands;
    Blocking.State blocked;
    /** The arguments of the command being run, or last run (CLIENT LIST argv-mem). */
    byte[][] argv;
    /** A command postponed by CLIENT PAUSE, run again when the pause ends. */
    byte[][] postponedArgv;
    /** Where the current command's replies start when CLIENT REPLY OFF/SKIP will drop them, else -1. */
    int replyMark = -1;
    /** What a client blocked by WAIT answers when its timeout passes; null when not so blocked. */
    Runnable waitTimeout;
    /** When that timeout passes (unix ms), 0 = never. */
    long waitDeadline;
    Scheduler.Handle waitTimer;

    Client(long id, Engine engine, Reply reply, Connection connection) {
        this.id = id;
        this.engine = engine;
        this.reply = reply;
        this.connection = connection;
        this.createdMillis = System.currentTimeMillis();
        this.lastInteraction = createdMillis;
        this.db = engine.keyspace().db(0);
        this.authenticated = !engine.authRequired();
        reply.errorListener(engine::countError);
    }

    /** Unique, increasing client id. */
    public long id() {
        return id;
    }

    /** The engine this client talks to. */
    public Engine engine() {
        return engine;
    }

    /** Where this client's replies go. */
    public Reply reply() {
        return reply;
    }

    /** The transport carrying this client. */
    public Connection connection() {
        return connection;
    }

    /** The selected database. */
    public Database db() {
        return db;
    }

    /** Index of the selected database. */
    public int dbIndex() {
        return dbIndex;
    }

    /** Selects database {@code index}, which must exist. */
    public void select(int index) {
        dbIndex = index;
        db = engine.keyspace().db(index);
    }

    /** The protocol version: 2 or 3. */
    public int protocol() {
        return reply.protocol();
    }

    /** The connection name ("" if none). */
    public String name() {
        return name;
    }

    /** Sets the connection name. */
    public void name(String name) {
        this.name = name;
    }

    /** The authenticated user's name. */
    public String user() {
        return user;
    }

    /** Whether the client may run commands that need authentication. */
    public boolean authenticated() {
        return authenticated;
    }

    /** Marks the client authenticated as {@code user}. */
    public void authenticate(String user) {
        this.user = user;
        this.authenticated = true;
    }

    /** Flag bits. */
    public int flags() {
        return flags;
    }

    /** Whether all of {@code flag} are set. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /** Sets flag bits. */
    public void set(int flag) {
        flags |= flag;
    }

    /** Clears flag bits. */
    public void clear(int flag) {
        flags &= ~flag;
    }

    /** When the connection was accepted (unix ms). */
    public long createdMillis() {
        return createdMillis;
    }

    /** When the client last sent a command (unix ms). */
    public long lastInteraction() {
        return lastInteraction;
    }

    /** The last command run (null before the first). */
    public CommandSpec lastCommand() {
        return lastCommand;
    }

    /** The arguments of the command being run (or last run); null before the first. */
    public byte[][] currentArgv() {
        return argv;
    }

    /** Commands queued in MULTI (CLIENT LIST multi), or -1 outside a transaction. */
    public int queuedCommands() {
        return multiQueue == null ? -1 : multiQueue.size();
    }

    /** The CLIENT REPLY mode. */
    public ReplyMode replyMode() {
        return replyMode;
    }

    /** Sets the CLIENT REPLY mode. */
    public void replyMode(ReplyMode mode) {
        this.replyMode = mode;
    }

    /**
     * Asks that the current command be propagated to replicas and the AOF as {@code argv} instead of as it
     * was received (e.g. SET EX as SET PXAT, INCRBYFLOAT as SET), so the stream is deterministic.
     */
    public void propagateAs(byte[][] argv) {
        this.propagateAs = argv;
    }

    /** Asks that the current command not be propagated even though it changed the dataset. */
    public void preventPropagation() {
        this.suppressPropagation = true;
    }

    /**
     * Asks that the current command be propagated even if it did not change the dataset (Redis's
     * forceCommandPropagation: FLUSHDB/FLUSHALL on empty databases are still replicated).
     */
    public void forcePropagation() {
        this.forcePropagation = true;
    }

    /** Whether the connection may write (not a replica read-only link and similar checks live in the engine). */
    @Override
    public String toString() {
        return "client id=" + id + " addr=" + (connection == null ? "internal" : connection.remoteAddress());
    }
}
