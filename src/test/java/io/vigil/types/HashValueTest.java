package io.vigil.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link HashValue}: listpack order and layout, conversion thresholds, agreement with a map. */
class HashValueTest {
    private static final int ENTRIES = 128;
    private static final int VALUE = 64;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Map<String, String> contents(HashValue h) {
        Map<String, String> out = new LinkedHashMap<>();
        HashValue.Entries it = h.entries();
        while (it.next()) {
            out.put(s(it.field()), s(it.value()));
        }
        return out;
    }

    private static List<String> fields(HashValue h) {
        return new ArrayList<>(contents(h).keySet());
    }

    @Test
    void listpackKeepsInsertionOrderAndUpdatesInPlace() {
        HashValue h = HashValue.create();
        assertThat(h.encoding()).isEqualTo("listpack");
        assertThat(h.typeName()).isEqualTo("hash");
        assertThat(h.set(b("z"), b("1"), ENTRIES, VALUE)).isTrue();
        assertThat(h.set(b("a"), b("2"), ENTRIES, VALUE)).isTrue();
        assertThat(h.set(b("m"), b("3"), ENTRIES, VALUE)).isTrue();
        assertThat(h.set(b("a"), b("five"), ENTRIES, VALUE)).isFalse();
        assertThat(fields(h)).containsExactly("z", "a", "m");
        assertThat(s(h.get(b("a")))).isEqualTo("five");
        assertThat(h.delete(b("z"))).isTrue();
        assertThat(h.set(b("z"), b("9"), ENTRIES, VALUE)).isTrue();
        assertThat(contents(h)).containsExactly(Map.entry("a", "five"), Map.entry("m", "3"), Map.entry("z", "9"));
        assertThat(h.valueLength(b("a"))).isEqualTo(4);
        assertThat(h.valueLength(b("nope"))).isEqualTo(-1);
        assertThat(h.get(b("nope"))).isNull();
        assertThat(h.contains(b("m"))).isTrue();
        assertThat(h.size()).isEqualTo(3);
        // Empty field and value are fine.
        h.set(b(""), b(""), ENTRIES, VALUE);
        assertThat(s(h.get(b("")))).isEmpty();
        assertThat(h.encoding()).isEqualTo("listpack");
    }

    @Test
    void convertsPastTheEntryLimit() {
        HashValue h = HashValue.create();
        for (int i = 0; i < ENTRIES; i++) {
            h.set(b("f" + i), b("v" + i), ENTRIES, VALUE);
        }
        assertThat(h.encoding()).isEqualTo("listpack");
        h.set(b("f0"), b("again"), ENTRIES, VALUE); // an update adds nothing
        assertThat(h.encoding()).isEqualTo("listpack");
        h.set(b("one-more"), b("x"), ENTRIES, VALUE);
        assertThat(h.encoding()).isEqualTo("hashtable");
        assertThat(h.size()).isEqualTo(ENTRIES + 1);
        assertThat(s(h.get(b("f0")))).isEqualTo("again");
        assertThat(s(h.get(b("f77")))).isEqualTo("v77");
        // Never back, even when small again.
        for (int i = 0; i < ENTRIES; i++) {
            h.delete(b("f" + i));
        }
        assertThat(h.encoding()).isEqualTo("hashtable");
        assertThat(contents(h)).containsExactly(Map.entry("one-more", "x"));
    }

    @Test
    void convertsWhenAFieldOrValueIsLongerThanTheValueLimit() {
        String max = "x".repeat(VALUE);
        HashValue h = HashValue.create();
        h.set(b(max), b(max), ENTRIES, VALUE);
        assertThat(h.encoding()).isEqualTo("listpack");
        h.set(b("f"), b(max + "y"), ENTRIES, VALUE);
        assertThat(h.encoding()).isEqualTo("hashtable");
        HashValue g = HashValue.create();
        g.set(b(max + "y"), b("1"), ENTRIES, VALUE);
        assertThat(g.encoding()).isEqualTo("hashtable");
        HashValue zero = HashValue.create();
        zero.set(b("a"), b("1"), 0, VALUE);
        assertThat(zero.encoding()).isEqualTo("hashtable");
    }

