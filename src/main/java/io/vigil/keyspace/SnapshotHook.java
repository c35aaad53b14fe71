package io.vigil.keyspace;

/**
 * The copy-on-write hook of a fork-less point-in-time snapshot (see {@code io.vigil.persistence}'s package
 * documentation for the design).
 *
 * <p>While a hook is installed ({@link Keyspace#beginSnapshot}), every {@link Database} path that hands out an entry
 * that may then be changed (lookups), or changes or removes one (put over an existing key, remove, expiry deletion,
 * eviction, setValue, setExpire, persist), first calls {@link #capture} for an entry not yet captured in the current
 * epoch, then marks it captured. Entries created after the start are marked captured at birth, so they are never
 * part of the snapshot. Whole-database operations (FLUSHDB, FLUSHALL, SWAPDB) first call
 * {@link #beforeWholeDatabase} so the hook captures the rest of that database synchronously.
 *
 * <p>Called on the thread that owns the keyspace; implementations must never block.
 */
public interface SnapshotHook {

    /**
     * Records {@code e} as it is now (key, value, expire, LRU), before it changes. The entry is already marked
     * captured when this is called.
     *
     * @param db the database the entry belongs to
     * @param e  the entry
     */
    void capture(Database db, KeyEntry e);

    /**
     * The database is about to be emptied or swapped: capture every entry of it not yet captured (e.g. with
     * {@link Database#forEach} and {@link Database#captureForSnapshot}).
     *
     * @param db the database
     */
    void beforeWholeDatabase(Database db);
}
