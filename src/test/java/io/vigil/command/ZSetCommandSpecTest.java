package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.CommandInfoComparison;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The specs of the sorted set commands (arity, flags, key positions, ACL categories) are
 * those real Redis 7.0 reports in COMMAND INFO, and their keys are those COMMAND GETKEYS finds.
 */
class ZSetCommandSpecTest {
    private static final List<String> COMMANDS = List.of("zadd", "zincrby", "zrem", "zcard", "zcount",
            "zlexcount", "zscore", "zmscore", "zrank", "zrevrank", "zrange", "zrangestore", "zrangebyscore",
            "zrevrangebyscore", "zrangebylex", "zrevrangebylex", "zrevrange", "zremrangebyrank", "zremrangebyscore",
            "zremrangebylex", "zpopmin", "zpopmax", "bzpopmin", "bzpopmax", "zmpop", "bzmpop", "zrandmember", "zunion",
            "zinter", "zdiff", "zunionstore", "zinterstore", "zdiffstore", "zintercard", "zscan");

    private static final List<String> GETKEYS = List.of(
            "ZMPOP 2 a b MIN COUNT 2",
            "BZMPOP 0 3 a b c MAX",
            "ZUNION 2 a b WEIGHTS 1 2",
            "ZINTER 1 a WITHSCORES",
            "ZDIFF 3 a b c",
            "ZUNIONSTORE d 2 a b",
            "ZINTERSTORE d 1 a",
            "ZDIFFSTORE d 2 a b",
            "ZINTERCARD 2 a b LIMIT 1",
            "ZRANGESTORE d s 0 -1",
            "BZPOPMIN a b c 0",
            "ZADD k 1 m");

    @Test
    void specsMatchRedis() {
        try (ServerProcess redis = ServerProcess.redis().name("zset-spec-redis").start(); Resp r = redis.connect()) {
            assertThat(CommandInfoComparison.specDifferences(r, CommandTable.standard(), COMMANDS,
                    GETKEYS, false)).isEmpty();
        }
    }
}
