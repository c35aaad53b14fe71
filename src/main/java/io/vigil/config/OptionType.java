package io.vigil.config;

import java.util.List;
import java.util.Objects;

/**
 * How the values of an {@link Option} are parsed (from a config file line or a
 * {@code CONFIG SET} argument), rendered for {@code CONFIG GET} and written by
 * {@code CONFIG REWRITE}. Instances come from the factory methods of {@link Options}'s helpers;
 * the class cannot be extended outside this package.
 *
 * @param <T> the value type
 */
public abstract class OptionType<T> {

    OptionType() {
    }

    /**
     * Parses the single argument of {@code CONFIG SET name value}. Multi-argument types split
     * the value on single spaces, as Redis does.
     *
     * @param value   the argument
     * @param current the current value (some types merge into it)
     * @return the new value
     * @throws ConfigException with the bare reason (no prefix)
     */
    abstract T parseSet(String value, T current) throws ConfigException;

    /**
     * Parses the arguments of a config file line (everything after the directive).
     *
     * @param args    the arguments
     * @param current the current value
     * @param first   whether this is the first line of this directive while loading
     * @return the new value
     * @throws ConfigException with the bare reason (no prefix)
     */
    T parseFile(List<String> args, T current, boolean first) throws ConfigException {
        if (args.size() != 1) {
            throw new ConfigException("wrong number of arguments");
        }
        return parseSet(args.get(0), current);
    }

    /**
     * Renders a value as {@code CONFIG GET} shows it.
     *
     * @param value the value
     * @return the rendering
     */
    abstract String render(T value);

    /**
     * The text written after the option name by {@code CONFIG REWRITE} for a single-line type.
     *
     * @param value the value
     * @return the text
     */
    String rewriteText(T value) {
        return render(value);
    }

    /**
     * The lines {@code CONFIG REWRITE} writes for a value: each is the text after the option
     * name and whether it must be written even when the file has no line for the option.
     *
     * @param value the current value
     * @param def   the default value
     * @return the lines; empty to remove the option from the file
     */
    List<RewriteLine> rewrite(T value, T def) {
        return List.of(new RewriteLine(rewriteText(value), !Objects.equals(value, def)));
    }

    /** Whether a config-file line of this type takes a variable number of arguments. */
    boolean multiArg() {
        return false;
    }

    /**
     * One line produced by {@code CONFIG REWRITE}.
     *
     * @param text  the text after the option name
     * @param force write it even when the file has no line for the option
     */
    record RewriteLine(String text, boolean force) {
    }
}
