package io.vigil.ops;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vigil start HOST [--sentinel]}: starts again a data node (or sentinel) of the {@code vigil up} cluster that
 * was stopped or killed, with its own config file, as a restarted host would: an old master comes back and the
 * sentinels turn it into a replica of the new one.
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start a stopped node (or sentinel) of the cluster again.")
final class StartCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "HOST", description = "127.0.0.1, 127.0.0.2 or 127.0.0.3")
    String host;

    @Option(names = "--sentinel", description = "Start the host's sentinel rather than its data node.")
    boolean sentinel;

    @Override
    public Integer call() throws Exception {
        LocalCluster c = cluster.loadOrSay();
        if (c == null) {
            return 1;
        }
        if (!LocalCluster.HOSTS.contains(host)) {
            System.err.println("vigil start: " + host + " is not a host of the cluster (" + String.join(", ", LocalCluster.HOSTS) + ")");
            return 1;
        }
        LocalCluster.Role r = sentinel ? LocalCluster.Role.SENTINEL : LocalCluster.Role.SERVER;
        if (c.process(host, r).isPresent()) {
            System.err.println("vigil start: the " + r.file + " on " + host + " is already running");
            return 1;
        }
        Path home = Path.of(System.getenv().getOrDefault("VIGIL_HOME", ".")).toAbsolutePath().normalize();
        long pid = c.start(host, r, home);
        System.out.println("Started the " + r.file + " on " + host + " (pid " + pid + ") with " + c.conf(host, r));
        return 0;
    }
}
