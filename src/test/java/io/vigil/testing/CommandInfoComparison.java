package io.vigil.testing;

import io.vigil.testing.Resp.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what real Redis and Vigil say about commands over the wire: COMMAND INFO's arity, flags,
 * first/last/step key positions and ACL categories, COMMAND DOCS's group, and the keys COMMAND GETKEYS finds
 * in sample command lines.
 *
 * <pre>{@code
 * List<String> diffs = CommandInfoComparison.differences(redis, vigil, List.of("sort", "sort_ro"),
 *         List.of("SORT k STORE dst"));
 * assertThat(diffs).isEmpty();
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
        String group = "?";
        if (docs.size() == 2) {
            List<Reply> fields = docs.get(1).asList();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (fields.get(i).asString().equals("group")) {
                    group = fields.get(i + 1).asString();
                }
            }
        }
        return info.get(1).asLong() + " " + flags + " " + info.get(3).asLong() + "/" + info.get(4).asLong() + "/"
                + info.get(5).asLong() + " " + acl + " " + group;
    }
}
