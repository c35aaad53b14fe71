package io.vigil.keyspace;

/**
 * A value that reports its own memory footprint. Aggregate values (hashes, lists, sets, sorted
 * sets, streams...) implement it so that {@link Database#memoryUsage()} can account for them.
 *
 * <p>{@link #memoryUsage()} is called on every insert, overwrite and delete of the key, so it must
 * be cheap (O(1)): keep a running total inside the value. After mutating a value in place, the
 * command layer must tell the database with {@link Database#valueResized(KeyEntry, long)} or
 * {@link Database#adjustMemoryUsage(long)}.
 */
@FunctionalInterface
public interface Sized {

    /**
     * Returns the estimated heap bytes held by this value, including its own object header
     * (see {@link MemorySizes} for the conventions).
     *
     * @return bytes, never negative
     */
    long memoryUsage();
}
