package io.vigil.persistence.aof;

import io.vigil.keyspace.Keyspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The RDB codec an AOF base file uses when {@code aof-use-rdb-preamble yes}: the persistence layer's whole
 * keyspace writer and loader, wired in by the node. Without one, bases are written as commands and an RDB
 * base cannot be loaded.
 */
public interface RdbBase {
    /** Writes the whole keyspace as an RDB file marked as an AOF base ({@code aof-base 1}). */
    void write(Keyspace keyspace, OutputStream out) throws IOException;

    /**
     * Loads an RDB stream of {@code length} bytes into {@code keyspace}; returns the number of keys loaded.
     *
     * @throws IOException if the stream is not a valid RDB file
     */
    long load(InputStream in, long length, Keyspace keyspace) throws IOException;
}
