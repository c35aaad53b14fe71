package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.CommandInfoComparison;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The specs of the hash and set commands (arity, flags, key positions, ACL categories) are those real
 * Redis 7.0 reports in COMMAND INFO, their keys those COMMAND GETKEYS finds, and the *STORE commands and SMOVE
 * signal only their destination.
 */
class HashSetCommandSpecTest {
    private static final List<String> COMMANDS = List.of("hset", "hsetnx", "hget", "hmget", "hmset", "hdel", "hlen",
            "hstrlen", "hexists", "hkeys", "hvals", "hgetall", "hincrby", "hincrbyfloat", "hrandfield", "hscan",
            "sadd", "srem", "scard", "sismember", "smismember", "smembers", "srandmember", "spop", "smove", "sinter",
            "sintercard", "sinterstore", "sunion", "sunionstore", "sdiff", "sdiffstore", "sscan");

    private static final List<String> GETKEYS = List.of(
            "SINTERCARD 2 a b LIMIT 3",
            "SINTERCARD 1 a",
            "SINTERSTORE d a b c",
            "SMOVE a b m",
            "SUNIONSTORE d a",
            "HSET h f v",
            "SDIFF a b c");

    @Test
    void specsMatchRedis() {
        try (ServerProcess redis = ServerProcess.redis().name("hashsets-spec-redis").start(); Resp r = redis.connect()) {
            assertThat(CommandInfoComparison.specDifferences(r, CommandTable.standard(), COMMANDS,
                    GETKEYS, false)).isEmpty();
        }
    }

    @Test
    void everyCommandIsDocumentedInItsGroup() {
        CommandTable table = CommandTable.standard();
        for (String name : COMMANDS) {
            assertThat(table.lookup(name).summary()).as(name).isNotEmpty();
            assertThat(table.lookup(name).group()).as(name).isIn("hash", "set");
        }
    }

    @Test
    void storeCommandsSignalOnlyTheirDestination() {
        CommandTable table = CommandTable.standard();
        byte[][] store = {"SINTERSTORE".getBytes(), "d".getBytes(), "a".getBytes(), "b".getBytes()};
        assertThat(table.lookup("sinterstore").modifiedKeyPositions(store)).containsExactly(1);
        assertThat(table.lookup("smove").modifiedKeyPositions(new byte[][] {store[0], store[1], store[2],
            store[3]})).containsExactly(1);
    }
}
