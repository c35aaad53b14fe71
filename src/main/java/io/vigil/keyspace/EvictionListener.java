package io.vigil.keyspace;

/**
 * Told about every key deleted by the {@link Evictor} to honour {@code maxmemory}, so the command
 * layer can count {@code evicted_keys}, emit the {@code evicted} keyspace notification and
 * propagate a {@code DEL}.
 *
 * <p>The key has already been removed from {@code db} when this is called. Implementations must
 * not modify the keyspace from inside the callback.
 */
@FunctionalInterface
public interface EvictionListener {

    /** A listener that does nothing. */
    EvictionListener NONE = (db, key) -> { };

    /**
     * Called after {@code key} was evicted from {@code db}.
     *
     * @param db  the database the key lived in
     * @param key the key (owned by the keyspace: do not modify it)
     */
    void evicted(Database db, byte[] key);
}
