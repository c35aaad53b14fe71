package io.vigil.protocol;

/**
 * What {@link RespDecoder} emits instead of a command when the input is malformed. The connection answers
 * {@code -ERR Protocol error: <reason>} and is closed after the reply; commands decoded before it still run.
 *
 * @param reason the text after {@code "Protocol error: "}
 */
public record ProtocolError(String reason) {
}
