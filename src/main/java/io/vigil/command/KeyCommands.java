package io.vigil.command;

/** Placeholder family: filled in by its own change. */
final class KeyCommands {
    private KeyCommands() {
    }

    static void register(CommandTable t) {
    }
}
