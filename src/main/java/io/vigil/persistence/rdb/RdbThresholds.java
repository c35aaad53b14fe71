package io.vigil.persistence.rdb;

/**
 * The limits ({@code *-max-listpack-*}, {@code set-max-intset-entries}, {@code list-max-listpack-size}) that decide
 * which encoding {@link RdbWriter} gives a value, as Redis decides for a value built with these settings.
 *
 * @param hashMaxListpackEntries hash as listpack when it has at most this many fields ...
 * @param hashMaxListpackValue   ... and no field or value is longer than this
 * @param setMaxIntsetEntries    set as intset when all members are integers and there are at most this many
 * @param zsetMaxListpackEntries sorted set as listpack when it has at most this many members ...
 * @param zsetMaxListpackValue   ... and no member is longer than this
 * @param listMaxListpackSize    quicklist node size: positive = entries per node (nodes also stay under 8 KB),
 *                               -1..-5 = at most 4/8/16/32/64 KB per node (0 or below -5: one element per node,
 *                               as in Redis 7.0); sizes are estimated as Redis does when appending
 * @param listPackedThreshold    list elements of at least this many bytes get a PLAIN node of their own
 *                               (Redis's default 1 GB)
 */
public record RdbThresholds(int hashMaxListpackEntries, int hashMaxListpackValue, int setMaxIntsetEntries,
                            int zsetMaxListpackEntries, int zsetMaxListpackValue, int listMaxListpackSize,
                            long listPackedThreshold) {

    /** Redis 7.0's defaults: hash 512 entries / 64 bytes, set 512, zset 128 / 64, list -2 (8 KB), plain 1 GB. */
    public static final RdbThresholds DEFAULTS = new RdbThresholds(512, 64, 512, 128, 64, -2, 1L << 30);

    /** The same limits with another list node size. */
    public RdbThresholds withListMaxListpackSize(int size) {
        return new RdbThresholds(hashMaxListpackEntries, hashMaxListpackValue, setMaxIntsetEntries,
                zsetMaxListpackEntries, zsetMaxListpackValue, size, listPackedThreshold);
    }

    /** The same limits with another PLAIN node threshold. */
    public RdbThresholds withListPackedThreshold(long bytes) {
        return new RdbThresholds(hashMaxListpackEntries, hashMaxListpackValue, setMaxIntsetEntries,
                zsetMaxListpackEntries, zsetMaxListpackValue, listMaxListpackSize, bytes);
    }
}
