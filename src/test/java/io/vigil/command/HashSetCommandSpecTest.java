package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import io.vigil.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The specs of the hash and set commands (arity, flags, key positions, ACL categories) are those real
 * Redis 7.0 reports in COMMAND INFO, and the key finders find the keys COMMAND GETKEYS finds.
 */
class HashSetCommandSpecTest {

    private static final List<String> COMMANDS = List.of("hset", "hsetnx", "hget", "hmget", "hmset", "hdel", "hlen",
            "hstrlen", "hexists", "hkeys", "hvals", "hgetall", "hincrby", "hincrbyfloat", "hrandfield", "hscan",
            "sadd", "srem", "scard", "sismember", "smismember", "smembers", "srandmember", "spop", "smove", "sinter",
            "sintercard", "sinterstore", "sunion", "sunionstore", "sdiff", "sdiffstore", "sscan");

    @Test
    void specsMatchRedis() {
        CommandTable table = CommandTable.standard();
        List<String> differences = new ArrayList<>();
        try (ServerProcess redis = ServerProcess.redis().name("hashsets-spec-redis").start();
             Resp r = redis.connect()) {
            for (String name : COMMANDS) {
                List<Reply> info = r.send("COMMAND", "INFO", name).asList().get(0).asList();
                CommandSpec spec = table.lookup(name);
                if (spec == null) {
                    differences.add(name + ": missing");
                    continue;
                }
                Set<String> flags = new TreeSet<>();
                info.get(2).asList().forEach(f -> flags.add(f.asString()));
                flags.remove("movablekeys"); // derived from the key finder, checked below
                Set<String> acl = new TreeSet<>();
                info.get(6).asList().forEach(a -> acl.add(a.asString().substring(1)));
                String want = info.get(1).asLong() + " " + flags + " " + info.get(3).asLong() + "/"
                        + info.get(4).asLong() + "/" + info.get(5).asLong() + " " + acl;
                String have = spec.arity() + " " + new TreeSet<>(CommandFlags.names(spec.flags())) + " "
                        + spec.firstKey() + "/" + spec.lastKey() + "/" + spec.step() + " "
                        + new TreeSet<>(spec.aclCategories());
                if (!want.equals(have)) {
                    differences.add(name + ": redis " + want + " vigil " + have);
                }
                assertThat(spec.summary()).as(name).isNotEmpty();
                assertThat(spec.group()).as(name).isIn("hash", "set");
            }
            for (String line : new String[] {"SINTERCARD 2 a b LIMIT 3", "SINTERCARD 1 a", "SINTERSTORE d a b c",
                "SMOVE a b m", "SUNIONSTORE d a", "HSET h f v", "SDIFF a b c"}) {
                String[] args = line.split(" ");
                List<String> expected = new ArrayList<>();
                List<String> getkeys = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
                getkeys.addAll(Arrays.asList(args));
                r.send(getkeys).asList().forEach(k -> expected.add(k.asString()));
                byte[][] argv = new byte[args.length][];
                for (int i = 0; i < args.length; i++) {
                    argv[i] = args[i].getBytes(StandardCharsets.US_ASCII);
                }
                List<String> found = new ArrayList<>();
                for (int pos : table.lookup(args[0].toLowerCase()).keyPositions(argv)) {
                    found.add(args[pos]);
                }
                assertThat(found).as(line).isEqualTo(expected);
            }
        }
        assertThat(differences).isEmpty();
        // The *STORE commands signal only their destination as modified.
        byte[][] store = {"SINTERSTORE".getBytes(), "d".getBytes(), "a".getBytes(), "b".getBytes()};
        assertThat(table.lookup("sinterstore").modifiedKeyPositions(store)).containsExactly(1);
        assertThat(table.lookup("smove").modifiedKeyPositions(new byte[][] {store[0], store[1], store[2],
            store[3]})).containsExactly(1);
    }
}
