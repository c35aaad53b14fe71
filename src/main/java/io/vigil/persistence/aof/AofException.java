package io.vigil.persistence.aof;

/**
 * The AOF cannot be loaded or written: start-up must fail (as Redis exits) or the operation is refused.
 * The message is what was logged last.
 */
public final class AofException extends Exception {
    /** A failure described by {@code message}. */
    public AofException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public AofException(String message, Throwable cause) {
        super(message, cause);
    }
}
