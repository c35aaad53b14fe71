package io.vigil.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vigil.testing.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Vigil sentinels and real redis-sentinel 7.0 processes monitoring the same real Redis servers discover each
 * other, fail over together, and agree on the new master and its config epoch. Authentication: sentinels
 * with requirepass talking to each other with sentinel-pass, and auth-pass towards password-protected
 * servers. A Lettuce client configured with a sentinel RedisURI follows the failover.
 */
class SentinelMixedFleetIT {

    private static void killMasterAndAwaitAgreement(Fleet f) {
        f.servers.get(0).kill9();
        await("all sentinels agree on a new master").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
                    String a = f.agreedMaster();
                    return a != null && !a.equals("127.0.0.1:" + f.port);
                });
        await("all sentinels agree on the config epoch").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
                    List<String> epochs = new ArrayList<>();
                    for (ServerProcess s : f.sentinels) {
                        try (Jedis j = f.jedis(s)) {
                            epochs.add(j.sentinelMaster(Fleet.MASTER).get("config-epoch"));
                        }
                    }
                    return epochs.stream().distinct().count() == 1 && !epochs.get(0).equals("0");
                });
        String newMaster = f.agreedMaster();
        try (Jedis j = new Jedis(newMaster.substring(0, newMaster.indexOf(':')), f.port)) {
            if (f.masterAuth != null) {
                j.auth(f.masterAuth);
            }
            assertThat(j.info("replication")).contains("role:master");
        }
    }

    @Test
    void twoVigilSentinelsAndOneRedisSentinelFailOverTogether() throws Exception {
        try (Fleet f = new Fleet().startServers()) {
            f.startSentinel(0, false, List.of());
            f.startSentinel(1, false, List.of());
            f.startSentinel(2, true, List.of());
            f.awaitDiscovery();
            RedisURI uri = RedisURI.Builder.sentinel("127.0.0.1", f.sentinels.get(0).port(), Fleet.MASTER)
                    .withSentinel("127.0.0.2", f.sentinels.get(1).port())
                    .withSentinel("127.0.0.3", f.sentinels.get(2).port()).build();
            RedisClient client = RedisClient.create(uri);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean killed = new AtomicBoolean();
            AtomicLong okAfterKill = new AtomicLong();
            Thread writer = new Thread(() -> {
                StatefulRedisConnection<String, String> c = null;
                while (!stop.get()) {
                    try {
                        if (c == null) {
                            c = client.connect();
                            c.setTimeout(Duration.ofSeconds(2));
                        }
                        c.sync().incr("counter");
                        if (killed.get()) {
                            okAfterKill.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        // A connection to a dead or demoted master: look the master up again.
                        if (c != null) {
                            c.closeAsync();
                        }
                        c = null;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (c != null) {
                    c.close();
                }
            });
            try {
                writer.start();
                killed.set(true);
                killMasterAndAwaitAgreement(f);
                await("Lettuce writes to the new master").atMost(Duration.ofSeconds(60)).until(() -> okAfterKill.get() > 0);
            } finally {
                stop.set(true);
                writer.join(10000);
                client.shutdown();
            }
        }
    }

    @Test
    void oneVigilSentinelAndTwoRedisSentinelsFailOverTogether() {
        try (Fleet f = new Fleet().startServers()) {
            f.startSentinel(0, true, List.of());
            f.startSentinel(1, false, List.of());
            f.startSentinel(2, true, List.of());
            f.awaitDiscovery();
            killMasterAndAwaitAgreement(f);
        }
    }

    @Test
    void authenticatedSentinelsManagePasswordProtectedServers() {
        Fleet f = new Fleet();
        f.masterAuth = "srv-secret";
        f.sentinelPassword = "sent-secret";
        try (f) {
            f.startServers("requirepass", "srv-secret");
            List<String> auth = List.of("sentinel auth-pass " + Fleet.MASTER + " srv-secret",
                    "sentinel sentinel-pass sent-secret");
            for (int i = 0; i < 3; i++) {
                f.startSentinel(i, false, auth);
            }
            try (Jedis j = new Jedis(f.sentinels.get(0).host(), f.sentinels.get(0).port())) {
                assertThat(j.ping()).isNotNull(); // sanity: the port answers
            } catch (RuntimeException e) {
                assertThat(e.getMessage()).contains("NOAUTH");
            }
            f.awaitDiscovery();
            killMasterAndAwaitAgreement(f);
        }
    }
}
