package io.vigil.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** ZSetValue in both encodings: ZADD semantics, conversions, ranges, memory accounting. */
class ZSetValueTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static EncodingLimits limits(int entries, int value) {
        EncodingLimits l = new EncodingLimits();
        l.zsetMaxListpackEntries = entries;
        l.zsetMaxListpackValue = value;
        return l;
    }

    private static List<String> dump(ZSetValue z) {
        List<String> out = new ArrayList<>();
        z.forEach((buf, off, len, s) -> out.add(new String(buf, off, len, StandardCharsets.ISO_8859_1) + "=" + s));
        return out;
    }

    @Test
    void addFlagsBehaveAsZadd() {
        EncodingLimits lim = limits(128, 64);
        ZSetValue z = ZSetValue.createListpack(0);
        double[] out = new double[1];
        assertThat(z.add(1, b("a"), 0, out, lim)).isEqualTo(ZSetValue.OUT_ADDED);
        assertThat(z.add(1, b("a"), 0, out, lim)).isZero();
        assertThat(z.add(2, b("a"), ZSetValue.IN_NX, out, lim)).isEqualTo(ZSetValue.OUT_NOP);
        assertThat(z.add(2, b("b"), ZSetValue.IN_XX, out, lim)).isEqualTo(ZSetValue.OUT_NOP);
        assertThat(z.add(0, b("a"), ZSetValue.IN_GT, out, lim)).isEqualTo(ZSetValue.OUT_NOP);
        assertThat(z.add(5, b("a"), ZSetValue.IN_GT, out, lim)).isEqualTo(ZSetValue.OUT_UPDATED);
        assertThat(z.add(6, b("a"), ZSetValue.IN_LT, out, lim)).isEqualTo(ZSetValue.OUT_NOP);
        assertThat(z.add(2, b("a"), ZSetValue.IN_INCR, out, lim)).isEqualTo(ZSetValue.OUT_UPDATED);
        assertThat(out[0]).isEqualTo(7);
        z.add(Double.POSITIVE_INFINITY, b("i"), 0, out, lim);
        assertThat(z.add(Double.NEGATIVE_INFINITY, b("i"), ZSetValue.IN_INCR, out, lim)).isEqualTo(ZSetValue.OUT_NAN);
        assertThat(z.score(b("i"))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(dump(z)).containsExactly("a=7.0", "i=Infinity");
    }

    @Test
    void convertsPastTheEntryLimitAndKeepsOrder() {
        EncodingLimits lim = limits(16, 64);
        ZSetValue z = ZSetValue.createListpack(0);
        for (int i = 0; i < 16; i++) {
            z.add(i % 4, b("m" + i), 0, null, lim);
        }
        assertThat(z.encoding()).isEqualTo("listpack");
        List<String> before = dump(z);
        z.add(100, b("last"), 0, null, lim);
        assertThat(z.encoding()).isEqualTo("skiplist");
        List<String> after = dump(z);
        assertThat(after.subList(0, 16)).isEqualTo(before);
        assertThat(after.get(16)).isEqualTo("last=100.0");
        z.check();
        // never converts back
        z.removeRange(0, 16, null);
        assertThat(z.encoding()).isEqualTo("skiplist");
        assertThat(z.size()).isEqualTo(1);
    }

    @Test
    void convertsOnALongMember() {
        EncodingLimits lim = limits(128, 8);
        ZSetValue z = ZSetValue.createListpack(0);
        z.add(1, b("12345678"), 0, null, lim);
        assertThat(z.encoding()).isEqualTo("listpack");
        z.add(1, b("123456789"), 0, null, lim);
        assertThat(z.encoding()).isEqualTo("skiplist");
        assertThat(z.createFor(3, 8, 24, lim).encoding()).isEqualTo("listpack");
        assertThat(ZSetValue.createFor(3, 9, 24, lim).encoding()).isEqualTo("skiplist");
        assertThat(ZSetValue.createFor(129, 1, 129, lim).encoding()).isEqualTo("skiplist");
    }

    @Test
    void bothEncodingsAgreeOnRandomOperations() {
        Random rnd = new Random(7);
        EncodingLimits small = limits(1 << 20, 1 << 20);
        EncodingLimits none = limits(0, 64);
        ZSetValue lp = ZSetValue.createListpack(0);
        ZSetValue sl = ZSetValue.createListpack(0);
        sl.convertToSkiplist();
        for (int step = 0; step < 5000; step++) {
            String m = "x" + rnd.nextInt(100);
            double s = rnd.nextInt(20) - 10;
            int op = rnd.nextInt(6);
            if (op < 3) {
                int flags = rnd.nextInt(3) == 0 ? ZSetValue.IN_INCR : 0;
                assertThat(lp.add(s, b(m), flags, null, small)).isEqualTo(sl.add(s, b(m), flags, null, none));
            } else if (op == 3) {
                assertThat(lp.remove(b(m))).isEqualTo(sl.remove(b(m)));
            } else if (op == 4 && lp.size() > 0) {
                int from = rnd.nextInt(lp.size());
                int to = Math.min(lp.size(), from + rnd.nextInt(3));
                assertThat(lp.removeRange(from, to, null)).isEqualTo(sl.removeRange(from, to, null));
            } else {
                assertThat(lp.rank(b(m), false)).isEqualTo(sl.rank(b(m), false));
                assertThat(lp.rank(b(m), true)).isEqualTo(sl.rank(b(m), true));
                assertThat(lp.countScoreBelow(s, true)).isEqualTo(sl.countScoreBelow(s, true));
                assertThat(lp.countScoreBelow(s, false)).isEqualTo(sl.countScoreBelow(s, false));
            }
            assertThat(lp.encoding()).isEqualTo("listpack");
            assertThat(sl.encoding()).isEqualTo("skiplist");
            if (step % 250 == 0) {
                assertThat(dump(lp)).isEqualTo(dump(sl));
                lp.check();
                sl.check();
            }
        }
        assertThat(dump(lp)).isEqualTo(dump(sl));
        List<String> rev = new ArrayList<>();
        List<String> revSl = new ArrayList<>();
        lp.visit(0, lp.size(), true, (buf, off, len, s) -> rev.add(new String(buf, off, len, StandardCharsets.ISO_8859_1)));
        sl.visit(0, sl.size(), true, (buf, off, len, s) -> revSl.add(new String(buf, off, len, StandardCharsets.ISO_8859_1)));
        assertThat(rev).isEqualTo(revSl);
    }

    @Test
    void memoryUsageTracksContents() {
        EncodingLimits lim = limits(128, 64);
        ZSetValue z = ZSetValue.createListpack(0);
        long empty = z.memoryUsage();
        for (int i = 0; i < 100; i++) {
            z.add(i, b("member:" + i), 0, null, lim);
        }
        long full = z.memoryUsage();
        // at least a length byte, 8 member bytes and a score byte for each element
        assertThat(full - empty).isGreaterThanOrEqualTo(100L * (1 + 8 + 1));
        z.removeRange(0, 100, null);
        assertThat(z.memoryUsage()).isEqualTo(empty);

        ZSetValue s = ZSetValue.createListpack(0);
        for (int i = 0; i < 1000; i++) {
            s.add(i, b("member:" + i), 0, null, lim);
        }
        assertThat(s.encoding()).isEqualTo("skiplist");
        long big = s.memoryUsage();
        assertThat(big).isGreaterThan(1000L * (48 + 24));
        for (int i = 0; i < 1000; i++) {
            s.remove(b("member:" + i));
        }
        assertThat(s.memoryUsage()).isLessThan(big / 50);
    }

    @Test
    void listpackKeepsNegativeZeroAsZero() {
        EncodingLimits lim = limits(128, 64);
        ZSetValue z = ZSetValue.createListpack(0);
        z.add(-0.0, b("a"), 0, null, lim);
        assertThat(Double.doubleToRawLongBits(z.score(b("a")))).isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @Test
    void packedScoresRoundTripExactly() {
        EncodingLimits lim = limits(1000, 64);
        double[] samples = {0, 1, -1, 63, 64, -64, -65, 127, 128, 1e6, -123456789, 9007199254740991.0,
            -9007199254740991.0, 9007199254740992.0, -9007199254740992.0, 1e300, -1e300, 0.5, -0.1, 1.1,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 4.9e-324, 2.5, -2.5, Long.MAX_VALUE, Long.MIN_VALUE};
        ZSetValue z = ZSetValue.createListpack(0);
        for (int i = 0; i < samples.length; i++) {
            z.add(samples[i], b("m" + i), 0, null, lim);
        }
        z.check();
        for (int i = 0; i < samples.length; i++) {
            assertThat(z.score(b("m" + i))).isEqualTo(samples[i]);
        }
        Random rnd = new Random(3);
        ZSetValue r = ZSetValue.createListpack(0);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double d = switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextLong();
                case 1 -> Double.longBitsToDouble(rnd.nextLong());
                case 2 -> rnd.nextInt(1000) - 500;
                default -> rnd.nextGaussian() * 1e10;
            };
            if (Double.isNaN(d)) {
                d = 1;
            }
            values.add(d);
            r.add(d, b("r" + i), 0, null, lim);
        }
        r.check();
        for (int i = 0; i < values.size(); i++) {
            double expected = values.get(i) == 0 ? 0.0 : values.get(i);
            assertThat(r.score(b("r" + i))).isEqualTo(expected);
        }
        r.compact();
        r.check();
        assertThat(r.size()).isEqualTo(500);
    }
}
