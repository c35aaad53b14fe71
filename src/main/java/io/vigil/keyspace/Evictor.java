package io.vigil.keyspace;

/**
 * Redis's approximated eviction: frees memory down to {@code maxmemory} by deleting the best
 * candidates according to the {@link EvictionSettings#policy() policy}.
 *
 * <ul>
 *   <li>LRU, LFU and TTL policies keep a pool of the {@value #POOL_SIZE} best candidates seen so
 *       far, sorted by score (idle time for LRU, {@code 255 - frequency} for LFU, nearness of the
 *       expiry for {@code volatile-ttl}). Each round samples {@code maxmemory-samples} keys of every
 *       database (all keys, or only the TTL index for {@code volatile-*}) into the pool, then
 *       evicts the best pooled key that still exists. The pool persists across calls.</li>
 *   <li>Random policies evict a random key of the next non-empty database, round-robin.</li>
 * </ul>
 * A call evicts until the memory it freed covers {@code currentUsage - maxmemory}, measuring what
 * was freed through {@link Keyspace#memoryUsage()}. Every 16 keys it checks its time
 * budget ({@link EvictionSettings#evictionTimeLimitNanos()}, from
 * {@code maxmemory-eviction-tenacity}) and returns {@link EvictResult#RUNNING} when it is spent.
 *
 * <p>Not thread safe.
 */
public final class Evictor {

    /** Size of the eviction pool. */
    public static final int POOL_SIZE = 16;

    private static final int MAX_SAMPLES = 64;
    private static final int MAX_POOL_ROUNDS = 100;

    private final Keyspace ks;
    private final KeyEntry[] pool = new KeyEntry[POOL_SIZE];
    private final long[] poolScore = new long[POOL_SIZE];
    private final int[] poolDb = new int[POOL_SIZE];
    private final KeyEntry[] samples = new KeyEntry[MAX_SAMPLES];

    private EvictionListener listener = EvictionListener.NONE;
    private int nextRandomDb;
    /** Database of the entry returned by the last pick. */
    private int bestDb;
    private long evictedKeys;
    private long timeLimitReachedCount;

    /**
     * Creates an evictor for a keyspace (one per server).
     *
     * @param ks the keyspace
     */
    public Evictor(Keyspace ks) {
        this.ks = ks;
    }

    /**
     * Sets the listener told about every evicted key.
     *
     * @param listener the listener, or null for none
     */
    public void setListener(EvictionListener listener) {
        this.listener = listener == null ? EvictionListener.NONE : listener;
    }

    /**
     * Evicts with the keyspace's own {@link Keyspace#memoryUsage()} as the current usage.
     *
     * @param maxmemory the limit in bytes, 0 for none
     * @return the outcome
     */
    public EvictResult performEvictions(long maxmemory) {
        return performEvictions(maxmemory, ks.memoryUsage());
    }

    /**
     * Evicts keys until the memory freed covers {@code currentUsage - maxmemory}.
     *
     * @param maxmemory    the limit in bytes, 0 (or negative) for none
     * @param currentUsage the current usage as the server counts it (keyspace plus whatever overhead
     *                     the caller includes)
     * @return {@link EvictResult#OK} if under the limit, {@link EvictResult#RUNNING} if the time
     *         budget ran out first, {@link EvictResult#FAIL} if nothing can be evicted
     */
    public EvictResult performEvictions(long maxmemory, long currentUsage) {
        if (maxmemory <= 0 || currentUsage <= maxmemory) {
            return EvictResult.OK;
        }
        EvictionPolicy policy = ks.settings().policy();
        if (policy == EvictionPolicy.NOEVICTION) {
            return EvictResult.FAIL;
        }
        long toFree = currentUsage - maxmemory;
        long startMemory = ks.memoryUsage();
        long freed = 0;
        int keysFreed = 0;
        long limit = ks.settings().evictionTimeLimitNanos();
        Clock clock = ks.clock();
        long start = clock.nanoTime();
        while (freed < toFree) {
            KeyEntry best;
            if (policy.isRandom()) {
                best = pickRandom(policy.isVolatile());
            } else {
                best = pickFromPool(policy);
            }
            if (best == null) {
                return EvictResult.FAIL;
            }
            Database db = ks.db(bestDb);
            db.unlink(best);
            // Measured over the whole keyspace, so table resizes finished by the sampling's rehash
            // steps are counted too.
            freed = startMemory - ks.memoryUsage();
            evictedKeys++;
            keysFreed++;
            listener.evicted(db, best.key);
            if ((keysFreed & 15) == 0 && freed < toFree && clock.nanoTime() - start > limit) {
                timeLimitReachedCount++;
                return EvictResult.RUNNING;
            }
        }
        return EvictResult.OK;
    }

