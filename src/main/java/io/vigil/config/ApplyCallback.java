package io.vigil.config;

/**
 * A hook run when {@code CONFIG SET} changes an option at runtime (not while the initial
 * configuration is loaded). It sees the whole new configuration already in place and may veto
 * the change by throwing a {@link ConfigException} whose message is the reason shown to the
 * client (for example {@code Failed to bind to specified addresses.}); every option changed by
 * the same {@code CONFIG SET} is then rolled back.
 *
 * @param <T> the option's value type
 */
@FunctionalInterface
public interface ApplyCallback<T> {

    /**
     * Applies a change.
     *
     * @param oldValue the value before the change
     * @param newValue the value after the change
     * @throws ConfigException to veto the change; the message is the reason
     */
    void apply(T oldValue, T newValue) throws ConfigException;
}
