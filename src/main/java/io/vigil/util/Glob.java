package io.vigil.util;

import java.nio.charset.StandardCharsets;

/**
 * Glob-style pattern matching with the semantics Redis uses for {@code KEYS},
 * {@code SCAN ... MATCH}, {@code CONFIG GET} and {@code PSUBSCRIBE}.
 *
 * <p>Supported syntax:
 * <ul>
 *   <li>{@code *} matches any sequence of bytes (including none);</li>
 *   <li>{@code ?} matches exactly one byte;</li>
 *   <li>{@code [abc]}, {@code [a-z]}, {@code [^a-z]} match one byte from (or, with {@code ^},
 *       not from) a set; inside a set {@code \x} stands for the literal {@code x}; a range whose
 *       ends are reversed is swapped; a set left open at the end of the pattern extends to the
 *       end of the pattern;</li>
 *   <li>{@code \x} matches the literal {@code x}; a trailing lone backslash matches itself.</li>
 * </ul>
 *
 * <p>Quirks kept for compatibility: an empty string is matched only by the empty pattern (callers
 * that want {@code *} to match everything, as {@code KEYS *} does, special-case it); byte values
 * compare as signed 8-bit values inside ranges; case folding ({@code nocase}) is ASCII only, and
 * an escaped byte inside a set is always compared case-sensitively.
 *
 * <p>The algorithm is iterative and only ever backtracks to the most recent star, so its cost is
 * bounded by {@code O(pattern.length * string.length)} whatever the pattern. Like Redis 7, a
 * pattern that would need more than {@value #MAX_STAR_NESTING} non-trailing star groups never
 * matches.
 */
public final class Glob {

    /** Largest number of non-trailing {@code *} groups a matching pattern may contain. */
    public static final int MAX_STAR_NESTING = 1000;

    private Glob() {
    }

    /**
     * Matches a string against a pattern given as Java strings. Characters are converted to bytes
     * as ISO-8859-1 when all are below 256, UTF-8 otherwise.
     *
     * @param pattern the glob pattern
     * @param string  the string to test
     * @param nocase  whether ASCII letters compare case-insensitively
     * @return whether the whole string matches the pattern
     */
    public static boolean match(String pattern, String string, boolean nocase) {
        return match(bytes(pattern), bytes(string), nocase);
    }

