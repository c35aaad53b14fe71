package io.vigil.ops;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil plan HOST HOST HOST [--port 6379] [--quorum 2] [--down-after 5000] [--failover-timeout 10000]
 * [--password P] [--name redis-cluster] [--redis] [--out DIR]}: writes, per host, the guide's {@code redis.conf}
 * and {@code sentinel.conf}, plus the systemd units and a README of the order to start them.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Write the configuration files of a master, its replicas and a sentinel on each host.")
final class PlanCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "HOST", description = "Hosts: the master first, then the replicas.")
    List<String> hosts;

    @Option(names = "--port", description = "Data port (sentinels use port + 10000). Default: ${DEFAULT-VALUE}.")
    int port = 6379;

    @Option(names = "--quorum", description = "Sentinels that must agree the master is down. Default: ${DEFAULT-VALUE}.")
    int quorum = 2;

    @Option(names = "--down-after", paramLabel = "MS", description = "sentinel down-after-milliseconds. Default: ${DEFAULT-VALUE}.")
    long downAfter = 5000;

    @Option(names = "--failover-timeout", paramLabel = "MS", description = "sentinel failover-timeout. Default: ${DEFAULT-VALUE}.")
    long failoverTimeout = 10000;

    @Option(names = "--password", description = "Password of the data nodes and the sentinels.")
    String password;

    @Option(names = "--name", description = "The master's name in the sentinels. Default: ${DEFAULT-VALUE}.")
    String name = "redis-cluster";

    @Option(names = "--redis", description = "Write the files for real Redis servers instead of Vigil.")
    boolean redis;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the plan. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("plan");

    @Override
    public Integer call() throws IOException {
        Plan.Settings s = new Plan.Settings();
        s.port = port;
        s.quorum = quorum;
        s.downAfterMillis = downAfter;
        s.failoverTimeoutMillis = failoverTimeout;
        s.password = password;
        s.masterName = name;
        s.redis = redis;
        s.dataDir = redis ? "/var/lib/redis" : "/var/lib/vigil";
        Plan plan;
        try {
            plan = Plan.of(hosts, s);
        } catch (Plan.InvalidPlan e) {
            System.err.println("vigil plan: refused: " + e.getMessage());
            return 2;
        }
        Files.createDirectories(out);
        for (Plan.HostFiles h : plan.files()) {
            Path dir = out.resolve(h.host());
            Files.createDirectories(dir);
            for (var f : h.files().entrySet()) {
                write(dir.resolve(f.getKey()), f.getValue(), password != null);
            }
        }
        if (!redis) {
            Path units = out.resolve("systemd");
            Files.createDirectories(units);
            for (String unit : List.of("vigil-server@.service", "vigil-sentinel@.service")) {
                try (InputStream in = PlanCommand.class.getResourceAsStream("/packaging/systemd/" + unit)) {
                    if (in == null) {
                        throw new IOException("the jar lacks " + unit);
                    }
                    Files.write(units.resolve(unit), in.readAllBytes());
                }
            }
        }
        write(out.resolve("README.md"), plan.readme(), false);
        System.out.println("Wrote the plan for " + String.join(", ", hosts) + " to " + out.toAbsolutePath()
                + " (see README.md there for the order to start things).");
        return 0;
    }

    private static void write(Path file, String text, boolean secret) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        if (secret) {
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: nothing to restrict
            }
        }
    }
}
