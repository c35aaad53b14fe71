package io.vigil.keyspace;

import java.util.function.Consumer;

/**
 * One numbered database: a hash table of {@link KeyEntry} plus an index of the keys that have a
 * TTL (a second hash table chaining through the same entry objects).
 *
 * <h2>Expiry</h2>
 * A key whose {@link KeyEntry#expireAt()} is strictly before {@link Clock#millis()} is logically
 * gone: every read ({@link #lookup}, {@link #exists}...) reports it missing. By default the read
 * also deletes it and tells the {@link ExpiryListener} (lazy expiry). With
 * {@link #setLazyExpireDelete(boolean) lazy delete off} — what a replica does, since only its master
 * may delete keys — expired keys are reported missing but left in place. Keys that are never read
 * are reclaimed by {@link ActiveExpire}.
 *
 * <h2>Access tracking</h2>
 * {@link #lookup} updates the entry's LRU clock, or its LFU counter when the eviction policy is an
 * LFU one; {@link #lookupNoTouch} does not.
 *
 * <h2>Memory accounting</h2>
 * {@link #memoryUsage()} is maintained incrementally and is the sum of:
 * <ul>
 *   <li>per key: the {@link KeyEntry} (48 bytes), the key array ({@code align8(16 + keyLength)}) and
 *       {@link MemorySizes#of(Object) the value} ({@code align8(16 + length)} for a {@code byte[]},
 *       the value's own report for a {@link Sized});</li>
 *   <li>the bucket arrays of both tables, both generations during a rehash
 *       ({@code align8(16 + 4 * buckets)} each).</li>
 * </ul>
 * It assumes compressed oops, a 12-byte object header and 8-byte alignment (see
 * {@link MemorySizes}). An empty database accounts 0 bytes. Values mutated in place must be
 * reported through {@link #valueResized(KeyEntry, long)} or {@link #adjustMemoryUsage(long)}.
 *
 * <h2>Ownership</h2>
 * The key array passed to {@link #put}, {@link #add} and {@link #putKeepTtl} is kept (not copied)
 * when a new entry is created: the caller must not modify it afterwards.
 *
 * <p>Not thread safe: only the thread that owns the keyspace may call it.
 */
public final class Database {

    private static final int RANDOM_KEY_TRIES = 100;

    private final int id;
    private final Keyspace ks;

    Dict main;
    Dict expires;
    /** Bytes of entries, keys and values (tables are added on demand). */
    private long dataBytes;
    long avgTtl;
    long expiresCursor;
    private boolean lazyExpireDelete = true;

    Database(int id, Keyspace ks) {
        this.id = id;
        this.ks = ks;
        this.main = new Dict(false, ks.rng);
        this.expires = new Dict(true, ks.rng);
    }

    /**
     * The database number.
     *
     * @return 0-based index
     */
    public int id() {
        return id;
    }

    /**
     * The keyspace this database belongs to.
     *
     * @return the keyspace
     */
    public Keyspace keyspace() {
        return ks;
    }

    // ------------------------------------------------------------------ expiry mode

    /**
     * Whether reads delete the expired keys they find (true by default; false on a replica).
     *
     * @return the mode
     */
    public boolean lazyExpireDelete() {
        return lazyExpireDelete;
    }

    /**
     * Sets the lazy-delete mode. With {@code false} (a replica), expired keys are reported missing
     * but are not deleted and no {@link ExpiryListener} call is made; the master's DEL removes them.
     *
     * @param enabled true to delete expired keys on access
     */
    public void setLazyExpireDelete(boolean enabled) {
        this.lazyExpireDelete = enabled;
    }

    // ------------------------------------------------------------------ reads

    /**
     * Looks a key up for a command: returns null if missing or logically expired (deleting it in
     * lazy-delete mode) and updates its LRU/LFU field.
     *
     * @param key the key
     * @return the live entry, or null
     */
    public KeyEntry lookup(byte[] key) {
        KeyEntry e = main.find(key, SipHash.hash32(key));
        if (e == null || (e.expireAt >= 0 && expireIfNeeded(e))) {
            return null;
        }
        cow(e);
        touch(e);
        return e;
    }

