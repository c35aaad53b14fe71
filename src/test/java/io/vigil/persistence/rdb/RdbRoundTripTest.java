package io.vigil.persistence.rdb;

import static io.vigil.persistence.rdb.RdbTestData.b;
import static io.vigil.persistence.rdb.RdbTestData.bytesList;
import static io.vigil.persistence.rdb.RdbTestData.pairs;
import static io.vigil.persistence.rdb.RdbTestData.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.persistence.rdb.RdbTestData.Key;
import io.vigil.persistence.rdb.RdbTestData.Recorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RdbWriter → RdbReader for every type and encoding. */
class RdbRoundTripTest {

    private static final Random RANDOM = new Random(42);

    private static Key roundTrip(RdbThresholds t, boolean compression, RdbTestData.Body body) throws IOException {
        Recorder r = RdbTestData.read(RdbTestData.file(t, compression, body));
        assertThat(r.keys).hasSize(1);
        return r.keys.get(0);
    }

    private static Key roundTrip(RdbTestData.Body body) throws IOException {
        return roundTrip(RdbThresholds.DEFAULTS, true, body);
    }

    // ------------------------------------------------------------ strings

    @Test
    void stringEncodings() throws IOException {
        String[] values = {"", "a", "0", "-0", "00", "01", "+1", " 1", "1 ", "127", "128", "-128", "-129", "32767",
            "32768", "-32768", "-32769", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "12345678901", "1.5",
            "aaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrstuvwxyz"};
        for (boolean compression : new boolean[] {true, false}) {
            for (String v : values) {
                Key k = roundTrip(RdbThresholds.DEFAULTS, compression, w -> w.writeString(b("k"), b(v), -1));
                assertThat(k.value()).isEqualTo(new RdbValue.Str(b(v), 0));
                assertThat(k.meta()).isEqualTo(KeyMeta.NONE);
            }
        }
    }

    @Test
    void stringIntEncodingSizes() throws IOException {
        assertThat(encodedStringSize("12")).isEqualTo(2); // int8
        assertThat(encodedStringSize("-128")).isEqualTo(2);
        assertThat(encodedStringSize("128")).isEqualTo(3); // int16
        assertThat(encodedStringSize("-32768")).isEqualTo(3);
        assertThat(encodedStringSize("32768")).isEqualTo(5); // int32
        assertThat(encodedStringSize("-2147483648")).isEqualTo(5);
        assertThat(encodedStringSize("2147483648")).isEqualTo(11); // raw: 1 + 10
        assertThat(encodedStringSize("007")).isEqualTo(4); // not canonical: raw
        assertThat(encodedStringSize("-0")).isEqualTo(3);
    }

