package io.vigil.config;

import io.vigil.util.RedisArgs;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The option types of the configuration table, and the number parsers they share. */
final class Types {

    private Types() {
    }

    static final long KB = 1024L;
    static final long MB = 1024L * 1024;
    static final long GB = 1024L * 1024 * 1024;

    // ------------------------------------------------------------------ number parsing helpers

    /**
     * Strict integer parsing (Redis's string2ll): optional '-', no '+', no leading zeros, no
     * spaces, must fit a signed 64-bit value.
     */
    static Long strictLong(String s) {
        int n = s.length();
        if (n == 0 || n > 20) {
            return null;
        }
        if (n == 1 && s.charAt(0) == '0') {
            return 0L;
        }
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '-') {
            neg = true;
            i = 1;
            if (n == 1) {
                return null;
            }
        }
        char c = s.charAt(i);
        if (c < '1' || c > '9') {
            return null;
        }
        long v = 0; // accumulated as a negative number to reach Long.MIN_VALUE
        for (; i < n; i++) {
            c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            int d = c - '0';
            if (v < (Long.MIN_VALUE + d) / 10) {
                return null;
            }
            v = v * 10 - d;
        }
        if (!neg) {
            if (v == Long.MIN_VALUE) {
                return null;
            }
            v = -v;
        }
        return v;
    }

    /**
     * C strtoll semantics with an end check: leading white space and a sign are accepted,
     * overflow saturates, the whole string must be consumed ("" gives 0).
     */
    static Long cLong(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && RedisArgs.isSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int digitsStart = i;
        long v = 0;
        boolean overflow = false;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (!overflow) {
                if (v > (Long.MAX_VALUE - d) / 10) {
                    overflow = true;
                } else {
                    v = v * 10 + d;
                }
            }
            i++;
        }
        if (i == digitsStart) {
            // No conversion: the end pointer stays at the start of the string.
            return n == 0 ? 0L : null;
        }
        if (i != n) {
            return null;
        }
        if (overflow) {
            return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return neg ? -v : v;
    }

    /**
     * Redis's memtoull: a run of digits followed by an optional unit (b, k, kb, m, mb, g, gb,
     * case-insensitive); overflow of the digits saturates, the multiplication wraps.
     *
     * @return the unsigned value as a long bit pattern, or null when invalid
     */
    static Long memToULong(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        String unit = s.substring(i).toLowerCase(Locale.ROOT);
        long mul;
        switch (unit) {
            case "":
            case "b":
                mul = 1;
                break;
            case "k":
                mul = 1000;
                break;
            case "kb":
                mul = KB;
                break;
            case "m":
                mul = 1000L * 1000;
                break;
            case "mb":
                mul = MB;
                break;
            case "g":
                mul = 1000L * 1000 * 1000;
                break;
            case "gb":
                mul = GB;
                break;
            default:
                return null;
        }
        long v = 0;
        boolean overflow = false;
        for (int k = 0; k < i; k++) {
            int d = s.charAt(k) - '0';
            if (!overflow) {
                // unsigned check: v * 10 + d <= 2^64-1
                if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                    overflow = true;
                } else {
                    v = v * 10 + d;
                }
            }
        }
        if (overflow) {
            v = -1L; // ULLONG_MAX
        }
        return v * mul;
    }

    /** Renders a byte count the way CONFIG REWRITE does: gb, mb or kb when exact. */
    static String formatMemory(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        if (Long.remainderUnsigned(bytes, GB) == 0) {
            return Long.toUnsignedString(Long.divideUnsigned(bytes, GB)) + "gb";
        }
        if (Long.remainderUnsigned(bytes, MB) == 0) {
            return Long.toUnsignedString(Long.divideUnsigned(bytes, MB)) + "mb";
        }
        if (Long.remainderUnsigned(bytes, KB) == 0) {
            return Long.toUnsignedString(Long.divideUnsigned(bytes, KB)) + "kb";
        }
        return Long.toUnsignedString(bytes);
    }

    static String between(long min, long max) {
        return "argument must be between " + min + " and " + max + " inclusive";
    }

    static List<String> splitSpaces(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int sp = value.indexOf(' ', start);
            if (sp < 0) {
                out.add(value.substring(start));
                return out;
            }
            out.add(value.substring(start, sp));
            start = sp + 1;
        }
    }

    static String lowerAscii(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, (char) (c + 32));
            }
        }
        return sb == null ? s : sb.toString();
    }

    // ------------------------------------------------------------------------------- types

    /** yes / no. */
    static final class BoolType extends OptionType<Boolean> {
        @Override
        Boolean parseSet(String v, Boolean current) throws ConfigException {
            if (v.equalsIgnoreCase("yes")) {
                return Boolean.TRUE;
            }
            if (v.equalsIgnoreCase("no")) {
                return Boolean.FALSE;
            }
            throw new ConfigException("argument must be 'yes' or 'no'");
        }

        @Override
        String render(Boolean v) {
            return v ? "yes" : "no";
        }
    }

    /** A bounded integer that fits in an int. */
    static final class IntType extends OptionType<Integer> {
        final int min;
        final int max;

        IntType(int min, int max) {
            this.min = min;
            this.max = max;
        }

        @Override
        Integer parseSet(String v, Integer current) throws ConfigException {
            Long l = strictLong(v);
            if (l == null) {
                throw new ConfigException("argument couldn't be parsed into an integer");
            }
            if (l < min || l > max) {
                throw new ConfigException(between(min, max));
            }
            return l.intValue();
        }

        @Override
        String render(Integer v) {
            return v.toString();
        }
    }

    /** A bounded 64-bit integer. */
    static final class LongType extends OptionType<Long> {
        final long min;
        final long max;

        LongType(long min, long max) {
            this.min = min;
            this.max = max;
        }

        @Override
        Long parseSet(String v, Long current) throws ConfigException {
            Long l = strictLong(v);
            if (l == null) {
                throw new ConfigException("argument couldn't be parsed into an integer");
            }
            if (l < min || l > max) {
                throw new ConfigException(between(min, max));
            }
            return l;
        }

        @Override
        String render(Long v) {
            return v.toString();
        }
    }

    /**
     * A byte count accepting units. Signed types compare the value (as a signed number) with
     * their bounds; unsigned ones keep the full 64-bit range and render it unsigned.
     */
    static final class MemoryType extends OptionType<Long> {
        final long min;
        final long max;
        final boolean unsigned;

        MemoryType(long min, long max, boolean unsigned) {
            this.min = min;
            this.max = max;
            this.unsigned = unsigned;
        }

        @Override
        Long parseSet(String v, Long current) throws ConfigException {
            Long l = memToULong(v);
            if (l == null) {
                throw new ConfigException("argument must be a memory value");
            }
            if (!unsigned && (l < min || l > max)) {
                throw new ConfigException(between(min, max));
            }
            return l;
        }

        @Override
        String render(Long v) {
            return unsigned ? Long.toUnsignedString(v) : v.toString();
        }

        @Override
        String rewriteText(Long v) {
            return formatMemory(v);
        }
    }

    /**
     * A byte count or a percentage ({@code 10%}); percentages are stored as negative values
     * ({@code -10}), as Redis does.
     */
    static final class MemoryPercentType extends OptionType<Long> {
        @Override
        Long parseSet(String v, Long current) throws ConfigException {
            long value;
            if (v.endsWith("%")) {
                Long p = strictLong(v.substring(0, v.length() - 1));
                if (p == null || p < 0) {
                    throw new ConfigException("argument must be a memory or percent value");
                }
                value = -p;
            } else {
                Long m = memToULong(v);
                if (m == null) {
                    throw new ConfigException("argument must be a memory or percent value");
                }
                value = m;
            }
            if (value < -100) {
                throw new ConfigException("percentage argument must be less or equal to 100");
            }
            return value;
        }

        @Override
        String render(Long v) {
            return v < 0 ? (-v) + "%" : v.toString();
        }

        @Override
        String rewriteText(Long v) {
            return v < 0 ? (-v) + "%" : formatMemory(v);
        }
    }

    /**
     * One of a fixed set of names. Several names may share a value (oom-score-adj's
     * {@code yes} and {@code relative}); the value is stored as the first such name.
     */
    static final class EnumType extends OptionType<String> {
        final List<String> names;
        final int[] values;

        EnumType(List<String> names, int[] values) {
            this.names = List.copyOf(names);
            this.values = values.clone();
        }

        @Override
        String parseSet(String v, String current) throws ConfigException {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(v)) {
                    return canonical(values[i]);
                }
            }
            throw new ConfigException(oneOf());
        }

        String canonical(int value) {
            for (int i = 0; i < names.size(); i++) {
                if (values[i] == value) {
                    return names.get(i);
                }
            }
            throw new IllegalStateException();
        }

        String oneOf() {
            return "argument(s) must be one of the following: " + String.join(", ", names);
        }

        @Override
        String render(String v) {
            return v;
        }
    }

    /**
     * The flag-set enum of {@code shutdown-on-sigint}/{@code shutdown-on-sigterm}: any
     * combination of {@code save nosave now force}, or {@code default} (no flag).
     */
    static final class ShutdownFlagsType extends OptionType<String> {
        private static final List<String> NAMES = List.of("default", "save", "nosave", "now",
                "force");

        @Override
        String parseSet(String v, String current) throws ConfigException {
            return parseFile(splitSpaces(v), current, false);
        }

        @Override
        String parseFile(List<String> args, String current, boolean first) throws ConfigException {
            if (args.isEmpty()) {
                throw new ConfigException(oneOf());
            }
            boolean[] set = new boolean[NAMES.size()];
            for (String a : args) {
                int idx = -1;
                for (int i = 0; i < NAMES.size(); i++) {
                    if (NAMES.get(i).equalsIgnoreCase(a)) {
                        idx = i;
                        break;
                    }
                }
                if (idx < 0) {
                    throw new ConfigException(oneOf());
                }
                set[idx] = true;
            }
            if (set[1] && set[2]) {
                throw new ConfigException(
                        "shutdown options SAVE and NOSAVE can't be used simultaneously");
            }
            List<String> out = new ArrayList<>();
            for (int i = 1; i < NAMES.size(); i++) {
                if (set[i]) {
                    out.add(NAMES.get(i));
                }
            }
            return out.isEmpty() ? "default" : String.join(" ", out);
        }

        private static String oneOf() {
            return "argument(s) must be one of the following: " + String.join(", ", NAMES);
        }

        @Override
        String render(String v) {
            return v;
        }

        @Override
        boolean multiArg() {
            return true;
        }
    }

    /** Validates a string value; returns an error reason or null. */
    @FunctionalInterface
    interface StringCheck {
        String check(String value);
    }

    /**
     * A free string. When {@code emptyIsNull}, an empty value means "not set" and
     * CONFIG REWRITE drops the option's lines instead of writing {@code ""}.
     */
    static final class StringType extends OptionType<String> {
        final boolean emptyIsNull;
        final StringCheck check;

        StringType(boolean emptyIsNull, StringCheck check) {
            this.emptyIsNull = emptyIsNull;
            this.check = check;
        }

        @Override
        String parseSet(String v, String current) throws ConfigException {
            if (check != null) {
                String err = check.check(v);
                if (err != null) {
                    throw new ConfigException(err);
                }
            }
            return v;
        }

        @Override
        String render(String v) {
            return v;
        }

        @Override
        String rewriteText(String v) {
            return RedisArgs.repr(v);
        }

        @Override
        List<RewriteLine> rewrite(String value, String def) {
            if (emptyIsNull && value.isEmpty()) {
                return List.of();
            }
            return super.rewrite(value, def);
        }
    }

    /** The {@code save} rules. */
    static final class SaveType extends OptionType<List<SavePoint>> {
        @Override
        List<SavePoint> parseSet(String v, List<SavePoint> current) throws ConfigException {
            return pairs(splitSpaces(v), List.of());
        }

        @Override
        List<SavePoint> parseFile(List<String> args, List<SavePoint> current, boolean first)
                throws ConfigException {
            if (args.size() == 1 && args.get(0).isEmpty()) {
                return List.of();
            }
            return pairs(args, first ? List.of() : current);
        }

        private static List<SavePoint> pairs(List<String> args, List<SavePoint> base)
                throws ConfigException {
            if (args.size() % 2 != 0) {
                throw new ConfigException("Invalid save parameters");
            }
            List<SavePoint> out = new ArrayList<>(base);
            for (int i = 0; i < args.size(); i += 2) {
                Long seconds = cLong(args.get(i));
                Long changes = cLong(args.get(i + 1));
                if (seconds == null || changes == null || seconds < 1 || changes < 0) {
                    throw new ConfigException("Invalid save parameters");
                }
                out.add(new SavePoint(seconds, changes));
            }
            return Collections.unmodifiableList(out);
        }

        @Override
        String render(List<SavePoint> v) {
            StringBuilder sb = new StringBuilder();
            for (SavePoint p : v) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(p.seconds()).append(' ').append(p.changes());
            }
            return sb.toString();
        }

        @Override
        List<RewriteLine> rewrite(List<SavePoint> value, List<SavePoint> def) {
            if (value.isEmpty()) {
                return List.of(new RewriteLine("\"\"", true));
            }
            List<RewriteLine> out = new ArrayList<>();
            for (SavePoint p : value) {
                out.add(new RewriteLine(p.seconds() + " " + p.changes(), true));
            }
            return out;
        }

        @Override
        boolean multiArg() {
            return true;
        }
    }

    /** The {@code bind} address list (at most 16). */
    static final class BindType extends OptionType<List<String>> {
        static final int MAX = 16;

        @Override
        List<String> parseSet(String v, List<String> current) throws ConfigException {
            return parseFile(splitSpaces(v), current, false);
        }

        @Override
        List<String> parseFile(List<String> args, List<String> current, boolean first)
                throws ConfigException {
            if (args.size() > MAX) {
                throw new ConfigException("Too many bind addresses specified.");
            }
            return List.copyOf(args);
        }

        @Override
        String render(List<String> v) {
            return String.join(" ", v);
        }

        @Override
        boolean multiArg() {
            return true;
        }
    }

    /** {@code client-output-buffer-limit <class> <hard> <soft> <seconds> ...}. */
    static final class OutputBufferType extends OptionType<OutputBufferLimits> {
        private static final String[] REWRITE_NAMES = {"normal", "replica", "pubsub"};
        private static final String[] GET_NAMES = {"normal", "slave", "pubsub"};

        @Override
        OutputBufferLimits parseSet(String v, OutputBufferLimits current) throws ConfigException {
            return parseFile(splitSpaces(v), current, false);
        }

        @Override
        OutputBufferLimits parseFile(List<String> args, OutputBufferLimits current, boolean first)
                throws ConfigException {
            if (args.size() % 4 != 0) {
                throw new ConfigException(
                        "Wrong number of arguments in buffer limit configuration.");
            }
            OutputBufferLimits out = current;
            for (int i = 0; i < args.size(); i += 4) {
                int cls;
                switch (lowerAscii(args.get(i))) {
                    case "normal":
                        cls = 0;
                        break;
                    case "slave":
                    case "replica":
                        cls = 1;
                        break;
                    case "pubsub":
                        cls = 2;
                        break;
                    default:
                        throw new ConfigException(
                                "Invalid client class specified in buffer limit configuration.");
                }
                Long hard = memToULong(args.get(i + 1));
                Long soft = memToULong(args.get(i + 2));
                Long secs = cLong(args.get(i + 3));
                if (hard == null || soft == null || secs == null || secs < 0
                        || secs > Integer.MAX_VALUE) {
                    throw new ConfigException("Error in hard, soft or soft_seconds setting in "
                            + "buffer limit configuration.");
                }
                out = out.with(cls, new OutputBufferLimits.Limit(hard, soft, secs.intValue()));
            }
            return out;
        }

        @Override
        String render(OutputBufferLimits v) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                OutputBufferLimits.Limit l = v.get(i);
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(GET_NAMES[i]).append(' ').append(Long.toUnsignedString(l.hardBytes()))
                        .append(' ').append(Long.toUnsignedString(l.softBytes())).append(' ')
                        .append(l.softSeconds());
            }
            return sb.toString();
        }

        @Override
        List<RewriteLine> rewrite(OutputBufferLimits value, OutputBufferLimits def) {
            List<RewriteLine> out = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                OutputBufferLimits.Limit l = value.get(i);
                out.add(new RewriteLine(REWRITE_NAMES[i] + " " + formatMemory(l.hardBytes()) + " "
                        + formatMemory(l.softBytes()) + " " + l.softSeconds(),
                        !l.equals(def.get(i))));
            }
            return out;
        }

        @Override
        boolean multiArg() {
            return true;
        }
    }

    /** {@code oom-score-adj-values}: exactly three values in -2000..2000. */
    static final class OomValuesType extends OptionType<List<Integer>> {
        @Override
        List<Integer> parseSet(String v, List<Integer> current) throws ConfigException {
            return parseFile(splitSpaces(v), current, false);
        }

        @Override
        List<Integer> parseFile(List<String> args, List<Integer> current, boolean first)
                throws ConfigException {
            if (args.size() != 3) {
                throw new ConfigException("wrong number of arguments");
            }
            List<Integer> out = new ArrayList<>();
            for (String a : args) {
                Long l = cLong(a);
                if (l == null || l < -2000 || l > 2000) {
                    throw new ConfigException("Invalid oom-score-adj-values, elements must be "
                            + "between -2000 and 2000.");
                }
                out.add(l.intValue());
            }
            return List.copyOf(out);
        }

        @Override
        String render(List<Integer> v) {
            StringBuilder sb = new StringBuilder();
            for (Integer i : v) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(i);
            }
            return sb.toString();
        }

        @Override
        boolean multiArg() {
            return true;
        }
    }

    /** {@code latency-tracking-info-percentiles}: doubles in [0, 100]. */
    static final class PercentilesType extends OptionType<List<Double>> {
        private static final Pattern C_DOUBLE = Pattern.compile(
                "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity))");
        private static final Pattern C_HEX_DOUBLE = Pattern.compile(
                "[+-]?0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?");

        @Override
        List<Double> parseSet(String v, List<Double> current) throws ConfigException {
            return parseFile(splitSpaces(v), current, false);
        }

        @Override
        List<Double> parseFile(List<String> args, List<Double> current, boolean first)
                throws ConfigException {
            List<Double> out = new ArrayList<>();
            for (String a : args) {
                Double d = parseDouble(a);
                if (d == null) {
                    throw new ConfigException("Invalid latency-tracking-info-percentiles "
                            + "parameters");
                }
                if (!(d >= 0.0 && d <= 100.0)) {
                    throw new ConfigException("latency-tracking-info-percentiles parameters "
                            + "should sit between [0.0,100.0]");
                }
                out.add(d);
            }
            return List.copyOf(out);
        }

        /**
         * Redis's string2d: a C double with no surrounding blanks; NaN, overflow and underflow
         * to zero are rejected, a literal infinity is accepted.
         */
        static Double parseDouble(String s) {
            if (C_HEX_DOUBLE.matcher(s).matches()) {
                String h = s.indexOf('p') >= 0 || s.indexOf('P') >= 0 ? s : s + "p0";
                double d = Double.parseDouble(h);
                return Double.isInfinite(d) ? null : d;
            }
            if (!C_DOUBLE.matcher(s).matches()) {
                return null;
            }
            String t = s.toLowerCase(Locale.ROOT);
            boolean neg = t.startsWith("-");
            String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
            if (body.startsWith("inf")) {
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            double d = Double.parseDouble(t);
            if (Double.isInfinite(d)) {
                return null;
            }
            if (d == 0.0) {
                String mantissa = body.split("e")[0];
                for (int i = 0; i < mantissa.length(); i++) {
                    char c = mantissa.charAt(i);
                    if (c >= '1' && c <= '9') {
                        return null;
                    }
                }
            }
            return d;
        }

        @Override
        String render(List<Double> v) {
            StringBuilder sb = new StringBuilder();
            for (Double d : v) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(formatPercentile(d));
            }
            return sb.toString();
        }

        /** C's "%f" with the trailing zeros (and a trailing dot) removed. */
        static String formatPercentile(double d) {
            String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
            if (Double.doubleToRawLongBits(d) < 0 && !s.startsWith("-")) {
                s = "-" + s;
            }
            if (s.indexOf('.') >= 0) {
                int end = s.length();
                while (s.charAt(end - 1) == '0') {
                    end--;
                }
                if (s.charAt(end - 1) == '.') {
                    end--;
                }
                s = s.substring(0, end);
            }
            return s;
        }

        @Override
        List<RewriteLine> rewrite(List<Double> value, List<Double> def) {
            return List.of(new RewriteLine(value.isEmpty() ? "\"\"" : render(value), true));
        }

        @Override
        boolean multiArg() {
            return true;
        }
    }

    /** {@code notify-keyspace-events} flags. */
    static final class KeyspaceEventsType extends OptionType<Integer> {
        @Override
        Integer parseSet(String v, Integer current) throws ConfigException {
            return KeyspaceEvents.parse(v);
        }

        @Override
        String render(Integer v) {
            return KeyspaceEvents.render(v);
        }

        @Override
        String rewriteText(Integer v) {
            return RedisArgs.repr(render(v));
        }
    }

    /** An octal permission mask ({@code unixsocketperm}), 0..0777. */
    static final class OctalType extends OptionType<Integer> {
        @Override
        Integer parseSet(String v, Integer current) throws ConfigException {
            int n = v.length();
            int i = 0;
            while (i < n && RedisArgs.isSpace(v.charAt(i))) {
                i++;
            }
            boolean neg = false;
            if (i < n && (v.charAt(i) == '+' || v.charAt(i) == '-')) {
                neg = v.charAt(i) == '-';
                i++;
            }
            int start = i;
            long val = 0;
            while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '7') {
                if (val < (1L << 40)) {
                    val = val * 8 + (v.charAt(i) - '0');
                }
                i++;
            }
            boolean ok = i == start ? n == 0 : i == n;
            if (!ok) {
                throw new ConfigException("argument couldn't be parsed as an octal number");
            }
            if (neg) {
                val = -val;
            }
            if (val < 0 || val > 0777) {
                throw new ConfigException("argument must be between 0 and 777 inclusive");
            }
            return (int) val;
        }

        @Override
        String render(Integer v) {
            return Integer.toOctalString(v);
        }
    }

    /** {@code replicaof <host> <port>} or {@code replicaof no one}; null when not a replica. */
    static final class ReplicaOfType extends OptionType<ReplicaOf> {
        @Override
        ReplicaOf parseSet(String v, ReplicaOf current) throws ConfigException {
            return parseFile(splitSpaces(v), current, false);
        }

        @Override
        ReplicaOf parseFile(List<String> args, ReplicaOf current, boolean first)
                throws ConfigException {
            if (args.size() != 2) {
                throw new ConfigException("wrong number of arguments");
            }
            if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) {
                return null;
            }
            Long port = cLong(args.get(1));
            if (port == null || args.get(1).isEmpty() || port < 0 || port > 65535) {
                throw new ConfigException("Invalid master port");
            }
            return new ReplicaOf(args.get(0), port.intValue());
        }

        @Override
        String render(ReplicaOf v) {
            return v == null ? "" : v.toString();
        }

        @Override
        List<RewriteLine> rewrite(ReplicaOf value, ReplicaOf def) {
            if (value == null) {
                return List.of();
            }
            return List.of(new RewriteLine(value.toString(), true));
        }

        @Override
        boolean multiArg() {
            return true;
        }
    }

    /**
     * The working directory ({@code dir}). Relative paths resolve against the current value,
     * the way successive {@code chdir} calls do in Redis; the stored value is the real
     * absolute path.
     */
    static final class DirType extends OptionType<String> {
        @Override
        String parseSet(String v, String current) throws ConfigException {
            if (v.isEmpty()) {
                throw new ConfigException("No such file or directory");
            }
            try {
                Path base = current == null || current.isEmpty()
                        ? Paths.get("").toAbsolutePath() : fsPath(current);
                Path p = base.resolve(fsPath(v));
                if (!Files.exists(p)) {
                    for (Path a = p.getParent(); a != null; a = a.getParent()) {
                        if (Files.exists(a)) {
                            if (!Files.isDirectory(a)) {
                                throw new NotDirectoryException(v);
                            }
                            break;
                        }
                    }
                    throw new NoSuchFileException(v);
                }
                if (!Files.isDirectory(p)) {
                    throw new NotDirectoryException(v);
                }
                if (!Files.isExecutable(p)) {
                    throw new AccessDeniedException(v);
                }
                return byteString(p.toRealPath().toString());
            } catch (NoSuchFileException e) {
                throw new ConfigException("No such file or directory");
            } catch (NotDirectoryException e) {
                throw new ConfigException("Not a directory");
            } catch (AccessDeniedException e) {
                throw new ConfigException("Permission denied");
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("No such file or directory");
            }
        }

        @Override
        String render(String v) {
            return v;
        }

        @Override
        String rewriteText(String v) {
            return RedisArgs.repr(v);
        }

        @Override
        List<RewriteLine> rewrite(String value, String def) {
            return List.of(new RewriteLine(rewriteText(value), true));
        }
    }

    // ------------------------------------------------------------------------ string checks

    static String baseNameCheck(String v, String what, boolean allowEmpty, String pathMsg) {
        if (!allowEmpty && v.isEmpty()) {
            return what + " can't be empty";
        }
        if (v.indexOf('/') >= 0) {
            return pathMsg;
        }
        return null;
    }

    static String hostnameCheck(String v) {
        if (v.length() >= 256) {
            return "Hostnames must be less than 256 characters";
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.';
            if (!ok) {
                return "Hostnames may only contain alphanumeric characters, hyphens or dots";
            }
        }
        return null;
    }

    private static final List<String> TITLE_VARS = List.of("title", "listen-addr",
            "server-mode", "port", "tls-port", "unixsocket", "config-file");

    /**
     * Validates a process title template: {@code {name}} variables from a fixed list,
     * {@code {{} and {@code }}} escapes, and a result that is not blank when the variables
     * that may be empty (title, server-mode, unixsocket) expand to nothing.
     */
    static String procTitleCheck(String v) {
        final String err = "template format is invalid or contains unknown variables";
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = v.length();
        while (i < n) {
            char c = v.charAt(i);
            if (c == '{') {
                if (i + 1 < n && v.charAt(i + 1) == '{') {
                    out.append('{');
                    i += 2;
                    continue;
                }
                int close = v.indexOf('}', i + 1);
                if (close < 0) {
                    return err;
                }
                String name = v.substring(i + 1, close);
                if (!TITLE_VARS.contains(name)) {
                    return err;
                }
                if (name.equals("listen-addr") || name.equals("port") || name.equals("tls-port")
                        || name.equals("config-file")) {
                    out.append('x');
                }
                i = close + 1;
            } else if (c == '}' && i + 1 < n && v.charAt(i + 1) == '}') {
                out.append('}');
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        if (out.toString().strip().isEmpty()) {
            return err;
        }
        return null;
    }

    /** The process's working directory as a byte string (symbolic links resolved). */
    static String workingDirectory() {
        Path p = Paths.get("").toAbsolutePath();
        try {
            p = p.toRealPath();
        } catch (IOException e) {
            // keep the absolute path
        }
        return byteString(p.toString());
    }

    /** Converts a byte string (one char per byte) to a file system path (bytes as UTF-8). */
    static Path fsPath(String byteString) {
        return Paths.get(fromByteString(byteString));
    }

    /** Decodes a byte string (one char per byte) as UTF-8 text. */
    static String fromByteString(String byteString) {
        return new String(byteString.getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8);
    }

    /** Encodes text as UTF-8 and returns it as a byte string (one char per byte). */
    static String byteString(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