    /**
     * Like {@link #lookup} but leaves the LRU/LFU field alone (OBJECT, TYPE, EXISTS, TTL, SCAN...).
     *
     * @param key the key
     * @return the live entry, or null
     */
    public KeyEntry lookupNoTouch(byte[] key) {
        KeyEntry e = main.find(key, SipHash.hash32(key));
        if (e == null || (e.expireAt >= 0 && expireIfNeeded(e))) {
            return null;
        }
        cow(e);
        return e;
    }

    /**
     * Finds the entry whatever its TTL says: no expiry check, no deletion, no touch. For internal
     * use such as applying a master's stream on a replica, DEBUG, or persistence.
     *
     * @param key the key
     * @return the entry, possibly logically expired, or null
     */
    public KeyEntry findRaw(byte[] key) {
        KeyEntry e = main.find(key, SipHash.hash32(key));
        if (e != null) {
            cow(e);
        }
        return e;
    }

    /**
     * Whether a live key exists (no touch; lazily expires as a lookup does).
     *
     * @param key the key
     * @return true if present and not expired
     */
    public boolean exists(byte[] key) {
        return lookupNoTouch(key) != null;
    }

    /**
     * Whether the entry's TTL has passed at the current {@link Clock#millis()}.
     *
     * @param e an entry
     * @return true if it has an expiry time strictly in the past
     */
    public boolean isExpired(KeyEntry e) {
        return e.expireAt >= 0 && ks.clock().millis() > e.expireAt;
    }

    /**
     * Records an access to the entry: LFU counter update under an LFU policy, else the LRU clock.
     *
     * @param e an entry of this database
     */
    public void touch(KeyEntry e) {
        if (ks.settings().policy().isLfu()) {
            e.lru = ks.lfu().touch(e.lru);
        } else {
            e.lru = ks.lruClock().now();
        }
    }

    /** True if logically expired; deletes it (and notifies) in lazy mode. */
    private boolean expireIfNeeded(KeyEntry e) {
        if (ks.clock().millis() <= e.expireAt) {
            return false;
        }
        if (lazyExpireDelete) {
            deleteExpired(e);
        }
        return true;
    }

    // ------------------------------------------------------------------ writes

    /**
     * Sets a key to a value, creating it or overwriting it, and removes any TTL (Redis setKey).
     * On overwrite the same entry object is reused; its LRU field is reset under an LRU policy and
     * kept under an LFU one, as Redis does.
     *
     * @param key   the key (kept if a new entry is created)
     * @param value the value
     * @return the entry
     */
    public KeyEntry put(byte[] key, Object value) {
        int h = SipHash.hash32(key);
        KeyEntry e = liveOrNull(main.find(key, h));
        if (e == null) {
            return insertNew(key, h, value);
        }
        if (e.expireAt >= 0) {
            expires.removeEntry(e);
            e.expireAt = -1;
        }
        overwrite(e, value);
        return e;
    }

    /**
     * Like {@link #put} but keeps the existing TTL (SET ... KEEPTTL).
     *
     * @param key   the key
     * @param value the value
     * @return the entry
     */
    public KeyEntry putKeepTtl(byte[] key, Object value) {
        int h = SipHash.hash32(key);
        KeyEntry e = liveOrNull(main.find(key, h));
        if (e == null) {
            return insertNew(key, h, value);
        }
        overwrite(e, value);
        return e;
    }

    /**
     * Inserts a key only if it does not exist (or is logically expired).
     *
     * @param key   the key
     * @param value the value
     * @return the new entry, or null if a live key already existed
     */
    public KeyEntry add(byte[] key, Object value) {
        int h = SipHash.hash32(key);
        KeyEntry e = main.find(key, h);
        if (e == null) {
            return insertNew(key, h, value);
        }
        if (e.expireAt < 0 || ks.clock().millis() <= e.expireAt) {
            return null;
        }
        if (lazyExpireDelete) {
            deleteExpired(e);
            return insertNew(key, h, value);
        }
        // Replica: the expired key is logically absent; reuse its entry as a fresh key.
        cow(e);
        expires.removeEntry(e);
        e.expireAt = -1;
        dataBytes += MemorySizes.of(value) - MemorySizes.of(e.value);
        e.value = value;
        e.lru = initialLru();
        return e;
    }

