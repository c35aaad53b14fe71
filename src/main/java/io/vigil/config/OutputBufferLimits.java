package io.vigil.config;

/**
 * The {@code client-output-buffer-limit} settings of the three client classes.
 *
 * @param normal  limits of normal clients
 * @param replica limits of replicas (class {@code slave} / {@code replica})
 * @param pubsub  limits of Pub/Sub clients
 */
public record OutputBufferLimits(Limit normal, Limit replica, Limit pubsub) {

    /** Redis's defaults: {@code normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60}. */
    public static final OutputBufferLimits DEFAULT = new OutputBufferLimits(
            new Limit(0, 0, 0),
            new Limit(256L << 20, 64L << 20, 60),
            new Limit(32L << 20, 8L << 20, 60));

    /**
     * Limits of one client class. Byte counts are unsigned 64-bit values (0 means no limit).
     *
     * @param hardBytes   hard limit: the client is disconnected as soon as it is exceeded
     * @param softBytes   soft limit: the client is disconnected when exceeded for softSeconds
     * @param softSeconds how long the soft limit may be exceeded
     */
    public record Limit(long hardBytes, long softBytes, int softSeconds) {
    }

    /**
     * The limits of class {@code i}: 0 normal, 1 replica, 2 pubsub.
     *
     * @param i the class index
     * @return the limits
     */
    public Limit get(int i) {
        return switch (i) {
            case 0 -> normal;
            case 1 -> replica;
            case 2 -> pubsub;
            default -> throw new IllegalArgumentException("class " + i);
        };
    }

    /**
     * Returns a copy with class {@code i} replaced.
     *
     * @param i     the class index (0 normal, 1 replica, 2 pubsub)
     * @param limit the new limits
     * @return the new value
     */
    public OutputBufferLimits with(int i, Limit limit) {
        return switch (i) {
            case 0 -> new OutputBufferLimits(limit, replica, pubsub);
            case 1 -> new OutputBufferLimits(normal, limit, pubsub);
            case 2 -> new OutputBufferLimits(normal, replica, limit);
            default -> throw new IllegalArgumentException("class " + i);
        };
    }
}
