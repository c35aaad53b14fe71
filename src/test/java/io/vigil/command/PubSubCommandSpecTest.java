package io.vigil.command;

import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pub/sub command specs (arity, flags, key positions, ACL categories, doc group and version) are those
 * real Redis 7.0 reports in COMMAND INFO and COMMAND DOCS, PUBSUB's subcommands included.
 */
class PubSubCommandSpecTest {
    private static final List<String> COMMANDS = List.of("subscribe", "unsubscribe", "psubscribe", "punsubscribe",
            "publish", "pubsub", "pubsub|channels", "pubsub|numpat", "pubsub|numsub", "pubsub|shardchannels",
            "pubsub|shardnumsub", "pubsub|help", "ssubscribe", "sunsubscribe", "spublish");

    @Test
    void specsMatchRedis() {
        CommandTable table = CommandTable.standard();
        List<String> differences = new ArrayList<>();
        try (ServerProcess redis = ServerProcess.redis().name("pubsub-spec-redis").start();
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
                if (name.indexOf('|') < 0) {
                    List<Reply> docs = r.send("COMMAND", "DOCS", name).asList().get(1).asList();
                    String since = field(docs, "since");
                    String group = field(docs, "group");
                    String complexity = field(docs, "complexity");
                    if (!(since + " " + group + " " + complexity).equals(
                            spec.since() + " " + spec.group() + " " + spec.complexity())) {
                        differences.add(name + " docs: redis " + since + " " + group + " " + complexity
                                + " vigil " + spec.since() + " " + spec.group() + " " + spec.complexity());
                    }
                }
            }
        }
        assertThat(differences).isEmpty();
    }

    private static String field(List<Reply> docs, String key) {
        for (int i = 0; i + 1 < docs.size(); i += 2) {
            if (docs.get(i).asString().equals(key)) {
                return docs.get(i + 1).asString();
            }
        }
        return null;
    }
}
