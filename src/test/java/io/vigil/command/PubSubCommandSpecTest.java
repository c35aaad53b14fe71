package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.CommandInfoComparison;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The specs of the pub/sub commands (arity, flags, key positions, ACL categories) and their docs (since,
 * group, complexity) are those real Redis 7.0 reports in COMMAND INFO and COMMAND DOCS.
 */
class PubSubCommandSpecTest {
    private static final List<String> COMMANDS = List.of("subscribe", "unsubscribe", "psubscribe", "punsubscribe",
            "publish", "pubsub", "pubsub|channels", "pubsub|numpat", "pubsub|numsub", "pubsub|shardchannels",
            "pubsub|shardnumsub", "pubsub|help", "ssubscribe", "sunsubscribe", "spublish");

    @Test
    void specsMatchRedis() {
        try (ServerProcess redis = ServerProcess.redis().name("pubsub-spec-redis").start(); Resp r = redis.connect()) {
            assertThat(CommandInfoComparison.specDifferences(r, CommandTable.standard(), COMMANDS,
                    List.of(), true)).isEmpty();
        }
    }
}
