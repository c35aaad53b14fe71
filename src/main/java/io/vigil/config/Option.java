package io.vigil.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One configuration directive of the option table: canonical name, aliases, value type,
 * default and flags. Instances are immutable; the table lives in {@link Options}.
 *
 * @param <T> the value type ({@code Boolean}, {@code Integer}, {@code Long}, {@code String},
 *            or a structured type such as {@code List<SavePoint>})
 */
public final class Option<T> {

    /** Option flags. */
    public enum Flag {
        /** Cannot be changed with {@code CONFIG SET}. */
        IMMUTABLE,
        /** Changeable with {@code CONFIG SET} only when {@code enable-protected-configs} allows. */
        PROTECTED,
        /** Holds a secret: callers must redact it from logs, SLOWLOG and MONITOR. */
        SENSITIVE,
        /** Not listed by {@code CONFIG GET} patterns; reachable by its exact name only. */
        HIDDEN
    }

    private final String name;
    private final List<String> aliases;
    private final OptionType<T> type;
    private final Supplier<T> defaultValue;
    private final Set<Flag> flags;
    private final UnaryOperator<T> normalizer;
    private final UnaryOperator<T> setNormalizer;
    final int index;

    Option(String name, List<String> aliases, OptionType<T> type, Supplier<T> defaultValue,
           Set<Flag> flags, UnaryOperator<T> normalizer, UnaryOperator<T> setNormalizer,
           int index) {
        this.name = name;
        this.aliases = List.copyOf(aliases);
        this.type = type;
        this.defaultValue = defaultValue;
        this.flags = flags.isEmpty() ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        this.normalizer = normalizer;
        this.setNormalizer = setNormalizer;
        this.index = index;
    }

    /**
     * Starts the definition of a new option; finish it with {@link Builder#register()}.
     *
     * @param name the canonical name (lower case)
     * @param type the value type (see the factories in {@link Options})
     * @param def  the default value
     * @param <T>  the value type
     * @return a builder
     */
    public static <T> Builder<T> define(String name, OptionType<T> type, T def) {
        return new Builder<>(name, type, () -> def);
    }

    /**
     * The canonical name, as {@code CONFIG REWRITE} writes it.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The other accepted names (for example {@code slave-priority} for
     * {@code replica-priority}).
     *
     * @return the aliases
     */
    public List<String> aliases() {
        return aliases;
    }

    /**
     * The value type.
     *
     * @return the type
     */
    public OptionType<T> type() {
        return type;
    }

    /**
     * The default value (for {@code dir}, the process's working directory).
     *
     * @return the default
     */
    public T defaultValue() {
        return defaultValue.get();
    }

    /**
     * The flags.
     *
     * @return the flags
     */
    public Set<Flag> flags() {
        return flags;
    }

    /**
     * Tells whether a flag is set.
     *
     * @param f the flag
     * @return true if set
     */
    public boolean has(Flag f) {
        return flags.contains(f);
    }

    /**
     * Renders a value of this option as {@code CONFIG GET} shows it.
     *
     * @param value the value
     * @return the rendering
     */
    public String render(T value) {
        return type.render(value);
    }

    T normalize(T v) {
        return normalizer == null ? v : normalizer.apply(v);
    }

    T normalizeSet(T v) {
        T n = normalize(v);
        return setNormalizer == null ? n : setNormalizer.apply(n);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Builder of an {@link Option}.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {
        private final String name;
        private final OptionType<T> type;
        private Supplier<T> def;
        private final List<String> aliases = new ArrayList<>();
        private final Set<Flag> flags = EnumSet.noneOf(Flag.class);
        private UnaryOperator<T> normalizer;
        private UnaryOperator<T> setNormalizer;

        private Builder(String name, OptionType<T> type, Supplier<T> def) {
            this.name = name;
            this.type = type;
            this.def = def;
        }

        /**
         * Adds aliases.
         *
         * @param names the alias names
         * @return this
         */
        public Builder<T> alias(String... names) {
            Collections.addAll(aliases, names);
            return this;
        }

        /**
         * Adds flags.
         *
         * @param f the flags
         * @return this
         */
        public Builder<T> flags(Flag... f) {
            Collections.addAll(flags, f);
            return this;
        }

        /**
         * Sets a function applied to every parsed value before it is stored (for example
         * {@code hz}, which Redis clamps to 1..500).
         *
         * @param n the normalizer
         * @return this
         */
        public Builder<T> normalize(UnaryOperator<T> n) {
            this.normalizer = n;
            return this;
        }

        /**
         * Sets a function applied, after the normalizer, to values set with {@code CONFIG SET}
         * only (for example {@code repl-backlog-size}, which Redis raises to 16kb when changed
         * at runtime but not when loaded).
         *
         * @param n the normalizer
         * @return this
         */
        public Builder<T> normalizeOnSet(UnaryOperator<T> n) {
            this.setNormalizer = n;
            return this;
        }

        /**
         * Sets a default computed when asked for.
         *
         * @param d the default supplier
         * @return this
         */
        public Builder<T> defaultFrom(Supplier<T> d) {
            this.def = d;
            return this;
        }

        /**
         * Builds the option and adds it to the table ({@link Options#all()}).
         *
         * @return the option
         */
        public Option<T> register() {
            return Options.register(idx -> new Option<>(name, aliases, type, def, flags,
                    normalizer, setNormalizer, idx));
        }
    }
}
