package io.vigil.util;

import java.util.ArrayList;
import java.util.List;

/**
 * Splitting and quoting of argument lines the way Redis does it for configuration files,
 * inline commands and {@code redis-cli}.
 *
 * <p>All strings handled here are <em>byte strings</em>: each {@code char} holds one byte
 * (0-255), i.e. the text is ISO-8859-1 decoded. Escapes such as {@code "\xc3\xa9"} therefore
 * produce two chars, and {@link #repr(String)} prints every char above 0x7e as a {@code \xHH}
 * escape.
 */
public final class RedisArgs {

    private RedisArgs() {
    }

    /**
     * Splits a line into arguments.
     *
     * <p>Rules: arguments are separated by blanks; {@code "double quoted"} arguments understand
     * {@code \n \r \t \b \a \\ \"} and {@code \xHH}, any other escaped char standing for itself;
     * {@code 'single quoted'} arguments only understand {@code \'}; a closing quote must be followed
     * by a blank or the end of the line; a quote inside an unquoted argument opens a quoted part
     * of the same argument.
     *
     * @param line the line
     * @return the arguments (possibly empty), or {@code null} when quotes are unbalanced
     */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int n = line.length();
        int p = 0;
        while (true) {
            while (p < n && isSpace(line.charAt(p))) {
                p++;
            }
            if (p >= n) {
                return out;
            }
            boolean inq = false;
            boolean insq = false;
            boolean done = false;
            StringBuilder cur = new StringBuilder();
            while (!done) {
                if (inq) {
                    if (p >= n) {
                        return null;
                    }
                    char c = line.charAt(p);
                    if (c == '\\' && p + 3 < n && line.charAt(p + 1) == 'x'
                            && isHex(line.charAt(p + 2)) && isHex(line.charAt(p + 3))) {
                        cur.append((char) (hex(line.charAt(p + 2)) * 16 + hex(line.charAt(p + 3))));
                        p += 3;
                    } else if (c == '\\' && p + 1 < n) {
                        p++;
                        char e = line.charAt(p);
                        switch (e) {
                            case 'n': cur.append('\n'); break;
                            case 'r': cur.append('\r'); break;
                            case 't': cur.append('\t'); break;
                            case 'b': cur.append('\b'); break;
                            case 'a': cur.append((char) 7); break;
                            default: cur.append(e); break;
                        }
                    } else if (c == '"') {
                        if (p + 1 < n && !isSpace(line.charAt(p + 1))) {
                            return null;
                        }
                        done = true;
                    } else {
                        cur.append(c);
                    }
                } else if (insq) {
                    if (p >= n) {
                        return null;
                    }
                    char c = line.charAt(p);
                    if (c == '\\' && p + 1 < n && line.charAt(p + 1) == '\'') {
                        p++;
                        cur.append('\'');
                    } else if (c == '\'') {
                        if (p + 1 < n && !isSpace(line.charAt(p + 1))) {
                            return null;
                        }
                        done = true;
                    } else {
                        cur.append(c);
                    }
                } else {
                    if (p >= n) {
                        done = true;
                        break;
                    }
                    char c = line.charAt(p);
                    switch (c) {
                        case ' ':
                        case '\n':
                        case '\r':
                        case '\t':
                        case '\0':
                            done = true;
                            break;
                        case '"':
                            inq = true;
                            break;
                        case '\'':
                            insq = true;
                            break;
                        default:
                            cur.append(c);
                            break;
                    }
                }
                if (p < n) {
                    p++;
                }
            }
            out.add(cur.toString());
        }
    }

    /**
     * Quotes a byte string the way Redis prints it in logs, in {@code CONFIG REWRITE} output and
     * in {@code redis-cli}: between double quotes, with {@code \\ \" \n \r \t \a \b} escaped,
     * printable ASCII as is and every other byte as {@code \xHH} (lower-case hex).
     *
     * @param s the byte string
     * @return the quoted form
     */
    public static String repr(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\': sb.append("\\\\"); break;
                case '"': sb.append("\\\""); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case 7: sb.append("\\a"); break;
                case '\b': sb.append("\\b"); break;
                default:
                    if (c >= 0x20 && c <= 0x7e) {
                        sb.append(c);
                    } else {
                        int b = c & 0xFF;
                        sb.append("\\x").append(Character.forDigit(b >> 4, 16))
                                .append(Character.forDigit(b & 0xF, 16));
                    }
            }
        }
        sb.append('"');
        return sb.toString();
    }

    /**
     * Tells whether a char is white space in the C locale sense ({@code isspace}).
     *
     * @param c the char
     * @return true for space, tab, newline, vertical tab, form feed and carriage return
     */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c - 'A' + 10;
    }
}
