package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.CommandInfoComparison;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The list commands' specs (arity, flags, key positions, ACL categories) are those real Redis 7.0 reports in
 * COMMAND INFO, and their keys are those COMMAND GETKEYS finds.
 */
class ListCommandSpecTest {
    private static final List<String> COMMANDS = List.of("lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop",
            "llen", "lrange", "lindex", "lset", "linsert", "lrem", "ltrim", "lpos", "lmove", "rpoplpush", "lmpop",
            "blpop", "brpop", "blmove", "brpoplpush", "blmpop");

    private static final List<String> GETKEYS = List.of(
            "LPUSH k a b",
            "LPOS k a RANK 1",
            "LMOVE src dst LEFT RIGHT",
            "RPOPLPUSH src dst",
            "LMPOP 1 k LEFT",
            "LMPOP 3 a b c RIGHT COUNT 2",
            "BLPOP a b c 0",
            "BRPOP a 1.5",
            "BLMOVE src dst LEFT RIGHT 0",
            "BRPOPLPUSH src dst 0",
            "BLMPOP 0 2 a b LEFT",
            "BLMPOP 0.5 1 a RIGHT COUNT 3");

    @Test
    void specsMatchRedis() {
        try (ServerProcess redis = ServerProcess.redis().name("lists-spec-redis").start(); Resp r = redis.connect()) {
            assertThat(CommandInfoComparison.specDifferences(r, CommandTable.standard(), COMMANDS,
                    GETKEYS, false)).isEmpty();
        }
    }

    @Test
    void everyListCommandIsInTheListGroup() {
        CommandTable table = CommandTable.standard();
        for (String name : COMMANDS) {
            assertThat(table.lookup(name).group()).as(name).isEqualTo("list");
        }
    }
}
