package io.vigil.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisArgsTest {

    @Test
    void splitsOnBlanks() {
        assertThat(RedisArgs.split("  port   6379  ")).containsExactly("port", "6379");
        assertThat(RedisArgs.split("a\tb")).containsExactly("a", "b");
        assertThat(RedisArgs.split("")).isEmpty();
        assertThat(RedisArgs.split("   ")).isEmpty();
    }

    @Test
    void doubleQuotes() {
        assertThat(RedisArgs.split("save \"\"")).containsExactly("save", "");
        assertThat(RedisArgs.split("x \"a b\"")).containsExactly("x", "a b");
        assertThat(RedisArgs.split("x \"\\n\\r\\t\\b\\a\\\\\\\"\\q\""))
                .containsExactly("x", "\n\r\t\b\u0007\\\"q");
        assertThat(RedisArgs.split("x \"\\x41\\xc3\\xA9\\xZZ\""))
                .containsExactly("x", "A\u00c3\u00a9xZZ");
        assertThat(RedisArgs.split("foo\"bar baz\"")).containsExactly("foobar baz");
    }

    @Test
    void singleQuotes() {
        assertThat(RedisArgs.split("x 'a \\n b'")).containsExactly("x", "a \\n b");
        assertThat(RedisArgs.split("x 'it\\'s'")).containsExactly("x", "it's");
    }

    @Test
    void unbalanced() {
        assertThat(RedisArgs.split("port \"abc")).isNull();
        assertThat(RedisArgs.split("port 'ab'c")).isNull();
        assertThat(RedisArgs.split("port \"ab\"c")).isNull();
        assertThat(RedisArgs.split("port 'abc")).isNull();
        assertThat(RedisArgs.split("port \"abc\\\"")).isNull();
    }

    @Test
    void repr() {
        assertThat(RedisArgs.repr("abc")).isEqualTo("\"abc\"");
        assertThat(RedisArgs.repr("")).isEqualTo("\"\"");
        assertThat(RedisArgs.repr("a\"b\\n c")).isEqualTo("\"a\\\"b\\\\n c\"");
        assertThat(RedisArgs.repr("\u00c3\u00a9\n\r\t\u0007\b\u0001"))
                .isEqualTo("\"\\xc3\\xa9\\n\\r\\t\\a\\b\\x01\"");
    }

    @Test
    void reprRoundTrips() {
        String s = "x \"y\" \\ \u00ff\u0000 z";
        assertThat(RedisArgs.split(RedisArgs.repr(s))).containsExactly(s);
    }
}
