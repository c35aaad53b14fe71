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

    /** Loads the RDB read from {@code in} into the (already emptied) databases. */
    void load(InputStream in) throws IOException;
}
