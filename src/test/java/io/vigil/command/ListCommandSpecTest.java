package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import io.vigil.testing.ServerProcess;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
    void specsAndKeysMatchRedis() {
        CommandTable table = CommandTable.standard();
        List<String> differences = new ArrayList<>();
        try (ServerProcess redis = ServerProcess.redis().name("lists-spec-redis").start();
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
                Set<String> ourFlags = new TreeSet<>(CommandFlags.names(spec.flags()));
                if (spec.firstKey() == 0 && flags.contains("movablekeys")) {
                    ourFlags.add("movablekeys"); // a key finder stands for it
                }
                String have = spec.arity() + " " + ourFlags + " "
                        + spec.firstKey() + "/" + spec.lastKey() + "/" + spec.step() + " "
                        + new TreeSet<>(spec.aclCategories());
                if (!want.equals(have)) {
                    differences.add(name + ": redis " + want + " vigil " + have);
                }
                if (!spec.group().equals("list")) {
                    differences.add(name + ": group " + spec.group());
                }
            }
            for (String line : GETKEYS) {
                String[] words = line.split(" ");
                List<String> cmd = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
                cmd.addAll(List.of(words));
                List<String> want = new ArrayList<>();
                r.send(cmd).asList().forEach(k -> want.add(k.asString()));
                byte[][] argv = new byte[words.length][];
                for (int i = 0; i < words.length; i++) {
                    argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
                }
                List<String> have = new ArrayList<>();
                for (int pos : table.lookup(words[0].toLowerCase()).keyPositions(argv)) {
                    have.add(words[pos]);
                }
                if (!want.equals(have)) {
                    differences.add(line + ": redis keys " + want + " vigil " + have);
                }
            }
        }
        assertThat(differences).isEmpty();
    }
}
