package io.vigil.command;

import io.vigil.types.RedisValue;
import io.vigil.util.Numbers;

/**
 * What the generic commands need to know about a stored value without knowing its type: the name TYPE and
 * SCAN ... TYPE use, the encoding OBJECT ENCODING reports, and a deep copy for COPY.
 *
 * <p>Strings ({@code byte[]}) are built in. Every other data type registers a {@link ValueType} for the
 * class of its values once, from its command family's {@code register}:
 * <pre>{@code TypeNames.register(ListValue.class, new TypeNames.ValueType() { ... });}</pre>
 * Lookups match the value's exact class first, then any registered supertype, so a type may register an
 * interface or abstract class that several representations implement. A {@link RedisValue} that is not
 * registered still gets its TYPE name and encoding from itself, but cannot be copied (COPY replies an
 * error) until its type registers a {@link ValueType} with a deep copy.
 */
public final class TypeNames {
    private TypeNames() {
    }

    /** What the generic commands know about one data type. */
    public interface ValueType {
        /** The type name TYPE replies and SCAN ... TYPE filters by ({@code "string"}, {@code "list"}...). */
        String name();

        /** The OBJECT ENCODING of {@code value} ({@code "listpack"}, {@code "hashtable"}...). */
        String encoding(Object value);

        /**
         * A deep copy of {@code value} sharing nothing mutable with it (COPY). The copy is stored under
         * another key, so a change to one must never show in the other.
         */
        Object copy(Object value);
    }

    /** Values longer than this many bytes are {@code raw} rather than {@code embstr}. */
    public static final int EMBSTR_SIZE_LIMIT = 44;

    /** The string type: {@code byte[]} values. */
    public static final ValueType STRING = new ValueType() {
        @Override
        public String name() {
            return "string";
        }

        @Override
        public String encoding(Object value) {
            return stringEncoding((byte[]) value);
        }

        @Override
        public Object copy(Object value) {
            return ((byte[]) value).clone();
        }
    };

    private record Registration(Class<?> valueClass, ValueType type) {
    }

    private static volatile Registration[] registry = new Registration[0];

    /**
     * Registers the type of values of class {@code valueClass} (or of its subclasses and implementations).
     * Registering the same class again replaces the earlier registration.
     */
    public static synchronized void register(Class<?> valueClass, ValueType type) {
        if (valueClass == byte[].class) {
            throw new IllegalArgumentException("byte[] is the built-in string type");
        }
        Registration[] old = registry;
        for (int i = 0; i < old.length; i++) {
            if (old[i].valueClass == valueClass) {
                Registration[] copy = old.clone();
                copy[i] = new Registration(valueClass, type);
                registry = copy;
                return;
            }
        }
        Registration[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = new Registration(valueClass, type);
        registry = grown;
    }

    /** The type of {@code value}, or null if no type is registered for its class. */
    public static ValueType of(Object value) {
        if (value instanceof byte[]) {
            return STRING;
        }
        if (value == null) {
            return null;
        }
        Registration[] r = registry;
        Class<?> cls = value.getClass();
        for (Registration reg : r) {
            if (reg.valueClass == cls) {
                return reg.type;
            }
        }
        for (Registration reg : r) {
            if (reg.valueClass.isInstance(value)) {
                return reg.type;
            }
        }
        return null;
    }

    /** The TYPE name of {@code value} ({@code "unknown"} for an unknown class, as Redis names it). */
    public static String typeName(Object value) {
        ValueType t = of(value);
        if (t != null) {
            return t.name();
        }
        return value instanceof RedisValue v ? v.typeName() : "unknown";
    }

    /** The OBJECT ENCODING of {@code value} ({@code "unknown"} for an unknown class). */
    public static String encoding(Object value) {
        ValueType t = of(value);
        if (t != null) {
            return t.encoding(value);
        }
        return value instanceof RedisValue v ? v.encoding() : "unknown";
    }

    /** A deep copy of {@code value}, or null if its type is neither registered nor a {@link RedisValue}. */
    public static Object copy(Object value) {
        ValueType t = of(value);
        if (t != null) {
            return t.copy(value);
        }
        return value instanceof RedisValue v ? v.copy() : null;
    }

    /**
     * The encoding Redis would give a string value set by SET: {@code int} for a canonical 64-bit integer
     * (at most 20 characters), {@code embstr} up to {@value #EMBSTR_SIZE_LIMIT} bytes, {@code raw} above.
     */
    public static String stringEncoding(byte[] v) {
        if (isIntEncodable(v)) {
            return "int";
        }
        return v.length <= EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
    }

    /** Whether a string value would be stored as an integer: canonical decimal, at most 20 characters. */
    public static boolean isIntEncodable(byte[] v) {
        if (v.length == 0 || v.length > 20) {
            return false;
        }
        byte first = v[0];
        if (first != '-' && (first < '0' || first > '9')) {
            return false;
        }
        return Numbers.isLong(v);
    }
}
