package io.vigil.command;

import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.TreeSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The specs of the string and bitmap commands (arity, flags, key positions, ACL categories) are those real
 * Redis 7.0 reports in COMMAND INFO.
 */
class StringCommandSpecTest {

    private static final List<String> COMMANDS = List.of("get", "set", "getex", "getdel", "getset", "mget", "mset",
            "msetnx", "setnx", "setex", "psetex", "incr", "decr", "incrby", "decrby", "incrbyfloat", "append",
            "strlen", "getrange", "substr", "setrange", "lcs", "setbit", "getbit", "bitcount", "bitpos", "bitop",
            "bitfield", "bitfield_ro");

    @Test
    void specsMatchRedis() {
        CommandTable table = CommandTable.standard();
        List<String> differences = new ArrayList<>();
        try (ServerProcess redis = ServerProcess.redis().name("strings-spec-redis").start();
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
