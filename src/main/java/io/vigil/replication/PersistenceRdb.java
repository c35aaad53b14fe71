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

    PersistenceRdb(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void dump(OutputStream out, String replId, long offset) throws IOException {
        SaveOptions o = SaveOptions.DEFAULTS
                .withUsedMemory(engine.keyspace().memoryUsage())
                .withRepl(new RdbWriter.ReplicationInfo(0, replId, offset));
        RdbSnapshot.write(engine.keyspace(), out, o);
    }

    @Override
    public void load(InputStream in) throws IOException {
        RdbLoader.load(in, -1, engine.keyspace(), engine.encodingLimits(), RdbLoader.Options.REPLICA);
    }
}
