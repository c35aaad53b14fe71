package io.vigil.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;

/** Number parsing and formatting exactly as Redis does it (string2ll, strtod, {@code %.17g}). */
public final class Numbers {
    private Numbers() {
    }

    /** Thrown, without a stack trace, when bytes are not a number of the asked kind. */
    public static final class NotANumber extends RuntimeException {
        private NotANumber() {
            super("not a number", null, false, false);
        }
    }

    /** The shared instance: parsing failures are frequent and need no stack. */
    public static final NotANumber NOT_A_NUMBER = new NotANumber();

    private static final MathContext DIGITS_17 = new MathContext(17);

    /**
     * Parses a signed 64-bit decimal integer as Redis's string2ll: optional '-', digits, no '+', no spaces,
     * no leading zeros, at most 20 characters.
     *
     * @throws NotANumber if {@code b} is not such an integer or overflows
     */
    public static long parseLong(byte[] b) {
        int len = b.length;
        if (len == 0 || len > 20) {
            throw NOT_A_NUMBER;
        }
        int i = 0;
        boolean negative = false;
        if (b[0] == '-') {
            negative = true;
            i = 1;
            if (len == 1) {
                throw NOT_A_NUMBER;
            }
        }
        if (b[i] == '0') {
            if (len == 1) {
                return 0;
            }
            throw NOT_A_NUMBER;
        }
        long v = 0;
        if (len - i <= 18) {
            // at most 18 digits cannot overflow: no bound checks (the common case: counters, lengths)
            for (; i < len; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    throw NOT_A_NUMBER;
                }
                v = v * 10 + d;
            }
            return negative ? -v : v;
        }
        for (; i < len; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw NOT_A_NUMBER;
            }
            if (negative) {
                if (v < (Long.MIN_VALUE + d) / 10) {
                    throw NOT_A_NUMBER;
                }
                v = v * 10 - d;
            } else {
                if (v > (Long.MAX_VALUE - d) / 10) {
                    throw NOT_A_NUMBER;
                }
                v = v * 10 + d;
            }
        }
        return v;
    }

    /** Whether {@code b} parses with {@link #parseLong(byte[])}. */
    public static boolean isLong(byte[] b) {
        try {
            parseLong(b);
            return true;
        } catch (NotANumber e) {
            return false;
        }
    }

    /** Parses a Redis integer argument given as a String. */
    public static long parseLong(String s) {
        return parseLong(s.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Parses a double as Redis's getDoubleFromObject: strtod syntax (decimal, exponent, hex floats,
     * "inf"/"infinity" in any case with sign), no leading or trailing spaces, never NaN.
     *
     * @throws NotANumber if it is not such a number
     */
    public static double parseDouble(byte[] b) {
        int len = b.length;
        if (len == 0 || len > 5000 || isSpaceByte(b[0]) || isSpaceByte(b[len - 1])) {
            throw NOT_A_NUMBER;
        }
        String s = new String(b, StandardCharsets.ISO_8859_1);
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        boolean hex = HEX.matcher(unsigned).matches();
        if (!hex && !DECIMAL.matcher(unsigned).matches()) {
            throw NOT_A_NUMBER;
        }
        double d;
        try {
            d = hex ? Double.parseDouble(unsigned.contains("p") ? s : s + "p0") : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw NOT_A_NUMBER;
        }
        if (Double.isInfinite(d)) {
            throw NOT_A_NUMBER; // overflow: strtod sets ERANGE
        }
        if (d == 0 && (hex ? NONZERO_HEX : NONZERO_DECIMAL).matcher(hex ? unsigned.substring(2) : unsigned).find()) {
            throw NOT_A_NUMBER; // underflow to zero: ERANGE as well
        }
        return d;
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?");
    private static final java.util.regex.Pattern HEX =
            java.util.regex.Pattern.compile("0x([0-9a-f]+\\.?[0-9a-f]*|\\.[0-9a-f]+)(p[+-]?\\d+)?");
    private static final java.util.regex.Pattern NONZERO_DECIMAL = java.util.regex.Pattern.compile("^[0.]*[1-9]");
    private static final java.util.regex.Pattern NONZERO_HEX = java.util.regex.Pattern.compile("^[0.]*[1-9a-f]");

    private static boolean isSpaceByte(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    /** Formats a double as C's {@code %.17g}, with {@code inf}, {@code -inf} and {@code nan} as Redis writes them. */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(d).round(DIGITS_17);
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        StringBuilder sb = new StringBuilder(32);
        if (d < 0) {
            sb.append('-');
        }
        if (exp < -4 || exp >= 17) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
        } else if (exp < 0) {
            sb.append("0.");
            for (int i = -1; i > exp; i--) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (digits.length() <= exp + 1) {
            sb.append(digits);
            for (int i = digits.length(); i <= exp; i++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        }
        return sb.toString();
    }
}
