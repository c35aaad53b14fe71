package io.vigil.ops;

import io.vigil.client.RespClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil kill-master}: asks the sentinels which node is the master and kills that process with SIGKILL, as
 * a crash would, so that a failover can be watched.
 */
@Command(name = "kill-master", mixinStandardHelpOptions = true, description = "SIGKILL the current master to see a failover.")
final class KillMasterCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        LocalCluster c = cluster.loadOrSay();
        if (c == null) {
            return 1;
        }
        String master = null;
        for (String h : LocalCluster.HOSTS) {
            try (RespClient s = new RespClient(h, c.sentinelPort(), 1000)) {
                if (s.call("SENTINEL", "get-master-addr-by-name", c.masterName) instanceof List<?> a && a.size() == 2) {
                    master = a.get(0) + ":" + a.get(1);
                    break;
                }
            } catch (IOException e) {
                // this sentinel is down: ask the next
            }
        }
        if (master == null) {
            System.err.println("vigil kill-master: no sentinel answered with the master's address");
            return 1;
        }
        String host = master.substring(0, master.lastIndexOf(':'));
        if (!LocalCluster.HOSTS.contains(host) || !master.endsWith(":" + c.port)) {
            System.err.println("vigil kill-master: the sentinels name " + master + ", which is not a node of this cluster");
            return 1;
        }
        var p = c.process(host, LocalCluster.Role.SERVER);
        if (p.isEmpty()) {
            System.err.println("vigil kill-master: the master " + master + " is not running (already killed?)");
            return 1;
        }
        p.get().destroyForcibly();
        System.out.println("Killed the master " + master + " (pid " + p.get().pid() + ") with SIGKILL. The sentinels "
                + "mark it down after down-after-milliseconds, then fail over: watch `bin/vigil status`.");
        return 0;
    }
}
