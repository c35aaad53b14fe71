package io.vigil.command;

/**
 * Receives every change to the dataset, in execution order, as the command to replay: the hook that the
 * AOF and replication attach to. The engine calls it after a command that changed the dataset and for
 * keys it deletes itself (expired or evicted keys, as DEL or UNLINK).
 */
public interface Propagator {
    /** Replays {@code argv} against database {@code db}. */
    void propagate(int db, byte[][] argv);

    /**
     * Whether this receiver also gets what goes to replicas only (PUBLISH, as Redis's PROPAGATE_REPL):
     * true for replication, false (the default) for the AOF.
     */
    default boolean receivesReplicaOnly() {
        return false;
    }

    /** A propagator that drops everything (no AOF, no replicas). */
    Propagator NONE = (db, argv) -> { };
}
