package io.vigil.types;

/**
 * Glob-style matching as Redis's SCAN MATCH does it ({@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]},
 * {@code \x}), case-sensitive, on byte strings. Used by ZSCAN; to be replaced by the shared matcher in
 * {@code io.vigil.util} once it is available on this branch.
 */
public final class ZSetGlob {
    private ZSetGlob() {
    }

    /** Whether {@code s[off..off+len)} matches {@code pattern}. */
    public static boolean matches(byte[] pattern, byte[] s, int off, int len) {
        return match(pattern, 0, s, off, off + len, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, int send, int depth) {
        int plen = p.length;
        if (depth > 1000) {
            return false;
        }
        while (pi < plen && si < send) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < plen && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == plen) {
                        return true;
                    }
                    for (int k = si; k < send; k++) {
                        if (match(p, pi + 1, s, k, send, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = pi < plen && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean hit = false;
                    while (true) {
                        if (pi >= plen) {
                            pi--; // unterminated: the last byte closes the class
                            break;
                        }
                        if (p[pi] == '\\' && plen - pi >= 2) {
                            pi++;
                            if (p[pi] == s[si]) {
                                hit = true;
                            }
                        } else if (p[pi] == ']') {
                            break;
                        } else if (plen - pi >= 3 && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff;
                            int end = p[pi + 2] & 0xff;
                            int ch = s[si] & 0xff;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            pi += 2;
                            if (ch >= start && ch <= end) {
                                hit = true;
                            }
                        } else if (p[pi] == s[si]) {
                            hit = true;
                        }
                        pi++;
                    }
                    if (not) {
                        hit = !hit;
                    }
                    if (!hit) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (plen - pi >= 2) {
                        pi++;
                    }
                    if (p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (c != s[si]) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        if (si == send) {
            while (pi < plen && p[pi] == '*') {
                pi++;
            }
        }
        return pi == plen && si == send;
    }
}
