package io.vigil.persistence.rdb;

/**
 * What the RDB stores about a key besides its value.
 *
 * @param expireAtMs     absolute expire time in unix milliseconds, or -1 for none (any other value, even negative,
 *                       is an expire time: a time in the past means the key is already expired)
 * @param lruIdleSeconds LRU idle time in seconds ({@code IDLE} opcode), or -1 for none
 * @param lfuFreq        LFU logarithmic counter 0..255 ({@code FREQ} opcode), or -1 for none
 */
public record KeyMeta(long expireAtMs, long lruIdleSeconds, int lfuFreq) {
    /** No expiry, no LRU/LFU information. */
    public static final KeyMeta NONE = new KeyMeta(-1, -1, -1);

    public KeyMeta {
        if (lfuFreq > 255) {
            throw new IllegalArgumentException("LFU counter must be at most 255: " + lfuFreq);
        }
    }

    /** Only an expire time (-1 for none). */
    public static KeyMeta expireAt(long expireAtMs) {
        return expireAtMs == -1 ? NONE : new KeyMeta(expireAtMs, -1, -1);
    }

    /** This with an LRU idle time in seconds. */
    public KeyMeta withLruIdle(long seconds) {
        return new KeyMeta(expireAtMs, seconds, lfuFreq);
    }

    /** This with an LFU counter. */
    public KeyMeta withLfuFreq(int freq) {
        return new KeyMeta(expireAtMs, lruIdleSeconds, freq);
    }

    /** Whether an expire time is set. */
    public boolean hasExpire() {
        return expireAtMs != -1;
    }
}
