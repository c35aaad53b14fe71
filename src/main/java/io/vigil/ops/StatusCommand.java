package io.vigil.ops;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vigil status}: the live view of {@code vigil up}, once. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the nodes, the sentinels' view and recent events once.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        LocalCluster c = cluster.loadOrSay();
        if (c == null) {
            return 1;
        }
        StatusView v = new StatusView(c);
        System.out.print(v.render(v.collect()));
        return 0;
    }
}
