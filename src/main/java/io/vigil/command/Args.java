package io.vigil.command;

import io.vigil.util.Numbers;

/** Argument parsing shared by the command families: parse, or reply Redis's error and return null. */
final class Args {
    private Args() {
    }

    /** The reply to an argument that is not a 64-bit integer. */
    static final String NOT_INTEGER = "ERR value is not an integer or out of range";

    /** The reply to an unknown or misplaced option. */
    static final String SYNTAX = "ERR syntax error";

    /** Whether {@code arg} is the option {@code lowerWord} (lower case ASCII), compared ignoring ASCII case. */
    static boolean is(byte[] arg, String lowerWord) {
        if (arg.length != lowerWord.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int b = arg[i];
            if (b >= 'A' && b <= 'Z') {
                b |= 0x20;
            }
            if (b != lowerWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A long argument, or null after replying {@code error} ({@link #NOT_INTEGER} if null). */
    static Long longArg(Client c, byte[] arg, String error) {
        try {
            return Numbers.parseLong(arg);
        } catch (Numbers.NotANumber e) {
            c.reply().error(error == null ? NOT_INTEGER : error);
            return null;
        }
    }

    /**
     * A long argument, or {@code fallback} when it is not one (for commands whose error for a bad number is
     * the same as for an out-of-range one, e.g. "numkeys should be greater than 0").
     */
    static long longOr(byte[] arg, long fallback) {
        try {
            return Numbers.parseLong(arg);
        } catch (Numbers.NotANumber e) {
            return fallback;
        }
    }

    /**
     * A non-negative long argument, or null after replying {@code error} when it is not a number or is
     * negative (Redis's getPositiveLongFromObjectOrReply with a message).
     */
    static Long nonNegativeArg(Client c, byte[] arg, String error) {
        Long v = longArg(c, arg, error);
        if (v != null && v < 0) {
            c.reply().error(error);
            return null;
        }
        return v;
    }
}
