package io.vigil.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.keyspace.MemorySizes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link IntSet}: ordering, width upgrades, removal, integer text rules. */
class SetIntSetTest {

    private static List<Long> elements(IntSet s) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(s.get(i));
        }
        return out;
    }

    @Test
    void keepsElementsSortedAndDistinct() {
        IntSet s = new IntSet();
        for (long v : new long[] {5, -3, 100, 0, 5, -3, 7}) {
            s.add(v);
        }
        assertThat(elements(s)).containsExactly(-3L, 0L, 5L, 7L, 100L);
        assertThat(s.add(7)).isFalse();
        assertThat(s.contains(100)).isTrue();
        assertThat(s.contains(99)).isFalse();
        assertThat(s.indexOf(5)).isEqualTo(2);
    }

    @Test
    void widensFrom16To32To64BitsAndPlacesTheNewValueAtTheRightEnd() {
        IntSet s = new IntSet();
        s.add(1);
        s.add(-1);
        assertThat(s.width()).isEqualTo(2);
        s.add(Short.MAX_VALUE);
        s.add(Short.MIN_VALUE);
        assertThat(s.width()).isEqualTo(2);
        s.add(Short.MAX_VALUE + 1);
        assertThat(s.width()).isEqualTo(4);
        assertThat(elements(s)).containsExactly((long) Short.MIN_VALUE, -1L, 1L, (long) Short.MAX_VALUE,
                Short.MAX_VALUE + 1L);
        s.add(Integer.MIN_VALUE - 1L);
        assertThat(s.width()).isEqualTo(8);
        assertThat(s.get(0)).isEqualTo(Integer.MIN_VALUE - 1L);
        s.add(Long.MAX_VALUE);
        s.add(Long.MIN_VALUE);
        assertThat(s.get(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(s.get(s.size() - 1)).isEqualTo(Long.MAX_VALUE);
        // A value wider than the set is never a member, whatever its low bits.
        IntSet narrow = new IntSet();
        narrow.add(0);
        assertThat(narrow.contains(1L << 32)).isFalse();
        assertThat(narrow.remove(1L << 32)).isFalse();
    }

    @Test
    void removalNeverNarrowsAndMemoryFollowsTheArray() {
        IntSet s = new IntSet();
        s.add(1);
        s.add(1L << 40);
        assertThat(s.width()).isEqualTo(8);
        assertThat(s.remove(1L << 40)).isTrue();
        assertThat(s.width()).isEqualTo(8);
        assertThat(elements(s)).containsExactly(1L);
        assertThat(s.memoryUsage()).isEqualTo(MemorySizes.object(5) + MemorySizes.byteArray(8));
        assertThat(s.remove(1)).isTrue();
        assertThat(s.size()).isZero();
        assertThat(s.remove(1)).isFalse();
    }

    @Test
    void randomOperationsAgreeWithATreeSet() {
        Random rnd = new Random(42);
        IntSet s = new IntSet();
        TreeSet<Long> model = new TreeSet<>();
        for (int i = 0; i < 20_000; i++) {
            long v = switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextInt(200) - 100;
                case 1 -> rnd.nextInt(100_000) - 50_000;
                case 2 -> rnd.nextLong() % 10_000_000_000L;
                default -> rnd.nextLong();
            };
            if (rnd.nextInt(3) == 0 && !model.isEmpty()) {
                long victim = rnd.nextBoolean() ? model.first() : v;
                assertThat(s.remove(victim)).isEqualTo(model.remove(victim));
            } else {
                assertThat(s.add(v)).isEqualTo(model.add(v));
            }
            assertThat(s.size()).isEqualTo(model.size());
        }
        assertThat(elements(s)).containsExactlyElementsOf(model);
        IntSet copy = s.copy();
        copy.add(Long.MIN_VALUE + 1);
        assertThat(elements(s)).containsExactlyElementsOf(model);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void integerTextIsRedisString2ll() {
        for (String ok : new String[] {"0", "-1", "1", "9223372036854775807", "-9223372036854775808", "12345"}) {
            assertThat(IntSet.isInteger(b(ok))).as(ok).isTrue();
            assertThat(IntSet.parse(b(ok))).isEqualTo(Long.parseLong(ok));
            assertThat(new String(IntSet.toBytes(Long.parseLong(ok)), StandardCharsets.US_ASCII)).isEqualTo(ok);
        }
        for (String bad : new String[] {"", "-", "+1", "01", "-0", " 1", "1 ", "1.0", "9223372036854775808",
            "-9223372036854775809", "0x1", "1e3", "123456789012345678901"}) {
            assertThat(IntSet.isInteger(b(bad))).as(bad).isFalse();
        }
    }
}
