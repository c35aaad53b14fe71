package io.vigil.persistence;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.EvictionPolicy;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.Keyspace;
import io.vigil.keyspace.LruClock;
import io.vigil.persistence.rdb.KeyMeta;
import io.vigil.persistence.rdb.RdbThresholds;
import io.vigil.persistence.rdb.RdbValue;
import io.vigil.persistence.rdb.RdbWriter;
import io.vigil.persistence.rdb.ZSetEntry;
import io.vigil.types.EncodingLimits;
import io.vigil.types.HashValue;
import io.vigil.types.ListValue;
import io.vigil.types.SetValue;
import io.vigil.types.ZSetValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one place that knows both Vigil's in-memory values ({@code byte[]}, {@link ListValue}, {@link SetValue},
 * {@link HashValue}, {@link ZSetValue}) and the RDB layer's generic forms ({@link RdbValue}, the
 * {@link RdbWriter} {@code write*} methods).
 *
 * <ul>
 *   <li>{@link #writeKey} writes one key (value, expire, and the {@code IDLE}/{@code FREQ} opcode as Redis writes
 *       them: IDLE under an LRU eviction policy, FREQ under an LFU one, neither otherwise);</li>
 *   <li>{@link #writeValue} writes a value without key (DUMP payloads);</li>
 *   <li>{@link #toVigil} builds the in-memory value for an {@link RdbValue}, choosing the compact or large
 *       encoding under the current {@link EncodingLimits}, as Redis's loader does.</li>
 * </ul>
 *
 * <p>Values are read, never modified. Stateless; the methods may run on any thread as long as the value is not
 * modified concurrently (the background saver passes copies).
 */
public final class ValueCodec {

    private ValueCodec() {
    }

    /** The RDB writer's encoding thresholds equal to the server's current {@code *-max-*} settings. */
    public static RdbThresholds thresholds(EncodingLimits l) {
        if (l == null) {
            return RdbThresholds.DEFAULTS;
        }
        return new RdbThresholds(l.hashMaxListpackEntries, l.hashMaxListpackValue, l.setMaxIntsetEntries,
                l.zsetMaxListpackEntries, l.zsetMaxListpackValue, l.listMaxListpackSize,
                RdbThresholds.DEFAULTS.listPackedThreshold());
    }

    /**
     * What RDB stores about {@code e} besides its value: its expire time, and the LRU idle seconds (under an
     * LRU policy) or the decayed LFU counter (under an LFU policy), as Redis's rdbSaveKeyValuePair.
     */
    public static KeyMeta meta(Keyspace ks, KeyEntry e) {
        return meta(ks, e.expireAt(), e.lru());
    }

    /** {@link #meta(Keyspace, KeyEntry)} from a captured expire time and LRU/LFU field. */
    public static KeyMeta meta(Keyspace ks, long expireAt, int lru) {
        KeyMeta m = KeyMeta.expireAt(expireAt);
        EvictionPolicy p = ks.settings().policy();
        if (p.isLfu()) {
            m = m.withLfuFreq(ks.lfu().decayedCounter(lru));
        } else if (p.isLru()) {
            m = m.withLruIdle(LruClock.idleMillis(ks.lruClock().now(), lru) / 1000);
        }
        return m;
    }

    /**
     * Writes one key with its meta data.
     *
     * @throws IllegalArgumentException for a value type Vigil does not know, or an empty collection
     */
    public static void writeKey(RdbWriter w, byte[] key, Object value, KeyMeta meta) throws IOException {
        if (value instanceof byte[] s) {
            w.writeString(key, s, meta);
        } else if (value instanceof ListValue l) {
            w.writeList(key, Arrays.asList(l.toArray()), meta);
        } else if (value instanceof byte[][] elements) {
            w.writeList(key, Arrays.asList(elements), meta); // a list frozen by a background snapshot
        } else if (value instanceof SetValue s) {
            w.writeSet(key, setMembers(s), meta);
        } else if (value instanceof HashValue h) {
            w.writeHash(key, hashPairs(h), meta);
        } else if (value instanceof ZSetValue z) {
            w.writeZSet(key, zsetEntries(z), meta);
        } else {
            throw new IllegalArgumentException("cannot store a " + (value == null ? "null" : value.getClass()));
        }
    }

    /** Writes a value without key (type byte and value), for DUMP. */
    public static void writeValue(RdbWriter w, Object value) throws IOException {
        if (value instanceof byte[] s) {
            w.writeStringValue(s);
        } else if (value instanceof ListValue l) {
            w.writeListValue(Arrays.asList(l.toArray()));
        } else if (value instanceof SetValue s) {
            w.writeSetValue(setMembers(s));
        } else if (value instanceof HashValue h) {
            w.writeHashValue(hashPairs(h));
        } else if (value instanceof ZSetValue z) {
            w.writeZSetValue(zsetEntries(z));
        } else {
            throw new IllegalArgumentException("cannot store a " + (value == null ? "null" : value.getClass()));
        }
    }

    /** A set's members in iteration order. */
    public static List<byte[]> setMembers(SetValue s) {
        List<byte[]> out = new ArrayList<>(s.size());
        for (var it = s.iterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /** A hash's {field, value} pairs in iteration order (copies). */
    public static List<byte[][]> hashPairs(HashValue h) {
        List<byte[][]> out = new ArrayList<>(h.size());
        HashValue.Entries it = h.entries();
        while (it.next()) {
            out.add(new byte[][] {it.field(), it.value()});
        }
        return out;
    }

    /** A sorted set's entries in ascending order (member copies). */
    public static List<ZSetEntry> zsetEntries(ZSetValue z) {
        List<ZSetEntry> out = new ArrayList<>(z.size());
        z.forEach((buf, off, len, score) -> out.add(new ZSetEntry(Arrays.copyOfRange(buf, off, off + len), score)));
        return out;
    }

    /**
     * The in-memory value for a value read from RDB or a DUMP payload, encoded as Redis would encode it under
     * {@code limits} (e.g. a hash of 1000 fields becomes a hashtable, a set of small integers an intset). The
     * element arrays of {@code v} are kept, not copied.
     */
    public static Object toVigil(RdbValue v, EncodingLimits limits) {
        if (v instanceof RdbValue.Str s) {
            return s.value();
        }
        if (v instanceof RdbValue.ListValue l) {
            ListValue out = new ListValue(l.elements().size());
            for (byte[] e : l.elements()) {
                out.pushTail(e);
            }
            return out;
        }
        if (v instanceof RdbValue.SetValue s) {
            List<byte[]> members = s.members();
            int max = limits.setMaxIntsetEntries;
            SetValue out = members.size() <= max ? SetValue.forFirstMember(members.get(0))
                    : SetValue.emptyHashtable(members.size());
            for (byte[] m : members) {
                out.add(m, max);
            }
            return out;
        }
        if (v instanceof RdbValue.HashValue h) {
            HashValue out = HashValue.create();
            int maxEntries = limits.hashMaxListpackEntries;
            int maxValue = limits.hashMaxListpackValue;
            if (h.pairs().size() > maxEntries) {
                out.convertToHashtable(); // no quadratic listpack phase for a large hash
            }
            for (byte[][] p : h.pairs()) {
                out.set(p[0], p[1], maxEntries, maxValue);
            }
            return out;
        }
        if (v instanceof RdbValue.ZSetValue z) {
            List<ZSetEntry> entries = z.entries();
            int maxLen = 0;
            long total = 0;
            for (ZSetEntry e : entries) {
                maxLen = Math.max(maxLen, e.member().length);
                total += ZSetValue.packedSize(e.member().length, e.score());
            }
            ZSetValue out = ZSetValue.createFor(entries.size(), maxLen, total, limits);
            for (ZSetEntry e : entries) {
                out.insertNew(e.score(), e.member(), limits);
            }
            out.compact();
            return out;
        }
        throw new IllegalArgumentException("unknown value " + v);
    }

    /**
     * Applies the {@code IDLE} / {@code FREQ} of a loaded key to its entry (each only under the policy that uses
     * it, as Redis's objectSetLRUOrLFU).
     */
    public static void applyLruLfu(Database db, KeyEntry e, KeyMeta meta) {
        if (meta.lfuFreq() >= 0) {
            db.setFrequency(e, meta.lfuFreq());
        }
        if (meta.lruIdleSeconds() >= 0) {
            db.setIdleSeconds(e, meta.lruIdleSeconds());
        }
    }
}
