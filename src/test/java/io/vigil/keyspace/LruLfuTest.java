package io.vigil.keyspace;

import static io.vigil.keyspace.DictTest.b;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LruLfuTest {

    static final long T0 = 1_700_000_000_000L;

    ManualClock clock;
    EvictionSettings settings;
    Keyspace ks;
    Database db;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(T0);
        settings = new EvictionSettings();
        ks = new Keyspace(1, clock, settings, 7);
        db = ks.db(0);
    }

    @Test
    void lruClockHasOneSecondResolutionAnd24Bits() {
        LruClock lru = new LruClock(clock);
        assertThat(lru.now()).isEqualTo((int) ((T0 / 1000) & LruClock.LRU_CLOCK_MAX));
        clock.advance(999);
        int a = lru.now();
        clock.advance(1);
        assertThat(lru.now()).isEqualTo((a + 1) & LruClock.LRU_CLOCK_MAX);
        assertThat(LruClock.idleMillis(100, 40)).isEqualTo(60_000);
        // Wrap-around: stored just before the wrap, clock just after.
        assertThat(LruClock.idleMillis(5, LruClock.LRU_CLOCK_MAX - 10)).isEqualTo(15_000);
        int v = lru.lruForIdleSeconds(3600);
        assertThat(LruClock.idleMillis(lru.now(), v)).isEqualTo(3_600_000);
    }

    @Test
    void objectIdleTimeTracksAccesses() {
        KeyEntry e = db.put(b("k"), b("v"));
        clock.advance(42_000);
        assertThat(ks.lruClock().estimateIdleTimeMillis(e)).isEqualTo(42_000);
        db.lookup(b("k"));
        assertThat(ks.lruClock().estimateIdleTimeMillis(e)).isZero();
        clock.advance(3_000);
        db.put(b("k"), b("w")); // overwrite under LRU: a new access time
        assertThat(ks.lruClock().estimateIdleTimeMillis(e)).isZero();
    }

    @Test
    void lfuLogarithmicIncrement() {
        assertThat(LfuCounter.logIncr(0, 10, 0.999)).isEqualTo(1); // below INIT_VAL: always
        assertThat(LfuCounter.logIncr(4, 10, 0.999)).isEqualTo(5);
        assertThat(LfuCounter.logIncr(5, 10, 0.999)).isEqualTo(6); // at INIT_VAL p = 1/(0*10+1) = 1
        assertThat(LfuCounter.logIncr(6, 10, 0.0900)).isEqualTo(7); // p = 1/11
        assertThat(LfuCounter.logIncr(6, 10, 0.0910)).isEqualTo(6);
        assertThat(LfuCounter.logIncr(15, 10, 0.0095)).isEqualTo(16); // p = 1/101
        assertThat(LfuCounter.logIncr(15, 10, 0.0100)).isEqualTo(15);
        assertThat(LfuCounter.logIncr(255, 0, 0.0)).isEqualTo(255);
    }

    @Test
    void lfuCounterGrowsLogarithmicallyOnLookups() {
        settings.policy(EvictionPolicy.ALLKEYS_LFU);
        KeyEntry e = db.put(b("k"), b("v"));
        assertThat(ks.lfu().frequency(e)).isEqualTo(LfuCounter.INIT_VAL);
        assertThat(db.frequency(e)).isEqualTo(LfuCounter.INIT_VAL);
        for (int i = 0; i < 1000; i++) {
            db.lookup(b("k"));
        }
        // With lfu-log-factor 10, Redis documents ~18 after 1K hits.
        assertThat(db.frequency(e)).isBetween(12, 26);
        db.lookupNoTouch(b("k"));
        int f = db.frequency(e);
        for (int i = 0; i < 100; i++) {
            db.lookupNoTouch(b("k"));
        }
        assertThat(db.frequency(e)).isEqualTo(f);

        settings.lfuLogFactor(0);
        KeyEntry g = db.put(b("g"), b("v"));
        for (int i = 0; i < 300; i++) {
            db.lookup(b("g"));
        }
        assertThat(db.frequency(g)).isEqualTo(255);
    }

    @Test
    void lfuCounterDecaysWithTime() {
        settings.policy(EvictionPolicy.VOLATILE_LFU);
        KeyEntry e = db.put(b("k"), b("v"));
        db.setFrequency(e, 20);
        assertThat(db.frequency(e)).isEqualTo(20);
        clock.advance(5 * 60_000);
        assertThat(db.frequency(e)).isEqualTo(15); // one per minute with lfu-decay-time 1
        settings.lfuDecayTime(2);
        assertThat(db.frequency(e)).isEqualTo(18);
        settings.lfuDecayTime(0);
        assertThat(db.frequency(e)).isEqualTo(20);
        settings.lfuDecayTime(1);
        clock.advance(60 * 60_000);
        assertThat(db.frequency(e)).isZero();
        // An access applies the decay, then stores the current minute.
        db.lookup(b("k"));
        assertThat(db.frequency(e)).isBetween(0, 1);
        assertThat(e.lru() >>> 8).isEqualTo(ks.lfu().minutes());
    }

    @Test
    void lfuOverwriteKeepsTheCounterAndRestoreFreqIgnoredUnderLru() {
        settings.policy(EvictionPolicy.ALLKEYS_LFU);
        KeyEntry e = db.put(b("k"), b("v"));
        db.setFrequency(e, 77);
        db.put(b("k"), b("w"));
        assertThat(db.frequency(e)).isEqualTo(77);
        int before = e.lru();
        db.setIdleSeconds(e, 1000); // IDLETIME is ignored under LFU
        assertThat(e.lru()).isEqualTo(before);

        settings.policy(EvictionPolicy.ALLKEYS_LRU);
        KeyEntry x = db.put(b("x"), b("v"));
        int lru = x.lru();
        db.setFrequency(x, 99); // FREQ is ignored under LRU
        assertThat(x.lru()).isEqualTo(lru);
    }

    @Test
    void policiesParseAndClassify() {
        assertThat(EvictionPolicy.values()).hasSize(8);
        for (EvictionPolicy p : EvictionPolicy.values()) {
            assertThat(EvictionPolicy.fromConfigName(p.configName().toUpperCase())).isSameAs(p);
        }
        assertThat(EvictionPolicy.fromConfigName("lru")).isNull();
        assertThat(EvictionPolicy.VOLATILE_TTL.isVolatile()).isTrue();
        assertThat(EvictionPolicy.ALLKEYS_LFU.isLfu()).isTrue();
        assertThat(EvictionPolicy.VOLATILE_LRU.isLru()).isTrue();
        assertThat(EvictionPolicy.ALLKEYS_RANDOM.isRandom()).isTrue();
        assertThat(EvictionPolicy.NOEVICTION.isVolatile()).isFalse();
        EvictionSettings s = new EvictionSettings();
        assertThat(s.policy()).isSameAs(EvictionPolicy.NOEVICTION);
        assertThat(s.maxmemorySamples()).isEqualTo(5);
        assertThat(s.lfuLogFactor()).isEqualTo(10);
        assertThat(s.lfuDecayTime()).isEqualTo(1);
        assertThat(s.tenacity()).isEqualTo(10);
        assertThat(s.evictionTimeLimitNanos()).isEqualTo(500_000);
        assertThat(s.tenacity(0).evictionTimeLimitNanos()).isZero();
        assertThat(s.tenacity(20).evictionTimeLimitNanos()).isEqualTo((long) (500_000 * Math.pow(1.15, 10)));
        assertThat(s.tenacity(100).evictionTimeLimitNanos()).isEqualTo(Long.MAX_VALUE);
    }
}
