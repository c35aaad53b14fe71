package io.vigil.command;

/**
 * The configuration values the execution path reads on every command, cached as plain fields so the hot
 * path never looks an option up by name. The wiring keeps them in step with CONFIG SET.
 */
public final class Settings {
    private String requirePass;
    private long maxmemory;
    private long slowlogLogSlowerThan = 10000;
    private int slowlogMaxLen = 128;
    private boolean lazyfreeLazyExpire;
    private boolean lazyfreeLazyEviction;
    private long protoMaxBulkLen = 512L * 1024 * 1024;
    private long clientQueryBufferLimit = 1024L * 1024 * 1024;
    private int maxclients = 10000;
    private long timeoutSeconds;
    private boolean protectedMode = true;
    private boolean activeExpire = true;
    private boolean activeRehashing = true;
    private int notifyKeyspaceEvents;
    private long pubsubHardLimit = 32L * 1024 * 1024;
    private long pubsubSoftLimit = 8L * 1024 * 1024;
    private long pubsubSoftSeconds = 60;

    /** {@code notify-keyspace-events} as the bit mask of {@code io.vigil.config.KeyspaceEvents}. */
    public int notifyKeyspaceEvents() {
        return notifyKeyspaceEvents;
    }

    /** Sets {@code notify-keyspace-events} (a bit mask). */
    public void notifyKeyspaceEvents(int flags) {
        this.notifyKeyspaceEvents = flags;
    }

    /** {@code client-output-buffer-limit pubsub}: the hard limit in bytes, 0 = none. */
    public long pubsubHardLimit() {
        return pubsubHardLimit;
    }

    /** {@code client-output-buffer-limit pubsub}: the soft limit in bytes, 0 = none. */
    public long pubsubSoftLimit() {
        return pubsubSoftLimit;
    }

    /** {@code client-output-buffer-limit pubsub}: how many seconds the soft limit may be exceeded. */
    public long pubsubSoftSeconds() {
        return pubsubSoftSeconds;
    }

    /** Sets the {@code pubsub} class of {@code client-output-buffer-limit}. */
    public void pubsubOutputBufferLimit(long hardBytes, long softBytes, long softSeconds) {
        this.pubsubHardLimit = hardBytes;
        this.pubsubSoftLimit = softBytes;
        this.pubsubSoftSeconds = softSeconds;
    }

    /** Whether the cron's active expiry runs (DEBUG SET-ACTIVE-EXPIRE). */
    public boolean activeExpire() {
        return activeExpire;
    }

    /** Turns active expiry on or off. */
    public void activeExpire(boolean v) {
        this.activeExpire = v;
    }

    /** {@code activerehashing}. */
    public boolean activeRehashing() {
        return activeRehashing;
    }

    /** Sets {@code activerehashing}. */
    public void activeRehashing(boolean v) {
        this.activeRehashing = v;
    }

    /** {@code requirepass}, or null when none is set. */
    public String requirePass() {
        return requirePass;
    }

    /** Sets {@code requirepass} (empty = none). */
    public void requirePass(String v) {
        this.requirePass = v == null || v.isEmpty() ? null : v;
    }

    /** {@code maxmemory} in bytes, 0 = unlimited. */
    public long maxmemory() {
        return maxmemory;
    }

    /** Sets {@code maxmemory}. */
    public void maxmemory(long v) {
        this.maxmemory = v;
    }

    /** {@code slowlog-log-slower-than} in microseconds. */
    public long slowlogLogSlowerThan() {
        return slowlogLogSlowerThan;
    }

    /** Sets {@code slowlog-log-slower-than}. */
    public void slowlogLogSlowerThan(long v) {
        this.slowlogLogSlowerThan = v;
    }

    /** {@code slowlog-max-len}. */
    public int slowlogMaxLen() {
        return slowlogMaxLen;
    }

    /** Sets {@code slowlog-max-len}. */
    public void slowlogMaxLen(int v) {
        this.slowlogMaxLen = v;
    }

    /** {@code lazyfree-lazy-expire}. */
    public boolean lazyfreeLazyExpire() {
        return lazyfreeLazyExpire;
    }

    /** Sets {@code lazyfree-lazy-expire}. */
    public void lazyfreeLazyExpire(boolean v) {
        this.lazyfreeLazyExpire = v;
    }

    /** {@code lazyfree-lazy-eviction}. */
    public boolean lazyfreeLazyEviction() {
        return lazyfreeLazyEviction;
    }

    /** Sets {@code lazyfree-lazy-eviction}. */
    public void lazyfreeLazyEviction(boolean v) {
        this.lazyfreeLazyEviction = v;
    }

    /** {@code proto-max-bulk-len}. */
    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    /** Sets {@code proto-max-bulk-len}. */
    public void protoMaxBulkLen(long v) {
        this.protoMaxBulkLen = v;
    }

    /** {@code client-query-buffer-limit}. */
    public long clientQueryBufferLimit() {
        return clientQueryBufferLimit;
    }

    /** Sets {@code client-query-buffer-limit}. */
    public void clientQueryBufferLimit(long v) {
        this.clientQueryBufferLimit = v;
    }

    /** {@code maxclients}. */
    public int maxclients() {
        return maxclients;
    }

    /** Sets {@code maxclients}. */
    public void maxclients(int v) {
        this.maxclients = v;
    }

    /** {@code timeout}: idle seconds before a normal client is closed, 0 = never. */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** Sets {@code timeout}. */
    public void timeoutSeconds(long v) {
        this.timeoutSeconds = v;
    }

    /** {@code protected-mode}. */
    public boolean protectedMode() {
        return protectedMode;
    }

    /** Sets {@code protected-mode}. */
    public void protectedMode(boolean v) {
        this.protectedMode = v;
    }
}
