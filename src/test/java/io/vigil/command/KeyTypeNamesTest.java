package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link TypeNames}: string names and encodings, deep copies, and registration of other types. */
class KeyTypeNamesTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void stringEncodingsFollowRedis() {
        assertThat(TypeNames.typeName(b("x"))).isEqualTo("string");
        assertThat(TypeNames.encoding(b("0"))).isEqualTo("int");
        assertThat(TypeNames.encoding(b("-1"))).isEqualTo("int");
        assertThat(TypeNames.encoding(b("9223372036854775807"))).isEqualTo("int");
        assertThat(TypeNames.encoding(b("-9223372036854775808"))).isEqualTo("int");
        assertThat(TypeNames.encoding(b("9223372036854775808"))).isEqualTo("embstr");
        assertThat(TypeNames.encoding(b("01"))).isEqualTo("embstr");
        assertThat(TypeNames.encoding(b("-0"))).isEqualTo("embstr");
        assertThat(TypeNames.encoding(b("+1"))).isEqualTo("embstr");
        assertThat(TypeNames.encoding(b(" 1"))).isEqualTo("embstr");
        assertThat(TypeNames.encoding(b(""))).isEqualTo("embstr");
        assertThat(TypeNames.encoding(new byte[44])).isEqualTo("embstr");
        assertThat(TypeNames.encoding(new byte[45])).isEqualTo("raw");
    }

    @Test
    void stringCopiesAreDeep() {
        byte[] v = b("value");
        byte[] copy = (byte[]) TypeNames.copy(v);
        assertThat(copy).isEqualTo(v).isNotSameAs(v);
        copy[0] = 'V';
        assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("value");
    }

    /** A stand-in value type of a later data type. */
    static final class FakeList {
        final java.util.List<String> items = new java.util.ArrayList<>();
    }

    @Test
    void otherTypesRegisterThemselves() {
        assertThat(TypeNames.typeName(new Object())).isEqualTo("unknown");
        assertThat(TypeNames.copy(new Object())).isNull();
        TypeNames.register(FakeList.class, new TypeNames.ValueType() {
            @Override
            public String name() {
                return "fakelist";
            }

            @Override
            public String encoding(Object value) {
                return ((FakeList) value).items.size() < 3 ? "listpack" : "quicklist";
            }

            @Override
            public Object copy(Object value) {
                FakeList out = new FakeList();
                out.items.addAll(((FakeList) value).items);
                return out;
            }
        });
        FakeList l = new FakeList();
        l.items.add("a");
        assertThat(TypeNames.typeName(l)).isEqualTo("fakelist");
        assertThat(TypeNames.encoding(l)).isEqualTo("listpack");
        FakeList copy = (FakeList) TypeNames.copy(l);
        copy.items.add("b");
        assertThat(l.items).containsExactly("a");
        assertThat(copy.items).containsExactly("a", "b");
    }

    @Test
    void unregisteredRedisValuesNameAndCopyThemselves() {
        io.vigil.types.RedisValue copied = new io.vigil.types.ListValue();
        io.vigil.types.RedisValue v = new io.vigil.types.RedisValue() {
            @Override
            public String typeName() {
                return "zset";
            }

            @Override
            public String encoding() {
                return "skiplist";
            }

            @Override
            public int size() {
                return 1;
            }

            @Override
            public long memoryUsage() {
                return 64;
            }

            @Override
            public io.vigil.types.RedisValue copy() {
                return copied;
            }
        };
        assertThat(TypeNames.typeName(v)).isEqualTo("zset");
        assertThat(TypeNames.encoding(v)).isEqualTo("skiplist");
        assertThat(TypeNames.copy(v)).isSameAs(copied);
        assertThat(TypeNames.copy(new Object())).isNull();
    }
}