    /**
     * Deletes a live key.
     *
     * @param key the key
     * @return true if a live key was deleted (false if missing or already expired)
     */
    public boolean delete(byte[] key) {
        return remove(key) != null;
    }

    /**
     * Deletes a live key and returns its entry (whose value and TTL remain readable). A logically
     * expired key counts as missing: in lazy-delete mode it is expired (and the listener told); in
     * no-lazy-delete mode (replica) it is removed silently, as the caller asked for its deletion.
     *
     * @param key the key
     * @return the removed entry, or null if missing or already expired
     */
    public KeyEntry remove(byte[] key) {
        KeyEntry e = main.find(key, SipHash.hash32(key));
        if (e == null) {
            return null;
        }
        if (e.expireAt >= 0 && ks.clock().millis() > e.expireAt) {
            if (lazyExpireDelete) {
                deleteExpired(e);
            } else {
                unlink(e);
            }
            return null;
        }
        unlink(e);
        return e;
    }

    /**
     * Deletes this entry (e.g. an aggregate that became empty) without hashing the key again.
     *
     * @param e an entry
     * @return false if the entry was not in this database
     */
    public boolean deleteEntry(KeyEntry e) {
        return unlink(e);
    }

    /**
     * Replaces an entry's value keeping the accounting right (use instead of assigning
     * {@link KeyEntry#value}). TTL and LRU are untouched.
     *
     * @param e     an entry of this database
     * @param value the new value
     */
    public void setValue(KeyEntry e, Object value) {
        cow(e);
        dataBytes += MemorySizes.of(value) - MemorySizes.of(e.value);
        e.value = value;
    }

    /**
     * Reports that the entry's value was changed in place (e.g. HSET on an existing hash).
     *
     * @param e             the entry
     * @param oldValueSize  {@link MemorySizes#of(Object)} of the value before the change
     */
    public void valueResized(KeyEntry e, long oldValueSize) {
        cow(e);
        dataBytes += MemorySizes.of(e.value) - oldValueSize;
    }

    /**
     * Adds a signed number of bytes to the accounting (an alternative to
     * {@link #valueResized(KeyEntry, long)} when the delta is known).
     *
     * @param deltaBytes bytes added (negative if freed)
     */
    public void adjustMemoryUsage(long deltaBytes) {
        dataBytes += deltaBytes;
    }

    // ------------------------------------------------------------------ TTL

    /**
     * Sets the absolute expiry time of a key of this database.
     *
     * @param e       an entry of this database
     * @param whenMs  unix milliseconds, &gt;= 0
     */
    public void setExpire(KeyEntry e, long whenMs) {
        if (whenMs < 0) {
            throw new IllegalArgumentException("negative expire time " + whenMs);
        }
        cow(e);
        if (e.expireAt < 0) {
            e.expireAt = whenMs;
            expires.insert(e);
        } else {
            e.expireAt = whenMs;
        }
    }

    /**
     * Removes the TTL of a key (PERSIST).
     *
     * @param e an entry of this database
     * @return true if it had one
     */
    public boolean persist(KeyEntry e) {
        if (e.expireAt < 0) {
            return false;
        }
        cow(e);
        expires.removeEntry(e);
        e.expireAt = -1;
        return true;
    }

    /**
     * The absolute expiry time of a key.
     *
     * @param e an entry
     * @return unix milliseconds, or -1 without TTL
     */
    public long expireAt(KeyEntry e) {
        return e.expireAt;
    }

    // ------------------------------------------------------------------ LRU / LFU helpers

    /**
     * OBJECT IDLETIME in milliseconds (meaningful under a non-LFU policy).
     *
     * @param e an entry
     * @return idle milliseconds
     */
    public long idleTimeMillis(KeyEntry e) {
        return ks.lruClock().estimateIdleTimeMillis(e);
    }

    /**
     * OBJECT FREQ (meaningful under an LFU policy).
     *
     * @param e an entry
     * @return the decayed LFU counter
     */
    public int frequency(KeyEntry e) {
        return ks.lfu().frequency(e);
    }

