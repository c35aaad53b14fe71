package io.vigil.protocol;

/**
 * What {@link RespDecoder} emits when a client's pending query grows past {@code client-query-buffer-limit}.
 * Redis closes such a client without a reply and logs it.
 *
 * @param bytes how many bytes the pending query held
 */
public record QueryLimitExceeded(long bytes) {
}
