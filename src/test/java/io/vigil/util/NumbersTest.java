package io.vigil.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NumbersTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void parsesIntegersLikeString2ll() {
        assertThat(Numbers.parseLong(b("0"))).isZero();
        assertThat(Numbers.parseLong(b("-42"))).isEqualTo(-42);
        assertThat(Numbers.parseLong(b("9223372036854775807"))).isEqualTo(Long.MAX_VALUE);
        assertThat(Numbers.parseLong(b("999999999999999999"))).isEqualTo(999_999_999_999_999_999L);
        assertThat(Numbers.parseLong(b("-999999999999999999"))).isEqualTo(-999_999_999_999_999_999L);
        assertThat(Numbers.parseLong(b("1000000000000000000"))).isEqualTo(1_000_000_000_000_000_000L);
        assertThat(Numbers.isLong(b("12a"))).isFalse();
        assertThat(Numbers.isLong(b("-"))).isFalse();
        assertThat(Numbers.isLong(b("9223372036854775808"))).isFalse();
        assertThat(Numbers.isLong(b("-9223372036854775809"))).isFalse();
        assertThat(Numbers.parseLong(b("-9223372036854775808"))).isEqualTo(Long.MIN_VALUE);
        for (String bad : new String[] {"", "-", "+1", " 1", "1 ", "01", "-0", "9223372036854775808", "1a", "1.0"}) {
            assertThatThrownBy(() -> Numbers.parseLong(b(bad))).as(bad).isSameAs(Numbers.NOT_A_NUMBER);
        }
    }

    @Test
    void parsesDoublesLikeStrtod() {
        assertThat(Numbers.parseDouble(b("1.5"))).isEqualTo(1.5);
        assertThat(Numbers.parseDouble(b("-inf"))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Numbers.parseDouble(b("+Infinity"))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Numbers.parseDouble(b(".5e1"))).isEqualTo(5.0);
        assertThat(Numbers.parseDouble(b("0x10"))).isEqualTo(16.0);
        for (String bad : new String[] {"", "nan", " 1", "1 ", "abc", "1e400", "1e-400", "1.2.3", "0e-", "1f"}) {
            assertThatThrownBy(() -> Numbers.parseDouble(b(bad))).as(bad).isSameAs(Numbers.NOT_A_NUMBER);
        }
    }

    @Test
    void formatsDoublesAsPercent17g() {
        assertThat(Numbers.formatDouble(1.5)).isEqualTo("1.5");
        assertThat(Numbers.formatDouble(3.0)).isEqualTo("3");
        assertThat(Numbers.formatDouble(0.1)).isEqualTo("0.10000000000000001");
        assertThat(Numbers.formatDouble(1e20)).isEqualTo("1e+20");
        assertThat(Numbers.formatDouble(1e16)).isEqualTo("10000000000000000");
        assertThat(Numbers.formatDouble(1e17)).isEqualTo("1e+17");
        assertThat(Numbers.formatDouble(0.0001)).isEqualTo("0.0001");
        assertThat(Numbers.formatDouble(0.00001)).isEqualTo("1.0000000000000001e-05");
        assertThat(Numbers.formatDouble(-2.5e-300)).isEqualTo("-2.5e-300");
        assertThat(Numbers.formatDouble(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(Numbers.formatDouble(0.0)).isEqualTo("0");
    }
}
