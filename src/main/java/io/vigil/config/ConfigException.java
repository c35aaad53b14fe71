package io.vigil.config;

/**
 * A configuration error. The message is always the exact text Redis 7.0 produces for the same
 * situation:
 * <ul>
 *   <li>for {@code CONFIG SET}/{@code CONFIG REWRITE} errors, the error reply without the leading
 *       {@code -} (for example {@code ERR CONFIG SET failed (possibly related to argument 'port')
 *       - argument couldn't be parsed into an integer});</li>
 *   <li>for errors found while loading the configuration, the fatal-config block
 *       ({@link #isFatalBlock()}), which Redis prints to standard error preceded by an empty line
 *       (see {@link #stderrText()}), or a single log line such as
 *       {@code Fatal error, can't open config file 'x': No such file or directory};</li>
 *   <li>inside an {@link ApplyCallback} or a parser, just the reason, which the caller wraps.</li>
 * </ul>
 */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Whether the message is a fatal-config block. */
    private final boolean fatalBlock;

    /**
     * Creates an exception with the given message.
     *
     * @param message the exact error text
     */
    public ConfigException(String message) {
        this(message, false);
    }

    ConfigException(String message, boolean fatalBlock) {
        super(message);
        this.fatalBlock = fatalBlock;
    }

    /**
     * Tells whether the message is a {@code *** FATAL CONFIG FILE ERROR ***} block.
     *
     * @return true for a fatal-config block
     */
    public boolean isFatalBlock() {
        return fatalBlock;
    }

    /**
     * The text to print to standard error before exiting with status 1, byte for byte as
     * {@code redis-server} prints it: for a fatal-config block an empty line, the block and a
     * final newline; otherwise the message and a newline.
     *
     * @return the text to print
     */
    public String stderrText() {
        return fatalBlock ? "\n" + getMessage() + "\n" : getMessage() + "\n";
    }
}
