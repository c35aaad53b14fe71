package io.vigil.config;

/**
 * Bit flags of {@code notify-keyspace-events}, with Redis's parsing and rendering of the
 * flag string ({@code K E g $ l s h z x e t m d n} and {@code A}).
 */
public final class KeyspaceEvents {

    /** {@code K}: publish on {@code __keyspace@<db>__}. */
    public static final int KEYSPACE = 1;
    /** {@code E}: publish on {@code __keyevent@<db>__}. */
    public static final int KEYEVENT = 1 << 1;
    /** {@code g}: generic commands (DEL, EXPIRE, RENAME...). */
    public static final int GENERIC = 1 << 2;
    /** {@code $}: string commands. */
    public static final int STRING = 1 << 3;
    /** {@code l}: list commands. */
    public static final int LIST = 1 << 4;
    /** {@code s}: set commands. */
    public static final int SET = 1 << 5;
    /** {@code h}: hash commands. */
    public static final int HASH = 1 << 6;
    /** {@code z}: sorted set commands. */
    public static final int ZSET = 1 << 7;
    /** {@code x}: expired events. */
    public static final int EXPIRED = 1 << 8;
    /** {@code e}: evicted events. */
    public static final int EVICTED = 1 << 9;
    /** {@code t}: stream commands. */
    public static final int STREAM = 1 << 10;
    /** {@code m}: key-miss events (not part of {@code A}). */
    public static final int KEY_MISS = 1 << 11;
    /** {@code d}: module key type events. */
    public static final int MODULE = 1 << 12;
    /** {@code n}: new key events (not part of {@code A}). */
    public static final int NEW = 1 << 13;
    /** {@code A}: alias for {@code g$lshzxetd}. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED
            | STREAM | MODULE;

    private static final String CLASS_CHARS = "g$lshzxetdn";
    private static final int[] CLASS_BITS = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED,
        EVICTED, STREAM, MODULE, NEW};

    private KeyspaceEvents() {
    }

    /**
     * Parses a flag string.
     *
     * @param s the flags, e.g. {@code "KEA"}
     * @return the bit mask
     * @throws ConfigException with Redis's reason on an unknown character
     */
    public static int parse(String s) throws ConfigException {
        int flags = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int bit;
            switch (c) {
                case 'A': bit = ALL; break;
                case 'K': bit = KEYSPACE; break;
                case 'E': bit = KEYEVENT; break;
                case 'm': bit = KEY_MISS; break;
                default:
                    int k = CLASS_CHARS.indexOf(c);
                    if (k < 0) {
                        throw new ConfigException(
                                "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
                    }
                    bit = CLASS_BITS[k];
            }
            flags |= bit;
        }
        return flags;
    }

    /**
     * Renders a bit mask the way {@code CONFIG GET notify-keyspace-events} does. As in Redis,
     * when every {@code A} class is set the string starts with {@code A} and {@code n} is not
     * shown.
     *
     * @param flags the bit mask
     * @return the flag string
     */
    public static String render(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A');
        } else {
            for (int i = 0; i < CLASS_BITS.length; i++) {
                if ((flags & CLASS_BITS[i]) != 0) {
                    sb.append(CLASS_CHARS.charAt(i));
                }
            }
        }
        if ((flags & KEYSPACE) != 0) {
            sb.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            sb.append('E');
        }
        if ((flags & KEY_MISS) != 0) {
            sb.append('m');
        }
        return sb.toString();
    }
}
