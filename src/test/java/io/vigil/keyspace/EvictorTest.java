package io.vigil.keyspace;

import static io.vigil.keyspace.DictTest.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EvictorTest {

    static final long T0 = 1_700_000_000_000L;

    ManualClock clock;
    EvictionSettings settings;
    Keyspace ks;
    Evictor ev;
    List<String> evicted;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(T0);
        settings = new EvictionSettings().tenacity(100); // no time limit unless a test sets one
        ks = new Keyspace(4, clock, settings, 3);
        ev = new Evictor(ks);
        evicted = new ArrayList<>();
        ev.setListener((db, key) -> evicted.add(new String(key)));
    }

    /** Frees about {@code fraction} of the current usage. */
    private EvictResult evictFraction(double fraction) {
        long usage = ks.memoryUsage();
        return ev.performEvictions((long) (usage * (1 - fraction)));
    }

    private long count(String prefix) {
        return evicted.stream().filter(k -> k.startsWith(prefix)).count();
    }

    @Test
    void noLimitOrUnderLimitIsOk() {
        ks.db(0).put(b("k"), b("v"));
        assertThat(ev.performEvictions(0)).isSameAs(EvictResult.OK);
        assertThat(ev.performEvictions(1 << 20)).isSameAs(EvictResult.OK);
        assertThat(ev.performEvictions(1 << 20, (1 << 20) - 1)).isSameAs(EvictResult.OK);
        assertThat(evicted).isEmpty();
    }

    @Test
    void noevictionFails() {
        settings.policy(EvictionPolicy.NOEVICTION);
        ks.db(0).put(b("k"), b("v"));
        assertThat(ev.performEvictions(1)).isSameAs(EvictResult.FAIL);
        assertThat(ks.keyCount()).isEqualTo(1);
    }

    @Test
    void emptyCandidateSetFails() {
        for (EvictionPolicy p : new EvictionPolicy[] {EvictionPolicy.VOLATILE_LRU, EvictionPolicy.VOLATILE_LFU,
                EvictionPolicy.VOLATILE_RANDOM, EvictionPolicy.VOLATILE_TTL}) {
            settings.policy(p);
            ks.db(0).put(b("persistent"), b("v"));
            assertThat(ev.performEvictions(1)).as(p.configName()).isSameAs(EvictResult.FAIL);
            assertThat(ks.keyCount()).isEqualTo(1);
        }
        settings.policy(EvictionPolicy.ALLKEYS_LRU);
        ks.flushAll();
        assertThat(ev.performEvictions(1, 100)).isSameAs(EvictResult.FAIL);
    }

    @Test
    void allkeysLruEvictsTheIdleKeys() {
        settings.policy(EvictionPolicy.ALLKEYS_LRU);
        for (int db = 0; db < 4; db++) {
            for (int i = 0; i < 500; i++) {
                ks.db(db).put(b("cold" + db + ":" + i), new byte[32]);
                ks.db(db).put(b("hot" + db + ":" + i), new byte[32]);
            }
        }
        clock.advance(100_000);
        for (int db = 0; db < 4; db++) {
            for (int i = 0; i < 500; i++) {
                ks.db(db).lookup(b("hot" + db + ":" + i));
            }
        }
        clock.advance(1_000);
        long max = (long) (ks.memoryUsage() * 0.7);
        assertThat(ev.performEvictions(max)).isSameAs(EvictResult.OK);
        assertThat(ks.memoryUsage()).isLessThanOrEqualTo(max);
        assertThat(evicted).hasSizeGreaterThan(1000);
        assertThat(count("hot")).isZero();
        assertThat(ev.evictedKeys()).isEqualTo(evicted.size());
        assertThat(ks.keyCount()).isEqualTo(4000 - evicted.size());
    }

    @Test
    void allkeysLfuEvictsTheRarelyUsedKeys() {
        settings.policy(EvictionPolicy.ALLKEYS_LFU);
        Database db = ks.db(1);
        for (int i = 0; i < 1000; i++) {
            db.put(b("rare" + i), new byte[32]);
            db.put(b("freq" + i), new byte[32]);
        }
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 1000; i++) {
                db.lookup(b("freq" + i));
            }
        }
        assertThat(evictFraction(0.3)).isSameAs(EvictResult.OK);
        assertThat(evicted).hasSizeGreaterThan(400);
        assertThat(count("freq")).isLessThanOrEqualTo(evicted.size() / 50);
    }

    @Test
    void volatileLruEvictsOnlyKeysWithTtl() {
        settings.policy(EvictionPolicy.VOLATILE_LRU);
        Database db = ks.db(0);
        for (int i = 0; i < 1000; i++) {
            db.put(b("old" + i), new byte[32]); // oldest, but no TTL
        }
        clock.advance(50_000);
        for (int i = 0; i < 1000; i++) {
            db.setExpire(db.put(b("vol" + i), new byte[32]), T0 + 10_000_000);
        }
        clock.advance(50_000);
        for (int i = 500; i < 1000; i++) {
            db.lookup(b("vol" + i)); // half the volatile keys are recent
        }
        assertThat(evictFraction(0.1)).isSameAs(EvictResult.OK);
        assertThat(evicted).hasSizeGreaterThan(150);
        assertThat(count("old")).isZero();
        assertThat(evicted).allMatch(k -> k.startsWith("vol"));
        // Approximated LRU: nearly all victims are the idle half of the volatile keys.
        long idle = evicted.stream().filter(k -> Integer.parseInt(k.substring(3)) < 500).count();
        assertThat(idle).isGreaterThanOrEqualTo(evicted.size() * 95L / 100);
        // Asking for more than the volatile keys can give fails once they are gone.
        assertThat(ev.performEvictions(1)).isSameAs(EvictResult.FAIL);
        assertThat(db.volatileSize()).isZero();
        assertThat(db.size()).isEqualTo(1000);
    }

    @Test
    void volatileLfuEvictsOnlyKeysWithTtlPreferringRareOnes() {
        settings.policy(EvictionPolicy.VOLATILE_LFU);
        Database db = ks.db(2);
        for (int i = 0; i < 1000; i++) {
            db.put(b("plain" + i), new byte[32]);
            db.setExpire(db.put(b("vrare" + i), new byte[32]), T0 + 10_000_000);
            db.setExpire(db.put(b("vfreq" + i), new byte[32]), T0 + 10_000_000);
        }
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 1000; i++) {
                db.lookup(b("vfreq" + i));
            }
        }
        assertThat(evictFraction(0.15)).isSameAs(EvictResult.OK);
        assertThat(count("plain")).isZero();
        assertThat(count("vfreq")).isLessThanOrEqualTo(evicted.size() / 50);
    }

    @Test
    void volatileTtlEvictsTheSoonestToExpire() {
        settings.policy(EvictionPolicy.VOLATILE_TTL);
        Database db = ks.db(3);
        for (int i = 0; i < 2000; i++) {
            db.setExpire(db.put(b(String.format("t%05d", i)), new byte[32]), T0 + 1_000_000 + i * 1000L);
            db.put(b("p" + i), new byte[32]);
        }
        assertThat(evictFraction(0.1)).isSameAs(EvictResult.OK);
        assertThat(count("p")).isZero();
        assertThat(evicted).hasSizeGreaterThan(150);
        // Approximated: victims come from the soonest-expiring part.
        double avgRank = evicted.stream().mapToInt(k -> Integer.parseInt(k.substring(1))).average().orElseThrow();
        assertThat(avgRank).isLessThan(600);
    }

    @Test
    void randomPoliciesEvictFromTheRightSet() {
        settings.policy(EvictionPolicy.VOLATILE_RANDOM);
        for (int d = 0; d < 4; d++) {
            for (int i = 0; i < 250; i++) {
                ks.db(d).put(b("p" + d + ":" + i), new byte[32]);
                ks.db(d).setExpire(ks.db(d).put(b("v" + d + ":" + i), new byte[32]), T0 + 10_000_000);
            }
        }
        assertThat(evictFraction(0.2)).isSameAs(EvictResult.OK);
        assertThat(count("p")).isZero();
        assertThat(evicted).hasSizeGreaterThan(300);
        // Round-robin over databases.
        for (int d = 0; d < 4; d++) {
            assertThat(count("v" + d + ":")).isGreaterThan(50);
        }

        settings.policy(EvictionPolicy.ALLKEYS_RANDOM);
        evicted.clear();
        assertThat(evictFraction(0.5)).isSameAs(EvictResult.OK);
        assertThat(count("p")).isGreaterThan(100);
        assertThat(count("v")).isGreaterThan(50);
    }

    @Test
    void runningWhenTheTimeBudgetIsSpent() {
        settings.policy(EvictionPolicy.ALLKEYS_RANDOM).tenacity(0); // 0 µs budget
        for (int i = 0; i < 1000; i++) {
            ks.db(0).put(b("k" + i), new byte[32]);
        }
        clock.nanoStep = 1_000;
        assertThat(ev.performEvictions(1)).isSameAs(EvictResult.RUNNING);
        assertThat(evicted).hasSize(16); // the clock is checked every 16 keys
        assertThat(ev.timeLimitReachedCount()).isEqualTo(1);
        settings.tenacity(100);
        // Evicting everything brings the keyspace under the limit.
        assertThat(ev.performEvictions(1)).isSameAs(EvictResult.OK);
        assertThat(ks.keyCount()).isZero();
        assertThat(ks.memoryUsage()).isZero();
        // With a large caller overhead it cannot: nothing left to evict.
        ks.db(0).put(b("x"), new byte[32]);
        assertThat(ev.performEvictions(1, 10_000_000)).isSameAs(EvictResult.FAIL);
        assertThat(ks.keyCount()).isZero();
    }

    @Test
    void callerOverheadCountsTowardsUsage() {
        settings.policy(EvictionPolicy.ALLKEYS_LRU);
        for (int i = 0; i < 1000; i++) {
            ks.db(0).put(b("k" + i), new byte[32]);
        }
        long data = ks.memoryUsage();
        long overhead = 50_000;
        // Limit = data: only the overhead has to be freed from the data set.
        assertThat(ev.performEvictions(data, data + overhead)).isSameAs(EvictResult.OK);
        assertThat(data - ks.memoryUsage()).isGreaterThanOrEqualTo(overhead);
        assertThat(data - ks.memoryUsage()).isLessThan(overhead + 2_000);
    }

    @Test
    void ghostsInThePoolAreSkipped() {
        settings.policy(EvictionPolicy.ALLKEYS_LRU);
        Database db = ks.db(0);
        for (int i = 0; i < 100; i++) {
            db.put(b("k" + i), new byte[32]);
        }
        clock.advance(10_000);
        // Fill the pool, then delete everything it may hold and add fresh keys.
        long usage = ks.memoryUsage();
        ev.performEvictions(usage - 1);
        ks.flushAll();
        evicted.clear();
        db.put(b("fresh"), new byte[32]);
        assertThat(ev.performEvictions(1)).isSameAs(EvictResult.OK);
        assertThat(evicted).containsExactly("fresh");
        ev.clearPool();
    }
}
