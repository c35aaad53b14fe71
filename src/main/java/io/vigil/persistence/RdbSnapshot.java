package io.vigil.persistence;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.Keyspace;
import io.vigil.persistence.rdb.RdbWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes the whole keyspace as one RDB snapshot, synchronously, on the calling thread (which must own the
 * keyspace: the main loop). SAVE, DEBUG RELOAD and SHUTDOWN use it; replication may use it for a blocking full
 * sync, but normally uses {@link BackgroundSnapshot}, which does not stop the server.
 *
 * <p>Layout, as Redis 7.0 writes it: {@code REDIS0010}, the standard AUX fields (redis-ver, redis-bits, ctime,
 * used-mem, then repl-stream-db, repl-id, repl-offset when {@link SaveOptions#repl()} is given, then aof-base),
 * for every non-empty database {@code SELECTDB n} and {@code RESIZEDB keys expires} followed by its keys, then
 * {@code EOF} and the CRC-64. Logically expired keys that are still in memory are written too (as Redis does; a
 * master skips them when loading).
 */
public final class RdbSnapshot {

    private RdbSnapshot() {
    }

    /** What was written. */
    public record Stats(long keys, long bytes, long checksum) {
    }

    /**
     * Writes the snapshot to {@code out} and flushes it (the stream is not closed).
     *
     * <pre>{@code
     * // master side of a blocking full sync:
     * RdbSnapshot.write(keyspace, socketOut, SaveOptions.DEFAULTS.withRepl(new RdbWriter.ReplicationInfo(0, replId, offset)));
     * }</pre>
     *
     * @return keys and bytes written, and the checksum
     */
    public static Stats write(Keyspace ks, OutputStream out, SaveOptions o) throws IOException {
        RdbWriter w = o.writer(out);
        writeHeader(w, o);
        long keys = 0;
        for (int i = 0; i < ks.count(); i++) {
            Database db = ks.db(i);
            if (db.size() == 0) {
                continue;
            }
            w.selectDb(i);
            w.resizeDb(db.size(), db.volatileSize());
            try {
                db.forEach(e -> {
                    try {
                        ValueCodec.writeKey(w, e.key, e.value, ValueCodec.meta(ks, e));
                        o.keyDelay();
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                });
            } catch (UncheckedIOException x) {
                throw x.getCause();
            }
            keys += db.size();
        }
        long sum = w.finish();
        return new Stats(keys, w.bytesWritten(), sum);
    }

    /** The header and the standard AUX fields (shared with the background snapshot). */
    static void writeHeader(RdbWriter w, SaveOptions o) throws IOException {
        w.writeHeader();
        w.writeStandardAux(System.currentTimeMillis() / 1000, o.usedMemory(), o.repl(), o.aofBase());
    }
}
