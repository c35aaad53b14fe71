package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.vigil.testing.EmbeddedVigil;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Smoke tests of the hash and set commands through Jedis (RESP2) and Lettuce (RESP3) against a Vigil node. */
class HashSetClientsTest {

    private static EmbeddedVigil node;

    @BeforeAll
    static void start() {
        node = EmbeddedVigil.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void jedis() {
        try (Jedis j = new Jedis("127.0.0.1", node.port())) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("a", "1");
            fields.put("b", "2");
            assertThat(j.hset("j:h", fields)).isEqualTo(2);
            assertThat(j.hset("j:h", "c", "3")).isEqualTo(1);
            assertThat(j.hmset("j:h", Map.of("d", "4"))).isEqualTo("OK");
            assertThat(j.hsetnx("j:h", "a", "9")).isZero();
            assertThat(j.hget("j:h", "a")).isEqualTo("1");
            assertThat(j.hmget("j:h", "a", "zz", "d")).containsExactly("1", null, "4");
            assertThat(j.hgetAll("j:h")).isEqualTo(Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
            assertThat(j.hkeys("j:h")).containsExactlyInAnyOrder("a", "b", "c", "d");
            assertThat(j.hvals("j:h")).containsExactly("1", "2", "3", "4");
            assertThat(j.hlen("j:h")).isEqualTo(4);
            assertThat(j.hstrlen("j:h", "a")).isEqualTo(1);
            assertThat(j.hexists("j:h", "b")).isTrue();
            assertThat(j.hincrBy("j:h", "a", 41)).isEqualTo(42);
            assertThat(j.hincrByFloat("j:h", "f", 1.5)).isEqualTo(1.5);
            assertThat(j.hdel("j:h", "f", "zz")).isEqualTo(1);
            assertThat(j.hrandfield("j:h")).isIn("a", "b", "c", "d");
            assertThat(j.hrandfield("j:h", 2)).hasSize(2);
            assertThat(j.hrandfieldWithValues("j:h", 10)).hasSize(4);
            ScanResult<Map.Entry<String, String>> scan = j.hscan("j:h", ScanParams.SCAN_POINTER_START,
                    new ScanParams().match("[ab]"));
            assertThat(scan.getCursor()).isEqualTo("0");
            assertThat(scan.getResult()).containsExactly(Map.entry("a", "42"), Map.entry("b", "2"));
            j.set("j:str", "x");
            assertThatThrownBy(() -> j.hget("j:str", "a")).isInstanceOf(JedisDataException.class)
                    .hasMessage("WRONGTYPE Operation against a key holding the wrong kind of value");
            assertThatThrownBy(() -> j.hincrBy("j:h", "c", Long.MAX_VALUE)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR increment or decrement would overflow");

            assertThat(j.sadd("j:s", "3", "1", "2")).isEqualTo(3);
            assertThat(j.smembers("j:s")).containsExactly("1", "2", "3");
            assertThat(j.sismember("j:s", "2")).isTrue();
            assertThat(j.smismember("j:s", "1", "9")).containsExactly(true, false);
            assertThat(j.scard("j:s")).isEqualTo(3);
            assertThat(j.srem("j:s", "3", "9")).isEqualTo(1);
            assertThat(j.sadd("j:t", "2", "x")).isEqualTo(2);
            assertThat(j.sinter("j:s", "j:t")).containsExactly("2");
            assertThat(j.sintercard("j:s", "j:t")).isEqualTo(1);
            assertThat(j.sunion("j:s", "j:t")).containsExactlyInAnyOrder("1", "2", "x");
            assertThat(j.sdiff("j:s", "j:t")).containsExactly("1");
            assertThat(j.sinterstore("j:d", "j:s", "j:t")).isEqualTo(1);
            assertThat(j.sunionstore("j:d", "j:s", "j:t")).isEqualTo(3);
            assertThat(j.sdiffstore("j:d", "j:t", "j:s")).isEqualTo(1);
            assertThat(j.smove("j:t", "j:s", "x")).isEqualTo(1);
            assertThat(j.srandmember("j:s")).isIn("1", "2", "x");
            assertThat(j.srandmember("j:s", -5)).hasSize(5);
            assertThat(j.spop("j:s", 2)).hasSize(2);
            assertThat(j.spop("j:s")).isNotNull();
            assertThat(j.spop("j:s")).isNull();
            ScanResult<String> sscan = j.sscan("j:t", ScanParams.SCAN_POINTER_START);
            assertThat(sscan.getResult()).containsExactly("2");
        }
    }

    @Test
    void lettuce() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", node.port()));
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> c = conn.sync();
            assertThat(c.hset("l:h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
            assertThat(c.hgetall("l:h")).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThat(c.hgetall("l:none")).isEmpty();
            List<KeyValue<String, String>> values = c.hmget("l:h", "a", "zz");
            assertThat(values.get(0).getValue()).isEqualTo("1");
            assertThat(values.get(1).hasValue()).isFalse();
            assertThat(c.hincrbyfloat("l:h", "a", 0.5)).isEqualTo(1.5);
            assertThat(c.hrandfieldWithvalues("l:h", -3)).hasSize(3);
            Map<String, String> big = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                big.put("f" + i, "v" + i);
            }
            c.hset("l:big", big);
            Map<String, String> seen = new HashMap<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                MapScanCursor<String, String> page = c.hscan("l:big", cursor, ScanArgs.Builder.limit(50));
                seen.putAll(page.getMap());
                cursor = page;
            } while (!cursor.isFinished());
            assertThat(seen).isEqualTo(big);

            assertThat(c.sadd("l:s", "b", "a", "c")).isEqualTo(3);
            assertThat(c.smembers("l:s")).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(c.smembers("l:none")).isEmpty();
            assertThat(c.sunion("l:s", "l:none")).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(c.spop("l:s", 2)).hasSize(2);
            Set<String> members = new HashSet<>();
            for (int i = 0; i < 700; i++) {
                members.add(Integer.toString(i));
            }
            c.sadd("l:ints", members.toArray(new String[0]));
            Set<String> scanned = new HashSet<>();
            cursor = ScanCursor.INITIAL;
            do {
                ValueScanCursor<String> page = c.sscan("l:ints", cursor);
                scanned.addAll(page.getValues());
                cursor = page;
            } while (!cursor.isFinished());
            assertThat(scanned).isEqualTo(members);
        } finally {
            client.shutdown();
        }
    }
}
