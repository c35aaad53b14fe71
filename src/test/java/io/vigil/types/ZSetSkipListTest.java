package io.vigil.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The skip list against a sorted model: order, ranks, spans, range counts and deletions. */
class ZSetSkipListTest {

    private record El(double score, String member) {
    }

    private static final Comparator<El> ORDER = Comparator.comparingDouble(El::score)
            .thenComparing((a, b) -> ZSetSkipList.compareMembers(b(a.member), b(b.member)));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void ranksAndRangesMatchASortedModel() {
        Random rnd = new Random(42);
        ZSetSkipList l = new ZSetSkipList();
        TreeMap<String, Double> model = new TreeMap<>();
        for (int step = 0; step < 20000; step++) {
            String m = "m" + rnd.nextInt(800);
            int op = rnd.nextInt(10);
            ZSetSkipList.Node x = l.find(b(m));
            assertThat(x == null).isEqualTo(!model.containsKey(m));
            if (op < 5) {
                double s = rnd.nextInt(50) - 25 + (rnd.nextBoolean() ? 0.5 : 0);
                if (x == null) {
                    l.insert(s, b(m));
                } else {
                    l.updateScore(x, s);
                }
                model.put(m, s);
            } else if (op < 8) {
                if (x != null) {
                    l.delete(x);
                    model.remove(m);
                }
            } else if (op == 8 && !model.isEmpty()) {
                int start = 1 + rnd.nextInt(model.size());
                int count = rnd.nextInt(5);
                List<El> sorted = sorted(model);
                List<String> removed = new ArrayList<>();
                int n = l.deleteRange(start, count, node -> removed.add(new String(node.member, StandardCharsets.ISO_8859_1)));
                List<String> expected = new ArrayList<>();
                for (int i = start - 1; i < Math.min(sorted.size(), start - 1 + count); i++) {
                    expected.add(sorted.get(i).member);
                }
                assertThat(removed).isEqualTo(expected);
                assertThat(n).isEqualTo(expected.size());
                expected.forEach(model::remove);
            }
            if (step % 500 == 0) {
                l.check();
                verify(l, model, rnd);
            }
        }
        l.check();
        verify(l, model, rnd);
    }

    private static List<El> sorted(TreeMap<String, Double> model) {
        List<El> out = new ArrayList<>();
        model.forEach((m, s) -> out.add(new El(s, m)));
        out.sort(ORDER);
        return out;
    }

    private static void verify(ZSetSkipList l, TreeMap<String, Double> model, Random rnd) {
        List<El> sorted = sorted(model);
        assertThat(l.length()).isEqualTo(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            El e = sorted.get(i);
            ZSetSkipList.Node x = l.byRank(i + 1);
            assertThat(new String(x.member, StandardCharsets.ISO_8859_1)).isEqualTo(e.member);
            assertThat(x.score).isEqualTo(e.score);
            assertThat(l.rank(e.score, b(e.member))).isEqualTo(i + 1);
        }
        assertThat(l.byRank(0)).isNull();
        assertThat(l.byRank(sorted.size() + 1)).isNull();
        assertThat(l.rank(1000, b("nope"))).isZero();
        for (int k = 0; k < 20; k++) {
            double bound = rnd.nextInt(60) - 30 + (rnd.nextBoolean() ? 0.5 : 0);
            long below = sorted.stream().filter(e -> e.score < bound).count();
            long atOrBelow = sorted.stream().filter(e -> e.score <= bound).count();
            assertThat(l.countScoreBelow(bound, false)).isEqualTo(below);
            assertThat(l.countScoreBelow(bound, true)).isEqualTo(atOrBelow);
        }
        // reverse walk through backward links
        int i = sorted.size() - 1;
        for (ZSetSkipList.Node x = l.last(); x != null; x = x.backward) {
            assertThat(new String(x.member, StandardCharsets.ISO_8859_1)).isEqualTo(sorted.get(i--).member);
        }
        assertThat(i).isEqualTo(-1);
    }

    @Test
    void membersCompareAsUnsignedBytesShorterFirst() {
        assertThat(ZSetSkipList.compareMembers(new byte[] {(byte) 0xff}, new byte[] {0x01})).isPositive();
        assertThat(ZSetSkipList.compareMembers(b("ab"), b("abc"))).isNegative();
        assertThat(ZSetSkipList.compareMembers(b(""), b("a"))).isNegative();
        assertThat(ZSetSkipList.compareMembers(b("b"), b("abc"))).isPositive();
    }

    @Test
    void levelsFollowTheQuarterRule() {
        int[] counts = new int[ZSetSkipList.MAX_LEVEL + 1];
        for (int i = 0; i < 400_000; i++) {
            counts[ZSetSkipList.randomLevel()]++;
        }
        // P(level >= 2) = 1/4
        double p2 = 1 - counts[1] / 400_000.0;
        assertThat(p2).isBetween(0.24, 0.26);
    }

    @Test
    void scanReturnsEveryMemberThatStaysDespiteResizes() {
        ZSetSkipList l = new ZSetSkipList();
        for (int i = 0; i < 2000; i++) {
            l.insert(i, b("k" + i));
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int calls = 0;
        do {
            cursor = l.scan(cursor, 10, x -> seen.add(new String(x.member, StandardCharsets.ISO_8859_1)));
            calls++;
            if (calls == 20) {
                for (int i = 2000; i < 6000; i++) {
                    l.insert(i, b("k" + i)); // grow the index mid-scan
                }
            }
            if (calls == 60) {
                for (int i = 2000; i < 6000; i++) {
                    l.delete(l.find(b("k" + i))); // and shrink it back
                }
            }
        } while (cursor != 0);
        for (int i = 0; i < 2000; i++) {
            assertThat(seen).contains("k" + i);
        }
        l.check();
    }

    @Test
    void memoryGoesBackToTheEmptySize() {
        ZSetSkipList l = new ZSetSkipList();
        long empty = l.memoryUsage();
        for (int i = 0; i < 1000; i++) {
            l.insert(i, b("member-" + i));
        }
        assertThat(l.memoryUsage()).isGreaterThan(empty + 1000 * 48);
        for (int i = 0; i < 1000; i++) {
            l.delete(l.find(b("member-" + i)));
        }
        assertThat(l.memoryUsage()).isEqualTo(empty);
    }
}
