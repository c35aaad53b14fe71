package io.vigil.keyspace;

import java.security.SecureRandom;

/**
 * The numbered {@link Database}s of a server ({@code databases}, default 16) and what they share:
 * the {@link Clock}, the {@link EvictionSettings}, the LRU/LFU clocks, the expiry listener and the
 * expired-keys counter.
 *
 * <p>Not thread safe: one thread owns the keyspace.
 */
public final class Keyspace {

    /** Redis's default number of databases. */
    public static final int DEFAULT_DATABASES = 16;

    private final Database[] dbs;
    private final Clock clock;
    private final EvictionSettings settings;
    private final LruClock lruClock;
    private final LfuCounter lfu;
    final Rng rng;

    private ExpiryListener expiryListener = ExpiryListener.NONE;
    /** The background snapshot's copy-on-write hook, or null when no snapshot runs. */
    SnapshotHook snapshotHook;
    /** The current snapshot epoch (see {@link KeyEntry#snapshotEpoch}). */
    int snapshotEpoch;
    long expiredKeys;
    private int resizeDb;
    private int rehashDb;

    /** A keyspace of 16 databases on the system clock with default eviction settings. */
    public Keyspace() {
        this(DEFAULT_DATABASES);
    }

    /**
     * A keyspace on the system clock with default eviction settings.
     *
     * @param databases number of databases, &gt;= 1
     */
    public Keyspace(int databases) {
        this(databases, Clock.SYSTEM, new EvictionSettings());
    }

    /**
     * A keyspace with an explicit clock and settings.
     *
     * @param databases number of databases, &gt;= 1
     * @param clock     time source
     * @param settings  eviction tunables, shared and updated by the config layer
     */
    public Keyspace(int databases, Clock clock, EvictionSettings settings) {
        this(databases, clock, settings, new SecureRandom().nextLong());
    }

    /** With a fixed random seed (tests). */
    Keyspace(int databases, Clock clock, EvictionSettings settings, long seed) {
        if (databases < 1) {
            throw new IllegalArgumentException("databases must be >= 1");
        }
        this.clock = clock;
        this.settings = settings;
        this.rng = new Rng(seed);
        this.lruClock = new LruClock(clock);
        this.lfu = new LfuCounter(clock, settings, rng);
        this.dbs = new Database[databases];
        for (int i = 0; i < databases; i++) {
            dbs[i] = new Database(i, this);
        }
    }

    /**
     * Database number {@code index}.
     *
     * @param index 0..count()-1
     * @return the database
     * @throws ArrayIndexOutOfBoundsException if out of range
     */
    public Database db(int index) {
        return dbs[index];
    }

    /**
     * Number of databases.
     *
     * @return count
     */
    public int count() {
        return dbs.length;
    }

    /**
     * SWAPDB: exchanges the contents of two databases (each keeps its number and mode).
     *
     * @param a a database number
     * @param b another database number
     */
    public void swap(int a, int b) {
        if (a != b) {
            dbs[a].swapContents(dbs[b]);
        }
    }

    // ------------------------------------------------------------------ background snapshots

    /**
     * Starts a point-in-time snapshot: a new epoch in which every entry present now is "not captured yet", and
     * {@code hook} is told about each before it changes (see {@link SnapshotHook}).
     *
     * @param hook the hook
     * @return the new epoch
     * @throws IllegalStateException if a snapshot is already running
     */
    public int beginSnapshot(SnapshotHook hook) {
        if (snapshotHook != null) {
            throw new IllegalStateException("a snapshot is already running");
        }
        snapshotEpoch++;
        snapshotHook = hook;
        return snapshotEpoch;
    }

    /** Ends the running snapshot (no more captures). */
    public void endSnapshot() {
        snapshotHook = null;
    }

    /**
     * Whether a snapshot is running.
     *
     * @return true between {@link #beginSnapshot} and {@link #endSnapshot}
     */
    public boolean snapshotRunning() {
        return snapshotHook != null;
    }

