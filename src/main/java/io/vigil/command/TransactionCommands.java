package io.vigil.command;

/** MULTI, EXEC, DISCARD, WATCH, UNWATCH. The queueing itself happens in {@link Engine#execute}. */
final class TransactionCommands {
    private TransactionCommands() {
    }

    static void register(CommandTable t) {
        t.add(CommandSpec.of("multi", 1, "noscript loading stale fast allow_busy", 0, 0, 0, TransactionCommands::multi)
                .acl("@transaction").doc("transactions", "1.2.0", "O(1)", "Starts a transaction."));
        t.add(CommandSpec.of("exec", 1, "noscript loading stale skip_slowlog", 0, 0, 0, TransactionCommands::exec)
                .acl("@transaction").doc("transactions", "1.2.0", "Depends on commands in the transaction",
                        "Executes all commands in a transaction."));
        t.add(CommandSpec.of("discard", 1, "noscript loading stale fast allow_busy", 0, 0, 0,
                TransactionCommands::discard)
                .acl("@transaction").doc("transactions", "2.0.0", "O(N), when N is the number of queued commands",
                        "Discards a transaction."));
        t.add(CommandSpec.of("watch", -2, "noscript loading stale fast allow_busy", 1, -1, 1, TransactionCommands::watch)
                .acl("@transaction").doc("transactions", "2.2.0", "O(1) for every key.",
                        "Monitors changes to keys to determine the execution of a transaction.").args("key [key ...]"));
        t.add(CommandSpec.of("unwatch", 1, "noscript loading stale fast allow_busy", 0, 0, 0,
                TransactionCommands::unwatch)
                .acl("@transaction").doc("transactions", "2.2.0", "O(1)",
                        "Forgets about watched keys of a transaction."));
    }

    /** MULTI */
    static void multi(Client c, byte[][] argv) {
        if (c.has(Client.MULTI)) {
            c.reply().error("ERR MULTI calls can not be nested");
            return;
        }
        c.engine().multi(c);
        c.reply().ok();
    }

    /** EXEC */
    static void exec(Client c, byte[][] argv) {
        if (!c.has(Client.MULTI)) {
            c.reply().error("ERR EXEC without MULTI");
            return;
        }
        c.engine().exec(c);
        // The queued commands propagated themselves (wrapped in MULTI/EXEC by the engine); EXEC itself is not.
        c.preventPropagation();
    }

    /** DISCARD */
    static void discard(Client c, byte[][] argv) {
        if (!c.has(Client.MULTI)) {
            c.reply().error("ERR DISCARD without MULTI");
            return;
        }
        c.engine().discardTransaction(c);
        c.reply().ok();
    }

    /** WATCH key [key ...] */
    static void watch(Client c, byte[][] argv) {
        if (c.has(Client.MULTI)) {
            c.reply().error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        for (int i = 1; i < argv.length; i++) {
            c.engine().watch(c, argv[i]);
        }
        c.reply().ok();
    }

    /** UNWATCH */
    static void unwatch(Client c, byte[][] argv) {
        c.engine().unwatch(c);
        c.reply().ok();
    }
}
