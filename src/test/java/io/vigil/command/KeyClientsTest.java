package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.CopyArgs;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.vigil.cli.Node;
import io.vigil.testing.EmbeddedVigil;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.args.FlushMode;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The key commands through Jedis and Lettuce, as applications use them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyClientsTest {

    private Node node;

    @BeforeAll
    void start() {
        node = EmbeddedVigil.start().node();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void jedis() {
        try (Jedis j = new Jedis("127.0.0.1", node.port())) {
            j.select(1);
            j.flushDB();
            j.set("a", "1");
            j.set("b", "hello");
            assertThat(j.exists("a", "b", "a", "zz")).isEqualTo(3);
            assertThat(j.type("a")).isEqualTo("string");
            assertThat(j.type("zz")).isEqualTo("none");
            assertThat(j.objectEncoding("a")).isEqualTo("int");
            assertThat(j.objectEncoding("b")).isEqualTo("embstr");
            assertThat(j.objectRefcount("a")).isEqualTo(Integer.MAX_VALUE);
            assertThat(j.expire("a", 100)).isEqualTo(1);
            assertThat(j.expire("a", 50, ExpiryOption.GT)).isEqualTo(0);
            assertThat(j.ttl("a")).isBetween(99L, 100L);
            assertThat(j.pttl("a")).isBetween(98_000L, 100_000L);
            assertThat(j.expireTime("a")).isGreaterThan(System.currentTimeMillis() / 1000);
            assertThat(j.pexpireTime("a")).isGreaterThan(System.currentTimeMillis());
            assertThat(j.persist("a")).isEqualTo(1);
            assertThat(j.ttl("a")).isEqualTo(-1);
            assertThat(j.copy("b", "c", false)).isTrue();
            assertThat(j.copy("b", "c", false)).isFalse();
            assertThat(j.copy("b", "c", 2, true)).isTrue();
            assertThat(j.renamenx("c", "a")).isEqualTo(0);
            assertThat(j.rename("c", "d")).isEqualTo("OK");
            assertThatThrownBy(() -> j.rename("nokey", "x")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR no such key");
            assertThat(j.move("d", 3)).isEqualTo(1);
            assertThat(j.touch("a", "b", "zz")).isEqualTo(2);
            assertThat(j.keys("*")).containsExactlyInAnyOrder("a", "b");
            assertThat(j.randomKey()).isIn("a", "b");
            assertThat(j.dbSize()).isEqualTo(2);
            for (int i = 0; i < 100; i++) {
                j.set("k" + i, "v");
            }
            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> r = j.scan(cursor, new ScanParams().match("k*").count(7));
                seen.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertThat(seen).hasSize(100);
            assertThat(j.unlink("k1", "k2", "zz")).isEqualTo(2);
            assertThat(j.del("k3")).isEqualTo(1);
            assertThat(j.swapDB(1, 4)).isEqualTo("OK");
            assertThat(j.dbSize()).isZero();
            j.select(4);
            assertThat(j.dbSize()).isEqualTo(99);
            assertThat(j.flushDB(FlushMode.ASYNC)).isEqualTo("OK");
            assertThat(j.dbSize()).isZero();
            assertThat(j.flushAll(FlushMode.SYNC)).isEqualTo("OK");
        }
    }

    @Test
    void lettuce() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + node.port() + "/5");
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            r.flushdb();
            r.set("a", "1");
            r.set("b", "x".repeat(100));
            assertThat(r.exists("a", "b", "zz")).isEqualTo(2);
            assertThat(r.type("b")).isEqualTo("string");
            assertThat(r.objectEncoding("b")).isEqualTo("raw");
            assertThat(r.expire("a", 100, ExpireArgs.Builder.nx())).isTrue();
            assertThat(r.expire("a", 100, ExpireArgs.Builder.nx())).isFalse();
            assertThat(r.pexpire("a", 200_000, ExpireArgs.Builder.gt())).isTrue();
            assertThat(r.ttl("a")).isBetween(199L, 200L);
            assertThat(r.expiretime("a")).isGreaterThan(System.currentTimeMillis() / 1000);
            assertThat(r.pexpireat("a", 99_999_999_999_999L)).isTrue();
            assertThat(r.pexpiretime("a")).isEqualTo(99_999_999_999_999L);
            assertThat(r.copy("a", "c")).isTrue();
            assertThat(r.pexpiretime("c")).isEqualTo(99_999_999_999_999L);
            assertThat(r.copy("b", "c", CopyArgs.Builder.replace(true))).isTrue();
            assertThat(r.get("c")).isEqualTo("x".repeat(100));
            assertThat(r.pexpiretime("c")).isEqualTo(-1);
            assertThat(r.rename("c", "d")).isEqualTo("OK");
            assertThat(r.renamenx("d", "a")).isFalse();
            assertThat(r.move("d", 6)).isTrue();
            assertThat(r.persist("a")).isTrue();
            assertThat(r.touch("a", "b")).isEqualTo(2);
            assertThat(r.keys("*")).containsExactlyInAnyOrder("a", "b");
            assertThat(r.randomkey()).isIn("a", "b");
            assertThatThrownBy(() -> r.objectFreq("a")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageStartingWith("ERR An LFU maxmemory policy is not selected");
            assertThat(r.objectIdletime("a")).isBetween(0L, 2L);
            for (int i = 0; i < 50; i++) {
                r.set("k" + i, "v");
            }
            Set<String> seen = new HashSet<>();
            KeyScanCursor<String> cur = r.scan(ScanArgs.Builder.limit(5).match("k*"));
            seen.addAll(cur.getKeys());
            while (!cur.isFinished()) {
                cur = r.scan(ScanCursor.of(cur.getCursor()), ScanArgs.Builder.limit(5).match("k*"));
                seen.addAll(cur.getKeys());
            }
            assertThat(seen).hasSize(50);
            assertThat(r.del("k1", "k2")).isEqualTo(2);
            assertThat(r.unlink("k3")).isEqualTo(1);
            assertThat(r.dbsize()).isEqualTo(49);
            assertThat(r.swapdb(5, 6)).isEqualTo("OK");
            assertThat(r.dbsize()).isEqualTo(1);
            assertThat(r.flushall()).isEqualTo("OK");
            assertThat(r.dbsize()).isZero();
        } finally {
            client.shutdown();
        }
    }
}
