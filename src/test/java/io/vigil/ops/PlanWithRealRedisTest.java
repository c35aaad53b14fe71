package io.vigil.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.FreePort;
import io.vigil.testing.RedisCli;
import io.vigil.testing.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The files {@code vigil plan --redis} writes for 127.0.0.1-3 start a working topology of real Redis 7.0 servers
 * and sentinels: the replicas connect under their own addresses and the sentinels find each other and agree
 * on the master. (Redis is the reference: the same files serve Vigil.)
 */
class PlanWithRealRedisTest {

    private static final List<String> HOSTS = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

    @Test
    void realRedisRunsThePlan() throws Exception {
        int port = portFreeEverywhere();
        Plan.Settings s = new Plan.Settings();
        s.port = port;
        s.redis = true;
        s.downAfterMillis = 2000;
        Plan plan = Plan.of(HOSTS, s);
        List<ServerProcess> started = new ArrayList<>();
        try {
            for (Plan.HostFiles h : plan.files()) {
                started.add(start(ServerProcess.redis(), h.host(), port, h.files().get("redis.conf"), "redis"));
            }
            for (Plan.HostFiles h : plan.files()) {
                started.add(start(ServerProcess.redis().command("redis-sentinel"), h.host(), port + 10000,
                        h.files().get("sentinel.conf"), "sentinel"));
            }
            RedisCli master = new RedisCli("127.0.0.1", port);
            await("replicas online under their own addresses").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(master.run("INFO", "replication"))
                            .contains("connected_slaves:2", "ip=127.0.0.2,port=" + port + ",state=online",
                                    "ip=127.0.0.3,port=" + port + ",state=online"));
            for (String h : HOSTS) {
                RedisCli sentinel = new RedisCli(h, port + 10000);
                await("sentinel on " + h + " sees 2 replicas and 3 sentinels").atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(sentinel.run("INFO", "sentinel"))
                                .contains("master0:name=redis-cluster,status=ok,address=127.0.0.1:" + port
                                        + ",slaves=2,sentinels=3"));
                assertThat(sentinel.run("SENTINEL", "get-master-addr-by-name", "redis-cluster").lines().toList())
                        .containsExactly("127.0.0.1", Integer.toString(port));
            }
        } finally {
            started.forEach(ServerProcess::close);
        }
    }

    private static ServerProcess start(ServerProcess.Builder b, String host, int port, String conf, String name) {
        b.name(name + "-" + host).host(host).port(port);
        conf.lines().forEach(b::configLine);
        return b.start();
    }

    /** A port free on all three addresses, with port + 10000 free too. */
    private static int portFreeEverywhere() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = FreePort.find("127.0.0.1");
            if (p + 10000 > 65535) {
                continue;
            }
            boolean ok = true;
            for (String h : HOSTS) {
                ok &= bindable(h, p) && bindable(h, p + 10000);
            }
            if (ok) {
                return p;
            }
        }
        throw new IllegalStateException("no port free on 127.0.0.1-3");
    }

    private static boolean bindable(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
