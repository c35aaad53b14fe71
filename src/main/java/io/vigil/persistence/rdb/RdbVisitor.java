package io.vigil.persistence.rdb;

import java.io.IOException;
import java.util.List;

/**
 * Receives what {@link RdbReader} reads, in file order. Every method has a default: override
 * {@link #keyValue(byte[], RdbValue, KeyMeta)} to get each key as one {@link RdbValue}, or the typed methods
 * ({@link #string}, {@link #list}, {@link #set}, {@link #hash}, {@link #zset}), which the default
 * {@code keyValue} calls and which by default ignore the key.
 *
 * <p>Any method may throw an {@link IOException} (e.g. an {@link RdbFormatException}) to stop reading.
 */
public interface RdbVisitor {

    /** The header was read: the file's RDB version (1..10). */
    default void start(int rdbVersion) throws IOException {
    }

    /** An AUX field ({@code redis-ver}, {@code ctime}, {@code repl-id}, {@code lua}...). */
    default void aux(byte[] key, byte[] value) throws IOException {
    }

    /** Following keys belong to database {@code db}. */
    default void selectDb(int db) throws IOException {
    }

    /** Size hints for the current database. */
    default void resizeDb(long dbSize, long expiresSize) throws IOException {
    }

    /** A key of the current database. The default calls the typed method for the value's kind. */
    default void keyValue(byte[] key, RdbValue value, KeyMeta meta) throws IOException {
        if (value instanceof RdbValue.Str s) {
            string(key, s.value(), meta);
        } else if (value instanceof RdbValue.ListValue l) {
            list(key, l.elements(), meta);
        } else if (value instanceof RdbValue.SetValue s) {
            set(key, s.members(), meta);
        } else if (value instanceof RdbValue.HashValue h) {
            hash(key, h.pairs(), meta);
        } else if (value instanceof RdbValue.ZSetValue z) {
            zset(key, z.entries(), meta);
        }
    }

    /** A string key. */
    default void string(byte[] key, byte[] value, KeyMeta meta) throws IOException {
    }

    /** A list key, head to tail. */
    default void list(byte[] key, List<byte[]> elements, KeyMeta meta) throws IOException {
    }

    /** A set key. */
    default void set(byte[] key, List<byte[]> members, KeyMeta meta) throws IOException {
    }

    /** A hash key as {field, value} pairs. */
    default void hash(byte[] key, List<byte[][]> pairs, KeyMeta meta) throws IOException {
    }

    /** A sorted set key (in stored order: see {@link RdbValue.ZSetValue}). */
    default void zset(byte[] key, List<ZSetEntry> entries, KeyMeta meta) throws IOException {
    }

    /** A key whose stored collection was empty; Redis skips such keys with a log line. */
    default void emptyKeySkipped(byte[] key, int rdbType) throws IOException {
    }

    /**
     * Module AUX data (already read past). By default the file is refused, as Redis refuses it without the module.
     *
     * @param moduleName the 9-character module type name from the module id
     * @param when       when the module asked to be called ({@code REDISMODULE_AUX_BEFORE_RDB} = 1,
     *                   {@code AFTER_RDB} = 2)
     */
    default void moduleAux(String moduleName, long moduleId, int when) throws IOException {
        throw new RdbFormatException("The RDB file contains AUX module data I can't load: no matching module '"
                + moduleName + "'");
    }

    /**
     * A function library ({@code FUNCTION2} opcode): its code, starting with the {@code #!<engine> name=<lib>} line.
     * By default the file is refused: override to load or to skip functions.
     */
    default void function(byte[] code) throws IOException {
        throw new RdbFormatException("The RDB file contains a function library, and functions are not supported");
    }

    /**
     * The EOF opcode was read (and the checksum verified).
     *
     * @param storedChecksum the checksum in the file (0: saved without checksum; also 0 before RDB 5)
     */
    default void end(long storedChecksum) throws IOException {
    }
}
