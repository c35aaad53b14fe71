package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.CommandInfoComparison;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The specs of the keyspace commands (arity, flags, key positions, ACL categories) are those real Redis 7.0
 * reports in COMMAND INFO.
 */
class KeyCommandSpecTest {
    private static final List<String> COMMANDS = List.of("del", "unlink", "exists", "type", "keys", "scan",
            "randomkey", "rename", "renamenx", "copy", "move", "touch", "object", "object|encoding", "object|freq",
            "object|idletime", "object|refcount", "object|help", "expire", "pexpire", "expireat", "pexpireat", "ttl",
            "pttl", "expiretime", "pexpiretime", "persist", "dbsize", "flushdb", "flushall", "swapdb");

    @Test
    void specsMatchRedis() {
        try (ServerProcess redis = ServerProcess.redis().name("keys-spec-redis").start(); Resp r = redis.connect()) {
            assertThat(CommandInfoComparison.specDifferences(r, CommandTable.standard(), COMMANDS,
                    List.of(), false)).isEmpty();
        }
    }
}
