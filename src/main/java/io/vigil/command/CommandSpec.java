package io.vigil.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One command, as data: name, arity (negative = at least that many), flags, key positions, ACL categories,
 * documentation, subcommands, and the handler that runs it. Also holds the command's statistics
 * ({@code INFO commandstats}).
 *
 * <p>Built with {@link #of} and the fluent setters, e.g.
 * {@code CommandSpec.of("set", -3, "write denyoom", 1, 1, 1, StringCommands::set).acl("@string").doc(...)}.
 */
public final class CommandSpec {
    private final String name;
    private final int arity;
    private final long flags;
    private final int firstKey;
    private final int lastKey;
    private final int step;
    private final CommandHandler handler;
    private final List<String> aclCategories = new ArrayList<>();
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private CommandSpec parent;
    private String group = "generic";
    private String summary = "";
    private String since = "1.0.0";
    private String complexity = "";
    private List<String> arguments = List.of();
    private KeyFinder keyFinder;
    private KeyFinder modifiedKeys;

    /**
     * Finds the key arguments of commands whose keys are not a fixed first/last/step range (e.g. a
     * {@code numkeys} argument, or a destination plus sources).
     */
    @FunctionalInterface
    public interface KeyFinder {
        /** The positions in {@code argv} that hold keys. */
        int[] keys(byte[][] argv);
    }

    /** Calls, microseconds spent, calls refused before running, calls that replied an error. */
    long calls;
    long usec;
    long rejectedCalls;
    long failedCalls;

    private CommandSpec(String name, int arity, long flags, int firstKey, int lastKey, int step,
                        CommandHandler handler) {
        this.name = name.toLowerCase(Locale.ROOT);
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.step = step;
        this.handler = handler;
    }

    /**
     * A command. {@code flags} are space-separated names ({@link CommandFlags}); keys are at
     * {@code firstKey..lastKey} every {@code step} ({@code lastKey} -1 = the last argument, 0/0/0 = none).
     */
    public static CommandSpec of(String name, int arity, String flags, int firstKey, int lastKey, int step,
                                 CommandHandler handler) {
        return new CommandSpec(name, arity, CommandFlags.parse(flags), firstKey, lastKey, step, handler);
    }

    /** A container command (CONFIG, CLIENT...) whose work is done by its subcommands. */
    public static CommandSpec container(String name, int arity, String flags) {
        return new CommandSpec(name, arity, CommandFlags.parse(flags), 0, 0, 0, null);
    }

    /** Adds ACL categories besides those the flags imply, e.g. {@code "@string"}. */
    public CommandSpec acl(String categories) {
        for (String c : categories.trim().split("\\s+")) {
            if (!c.isEmpty() && !aclCategories.contains(c.replace("@", ""))) {
                aclCategories.add(c.replace("@", ""));
            }
        }
        return this;
    }

    /** Sets the documentation COMMAND DOCS reports: group, the version it appeared in, complexity, summary. */
    public CommandSpec doc(String group, String since, String complexity, String summary) {
        this.group = group;
        this.since = since;
        this.complexity = complexity;
        this.summary = summary;
        return this;
    }

    /** Sets the argument names COMMAND DOCS reports (a compact list, e.g. "key", "value", "[EX seconds]"). */
    public CommandSpec args(String... names) {
        this.arguments = List.of(names);
        return this;
    }

    /** Whether a key finder ({@link #keys}) rather than first/last/step locates the keys. */
    public boolean hasKeyFinder() {
        return keyFinder != null;
    }

    /** Sets a key finder for commands whose keys a first/last/step range cannot describe. */
    public CommandSpec keys(KeyFinder finder) {
        this.keyFinder = finder;
        return this;
    }

    /**
     * A finder for {@code numkeys}-style commands: the count is at {@code countPos}, keys follow it, and
     * {@code extraFirst} names an extra key before the count (e.g. a destination), 0 for none.
     */
    public static KeyFinder numkeys(int countPos, int extraFirst) {
        return argv -> {
            int n;
            try {
                n = (int) Math.max(0, Math.min(argv.length, io.vigil.util.Numbers.parseLong(argv[countPos])));
            } catch (RuntimeException e) {
                n = 0;
            }
            int avail = Math.max(0, Math.min(n, argv.length - countPos - 1));
            int[] out = new int[avail + (extraFirst > 0 ? 1 : 0)];
            int k = 0;
            if (extraFirst > 0) {
                out[k++] = extraFirst;
            }
            for (int i = 0; i < avail; i++) {
                out[k++] = countPos + 1 + i;
            }
            return out;
        };
    }

    /**
     * Declares which key arguments a write modifies when that is not all of them (BITOP, *STORE commands
     * and COPY write only their destination); WATCH and blocked clients are signalled for those only.
     */
    public CommandSpec modifies(KeyFinder finder) {
        this.modifiedKeys = finder;
        return this;
    }

    /**
     * For commands that touch one of several keys (the pops of the first non-empty list or sorted set): the
     * engine signals no key by itself, the command calls {@link Engine#keyModified} for the key it changed,
     * so WATCH on the other keys stays intact, as in Redis.
     */
    public static final KeyFinder SIGNALS_ITSELF = argv -> new int[0];

    /** A finder returning fixed positions (e.g. {@code positions(1)} for a destination key). */
    public static KeyFinder positions(int... positions) {
        return argv -> positions.clone();
    }

    /** The key arguments a successful write of {@code argv} modified. */
    public int[] modifiedKeyPositions(byte[][] argv) {
        return modifiedKeys != null ? modifiedKeys.keys(argv) : keyPositions(argv);
    }

    /** Adds a subcommand; its name becomes {@code parent|sub}. */
    public CommandSpec sub(CommandSpec sub) {
        CommandSpec full = new CommandSpec(name + "|" + sub.name, sub.arity, sub.flags, sub.firstKey, sub.lastKey,
                sub.step, sub.handler);
        full.aclCategories.addAll(sub.aclCategories);
        full.group = sub.group.equals("generic") ? group : sub.group;
        full.since = sub.since;
        full.complexity = sub.complexity;
        full.summary = sub.summary;
        full.arguments = sub.arguments;
        full.keyFinder = sub.keyFinder;
        full.modifiedKeys = sub.modifiedKeys;
        full.parent = this;
        subcommands.put(sub.name, full);
        return this;
    }

    /** Full lower-case name ({@code get}, {@code config|get}). */
    public String name() {
        return name;
    }

    /** The name of the subcommand part alone ({@code get} for {@code config|get}). */
    public String shortName() {
        int bar = name.indexOf('|');
        return bar < 0 ? name : name.substring(bar + 1);
    }

    /** Arity: exact argument count including the name, or at least -arity when negative. */
    public int arity() {
        return arity;
    }

    /** Whether {@code argc} arguments satisfy the arity. */
    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** Flag bits ({@link CommandFlags}). */
    public long flags() {
        return flags;
    }

    /** Whether all of {@code flag} are set. */
    public boolean is(long flag) {
        return (flags & flag) == flag;
    }

    /** Position of the first key (0 = none). */
    public int firstKey() {
        return firstKey;
    }

    /** Position of the last key (-1 = the last argument). */
    public int lastKey() {
        return lastKey;
    }

    /** Step between keys. */
    public int step() {
        return step;
    }

    /** The handler, null for a container. */
    public CommandHandler handler() {
        return handler;
    }

    /** The container this is a subcommand of, or null. */
    public CommandSpec parent() {
        return parent;
    }

    /** Subcommands by lower-case short name. */
    public Map<String, CommandSpec> subcommands() {
        return Collections.unmodifiableMap(subcommands);
    }

    /** The ACL categories: those the flags imply, then the explicit ones, as COMMAND lists them. */
    public List<String> aclCategories() {
        List<String> out = new ArrayList<>();
        if (is(CommandFlags.WRITE)) {
            out.add("write");
        }
        if (is(CommandFlags.READONLY) && !aclCategories.contains("scripting")) {
            out.add("read");
        }
        if (is(CommandFlags.ADMIN)) {
            out.add("admin");
            out.add("dangerous");
        }
        if (is(CommandFlags.PUBSUB)) {
            out.add("pubsub");
        }
        if (is(CommandFlags.FAST)) {
            out.add("fast");
        }
        if (is(CommandFlags.BLOCKING)) {
            out.add("blocking");
        }
        if (!is(CommandFlags.FAST)) {
            out.add("slow");
        }
        for (String c : aclCategories) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Documentation group ({@code string}, {@code generic}, {@code server}...). */
    public String group() {
        return group;
    }

    /** One-line summary. */
    public String summary() {
        return summary;
    }

    /** The Redis version the command appeared in. */
    public String since() {
        return since;
    }

    /** Time complexity. */
    public String complexity() {
        return complexity;
    }

    /** Argument names for COMMAND DOCS. */
    public List<String> arguments() {
        return arguments;
    }

    /**
     * The key positions in {@code argv} (COMMAND GETKEYS and, later, ACL key checks), or an empty array.
     */
    public int[] keyPositions(byte[][] argv) {
        if (keyFinder != null) {
            return keyFinder.keys(argv);
        }
        if (firstKey <= 0) {
            return new int[0];
        }
        int last = lastKey < 0 ? argv.length + lastKey : lastKey;
        if (last >= argv.length) {
            last = argv.length - 1;
        }
        int[] out = new int[Math.max(0, (last - firstKey) / Math.max(step, 1) + 1)];
        int n = 0;
        for (int i = firstKey; i <= last && n < out.length; i += Math.max(step, 1)) {
            out[n++] = i;
        }
        return Arrays.copyOf(out, n);
    }

    /** Calls so far. */
    public long calls() {
        return calls;
    }

    /** Microseconds spent so far. */
    public long usec() {
        return usec;
    }

    /** Calls refused before running. */
    public long rejectedCalls() {
        return rejectedCalls;
    }

    /** Calls that answered an error. */
    public long failedCalls() {
        return failedCalls;
    }

    /** Clears the statistics (CONFIG RESETSTAT). */
    void resetStats() {
        calls = 0;
        usec = 0;
        rejectedCalls = 0;
        failedCalls = 0;
        subcommands.values().forEach(CommandSpec::resetStats);
    }

    @Override
    public String toString() {
        return name;
    }
}
