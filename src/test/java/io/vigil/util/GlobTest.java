package io.vigil.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GlobTest {

    private static boolean m(String p, String s) {
        return Glob.match(p, s, false);
    }

    @Test
    void literalsAndWildcards() {
        assertThat(m("hello", "hello")).isTrue();
        assertThat(m("hello", "hellO")).isFalse();
        assertThat(m("h?llo", "hallo")).isTrue();
        assertThat(m("h?llo", "hllo")).isFalse();
        assertThat(m("h*llo", "hllo")).isTrue();
        assertThat(m("h*llo", "heeeello")).isTrue();
        assertThat(m("*", "anything")).isTrue();
        assertThat(m("a*", "a")).isTrue();
        assertThat(m("a**", "a")).isTrue();
        assertThat(m("*a*b*", "xxaxxbxx")).isTrue();
        assertThat(m("*a*b*", "xxbxxaxx")).isFalse();
        assertThat(m("", "")).isTrue();
        assertThat(m("", "a")).isFalse();
    }

    @Test
    void emptyStringOnlyMatchesEmptyPatternLikeRedis() {
        assertThat(m("*", "")).isFalse();
        assertThat(m("**", "")).isFalse();
    }

    @Test
    void sets() {
        assertThat(m("h[ae]llo", "hello")).isTrue();
        assertThat(m("h[ae]llo", "hallo")).isTrue();
        assertThat(m("h[ae]llo", "hillo")).isFalse();
        assertThat(m("h[^e]llo", "hallo")).isTrue();
        assertThat(m("h[^e]llo", "hello")).isFalse();
        assertThat(m("h[a-b]llo", "hbllo")).isTrue();
        assertThat(m("h[b-a]llo", "hallo")).isTrue(); // reversed range is swapped
        assertThat(m("h[\\]]llo", "h]llo")).isTrue();
        assertThat(m("por[t", "port")).isTrue(); // open set runs to the end of the pattern
        assertThat(m("por[^", "port")).isTrue();
        assertThat(m("port[", "port")).isFalse();
    }

    @Test
    void escapes() {
        assertThat(m("a\\*b", "a*b")).isTrue();
        assertThat(m("a\\*b", "axb")).isFalse();
        assertThat(m("a\\?", "a?")).isTrue();
        assertThat(m("a\\", "a\\")).isTrue(); // trailing backslash is literal
    }

    @Test
    void nocase() {
        assertThat(Glob.match("PORT", "port", true)).isTrue();
        assertThat(Glob.match("[P]ort", "port", true)).isTrue();
        assertThat(Glob.match("[\\P]ort", "port", true)).isFalse(); // escaped set byte: exact
        assertThat(Glob.match("[Z-a]ort", "port", true)).isFalse(); // swap, then fold
        assertThat(Glob.match("[a-Z]ort", "port", true)).isFalse();
        assertThat(Glob.match("[a-z]ORT", "Port", true)).isTrue();
    }

    @Test
    void binary() {
        byte[] p = {'a', '[', (byte) 0x80, '-', (byte) 0xff, ']'};
        assertThat(Glob.match(p, new byte[] {'a', (byte) 0x90}, false)).isTrue();
        assertThat(Glob.match(p, new byte[] {'a', 'b'}, false)).isFalse();
        assertThat(Glob.match(new byte[] {'*', 0}, new byte[] {'x', 0}, false)).isTrue();
    }

    @Test
    @Timeout(5)
    void hostilePatternsAreFast() {
        String s = "a".repeat(20000);
        assertThat(m("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", s)).isFalse();
        assertThat(m("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", s)).isTrue();
        String p = "*?".repeat(500) + "b";
        assertThat(m(p, s)).isFalse();
    }

    @Test
    void nestingLimitLikeRedis7() {
        String s = "a".repeat(2415);
        assertThat(m("*a".repeat(1000), s)).isTrue();
        assertThat(m("*a".repeat(1000) + "*", s)).isTrue();
        assertThat(m("*a".repeat(1001), s)).isFalse();
    }

    @Test
    void hasSpecialChars() {
        assertThat(Glob.hasSpecialChars("port")).isFalse();
        assertThat(Glob.hasSpecialChars("p\\ort")).isFalse();
        assertThat(Glob.hasSpecialChars("p*")).isTrue();
        assertThat(Glob.hasSpecialChars("p?")).isTrue();
        assertThat(Glob.hasSpecialChars("p[")).isTrue();
    }

    /** Replays KEYS answers recorded from Redis 7.0.15 on 400 binary keys. */
    @Test
    void agreesWithRedisKeys() throws IOException {
        HexFormat hex = HexFormat.of();
        List<byte[]> keys = new ArrayList<>();
        int patterns = 0;
        try (InputStream in = Objects.requireNonNull(
                GlobTest.class.getResourceAsStream("redis-keys-glob.txt"));
             BufferedReader r = new BufferedReader(
                     new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(" ");
                if (f[0].equals("K")) {
                    keys.add(hex.parseHex(f[1]));
                    continue;
                }
                byte[] pattern = hex.parseHex(f[1]);
                TreeSet<String> expected = new TreeSet<>();
                for (int i = 2; i < f.length; i++) {
                    expected.add(f[i]);
                }
                TreeSet<String> actual = new TreeSet<>();
                for (byte[] k : keys) {
                    if (Glob.match(pattern, k, false)) {
                        actual.add(hex.formatHex(k));
                    }
                }
                assertThat(actual).as("pattern %s", new String(pattern,
                        StandardCharsets.ISO_8859_1)).isEqualTo(expected);
                patterns++;
            }
        }
        assertThat(patterns).isGreaterThan(500);
    }
}
