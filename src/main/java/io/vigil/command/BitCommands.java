package io.vigil.command;

/** Placeholder family: filled in by its own change. */
final class BitCommands {
    private BitCommands() {
    }

    static void register(CommandTable t) {
    }
}