    /**
     * Sets the LRU field so the key looks idle for the given time (RESTORE ... IDLETIME). Ignored
     * under an LFU policy, as Redis.
     *
     * @param e           an entry
     * @param idleSeconds seconds
     */
    public void setIdleSeconds(KeyEntry e, long idleSeconds) {
        if (!ks.settings().policy().isLfu()) {
            e.lru = ks.lruClock().lruForIdleSeconds(idleSeconds);
        }
    }

    /**
     * Sets the LFU counter (RESTORE ... FREQ). Ignored under a non-LFU policy, as Redis.
     *
     * @param e    an entry
     * @param freq 0..255
     */
    public void setFrequency(KeyEntry e, int freq) {
        if (ks.settings().policy().isLfu()) {
            e.lru = ks.lfu().valueForFrequency(freq);
        }
    }

    // ------------------------------------------------------------------ whole-database

    /**
     * Number of keys, including logically expired ones not yet reclaimed (as DBSIZE).
     *
     * @return keys
     */
    public int size() {
        return main.size();
    }

    /**
     * Number of keys with a TTL.
     *
     * @return keys
     */
    public int volatileSize() {
        return expires.size();
    }

    /**
     * Running estimate of the average remaining TTL of volatile keys in ms (INFO keyspace avg_ttl),
     * maintained by {@link ActiveExpire}; 0 when unknown.
     *
     * @return milliseconds
     */
    public long avgTtl() {
        return avgTtl;
    }

    /**
     * Sizes the tables for {@code keys} keys of which {@code volatileKeys} have a TTL, before a bulk load (RDB
     * RESIZEDB), so the load does not rehash as it goes.
     *
     * @param keys         expected keys
     * @param volatileKeys expected keys with a TTL
     */
    public void expand(long keys, long volatileKeys) {
        main.expand((int) Math.min(keys, 1 << 30));
        expires.expand((int) Math.min(volatileKeys, 1 << 30));
    }

    /** Removes every key (FLUSHDB) in O(1); no listener is told. */
    public void clear() {
        ks.beforeWholeDatabase(this);
        main.clear();
        expires.clear();
        dataBytes = 0;
        avgTtl = 0;
        expiresCursor = 0;
    }

    /**
     * One SCAN step over the keys (see {@link Dict#scan}): every key present for the whole scan is
     * returned at least once. Entries are passed as they are, logically expired ones included: the
     * caller filters them (e.g. with {@link #isExpired}) after the step. {@code fn} may delete
     * entries but must not insert.
     *
     * @param cursor 0 to start, then the returned value
     * @param fn     receives the entries
     * @return the next cursor, 0 when complete
     */
    public long scan(long cursor, Consumer<KeyEntry> fn) {
        return main.scan(cursor, fn);
    }

    /**
     * Visits every entry, logically expired ones included. {@code fn} may delete entries but must
     * not insert.
     *
     * @param fn receives the entries
     */
    public void forEach(Consumer<KeyEntry> fn) {
        main.forEach(fn);
    }

    /**
     * A random live key (RANDOMKEY). Expired keys drawn are deleted (lazy mode) or skipped; after
     * {@value #RANDOM_KEY_TRIES} expired draws it gives up, so it never loops forever: it then
     * returns null, except in no-lazy-delete mode when every key has a TTL, where it returns the
     * expired key drawn last (Redis's replica behaviour).
     *
     * @return an entry, or null if the database is empty (or only expired keys were drawn)
     */
    public KeyEntry randomEntry() {
        boolean allVolatile = main.size() == expires.size();
        for (int tries = 0; ; ) {
            KeyEntry e = main.random();
            if (e == null) {
                return null;
            }
            if (e.expireAt < 0 || ks.clock().millis() <= e.expireAt) {
                return e;
            }
            if (lazyExpireDelete) {
                deleteExpired(e);
            }
            if (++tries >= RANDOM_KEY_TRIES) {
                return !lazyExpireDelete && allVolatile ? e : null;
            }
        }
    }

    /**
     * The honest running estimate of the heap bytes held by this database (see the class comment).
     *
     * @return bytes
     */
    public long memoryUsage() {
        return dataBytes + main.tableBytes() + expires.tableBytes();
    }

    // ------------------------------------------------------------------ maintenance

