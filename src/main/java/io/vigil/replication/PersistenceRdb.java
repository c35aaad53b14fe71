package io.vigil.replication;

import io.vigil.command.Engine;
import io.vigil.persistence.RdbLoader;
import io.vigil.persistence.RdbSnapshot;
import io.vigil.persistence.SaveOptions;
import io.vigil.persistence.rdb.RdbWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@link RdbTransfer} over persistence's bridge: {@link RdbSnapshot} writes the whole keyspace synchronously
 * (on the execution thread, so the snapshot stands exactly for the offset it carries), {@link RdbLoader} fills
 * the keyspace as a replica loads it (expired keys kept: the master will send their DEL).
 */
final class PersistenceRdb implements RdbTransfer {
    private final Engine engine;
    private final java.util.concurrent.ScheduledExecutorService mainLoop;

    PersistenceRdb(Engine engine, java.util.concurrent.ScheduledExecutorService mainLoop) {
        this.engine = engine;
        this.mainLoop = mainLoop;
    }

    private SaveOptions options(String replId, long offset) {
        return SaveOptions.DEFAULTS.withUsedMemory(engine.keyspace().memoryUsage())
                .withRepl(new RdbWriter.ReplicationInfo(0, replId, offset));
    }

    /**
     * Persistence's fork-less point-in-time snapshot: the main loop keeps serving while a writer thread
     * encodes. When another snapshot (BGSAVE) holds the keyspace, the synchronous dump is used instead.
     */
    @Override
    public void dumpInBackground(OutputStream out, String replId, long offset,
                                 java.util.function.Consumer<Throwable> done) {
        try {
            io.vigil.persistence.BackgroundSnapshot.start(engine.keyspace(), out, options(replId, offset), mainLoop,
                    result -> done.accept(result.ok() ? null
                            : result.error() != null ? result.error() : new IOException("snapshot failed")));
        } catch (IllegalStateException busy) {
            RdbTransfer.super.dumpInBackground(out, replId, offset, done);
        }
    }

    @Override
    public void dump(OutputStream out, String replId, long offset) throws IOException {
        RdbSnapshot.write(engine.keyspace(), out, options(replId, offset));
    }

    @Override
    public void load(InputStream in) throws IOException {
        RdbLoader.load(in, -1, engine.keyspace(), engine.encodingLimits(), RdbLoader.Options.REPLICA);
    }
}
