package io.vigil.keyspace;

import java.util.function.Consumer;

/**
 * Redis's active expiry: an adaptive, time-bounded sampling cycle that reclaims expired keys
 * nobody reads.
 *
 * <ul>
 *   <li>{@link #slowCycle(int)} is called from the server cron {@code hz} times a second. It may
 *       use up to 25% of a second of CPU per second: {@code 1000000 / hz * 25 / 100} µs per call.</li>
 *   <li>{@link #fastCycle()} is called before the event loop sleeps. It runs for at most 1 ms, not
 *       more often than every 2 ms, and only when the previous cycle ran out of time or the
 *       estimated share of expired keys still in memory is above the acceptable level.</li>
 * </ul>
 * Each cycle visits up to 16 databases round-robin (all of them after a cycle that ran out of
 * time), resuming where the previous cycle stopped. In a database it repeatedly samples 20 keys of
 * the TTL index (walking it with a SCAN cursor kept per database), deletes those that are expired
 * — without touching them, and telling the {@link ExpiryListener} — and goes on while more than 10%
 * of the sampled keys were expired. The time is checked every 16 rounds.
 *
 * <p>{@code active-expire-effort} (1..10, default 1) scales it as Redis does: with {@code e =
 * effort - 1}, keys per round {@code 20 + 5e}, fast cycle duration {@code 1000 + 250e} µs, slow
 * cycle CPU share {@code 25 + 2e} %, acceptable stale share {@code 10 - e} %.
 *
 * <p>Replicas must not run it (their master sends DELs). Not thread safe.
 */
public final class ActiveExpire {

    /** Keys sampled per round per database at effort 1. */
    public static final int KEYS_PER_LOOP = 20;
    /** Fast cycle duration at effort 1, µs. */
    public static final int FAST_DURATION_MICROS = 1000;
    /** Share of CPU time of the slow cycle at effort 1, percent. */
    public static final int SLOW_TIME_PERC = 25;
    /** Acceptable share of expired keys among the sampled ones at effort 1, percent. */
    public static final int ACCEPTABLE_STALE = 10;
    /** Databases visited per cycle. */
    public static final int DBS_PER_CALL = 16;

    private final Keyspace ks;
    private final Sampler sampler = new Sampler();

    private int effort = 1;
    private int currentDb;
    private boolean timeLimitExit;
    private long lastFastCycleNanos;
    private boolean fastCycleRan;

    private double stalePerc;
    private long timeCapReachedCount;
    private long cycleTimeNanos;
    private long activeExpiredKeys;

    /**
     * Creates the cycle for a keyspace.
     *
     * @param ks the keyspace
     */
    public ActiveExpire(Keyspace ks) {
        this.ks = ks;
    }

    /**
     * {@code active-expire-effort}.
     *
     * @return 1..10
     */
    public int effort() {
        return effort;
    }

    /**
     * Sets {@code active-expire-effort}.
     *
     * @param effort 1..10
     */
    public void setEffort(int effort) {
        if (effort < 1 || effort > 10) {
            throw new IllegalArgumentException("active-expire-effort must be 1..10");
        }
        this.effort = effort;
    }

    /**
     * Runs one slow cycle (from the server cron).
     *
     * @param hz the cron frequency ({@code hz} setting), &gt;= 1
     */
    public void slowCycle(int hz) {
        cycle(false, Math.max(1, hz));
    }

    /** Runs a fast cycle if one is due (call before the event loop sleeps). */
    public void fastCycle() {
        cycle(true, 0);
    }

