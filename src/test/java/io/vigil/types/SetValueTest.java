package io.vigil.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link SetValue}: intset order, conversion thresholds, agreement with a set, SCAN. */
class SetValueTest {
    private static final int MAX = 512;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> members(SetValue s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(new String(s.memberAt(i), StandardCharsets.US_ASCII));
        }
        return out;
    }

    @Test
    void intsetWhileAllMembersAreCanonicalIntegers() {
        SetValue s = SetValue.forFirstMember(b("10"));
        assertThat(s.encoding()).isEqualTo("intset");
        assertThat(s.typeName()).isEqualTo("set");
        for (String m : new String[] {"10", "-5", "3", "100000", "9999999999", "3"}) {
            s.add(b(m), MAX);
        }
        assertThat(members(s)).containsExactly("-5", "3", "10", "100000", "9999999999");
        assertThat(s.intsetWidth()).isEqualTo(8);
        assertThat(s.contains(b("03"))).isFalse();
        assertThat(s.contains(b("3"))).isTrue();
        assertThat(s.remove(b("x"))).isFalse();
        for (String notInt : new String[] {"01", "-0", "+1", " 1", "1.5", "a"}) {
            SetValue t = SetValue.forFirstMember(b("1"));
            t.add(b("1"), MAX);
            t.add(b("2"), MAX);
            t.add(b(notInt), MAX);
            assertThat(t.encoding()).as(notInt).isEqualTo("hashtable");
            assertThat(new HashSet<>(members(t))).containsExactlyInAnyOrder("1", "2", notInt);
            assertThat(t.contains(b("1"))).isTrue();
            assertThat(t.containsLong(2)).isTrue();
        }
        assertThat(SetValue.forFirstMember(b("a")).encoding()).isEqualTo("hashtable");
    }

    @Test
    void convertsPastSetMaxIntsetEntries() {
        SetValue s = SetValue.emptyIntset();
        for (int i = 0; i < MAX; i++) {
            assertThat(s.add(b(Integer.toString(MAX - i)), MAX)).isTrue();
        }
        assertThat(s.encoding()).isEqualTo("intset");
        assertThat(s.add(b("1"), MAX)).isFalse();
        assertThat(s.encoding()).isEqualTo("intset");
        assertThat(s.addLong(MAX + 1, MAX)).isTrue();
        assertThat(s.encoding()).isEqualTo("hashtable");
        assertThat(s.size()).isEqualTo(MAX + 1);
        assertThat(s.containsLong(MAX + 1)).isTrue();
        assertThat(s.contains(b("77"))).isTrue();
        // A limit of 0 makes every set a hashtable at its first member.
        SetValue z = SetValue.emptyIntset();
        z.add(b("1"), 0);
        assertThat(z.encoding()).isEqualTo("hashtable");
    }

    @Test
    void randomOperationsAgreeWithASetAndIntsetsStaySorted() {
        Random rnd = new Random(5);
        for (int round = 0; round < 50; round++) {
            int max = 1 + rnd.nextInt(100);
            SetValue s = SetValue.emptyIntset();
            Set<String> model = new HashSet<>();
            boolean intset = true;
            for (int i = 0; i < 500; i++) {
                String m = rnd.nextInt(200) == 0 ? "m" + rnd.nextInt(10) : Integer.toString(rnd.nextInt(150) - 50);
                int op = rnd.nextInt(4);
                if (op < 2) {
                    assertThat(s.add(b(m), max)).isEqualTo(model.add(m));
                    if (!IntSet.isInteger(b(m)) || model.size() > max) {
                        intset = false;
                    }
                } else if (op == 2) {
                    assertThat(s.remove(b(m))).isEqualTo(model.remove(m));
                } else if (s.size() > 0) {
                    int i2 = rnd.nextInt(s.size());
                    String victim = new String(s.memberAt(i2), StandardCharsets.US_ASCII);
                    s.removeAt(i2);
                    assertThat(model.remove(victim)).isTrue();
                }
                assertThat(s.encoding()).isEqualTo(intset ? "intset" : "hashtable");
                assertThat(s.size()).isEqualTo(model.size());
            }
            assertThat(new HashSet<>(members(s))).isEqualTo(model);
            if (intset) {
                TreeSet<Long> sorted = new TreeSet<>();
                model.forEach(m -> sorted.add(Long.parseLong(m)));
                assertThat(members(s)).containsExactlyElementsOf(sorted.stream().map(String::valueOf).toList());
            }
            SetValue copy = s.copy();
            copy.add(b("zzz"), max);
            assertThat(s.contains(b("zzz"))).isFalse();
        }
    }

    @Test
    void scanVisitsEveryMember() {
        SetValue s = SetValue.emptyHashtable(0);
        Set<String> model = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            s.add(b("m" + i), MAX);
            model.add("m" + i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        do {
            cursor = s.scan(cursor, m -> seen.add(new String(m, StandardCharsets.US_ASCII)));
        } while (cursor != 0);
        assertThat(seen).isEqualTo(model);
    }
}
