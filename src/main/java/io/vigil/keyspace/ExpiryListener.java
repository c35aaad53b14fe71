package io.vigil.keyspace;

/**
 * Told about every key deleted because its TTL passed, whether the deletion was lazy (on access)
 * or active (the expiry cycle). The command layer uses it to count {@code expired_keys}, to emit
 * the {@code expired} keyspace notification and to propagate a {@code DEL} to replicas and the AOF.
 *
 * <p>The key has already been removed from {@code db} when this is called. Implementations must
 * not modify the keyspace from inside the callback.
 */
@FunctionalInterface
public interface ExpiryListener {

    /** A listener that does nothing. */
    ExpiryListener NONE = (db, key) -> { };

    /**
     * Called after {@code key} was deleted from {@code db} because it expired.
     *
     * @param db  the database the key lived in
     * @param key the key (owned by the keyspace: do not modify it)
     */
    void expired(Database db, byte[] key);
}
