package io.vigil.command;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several publishers and subscribers at once, through real client libraries: Lettuce subscribers in
 * RESP2 and RESP3, a Jedis subscriber, Jedis publishers on their own threads. Every subscriber must get
 * every message exactly once, and each publisher's messages in the order they were published.
 */
class PubSubConcurrencyTest {
    private static EmbeddedVigil vigil;
    private static RedisClient resp2;
    private static RedisClient resp3;

    @BeforeAll
    static void start() {
        vigil = EmbeddedVigil.start();
        RedisURI uri = RedisURI.create(vigil.host(), vigil.port());
        resp2 = RedisClient.create(uri);
        resp2.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        resp3 = RedisClient.create(uri);
        resp3.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
    }

    @AfterAll
    static void stop() {
        resp2.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resp3.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        vigil.close();
    }

    /** What one subscriber received, in arrival order, keyed by how it arrived. */
    private static final class Inbox {
        final List<String> direct = new CopyOnWriteArrayList<>();
        final List<String> viaPattern = new CopyOnWriteArrayList<>();
    }

    @Test
    void everySubscriberGetsEveryMessageOnceAndInPublisherOrder() throws Exception {
        int publishers = 3;
        int perPublisher = 300;
        List<Inbox> inboxes = new ArrayList<>();
        List<StatefulRedisPubSubConnection<String, String>> conns = new ArrayList<>();
        for (RedisClient client : List.of(resp2, resp3, resp2, resp3)) {
            Inbox box = new Inbox();
            inboxes.add(box);
            StatefulRedisPubSubConnection<String, String> conn = client.connectPubSub();
            conn.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    box.direct.add(channel + "|" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    box.viaPattern.add(pattern + "|" + channel + "|" + message);
                }
            });
            conn.sync().subscribe("events");
            conn.sync().psubscribe("ev*");
            conns.add(conn);
        }
        Inbox jedisBox = new Inbox();
        inboxes.add(jedisBox);
        JedisPubSub jedisSub = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                jedisBox.direct.add(channel + "|" + message);
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                jedisBox.viaPattern.add(pattern + "|" + channel + "|" + message);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(publishers + 1);
        try (Jedis subscriberJedis = new Jedis(vigil.host(), vigil.port())) {
            pool.submit(() -> subscriberJedis.psubscribe(jedisSub, "ev*"));
            await().atMost(Duration.ofSeconds(10)).until(jedisSub::isSubscribed);
            jedisSub.subscribe("events");
            try (Resp q = vigil.connect()) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(q.send("PUBSUB", "NUMSUB", "events").toString()).isEqualTo("[\"events\", :5]"));
                assertThat(q.send("PUBSUB", "NUMPAT").toString()).isEqualTo(":1");
            }

            // Each publish reaches 5 channel subscribers and 5 pattern subscribers.
            Map<Integer, List<Long>> counts = new ConcurrentHashMap<>();
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int id = p;
                running.add(pool.submit(() -> {
                    try (Jedis pub = new Jedis(vigil.host(), vigil.port())) {
                        List<Long> mine = new ArrayList<>();
                        for (int i = 0; i < perPublisher; i++) {
                            mine.add(pub.publish("events", id + ":" + i));
                        }
                        counts.put(id, mine);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (List<Long> mine : counts.values()) {
                assertThat(mine).hasSize(perPublisher).containsOnly(10L);
            }

            int total = publishers * perPublisher;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (Inbox box : inboxes) {
                    assertThat(box.direct).hasSize(total);
                    assertThat(box.viaPattern).hasSize(total);
                }
            });
            for (Inbox box : inboxes) {
                for (int p = 0; p < publishers; p++) {
                    List<String> expectedDirect = new ArrayList<>();
                    List<String> expectedPattern = new ArrayList<>();
                    for (int i = 0; i < perPublisher; i++) {
                        expectedDirect.add("events|" + p + ":" + i);
                        expectedPattern.add("ev*|events|" + p + ":" + i);
                    }
                    String prefix = "events|" + p + ":";
                    assertThat(box.direct.stream().filter(m -> m.startsWith(prefix)).toList())
                            .containsExactlyElementsOf(expectedDirect);
                    String pprefix = "ev*|events|" + p + ":";
                    assertThat(box.viaPattern.stream().filter(m -> m.startsWith(pprefix)).toList())
                            .containsExactlyElementsOf(expectedPattern);
                }
            }
            jedisSub.punsubscribe();
            jedisSub.unsubscribe();
        } finally {
            conns.forEach(StatefulRedisPubSubConnection::close);
            pool.shutdownNow();
        }
        try (Resp q = vigil.connect()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(q.send("PUBSUB", "NUMSUB", "events").toString()).isEqualTo("[\"events\", :0]");
                assertThat(q.send("PUBSUB", "NUMPAT").toString()).isEqualTo(":0");
            });
        }
    }

    @Test
    void subscribersComingAndGoingWhilePublishing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> publisher = pool.submit(() -> {
                long delivered = 0;
                try (Jedis pub = new Jedis(vigil.host(), vigil.port())) {
                    for (int i = 0; i < 2000; i++) {
                        delivered += pub.publish("churn", "m" + i);
                    }
                }
                return delivered;
            });
            Future<Integer> churner = pool.submit(() -> {
                int rounds = 0;
                while (!publisher.isDone() && rounds < 200) {
                    try (Resp s = vigil.connect()) {
                        s.send("SUBSCRIBE", "churn");
                        s.write("PSUBSCRIBE", "ch*");
                        s.write("UNSUBSCRIBE");
                        // whatever arrives, the connection is then dropped with subscriptions left
                    }
                    rounds++;
                }
                return rounds;
            });
            publisher.get(60, TimeUnit.SECONDS);
            assertThat(churner.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            pool.shutdownNow();
        }
        try (Resp q = vigil.connect()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(q.send("PUBSUB", "NUMSUB", "churn").toString()).isEqualTo("[\"churn\", :0]");
                assertThat(q.send("PUBSUB", "NUMPAT").toString()).isEqualTo(":0");
                assertThat(q.send("PUBLISH", "churn", "x").toString()).isEqualTo(":0");
            });
        }
    }
}