    /**
     * Incremental rehashing for the cron: rehashes the main table, or else the TTL index, for about
     * {@code ms} milliseconds.
     *
     * @param ms time budget
     * @return true if some rehashing was done
     */
    public boolean rehashMilliseconds(int ms) {
        if (main.isRehashing()) {
            return main.rehashMilliseconds(ms) > 0;
        }
        if (expires.isRehashing()) {
            return expires.rehashMilliseconds(ms) > 0;
        }
        return false;
    }

    /**
     * Starts shrinking tables less than 10% full (for the cron; deletions also do it).
     *
     * @return true if a resize started
     */
    public boolean tryResize() {
        boolean a = main.tryResize();
        boolean b = expires.tryResize();
        return a | b;
    }

    /**
     * Whether a table of this database is being rehashed.
     *
     * @return true during a rehash
     */
    public boolean isRehashing() {
        return main.isRehashing() || expires.isRehashing();
    }

    // ------------------------------------------------------------------ internals

    private KeyEntry liveOrNull(KeyEntry e) {
        if (e == null || e.expireAt < 0 || ks.clock().millis() <= e.expireAt) {
            if (e != null) {
                cow(e);
            }
            return e;
        }
        if (lazyExpireDelete) {
            deleteExpired(e);
            return null;
        }
        // Replica: logically absent; overwrite in place (callers clear or keep the stale TTL).
        cow(e);
        expires.removeEntry(e);
        e.expireAt = -1;
        return e;
    }

    private KeyEntry insertNew(byte[] key, int h, Object value) {
        KeyEntry e = new KeyEntry(key, h, value);
        e.lru = initialLru();
        e.snapshotEpoch = ks.snapshotEpoch; // born after the snapshot's start: never part of it
        main.insert(e);
        dataBytes += MemorySizes.entry(e);
        return e;
    }

    private void overwrite(KeyEntry e, Object value) {
        dataBytes += MemorySizes.of(value) - MemorySizes.of(e.value);
        e.value = value;
        if (!ks.settings().policy().isLfu()) {
            e.lru = ks.lruClock().now();
        }
    }

    private int initialLru() {
        return ks.settings().policy().isLfu() ? ks.lfu().initialValue() : ks.lruClock().now();
    }

    /** Removes an entry; false (and nothing changed) if it was not linked here. */
    boolean unlink(KeyEntry e) {
        if (!main.removeEntry(e)) {
            return false;
        }
        cow(e); // the unlinked entry's value and TTL are still intact
        if (e.expireAt >= 0) {
            expires.removeEntry(e);
        }
        dataBytes -= MemorySizes.entry(e);
        return true;
    }

    /** Deletes an expired entry and reports it; false if it was not linked here. */
    boolean deleteExpired(KeyEntry e) {
        if (!unlink(e)) {
            return false;
        }
        ks.expiredKeys++;
        ks.expiryListener().expired(this, e.key);
        return true;
    }

    /** Swaps the contents (not the id nor the mode) with another database (SWAPDB). */
    void swapContents(Database o) {
        ks.beforeWholeDatabase(this);
        ks.beforeWholeDatabase(o);
        Dict m = main;
        main = o.main;
        o.main = m;
        Dict x = expires;
        expires = o.expires;
        o.expires = x;
        long d = dataBytes;
        dataBytes = o.dataBytes;
        o.dataBytes = d;
        long a = avgTtl;
        avgTtl = o.avgTtl;
        o.avgTtl = a;
        long c = expiresCursor;
        expiresCursor = o.expiresCursor;
        o.expiresCursor = c;
    }

    /**
     * Copy-on-write for a running background snapshot: captures the entry before it is handed out for change,
     * changed or removed. One field test when no snapshot runs.
     */
    private void cow(KeyEntry e) {
        if (ks.snapshotHook != null) {
            ks.capture(this, e);
        }
    }

    /**
     * For the snapshot's walker: captures {@code e} (an entry of this database) if it was not yet captured in the
     * running snapshot.
     *
     * @param e an entry of this database
     * @return true if it was captured by this call
     */
    public boolean captureForSnapshot(KeyEntry e) {
        return ks.capture(this, e);
    }

    @Override
    public String toString() {
        return "db" + id + "[keys=" + size() + ", expires=" + volatileSize() + "]";
    }
}
