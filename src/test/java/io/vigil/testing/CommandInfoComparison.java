package io.vigil.testing;

import io.vigil.command.CommandFlags;
import io.vigil.command.CommandSpec;
import io.vigil.command.CommandTable;
import io.vigil.testing.Resp.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what real Redis says about commands (COMMAND INFO, COMMAND DOCS, COMMAND GETKEYS) with Vigil:
 * either with another server over the wire ({@link #differences}), or with Vigil's command table itself
 * ({@link #specDifferences}: arity, flags, first/last/step, ACL categories, optionally since/group/complexity,
 * and the key positions the specs find in sample command lines).
 *
 * <pre>{@code
 * List<String> diffs = CommandInfoComparison.differences(redis, vigil, List.of("sort", "sort_ro"),
 *         List.of("SORT k STORE dst"));
 * assertThat(diffs).isEmpty();
 * assertThat(CommandInfoComparison.specDifferences(redis, CommandTable.standard(), List.of("zadd", "zmpop"),
 *         List.of("ZMPOP 2 a b MIN"), false)).isEmpty();
 * }</pre>
 */
public final class CommandInfoComparison {
    private CommandInfoComparison() {
    }

    /**
     * The differences between Redis and Vigil for {@code commands} (lower-case names) and for the key
     * arguments of each line of {@code getkeysLines} (split on spaces); empty when they agree.
     */
    public static List<String> differences(Resp redis, Resp vigil, List<String> commands, List<String> getkeysLines) {
        List<String> out = new ArrayList<>();
        for (String name : commands) {
            String want = summary(redis, name);
            String have = summary(vigil, name);
            if (!want.equals(have)) {
                out.add(name + ": redis " + want + " vigil " + have);
            }
        }
        for (String line : getkeysLines) {
            List<String> cmd = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
            cmd.addAll(List.of(line.split(" ")));
            String want = redis.send(cmd).toString();
            String have = vigil.send(cmd).toString();
            if (!want.equals(have)) {
                out.add(line + ": redis keys " + want + " vigil " + have);
            }
        }
        return out;
    }

    /**
     * The differences between Redis's COMMAND INFO for {@code commands} (lower-case names, {@code parent|sub}
     * for subcommands) and the specs of {@code table}: arity, flags (movablekeys left out: it is derived from
     * a key finder, which the {@code getkeysLines} check), first/last/step and ACL categories; with
     * {@code docs} also COMMAND DOCS's since, group and complexity. For each line of {@code getkeysLines}
     * (split on spaces) the keys the spec finds must be those of Redis's COMMAND GETKEYS.
     */
    public static List<String> specDifferences(Resp redis, CommandTable table, List<String> commands,
                                               List<String> getkeysLines, boolean docs) {
        List<String> out = new ArrayList<>();
        for (String name : commands) {
            CommandSpec spec = table.lookup(name);
            if (spec == null) {
                out.add(name + ": missing");
                continue;
            }
            List<Reply> info = redis.send("COMMAND", "INFO", name).asList().get(0).asList();
            Set<String> flags = new TreeSet<>();
            info.get(2).asList().forEach(f -> flags.add(f.asString()));
            flags.remove("movablekeys");
            Set<String> acl = new TreeSet<>();
            info.get(6).asList().forEach(a -> acl.add(a.asString().substring(1)));
            String want = info.get(1).asLong() + " " + flags + " " + info.get(3).asLong() + "/"
                    + info.get(4).asLong() + "/" + info.get(5).asLong() + " " + acl;
            Set<String> ourFlags = new TreeSet<>(CommandFlags.names(spec.flags()));
            ourFlags.remove("movablekeys");
            String have = spec.arity() + " " + ourFlags + " " + spec.firstKey() + "/" + spec.lastKey() + "/"
                    + spec.step() + " " + new TreeSet<>(spec.aclCategories());
            if (!want.equals(have)) {
                out.add(name + ": redis " + want + " vigil " + have);
            }
            if (docs && name.indexOf('|') < 0) {
                List<Reply> fields = redis.send("COMMAND", "DOCS", name).asList().get(1).asList();
                String redisDocs = field(fields, "since") + " " + field(fields, "group") + " "
                        + field(fields, "complexity");
                String ourDocs = spec.since() + " " + spec.group() + " " + spec.complexity();
                if (!redisDocs.equals(ourDocs)) {
                    out.add(name + " docs: redis " + redisDocs + " vigil " + ourDocs);
                }
            }
        }
        for (String line : getkeysLines) {
            String[] words = line.split(" ");
            List<String> cmd = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
            cmd.addAll(List.of(words));
            List<String> want = new ArrayList<>();
            redis.send(cmd).asList().forEach(k -> want.add(k.asString()));
            byte[][] argv = new byte[words.length][];
            for (int i = 0; i < words.length; i++) {
                argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
            }
            List<String> have = new ArrayList<>();
            for (int pos : table.lookup(words[0].toLowerCase(Locale.ROOT)).keyPositions(argv)) {
                have.add(words[pos]);
            }
            if (!want.equals(have)) {
                out.add(line + ": redis keys " + want + " vigil " + have);
            }
        }
        return out;
    }

    private static String field(List<Reply> fields, String key) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (fields.get(i).asString().equals(key)) {
                return fields.get(i + 1).asString();
            }
        }
        return null;
    }

    /** "arity [flags] first/last/step [acl categories] group" of one command, or "missing". */
    private static String summary(Resp server, String name) {
        Reply all = server.send("COMMAND", "INFO", name);
        Reply first = all.asList().get(0);
        if (first.isNull()) {
            return "missing";
        }
        List<Reply> info = first.asList();
        Set<String> flags = new TreeSet<>();
        info.get(2).asList().forEach(f -> flags.add(f.asString()));
        Set<String> acl = new TreeSet<>();
        info.get(6).asList().forEach(a -> acl.add(a.asString()));
        List<Reply> docs = server.send("COMMAND", "DOCS", name).asList();
        String group = docs.size() == 2 ? field(docs.get(1).asList(), "group") : "?";
        return info.get(1).asLong() + " " + flags + " " + info.get(3).asLong() + "/" + info.get(4).asLong() + "/"
                + info.get(5).asLong() + " " + acl + " " + group;
    }
}
