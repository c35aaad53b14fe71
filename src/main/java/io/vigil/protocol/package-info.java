/**
 * RESP, the Redis serialization protocol, versions 2 and 3.
 *
 * <p>{@link io.vigil.protocol.RespDecoder} turns the bytes a client sends (multibulk frames or inline
 * commands) into argument vectors, enforcing Redis's limits and producing Redis's protocol-error texts.
 * {@link io.vigil.protocol.Reply} is how a command says what to answer; it knows the connection's
 * protocol version and so picks the bytes (a null is {@code $-1} in RESP2 and {@code _} in RESP3).
 * This package knows nothing of commands, the keyspace or replication.
 */
package io.vigil.protocol;