    private KeyEntry pickRandom(boolean volatileOnly) {
        int n = ks.count();
        for (int i = 0; i < n; i++) {
            int j = nextRandomDb;
            nextRandomDb = (nextRandomDb + 1) % n;
            Database db = ks.db(j);
            Dict d = volatileOnly ? db.expires : db.main;
            if (d.size() != 0) {
                bestDb = j;
                return d.random();
            }
        }
        return null;
    }

    private KeyEntry pickFromPool(EvictionPolicy policy) {
        boolean vol = policy.isVolatile();
        int n = ks.count();
        for (int round = 0; ; round++) {
            long totalKeys = 0;
            for (int i = 0; i < n; i++) {
                Database db = ks.db(i);
                Dict d = vol ? db.expires : db.main;
                int keys = d.size();
                if (keys != 0) {
                    populate(i, d, policy);
                    totalKeys += keys;
                }
            }
            if (totalKeys == 0) {
                return null;
            }
            for (int k = POOL_SIZE - 1; k >= 0; k--) {
                KeyEntry e = pool[k];
                if (e == null) {
                    continue;
                }
                int dbid = poolDb[k];
                removeFromPool(k);
                if (dbid < n) {
                    Database db = ks.db(dbid);
                    Dict d = vol ? db.expires : db.main;
                    if (d.containsEntry(e)) {
                        bestDb = dbid;
                        return e;
                    }
                }
                // A ghost: deleted or moved since it was pooled. Try the next best.
            }
            if (round >= MAX_POOL_ROUNDS) {
                // Sampling keeps coming back empty (very sparse tables): fall back to random.
                return pickRandom(vol);
            }
        }
    }

    private void populate(int dbid, Dict d, EvictionPolicy policy) {
        int count = d.sample(samples, ks.settings().maxmemorySamples());
        for (int s = 0; s < count; s++) {
            KeyEntry e = samples[s];
            samples[s] = null;
            long score;
            switch (policy.kind) {
                case LRU:
                    score = ks.lruClock().estimateIdleTimeMillis(e);
                    break;
                case LFU:
                    score = LfuCounter.MAX_COUNTER - ks.lfu().decayedCounter(e.lru);
                    break;
                case TTL:
                    score = Long.MAX_VALUE - e.expireAt;
                    break;
                default:
                    throw new IllegalStateException(policy.toString());
            }
            insertIntoPool(dbid, e, score);
        }
    }

    /** Keeps the pool sorted by ascending score, best candidate at the highest index. */
    private void insertIntoPool(int dbid, KeyEntry e, long score) {
        for (int i = 0; i < POOL_SIZE && pool[i] != null; i++) {
            if (pool[i] == e) {
                return; // already pooled
            }
        }
        int k = 0;
        while (k < POOL_SIZE && pool[k] != null && poolScore[k] < score) {
            k++;
        }
        if (k == 0 && pool[POOL_SIZE - 1] != null) {
            return; // worse than everything in a full pool
        }
        if (k < POOL_SIZE && pool[k] == null) {
            // free slot at k: everything to the right is free too
        } else if (pool[POOL_SIZE - 1] == null) {
            // room on the right: shift [k, end) right by one
            System.arraycopy(pool, k, pool, k + 1, POOL_SIZE - k - 1);
            System.arraycopy(poolScore, k, poolScore, k + 1, POOL_SIZE - k - 1);
            System.arraycopy(poolDb, k, poolDb, k + 1, POOL_SIZE - k - 1);
        } else {
            // full: drop the worst (index 0) and shift [1, k) left by one
            k--;
            System.arraycopy(pool, 1, pool, 0, k);
            System.arraycopy(poolScore, 1, poolScore, 0, k);
            System.arraycopy(poolDb, 1, poolDb, 0, k);
        }
        pool[k] = e;
        poolScore[k] = score;
        poolDb[k] = dbid;
    }

    private void removeFromPool(int k) {
        System.arraycopy(pool, k + 1, pool, k, POOL_SIZE - k - 1);
        System.arraycopy(poolScore, k + 1, poolScore, k, POOL_SIZE - k - 1);
        System.arraycopy(poolDb, k + 1, poolDb, k, POOL_SIZE - k - 1);
        pool[POOL_SIZE - 1] = null;
    }

    /**
     * INFO stats {@code evicted_keys}.
     *
     * @return keys evicted since start or the last {@link #resetStats()}
     */
    public long evictedKeys() {
        return evictedKeys;
    }

    /**
     * Calls that returned {@link EvictResult#RUNNING} because their time budget ran out.
     *
     * @return count
     */
    public long timeLimitReachedCount() {
        return timeLimitReachedCount;
    }

    /** CONFIG RESETSTAT. */
    public void resetStats() {
        evictedKeys = 0;
        timeLimitReachedCount = 0;
    }

    /** Forgets the pooled candidates (e.g. after FLUSHALL, to release the entries early). */
    public void clearPool() {
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = null;
        }
    }
}
