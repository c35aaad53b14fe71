package io.vigil.keyspace;

/**
 * Redis's 24-bit LRU clock: unix time in seconds ({@value #RESOLUTION_MS} ms resolution) modulo
 * 2<sup>24</sup>, stored in {@link KeyEntry#lru()} on every access when the eviction policy is not
 * an LFU one. The clock wraps every 194 days; idle times are computed modulo the wrap, as Redis
 * does, so an idle time longer than that is under-estimated.
 */
public final class LruClock {

    /** Bits of the LRU field. */
    public static final int LRU_BITS = 24;
    /** Largest LRU clock value. */
    public static final int LRU_CLOCK_MAX = (1 << LRU_BITS) - 1;
    /** Milliseconds per LRU clock tick. */
    public static final int RESOLUTION_MS = 1000;

    private final Clock clock;

    /**
     * Creates an LRU clock reading {@code clock}.
     *
     * @param clock the time source
     */
    public LruClock(Clock clock) {
        this.clock = clock;
    }

    /**
     * Returns the current LRU clock.
     *
     * @return a value in [0, {@link #LRU_CLOCK_MAX}]
     */
    public int now() {
        return (int) ((clock.millis() / RESOLUTION_MS) & LRU_CLOCK_MAX);
    }

    /**
     * Estimates how long ago the entry was last accessed (OBJECT IDLETIME, in ms). Meaningful only
     * while the policy is not an LFU one.
     *
     * @param e an entry
     * @return idle milliseconds, a multiple of {@link #RESOLUTION_MS}
     */
    public long estimateIdleTimeMillis(KeyEntry e) {
        return idleMillis(now(), e.lru);
    }

    /**
     * Idle time between an LRU value and the current LRU clock, accounting for one wrap-around.
     *
     * @param clockNow the current LRU clock
     * @param lru      the stored LRU value
     * @return idle milliseconds
     */
    public static long idleMillis(int clockNow, int lru) {
        lru &= LRU_CLOCK_MAX;
        if (clockNow >= lru) {
            return (long) (clockNow - lru) * RESOLUTION_MS;
        }
        return (long) (clockNow + (LRU_CLOCK_MAX - lru)) * RESOLUTION_MS;
    }

    /**
     * The LRU value that makes a key look idle for {@code idleSeconds} (RESTORE ... IDLETIME).
     *
     * @param idleSeconds idle time in seconds, negative treated as 0
     * @return an LRU value
     */
    public int lruForIdleSeconds(long idleSeconds) {
        long ticks = Math.max(0, idleSeconds) * 1000 / RESOLUTION_MS;
        if (ticks >= LRU_CLOCK_MAX) {
            ticks = LRU_CLOCK_MAX - 1;
        }
        long v = now() - ticks;
        if (v < 0) {
            v += LRU_CLOCK_MAX;
        }
        return (int) v;
    }
}
