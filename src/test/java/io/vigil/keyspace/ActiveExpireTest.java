package io.vigil.keyspace;

import static io.vigil.keyspace.DictTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActiveExpireTest {

    static final long T0 = 1_700_000_000_000L;

    ManualClock clock;
    Keyspace ks;
    ActiveExpire ae;
    List<String> expired;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(T0);
        ks = new Keyspace(16, clock, new EvictionSettings(), 99);
        ae = new ActiveExpire(ks);
        expired = new ArrayList<>();
        ks.setExpiryListener((d, key) -> expired.add(d.id() + ":" + new String(key)));
    }

    /** What the server cron does each tick: expire, then resize/rehash tables. */
    private void cron() {
        ae.slowCycle(10);
        ks.databasesCron(true);
    }

    private void fill(Database db, String prefix, int n, long expireAt) {
        for (int i = 0; i < n; i++) {
            KeyEntry e = db.put(b(prefix + i), b("v"));
            if (expireAt >= 0) {
                db.setExpire(e, expireAt);
            }
        }
    }

    @Test
    void reclaimsExpiredKeysNobodyReadsWithoutTouchingLiveOnes() {
        Database db0 = ks.db(0);
        Database db5 = ks.db(5);
        fill(db0, "gone", 10_000, T0 + 1000);
        fill(db5, "gone", 5_000, T0 + 1000);
        fill(db0, "keep", 10_000, -1);
        fill(db0, "later", 1_000, T0 + 3_600_000);
        long memBefore = db0.memoryUsage();
        List<KeyEntry> live = new ArrayList<>();
        db0.forEach(e -> {
            if (!new String(e.key).startsWith("gone")) {
                live.add(e);
            }
        });
        int[] lrus = live.stream().mapToInt(KeyEntry::lru).toArray();

        clock.advance(10_000);
        for (int i = 0; i < 1000 && expired.size() < 15_000; i++) {
            cron();
        }
        assertThat(expired).hasSize(15_000);
        assertThat(ks.expiredKeys()).isEqualTo(15_000);
        assertThat(ae.activeExpiredKeys()).isEqualTo(15_000);
        assertThat(db0.size()).isEqualTo(11_000);
        assertThat(db0.volatileSize()).isEqualTo(1_000);
        assertThat(db5.size()).isZero();
        assertThat(db5.memoryUsage()).isZero();
        assertThat(db0.memoryUsage()).isLessThan(memBefore);
        for (int i = 0; i < live.size(); i++) {
            assertThat(live.get(i).lru()).isEqualTo(lrus[i]); // untouched
        }
        assertThat(ae.expiredStalePerc()).isGreaterThan(0);
    }

    @Test
    void slowCycleStopsAtItsTimeBudget() {
        fill(ks.db(0), "k", 100_000, T0 + 1);
        clock.advance(10);
        // Every read of the monotonic clock advances it by 10 ms; the budget at hz=10 is 25 ms. The
        // clock is read at the start and every 16 sampling rounds, so the cycle stops after the
        // third check, i.e. 48 rounds of ~20 keys.
        clock.nanoStep = 10_000_000;
        ae.slowCycle(10);
        assertThat(ae.timeCapReachedCount()).isEqualTo(1);
        assertThat(ae.lastCycleHitTimeLimit()).isTrue();
        assertThat(expired.size()).isBetween(48 * 20, 48 * 20 + 100);
        // More cycles finish the job.
        for (int i = 0; i < 1000 && ks.db(0).size() > 0; i++) {
            cron();
        }
        assertThat(ks.db(0).size()).isZero();
        assertThat(expired).hasSize(100_000);
        assertThat(ae.cycleCpuMillis()).isGreaterThan(0);
    }

    @Test
    void slowCycleWithoutTimePressureStopsWhenFewKeysAreStale() {
        fill(ks.db(0), "live", 10_000, T0 + 3_600_000);
        fill(ks.db(0), "dead", 100, T0 + 1);
        clock.advance(10);
        ae.slowCycle(10);
        // Roughly 1% stale, under the 10% threshold: one round of sampling, then next database.
        assertThat(expired.size()).isLessThan(100);
        assertThat(ae.timeCapReachedCount()).isZero();
    }

    @Test
    void fastCycleRunsOnlyWhenNeededAndNotTooOften() {
        Database db = ks.db(0);
        fill(db, "k", 50_000, T0 + 1);
        clock.advance(10);
        ae.fastCycle(); // previous cycle did not time out and nothing stale is known: skipped
        assertThat(expired).isEmpty();

        clock.nanoStep = 10_000_000;
        ae.slowCycle(10); // times out
        int afterSlow = expired.size();
        assertThat(ae.lastCycleHitTimeLimit()).isTrue();

        // Fast cycle: 1 ms budget; give each clock read 0.2 ms so it stops on its budget.
        clock.nanoStep = 200_000;
        ae.fastCycle();
        int afterFast = expired.size();
        assertThat(afterFast).isGreaterThan(afterSlow);
        assertThat(ae.lastCycleHitTimeLimit()).isTrue();

        // Not again within twice its duration (2 ms)...
        clock.nanoStep = 0;
        ae.fastCycle();
        assertThat(expired).hasSize(afterFast);
        // ...but after that it may run again.
        clock.nanos += 2_000_001;
        clock.nanoStep = 200_000;
        ae.fastCycle();
        assertThat(expired.size()).isGreaterThan(afterFast);
    }

    @Test
    void fastCycleRunsWhenTheStaleEstimateIsHigh() {
        Database db = ks.db(0);
        for (int round = 0; round < 60; round++) {
            fill(db, "r" + round + ":", 200, clock.millis() + 1);
            clock.advance(10);
            ae.slowCycle(10); // no time pressure: keeps estimating a high stale share
        }
        assertThat(ae.expiredStalePerc()).isGreaterThan(10);
        fill(db, "last", 1000, clock.millis() + 1);
        clock.advance(10);
        int before = expired.size();
        ae.fastCycle();
        assertThat(expired.size()).isGreaterThan(before);
    }

    @Test
    void averageTtlIsEstimated() {
        fill(ks.db(3), "k", 2000, T0 + 100_000);
        for (int i = 0; i < 200; i++) {
            ae.slowCycle(10);
        }
        assertThat(ks.db(3).avgTtl()).isBetween(95_000L, 100_000L);
        assertThat(expired).isEmpty();
        ks.db(3).clear();
        ae.slowCycle(10);
        assertThat(ks.db(3).avgTtl()).isZero();
    }

    @Test
    void effortIsValidatedAndScalesTheWork() {
        assertThatThrownBy(() -> ae.setEffort(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ae.setEffort(11)).isInstanceOf(IllegalArgumentException.class);
        int[] reclaimed = new int[2];
        for (int run = 0; run < 2; run++) {
            setUp();
            fill(ks.db(0), "live", 10_000, T0 + 3_600_000);
            fill(ks.db(0), "dead", 2_000, T0 + 1);
            clock.advance(10);
            ae.setEffort(run == 0 ? 1 : 10);
            ae.slowCycle(10);
            reclaimed[run] = expired.size();
        }
        // Effort 1 stops once a 20-key round is at most 10% stale; effort 10 samples 65 keys a
        // round and accepts only 1%, so it reclaims most of the 2000 (~17%) dead keys at once.
        assertThat(reclaimed[0]).isLessThan(600);
        assertThat(reclaimed[1]).isGreaterThan(1000);
        assertThat(ae.effort()).isEqualTo(10);
        ae.resetStats();
        assertThat(ae.activeExpiredKeys()).isZero();
    }
}
