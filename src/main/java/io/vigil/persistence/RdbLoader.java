package io.vigil.persistence;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.Keyspace;
import io.vigil.persistence.rdb.KeyMeta;
import io.vigil.persistence.rdb.RdbFormatException;
import io.vigil.persistence.rdb.RdbReader;
import io.vigil.persistence.rdb.RdbValue;
import io.vigil.persistence.rdb.RdbVisitor;
import io.vigil.types.EncodingLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Fills a {@link Keyspace} from RDB data (a file at startup or DEBUG RELOAD, a socket stream on a replica during a
 * full sync), on the thread that owns the keyspace.
 *
 * <pre>{@code
 * keyspace.flushAll();                                  // the loader adds; the caller empties first
 * RdbLoader.Result r = RdbLoader.load(socketIn, -1, keyspace, limits, RdbLoader.Options.REPLICA);
 * String replId = r.replId(); long offset = r.replOffset();
 * }</pre>
 *
 * <p>Keys are added with their expire time and, under the matching eviction policy, their LRU idle time or LFU
 * counter. A master ({@link Options#skipExpired()}) drops keys whose expire time has passed, counting them in
 * {@link Result#keysExpired()}; a replica keeps them (its master will delete them). A database number beyond
 * {@code databases} and a key present twice end the load with an {@link RdbFormatException}, as Redis refuses them;
 * the keys loaded until then stay in the keyspace.
 */
public final class RdbLoader {

    private RdbLoader() {
    }

    /** Loading progress, reported about every {@link Options#progressBytes()} bytes (e.g. to log, or serve events). */
    @FunctionalInterface
    public interface Progress {
        /** Bytes read and keys loaded so far. */
        void progress(long bytesRead, long keysLoaded);
    }

    /**
     * How to load.
     *
     * @param skipExpired   drop keys already expired (a master does; a replica does not)
     * @param progress      called every {@code progressBytes} bytes, or null
     * @param progressBytes interval of progress calls
     * @param auxListener   told each AUX field as it is read (e.g. to log {@code redis-ver} at once), or null
     */
    public record Options(boolean skipExpired, Progress progress, long progressBytes,
                          BiConsumer<String, byte[]> auxListener) {
        /** A master loading its own dump: expired keys dropped, no progress reports. */
        public static final Options MASTER = new Options(true, null, 2 << 20, null);
        /** A replica loading its master's snapshot: every key kept. */
        public static final Options REPLICA = new Options(false, null, 2 << 20, null);

        /** This with a progress callback. */
        public Options withProgress(Progress p) {
            return new Options(skipExpired, p, progressBytes, auxListener);
        }

        /** This with an AUX field listener. */
        public Options withAuxListener(BiConsumer<String, byte[]> l) {
            return new Options(skipExpired, progress, progressBytes, l);
        }
    }

    /**
     * What the file said besides its keys.
     *
     * @param rdbVersion   the file's RDB version
     * @param aux          every AUX field, in file order
     * @param keysLoaded   keys added to the keyspace
     * @param keysExpired  keys skipped because they had expired
     * @param bytesRead    length of the RDB data
     */
    public record Result(int rdbVersion, Map<String, byte[]> aux, long keysLoaded, long keysExpired, long bytesRead) {
        /** An AUX field as text, or null. */
        public String auxString(String name) {
            byte[] v = aux.get(name);
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }

        /** An AUX field as a number, or {@code dflt} when absent or not a number. */
        public long auxLong(String name, long dflt) {
            String s = auxString(name);
            if (s == null) {
                return dflt;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return dflt;
            }
        }

        /** {@code redis-ver}, or null. */
        public String redisVersion() {
            return auxString("redis-ver");
        }

        /** {@code repl-id} (the master's replication id the snapshot belongs to), or null. */
        public String replId() {
            return auxString("repl-id");
        }

        /** {@code repl-offset}, or -1. */
        public long replOffset() {
            return auxLong("repl-offset", -1);
        }

        /** {@code repl-stream-db}, or -1. */
        public int replStreamDb() {
            return (int) auxLong("repl-stream-db", -1);
        }

        /** {@code ctime} in unix seconds, or -1. */
        public long ctime() {
            return auxLong("ctime", -1);
        }

        /** {@code aof-base}: whether the data is the RDB preamble of an AOF base. */
        public boolean aofBase() {
            return auxLong("aof-base", 0) != 0;
        }
    }

    /** Loads a file (see {@link #load(InputStream, long, Keyspace, EncodingLimits, Options)}). */
    public static Result load(Path file, Keyspace ks, EncodingLimits limits, Options o) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, Files.size(file), ks, limits, o);
        }
    }

    /**
     * Reads RDB data from {@code in} up to the EOF opcode and checksum, adding the keys to {@code ks}.
     *
     * @param length the byte length of the RDB data, or -1 when unknown (a socket): then bytes past the RDB end may
     *               have been read from {@code in} into a buffer; use {@link #loadWithReader} when that matters
     */
    public static Result load(InputStream in, long length, Keyspace ks, EncodingLimits limits, Options o)
            throws IOException {
        return loadWithReader(new RdbReader(in, length), ks, limits, o);
    }

    /** Loads with a reader the caller keeps (e.g. to get {@link RdbReader#unreadBytes()} afterwards). */
    public static Result loadWithReader(RdbReader reader, Keyspace ks, EncodingLimits limits, Options o)
            throws IOException {
        Visitor v = new Visitor(reader, ks, limits, o);
        reader.read(v);
        return new Result(reader.version(), Collections.unmodifiableMap(v.aux), v.loaded, v.expired, reader.offset());
    }

    private static final class Visitor implements RdbVisitor {
        private final RdbReader reader;
        private final Keyspace ks;
        private final EncodingLimits limits;
        private final Options o;
        final Map<String, byte[]> aux = new LinkedHashMap<>();
        long loaded;
        long expired;
        private long nextProgress;
        private long now;
        private Database db;

        Visitor(RdbReader reader, Keyspace ks, EncodingLimits limits, Options o) {
            this.reader = reader;
            this.ks = ks;
            this.limits = limits;
            this.o = o;
            this.db = ks.db(0);
            this.nextProgress = o.progressBytes();
            this.now = ks.clock().millis();
        }

        @Override
        public void aux(byte[] key, byte[] value) {
            String name = new String(key, StandardCharsets.UTF_8);
            aux.put(name, value);
            if (o.auxListener() != null) {
                o.auxListener().accept(name, value);
            }
        }

        @Override
        public void selectDb(int n) throws IOException {
            if (n >= ks.count()) {
                throw new RdbFormatException("FATAL: Data file was created with a Redis server configured to handle "
                        + "more than " + ks.count() + " databases. Exiting");
            }
            db = ks.db(n);
        }

        @Override
        public void resizeDb(long dbSize, long expiresSize) {
            db.expand(dbSize, expiresSize); // as Redis's dictExpand: no rehashing while loading
        }

        @Override
        public void function(byte[] code) {
            // Vigil has no functions: a library in the file is skipped so that the keys still load.
        }

        @Override
        public void keyValue(byte[] key, RdbValue value, KeyMeta meta) throws IOException {
            if (o.progress() != null && reader.offset() >= nextProgress) {
                nextProgress = reader.offset() + o.progressBytes();
                o.progress().progress(reader.offset(), loaded);
                now = ks.clock().millis();
            }
            if (o.skipExpired() && meta.hasExpire() && meta.expireAtMs() < now) {
                expired++;
                return;
            }
            KeyEntry e = db.add(key, ValueCodec.toVigil(value, limits));
            if (e == null) {
                throw new RdbFormatException("RDB has duplicated key '" + new String(key, StandardCharsets.ISO_8859_1)
                        + "' in DB " + db.id());
            }
            if (meta.hasExpire()) {
                db.setExpire(e, Math.max(0, meta.expireAtMs()));
            }
            ValueCodec.applyLruLfu(db, e, meta);
            loaded++;
        }
    }
}
