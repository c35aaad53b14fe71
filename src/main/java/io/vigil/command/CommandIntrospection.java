package io.vigil.command;

import io.vigil.protocol.Reply;
import io.vigil.util.Numbers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * COMMAND and its subcommands: the command table described in Redis 7.0's formats, read from the same
 * {@link CommandSpec}s the dispatcher uses.
 *
 * <p>A command's key specifications and tips come from {@code redis-command-specs.txt} (Redis 7.0's, for the
 * commands whose keys first/last/step cannot describe, e.g. ZUNIONSTORE's numkeys, and for access flags such
 * as {@code OW update}); a command not listed there gets one range key spec derived from its
 * first/last/step, flagged {@code RW update} if it writes and {@code RO access} otherwise. Whether a command
 * has {@code movablekeys} follows from its key specs as in Redis (any spec that is not index + range).
 *
 * <p>COMMAND DOCS builds Redis's argument structure from the compact argument strings of
 * {@link CommandSpec#args} ({@code "[NX | XX]"}, {@code "[EX seconds | PX milliseconds]"},
 * {@code "key [key ...]"}, {@code "[TYPE <NORMAL | MASTER>]"}): upper-case words are tokens, lower-case
 * words named arguments, {@code [...]} optional, {@code <...>} a required group, {@code |} alternatives,
 * {@code x [x ...]} repetition.
 */
final class CommandIntrospection {
    private CommandIntrospection() {
    }

    // ---------------------------------------------------------------------------------------------
    // Key specs

    /** begin_search types. */
    static final int BS_INDEX = 0;
    static final int BS_KEYWORD = 1;
    static final int BS_UNKNOWN = 2;
    /** find_keys types. */
    static final int FK_RANGE = 0;
    static final int FK_KEYNUM = 1;
    static final int FK_UNKNOWN = 2;

    /**
     * One key specification. begin_search: index {@code pos}, or keyword {@code keyword} searched from
     * {@code startFrom}. find_keys: range ({@code lastKey}, {@code keyStep}, {@code limit}) or keynum
     * ({@code keyNumIdx}, {@code firstKey}, {@code keyStep}).
     */
    record KeySpec(List<String> flags, int bsType, int pos, String keyword, int startFrom,
                   int fkType, int lastKey, int keyStep, int limit, int keyNumIdx, int firstKey) {

        boolean has(String flag) {
            return flags.contains(flag);
        }
    }

    /** What Redis says of a command beyond its spec: key specs and tips. */
    record Meta(List<KeySpec> keySpecs, List<String> tips) {
    }

    private static final Map<String, Meta> REDIS_SPECS = load();

