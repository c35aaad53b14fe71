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
 * The specs of the sorted set commands (arity, flags, key positions, ACL categories) are
 * those real Redis 7.0 reports in COMMAND INFO.
 */
class ZSetCommandSpecTest {

    private static final List<String> COMMANDS = List.of("zadd", "zincrby", "zrem", "zcard", "zcount",
            "zlexcount", "zscore", "zmscore", "zrank", "zrevrank", "zrange", "zrangestore", "zrangebyscore",
            "zrevrangebyscore", "zrangebylex", "zrevrangebylex", "zrevrange", "zremrangebyrank", "zremrangebyscore",
            "zremrangebylex", "zpopmin", "zpopmax", "bzpopmin", "bzpopmax", "zmpop", "bzmpop", "zrandmember", "zunion",
            "zinter", "zdiff", "zunionstore", "zinterstore", "zdiffstore", "zintercard", "zscan");

    @Test
    void specsMatchRedis() {
        CommandTable table = CommandTable.standard();
        List<String> differences = new ArrayList<>();
        try (ServerProcess redis = ServerProcess.redis().name("zset-spec-redis").start();
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
                flags.remove("movablekeys"); // derived from the key finder; checked by keysMatchRedis
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

    private static final List<String> KEY_SAMPLES = List.of(
            "ZMPOP 2 a b MIN COUNT 2", "BZMPOP 0 3 a b c MAX", "ZUNION 2 a b WEIGHTS 1 2", "ZINTER 1 a WITHSCORES",
            "ZDIFF 3 a b c", "ZUNIONSTORE d 2 a b", "ZINTERSTORE d 1 a", "ZDIFFSTORE d 2 a b",
            "ZINTERCARD 2 a b LIMIT 1", "ZRANGESTORE d s 0 -1", "BZPOPMIN a b c 0", "ZADD k 1 m");

    @Test
    void keysMatchRedis() {
        CommandTable table = CommandTable.standard();
        try (ServerProcess redis = ServerProcess.redis().name("zset-keys-redis").start();
             Resp r = redis.connect()) {
            for (String line : KEY_SAMPLES) {
                String[] words = line.split(" ");
                List<String> cmd = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
                cmd.addAll(List.of(words));
                List<String> want = new ArrayList<>();
                r.send(cmd).asList().forEach(k -> want.add(k.asString()));
                byte[][] argv = new byte[words.length][];
                for (int i = 0; i < words.length; i++) {
                    argv[i] = words[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                List<String> have = new ArrayList<>();
                for (int pos : table.lookup(words[0].toLowerCase(java.util.Locale.ROOT)).keyPositions(argv)) {
                    have.add(words[pos]);
                }
                assertThat(have).as(line).isEqualTo(want);
            }
        }
    }
}
