package io.vigil.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.keyspace.MemorySizes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link HashTable}: agreement with a HashMap, dense slots, memory accounting, the SCAN guarantee. */
class HashTableTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Memory recomputed from scratch: the incremental figure must equal it after every change. */
    private static long contentBytes(HashTable t, boolean values) {
        long sum = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += MemorySizes.byteArray(t.keyAt(i).length);
            if (values) {
                sum += MemorySizes.byteArray(t.valueAt(i).length);
            }
        }
        return sum;
    }

    @Test
    void randomOperationsAgreeWithAHashMap() {
        Random rnd = new Random(7);
        HashTable t = new HashTable(true, 0);
        Map<String, String> model = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String k = "k" + rnd.nextInt(i < 25_000 ? 5000 : 300);
            int op = rnd.nextInt(10);
            if (op < 5) {
                String v = "v" + rnd.nextInt(1_000_000);
                assertThat(t.put(b(k), b(v))).isEqualTo(model.put(k, v) == null);
            } else if (op < 9) {
                assertThat(t.remove(b(k))).isEqualTo(model.remove(k) != null);
            } else {
                int slot = t.find(b(k));
                assertThat(slot >= 0).isEqualTo(model.containsKey(k));
                if (slot >= 0) {
                    assertThat(s(t.valueAt(slot))).isEqualTo(model.get(k));
                }
            }
            assertThat(t.size()).isEqualTo(model.size());
            if (i % 997 == 0) {
                Map<String, String> seen = new HashMap<>();
                for (int j = 0; j < t.size(); j++) {
                    seen.put(s(t.keyAt(j)), s(t.valueAt(j)));
                }
                assertThat(seen).isEqualTo(model);
                assertThat(t.contentBytes()).isEqualTo(contentBytes(t, true));
            }
        }
        // Shrinks back when emptied.
        for (String k : new HashSet<>(model.keySet())) {
            assertThat(t.remove(b(k))).isTrue();
        }
        assertThat(t.size()).isZero();
        assertThat(t.buckets()).isLessThanOrEqualTo(8);
        assertThat(t.memoryUsage()).isLessThan(400);
    }

    @Test
    void scanReturnsEveryEntryPresentThroughoutEvenWhileTheTableResizes() {
        Random rnd = new Random(3);
        for (int round = 0; round < 20; round++) {
            HashTable t = new HashTable(false, 0);
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                String k = "stable" + i;
                t.put(b(k), null);
                stable.add(k);
            }
            Set<String> seen = new HashSet<>();
            long cursor = 0;
            int extra = 0;
            do {
                cursor = t.scan(cursor, slot -> seen.add(s(t.keyAt(slot))));
                // Grow or shrink the table between steps with keys that come and go.
                if (rnd.nextBoolean()) {
                    for (int i = 0; i < rnd.nextInt(400); i++) {
                        t.put(b("extra" + extra++), null);
                    }
                } else {
                    for (int i = 0; i < rnd.nextInt(400) && extra > 0; i++) {
                        t.remove(b("extra" + --extra));
                    }
                }
            } while (cursor != 0);
            assertThat(seen).containsAll(stable);
        }
    }

    @Test
    void copyIsDeep() {
        HashTable t = new HashTable(true, 0);
        t.put(b("a"), b("1"));
        HashTable c = t.copy();
        c.put(b("a"), b("2"));
        c.put(b("b"), b("3"));
        c.keyAt(0)[0] = 'z';
        assertThat(s(t.valueAt(t.find(b("a"))))).isEqualTo("1");
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.memoryUsage()).isLessThan(c.memoryUsage());
    }
}
