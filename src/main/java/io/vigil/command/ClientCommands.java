package io.vigil.command;

/** CLIENT and its subcommands. */
final class ClientCommands {
    private ClientCommands() {
    }

    static void register(CommandTable t) {
    }

    /** Null if {@code name} is a valid connection name, else Redis's error text. */
    static String validateName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '!' || ch > '~') {
                return "ERR Client names cannot contain spaces, newlines or special characters.";
            }
        }
        return null;
    }
}
