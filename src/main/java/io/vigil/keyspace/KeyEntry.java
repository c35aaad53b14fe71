package io.vigil.keyspace;

/**
 * One key of a {@link Database}: the key bytes, its value, its expiry time and its LRU/LFU field.
 *
 * <p>The object is also the node of the database's hash tables: it carries its cached hash and the
 * chain links of both the main table and the TTL index, so a key costs exactly one object besides
 * its key and value (48 bytes, see {@link MemorySizes#KEY_ENTRY}).
 *
 * <p>{@link #key} must never be modified. {@link #value} may be read and replaced by the command
 * layer; replacing it directly bypasses memory accounting, so prefer
 * {@link Database#setValue(KeyEntry, Object)}, and report in-place changes of an aggregate value
 * with {@link Database#valueResized(KeyEntry, long)}. The expiry time is changed only through
 * {@link Database#setExpire(KeyEntry, long)} and {@link Database#persist(KeyEntry)}.
 */
public final class KeyEntry {

    /** The key, binary safe. Owned by the keyspace: never modify it. */
    public final byte[] key;

    /** The value: {@code byte[]} for strings, the type's own object otherwise. */
    public Object value;

    /** Absolute expiry time in unix milliseconds, or -1 when the key has no TTL. */
    long expireAt = -1;

    /** 24-bit LRU clock value, or LFU (16-bit minutes &lt;&lt; 8 | 8-bit counter). */
    int lru;

    /** Cached hash of {@link #key}. */
    final int hash;

    /**
     * The snapshot epoch in which this entry was captured by (or created after the start of) a background
     * snapshot: see {@link SnapshotHook}. Fits the 48-byte object without growing it.
     */
    int snapshotEpoch;

    /** Chain link in the main table. */
    KeyEntry next;

    /** Chain link in the TTL index. */
    KeyEntry nextTtl;

    KeyEntry(byte[] key, int hash, Object value) {
        this.key = key;
        this.hash = hash;
        this.value = value;
    }

    /**
     * Returns the absolute expiry time.
     *
     * @return unix milliseconds, or -1 if the key has no TTL
     */
    public long expireAt() {
        return expireAt;
    }

    /**
     * Tells whether the key has a TTL.
     *
     * @return {@code expireAt() != -1}
     */
    public boolean hasExpire() {
        return expireAt >= 0;
    }

    /**
     * Returns the raw 24-bit LRU/LFU field (see {@link LruClock} and {@link LfuCounter}).
     *
     * @return the field
     */
    public int lru() {
        return lru;
    }

    @Override
    public String toString() {
        return "KeyEntry[" + new String(key, java.nio.charset.StandardCharsets.ISO_8859_1)
                + (expireAt >= 0 ? ", expireAt=" + expireAt : "") + "]";
    }
}
