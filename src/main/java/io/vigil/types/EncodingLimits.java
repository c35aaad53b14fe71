package io.vigil.types;

/**
 * The thresholds at which a small collection leaves its compact form, as the {@code *-max-*} directives
 * set them (CONFIG SET applies at once to values converted afterwards; like Redis, converting back to the
 * compact form never happens).
 */
public final class EncodingLimits {
    /** {@code hash-max-listpack-entries}. */
    public volatile int hashMaxListpackEntries = 512;
    /** {@code hash-max-listpack-value}. */
    public volatile int hashMaxListpackValue = 64;
    /** {@code set-max-intset-entries}. */
    public volatile int setMaxIntsetEntries = 512;
    /** {@code zset-max-listpack-entries}. */
    public volatile int zsetMaxListpackEntries = 128;
    /** {@code zset-max-listpack-value}. */
    public volatile int zsetMaxListpackValue = 64;
    /** {@code list-max-listpack-size} (negative: a size class in kilobytes -1..-5 = 4..64 KB). */
    public volatile int listMaxListpackSize = -2;
    /** {@code list-compress-depth}. */
    public volatile int listCompressDepth;
}
