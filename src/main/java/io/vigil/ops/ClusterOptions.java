package io.vigil.ops;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The option every local-cluster subcommand shares: where {@code up} keeps the cluster. */
final class ClusterOptions {
    @Option(names = "--dir", paramLabel = "DIR", description = "The run directory of `vigil up`. Default: ${DEFAULT-VALUE}.")
    Path dir = Path.of("run");

    /** The recorded cluster, or a message and null when there is none. */
    LocalCluster loadOrSay() throws java.io.IOException {
        var c = LocalCluster.load(dir);
        if (c.isEmpty()) {
            System.err.println("vigil: no cluster in " + dir.toAbsolutePath() + " (start one with `bin/vigil up`)");
            return null;
        }
        return c.get();
    }
}
