package io.vigil.command;

import io.vigil.util.Numbers;

/** Argument parsing shared by the command families: parse, or reply Redis's error and return null. */
final class Args {
    private Args() {
    }

    /** The reply to an argument that is not a 64-bit integer. */
    static final String NOT_INTEGER = "ERR value is not an integer or out of range";

    /** A long argument, or null after replying {@code error} ({@link #NOT_INTEGER} if null). */
    static Long longArg(Client c, byte[] arg, String error) {
        try {
            return Numbers.parseLong(arg);
        } catch (Numbers.NotANumber e) {
            c.reply().error(error == null ? NOT_INTEGER : error);
            return null;
        }
    }
}
