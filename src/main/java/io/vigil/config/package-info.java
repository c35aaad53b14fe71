/**
 * Vigil's configuration: a typed option table modelled on Redis 7.0's
 * ({@link io.vigil.config.Options}, {@link io.vigil.config.Option}), the current values with
 * {@code CONFIG GET}/{@code CONFIG SET}/{@code CONFIG REWRITE} semantics
 * ({@link io.vigil.config.Config}), and loading from {@code redis-server}-style command lines
 * and config files ({@link io.vigil.config.ConfigLoader}).
 *
 * <p>Every behaviour and error text follows what Redis 7.0.15 does; strings are byte strings
 * (one {@code char} per byte, ISO-8859-1). This package depends on the JDK and
 * {@code io.vigil.util} only.
 */
package io.vigil.config;