    private static Map<String, Meta> load() {
        Map<String, Meta> out = new HashMap<>();
        InputStream in = CommandIntrospection.class.getResourceAsStream("redis-command-specs.txt");
        if (in == null) {
            return out;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                List<KeySpec> specs = new ArrayList<>();
                if (!parts[1].equals("-")) {
                    for (String s : parts[1].split(";")) {
                        specs.add(parseSpec(s));
                    }
                }
                List<String> tips = parts.length > 2 ? List.of(parts[2].split(",")) : List.of();
                out.put(parts[0], new Meta(List.copyOf(specs), tips));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static KeySpec parseSpec(String s) {
        String[] p = s.split("/");
        List<String> flags = List.of(p[0].split(","));
        int bsType;
        int pos = 0;
        String keyword = null;
        int startFrom = 0;
        if (p[1].startsWith("i")) {
            bsType = BS_INDEX;
            pos = Integer.parseInt(p[1].substring(1));
        } else if (p[1].startsWith("k")) {
            bsType = BS_KEYWORD;
            String[] kw = p[1].substring(1).split(",");
            keyword = kw[0];
            startFrom = Integer.parseInt(kw[1]);
        } else {
            bsType = BS_UNKNOWN;
        }
        int fkType;
        int[] n = new int[3];
        if (p[2].startsWith("r") || p[2].startsWith("n")) {
            fkType = p[2].startsWith("r") ? FK_RANGE : FK_KEYNUM;
            String[] v = p[2].substring(1).split(",");
            for (int i = 0; i < 3; i++) {
                n[i] = Integer.parseInt(v[i]);
            }
        } else {
            fkType = FK_UNKNOWN;
        }
        if (fkType == FK_KEYNUM) {
            return new KeySpec(flags, bsType, pos, keyword, startFrom, fkType, 0, n[2], 0, n[0], n[1]);
        }
        return new KeySpec(flags, bsType, pos, keyword, startFrom, fkType, n[0], n[1], n[2], 0, 0);
    }

    /** The key specs of {@code cmd}: Redis's if known, else one range derived from first/last/step. */
    static List<KeySpec> keySpecs(CommandSpec cmd) {
        Meta m = REDIS_SPECS.get(cmd.name());
        if (m != null) {
            return m.keySpecs();
        }
        if (cmd.firstKey() <= 0) {
            return List.of();
        }
        List<String> flags = cmd.is(CommandFlags.WRITE) ? List.of("RW", "update") : List.of("RO", "access");
        int last = cmd.lastKey() < 0 ? cmd.lastKey() : cmd.lastKey() - cmd.firstKey();
        return List.of(new KeySpec(flags, BS_INDEX, cmd.firstKey(), null, 0, FK_RANGE, last,
                Math.max(1, cmd.step()), 0, 0, 0));
    }

    /** The command tips of {@code cmd} ({@code nondeterministic_output}, request/response policies). */
    static List<String> tips(CommandSpec cmd) {
        Meta m = REDIS_SPECS.get(cmd.name());
        return m == null ? List.of() : m.tips();
    }

    /** Whether Redis would flag {@code cmd} movablekeys: a key spec that is not a plain index + range. */
    static boolean movableKeys(CommandSpec cmd) {
        for (KeySpec k : keySpecs(cmd)) {
            if (k.bsType() != BS_INDEX || k.fkType() != FK_RANGE) {
                return true;
            }
        }
        return false;
    }

    /** Flag names in the order COMMAND prints them. */
    private static final List<String> FLAG_ORDER = List.of("write", "readonly", "denyoom", "module", "admin",
            "pubsub", "noscript", "blocking", "loading", "stale", "skip_monitor", "skip_slowlog", "asking", "fast",
            "no_auth", "may_replicate", "no_mandatory_keys", "no_async_loading", "no_multi", "movablekeys",
            "allow_busy");

    /** ACL categories in the order COMMAND prints them. */
    static final List<String> ACL_ORDER = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    /** The flags COMMAND reports for {@code cmd} (sentinel-only flags are not shown, movablekeys is). */
    static List<String> flagNames(CommandSpec cmd) {
        List<String> names = new ArrayList<>(CommandFlags.names(cmd.flags()));
        names.removeIf(n -> !FLAG_ORDER.contains(n));
        if (movableKeys(cmd)) {
            names.add("movablekeys");
        }
        names.sort((a, b) -> Integer.compare(FLAG_ORDER.indexOf(a), FLAG_ORDER.indexOf(b)));
        return names;
    }

    /** The ACL categories of {@code cmd} in Redis's order. */
    static List<String> aclCategories(CommandSpec cmd) {
        List<String> cats = new ArrayList<>(cmd.aclCategories());
        cats.sort((a, b) -> Integer.compare(order(a), order(b)));
        return cats;
    }

    private static int order(String cat) {
        int i = ACL_ORDER.indexOf(cat);
        return i < 0 ? ACL_ORDER.size() : i;
    }

    // ---------------------------------------------------------------------------------------------
    // Registration

    private static final String CMD_FLAGS = "loading stale";

    static void register(CommandTable t) {
        t.add(CommandSpec.of("command", -1, CMD_FLAGS, 0, 0, 0, CommandIntrospection::command)
                .acl("@connection")
                .doc("server", "2.8.13", "O(N) where N is the total number of Redis commands",
                        "Describes every command of the server.")
                .sub(CommandSpec.of("count", 2, CMD_FLAGS, 0, 0, 0, CommandIntrospection::count).acl("@connection")
                        .doc("server", "2.8.13", "O(1)", "Counts the commands of the server."))
                .sub(CommandSpec.of("info", -2, CMD_FLAGS, 0, 0, 0, CommandIntrospection::info).acl("@connection")
                        .doc("server", "2.8.13", "O(N) where N is the number of commands to look up",
                                "Describes the named commands, or all of them.")
                        .args("[command-name [command-name ...]]"))
                .sub(CommandSpec.of("docs", -2, CMD_FLAGS, 0, 0, 0, CommandIntrospection::docs).acl("@connection")
                        .doc("server", "7.0.0", "O(N) where N is the number of commands to look up",
                                "Documents the named commands, or all of them.")
                        .args("[command-name [command-name ...]]"))
                .sub(CommandSpec.of("getkeys", -4, CMD_FLAGS, 0, 0, 0, CommandIntrospection::getkeys)
                        .acl("@connection")
                        .doc("server", "2.8.13", "O(N) where N is the number of arguments to the command",
                                "Finds the key arguments of a full command.")
                        .args("command", "[arg [arg ...]]"))
                .sub(CommandSpec.of("getkeysandflags", -4, CMD_FLAGS, 0, 0, 0,
                        CommandIntrospection::getkeysandflags).acl("@connection")
                        .doc("server", "7.0.0", "O(N) where N is the number of arguments to the command",
                                "Finds the key arguments of a full command and how it uses each.")
                        .args("command", "[arg [arg ...]]"))
                .sub(CommandSpec.of("list", -2, CMD_FLAGS, 0, 0, 0, CommandIntrospection::list).acl("@connection")
                        .doc("server", "7.0.0", "O(N) where N is the total number of Redis commands",
                                "Lists command names, optionally filtered.")
                        .args("[FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]"))
                .sub(CommandSpec.of("help", 2, CMD_FLAGS, 0, 0, 0, CommandIntrospection::help).acl("@connection")
                        .doc("server", "5.0.0", "O(1)", "Lists the COMMAND subcommands.")));
    }

    // ---------------------------------------------------------------------------------------------
    // COMMAND, COMMAND INFO, COMMAND COUNT

    /** COMMAND */
    static void command(Client c, byte[][] argv) {
        Reply r = c.reply();
        CommandTable t = c.engine().commands();
        r.array(t.size());
        for (CommandSpec cmd : t.all()) {
            writeInfo(r, cmd);
        }
    }

    /** COMMAND COUNT */
    static void count(Client c, byte[][] argv) {
        c.reply().integer(c.engine().commands().size());
    }

    /** COMMAND INFO [command-name [command-name ...]] */
    static void info(Client c, byte[][] argv) {
        if (argv.length == 2) {
            command(c, argv);
            return;
        }
        Reply r = c.reply();
        r.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            CommandSpec cmd = c.engine().commands().lookup(Engine.lower(argv[i]));
            if (cmd == null) {
                r.nullBulk();
            } else {
                writeInfo(r, cmd);
            }
        }
    }

    /** One COMMAND entry: name, arity, flags, first, last, step, ACL categories, tips, key specs, subcommands. */
    static void writeInfo(Reply r, CommandSpec cmd) {
        r.array(10);
        r.bulk(cmd.name());
        r.integer(cmd.arity());
        List<String> flags = flagNames(cmd);
        r.set(flags.size());
        for (String f : flags) {
            r.simple(f);
        }
        r.integer(cmd.firstKey());
        r.integer(cmd.lastKey());
        r.integer(cmd.step());
        List<String> acl = aclCategories(cmd);
        r.set(acl.size());
        for (String a : acl) {
            r.simple("@" + a);
        }
        List<String> tips = tips(cmd);
        r.set(tips.size());
        for (String tip : tips) {
            r.bulk(tip);
        }
        List<KeySpec> specs = keySpecs(cmd);
        r.set(specs.size());
        for (KeySpec k : specs) {
            writeKeySpec(r, k);
        }
        Map<String, CommandSpec> subs = cmd.subcommands();
        if (subs.isEmpty()) {
            r.set(0);
        } else {
            r.array(subs.size());
            for (CommandSpec sub : subs.values()) {
                writeInfo(r, sub);
            }
        }
    }

    private static void writeKeySpec(Reply r, KeySpec k) {
        r.map(3);
        r.bulk("flags");
        r.set(k.flags().size());
        for (String f : k.flags()) {
            r.simple(f);
        }
        r.bulk("begin_search");
        r.map(2);
        r.bulk("type");
        switch (k.bsType()) {
            case BS_INDEX -> {
                r.bulk("index");
                r.bulk("spec");
                r.map(1);
                r.bulk("index");
                r.integer(k.pos());
            }
            case BS_KEYWORD -> {
                r.bulk("keyword");
                r.bulk("spec");
                r.map(2);
                r.bulk("keyword");
                r.bulk(k.keyword());
                r.bulk("startfrom");
                r.integer(k.startFrom());
            }
            default -> {
                r.bulk("unknown");
                r.bulk("spec");
                r.map(0);
            }
        }
        r.bulk("find_keys");
        r.map(2);
        r.bulk("type");
        switch (k.fkType()) {
            case FK_RANGE -> {
                r.bulk("range");
                r.bulk("spec");
                r.map(3);
                r.bulk("lastkey");
                r.integer(k.lastKey());
                r.bulk("keystep");
                r.integer(k.keyStep());
                r.bulk("limit");
                r.integer(k.limit());
            }
            case FK_KEYNUM -> {
                r.bulk("keynum");
                r.bulk("spec");
                r.map(3);
                r.bulk("keynumidx");
                r.integer(k.keyNumIdx());
                r.bulk("firstkey");
                r.integer(k.firstKey());
                r.bulk("keystep");
                r.integer(k.keyStep());
            }
            default -> {
                r.bulk("unknown");
                r.bulk("spec");
                r.map(0);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // COMMAND LIST

    /** COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern] */
    static void list(Client c, byte[][] argv) {
        String filter = null;
        String value = null;
        if (argv.length == 5 && Engine.lower(argv[2]).equals("filterby")) {
            filter = Engine.lower(argv[3]);
            value = Engine.str(argv[4]);
            if (!filter.equals("module") && !filter.equals("aclcat") && !filter.equals("pattern")) {
                c.reply().error(ServerCommands.SYNTAX);
                return;
            }
        } else if (argv.length != 2) {
            c.reply().error(ServerCommands.SYNTAX);
            return;
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec cmd : c.engine().commands().allWithSubcommands()) {
            if (filter == null
                    || filter.equals("aclcat") && cmd.aclCategories().contains(value.toLowerCase(Locale.ROOT))
                    || filter.equals("pattern") && globMatch(value, cmd.name())) {
                names.add(cmd.name());
            }
        }
        c.reply().array(names.size());
        for (String n : names) {
            c.reply().bulk(n);
        }
    }

    /** Redis's glob match, case-insensitive. */
    static boolean globMatch(String pattern, String s) {
        return io.vigil.util.Glob.match(pattern, s, true);
    }

    // ---------------------------------------------------------------------------------------------
    // COMMAND GETKEYS / GETKEYSANDFLAGS

    /** COMMAND GETKEYS command [arg ...] */
    static void getkeys(Client c, byte[][] argv) {
        getKeys(c, argv, false);
    }

    /** COMMAND GETKEYSANDFLAGS command [arg ...] */
    static void getkeysandflags(Client c, byte[][] argv) {
        getKeys(c, argv, true);
    }

    /** A key found in a command: its position and the key spec flags that apply. */
    record KeyRef(int pos, List<String> flags) {
    }

    private static void getKeys(Client c, byte[][] argv, boolean withFlags) {
        byte[][] full = new byte[argv.length - 2][];
        System.arraycopy(argv, 2, full, 0, full.length);
        CommandSpec cmd = lookupFull(c.engine().commands(), full);
        if (cmd == null) {
            c.reply().error("ERR Invalid command specified");
            return;
        }
        List<KeySpec> specs = keySpecs(cmd);
        boolean hasKeys = false;
        for (KeySpec k : specs) {
            hasKeys |= !k.has("not_key");
        }
        if (!hasKeys) {
            c.reply().error("ERR The command has no key arguments");
            return;
        }
        if (!cmd.arityOk(full.length)) {
            c.reply().error("ERR Invalid number of arguments specified for command");
            return;
        }
        List<KeyRef> keys = findKeys(cmd, full);
        if (keys == null || keys.isEmpty()) {
            if (cmd.is(CommandFlags.NO_MANDATORY_KEYS)) {
                c.reply().array(0);
            } else {
                c.reply().error("ERR Invalid arguments specified for command");
            }
            return;
        }
        Reply r = c.reply();
        r.array(keys.size());
        for (KeyRef k : keys) {
            if (!withFlags) {
                r.bulk(full[k.pos()]);
                continue;
            }
            r.array(2);
            r.bulk(full[k.pos()]);
            r.set(k.flags().size());
            for (String f : k.flags()) {
                r.simple(f);
            }
        }
    }

    /** The command a full argument vector runs: a subcommand when the command has them. */
    static CommandSpec lookupFull(CommandTable t, byte[][] full) {
        CommandSpec base = t.lookup(full[0]);
        if (base == null || full.length == 1 || base.subcommands().isEmpty()) {
            return base;
        }
        return base.subcommands().get(Engine.lower(full[1]));
    }

    /**
     * The keys of {@code argv} (argv[0] is the command name) by the command's key specs, as Redis's
     * key-spec walk finds them; null when a spec does not fit the arguments. Specs Redis cannot walk
     * (unknown begin_search / find_keys) are skipped.
     */
    static List<KeyRef> findKeys(CommandSpec cmd, byte[][] argv) {
        List<KeyRef> out = new ArrayList<>();
        int argc = argv.length;
        List<KeySpec> specs = keySpecs(cmd);
        KeySpec unknown = null;
        for (KeySpec k : specs) {
            if (!k.has("not_key") && (k.bsType() == BS_UNKNOWN || k.fkType() == FK_UNKNOWN)) {
                unknown = k;
            }
        }
        if (unknown != null && cmd.hasKeyFinder()) {
            // Redis cannot walk such specs and falls back to the command's own key function (SORT's finds the
            // STORE destination): the first key has the first spec's flags, the others the last unknown spec's
            for (int pos : cmd.keyPositions(argv)) {
                out.add(new KeyRef(pos, out.isEmpty() ? specs.get(0).flags() : unknown.flags()));
            }
            return out;
        }
        for (KeySpec k : keySpecs(cmd)) {
            if (k.has("not_key")) {
                continue;
            }
            int first;
            if (k.bsType() == BS_INDEX) {
                first = k.pos();
            } else if (k.bsType() == BS_KEYWORD) {
                first = 0;
                int start = k.startFrom() > 0 ? k.startFrom() : argc + k.startFrom();
                int end = k.startFrom() > 0 ? argc - 1 : 1;
                for (int i = start; ; i = start <= end ? i + 1 : i - 1) {
                    if (i >= argc || i < 1) {
                        break;
                    }
                    if (Engine.str(argv[i]).equalsIgnoreCase(k.keyword())) {
                        first = i + 1;
                        break;
                    }
                    if (i == end) {
                        break;
                    }
                }
                if (first == 0) {
                    continue;
                }
            } else {
                continue;
            }
            int last;
            int step;
            if (k.fkType() == FK_RANGE) {
                step = k.keyStep();
                if (k.lastKey() >= 0) {
                    last = first + k.lastKey();
                } else if (k.limit() == 0) {
                    last = argc + k.lastKey();
                } else {
                    last = first + ((argc - first) / k.limit() + k.lastKey());
                }
            } else if (k.fkType() == FK_KEYNUM) {
                step = k.keyStep();
                if (first + k.keyNumIdx() >= argc) {
                    return null;
                }
                long numkeys;
                try {
                    numkeys = Numbers.parseLong(argv[first + k.keyNumIdx()]);
                } catch (Numbers.NotANumber e) {
                    return null;
                }
                if (numkeys < 0 || numkeys > argc) {
                    return null;
                }
                first += k.firstKey();
                last = first + (int) numkeys - 1;
            } else {
                continue;
            }
            if (last >= argc || last < first || first >= argc) {
                if (k.fkType() == FK_KEYNUM && last == first - 1) {
                    continue;
                }
                return null;
            }
            List<String> flags = keyFlags(cmd, k, argv);
            for (int i = first; i <= last; i += Math.max(1, step)) {
                out.add(new KeyRef(i, flags));
            }
        }
        return out;
    }

    /**
     * The flags a key of {@code k} has for these arguments: a spec with {@code variable_flags} depends on
     * them (SET reads its key only with GET; BITFIELD writes only with SET or INCRBY).
     */
    private static List<String> keyFlags(CommandSpec cmd, KeySpec k, byte[][] argv) {
        if (!k.has("variable_flags")) {
            return k.flags();
        }
        if (cmd.name().equals("set")) {
            for (int i = 3; i < argv.length; i++) {
                if (Engine.lower(argv[i]).equals("get")) {
                    return List.of("RW", "access", "update");
                }
            }
            return List.of("OW", "update");
        }
        if (cmd.name().equals("bitfield")) {
            // read-only unless a SET or INCRBY (or anything unparsable) follows, as Redis decides
            for (int i = 2; i < argv.length; i++) {
                String op = Engine.lower(argv[i]);
                int rest = argv.length - i - 1;
                if (op.equals("get") && rest >= 2) {
                    i += 2;
                } else if (op.equals("overflow") && rest >= 1) {
                    i += 1;
                } else {
                    return List.of("RW", "access", "update");
                }
            }
            return List.of("RO", "access");
        }
        List<String> f = new ArrayList<>(k.flags());
        f.remove("variable_flags");
        return f;
    }

    // ---------------------------------------------------------------------------------------------
    // COMMAND DOCS

    /** COMMAND DOCS [command-name [command-name ...]] */
    static void docs(Client c, byte[][] argv) {
        Reply r = c.reply();
        CommandTable t = c.engine().commands();
        if (argv.length == 2) {
            r.map(t.size());
            for (CommandSpec cmd : t.all()) {
                r.bulk(cmd.name());
                writeDocs(r, cmd);
            }
            return;
        }
        List<CommandSpec> found = new ArrayList<>();
        for (int i = 2; i < argv.length; i++) {
            CommandSpec cmd = t.lookup(Engine.lower(argv[i]));
            if (cmd != null) {
                found.add(cmd);
            }
        }
        r.map(found.size());
        for (CommandSpec cmd : found) {
            r.bulk(cmd.name());
            writeDocs(r, cmd);
        }
    }

    /** One command's documentation map: summary, since, group, complexity, arguments, subcommands. */
    static void writeDocs(Reply r, CommandSpec cmd) {
        List<Arg> args = parseArgs(cmd);
        Map<String, CommandSpec> subs = cmd.subcommands();
        boolean hasComplexity = !cmd.complexity().isEmpty();
        r.map(3 + (hasComplexity ? 1 : 0) + (args.isEmpty() ? 0 : 1) + (subs.isEmpty() ? 0 : 1));
        r.bulk("summary");
        r.bulk(cmd.summary());
        r.bulk("since");
        r.bulk(cmd.since());
        r.bulk("group");
        r.bulk(cmd.group());
        if (hasComplexity) {
            r.bulk("complexity");
            r.bulk(cmd.complexity());
        }
        if (!args.isEmpty()) {
            r.bulk("arguments");
            writeArgs(r, args);
        }
        if (!subs.isEmpty()) {
            r.bulk("subcommands");
            r.map(subs.size());
            for (CommandSpec sub : subs.values()) {
                r.bulk(sub.name());
                writeDocs(r, sub);
            }
        }
    }

    /**
     * One argument as COMMAND DOCS describes it: name, type (string, integer, double, key, pattern,
     * unix-time, pure-token, oneof, block), token, key spec index, optional/multiple flags, and the
     * arguments of a oneof or block.
     */
    record Arg(String name, String type, String token, int keySpecIndex, boolean optional, boolean multiple,
               List<Arg> args) {
    }

    private static void writeArgs(Reply r, List<Arg> args) {
        r.array(args.size());
        for (Arg a : args) {
            int n = 2 + (a.keySpecIndex() >= 0 ? 1 : 0) + (a.token() != null ? 1 : 0)
                    + (a.optional() || a.multiple() ? 1 : 0) + (a.args().isEmpty() ? 0 : 1);
            r.map(n);
            r.bulk("name");
            r.bulk(a.name());
            r.bulk("type");
            r.bulk(a.type());
            if (a.keySpecIndex() >= 0) {
                r.bulk("key_spec_index");
                r.integer(a.keySpecIndex());
            }
            if (a.token() != null) {
                r.bulk("token");
                r.bulk(a.token());
            }
            if (a.optional() || a.multiple()) {
                r.bulk("flags");
                r.set((a.optional() ? 1 : 0) + (a.multiple() ? 1 : 0));
                if (a.optional()) {
                    r.simple("optional");
                }
                if (a.multiple()) {
                    r.simple("multiple");
                }
            }
            if (!a.args().isEmpty()) {
                r.bulk("arguments");
                writeArgs(r, a.args());
            }
        }
    }

    /** The arguments of {@code cmd} parsed from its compact argument strings. */
    static List<Arg> parseArgs(CommandSpec cmd) {
        List<Arg> out = new ArrayList<>();
        int[] keyIndex = {0};
        int specs = keySpecs(cmd).size();
        for (String s : cmd.arguments()) {
            out.addAll(new ArgParser(s, keyIndex, specs).top());
        }
        return out;
    }

    /** A small recursive-descent parser of the compact argument notation (see the class comment). */
    private static final class ArgParser {
        private final List<String> tokens = new ArrayList<>();
        private final int[] keyIndex;
        private final int keySpecs;
        private int pos;

        ArgParser(String s, int[] keyIndex, int keySpecs) {
            this.keyIndex = keyIndex;
            this.keySpecs = keySpecs;
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '[' || ch == ']' || ch == '<' || ch == '>' || ch == '|' || ch == '(' || ch == ')') {
                    flushWord(w);
                    tokens.add(String.valueOf(ch));
                } else if (ch == ' ') {
                    flushWord(w);
                } else {
                    w.append(ch);
                }
            }
            flushWord(w);
        }

        private void flushWord(StringBuilder w) {
            if (w.length() > 0) {
                tokens.add(w.toString());
                w.setLength(0);
            }
        }

        private String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        private static boolean closer(String t) {
            return t == null || t.equals("]") || t.equals(">") || t.equals(")") || t.equals("|");
        }

        /** A whole argument string: its items, or one oneof if it has top-level alternatives. */
        List<Arg> top() {
            int keysBefore = keyIndex[0];
            List<Arg> first = sequence(false);
            if (!"|".equals(peek())) {
                return first;
            }
            pos = 0;
            keyIndex[0] = keysBefore;
            return alternatives(false);
        }

        /** Alternatives separated by '|' up to a closing bracket: one arg, or a oneof. */
        List<Arg> alternatives(boolean optional) {
            List<List<Arg>> alts = new ArrayList<>();
            alts.add(sequence(false));
            while ("|".equals(peek())) {
                pos++;
                alts.add(sequence(false));
            }
            if (alts.size() == 1) {
                List<Arg> seq = alts.get(0);
                if (seq.size() == 1) {
                    Arg a = seq.get(0);
                    return List.of(new Arg(a.name(), a.type(), a.token(), a.keySpecIndex(), optional || a.optional(),
                            a.multiple(), a.args()));
                }
                return List.of(block(seq, optional));
            }
            List<Arg> members = new ArrayList<>();
            StringBuilder name = new StringBuilder();
            for (List<Arg> seq : alts) {
                Arg m = seq.size() == 1 ? seq.get(0) : block(seq, false);
                members.add(m);
                name.append(name.length() == 0 ? "" : "_").append(m.name());
            }
            return List.of(new Arg(name.toString(), "oneof", null, -1, optional, false, members));
        }

        /** Several arguments in a group: a block, named and introduced by its leading token if it has one. */
        private static Arg block(List<Arg> seq, boolean optional) {
            Arg head = seq.get(0);
            if (head.type().equals("pure-token") && seq.size() == 2 && !seq.get(1).type().equals("pure-token")) {
                Arg v = seq.get(1);
                return new Arg(v.name(), v.type(), head.token(), v.keySpecIndex(), optional, v.multiple(),
                        v.args());
            }
            if (head.type().equals("pure-token")) {
                return new Arg(head.name(), "block", head.token(), -1, optional, false, seq.subList(1, seq.size()));
            }
            return new Arg(head.name(), "block", null, -1, optional, false, seq);
        }

        /** Items until a closing bracket or '|'; "x [x ...]" makes x multiple. */
        List<Arg> sequence(boolean unused) {
            List<Arg> out = new ArrayList<>();
            while (!closer(peek())) {
                String t = tokens.get(pos++);
                if (t.equals("[") || t.equals("<") || t.equals("(")) {
                    int repeated = t.equals("[") ? repetition(out) : 0;
                    if (repeated == 1) {
                        Arg prev = out.remove(out.size() - 1);
                        out.add(new Arg(prev.name(), prev.type(), prev.token(), prev.keySpecIndex(), prev.optional(),
                                true, prev.args()));
                        continue;
                    } else if (repeated > 1) {
                        // "key value [key value ...]": the group repeats, as one multiple block
                        List<Arg> group = new ArrayList<>(out.subList(out.size() - repeated, out.size()));
                        out.subList(out.size() - repeated, out.size()).clear();
                        out.add(new Arg("data", "block", null, -1, false, true, group));
                        continue;
                    }
                    List<Arg> inner = alternatives(t.equals("["));
                    if (!closer(peek()) || "|".equals(peek())) {
                        // unbalanced: stop here
                        out.addAll(inner);
                        break;
                    }
                    pos++;
                    out.addAll(inner);
                } else {
                    out.add(word(t));
                }
            }
            return out;
        }

        /**
         * Whether the tokens at pos (just after a '[') are "x y ...]" repeating the last items of {@code out}
         * by name: the number of items repeated (consuming the tokens), or 0.
         */
        private int repetition(List<Arg> out) {
            List<String> words = new ArrayList<>();
            int p = pos;
            while (p < tokens.size() && !tokens.get(p).equals("...")) {
                String t = tokens.get(p);
                if (t.equals("[") || t.equals("]") || t.equals("<") || t.equals(">") || t.equals("|")) {
                    return 0;
                }
                words.add(t);
                p++;
            }
            if (p + 1 >= tokens.size() || !tokens.get(p + 1).equals("]") || words.isEmpty()
                    || words.size() > out.size()) {
                return 0;
            }
            List<Arg> tail = out.subList(out.size() - words.size(), out.size());
            for (int i = 0; i < words.size(); i++) {
                Arg a = tail.get(i);
                if (!words.get(i).equals(a.name()) && !words.get(i).equals(a.token())) {
                    return 0;
                }
            }
            pos = p + 2;
            return words.size();
        }

        private Arg word(String w) {
            if (w.equals("...")) {
                return new Arg("...", "string", null, -1, false, false, List.of());
            }
            boolean upper = !w.equals(w.toLowerCase(Locale.ROOT)) && w.equals(w.toUpperCase(Locale.ROOT));
            if (upper) {
                return new Arg(w.toLowerCase(Locale.ROOT), "pure-token", w, -1, false, false, List.of());
            }
            String type = typeOf(w);
            int ksi = -1;
            if (type.equals("key") && keySpecs > 0) {
                ksi = Math.min(keyIndex[0]++, keySpecs - 1);
            }
            return new Arg(w, type, null, ksi, false, false, List.of());
        }

        private static String typeOf(String name) {
            if (name.equals("key") || name.equals("destination") || name.equals("source") || name.endsWith("key")
                    && !name.contains("-")) {
                return "key";
            }
            if (name.equals("pattern")) {
                return "pattern";
            }
            if (name.startsWith("unix-time")) {
                return "unix-time";
            }
            if (name.equals("timeout") || name.equals("count")
                    || name.equals("seconds") || name.equals("milliseconds") || name.equals("offset")
                    || name.equals("start") || name.equals("end") || name.equals("index") || name.equals("numkeys")
                    || name.equals("numreplicas") || name.equals("client-id") || name.equals("protover")
                    || name.equals("db") || name.equals("decrement") || name.equals("increment")
                    || name.equals("bit") || name.equals("ttl")) {
                return "integer";
            }
            return "string";
        }
    }

    // ---------------------------------------------------------------------------------------------
    // COMMAND HELP

    /** COMMAND HELP */
    static void help(Client c, byte[][] argv) {
        ServerCommands.help(c, "COMMAND",
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.");
    }

    /** The Redis key-spec table's commands (for the guard test). */
    static Map<String, Meta> redisSpecs() {
        return Collections.unmodifiableMap(REDIS_SPECS);
    }
}
