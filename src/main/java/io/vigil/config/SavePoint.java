package io.vigil.config;

/**
 * One {@code save <seconds> <changes>} snapshotting rule: save the dataset when at least
 * {@code changes} writes happened in the last {@code seconds} seconds.
 *
 * @param seconds the period in seconds (at least 1)
 * @param changes the minimum number of changes (at least 0)
 */
public record SavePoint(long seconds, long changes) {
}
