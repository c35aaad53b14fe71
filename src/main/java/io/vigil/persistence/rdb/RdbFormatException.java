package io.vigil.persistence.rdb;

import java.io.IOException;

/** RDB or DUMP data that cannot be read: corrupt, truncated, of an unsupported version or type. */
public class RdbFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public RdbFormatException(String message) {
        super(message);
    }

    public RdbFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
