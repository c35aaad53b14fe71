package io.vigil.keyspace;

/** The {@code maxmemory-policy} values of Redis 7.0. */
public enum EvictionPolicy {
    /** Evict the approximately least recently used key among keys with a TTL. */
    VOLATILE_LRU("volatile-lru", true, Kind.LRU),
    /** Evict the approximately least frequently used key among keys with a TTL. */
    VOLATILE_LFU("volatile-lfu", true, Kind.LFU),
    /** Evict a random key among keys with a TTL. */
    VOLATILE_RANDOM("volatile-random", true, Kind.RANDOM),
    /** Evict the key with the nearest expiry time. */
    VOLATILE_TTL("volatile-ttl", true, Kind.TTL),
    /** Evict the approximately least recently used key. */
    ALLKEYS_LRU("allkeys-lru", false, Kind.LRU),
    /** Evict the approximately least frequently used key. */
    ALLKEYS_LFU("allkeys-lfu", false, Kind.LFU),
    /** Evict a random key. */
    ALLKEYS_RANDOM("allkeys-random", false, Kind.RANDOM),
    /** Never evict: writes that need memory fail with OOM. */
    NOEVICTION("noeviction", false, Kind.NONE);

    enum Kind { LRU, LFU, RANDOM, TTL, NONE }

    private final String configName;
    private final boolean volatileOnly;
    final Kind kind;
    private final boolean lfu;

    EvictionPolicy(String configName, boolean volatileOnly, Kind kind) {
        this.configName = configName;
        this.volatileOnly = volatileOnly;
        this.kind = kind;
        this.lfu = kind == Kind.LFU;
    }

    /**
     * The name used in the configuration ({@code allkeys-lru}...).
     *
     * @return the config name
     */
    public String configName() {
        return configName;
    }

    /**
     * Whether only keys with a TTL are candidates.
     *
     * @return true for the {@code volatile-*} policies
     */
    public boolean isVolatile() {
        return volatileOnly;
    }

    /**
     * Whether the policy is LFU-based (then accesses update the LFU counter, else the LRU clock).
     *
     * @return true for {@code allkeys-lfu} and {@code volatile-lfu}
     */
    public boolean isLfu() {
        return lfu;
    }

    /**
     * Whether the policy is LRU-based.
     *
     * @return true for {@code allkeys-lru} and {@code volatile-lru}
     */
    public boolean isLru() {
        return kind == Kind.LRU;
    }

    /**
     * Whether the policy picks random keys.
     *
     * @return true for {@code allkeys-random} and {@code volatile-random}
     */
    public boolean isRandom() {
        return kind == Kind.RANDOM;
    }

    /**
     * Parses a config name, case-insensitively.
     *
     * @param name e.g. {@code "allkeys-lru"}
     * @return the policy, or null if unknown
     */
    public static EvictionPolicy fromConfigName(String name) {
        for (EvictionPolicy p : values()) {
            if (p.configName.equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return configName;
    }
}
