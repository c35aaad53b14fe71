package io.vigil.keyspace;

import static io.vigil.keyspace.DictTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    static final long T0 = 1_700_000_000_000L;

    ManualClock clock;
    EvictionSettings settings;
    Keyspace ks;
    Database db;
    List<String> expired;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(T0);
        settings = new EvictionSettings();
        ks = new Keyspace(4, clock, settings, 1234);
        db = ks.db(0);
        expired = new ArrayList<>();
        ks.setExpiryListener((d, key) -> expired.add(d.id() + ":" + new String(key)));
    }

    static String str(KeyEntry e) {
        return new String((byte[]) e.value);
    }

    @Test
    void putLookupOverwriteAddDelete() {
        assertThat(db.lookup(b("a"))).isNull();
        KeyEntry a = db.put(b("a"), b("1"));
        assertThat(db.lookup(b("a"))).isSameAs(a);
        assertThat(str(db.lookup(b("a")))).isEqualTo("1");
        assertThat(db.put(b("a"), b("2"))).isSameAs(a);
        assertThat(str(a)).isEqualTo("2");
        assertThat(db.add(b("a"), b("3"))).isNull();
        assertThat(str(a)).isEqualTo("2");
        KeyEntry c = db.add(b("c"), b("3"));
        assertThat(c).isNotNull();
        assertThat(db.size()).isEqualTo(2);
        assertThat(db.exists(b("c"))).isTrue();
        assertThat(db.delete(b("c"))).isTrue();
        assertThat(db.delete(b("c"))).isFalse();
        assertThat(db.exists(b("c"))).isFalse();
        assertThat(db.remove(b("a"))).isSameAs(a);
        assertThat(db.size()).isZero();
        assertThat(db.id()).isZero();
        assertThat(ks.db(3).id()).isEqualTo(3);
    }

    @Test
    void keysAreBinarySafe() {
        byte[] k1 = {0, 1, 2, (byte) 0xff};
        byte[] k2 = {0, 1, 2, (byte) 0xfe};
        db.put(k1, b("x"));
        db.put(k2, b("y"));
        assertThat(str(db.lookup(new byte[] {0, 1, 2, (byte) 0xff}))).isEqualTo("x");
        assertThat(str(db.lookup(new byte[] {0, 1, 2, (byte) 0xfe}))).isEqualTo("y");
        assertThat(db.lookup(new byte[] {0, 1, 2})).isNull();
        db.put(new byte[0], b("empty"));
        assertThat(str(db.lookup(new byte[0]))).isEqualTo("empty");
    }

    @Test
    void ttlSetPersistAndPutSemantics() {
        KeyEntry e = db.put(b("k"), b("v"));
        assertThat(e.expireAt()).isEqualTo(-1);
        db.setExpire(e, T0 + 1000);
        assertThat(db.expireAt(e)).isEqualTo(T0 + 1000);
        assertThat(db.volatileSize()).isEqualTo(1);
        db.setExpire(e, T0 + 2000); // update keeps one index entry
        assertThat(db.volatileSize()).isEqualTo(1);
        db.putKeepTtl(b("k"), b("v2"));
        assertThat(e.expireAt()).isEqualTo(T0 + 2000);
        db.put(b("k"), b("v3")); // SET clears the TTL
        assertThat(e.expireAt()).isEqualTo(-1);
        assertThat(db.volatileSize()).isZero();
        db.setExpire(e, T0 + 5);
        assertThat(db.persist(e)).isTrue();
        assertThat(db.persist(e)).isFalse();
        assertThat(db.volatileSize()).isZero();
        assertThatThrownBy(() -> db.setExpire(e, -5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lazyExpiryDeletesOnAccessAndNotifies() {
        KeyEntry e = db.put(b("k"), b("v"));
        db.setExpire(e, T0 + 1000);
        clock.advance(1000);
        assertThat(db.lookup(b("k"))).isSameAs(e); // expires only strictly after the time
        assertThat(expired).isEmpty();
        clock.advance(1);
        assertThat(db.lookup(b("k"))).isNull();
        assertThat(expired).containsExactly("0:k");
        assertThat(db.size()).isZero();
        assertThat(db.volatileSize()).isZero();
        assertThat(ks.expiredKeys()).isEqualTo(1);
        assertThat(db.lookup(b("k"))).isNull();
        assertThat(expired).hasSize(1);
        assertThat(db.memoryUsage()).isZero();
    }

    @Test
    void everyAccessPathExpiresLazily() {
        for (String k : new String[] {"a", "b", "c", "d", "e", "f"}) {
            db.setExpire(db.put(b(k), b("v")), T0 + 10);
        }
        clock.advance(11);
        assertThat(db.exists(b("a"))).isFalse();
        assertThat(db.lookupNoTouch(b("b"))).isNull();
        assertThat(db.delete(b("c"))).isFalse();
        assertThat(db.remove(b("d"))).isNull();
        KeyEntry fresh = db.add(b("e"), b("new"));
        assertThat(fresh).isNotNull();
        assertThat(fresh.expireAt()).isEqualTo(-1);
        KeyEntry put = db.put(b("f"), b("new"));
        assertThat(put.expireAt()).isEqualTo(-1);
        assertThat(expired).containsExactlyInAnyOrder("0:a", "0:b", "0:c", "0:d", "0:e", "0:f");
        assertThat(db.size()).isEqualTo(2);
        assertThat(db.volatileSize()).isZero();
    }

    @Test
    void replicaModeReportsExpiredKeysMissingWithoutDeleting() {
        ks.setLazyExpireDelete(false);
        KeyEntry e = db.put(b("k"), b("v"));
        db.setExpire(e, T0 + 10);
        clock.advance(11);
        assertThat(db.lookup(b("k"))).isNull();
        assertThat(db.lookupNoTouch(b("k"))).isNull();
        assertThat(db.exists(b("k"))).isFalse();
        assertThat(db.size()).isEqualTo(1);
        assertThat(db.volatileSize()).isEqualTo(1);
        assertThat(db.findRaw(b("k"))).isSameAs(e);
        assertThat(expired).isEmpty();
        assertThat(ks.expiredKeys()).isZero();
        // A write from the master replaces the logically-missing key.
        KeyEntry w = db.add(b("k"), b("w"));
        assertThat(w).isNotNull();
        assertThat(w.expireAt()).isEqualTo(-1);
        assertThat(db.size()).isEqualTo(1);
        assertThat(db.volatileSize()).isZero();
        // DEL from the master removes an expired key silently.
        db.setExpire(w, T0);
        assertThat(db.delete(b("k"))).isFalse();
        assertThat(db.size()).isZero();
        assertThat(expired).isEmpty();
        assertThat(db.memoryUsage()).isZero();
    }

    @Test
    void randomKeyWithAllKeysExpiredTerminates() {
        for (int i = 0; i < 1000; i++) {
            db.setExpire(db.put(b("k" + i), b("v")), T0 + 10);
        }
        clock.advance(11);
        ks.setLazyExpireDelete(false);
        KeyEntry r = db.randomEntry(); // replica: gives up and returns an expired key, as Redis
        assertThat(r).isNotNull();
        assertThat(db.isExpired(r)).isTrue();
        assertThat(db.size()).isEqualTo(1000);

        ks.setLazyExpireDelete(true);
        assertThat(db.randomEntry()).isNull(); // gives up after a bounded number of tries
        assertThat(db.size()).isLessThan(1000).isGreaterThanOrEqualTo(900);
        while (db.size() > 0) {
            assertThat(db.randomEntry()).isNull();
        }
        assertThat(expired).hasSize(1000);
        assertThat(db.randomEntry()).isNull();
    }

    @Test
    void randomKeySkipsExpiredKeys() {
        for (int i = 0; i < 300; i++) {
            db.setExpire(db.put(b("x" + i), b("v")), T0 + 10);
        }
        KeyEntry live = db.put(b("live"), b("v"));
        clock.advance(11);
        KeyEntry got = null;
        for (int i = 0; i < 50 && got == null; i++) {
            got = db.randomEntry();
        }
        assertThat(got).isSameAs(live);
        for (int i = 0; i < 1000 && db.size() > 1; i++) {
            assertThat(db.randomEntry()).isIn(null, live);
        }
        assertThat(db.size()).isEqualTo(1);
        assertThat(db.randomEntry()).isSameAs(live);
    }

    @Test
    void scanAndForEachSeeAllKeys() {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            db.put(b("k" + i), b("v"));
            all.add("k" + i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        do {
            cursor = db.scan(cursor, e -> seen.add(new String(e.key)));
        } while (cursor != 0);
        assertThat(seen).isEqualTo(all);
        Set<String> each = new HashSet<>();
        db.forEach(e -> each.add(new String(e.key)));
        assertThat(each).isEqualTo(all);
        // forEach may delete as it goes
        db.forEach(db::deleteEntry);
        assertThat(db.size()).isZero();
    }

    @Test
    void lookupTouchesLruButNoTouchDoesNot() {
        KeyEntry e = db.put(b("k"), b("v"));
        int created = e.lru();
        clock.advance(5000);
        db.lookupNoTouch(b("k"));
        db.exists(b("k"));
        assertThat(e.lru()).isEqualTo(created);
        assertThat(db.idleTimeMillis(e)).isEqualTo(5000);
        db.lookup(b("k"));
        assertThat(e.lru()).isEqualTo(created + 5);
        assertThat(db.idleTimeMillis(e)).isZero();
        db.setIdleSeconds(e, 100);
        assertThat(db.idleTimeMillis(e)).isEqualTo(100_000);
    }

    // ------------------------------------------------------------------ memory

    @Test
    void memoryAccountingFollowsTheFormulaAndReturnsToBaseline() {
        assertThat(db.memoryUsage()).isZero();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            db.put(b(String.format("key:%012d", i)), new byte[32]);
        }
        long perKey = MemorySizes.KEY_ENTRY + MemorySizes.byteArray(16) + MemorySizes.byteArray(32);
        assertThat(perKey).isEqualTo(48 + 32 + 48);
        long tables = db.main.tableBytes();
        assertThat(db.memoryUsage()).isEqualTo(n * perKey + tables);
        assertThat(tables).isBetween(MemorySizes.referenceArray(131072), MemorySizes.referenceArray(131072 + 262144));

        // Overwrite with a bigger value, TTLs add their index table only.
        db.put(b(String.format("key:%012d", 0)), new byte[100]);
        long before = db.memoryUsage() - db.main.tableBytes() - db.expires.tableBytes();
        assertThat(before).isEqualTo(n * perKey + (MemorySizes.byteArray(100) - MemorySizes.byteArray(32)));
        for (int i = 0; i < 1000; i++) {
            db.setExpire(db.lookupNoTouch(b(String.format("key:%012d", i))), T0 + 1_000_000);
        }
        assertThat(db.memoryUsage() - db.main.tableBytes() - db.expires.tableBytes()).isEqualTo(before);
        assertThat(db.expires.tableBytes()).isGreaterThan(0);

        for (int i = 0; i < n; i++) {
            assertThat(db.delete(b(String.format("key:%012d", i)))).isTrue();
        }
        assertThat(db.size()).isZero();
        assertThat(db.memoryUsage()).isZero();
    }

    @Test
    void sizedValuesAndInPlaceChanges() {
        class Agg implements Sized {
            long bytes = 64;

            @Override
            public long memoryUsage() {
                return bytes;
            }
        }
        Agg agg = new Agg();
        KeyEntry e = db.put(b("h"), agg);
        long base = db.memoryUsage();
        long old = MemorySizes.of(agg);
        agg.bytes = 1064;
        db.valueResized(e, old);
        assertThat(db.memoryUsage()).isEqualTo(base + 1000);
        db.adjustMemoryUsage(-500);
        agg.bytes = 564;
        assertThat(db.memoryUsage()).isEqualTo(base + 500);
        db.setValue(e, new byte[8]);
        assertThat(db.memoryUsage()).isEqualTo(base - 64 + MemorySizes.byteArray(8));
        assertThat(db.deleteEntry(e)).isTrue();
        assertThat(db.deleteEntry(e)).isFalse();
        assertThat(db.memoryUsage()).isZero();
    }

    @Test
    void memorySizesFollowTheDocumentedModel() {
        assertThat(MemorySizes.byteArray(0)).isEqualTo(16);
        assertThat(MemorySizes.byteArray(1)).isEqualTo(24);
        assertThat(MemorySizes.byteArray(8)).isEqualTo(24);
        assertThat(MemorySizes.byteArray(9)).isEqualTo(32);
        assertThat(MemorySizes.referenceArray(4)).isEqualTo(32);
        assertThat(MemorySizes.referenceArray(5)).isEqualTo(40);
        assertThat(MemorySizes.object(4)).isEqualTo(16);
        assertThat(MemorySizes.object(8)).isEqualTo(24);
        assertThat(MemorySizes.KEY_ENTRY).isEqualTo(48);
        assertThat(MemorySizes.of(null)).isZero();
        assertThat(MemorySizes.of(42L)).isEqualTo(MemorySizes.UNKNOWN_OBJECT);
    }

    // ------------------------------------------------------------------ keyspace

    @Test
    void keyspaceSwapFlushAndCounts() {
        ks.db(1).put(b("one"), b("1"));
        KeyEntry e = ks.db(2).put(b("two"), b("2"));
        ks.db(2).setExpire(e, T0 + 100);
        long m1 = ks.db(1).memoryUsage();
        long m2 = ks.db(2).memoryUsage();
        assertThat(ks.keyCount()).isEqualTo(2);
        assertThat(ks.expiresCount()).isEqualTo(1);
        assertThat(ks.memoryUsage()).isEqualTo(m1 + m2);
        ks.swap(1, 2);
        assertThat(ks.db(1).lookup(b("two"))).isSameAs(e);
        assertThat(ks.db(1).volatileSize()).isEqualTo(1);
        assertThat(ks.db(2).lookup(b("one"))).isNotNull();
        assertThat(ks.db(1).memoryUsage()).isEqualTo(m2);
        assertThat(ks.db(1).id()).isEqualTo(1);
        ks.swap(1, 1);
        assertThat(ks.count()).isEqualTo(4);
        ks.flushAll();
        assertThat(ks.keyCount()).isZero();
        assertThat(ks.expiresCount()).isZero();
        assertThat(ks.memoryUsage()).isZero();
    }

    @Test
    void cronRehashesAndShrinks() {
        for (int i = 0; i < 5000; i++) {
            db.put(b("k" + i), b("v"));
        }
        for (int i = 0; i < 4990; i++) {
            db.delete(b("k" + i));
        }
        for (int i = 0; i < 100 && (db.isRehashing() || db.main.tableSize() > 16); i++) {
            ks.databasesCron(true);
        }
        assertThat(db.isRehashing()).isFalse();
        assertThat(db.main.tableSize()).isLessThanOrEqualTo(16);
        for (int i = 4990; i < 5000; i++) {
            assertThat(db.exists(b("k" + i))).isTrue();
        }
    }
}
