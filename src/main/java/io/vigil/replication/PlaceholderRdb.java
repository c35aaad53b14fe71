package io.vigil.replication;

import io.vigil.persistence.rdb.RdbWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Stand-in until persistence's keyspace RDB bridge lands: writes a valid RDB holding no keys (correct only for
 * an empty dataset) and loads nothing. The wiring replaces it with the real bridge.
 */
final class PlaceholderRdb implements RdbTransfer {
    @Override
    public void dump(OutputStream out, String replId, long offset) throws IOException {
        RdbWriter w = new RdbWriter(out);
        w.writeHeader();
        w.writeStandardAux(System.currentTimeMillis() / 1000, 0, new RdbWriter.ReplicationInfo(0, replId, offset), false);
        w.finish();
        w.flush();
    }

    @Override
    public void load(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }

    /** The placeholder, for the wiring. */
    static RdbTransfer instance() {
        return new PlaceholderRdb();
    }
}
