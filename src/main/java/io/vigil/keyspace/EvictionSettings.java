package io.vigil.keyspace;

/**
 * The eviction tunables, mutable so that the config layer (CONFIG SET) can change them at run
 * time; the keyspace reads them on every use. Defaults are Redis 7.0's.
 */
public final class EvictionSettings {

    private EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private int maxmemorySamples = 5;
    private int lfuLogFactor = 10;
    private int lfuDecayTime = 1;
    private int tenacity = 10;

    /** Creates settings with Redis's defaults. */
    public EvictionSettings() {
    }

    /**
     * {@code maxmemory-policy}, default {@code noeviction}.
     *
     * @return the policy
     */
    public EvictionPolicy policy() {
        return policy;
    }

    /**
     * Sets {@code maxmemory-policy}.
     *
     * @param policy the policy
     * @return this
     */
    public EvictionSettings policy(EvictionPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy");
        }
        this.policy = policy;
        return this;
    }

    /**
     * {@code maxmemory-samples}, default 5.
     *
     * @return keys sampled per database per eviction round
     */
    public int maxmemorySamples() {
        return maxmemorySamples;
    }

    /**
     * Sets {@code maxmemory-samples}.
     *
     * @param samples 1..64
     * @return this
     */
    public EvictionSettings maxmemorySamples(int samples) {
        if (samples < 1 || samples > 64) {
            throw new IllegalArgumentException("maxmemory-samples must be 1..64");
        }
        this.maxmemorySamples = samples;
        return this;
    }

    /**
     * {@code lfu-log-factor}, default 10.
     *
     * @return the factor
     */
    public int lfuLogFactor() {
        return lfuLogFactor;
    }

    /**
     * Sets {@code lfu-log-factor}.
     *
     * @param factor &gt;= 0
     * @return this
     */
    public EvictionSettings lfuLogFactor(int factor) {
        if (factor < 0) {
            throw new IllegalArgumentException("lfu-log-factor must be >= 0");
        }
        this.lfuLogFactor = factor;
        return this;
    }

    /**
     * {@code lfu-decay-time} in minutes, default 1 (0 disables decay).
     *
     * @return minutes per decrement
     */
    public int lfuDecayTime() {
        return lfuDecayTime;
    }

    /**
     * Sets {@code lfu-decay-time}.
     *
     * @param minutes &gt;= 0
     * @return this
     */
    public EvictionSettings lfuDecayTime(int minutes) {
        if (minutes < 0) {
            throw new IllegalArgumentException("lfu-decay-time must be >= 0");
        }
        this.lfuDecayTime = minutes;
        return this;
    }

    /**
     * {@code maxmemory-eviction-tenacity}, default 10.
     *
     * @return 0..100
     */
    public int tenacity() {
        return tenacity;
    }

    /**
     * Sets {@code maxmemory-eviction-tenacity}.
     *
     * @param tenacity 0..100
     * @return this
     */
    public EvictionSettings tenacity(int tenacity) {
        if (tenacity < 0 || tenacity > 100) {
            throw new IllegalArgumentException("maxmemory-eviction-tenacity must be 0..100");
        }
        this.tenacity = tenacity;
        return this;
    }

    /**
     * The time one {@link Evictor#performEvictions} call may spend, from the tenacity as Redis:
     * 50 µs per step up to 10 (500 µs), then growing 15% per step, unlimited at 100.
     *
     * @return nanoseconds ({@link Long#MAX_VALUE} for unlimited)
     */
    public long evictionTimeLimitNanos() {
        int t = tenacity;
        if (t <= 10) {
            return 50_000L * t;
        }
        if (t < 100) {
            return (long) (500_000.0 * Math.pow(1.15, t - 10));
        }
        return Long.MAX_VALUE;
    }
}
