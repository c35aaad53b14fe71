package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import io.vigil.testing.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The specs of the generic keyspace and expiry commands (arity, flags, key positions, ACL categories) are
 * those real Redis 7.0 reports in COMMAND INFO, subcommands of OBJECT included.
 */
class KeyCommandSpecTest {

    private static final List<String> COMMANDS = List.of("del", "unlink", "exists", "type", "keys", "scan",
            "randomkey", "rename", "renamenx", "copy", "move", "touch", "object", "object|encoding", "object|freq",
            "object|idletime", "object|refcount", "object|help", "expire", "pexpire", "expireat", "pexpireat", "ttl",
            "pttl", "expiretime", "pexpiretime", "persist", "dbsize", "flushdb", "flushall", "swapdb");

    @Test
    void specsMatchRedis() {
        CommandTable table = CommandTable.standard();
        List<String> differences = new ArrayList<>();
        try (ServerProcess redis = ServerProcess.redis().name("keys-spec-redis").start();
             Resp r = redis.connect()) {
            for (String name : COMMANDS) {
                List<Reply> info = r.send("COMMAND", "INFO", name).asList().get(0).asList();
                CommandSpec spec = table.lookup(name);
                if (spec == null) {
                    differences.add(name + ": missing");
                    continue;
                }
                long arity = info.get(1).asLong();
                Set<String> flags = new TreeSet<>();
                info.get(2).asList().forEach(f -> flags.add(f.asString()));
                long first = info.get(3).asLong();
                long last = info.get(4).asLong();
                long step = info.get(5).asLong();
                Set<String> acl = new TreeSet<>();
                info.get(6).asList().forEach(a -> acl.add(a.asString().substring(1)));
                String want = arity + " " + flags + " " + first + "/" + last + "/" + step + " " + acl;
                String have = spec.arity() + " " + new TreeSet<>(CommandFlags.names(spec.flags())) + " "
                        + spec.firstKey() + "/" + spec.lastKey() + "/" + spec.step() + " "
                        + new TreeSet<>(spec.aclCategories());
                if (!want.equals(have)) {
                    differences.add(name + ": redis " + want + " vigil " + have);
                }
            }
        }
        assertThat(differences).isEmpty();
    }
}
