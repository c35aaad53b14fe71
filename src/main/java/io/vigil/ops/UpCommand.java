package io.vigil.ops;

import io.vigil.client.RespClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil up}: the guide's topology on this machine (data nodes on 127.0.0.1-3, master on .1; a sentinel
 * beside each on port + 10000; quorum 2, down-after 5000, failover-timeout 10000), then a live view refreshed
 * every second until Ctrl-C, which stops everything it started.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start 3 data nodes and 3 sentinels on 127.0.0.1-3 and watch them (Ctrl-C stops them).")
final class UpCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--base-port", description = "Data port (sentinels: + 10000). Default: ${DEFAULT-VALUE}.")
    int port = 6379;

    @Option(names = "--quorum", description = "Default: ${DEFAULT-VALUE}.")
    int quorum = 2;

    @Option(names = "--down-after", paramLabel = "MS", description = "Default: ${DEFAULT-VALUE}.")
    long downAfter = 5000;

    @Option(names = "--failover-timeout", paramLabel = "MS", description = "Default: ${DEFAULT-VALUE}.")
    long failoverTimeout = 10000;

    @Option(names = "--redis", description = "Run real Redis (redis-server, redis-sentinel) instead of Vigil.")
    boolean redis;

    @Option(names = "--detach", description = "Start everything and return, leaving it running (see status, down).")
    boolean detach;

    @Override
    public Integer call() throws Exception {
        var earlier = LocalCluster.load(cluster.dir);
        if (earlier.isPresent() && anyRunning(earlier.get())) {
            System.err.println("vigil up: a cluster from " + cluster.dir.toAbsolutePath()
                    + " is still running: `bin/vigil down` stops it.");
            return 1;
        }
        Plan.Settings s = new Plan.Settings();
        s.port = port;
        s.quorum = quorum;
        s.downAfterMillis = downAfter;
        s.failoverTimeoutMillis = failoverTimeout;
        s.redis = redis;
        Plan plan;
        try {
            plan = Plan.of(LocalCluster.HOSTS, s);
        } catch (Plan.InvalidPlan e) {
            System.err.println("vigil up: refused: " + e.getMessage());
            return 2;
        }
        LocalCluster c = new LocalCluster(cluster.dir, port, redis, s.masterName, quorum);
        List<String> taken = c.takenAddresses();
        if (!taken.isEmpty()) {
            System.err.println("vigil up: " + String.join(", ", taken) + (taken.size() == 1 ? " is" : " are")
                    + " already in use (another Redis or Vigil?). Run on other ports with --base-port, e.g. "
                    + "`bin/vigil up --base-port " + (port + 1000) + "`.");
            return 1;
        }
        c.writeFiles(plan);
        Path home = Path.of(System.getenv().getOrDefault("VIGIL_HOME", ".")).toAbsolutePath().normalize();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!detach) {
                stop(c);
            }
        }, "vigil-up-stop"));
        System.out.println("Starting " + (redis ? "Redis" : "Vigil") + " in " + c.runDir + " ...");
        for (LocalCluster.Role r : LocalCluster.Role.values()) {
            for (String h : LocalCluster.HOSTS) {
                c.start(h, r, home);
            }
            for (String h : LocalCluster.HOSTS) {
                int p = r == LocalCluster.Role.SERVER ? port : c.sentinelPort();
                if (!awaitPing(c, h, r, p)) {
                    return 1;
                }
            }
        }
        System.out.println("Up: master 127.0.0.1:" + port + ", replicas 127.0.0.2:" + port + " and 127.0.0.3:" + port
                + ", sentinels on port " + c.sentinelPort() + ".");
        System.out.println("Connect: redis-cli -h 127.0.0.1 -p " + port + "    Sentinel: redis-cli -h 127.0.0.1 -p "
                + c.sentinelPort() + " sentinel get-master-addr-by-name " + s.masterName);
        if (c.statusPagePort() > 0) {
            System.out.println("Status page of each sentinel: http://127.0.0.1:" + c.statusPagePort() + "/ (and .2, .3)");
        }
        System.out.println("See a failover: bin/vigil kill-master, then bring the old master back: bin/vigil start 127.0.0.1");
        System.out.println("Stop: " + (detach ? "bin/vigil down" : "Ctrl-C (or bin/vigil down)"));
        System.out.flush();
        if (detach) {
            return 0;
        }
        StatusView view = new StatusView(c);
        boolean tty = System.console() != null;
        while (true) {
            if (!anyRunning(c)) {
                System.out.println("\nEvery process has stopped (bin/vigil down?).");
                return 0;
            }
            String frame = view.render(view.collect());
            System.out.print(tty ? "\033[H\033[2J" + frame + "\nCtrl-C stops everything.\n" : "\n" + frame);
            System.out.flush();
            Thread.sleep(1000); // the refresh period of the view, not a synchronization
        }
    }

    private static boolean anyRunning(LocalCluster c) {
        for (String h : LocalCluster.HOSTS) {
            for (LocalCluster.Role r : LocalCluster.Role.values()) {
                if (c.process(h, r).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean awaitPing(LocalCluster c, String host, LocalCluster.Role r, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (c.process(host, r).isEmpty()) {
                System.err.println("vigil up: the " + r.file + " on " + host + " exited; its log "
                        + c.log(host, r) + " ends with:");
                Path out = Files.exists(c.log(host, r)) ? c.log(host, r) : c.hostDir(host).resolve(r.file + ".out");
                if (Files.exists(out)) {
                    List<String> lines = Files.readAllLines(out);
                    lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(System.err::println);
                }
                return false;
            }
            try (RespClient client = new RespClient(host, port, 500)) {
                if ("PONG".equals(client.call("PING"))) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100); // poll period while the process starts
        }
        System.err.println("vigil up: the " + r.file + " on " + host + ":" + port + " did not answer within 120 s");
        return false;
    }

    private static void stop(LocalCluster c) {
        int n = c.stopAll(10_000);
        System.out.println("\nStopped " + n + " processes. Logs and data are in " + c.runDir
                + " (<host>/redis.log, <host>/sentinel.log).");
        System.out.flush();
    }
}
