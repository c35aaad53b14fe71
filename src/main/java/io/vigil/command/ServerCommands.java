package io.vigil.command;

/** Placeholder family: filled in by its own change. */
final class ServerCommands {
    private ServerCommands() {
    }

    static void register(CommandTable t) {
    }
}
