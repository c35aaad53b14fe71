package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.CommandInfoComparison;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The specs of the string and bit commands (arity, flags, key positions, ACL categories) are those real
 * Redis 7.0 reports in COMMAND INFO.
 */
class StringCommandSpecTest {
    private static final List<String> COMMANDS = List.of("get", "set", "getex", "getdel", "getset", "mget", "mset",
            "msetnx", "setnx", "setex", "psetex", "incr", "decr", "incrby", "decrby", "incrbyfloat", "append",
            "strlen", "getrange", "substr", "setrange", "lcs", "setbit", "getbit", "bitcount", "bitpos", "bitop",
            "bitfield", "bitfield_ro");

    @Test
    void specsMatchRedis() {
        try (ServerProcess redis = ServerProcess.redis().name("strings-spec-redis").start(); Resp r = redis.connect()) {
            assertThat(CommandInfoComparison.specDifferences(r, CommandTable.standard(), COMMANDS,
                    List.of(), false)).isEmpty();
        }
    }
}
