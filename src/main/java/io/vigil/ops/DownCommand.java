package io.vigil.ops;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vigil down}: stops every process of the cluster {@code vigil up} started (sentinels first). */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the processes `vigil up` started.")
final class DownCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        LocalCluster c = cluster.loadOrSay();
        if (c == null) {
            return 1;
        }
        int n = c.stopAll(10_000);
        System.out.println("Stopped " + n + " processes. Logs and data stay in " + c.runDir + ".");
        return 0;
    }
}
