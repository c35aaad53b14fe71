package io.vigil.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DictTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static KeyEntry entry(String k) {
        byte[] key = b(k);
        return new KeyEntry(key, SipHash.hash32(key), null);
    }

    static KeyEntry find(Dict d, KeyEntry e) {
        return d.find(e.key, e.hash);
    }

    @Test
    void sipHashMatchesPublishedVectors() {
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        byte[] msg = new byte[64];
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) i;
        }
        // SipHash-2-4 reference vectors from the SipHash paper / reference implementation.
        assertThat(SipHash.sip(k0, k1, msg, 0, 0, 2, 4)).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(SipHash.sip(k0, k1, msg, 0, 15, 2, 4)).isEqualTo(0xa129ca6149be45e5L);
        // The unrolled 1-2 variant agrees with the generic one on every length and offset.
        Random r = new Random(1);
        for (int len = 0; len <= 40; len++) {
            for (int off = 0; off < 3; off++) {
                long a = r.nextLong();
                long c = r.nextLong();
                assertThat(SipHash.sip12(a, c, msg, off, len)).isEqualTo(SipHash.sip(a, c, msg, off, len, 1, 2));
            }
        }
        assertThat(SipHash.hash(b("hello"))).isEqualTo(SipHash.hash(b("xhellox"), 1, 5));
    }

    @Test
    void growsIncrementallyAndFindsEverythingDuringRehash() {
        Dict d = new Dict(false, new Rng(1));
        List<KeyEntry> all = new ArrayList<>();
        boolean sawRehash = false;
        for (int i = 0; i < 10_000; i++) {
            KeyEntry e = entry("key:" + i);
            assertThat(find(d, e)).isNull();
            d.insert(e);
            all.add(e);
            if (d.isRehashing()) {
                sawRehash = true;
                // During a rehash both generations exist and every key is still reachable.
                assertThat(d.rehashTargetSize()).isGreaterThan(0);
                if (i % 37 == 0) {
                    for (KeyEntry x : all) {
                        assertThat(find(d, x)).isSameAs(x);
                    }
                }
            }
            assertThat(d.size()).isEqualTo(i + 1);
        }
        assertThat(sawRehash).isTrue();
        while (d.isRehashing()) {
            d.rehashMilliseconds(100);
        }
        assertThat(d.tableSize()).isEqualTo(16384);
        for (KeyEntry x : all) {
            assertThat(find(d, x)).isSameAs(x);
        }
    }

    @Test
    void rehashStepsAreBounded() {
        Dict d = new Dict(false, new Rng(2));
        for (int i = 0; i < 4096; i++) {
            d.insert(entry("k" + i));
        }
        // The 4097th insert starts a grow to 8192; one step moves at most one non-empty bucket.
        d.insert(entry("trigger"));
        assertThat(d.isRehashing()).isTrue();
        int steps = 0;
        while (d.rehash(1)) {
            steps++;
        }
        assertThat(steps).isGreaterThan(400); // 4096 buckets can't be moved in a few steps
    }

    @Test
    void shrinksWhenUnderTenPercentAndDropsTablesWhenEmpty() {
        Dict d = new Dict(false, new Rng(3));
        List<KeyEntry> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            KeyEntry e = entry("key:" + i);
            d.insert(e);
            all.add(e);
        }
        while (d.rehashMilliseconds(100) > 0) { }
        assertThat(d.tableSize()).isEqualTo(16384);
        for (int i = 0; i < 9_950; i++) {
            assertThat(d.removeEntry(all.get(i))).isTrue();
        }
        while (d.rehashMilliseconds(100) > 0) { }
        d.tryResize();
        while (d.rehashMilliseconds(100) > 0) { }
        assertThat(d.size()).isEqualTo(50);
        assertThat(d.tableSize()).isLessThanOrEqualTo(128);
        for (int i = 9_950; i < 10_000; i++) {
            assertThat(find(d, all.get(i))).isSameAs(all.get(i));
        }
        for (int i = 9_950; i < 10_000; i++) {
            assertThat(d.remove(all.get(i).key, all.get(i).hash)).isSameAs(all.get(i));
        }
        assertThat(d.size()).isZero();
        assertThat(d.tableBytes()).isZero();
    }

    @Test
    void behavesLikeAMapUnderRandomOperations() {
        Random r = new Random(42);
        Dict d = new Dict(false, new Rng(4));
        Map<String, KeyEntry> model = new HashMap<>();
        int keySpace = 10;
        for (int op = 0; op < 300_000; op++) {
            if (op % 20_000 == 0) {
                keySpace = 1 + r.nextInt(20_000); // vary the population: forces grows and shrinks
            }
            String k = "k" + r.nextInt(keySpace);
            int what = r.nextInt(10);
            if (what < 4) {
                if (!model.containsKey(k)) {
                    KeyEntry e = entry(k);
                    d.insert(e);
                    model.put(k, e);
                }
            } else if (what < 8) {
                KeyEntry e = model.remove(k);
                byte[] key = b(k);
                KeyEntry got = d.remove(key, SipHash.hash32(key));
                assertThat(got).isSameAs(e);
            } else {
                byte[] key = b(k);
                assertThat(d.find(key, SipHash.hash32(key))).isSameAs(model.get(k));
            }
            assertThat(d.size()).isEqualTo(model.size());
            if (!d.isRehashing() && d.size() > 0) {
                // Never above load factor 1 for long, never under 10% once settled.
                assertThat(d.size()).isLessThanOrEqualTo(d.tableSize());
            }
        }
        for (KeyEntry e : model.values()) {
            assertThat(find(d, e)).isSameAs(e);
        }
        Set<KeyEntry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        d.forEach(seen::add);
        assertThat(seen).hasSize(model.size());
    }

    @Test
    void twoIndexesShareEntriesThroughSeparateLinks() {
        Rng rng = new Rng(5);
        Dict main = new Dict(false, rng);
        Dict ttl = new Dict(true, rng);
        List<KeyEntry> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            KeyEntry e = entry("k" + i);
            main.insert(e);
            if (i % 2 == 0) {
                ttl.insert(e);
            }
            all.add(e);
        }
        for (int i = 0; i < 2000; i += 4) {
            assertThat(ttl.removeEntry(all.get(i))).isTrue();
        }
        assertThat(main.size()).isEqualTo(2000);
        assertThat(ttl.size()).isEqualTo(500);
        for (int i = 0; i < 2000; i++) {
            KeyEntry e = all.get(i);
            assertThat(find(main, e)).isSameAs(e);
            assertThat(ttl.containsEntry(e)).isEqualTo(i % 4 == 2);
        }
    }

    // ------------------------------------------------------------------ SCAN

    @Test
    void scanVisitsEachEntryExactlyOnceWhenTheTableDoesNotChange() {
        Dict d = new Dict(false, new Rng(6));
        for (int i = 0; i < 5000; i++) {
            d.insert(entry("k" + i));
        }
        while (d.rehashMilliseconds(100) > 0) { }
        Map<KeyEntry, Integer> counts = new IdentityHashMap<>();
        long cursor = 0;
        do {
            cursor = d.scan(cursor, e -> counts.merge(e, 1, Integer::sum));
        } while (cursor != 0);
        assertThat(counts).hasSize(5000);
        assertThat(counts.values()).containsOnly(1);
    }

    @Test
    void scanDuringARehashVisitsEverything() {
        Dict d = new Dict(false, new Rng(7));
        List<KeyEntry> all = new ArrayList<>();
        for (int i = 0; i < 4097; i++) {
            KeyEntry e = entry("k" + i);
            d.insert(e);
            all.add(e);
        }
        assertThat(d.isRehashing()).isTrue();
        Set<KeyEntry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long cursor = 0;
        do {
            cursor = d.scan(cursor, seen::add);
        } while (cursor != 0);
        assertThat(d.isRehashing()).isTrue(); // scanning does not advance the rehash
        assertThat(seen).containsAll(all);
    }

    /**
     * Redis's SCAN guarantee: an element present for the whole duration of a full scan is returned,
     * even when the table grows, shrinks or is part-way through a rehash between calls.
     */
    @Test
    void scanGuaranteeHoldsAcrossGrowsAndShrinksBetweenCalls() {
        int totalGrows = 0;
        int totalShrinks = 0;
        for (int seed = 0; seed < 60; seed++) {
            Random r = new Random(seed);
            Dict d = new Dict(false, new Rng(seed));
            List<KeyEntry> stable = new ArrayList<>();
            int nStable = 1 + r.nextInt(300);
            for (int i = 0; i < nStable; i++) {
                KeyEntry e = entry("stable:" + seed + ":" + i);
                d.insert(e);
                stable.add(e);
            }
            List<KeyEntry> churn = new ArrayList<>();
            int churnId = 0;
            int initialChurn = r.nextInt(3000);
            for (int i = 0; i < initialChurn; i++) {
                KeyEntry e = entry("churn:" + churnId++);
                d.insert(e);
                churn.add(e);
            }
            Set<KeyEntry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            long cursor = 0;
            int calls = 0;
            int grows = 0;
            int shrinks = 0;
            do {
                cursor = d.scan(cursor, seen::add);
                calls++;
                int before = Math.max(d.tableSize(), d.rehashTargetSize());
                switch (r.nextInt(24)) {
                    case 0: { // grow
                        int n = churn.size() > 12_000 ? 0 : r.nextInt(4000);
                        for (int i = 0; i < n; i++) {
                            KeyEntry e = entry("churn:" + churnId++);
                            d.insert(e);
                            churn.add(e);
                        }
                        break;
                    }
                    case 1: { // shrink: delete most or all churn
                        int keep = r.nextBoolean() ? 0 : r.nextInt(Math.max(1, churn.size() / 20 + 1));
                        Collections.shuffle(churn, r);
                        while (churn.size() > keep) {
                            assertThat(d.removeEntry(churn.remove(churn.size() - 1))).isTrue();
                        }
                        break;
                    }
                    case 2: // advance or finish an ongoing rehash partially
                        for (int i = r.nextInt(50); i > 0; i--) {
                            d.rehash(1);
                        }
                        break;
                    case 3:
                        d.rehashMilliseconds(5);
                        break;
                    default:
                        break;
                }
                int after = Math.max(d.tableSize(), d.rehashTargetSize());
                if (after > before) {
                    grows++;
                } else if (after < before) {
                    shrinks++;
                }
            } while (cursor != 0 && calls < 1_000_000);
            assertThat(cursor).as("scan terminates").isZero();
            totalGrows += grows;
            totalShrinks += shrinks;
            assertThat(seen).as("seed %d (%d grows, %d shrinks)", seed, grows, shrinks).containsAll(stable);
        }
        // The scenario really resized tables under the scans, both ways.
        assertThat(totalGrows).isGreaterThan(100);
        assertThat(totalShrinks).isGreaterThan(100);
    }

    @Test
    void scanGuaranteeExercisesBothGrowAndShrink() {
        // A directed version: grow by 64x in the middle of a scan, then shrink back, then finish.
        Dict d = new Dict(false, new Rng(8));
        List<KeyEntry> stable = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            KeyEntry e = entry("s" + i);
            d.insert(e);
            stable.add(e);
        }
        while (d.rehashMilliseconds(10) > 0) { }
        int small = d.tableSize();
        Set<KeyEntry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long cursor = d.scan(0, seen::add);
        cursor = d.scan(cursor, seen::add);
        List<KeyEntry> churn = new ArrayList<>();
        for (int i = 0; i < 8000; i++) {
            KeyEntry e = entry("c" + i);
            d.insert(e);
            churn.add(e);
        }
        assertThat(Math.max(d.tableSize(), d.rehashTargetSize())).isGreaterThan(small * 32);
        for (int i = 0; i < 20 && cursor != 0; i++) {
            cursor = d.scan(cursor, seen::add);
        }
        for (KeyEntry e : churn) {
            d.removeEntry(e);
        }
        while (d.rehashMilliseconds(10) > 0) { }
        d.tryResize();
        while (d.rehashMilliseconds(10) > 0) { }
        assertThat(d.tableSize()).isLessThanOrEqualTo(small * 2);
        while (cursor != 0) {
            cursor = d.scan(cursor, seen::add);
        }
        assertThat(seen).containsAll(stable);
    }

    @Test
    void scanCallbackMayDeleteTheVisitedEntry() {
        Dict d = new Dict(false, new Rng(9));
        for (int i = 0; i < 3000; i++) {
            d.insert(entry("k" + i));
        }
        long cursor = 0;
        int[] visited = {0};
        do {
            cursor = d.scan(cursor, e -> {
                visited[0]++;
                assertThat(d.removeEntry(e)).isTrue();
            });
        } while (cursor != 0);
        assertThat(visited[0]).isEqualTo(3000);
        assertThat(d.size()).isZero();
        assertThat(d.tableBytes()).isZero();
    }

    // ------------------------------------------------------------------ random / sample

    @Test
    void randomIsReasonablyFair() {
        for (boolean midRehash : new boolean[] {false, true}) {
            Dict d = new Dict(false, new Rng(10));
            int n = midRehash ? 1025 : 1000;
            for (int i = 0; i < n; i++) {
                d.insert(entry("k" + i));
            }
            if (!midRehash) {
                while (d.rehashMilliseconds(10) > 0) { }
            }
            Map<KeyEntry, Integer> counts = new IdentityHashMap<>();
            int draws = 400_000;
            for (int i = 0; i < draws; i++) {
                counts.merge(d.random(), 1, Integer::sum);
            }
            double mean = (double) draws / n;
            assertThat(counts).hasSize(n);
            int max = Collections.max(counts.values());
            int min = Collections.min(counts.values());
            assertThat((double) max).isLessThan(3 * mean);
            assertThat((double) min).isGreaterThan(0.1 * mean);
        }
        assertThat(new Dict(false, new Rng(1)).random()).isNull();
    }

    @Test
    void sampleReturnsMembersAndCoversTheTable() {
        Dict d = new Dict(false, new Rng(11));
        Set<KeyEntry> members = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 1000; i++) {
            KeyEntry e = entry("k" + i);
            d.insert(e);
            members.add(e);
        }
        KeyEntry[] out = new KeyEntry[16];
        Set<KeyEntry> covered = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 5000; i++) {
            int n = d.sample(out, 5);
            assertThat(n).isBetween(1, 5);
            for (int j = 0; j < n; j++) {
                assertThat(members).contains(out[j]);
                covered.add(out[j]);
            }
        }
        assertThat(covered.size()).isGreaterThan(950);
        // Asking for more than there are returns at most the size.
        Dict small = new Dict(false, new Rng(12));
        small.insert(entry("a"));
        small.insert(entry("b"));
        assertThat(small.sample(out, 10)).isBetween(1, 2);
    }
}
