package io.vigil.command;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, ...), served first come first served.
 *
 * <p>A blocking command that finds nothing to take calls {@link Engine#block}. After every write command
 * the engine signals the keys it wrote; once the command (or transaction) is complete the clients blocked
 * on a signalled key are served in the order they blocked, by running their command again: if it finds data
 * it replies and the client is unblocked, otherwise it stays blocked in its place. A timeout replies the
 * command's timeout reply.
 */
final class Blocking {

    /** What a blocked client gets when its timeout expires. */
    enum TimeoutReply {
        /** A null array ({@code *-1} / {@code _}): BLPOP, BRPOP, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP. */
        NULL_ARRAY,
        /** A null bulk ({@code $-1} / {@code _}): BLMOVE, BRPOPLPUSH. */
        NULL_BULK
    }

    /** A blocked client's state. */
    static final class State {
        final CommandSpec cmd;
        final byte[][] argv;
        final List<KeyRef> keys;
        final TimeoutReply timeoutReply;
        Scheduler.Handle timer;

        State(CommandSpec cmd, byte[][] argv, List<KeyRef> keys, TimeoutReply timeoutReply) {
            this.cmd = cmd;
            this.argv = argv;
            this.keys = keys;
            this.timeoutReply = timeoutReply;
        }
    }

    private final Map<KeyRef, ArrayDeque<Client>> waiting = new HashMap<>();
    private final LinkedHashSet<KeyRef> ready = new LinkedHashSet<>();
    private int blockedClients;

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int blockedClients() {
        return blockedClients;
    }

    /** Registers {@code c} as blocked on {@code keys}; a client being re-served keeps its place. */
    void block(Client c, State state) {
        if (c.blocked != null) {
            return; // re-executed while serving: it stays where it is
        }
        c.blocked = state;
        c.set(Client.BLOCKED);
        blockedClients++;
        for (KeyRef k : state.keys) {
            ArrayDeque<Client> q = waiting.computeIfAbsent(k, x -> new ArrayDeque<>());
            if (!q.contains(c)) {
                q.addLast(c);
            }
        }
    }

    /** Removes {@code c} from every queue; returns its state, or null if it was not blocked. */
    State unblock(Client c) {
        State s = c.blocked;
        if (s == null) {
            return null;
        }
        c.blocked = null;
        c.clear(Client.BLOCKED);
        blockedClients--;
        if (s.timer != null) {
            s.timer.cancel();
        }
        for (KeyRef k : s.keys) {
            ArrayDeque<Client> q = waiting.get(k);
            if (q != null) {
                q.remove(c);
                if (q.isEmpty()) {
                    waiting.remove(k);
                }
            }
        }
        return s;
    }

    /** A write touched {@code key}: clients blocked on it will be served. */
    void signal(KeyRef key) {
        if (waiting.containsKey(key)) {
            ready.add(key);
        }
    }

    /**
     * Every key waited on in database {@code db} will be re-checked (its contents were swapped or flushed):
     * as Redis's SWAPDB, a client waiting on a key that the swap made a list is served.
     */
    void signalDb(int db) {
        for (KeyRef k : waiting.keySet()) {
            if (k.db() == db) {
                ready.add(k);
            }
        }
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** The key {@link #takeReady()} takes next. */
    KeyRef peekReady() {
        return ready.iterator().next();
    }

    /** Takes the next ready key and a snapshot of the clients waiting on it, oldest first. */
    List<Client> takeReady() {
        KeyRef k = ready.iterator().next();
        ready.remove(k);
        ArrayDeque<Client> q = waiting.get(k);
        return q == null ? List.of() : new ArrayList<>(q);
    }
}
