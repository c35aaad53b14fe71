package io.vigil.sentinel;

import static org.awaitility.Awaitility.await;

import io.vigil.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * The guide's topology on one machine for Sentinel tests: a real Redis 7.0 master on 127.0.0.1 and real
 * replicas on 127.0.0.2 and .3 (all on one free port), plus sentinels on 127.0.0.1..3 (Vigil's or real
 * redis-sentinel), each announcing its own address. Everything started is stopped by {@link #close()}.
 */
final class Fleet implements AutoCloseable {
    static final String MASTER = "redis-cluster";
    static final String[] HOSTS = {"127.0.0.1", "127.0.0.2", "127.0.0.3"};

    final List<ServerProcess> servers = new ArrayList<>();
    final List<ServerProcess> sentinels = new ArrayList<>();
    int port;
    String masterAuth;
    String sentinelPassword;
    /** Data nodes are Vigil servers (bin/vigil-server) instead of real redis-server. */
    boolean vigilServers;

    /** Starts the master and two replicas (real redis-server, or Vigil with {@link #vigilServers}). */
    Fleet startServers(String... extraArgs) {
        ServerProcess master = server(HOSTS[0], 0, extraArgs).start();
        port = master.port();
        servers.add(master);
        for (int i = 1; i < 3; i++) {
            ServerProcess.Builder b = server(HOSTS[i], port, extraArgs)
                    .arg("replicaof", HOSTS[0], Integer.toString(port))
                    .arg("bind-source-addr", HOSTS[i]);
            servers.add(b.start());
        }
        return this;
    }

    private ServerProcess.Builder server(String host, int p, String... extraArgs) {
        ServerProcess.Builder b = (vigilServers ? ServerProcess.vigil().name("vigil-" + host)
                : ServerProcess.redis().name("redis-" + host)).host(host)
                .arg("protected-mode", "no").withConfigFile().startupTimeout(Duration.ofSeconds(120));
        if (p != 0) {
            b.port(p);
        }
        for (int i = 0; i + 1 < extraArgs.length; i += 2) {
            b.arg(extraArgs[i], extraArgs[i + 1]);
        }
        if (masterAuth != null) {
            b.arg("masterauth", masterAuth);
        }
        return b;
    }

    /** Starts a sentinel on {@code HOSTS[i]}; {@code real}: redis-sentinel instead of bin/vigil-sentinel. */
    ServerProcess startSentinel(int i, boolean real, List<String> extraLines) {
        List<String> lines = new ArrayList<>();
        lines.add("sentinel monitor " + MASTER + " " + HOSTS[0] + " " + port + " 2");
        lines.add("sentinel down-after-milliseconds " + MASTER + " 2000");
        lines.add("sentinel failover-timeout " + MASTER + " 10000");
        lines.add("sentinel announce-ip " + HOSTS[i]);
        lines.addAll(extraLines);
        ServerProcess.Builder b = ServerProcess.vigil().name((real ? "redis-sentinel-" : "vigil-sentinel-") + HOSTS[i])
                .host(HOSTS[i]).startupTimeout(Duration.ofSeconds(120));
        for (String l : lines) {
            b.configLine(l);
        }
        if (sentinelPassword != null) {
            b.configLine("requirepass " + sentinelPassword);
            b.password(sentinelPassword);
        }
        if (real) {
            b.command("redis-sentinel");
        } else {
            Path root = ServerProcess.repoRoot().orElseThrow();
            b.command(root.resolve("bin").resolve("vigil-sentinel").toString());
        }
        ServerProcess s = b.start();
        sentinels.add(s);
        return s;
    }

    /** Waits until every sentinel sees both replicas and the other sentinels. */
    void awaitDiscovery() {
        await("sentinels discover replicas and each other").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    for (ServerProcess s : sentinels) {
                        String info = info(s);
                        if (!info.contains("slaves=2,sentinels=" + sentinels.size())) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** The master address every sentinel reports, or null while they disagree. */
    String agreedMaster() {
        String first = null;
        for (ServerProcess s : sentinels) {
            if (!s.isAlive()) {
                continue;
            }
            String a;
            try (Jedis j = jedis(s)) {
                a = String.join(":", j.sentinelGetMasterAddrByName(MASTER));
            }
            if (first == null) {
                first = a;
            } else if (!first.equals(a)) {
                return null;
            }
        }
        return first;
    }

    /** A connection to a sentinel (authenticated when the fleet's sentinels have a password). */
    Jedis jedis(ServerProcess s) {
        Jedis j = new Jedis(s.host(), s.port(), 5000);
        if (sentinelPassword != null) {
            j.auth(sentinelPassword);
        }
        return j;
    }

    String info(ServerProcess s) {
        try (Jedis j = jedis(s)) {
            return j.info("sentinel");
        }
    }

    ServerProcess serverAt(String host) {
        for (ServerProcess s : servers) {
            if (s.host().equals(host)) {
                return s;
            }
        }
        throw new IllegalArgumentException(host);
    }

    @Override
    public void close() {
        for (ServerProcess s : sentinels) {
            s.close();
        }
        for (ServerProcess s : servers) {
            s.close();
        }
    }
}