    private static int encodedStringSize(String v) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out);
        w.writeStringBytes(b(v));
        w.flush();
        return out.size();
    }

    @Test
    void lzfCompressionFollowsRedisRule() throws IOException {
        byte[] compressible = b("x".repeat(21));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out);
        w.writeStringBytes(compressible);
        w.writeStringBytes(b("x".repeat(20))); // not > 20: raw
        w.flush();
        byte[] bytes = out.toByteArray();
        assertThat(bytes[0] & 0xff).isEqualTo(0xC3);
        // raw string at the end: length 20 then 20 'x'
        assertThat(bytes[bytes.length - 21]).isEqualTo((byte) 20);

        out.reset();
        w = new RdbWriter(out);
        w.writeStringBytes(RdbTestData.random(RANDOM, 100)); // incompressible: raw
        w.flush();
        assertThat(out.toByteArray()[0] & 0xff).isEqualTo(0x40); // 14-bit length 100
        out.reset();
        w = new RdbWriter(out).compression(false);
        w.writeStringBytes(compressible);
        w.flush();
        assertThat(out.toByteArray()[0]).isEqualTo((byte) 21);
    }

    @Test
    void largeStrings() throws IOException {
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ("hello world " + (i / 1000)).charAt(i % 12);
        }
        byte[] rnd = RdbTestData.random(RANDOM, 200_000);
        for (boolean compression : new boolean[] {true, false}) {
            Recorder r = RdbTestData.read(RdbTestData.file(RdbThresholds.DEFAULTS, compression, w -> {
                w.writeString(b("big"), big, -1);
                w.writeString(b("rnd"), rnd, -1);
            }));
            assertThat(((RdbValue.Str) r.get(0, "big").value()).value()).isEqualTo(big);
            assertThat(((RdbValue.Str) r.get(0, "rnd").value()).value()).isEqualTo(rnd);
        }
        // compressed well below the original
        assertThat(RdbTestData.file(w -> w.writeString(b("big"), big, -1)).length).isLessThan(big.length / 10);
    }

    @Test
    void keyMetaAndStructure() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out);
        w.writeHeader();
        w.writeStandardAux(1_700_000_000L, 5_000_000_000L,
                new RdbWriter.ReplicationInfo(3, "0123456789abcdef0123456789abcdef01234567", 12345), true);
        w.writeAux(new byte[] {0, 1}, new byte[] {(byte) 0xff});
        w.selectDb(0);
        w.resizeDb(3, 2);
        w.writeString(b("a"), b("1"), 1_800_000_000_123L);
        w.writeString(b("b"), b("2"), new KeyMeta(1_800_000_000_456L, 77, -1));
        w.writeString(b("c"), b("3"), KeyMeta.NONE.withLfuFreq(255));
        w.selectDb(15);
        w.resizeDb(1, 0);
        w.writeList(b("l"), bytesList("x"), KeyMeta.NONE.withLruIdle(1L << 40));
        long sum = w.finish();
        byte[] file = out.toByteArray();
        assertThat(new String(file, 0, 9)).isEqualTo("REDIS0010");
        assertThat(Bytes.i64le(file, file.length - 8)).isEqualTo(sum).isEqualTo(Crc64.update(0, file, 0, file.length - 8));

        Recorder r = RdbTestData.read(file);
        assertThat(r.version).isEqualTo(10);
        assertThat(r.checksum).isEqualTo(sum);
        assertThat(r.aux).containsExactly("redis-ver=7.0.15", "redis-bits=64", "ctime=1700000000",
                "used-mem=5000000000", "repl-stream-db=3", "repl-id=0123456789abcdef0123456789abcdef01234567",
                "repl-offset=12345", "aof-base=1", "\u0000\u0001=\ufffd");
        assertThat(r.events).containsExactly("select 0", "resize 3 2", "select 15", "resize 1 0");
        assertThat(r.get(0, "a").meta()).isEqualTo(new KeyMeta(1_800_000_000_123L, -1, -1));
        assertThat(r.get(0, "b").meta()).isEqualTo(new KeyMeta(1_800_000_000_456L, 77, -1));
        assertThat(r.get(0, "c").meta()).isEqualTo(new KeyMeta(-1, -1, 255));
        assertThat(r.get(15, "l").meta()).isEqualTo(new KeyMeta(-1, 1L << 40, -1));
    }

    @Test
    void checksumOff() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out).checksum(false);
        w.writeHeader();
        w.selectDb(0);
        w.writeString(b("k"), b("v"), -1);
        assertThat(w.finish()).isZero();
        byte[] file = out.toByteArray();
        assertThat(Arrays.copyOfRange(file, file.length - 8, file.length)).containsOnly(0);
        assertThat(RdbTestData.read(file).checksum).isZero();
    }

    // ------------------------------------------------------------ lists

    @Test
    void listsInQuicklist2() throws IOException {
        List<byte[]> small = bytesList("a", "1", "-1", "hello", "", "128", "007");
        Key k = roundTrip(w -> w.writeList(b("l"), small, 5_000L));
        assertThat(k.value()).isEqualTo(new RdbValue.ListValue(small, Rdb.TYPE_LIST_QUICKLIST_2));
        assertThat(k.value().rdbType()).isEqualTo(Rdb.TYPE_LIST_QUICKLIST_2);
        assertThat(k.meta().expireAtMs()).isEqualTo(5_000L);

        List<byte[]> big = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            big.add(i % 3 == 0 ? b(Integer.toString(i * 7919 - 50_000)) : b("element-" + i));
        }
        big.add(RdbTestData.random(RANDOM, 70_000)); // bigger than a node: a node of its own
        big.add(b("tail"));
        for (int fill : new int[] {-1, -2, -5, 1, 5, 128}) {
            RdbThresholds t = RdbThresholds.DEFAULTS.withListMaxListpackSize(fill);
            Key kb = roundTrip(t, true, w -> w.writeList(b("l"), big, -1));
            assertThat(kb.value()).isEqualTo(new RdbValue.ListValue(big, 18));
        }
    }

    @Test
    void listPlainNodes() throws IOException {
        List<byte[]> l = bytesList("a", "b".repeat(100), "c", "d".repeat(99), "e".repeat(101));
        RdbThresholds t = RdbThresholds.DEFAULTS.withListPackedThreshold(100);
        Key k = roundTrip(t, false, w -> w.writeList(b("l"), l, -1));
        assertThat(k.value()).isEqualTo(new RdbValue.ListValue(l, 18));
        // nodes: [a] plain[b*100] [c, d*99] plain[e*101]
        byte[] file = RdbTestData.file(t, false, w -> w.writeList(b("l"), l, -1));
        int at = indexOf(file, new byte[] {18, 1, 'l'}) + 3;
        assertThat(file[at]).isEqualTo((byte) 4);
        assertThat(file[at + 1]).isEqualTo((byte) Rdb.QUICKLIST_NODE_PACKED);
    }

    @Test
    void listpackIntegerBoundaries() throws IOException {
        long[] values = {0, 1, 127, 128, -1, -4096, 4095, 4096, -4097, 32767, 32768, -32768, -32769, 8388607,
            8388608, -8388608, -8388609, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE,
            Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE};
        List<byte[]> l = new ArrayList<>();
        for (long v : values) {
            l.add(b(Long.toString(v)));
        }
        l.add(b("9223372036854775808"));
        l.add(b("-9223372036854775809"));
        l.add(b("x".repeat(63)));
        l.add(b("x".repeat(64)));
        l.add(b("x".repeat(4095)));
        l.add(b("x".repeat(4096)));
        l.add(b("x".repeat(200_000)));
        Key k = roundTrip(RdbThresholds.DEFAULTS.withListMaxListpackSize(1000), false,
                w -> w.writeList(b("l"), l, -1));
        assertThat(k.value()).isEqualTo(new RdbValue.ListValue(l, 18));
    }

    // ------------------------------------------------------------ sets

    @Test
    void setEncodings() throws IOException {
        List<byte[]> ints = bytesList("3", "1", "-2", "100000");
        Key k = roundTrip(w -> w.writeSet(b("s"), ints, -1));
        assertThat(k.value().rdbType()).isEqualTo(Rdb.TYPE_SET_INTSET);
        assertThat(sorted(((RdbValue.SetValue) k.value()).members())).containsExactly("-2", "1", "100000", "3");
        // intset content is sorted numerically
        assertThat(((RdbValue.SetValue) k.value()).members()).extracting(RdbTestData::s)
                .containsExactly("-2", "1", "3", "100000");

        List<byte[]> int64 = bytesList("9223372036854775807", "-9223372036854775808", "0");
        assertThat(roundTrip(w -> w.writeSet(b("s"), int64, -1)).value().rdbType()).isEqualTo(11);
        assertThat(((RdbValue.SetValue) roundTrip(w -> w.writeSet(b("s"), int64, -1)).value()).members())
                .extracting(RdbTestData::s).containsExactly("-9223372036854775808", "0", "9223372036854775807");

        List<byte[]> mixed = bytesList("1", "a", "2");
        Key m = roundTrip(w -> w.writeSet(b("s"), mixed, -1));
        assertThat(m.value().rdbType()).isEqualTo(Rdb.TYPE_SET);
        assertThat(m.value()).isEqualTo(new RdbValue.SetValue(mixed, 2));

        assertThat(roundTrip(w -> w.writeSet(b("s"), bytesList("01"), -1)).value().rdbType()).isEqualTo(2);

        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            many.add(b(Integer.toString(i)));
        }
        assertThat(roundTrip(w -> w.writeSet(b("s"), many, -1)).value().rdbType()).isEqualTo(11);
        many.add(b("512"));
        Key big = roundTrip(w -> w.writeSet(b("s"), many, -1));
        assertThat(big.value().rdbType()).isEqualTo(2);
        assertThat(big.value().size()).isEqualTo(513);
    }

    @Test
    void intsetWidths() {
        assertThat(Intset.encode(new long[] {1, 2})).hasSize(8 + 4);
        assertThat(Intset.encode(new long[] {1, 40000})).hasSize(8 + 8);
        assertThat(Intset.encode(new long[] {-40000, 1})).hasSize(8 + 8);
        assertThat(Intset.encode(new long[] {1, 1L << 40})).hasSize(8 + 16);
    }

    // ------------------------------------------------------------ hashes

    @Test
    void hashEncodings() throws IOException {
        List<byte[][]> small = pairs("f1", "v1", "n", "12", "e", "");
        Key k = roundTrip(w -> w.writeHash(b("h"), small, -1));
        assertThat(k.value()).isEqualTo(new RdbValue.HashValue(small, Rdb.TYPE_HASH_LISTPACK));
        assertThat(k.value().rdbType()).isEqualTo(16);

        List<byte[][]> longValue = pairs("f", "v".repeat(65));
        assertThat(roundTrip(w -> w.writeHash(b("h"), longValue, -1)).value().rdbType()).isEqualTo(4);
        List<byte[][]> edgeValue = pairs("f".repeat(64), "v".repeat(64));
        assertThat(roundTrip(w -> w.writeHash(b("h"), edgeValue, -1)).value().rdbType()).isEqualTo(16);

        List<byte[][]> many = new ArrayList<>();
        for (int i = 0; i < 513; i++) {
            many.add(new byte[][] {b("field" + i), b(Integer.toString(i))});
        }
        Key big = roundTrip(w -> w.writeHash(b("h"), many, -1));
        assertThat(big.value()).isEqualTo(new RdbValue.HashValue(many, 4));
        assertThat(big.value().rdbType()).isEqualTo(4);
        Key bigLp = roundTrip(new RdbThresholds(1000, 64, 512, 128, 64, -2, 1L << 30), true,
                w -> w.writeHash(b("h"), many, -1));
        assertThat(bigLp.value()).isEqualTo(new RdbValue.HashValue(many, 16));
    }

    // ------------------------------------------------------------ sorted sets

    @Test
    void zsetEncodings() throws IOException {
        List<ZSetEntry> entries = new ArrayList<>(List.of(
                new ZSetEntry(b("c"), 3), new ZSetEntry(b("a"), 1.5), new ZSetEntry(b("b"), 0.1),
                new ZSetEntry(b("inf"), Double.POSITIVE_INFINITY), new ZSetEntry(b("ninf"), Double.NEGATIVE_INFINITY),
                new ZSetEntry(b("big"), 1e300), new ZSetEntry(b("tiny"), 4.9e-324), new ZSetEntry(b("negzero"), -0.0),
                new ZSetEntry(b("int"), 4503599627370496.0), new ZSetEntry(b("neg"), -12345),
                new ZSetEntry(b("x"), 1.5), new ZSetEntry(b("123"), 2)));
        List<ZSetEntry> expected = new ArrayList<>(entries);
        expected.sort(RdbWriter.ZSET_ORDER);

        Key k = roundTrip(w -> w.writeZSet(b("z"), entries, -1));
        assertThat(k.value().rdbType()).isEqualTo(Rdb.TYPE_ZSET_LISTPACK);
        assertThat(((RdbValue.ZSetValue) k.value()).entries()).containsExactlyElementsOf(expected);

        RdbThresholds noLp = new RdbThresholds(128, 64, 512, 0, 64, -2, 1L << 30);
        Key sk = roundTrip(noLp, true, w -> w.writeZSet(b("z"), entries, -1));
        assertThat(sk.value().rdbType()).isEqualTo(Rdb.TYPE_ZSET_2);
        List<ZSetEntry> descending = new ArrayList<>(expected);
        Collections.reverse(descending);
        assertThat(((RdbValue.ZSetValue) sk.value()).entries()).containsExactlyElementsOf(descending);

        List<ZSetEntry> longMember = List.of(new ZSetEntry(b("m".repeat(65)), 1));
        assertThat(roundTrip(w -> w.writeZSet(b("z"), longMember, -1)).value().rdbType()).isEqualTo(5);
    }

    @Test
    void emptyAndInvalidValuesAreRefusedByTheWriter() {
        RdbWriter w = new RdbWriter(new ByteArrayOutputStream());
        assertThatThrownBy(() -> w.writeList(b("k"), List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeSet(b("k"), List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeHash(b("k"), List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeZSet(b("k"), List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeSet(b("k"), bytesList("1", "1"), -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.writeZSet(b("k"), List.of(new ZSetEntry(b("a"), Double.NaN)), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamingReaderWithUnknownLength() throws IOException {
        byte[] file = RdbTestData.file(w -> {
            w.writeString(b("s"), RdbTestData.random(RANDOM, 300_000), -1);
            w.writeList(b("l"), bytesList("a", "b"), -1);
        });
        byte[] withTrailer = Arrays.copyOf(file, file.length + 5);
        Recorder r = new Recorder();
        // a stream that hands out at most 7 bytes per read
        java.io.InputStream slow = new java.io.ByteArrayInputStream(withTrailer) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        new RdbReader(slow, -1).read(r);
        assertThat(r.keys).hasSize(2);
        RdbReader known = new RdbReader(new java.io.ByteArrayInputStream(withTrailer), file.length);
        known.read(new Recorder());
        assertThat(known.offset()).isEqualTo(file.length);
        assertThat(known.unreadBytes()).isEmpty();
    }

    private static List<String> sorted(List<byte[]> l) {
        List<String> out = new ArrayList<>();
        for (byte[] x : l) {
            out.add(s(x));
        }
        Collections.sort(out);
        return out;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
