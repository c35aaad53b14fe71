package io.vigil.command;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.vigil.cli.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Jedis and Lettuce connect to Vigil and use the server and client commands. */
class ServerClientLibrariesTest {
    static Node node;

    @BeforeAll
    static void start() {
        node = ServerTestSupport.startVigil();
    }

    @AfterAll
    static void stop() {
        node.stop();
    }

    @Test
    void jedis() {
        try (Jedis j = new Jedis("127.0.0.1", node.port())) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.clientSetname("jedis-test")).isEqualTo("OK");
            assertThat(j.clientGetname()).isEqualTo("jedis-test");
            assertThat(j.clientId()).isPositive();
            assertThat(j.clientList()).contains("name=jedis-test");
            assertThat(j.info("replication")).contains("role:master");
            assertThat(j.info()).contains("redis_version:7.0.15");
            Map<String, String> cfg = j.configGet("maxmemory");
            assertThat(cfg).containsEntry("maxmemory", "0");
            assertThat(j.configSet("slowlog-max-len", "128")).isEqualTo("OK");
            assertThat(j.time()).hasSize(2);
            assertThat(j.lastsave()).isPositive();
            assertThat(j.slowlogLen()).isGreaterThanOrEqualTo(0);
            assertThat(j.commandCount()).isPositive();
            assertThat(j.set("jedis:k", "v")).isEqualTo("OK");
            assertThat(j.get("jedis:k")).isEqualTo("v");
            assertThat(j.waitReplicas(0, 0)).isZero();
        }
    }

    @Test
    void lettuce() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", node.port()));
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> c = conn.sync();
            assertThat(c.ping()).isEqualTo("PONG");
            assertThat(c.info("server")).contains("redis_version:7.0.15");
            assertThat(c.clientSetname("lettuce-test")).isEqualTo("OK");
            assertThat(c.clientGetname()).isEqualTo("lettuce-test");
            assertThat(c.clientList()).contains("name=lettuce-test").contains("resp=3");
            assertThat(c.clientId()).isPositive();
            assertThat(c.configGet("maxmemory")).containsEntry("maxmemory", "0");
            assertThat(c.commandCount()).isPositive();
            List<Object> info = c.commandInfo("get");
            assertThat(info).hasSize(1);
            assertThat(c.time()).hasSize(2);
            assertThat(c.set("lettuce:k", "v")).isEqualTo("OK");
            assertThat(c.get("lettuce:k")).isEqualTo("v");
            assertThat(c.slowlogLen()).isGreaterThanOrEqualTo(0);
        } finally {
            client.shutdown();
        }
    }
}
