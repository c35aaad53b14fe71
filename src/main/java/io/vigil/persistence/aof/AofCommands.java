package io.vigil.persistence.aof;

import io.vigil.command.Client;
import io.vigil.command.CommandSpec;
import io.vigil.command.CommandTable;

/** The AOF's command: BGREWRITEAOF, bound to the node's {@link AppendOnlyFile}. */
public final class AofCommands {
    private AofCommands() {
    }

    /** Adds BGREWRITEAOF to {@code table}, acting on {@code aof}. */
    public static void register(CommandTable table, AppendOnlyFile aof) {
        table.add(CommandSpec.of("bgrewriteaof", 1, "admin noscript no_async_loading", 0, 0, 0, (c, argv) -> bgrewriteaof(aof, c))
                .doc("server", "1.0.0", "O(1)", "Asynchronously rewrites the append-only file to disk."));
    }

    /** BGREWRITEAOF */
    static void bgrewriteaof(AppendOnlyFile aof, Client c) {
        switch (aof.rewrite(c.has(Client.IN_EXEC))) {
            case STARTED -> c.reply().simple("Background append only file rewriting started");
            case SCHEDULED -> c.reply().simple("Background append only file rewriting scheduled");
            case IN_PROGRESS -> c.reply().error("ERR Background append only file rewriting already in progress");
            default -> c.reply().error("ERR Can't execute an AOF background rewriting. Please check the server logs "
                    + "for more information.");
        }
    }
}
