package io.vigil.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.keyspace.MemorySizes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** ListValue against a plain ArrayList model, plus its memory accounting. */
class ListValueTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> contents(ListValue l) {
        List<String> out = new ArrayList<>();
        for (byte[] e : l.toArray()) {
            out.add(new String(e, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** What memoryUsage must be, computed from scratch. */
    private static long expectedMemory(ListValue l) {
        long sum = MemorySizes.object(MemorySizes.REFERENCE + 4 + 4 + 8) + MemorySizes.referenceArray(l.capacity());
        for (byte[] e : l.toArray()) {
            sum += MemorySizes.byteArray(e.length);
        }
        return sum;
    }

    @Test
    void typeAndEncodingAreRedis70s() {
        ListValue l = new ListValue();
        assertThat(l.typeName()).isEqualTo("list");
        assertThat(l.encoding()).isEqualTo("quicklist");
        assertThat(l.size()).isZero();
        assertThat(l.isEmpty()).isTrue();
    }

    @Test
    void pushAndPopAtBothEnds() {
        ListValue l = new ListValue();
        l.pushTail(b("b"));
        l.pushHead(b("a"));
        l.pushTail(b("c"));
        assertThat(contents(l)).containsExactly("a", "b", "c");
        assertThat(new String(l.first(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(new String(l.last(), StandardCharsets.UTF_8)).isEqualTo("c");
        assertThat(new String(l.popTail(), StandardCharsets.UTF_8)).isEqualTo("c");
        assertThat(new String(l.popHead(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(new String(l.pop(true), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(l.popHead()).isNull();
        assertThat(l.popTail()).isNull();
        assertThat(l.first()).isNull();
        assertThat(l.last()).isNull();
    }

    @Test
    void wrapsAroundGrowsAndShrinks() {
        ListValue l = new ListValue();
        for (int i = 0; i < 1000; i++) {
            if (i % 2 == 0) {
                l.pushHead(b("h" + i));
            } else {
                l.pushTail(b("t" + i));
            }
        }
        assertThat(l.size()).isEqualTo(1000);
        assertThat(l.capacity()).isEqualTo(1024);
        assertThat(new String(l.get(0), StandardCharsets.UTF_8)).isEqualTo("h998");
        assertThat(new String(l.get(999), StandardCharsets.UTF_8)).isEqualTo("t999");
        for (int i = 0; i < 990; i++) {
            l.pop(i % 3 == 0);
        }
        assertThat(l.size()).isEqualTo(10);
        assertThat(l.capacity()).isLessThanOrEqualTo(64);
        assertThat(l.memoryUsage()).isEqualTo(expectedMemory(l));
    }

    @Test
    void indexesOutOfRangeThrow() {
        ListValue l = new ListValue();
        l.pushTail(b("x"));
        assertThatThrownBy(() -> l.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> l.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> l.set(1, b("y"))).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> l.insert(2, b("y"))).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> l.trim(1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void insertAndRemoveMoveTheShorterSide() {
        ListValue l = new ListValue();
        List<String> model = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            l.pushTail(b("e" + i));
            model.add("e" + i);
        }
        l.insert(1, b("near-head"));
        model.add(1, "near-head");
        l.insert(19, b("near-tail"));
        model.add(19, "near-tail");
        l.insert(0, b("head"));
        model.add(0, "head");
        l.insert(l.size(), b("tail"));
        model.add("tail");
        assertThat(contents(l)).isEqualTo(model);
        assertThat(new String(l.removeAt(2), StandardCharsets.UTF_8)).isEqualTo(model.remove(2));
        assertThat(new String(l.removeAt(l.size() - 3), StandardCharsets.UTF_8))
                .isEqualTo(model.remove(model.size() - 3));
        assertThat(contents(l)).isEqualTo(model);
        assertThat(l.memoryUsage()).isEqualTo(expectedMemory(l));
    }

    @Test
    void removeMatchingFromHeadOrTailWithALimit() {
        ListValue l = new ListValue();
        for (String s : "a x b x c x d x".split(" ")) {
            l.pushTail(b(s));
        }
        assertThat(l.removeMatching(b("x"), 2, false)).isEqualTo(2);
        assertThat(contents(l)).containsExactly("a", "b", "c", "x", "d", "x");
        assertThat(l.removeMatching(b("x"), 1, true)).isEqualTo(1);
        assertThat(contents(l)).containsExactly("a", "b", "c", "x", "d");
        assertThat(l.removeMatching(b("zz"), 0, false)).isZero();
        assertThat(l.removeMatching(b("x"), 0, true)).isEqualTo(1);
        assertThat(contents(l)).containsExactly("a", "b", "c", "d");
        assertThat(l.removeMatching(b("a"), Long.MIN_VALUE, true)).isEqualTo(1);
        assertThat(contents(l)).containsExactly("b", "c", "d");
        assertThat(l.memoryUsage()).isEqualTo(expectedMemory(l));
    }

    @Test
    void trimKeepsTheMiddle() {
        ListValue l = new ListValue();
        for (int i = 0; i < 100; i++) {
            l.pushTail(b(Integer.toString(i)));
        }
        l.trim(10, 85);
        assertThat(contents(l)).containsExactly("10", "11", "12", "13", "14");
        assertThat(l.capacity()).isLessThanOrEqualTo(16);
        l.trim(5, 0);
        assertThat(l.isEmpty()).isTrue();
        assertThat(l.memoryUsage()).isEqualTo(expectedMemory(l));
    }

    @Test
    void setReplacesAndAccountsForTheNewSize() {
        ListValue l = new ListValue();
        l.pushTail(b("short"));
        long before = l.memoryUsage();
        byte[] old = l.set(0, new byte[1000]);
        assertThat(new String(old, StandardCharsets.UTF_8)).isEqualTo("short");
        assertThat(l.memoryUsage() - before).isEqualTo(MemorySizes.byteArray(1000) - MemorySizes.byteArray(5));
    }

    @Test
    void indexOfFindsFirstMatchFromAPosition() {
        ListValue l = new ListValue();
        for (String s : "a b a c".split(" ")) {
            l.pushTail(b(s));
        }
        assertThat(l.indexOf(b("a"), 0)).isZero();
        assertThat(l.indexOf(b("a"), 1)).isEqualTo(2);
        assertThat(l.indexOf(b("z"), 0)).isEqualTo(-1);
        assertThat(l.elementEquals(3, b("c"))).isTrue();
    }

    @Test
    void randomOperationsMatchAnArrayListModel() {
        Random rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            ListValue l = new ListValue(rnd.nextInt(10));
            List<String> model = new ArrayList<>();
            for (int step = 0; step < 3000; step++) {
                String v = "v" + rnd.nextInt(8) + "x".repeat(rnd.nextInt(20));
                int op = rnd.nextInt(12);
                switch (op) {
                    case 0, 1 -> {
                        l.pushHead(b(v));
                        model.add(0, v);
                    }
                    case 2, 3 -> {
                        l.pushTail(b(v));
                        model.add(v);
                    }
                    case 4 -> {
                        byte[] p = l.popHead();
                        assertThat(p == null ? null : new String(p, StandardCharsets.UTF_8))
                                .isEqualTo(model.isEmpty() ? null : model.remove(0));
                    }
                    case 5 -> {
                        byte[] p = l.popTail();
                        assertThat(p == null ? null : new String(p, StandardCharsets.UTF_8))
                                .isEqualTo(model.isEmpty() ? null : model.remove(model.size() - 1));
                    }
                    case 6 -> {
                        int i = rnd.nextInt(model.size() + 1);
                        l.insert(i, b(v));
                        model.add(i, v);
                    }
                    case 7 -> {
                        if (!model.isEmpty()) {
                            int i = rnd.nextInt(model.size());
                            assertThat(new String(l.removeAt(i), StandardCharsets.UTF_8)).isEqualTo(model.remove(i));
                        }
                    }
                    case 8 -> {
                        if (!model.isEmpty()) {
                            int i = rnd.nextInt(model.size());
                            l.set(i, b(v));
                            model.set(i, v);
                        }
                    }
                    case 9 -> {
                        String target = "v" + rnd.nextInt(8);
                        long limit = rnd.nextInt(4);
                        boolean fromTail = rnd.nextBoolean();
                        int removed = 0;
                        if (!fromTail) {
                            for (int i = 0; i < model.size() && (limit == 0 || removed < limit); ) {
                                if (model.get(i).equals(target)) {
                                    model.remove(i);
                                    removed++;
                                } else {
                                    i++;
                                }
                            }
                        } else {
                            for (int i = model.size() - 1; i >= 0 && (limit == 0 || removed < limit); i--) {
                                if (model.get(i).equals(target)) {
                                    model.remove(i);
                                    removed++;
                                }
                            }
                        }
                        assertThat(l.removeMatching(b(target), limit, fromTail)).isEqualTo(removed);
                    }
                    case 10 -> {
                        if (rnd.nextInt(20) == 0 && !model.isEmpty()) {
                            int h = rnd.nextInt(model.size() + 1);
                            int t = rnd.nextInt(model.size() - h + 1);
                            l.trim(h, t);
                            model.subList(model.size() - t, model.size()).clear();
                            model.subList(0, h).clear();
                        }
                    }
                    default -> {
                        if (!model.isEmpty()) {
                            int i = rnd.nextInt(model.size());
                            assertThat(new String(l.get(i), StandardCharsets.UTF_8)).isEqualTo(model.get(i));
                        }
                    }
                }
                assertThat(l.size()).isEqualTo(model.size());
                if (step % 100 == 0) {
                    assertThat(contents(l)).isEqualTo(model);
                    assertThat(l.memoryUsage()).isEqualTo(expectedMemory(l));
                }
            }
            assertThat(contents(l)).isEqualTo(model);
            assertThat(l.memoryUsage()).isEqualTo(expectedMemory(l));
            assertThat(l.capacity()).isLessThanOrEqualTo(Math.max(4, 4 * model.size()));
        }
    }

    @Test
    void copyIsDeep() {
        ListValue l = new ListValue();
        for (String s : "a b c".split(" ")) {
            l.pushTail(b(s));
        }
        ListValue c = l.copy();
        assertThat(contents(c)).containsExactly("a", "b", "c");
        assertThat(c.memoryUsage()).isEqualTo(expectedMemory(c));
        assertThat(c.get(0)).isNotSameAs(l.get(0));
        c.popHead();
        c.set(0, b("B"));
        assertThat(contents(l)).containsExactly("a", "b", "c");
    }

    @Test
    void perElementOverheadIsSmall() {
        ListValue l = new ListValue();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            l.pushTail(new byte[10]);
        }
        // A 10-byte element: 32 bytes of byte[] (16 header + 10, aligned) + one reference slot (4, up to 2x
        // slack from doubling). No node objects.
        double perElement = (double) l.memoryUsage() / n;
        assertThat(perElement).isLessThan(32 + 8 + 1);
        assertThat(l.memoryUsage()).isEqualTo(expectedMemory(l));
    }
}