    @Test
    void longEntriesUseMultiByteLengths() {
        HashValue h = HashValue.create();
        String big = "b".repeat(20_000);
        String mid = "m".repeat(300);
        h.set(b("k1"), b(mid), ENTRIES, Integer.MAX_VALUE);
        h.set(b(big), b("v"), ENTRIES, Integer.MAX_VALUE);
        h.set(b("k3"), b(big), ENTRIES, Integer.MAX_VALUE);
        assertThat(h.encoding()).isEqualTo("listpack");
        assertThat(fields(h)).containsExactly("k1", big, "k3");
        assertThat(s(h.get(b("k3")))).isEqualTo(big);
        h.set(b("k1"), b("short"), ENTRIES, Integer.MAX_VALUE);
        assertThat(s(h.get(b("k1")))).isEqualTo("short");
        assertThat(h.delete(b(big))).isTrue();
        assertThat(contents(h)).containsExactly(Map.entry("k1", "short"), Map.entry("k3", big));
    }

    @Test
    void entriesCursorSeeksByPosition() {
        for (int limit : new int[] {ENTRIES, 0}) {
            HashValue h = HashValue.create();
            for (int i = 0; i < 10; i++) {
                h.set(b("f" + i), b("v" + i), limit, VALUE);
            }
            HashValue.Entries it = h.entries();
            List<String> order = fields(h);
            for (int i : new int[] {9, 0, 5, 5, 3, 9}) {
                it.at(i);
                assertThat(s(it.field())).isEqualTo(order.get(i));
                assertThat(s(it.value())).isEqualTo("v" + order.get(i).substring(1));
            }
            it.at(7);
            assertThat(it.next()).isTrue();
            assertThat(s(it.field())).isEqualTo(order.get(8));
        }
    }

    @Test
    void randomOperationsAgreeWithAMapInBothEncodingsAndMemoryStaysConsistent() {
        Random rnd = new Random(11);
        for (int round = 0; round < 40; round++) {
            int maxEntries = 1 + rnd.nextInt(64);
            HashValue h = HashValue.create();
            Map<String, String> model = new LinkedHashMap<>();
            boolean listpack = true;
            for (int i = 0; i < 400; i++) {
                String f = "f" + rnd.nextInt(90);
                if (rnd.nextInt(3) > 0) {
                    String v = rnd.nextInt(50) == 0 ? "v".repeat(VALUE + 1) : "v" + rnd.nextInt(1000);
                    boolean isNew = !model.containsKey(f);
                    model.put(f, v);
                    assertThat(h.set(b(f), b(v), maxEntries, VALUE)).isEqualTo(isNew);
                    if (model.size() > maxEntries || v.length() > VALUE) {
                        listpack = false;
                    }
                } else {
                    assertThat(h.delete(b(f))).isEqualTo(model.remove(f) != null);
                }
                assertThat(h.encoding()).isEqualTo(listpack ? "listpack" : "hashtable");
                assertThat(h.size()).isEqualTo(model.size());
            }
            if (listpack) {
                assertThat(contents(h)).containsExactlyEntriesOf(model);
            } else {
                assertThat(new HashMap<>(contents(h))).isEqualTo(new HashMap<>(model));
            }
            HashValue copy = h.copy();
            assertThat(copy.memoryUsage()).isLessThanOrEqualTo(h.memoryUsage());
            copy.set(b("new"), b("x"), maxEntries, VALUE);
            assertThat(h.contains(b("new"))).isFalse();
        }
    }

    @Test
    void listpackMemoryIsCompact() {
        HashValue h = HashValue.create();
        for (int j = 0; j < 10; j++) {
            h.set(b("field:" + j), b("value:12345:" + j), ENTRIES, VALUE);
        }
        // 10 x (1 + 7 + 1 + 13) bytes of entries, one array, one small object.
        assertThat(h.memoryUsage()).isLessThanOrEqualTo(24 + 16 + 220 + 8);
    }
}
