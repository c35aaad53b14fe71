package io.vigil.command;

import io.lettuce.core.BitFieldArgs;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LcsArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StringMatchResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.vigil.testing.EmbeddedVigil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.BitCountOption;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.BitPosParams;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.LCSParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.LCSMatchResult;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Smoke tests of the string and bitmap commands through Jedis (RESP2) and Lettuce (RESP3) against a Vigil node. */
class StringClientsTest {

    private static EmbeddedVigil node;

    @BeforeAll
    static void start() {
        node = EmbeddedVigil.start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void jedis() {
        try (Jedis j = new Jedis("127.0.0.1", node.port())) {
            assertThat(j.set("j:k", "v")).isEqualTo("OK");
            assertThat(j.get("j:k")).isEqualTo("v");
            assertThat(j.set("j:k", "w", SetParams.setParams().nx())).isNull();
            assertThat(j.setGet("j:k", "w")).isEqualTo("v");
            assertThat(j.getEx("j:k", GetExParams.getExParams().ex(100))).isEqualTo("w");
            assertThat(j.getEx("j:k", GetExParams.getExParams().persist())).isEqualTo("w");
            assertThat(j.getSet("j:k", "x")).isEqualTo("w");
            assertThat(j.getDel("j:k")).isEqualTo("x");
            assertThat(j.get("j:k")).isNull();
            assertThat(j.mset("j:a", "1", "j:b", "2")).isEqualTo("OK");
            assertThat(j.mget("j:a", "j:b", "j:c")).containsExactly("1", "2", null);
            assertThat(j.msetnx("j:a", "9", "j:c", "3")).isZero();
            assertThat(j.setnx("j:c", "3")).isEqualTo(1);
            assertThat(j.setex("j:e", 100, "v")).isEqualTo("OK");
            assertThat(j.psetex("j:p", 100_000, "v")).isEqualTo("OK");
            assertThat(j.incr("j:n")).isEqualTo(1);
            assertThat(j.incrBy("j:n", 41)).isEqualTo(42);
            assertThat(j.decr("j:n")).isEqualTo(41);
            assertThat(j.decrBy("j:n", 40)).isEqualTo(1);
            assertThat(j.incrByFloat("j:f", 0.1)).isEqualTo(0.1);
            assertThat(j.incrByFloat("j:f", 0.2)).isEqualTo(0.3);
            assertThat(j.get("j:f")).isEqualTo("0.3");
            j.set("j:k2", "abc");
            assertThatThrownBy(() -> j.incr("j:k2"))
                    .isInstanceOf(JedisDataException.class).hasMessage("ERR value is not an integer or out of range");
            assertThat(j.append("j:s", "Hello")).isEqualTo(5);
            assertThat(j.append("j:s", " World")).isEqualTo(11);
            assertThat(j.strlen("j:s")).isEqualTo(11);
            assertThat(j.getrange("j:s", -5, -1)).isEqualTo("World");
            assertThat(j.setrange("j:s", 6, "Redis")).isEqualTo(11);
            assertThat(j.get("j:s")).isEqualTo("Hello Redis");
            j.mset("j:l1", "ohmytext", "j:l2", "mynewtext");
            assertThat(j.lcs("j:l1", "j:l2", LCSParams.LCSParams()).getMatchString()).isEqualTo("mytext");
            assertThat(j.lcs("j:l1", "j:l2", LCSParams.LCSParams().len()).getLen()).isEqualTo(6);
            LCSMatchResult idx = j.lcs("j:l1", "j:l2", LCSParams.LCSParams().idx().withMatchLen());
            assertThat(idx.getLen()).isEqualTo(6);
            assertThat(idx.getMatches()).hasSize(2);
            assertThat(idx.getMatches().get(0).getMatchLen()).isEqualTo(4);
            assertThat(j.setbit("j:bits", 7, true)).isFalse();
            assertThat(j.getbit("j:bits", 7)).isTrue();
            assertThat(j.bitcount("j:bits")).isEqualTo(1);
            assertThat(j.bitcount("j:bits", 0, 6, BitCountOption.BIT)).isZero();
            assertThat(j.bitpos("j:bits", true)).isEqualTo(7);
            assertThat(j.bitpos("j:bits", false, new BitPosParams(0, -1))).isZero();
            assertThat(j.bitop(BitOP.NOT, "j:inv", "j:bits")).isEqualTo(1);
            assertThat(j.getbit("j:inv", 7)).isFalse();
            assertThat(j.bitfield("j:bf", "SET", "u8", "0", "200", "INCRBY", "u8", "0", "100"))
                    .containsExactly(0L, 44L);
            assertThat(j.bitfield("j:bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "300")).containsExactly((Long) null);
            assertThat(j.bitfieldReadonly("j:bf", "GET", "u8", "0", "GET", "i8", "0")).containsExactly(44L, 44L);
        }
    }

    @Test
    void lettuce() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", node.port()));
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> c = conn.sync();
            assertThat(c.set("l:k", "v")).isEqualTo("OK");
            assertThat(c.set("l:k", "v", SetArgs.Builder.xx().ex(Duration.ofSeconds(100)))).isEqualTo("OK");
            assertThat(c.setGet("l:k", "w")).isEqualTo("v");
            assertThat(c.get("l:missing")).isNull();
            assertThat(c.getex("l:k", GetExArgs.Builder.px(100_000))).isEqualTo("w");
            assertThat(c.getdel("l:k")).isEqualTo("w");
            Map<String, String> m = new LinkedHashMap<>();
            m.put("l:a", "1");
            m.put("l:b", "2");
            assertThat(c.mset(m)).isEqualTo("OK");
            assertThat(c.msetnx(m)).isFalse();
            List<KeyValue<String, String>> values = c.mget("l:a", "l:b", "l:none");
            assertThat(values.get(0).getValue()).isEqualTo("1");
            assertThat(values.get(2).hasValue()).isFalse();
            assertThat(c.setnx("l:a", "x")).isFalse();
            assertThat(c.incrby("l:a", 9)).isEqualTo(10);
            assertThat(c.incrbyfloat("l:a", 0.5)).isEqualTo(10.5);
            assertThat(c.append("l:s", "abc")).isEqualTo(3);
            assertThat(c.getrange("l:s", 1, 1)).isEqualTo("b");
            assertThat(c.setrange("l:s", 5, "z")).isEqualTo(6);
            assertThat(c.get("l:s")).isEqualTo("abc\0\0z");
            assertThat(c.strlen("l:s")).isEqualTo(6);
            c.mset(Map.of("l:x", "ohmytext", "l:y", "mynewtext"));
            StringMatchResult r = c.lcs(LcsArgs.Builder.keys("l:x", "l:y").withIdx().withMatchLen());
            assertThat(r.getLen()).isEqualTo(6);
            assertThat(r.getMatches()).hasSize(2);
            assertThat(c.lcs(LcsArgs.Builder.keys("l:x", "l:y")).getMatchString()).isEqualTo("mytext");
            assertThat(c.setbit("l:bits", 100, 1)).isZero();
            assertThat(c.bitcount("l:bits")).isEqualTo(1);
            assertThat(c.bitpos("l:bits", true)).isEqualTo(100);
            assertThat(c.bitopOr("l:or", "l:bits", "l:s")).isEqualTo(13);
            assertThat(c.bitfield("l:bf", BitFieldArgs.Builder.set(BitFieldArgs.signed(8), 0, -5)
                    .incrBy(BitFieldArgs.signed(8), 0, 10))).containsExactly(0L, 5L);
        } finally {
            client.shutdown();
        }
    }
}
