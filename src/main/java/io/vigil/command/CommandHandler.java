package io.vigil.command;

/** The code of one command: runs it for {@code client} with the full argument vector (argv[0] is the name). */
@FunctionalInterface
public interface CommandHandler {
    /** Runs the command, replying through {@link Client#reply()}. */
    void execute(Client client, byte[][] argv);
}