    /** Captures {@code e} for the running snapshot if it was not yet; true if captured now. */
    boolean capture(Database db, KeyEntry e) {
        SnapshotHook h = snapshotHook;
        if (h == null || e.snapshotEpoch == snapshotEpoch) {
            return false;
        }
        e.snapshotEpoch = snapshotEpoch;
        h.capture(db, e);
        return true;
    }

    /** Lets the running snapshot capture the rest of {@code db} before it is emptied or swapped. */
    void beforeWholeDatabase(Database db) {
        SnapshotHook h = snapshotHook;
        if (h != null) {
            h.beforeWholeDatabase(db);
        }
    }

    /** FLUSHALL: empties every database. */
    public void flushAll() {
        for (Database db : dbs) {
            db.clear();
        }
    }

    /**
     * Sum of {@link Database#memoryUsage()} over all databases.
     *
     * @return bytes
     */
    public long memoryUsage() {
        long sum = 0;
        for (Database db : dbs) {
            sum += db.memoryUsage();
        }
        return sum;
    }

    /**
     * Total keys in all databases.
     *
     * @return keys
     */
    public long keyCount() {
        long sum = 0;
        for (Database db : dbs) {
            sum += db.size();
        }
        return sum;
    }

    /**
     * Total keys with a TTL in all databases.
     *
     * @return keys
     */
    public long expiresCount() {
        long sum = 0;
        for (Database db : dbs) {
            sum += db.volatileSize();
        }
        return sum;
    }

    /**
     * Sets lazy-delete mode on every database (false on a replica; see
     * {@link Database#setLazyExpireDelete(boolean)}).
     *
     * @param enabled true to delete expired keys on access
     */
    public void setLazyExpireDelete(boolean enabled) {
        for (Database db : dbs) {
            db.setLazyExpireDelete(enabled);
        }
    }

    /**
     * The clock.
     *
     * @return the time source
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The eviction settings.
     *
     * @return the shared, mutable settings
     */
    public EvictionSettings settings() {
        return settings;
    }

    /**
     * The LRU clock.
     *
     * @return the LRU clock
     */
    public LruClock lruClock() {
        return lruClock;
    }

    /**
     * The LFU counter logic.
     *
     * @return the LFU helper
     */
    public LfuCounter lfu() {
        return lfu;
    }

    /**
     * The expiry listener.
     *
     * @return the listener (never null)
     */
    public ExpiryListener expiryListener() {
        return expiryListener;
    }

    /**
     * Sets the listener told about every expired key.
     *
     * @param listener the listener, or null for none
     */
    public void setExpiryListener(ExpiryListener listener) {
        this.expiryListener = listener == null ? ExpiryListener.NONE : listener;
    }

    /**
     * Keys deleted because they expired, lazily or actively (INFO stats expired_keys).
     *
     * @return count since start or the last {@link #resetStats()}
     */
    public long expiredKeys() {
        return expiredKeys;
    }

    /** CONFIG RESETSTAT: zeroes {@link #expiredKeys()}. */
    public void resetStats() {
        expiredKeys = 0;
    }

    /**
     * The keyspace part of Redis's databases cron: starts shrinking under-filled tables of up to 16
     * databases, then, if {@code activeRehashing}, spends about 1 ms rehashing the first database
     * (in round-robin order) that needs it.
     *
     * @param activeRehashing the {@code activerehashing} setting
     */
    public void databasesCron(boolean activeRehashing) {
        int n = Math.min(dbs.length, 16);
        for (int i = 0; i < n; i++) {
            dbs[resizeDb % dbs.length].tryResize();
            resizeDb = (resizeDb + 1) % dbs.length;
        }
        if (activeRehashing) {
            for (int i = 0; i < n; i++) {
                if (dbs[rehashDb].rehashMilliseconds(1)) {
                    break;
                }
                rehashDb = (rehashDb + 1) % dbs.length;
            }
        }
    }
}
