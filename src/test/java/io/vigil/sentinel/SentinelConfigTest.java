package io.vigil.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.Config;
import io.vigil.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading sentinel.conf directives and writing the sentinel's state back the way redis-sentinel 7.0 does. */
class SentinelConfigTest {

    private static final String ID = "0123456789012345678901234567890123456789";

    private static Sentinel load(String... lines) {
        Sentinel s = new Sentinel();
        for (String l : lines) {
            SentinelConfig.apply(s, List.of(l.split(" ")));
        }
        return s;
    }

    @Test
    void readsEveryDirectiveAndRestoresTheFullView() {
        Sentinel s = load("monitor mym 127.0.0.1 6379 2", "down-after-milliseconds mym 5000",
                "failover-timeout mym 10000", "parallel-syncs mym 2", "auth-pass mym secret", "auth-user mym bob",
                "master-reboot-down-after-period mym 100", "myid " + ID, "config-epoch mym 3", "leader-epoch mym 4",
                "current-epoch 5", "known-replica mym 127.0.0.2 6379", "known-slave mym 127.0.0.3 6379",
                "known-sentinel mym 127.0.0.2 26379 abababababababababababababababababababab",
                "announce-ip 127.0.0.9", "announce-port 26000", "resolve-hostnames yes", "announce-hostnames yes",
                "deny-scripts-reconfig no", "sentinel-user u", "sentinel-pass p", "rename-command mym CONFIG GUESSME");
        Instance m = s.masters.get("mym");
        assertThat(m.quorum).isEqualTo(2);
        assertThat(m.downAfterPeriod).isEqualTo(5000);
        assertThat(m.failoverTimeout).isEqualTo(10000);
        assertThat(m.parallelSyncs).isEqualTo(2);
        assertThat(m.authPass).isEqualTo("secret");
        assertThat(m.configEpoch).isEqualTo(3);
        assertThat(s.currentEpoch).isEqualTo(5);
        assertThat(m.slaves).containsOnlyKeys("127.0.0.2:6379", "127.0.0.3:6379");
        assertThat(m.sentinels).containsOnlyKeys("abababababababababababababababababababab");
        assertThat(m.slaves.get("127.0.0.2:6379").cmd("CONFIG")).isEqualTo("GUESSME");
        assertThat(s.myid()).isEqualTo(ID);

        List<String> lines = SentinelConfig.lines(s);
        assertThat(lines).containsExactly("sentinel myid " + ID, "sentinel deny-scripts-reconfig no",
                "sentinel resolve-hostnames yes", "sentinel announce-hostnames yes", "sentinel announce-ip 127.0.0.9",
                "sentinel announce-port 26000", "sentinel sentinel-user u", "sentinel sentinel-pass p",
                "sentinel monitor mym 127.0.0.1 6379 2", "sentinel down-after-milliseconds mym 5000",
                "sentinel failover-timeout mym 10000", "sentinel parallel-syncs mym 2", "sentinel auth-pass mym secret",
                "sentinel auth-user mym bob", "sentinel master-reboot-down-after-period mym 100",
                "sentinel config-epoch mym 3", "sentinel leader-epoch mym 4", "sentinel current-epoch 5",
                "sentinel known-replica mym 127.0.0.2 6379", "sentinel known-replica mym 127.0.0.3 6379",
                "sentinel known-sentinel mym 127.0.0.2 26379 abababababababababababababababababababab",
                "sentinel rename-command mym config GUESSME");

        // Reading the written lines back gives the same lines again.
        Sentinel again = new Sentinel();
        for (String l : lines) {
            List<String> words = List.of(l.split(" "));
            SentinelConfig.apply(again, words.subList(1, words.size()));
        }
        assertThat(SentinelConfig.lines(again)).isEqualTo(lines);
    }

    @Test
    void rejectsBadLinesWithRedisMessages() {
        assertThatThrownBy(() -> load("monitor mym 127.0.0.1 6379 0")).hasMessage("Quorum must be 1 or greater.");
        assertThatThrownBy(() -> load("down-after-milliseconds nope 10"))
                .hasMessage("No such master with specified name.");
        assertThatThrownBy(() -> load("frobnicate 1")).hasMessage("Unrecognized sentinel configuration statement.");
        assertThatThrownBy(() -> load("myid 1234")).hasMessage("Malformed Sentinel id in myid option.");
        assertThatThrownBy(() -> load("monitor a 127.0.0.1 1 1", "monitor a 127.0.0.1 2 1"))
                .hasMessage("Duplicated master name.");
    }

    @Test
    void rewriteKeepsUserLinesAndCommentsWhereTheyWere() throws Exception {
        String file = "# my sentinel\nport 26379\n\n# the master\nsentinel monitor mym 127.0.0.1 6379 2\n"
                + "sentinel down-after-milliseconds mym 5000\n# trailing comment\n";
        Config config = ConfigLoader.fromString(file, ConfigLoader.DEFAULT_HOOKS, true);
        Sentinel s = load("monitor mym 127.0.0.2 6379 2", "down-after-milliseconds mym 5000", "myid " + ID,
                "known-replica mym 127.0.0.1 6379");
        config.setSentinelRewriteSupplier(() -> SentinelConfig.lines(s));
        String out = config.rewriteContent(file);
        assertThat(out).startsWith("# my sentinel\nport 26379\n\n# the master\nsentinel monitor mym 127.0.0.2 6379 2\n"
                + "sentinel down-after-milliseconds mym 5000\n# trailing comment\n");
        assertThat(out).contains("# Generated by CONFIG REWRITE\n").contains("sentinel myid " + ID + "\n")
                .contains("sentinel current-epoch 0\n").contains("sentinel known-replica mym 127.0.0.1 6379\n")
                .doesNotContain("\nsave ");
        // Rewrites are stable: rewriting again moves and adds nothing.
        String second = config.rewriteContent(out);
        assertThat(second.trim()).isEqualTo(out.trim());
        assertThat(config.rewriteContent(second)).isEqualTo(second);
    }
}
