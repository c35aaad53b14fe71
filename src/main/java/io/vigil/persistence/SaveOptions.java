package io.vigil.persistence;

import io.vigil.persistence.rdb.RdbThresholds;
import io.vigil.persistence.rdb.RdbWriter;

/**
 * How a snapshot is written.
 *
 * @param compression LZF-compress long strings ({@code rdbcompression})
 * @param checksum    write the CRC-64 at the end, else zeros ({@code rdbchecksum})
 * @param thresholds  when collections get compact encodings (see {@link ValueCodec#thresholds})
 * @param usedMemory  the {@code used-mem} AUX field (bytes)
 * @param repl        the {@code repl-stream-db}/{@code repl-id}/{@code repl-offset} AUX fields, or null to leave
 *                    them out (a plain SAVE on a server without replication)
 * @param aofBase     the {@code aof-base} AUX field (true for the RDB preamble of an AOF base file)
 * @param keySaveDelayMicros a pause after each key ({@code rdb-key-save-delay}, for tests: it makes a save slow)
 */
public record SaveOptions(boolean compression, boolean checksum, RdbThresholds thresholds, long usedMemory,
                          RdbWriter.ReplicationInfo repl, boolean aofBase, long keySaveDelayMicros) {

    /** Compression and checksum on, Redis's default thresholds, used-mem 0, no replication info. */
    public static final SaveOptions DEFAULTS = new SaveOptions(true, true, RdbThresholds.DEFAULTS, 0, null, false, 0);

    /** This with a pause after each key, in microseconds. */
    public SaveOptions withKeySaveDelay(long micros) {
        return new SaveOptions(compression, checksum, thresholds, usedMemory, repl, aofBase, micros);
    }

    /** Pauses {@link #keySaveDelayMicros()} (called after each key). */
    void keyDelay() {
        if (keySaveDelayMicros > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(keySaveDelayMicros * 1000);
        }
    }

    /** This with replication info (full sync: the master's replid and the offset the snapshot stands for). */
    public SaveOptions withRepl(RdbWriter.ReplicationInfo r) {
        return new SaveOptions(compression, checksum, thresholds, usedMemory, r, aofBase, keySaveDelayMicros);
    }

    /** This with another {@code used-mem}. */
    public SaveOptions withUsedMemory(long bytes) {
        return new SaveOptions(compression, checksum, thresholds, bytes, repl, aofBase, keySaveDelayMicros);
    }

    /** This with the {@code aof-base} flag. */
    public SaveOptions withAofBase(boolean on) {
        return new SaveOptions(compression, checksum, thresholds, usedMemory, repl, on, keySaveDelayMicros);
    }

    /** This with compression on or off. */
    public SaveOptions withCompression(boolean on) {
        return new SaveOptions(on, checksum, thresholds, usedMemory, repl, aofBase, keySaveDelayMicros);
    }

    /** This with checksum on or off. */
    public SaveOptions withChecksum(boolean on) {
        return new SaveOptions(compression, on, thresholds, usedMemory, repl, aofBase, keySaveDelayMicros);
    }

    /** This with other encoding thresholds. */
    public SaveOptions withThresholds(RdbThresholds t) {
        return new SaveOptions(compression, checksum, t, usedMemory, repl, aofBase, keySaveDelayMicros);
    }

    /** A writer over {@code out} configured by these options. */
    RdbWriter writer(java.io.OutputStream out) {
        return new RdbWriter(out).compression(compression).checksum(checksum).thresholds(thresholds);
    }
}