    private void cycle(boolean fast, int hz) {
        int e = effort - 1;
        int keysPerLoop = KEYS_PER_LOOP + KEYS_PER_LOOP / 4 * e;
        long fastDurationMicros = FAST_DURATION_MICROS + FAST_DURATION_MICROS / 4 * e;
        int slowTimePerc = SLOW_TIME_PERC + 2 * e;
        int acceptableStale = ACCEPTABLE_STALE - e;

        Clock clock = ks.clock();
        long start = clock.nanoTime();
        if (fast) {
            if (!timeLimitExit && stalePerc * 100 < acceptableStale) {
                return;
            }
            if (fastCycleRan && start - lastFastCycleNanos < fastDurationMicros * 2 * 1000) {
                return;
            }
            lastFastCycleNanos = start;
            fastCycleRan = true;
        }

        int dbnum = ks.count();
        int dbsPerCall = Math.min(DBS_PER_CALL, dbnum);
        if (timeLimitExit) {
            dbsPerCall = dbnum;
        }
        long limitMicros = fast ? fastDurationMicros : (long) slowTimePerc * 1_000_000L / hz / 100;
        if (limitMicros <= 0) {
            limitMicros = 1;
        }
        long limitNanos = limitMicros * 1000;
        timeLimitExit = false;

        long totalSampled = 0;
        long totalExpired = 0;
        int iteration = 0;
        Sampler s = sampler;
        for (int j = 0; j < dbsPerCall && !timeLimitExit; j++) {
            Database db = ks.db(currentDb % dbnum);
            currentDb = (currentDb + 1) % dbnum;
            do {
                int num = db.volatileSize();
                if (num == 0) {
                    db.avgTtl = 0;
                    break;
                }
                long slots = db.expires.slots();
                // Fewer than 1% of the buckets used: sampling is too costly; wait for the shrink.
                if (slots > Dict.INITIAL_SIZE && num * 100L / slots < 1) {
                    break;
                }
                s.start(db, clock.millis());
                if (num > keysPerLoop) {
                    num = keysPerLoop;
                }
                long maxBuckets = num * 20L;
                long checked = 0;
                while (s.sampled < num && checked < maxBuckets) {
                    db.expiresCursor = db.expires.scan(db.expiresCursor, s);
                    checked++;
                }
                totalExpired += s.expired;
                totalSampled += s.sampled;
                if (s.ttlSamples > 0) {
                    long avg = s.ttlSum / s.ttlSamples;
                    if (db.avgTtl == 0) {
                        db.avgTtl = avg;
                    }
                    db.avgTtl = (db.avgTtl / 50) * 49 + (avg / 50);
                }
                iteration++;
                if ((iteration & 0xf) == 0 && clock.nanoTime() - start > limitNanos) {
                    timeLimitExit = true;
                    timeCapReachedCount++;
                    break;
                }
            } while (s.sampled == 0 || s.expired * 100 / s.sampled > acceptableStale);
        }
        s.db = null;
        cycleTimeNanos += clock.nanoTime() - start;
        activeExpiredKeys += totalExpired;
        double current = totalSampled > 0 ? (double) totalExpired / totalSampled : 0;
        stalePerc = current * 0.05 + stalePerc * 0.95;
    }

    /**
     * INFO stats {@code expired_stale_perc}: running estimate of the percentage of keys in memory
     * that are expired.
     *
     * @return percent, 0..100
     */
    public double expiredStalePerc() {
        return stalePerc * 100;
    }

    /**
     * INFO stats {@code expired_time_cap_reached_count}: cycles that stopped on their time limit.
     *
     * @return count
     */
    public long timeCapReachedCount() {
        return timeCapReachedCount;
    }

    /**
     * INFO stats {@code expire_cycle_cpu_milliseconds}: time spent in the cycles.
     *
     * @return milliseconds
     */
    public long cycleCpuMillis() {
        return cycleTimeNanos / 1_000_000;
    }

    /**
     * Keys deleted by the active cycle (they are also counted in {@link Keyspace#expiredKeys()}).
     *
     * @return count
     */
    public long activeExpiredKeys() {
        return activeExpiredKeys;
    }

    /**
     * Whether the last cycle stopped because of its time limit.
     *
     * @return true if it did
     */
    public boolean lastCycleHitTimeLimit() {
        return timeLimitExit;
    }

    /** CONFIG RESETSTAT. */
    public void resetStats() {
        stalePerc = 0;
        timeCapReachedCount = 0;
        cycleTimeNanos = 0;
        activeExpiredKeys = 0;
    }

    /** The SCAN callback of one sampling round (reused: no allocation per round). */
    private static final class Sampler implements Consumer<KeyEntry> {
        Database db;
        long now;
        int sampled;
        int expired;
        long ttlSum;
        long ttlSamples;

        void start(Database db, long now) {
            this.db = db;
            this.now = now;
            sampled = 0;
            expired = 0;
            ttlSum = 0;
            ttlSamples = 0;
        }

        @Override
        public void accept(KeyEntry e) {
            long when = e.expireAt;
            long ttl = when - now;
            if (now > when) {
                if (!db.deleteExpired(e)) {
                    return; // no longer in the database (removed by a listener during this round)
                }
                expired++;
            } else if (ttl > 0) {
                ttlSum += ttl;
                ttlSamples++;
            }
            sampled++;
        }
    }
}
