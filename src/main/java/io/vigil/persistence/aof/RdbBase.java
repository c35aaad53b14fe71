package io.vigil.persistence.aof;

import io.vigil.config.Config;
import io.vigil.keyspace.Keyspace;
import io.vigil.persistence.BackgroundSnapshot;
import io.vigil.persistence.RdbLoader;
import io.vigil.persistence.RdbSnapshot;
import io.vigil.persistence.SaveOptions;
import io.vigil.persistence.ValueCodec;
import io.vigil.types.EncodingLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The RDB codec an AOF base file uses when {@code aof-use-rdb-preamble yes}. {@link #of} is the persistence
 * layer's whole-keyspace writer and loader; tests may pass null to {@link AppendOnlyFile} to force
 * command-form bases.
 */
public interface RdbBase {
    /** Writes the whole keyspace as an RDB file marked as an AOF base ({@code aof-base 1}). */
    void write(Keyspace keyspace, OutputStream out) throws IOException;

    /**
     * Loads an RDB stream of {@code length} bytes into {@code keyspace}.
     *
     * @throws IOException if the stream is not a valid RDB file
     */
    void load(InputStream in, long length, Keyspace keyspace) throws IOException;

    /**
     * Starts writing the keyspace as it is at this instant while the server keeps running (the fork-less
     * point-in-time snapshot); {@code onDone} runs on {@code mainLoop}. Call on the main loop. Null when this
     * codec cannot: the caller then writes synchronously.
     */
    default BackgroundSnapshot writeInBackground(Keyspace keyspace, BackgroundSnapshot.Output out,
            ScheduledExecutorService mainLoop, Consumer<BackgroundSnapshot.Result> onDone) {
        return null;
    }

    /**
     * The persistence layer's codec: {@link RdbSnapshot} with {@code rdbcompression}/{@code rdbchecksum} and the
     * encoding thresholds of {@code limits}, and {@link RdbLoader}, which keeps keys whose TTL passed (Redis
     * loads an AOF base that way; they expire afterwards, propagating their deletion).
     */
    static RdbBase of(Config config, EncodingLimits limits) {
        Logger log = LoggerFactory.getLogger("vigil");
        return new RdbBase() {
            private SaveOptions options() {
                return SaveOptions.DEFAULTS.withAofBase(true)
                        .withCompression(!"no".equals(config.getString("rdbcompression")))
                        .withChecksum(!"no".equals(config.getString("rdbchecksum")))
                        .withThresholds(ValueCodec.thresholds(limits));
            }

            @Override
            public void write(Keyspace keyspace, OutputStream out) throws IOException {
                RdbSnapshot.write(keyspace, out, options());
            }

            @Override
            public BackgroundSnapshot writeInBackground(Keyspace keyspace, BackgroundSnapshot.Output out,
                    ScheduledExecutorService mainLoop, Consumer<BackgroundSnapshot.Result> onDone) {
                return BackgroundSnapshot.start(keyspace, out, options(), mainLoop, onDone);
            }

            @Override
            public void load(InputStream in, long length, Keyspace keyspace) throws IOException {
                RdbLoader.Result r = RdbLoader.load(in, length, keyspace, limits, RdbLoader.Options.REPLICA);
                if (r.redisVersion() != null) {
                    log.info("Loading RDB produced by version {}", r.redisVersion());
                }
                if (r.aofBase()) {
                    log.info("RDB is base AOF");
                }
                log.info("Done loading RDB, keys loaded: {}, keys expired: {}.", r.keysLoaded(), r.keysExpired());
            }
        };
    }
}