    /**
     * Matches a binary string against a binary pattern.
     *
     * @param pattern the glob pattern
     * @param string  the string to test
     * @param nocase  whether ASCII letters compare case-insensitively
     * @return whether the whole string matches the pattern
     */
    public static boolean match(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    /**
     * Matches a region of a binary string against a region of a binary pattern.
     *
     * @param pattern    pattern bytes
     * @param patOff     offset of the pattern in {@code pattern}
     * @param patLen     length of the pattern
     * @param string     string bytes
     * @param strOff     offset of the string in {@code string}
     * @param strLen     length of the string
     * @param nocase     whether ASCII letters compare case-insensitively
     * @return whether the whole string region matches the whole pattern region
     */
    public static boolean match(byte[] pattern, int patOff, int patLen,
                                byte[] string, int strOff, int strLen, boolean nocase) {
        if (strLen == 0) {
            return patLen == 0;
        }
        final int pEnd = patOff + patLen;
        final int sEnd = strOff + strLen;
        if (nonTrailingStarGroups(pattern, patOff, pEnd) > MAX_STAR_NESTING) {
            return false;
        }
        int p = patOff;
        int s = strOff;
        int starP = -1; // pattern index just after the last star group
        int starS = -1; // string index the last star group is currently anchored at
        while (s < sEnd) {
            if (p < pEnd) {
                if (pattern[p] == '*') {
                    while (p < pEnd && pattern[p] == '*') {
                        p++;
                    }
                    if (p == pEnd) {
                        return true;
                    }
                    starP = p;
                    starS = s;
                    continue;
                }
                int next = matchOne(pattern, p, pEnd, string[s], nocase);
                if (next >= 0) {
                    p = next;
                    s++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            // Let the last star swallow one more byte and retry from there.
            starS++;
            s = starS;
            p = starP;
        }
        while (p < pEnd && pattern[p] == '*') {
            p++;
        }
        return p == pEnd;
    }

    /**
     * Tells whether a pattern contains any of the special characters {@code * ? [}; patterns that
     * do not are plain names (CONFIG GET, for instance, looks those up directly).
     *
     * @param pattern the pattern
     * @return true if the pattern contains {@code *}, {@code ?} or {@code [}
     */
    public static boolean hasSpecialChars(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /**
     * Matches one non-star token at {@code p} against byte {@code c}.
     *
     * @return the pattern index after the token, or -1 when it does not match
     */
    private static int matchOne(byte[] pat, int p, int pEnd, byte c, boolean nocase) {
        byte t = pat[p];
        switch (t) {
            case '?':
                return p + 1;
            case '[': {
                int i = p + 1;
                boolean negate = false;
                if (i < pEnd && pat[i] == '^') {
                    negate = true;
                    i++;
                }
                boolean hit = false;
                while (true) {
                    if (i >= pEnd) {
                        break; // unterminated set: it ends with the pattern
                    }
                    byte b = pat[i];
                    if (b == '\\' && pEnd - i >= 2) {
                        i++;
                        if (pat[i] == c) {
                            hit = true;
                        }
                    } else if (b == ']') {
                        break;
                    } else if (pEnd - i >= 3 && pat[i + 1] == '-') {
                        int start = pat[i];
                        int end = pat[i + 2];
                        int ch = c;
                        if (start > end) {
                            int tmp = start;
                            start = end;
                            end = tmp;
                        }
                        if (nocase) {
                            start = lower(start);
                            end = lower(end);
                            ch = lower(ch);
                        }
                        i += 2;
                        if (ch >= start && ch <= end) {
                            hit = true;
                        }
                    } else if (nocase ? lower(b) == lower(c) : b == c) {
                        hit = true;
                    }
                    i++;
                }
                if (negate) {
                    hit = !hit;
                }
                if (!hit) {
                    return -1;
                }
                return i >= pEnd ? pEnd : i + 1;
            }
            case '\\':
                if (pEnd - p >= 2) {
                    p++;
                    t = pat[p];
                }
                return literal(t, c, nocase) ? p + 1 : -1;
            default:
                return literal(t, c, nocase) ? p + 1 : -1;
        }
    }

    private static boolean literal(byte t, byte c, boolean nocase) {
        return nocase ? lower(t) == lower(c) : t == c;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    /** Counts the star groups that are followed by something other than stars. */
    private static int nonTrailingStarGroups(byte[] pat, int p, int pEnd) {
        int groups = 0;
        while (p < pEnd) {
            byte b = pat[p];
            if (b == '*') {
                while (p < pEnd && pat[p] == '*') {
                    p++;
                }
                if (p < pEnd) {
                    groups++;
                }
                continue;
            }
            if (b == '\\') {
                p += pEnd - p >= 2 ? 2 : 1;
                continue;
            }
            if (b == '[') {
                p = skipSet(pat, p, pEnd);
                continue;
            }
            p++;
        }
        return groups;
    }

    /** Returns the index after the set starting at {@code p}, mirroring {@link #matchOne}. */
    private static int skipSet(byte[] pat, int p, int pEnd) {
        int i = p + 1;
        if (i < pEnd && pat[i] == '^') {
            i++;
        }
        while (true) {
            if (i >= pEnd) {
                return pEnd;
            }
            byte b = pat[i];
            if (b == '\\' && pEnd - i >= 2) {
                i++;
            } else if (b == ']') {
                return i + 1;
            } else if (pEnd - i >= 3 && pat[i + 1] == '-') {
                i += 2;
            }
            i++;
        }
    }

    private static byte[] bytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
