package io.vigil.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.JedisSentinelPool;

/**
 * The guide's steps 5–7 with three Vigil sentinels over a real Redis 7.0 master and two real replicas:
 * discovery, SIGKILL of the master and the failover that follows, a client following the new master, the
 * sentinel files rewritten, the old master turned into a replica, a restart from the rewritten file, and a
 * manual SENTINEL FAILOVER.
 */
class SentinelFailoverIT {

    @Test
    void failsOverRealRedisServers() throws Exception {
        failsOverAfterMasterIsKilledAndClientsFollow(false);
    }

    /** The topology: 3 Vigil servers and 3 Vigil sentinels. */
    @Test
    void failsOverVigilServers() throws Exception {
        failsOverAfterMasterIsKilledAndClientsFollow(true);
    }

    private void failsOverAfterMasterIsKilledAndClientsFollow(boolean vigilServers) throws Exception {
        Fleet fleet = new Fleet();
        fleet.vigilServers = vigilServers;
        try (Fleet f = fleet.startServers()) {
            for (int i = 0; i < 3; i++) {
                f.startSentinel(i, false, List.of());
            }
            f.awaitDiscovery();
            ServerProcess s1 = f.sentinels.get(0);
            try (Jedis j = f.jedis(s1)) {
                assertThat(j.sentinelGetMasterAddrByName(Fleet.MASTER)).containsExactly("127.0.0.1", "" + f.port);
                assertThat(j.info("sentinel")).contains("sentinel_masters:1\r\n", "sentinel_tilt_since_seconds:",
                        "master0:name=redis-cluster,status=ok,address=127.0.0.1:" + f.port + ",slaves=2,sentinels=3");
                List<Map<String, String>> replicas = j.sentinelReplicas(Fleet.MASTER);
                assertThat(replicas).extracting(r -> r.get("ip")).containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3");
                assertThat(replicas).allSatisfy(r -> assertThat(r.get("flags")).isEqualTo("slave"));
                assertThat(j.sentinelSentinels(Fleet.MASTER)).extracting(r -> r.get("ip"))
                        .containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3");
            }

            // A client writing through the failover with JedisSentinelPool.
            Set<String> sentinelAddrs = Set.of(f.sentinels.get(0).address(), f.sentinels.get(1).address(),
                    f.sentinels.get(2).address());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong okAfterKill = new AtomicLong();
            AtomicBoolean killed = new AtomicBoolean();
            Thread writer;
            try (JedisSentinelPool pool = new JedisSentinelPool(Fleet.MASTER, sentinelAddrs, new JedisPoolConfig(),
                    10000, null, 0)) {
                writer = new Thread(() -> {
                    while (!stop.get()) {
                        try (Jedis j = pool.getResource()) {
                            j.incr("counter");
                            if (killed.get()) {
                                okAfterKill.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            // failing over: retry
                        }
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                writer.start();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                    try (Jedis j = pool.getResource()) {
                        return j.ping() != null;
                    }
                });

                f.servers.get(0).kill9();
                killed.set(true);
                long killedAt = System.nanoTime();
                await("all sentinels agree on a new master").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> {
                            String a = f.agreedMaster();
                            return a != null && !a.equals("127.0.0.1:" + f.port);
                        });
                long agreeMillis = (System.nanoTime() - killedAt) / 1_000_000;
                System.out.println("sentinels agreed after " + agreeMillis + " ms");
                String newMaster = f.agreedMaster();
                String newHost = newMaster.substring(0, newMaster.indexOf(':'));
                String otherHost = newHost.equals("127.0.0.2") ? "127.0.0.3" : "127.0.0.2";
                try (Jedis j = new Jedis(newHost, f.port, 10000)) {
                    assertThat(j.info("replication")).contains("role:master");
                }
                await("the other replica follows the new master").atMost(Duration.ofSeconds(60))
                        .ignoreExceptions().until(() -> {
                            try (Jedis j = new Jedis(otherHost, f.port, 10000)) {
                                String info = j.info("replication");
                                return info.contains("master_host:" + newHost) && info.contains("master_link_status:up");
                            }
                        });
                await("the client writes again").atMost(Duration.ofSeconds(60)).until(() -> okAfterKill.get() > 0);
                stop.set(true);
                writer.join(10000);

                // The leader's log shows the guide's sequence; every sentinel logged the switch.
                await("the leader ends the failover").atMost(Duration.ofSeconds(30)).until(() -> f.sentinels.stream()
                        .anyMatch(x -> x.logText().contains("+failover-end master redis-cluster")));
                String all = f.sentinels.stream().map(ServerProcess::logText).reduce("", String::concat);
                assertThat(all).contains("+sdown master redis-cluster 127.0.0.1 " + f.port,
                        "+odown master redis-cluster 127.0.0.1 " + f.port + " #quorum", "+new-epoch ",
                        "+try-failover master redis-cluster", "+vote-for-leader", "+elected-leader master redis-cluster",
                        "+failover-state-select-slave", "+selected-slave slave " + newHost + ":" + f.port,
                        "+failover-state-send-slaveof-noone", "+failover-state-wait-promotion", "+promoted-slave",
                        "+failover-state-reconf-slaves", "+slave-reconf-sent slave " + otherHost,
                        "+slave-reconf-done slave " + otherHost, "+failover-end master redis-cluster",
                        "+config-update-from sentinel");
                String epoch;
                try (Jedis j = f.jedis(s1)) {
                    epoch = j.sentinelMaster(Fleet.MASTER).get("config-epoch");
                }
                assertThat(Long.parseLong(epoch)).isPositive();
                for (ServerProcess s : f.sentinels) {
                    assertThat(s.logText()).contains("+switch-master redis-cluster 127.0.0.1 " + f.port + " "
                            + newHost + " " + f.port);
                    String conf = Files.readString(s.configFile().orElseThrow(), StandardCharsets.UTF_8);
                    assertThat(conf).contains("sentinel monitor redis-cluster " + newHost + " " + f.port + " 2",
                            "sentinel myid ", "sentinel current-epoch " + epoch,
                            "sentinel config-epoch redis-cluster " + epoch,
                            "sentinel known-replica redis-cluster 127.0.0.1 " + f.port,
                            "sentinel known-replica redis-cluster " + otherHost + " " + f.port,
                            "sentinel known-sentinel redis-cluster ", "sentinel announce-ip " + s.host(),
                            "sentinel down-after-milliseconds redis-cluster 2000");
                }

                // The old master comes back as a master and is turned into a replica of the new one.
                f.servers.get(0).restart();
                await("the old master is converted to a replica").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                            try (Jedis j = new Jedis("127.0.0.1", f.port, 10000)) {
                                return j.info("replication").contains("master_host:" + newHost);
                            }
                        });
                assertThat(f.sentinels.stream().map(ServerProcess::logText).reduce("", String::concat))
                        .contains("+convert-to-slave slave 127.0.0.1:" + f.port);

                // A sentinel restarted from its rewritten file knows everything at once.
                ServerProcess s3 = f.sentinels.get(2);
                String myid;
                try (Jedis j = f.jedis(s3)) {
                    myid = j.sentinelMyId();
                }
                s3.restart();
                try (Jedis j = f.jedis(s3)) {
                    assertThat(j.sentinelMyId()).isEqualTo(myid);
                    assertThat(j.sentinelGetMasterAddrByName(Fleet.MASTER)).containsExactly(newHost, "" + f.port);
                    assertThat(j.sentinelReplicas(Fleet.MASTER)).hasSize(2);
                    assertThat(j.sentinelSentinels(Fleet.MASTER)).hasSize(2);
                    assertThat(j.sentinelMaster(Fleet.MASTER).get("config-epoch")).isEqualTo(epoch);
                }

                // Manual failover back.
                try (Jedis j = f.jedis(s1)) {
                    assertThat(j.sentinelFailover(Fleet.MASTER)).isEqualTo("OK");
                }
                await("a manual failover moves the master").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
                            String a = f.agreedMaster();
                            return a != null && !a.equals(newMaster);
                        });
            } finally {
                stop.set(true);
            }
        }
    }
}
