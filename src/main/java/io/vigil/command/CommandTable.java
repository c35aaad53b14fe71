package io.vigil.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command table: every {@link CommandSpec}, looked up by name case-insensitively straight from the
 * request's bytes (no String is made on the hot path).
 */
public final class CommandTable {
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    private CommandSpec[] slots = new CommandSpec[16];
    private byte[][] slotNames = new byte[16][];

    /** The table of every command Vigil implements, bound family by family. */
    public static CommandTable standard() {
        CommandTable t = new CommandTable();
        ConnectionCommands.register(t);
        ClientCommands.register(t);
        ServerCommands.register(t);
        KeyCommands.register(t);
        StringCommands.register(t);
        BitCommands.register(t);
        ListCommands.register(t);
        HashCommands.register(t);
        SetCommands.register(t);
        TransactionCommands.register(t);
        PubSubCommands.register(t);
        ZSetCommands.register(t);
        PersistenceCommands.register(t);
        SortCommands.register(t);
        return t;
    }

    /** Adds a command; a name may be added once. */
    public void add(CommandSpec spec) {
        if (byName.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalStateException("duplicate command " + spec.name());
        }
        if (byName.size() * 2 > slots.length) {
            rebuild(slots.length * 2);
        } else {
            insert(spec);
        }
    }

    private void rebuild(int size) {
        slots = new CommandSpec[size];
        slotNames = new byte[size][];
        for (CommandSpec s : byName.values()) {
            insert(s);
        }
    }

    private void insert(CommandSpec spec) {
        byte[] n = spec.name().getBytes(StandardCharsets.US_ASCII);
        int mask = slots.length - 1;
        int i = hash(n) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = spec;
        slotNames[i] = n;
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + (b | 0x20);
        }
        return h ^ (h >>> 16);
    }

    /**
     * Replaces the command of the same name (a layer that takes a command over, as replication does WAIT);
     * adds it if there was none.
     */
    public void replace(CommandSpec spec) {
        if (byName.put(spec.name(), spec) == null) {
            if (byName.size() * 2 > slots.length) {
                rebuild(slots.length * 2);
            } else {
                insert(spec);
            }
            return;
        }
        rebuild(slots.length);
    }

    /** The command named by {@code name} in any case, or null. */
    public CommandSpec lookup(byte[] name) {
        int mask = slots.length - 1;
        int i = hash(name) & mask;
        while (true) {
            CommandSpec s = slots[i];
            if (s == null) {
                return null;
            }
            if (equalsIgnoreCase(slotNames[i], name)) {
                return s;
            }
            i = (i + 1) & mask;
        }
    }

    /** The command named {@code name} (lower-case, may be {@code parent|sub}), or null. */
    public CommandSpec lookup(String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            return byName.get(name);
        }
        CommandSpec parent = byName.get(name.substring(0, bar));
        return parent == null ? null : parent.subcommands().get(name.substring(bar + 1));
    }

    private static boolean equalsIgnoreCase(byte[] lower, byte[] any) {
        if (lower.length != any.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            byte b = any[i];
            if (b >= 'A' && b <= 'Z') {
                b = (byte) (b | 0x20);
            }
            if (lower[i] != b) {
                return false;
            }
        }
        return true;
    }

    /** All top-level commands in registration order. */
    public Collection<CommandSpec> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** All commands and subcommands. */
    public List<CommandSpec> allWithSubcommands() {
        List<CommandSpec> out = new ArrayList<>();
        for (CommandSpec s : byName.values()) {
            out.add(s);
            out.addAll(s.subcommands().values());
        }
        return out;
    }

    /** Number of top-level commands. */
    public int size() {
        return byName.size();
    }

    /** Clears every command's statistics. */
    public void resetStats() {
        byName.values().forEach(CommandSpec::resetStats);
    }
}
