package io.vigil.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What replication needs from persistence: an RDB of the whole dataset, and the dataset replaced by one.
 * Both run on the execution thread.
 */
public interface RdbTransfer {
    /**
     * Writes an RDB of every database to {@code out}, with {@code repl-id} / {@code repl-offset} AUX fields
     * carrying {@code replId} and {@code offset}.
     */
    void dump(OutputStream out, String replId, long offset) throws IOException;

    /**
     * Writes the same RDB as {@link #dump} while the server keeps serving: the snapshot stands for the dataset
     * at the moment of the call (offset {@code offset}); {@code done} runs on the execution thread once every
     * byte was written, with null or the failure. The default is the synchronous dump.
     */
    default void dumpInBackground(OutputStream out, String replId, long offset,
                                  java.util.function.Consumer<Throwable> done) {
        Throwable failure = null;
        try {
            dump(out, replId, offset);
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        done.accept(failure);
    }

    /** Loads the RDB read from {@code in} into the (already emptied) databases. */
    void load(InputStream in) throws IOException;
}
