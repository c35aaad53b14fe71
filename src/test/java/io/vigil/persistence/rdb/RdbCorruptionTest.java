package io.vigil.persistence.rdb;

import static io.vigil.persistence.rdb.RdbTestData.b;
import static io.vigil.persistence.rdb.RdbTestData.bytesList;
import static io.vigil.persistence.rdb.RdbTestData.pairs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vigil.persistence.rdb.RdbTestData.Recorder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Corrupt input always ends in an RdbFormatException with a reason: no other exception, no OOM, no hang. */
class RdbCorruptionTest {

    /** A file with every type and encoding the writer produces, compressed strings included. */
    static byte[] sample(boolean compression) throws IOException {
        RdbThresholds t = RdbThresholds.DEFAULTS.withListMaxListpackSize(4);
        return RdbTestData.file(t, compression, w -> {
            w.writeString(b("int"), b("123"), -1);
            w.writeString(b("big"), b("compress me ".repeat(10)), 1_800_000_000_000L);
            w.writeString(b("raw"), b("plain"), KeyMeta.NONE.withLfuFreq(9));
            w.writeList(b("list"), bytesList("a", "1", "-300", "bb", "cc", "dd", "long".repeat(10)),
                    KeyMeta.NONE.withLruIdle(5));
            w.writeSet(b("iset"), bytesList("1", "70000", "-3"), -1);
            w.writeSet(b("sset"), bytesList("a", "b"), -1);
            w.writeHash(b("lph"), pairs("f", "v", "n", "1"), -1);
            w.writeHash(b("hth"), pairs("f", "v".repeat(70)), -1);
            w.writeZSet(b("lpz"), List.of(new ZSetEntry(b("m"), 1.5), new ZSetEntry(b("n"), -2)), -1);
            w.writeZSet(b("skz"), List.of(new ZSetEntry(b("m".repeat(70)), 3)), -1);
            w.selectDb(2);
            w.resizeDb(1, 0);
            w.writeString(b("db2"), b("x"), -1);
        });
    }

    /** Reads, and returns normally or with an RdbFormatException; anything else fails the test. */
    private static void readCleanly(byte[] data, boolean knownLength) {
        try {
            InputStream in = new ByteArrayInputStream(data);
            new RdbReader(in, knownLength ? data.length : -1).verifyChecksum(false).read(new Recorder());
        } catch (RdbFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (Throwable t) {
            fail("unexpected " + t + " for input " + Arrays.toString(data), t);
        }
    }

    @Test
    void truncationAtEveryOffset() throws IOException {
        for (boolean compression : new boolean[] {true, false}) {
            byte[] file = sample(compression);
            RdbTestData.read(file); // the whole file is fine
            for (int n = 0; n < file.length; n++) {
                byte[] cut = Arrays.copyOf(file, n);
                for (boolean known : new boolean[] {true, false}) {
                    assertThatThrownBy(() -> new RdbReader(new ByteArrayInputStream(cut), known ? cut.length : -1)
                            .read(new Recorder())).as("cut at %d", n).isInstanceOf(RdbFormatException.class);
                }
            }
        }
    }

    @Test
    void randomMutations() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            Random r = new Random(123);
            for (byte[] file : List.of(sample(true), sample(false), RdbLegacyFormatsTest.version9(),
                    RdbLegacyFormatsTest.version6())) {
                for (int round = 0; round < 10_000; round++) {
                    byte[] m = file.clone();
                    int changes = 1 + r.nextInt(3);
                    for (int c = 0; c < changes; c++) {
                        int at = 9 + r.nextInt(m.length - 9);
                        switch (r.nextInt(3)) {
                            case 0 -> m[at] = (byte) r.nextInt(256);
                            case 1 -> m[at] ^= (byte) (1 << r.nextInt(8));
                            default -> m[at] = (byte) (r.nextBoolean() ? 0xff : 0x80 + r.nextInt(2));
                        }
                    }
                    readCleanly(m, round % 2 == 0);
                }
            }
        });
    }

    @Test
    void checksumIsVerified() throws IOException {
        byte[] file = sample(true);
        byte[] bad = file.clone();
        bad[bad.length - 3] ^= 1;
        assertThatThrownBy(() -> RdbTestData.read(bad)).isInstanceOf(RdbFormatException.class)
                .hasMessageStartingWith("Wrong RDB checksum");
        new RdbReader(new ByteArrayInputStream(bad), bad.length).verifyChecksum(false).read(new Recorder());
        byte[] zero = file.clone();
        Arrays.fill(zero, zero.length - 8, zero.length, (byte) 0);
        assertThat(RdbTestData.read(zero).keys).hasSize(11); // 0 = saved without checksum: not checked
        byte[] body = file.clone();
        body[22] ^= 1; // inside the redis-ver AUX value: still readable, but the checksum no longer matches
        assertThatThrownBy(() -> RdbTestData.read(body)).hasMessageStartingWith("Wrong RDB checksum");
    }

    @Test
    void headerErrors() {
        assertThatThrownBy(() -> RdbTestData.read(b("RUBIS0010\u00ff"))).isInstanceOf(RdbFormatException.class)
                .hasMessage("Wrong signature trying to load DB from file");
        assertThatThrownBy(() -> RdbTestData.read(b("REDIS0011\u00ff"))).hasMessage("Can't handle RDB format version 11");
        assertThatThrownBy(() -> RdbTestData.read(b("REDIS0000\u00ff"))).hasMessage("Can't handle RDB format version 0");
        assertThatThrownBy(() -> RdbTestData.read(b("REDIS00a9\u00ff"))).hasMessage("Can't handle RDB format version 00a9");
        assertThatThrownBy(() -> RdbTestData.read(b("REDIS"))).hasMessageContaining("unexpected end");
    }

    /** A version 10 file: header, then {@code body}, then EOF and the right checksum. */
    static byte[] raw(int... body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b("REDIS0010"));
        for (int x : body) {
            out.write(x);
        }
        out.write(Rdb.OPCODE_EOF);
        byte[] sofar = out.toByteArray();
        byte[] c = new byte[8];
        Bytes.putI64le(c, 0, Crc64.of(sofar));
        out.writeBytes(c);
        return out.toByteArray();
    }

    private static void refused(String reasonPart, int... body) {
        assertThatThrownBy(() -> RdbTestData.read(raw(body))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining(reasonPart);
    }

    @Test
    void bogusLengthsFailWithoutAllocating() throws Exception {
        // a 2^40-byte string, 64-bit length
        int[] huge = {Rdb.TYPE_STRING, 1, 'k', 0x81, 0, 0, 1, 0, 0, 0, 0, 0};
        refused("too large", huge);
        // a 2 GB - 1 string: more than the input holds
        refused("too large", Rdb.TYPE_STRING, 1, 'k', 0x80, 0x7f, 0xff, 0xff, 0xf0);
        // a 256 MB string: more than the input holds
        refused("exceeds", Rdb.TYPE_STRING, 1, 'k', 0x80, 0x10, 0, 0, 0);
        // the same over a stream of unknown length that ends: memory grows only with the data that arrives
        byte[] prefix = {'R', 'E', 'D', 'I', 'S', '0', '0', '1', '0', Rdb.TYPE_STRING, 1, 'k', (byte) 0x80, 0x10,
            0, 0, 0};
        InputStream stream = new SequenceInputStream(new ByteArrayInputStream(prefix),
                new ByteArrayInputStream(new byte[3 << 20]));
        assertThatThrownBy(() -> new RdbReader(stream, -1).read(new Recorder())).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("unexpected end");
        // LZF: claimed uncompressed size far beyond what 5 bytes can expand to
        refused("cannot hold", Rdb.TYPE_STRING, 1, 'k', 0xC3, 5, 0x80, 0x7f, 0, 0, 0, 1, 2, 3, 4, 5);
        // LZF: garbage data
        refused("LZF", Rdb.TYPE_STRING, 1, 'k', 0xC3, 3, 30, 0xe0, 0xff, 0xff);
        // counts beyond the input
        refused("cannot fit", Rdb.TYPE_LIST, 1, 'k', 0x80, 0x10, 0, 0, 0, 1, 'a');
        refused("cannot fit", Rdb.TYPE_SET, 1, 'k', 0x81, 0, 0, 0x10, 0, 0, 0, 0, 0);
        refused("cannot fit", Rdb.TYPE_LIST_QUICKLIST_2, 1, 'k', 0x80, 0x10, 0, 0, 0);
        refused("unknown length encoding", Rdb.TYPE_STRING, 1, 'k', 0x82);
        refused("Unknown RDB string encoding", Rdb.TYPE_STRING, 1, 'k', 0xC4);
    }

    @Test
    void bogusCountsOverAnEndlessStreamEndAtItsEnd() {
        // 2^40 list elements announced; the stream then has 1 MB of one-byte elements (empty strings) and ends.
        byte[] prefix = {'R', 'E', 'D', 'I', 'S', '0', '0', '1', '0', Rdb.TYPE_LIST, 1, 'k', (byte) 0x81, 0, 0, 1, 0,
            0, 0, 0, 0};
        InputStream stream = new SequenceInputStream(new ByteArrayInputStream(prefix),
                new ByteArrayInputStream(new byte[1 << 20]));
        assertThatThrownBy(() -> new RdbReader(stream, -1).read(new Recorder())).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("unexpected end");
    }

    @Test
    void badValues() {
        refused("unknown RDB value type or opcode 200", 200);
        refused("Pre-release function format not supported", Rdb.OPCODE_FUNCTION_PRE_GA);
        refused("Pre-release module format not supported", Rdb.TYPE_MODULE_PRE_GA, 1, 'k');
        refused("unsupported RDB type 7 (module value)", Rdb.TYPE_MODULE_2, 1, 'k', 5);
        refused("unsupported RDB type 15 (stream-listpacks): streams are not supported yet",
                Rdb.TYPE_STREAM_LISTPACKS, 1, 'k');
        refused("unsupported RDB type 21", Rdb.TYPE_STREAM_LISTPACKS_3, 1, 'k');
        refused("unsupported RDB type 20", Rdb.TYPE_SET_LISTPACK, 1, 'k');
        refused("Duplicate set members detected: \"a\"", Rdb.TYPE_SET, 1, 'k', 2, 1, 'a', 1, 'a');
        refused("Duplicate hash fields detected", Rdb.TYPE_HASH, 1, 'k', 2, 1, 'a', 1, 'b', 1, 'a', 1, 'c');
        refused("Duplicate sorted set members detected", Rdb.TYPE_ZSET, 1, 'k', 2, 1, 'a', 1, '1', 1, 'a', 1, '2');
        refused("Zset with NAN score detected", Rdb.TYPE_ZSET, 1, 'k', 1, 1, 'a', 253);
        refused("invalid score", Rdb.TYPE_ZSET, 1, 'k', 1, 1, 'a', 1, 'x');
        refused("Zset with NAN score detected", Rdb.TYPE_ZSET_2, 1, 'k', 1, 1, 'a', 0, 0, 0, 0, 0, 0, 0xf8, 0x7f);
        refused("unknown node container 3", Rdb.TYPE_LIST_QUICKLIST_2, 1, 'k', 1, 3, 1, 'x');
        refused("invalid database number", Rdb.OPCODE_SELECTDB, 0x81, 0, 0, 0, 1, 0, 0, 0, 0);
        // the key names itself in the message
        refused("key \"k\" (set)", Rdb.TYPE_SET, 1, 'k', 2, 1, 'a', 1, 'a');
    }

    private static int[] blobValue(int type, byte[] blob) {
        int[] out = new int[3 + 1 + blob.length];
        out[0] = type;
        out[1] = 1;
        out[2] = 'k';
        out[3] = blob.length; // < 64 in these tests
        for (int i = 0; i < blob.length; i++) {
            out[4 + i] = blob[i] & 0xff;
        }
        return out;
    }

    @Test
    void corruptCompactEncodings() {
        byte[] lp = new Listpack.Builder(16).add(b("a")).add(b("1")).add(b("b")).add(b("2")).build();
        assertThat(lp.length).isLessThan(64);
        byte[] wrongTotal = lp.clone();
        wrongTotal[0]++;
        refused("listpack header says", blobValue(Rdb.TYPE_HASH_LISTPACK, wrongTotal));
        byte[] wrongCount = lp.clone();
        wrongCount[4] = 3;
        refused("listpack header says 3 elements, found 4", blobValue(Rdb.TYPE_HASH_LISTPACK, wrongCount));
        byte[] wrongBacklen = lp.clone();
        wrongBacklen[8] = 5; // backlen of the first entry (0x81 'a': 2 bytes)
        refused("back length", blobValue(Rdb.TYPE_HASH_LISTPACK, wrongBacklen));
        byte[] noEnd = lp.clone();
        noEnd[noEnd.length - 1] = 0x01;
        refused("listpack", blobValue(Rdb.TYPE_HASH_LISTPACK, noEnd));
        byte[] badEnc = lp.clone();
        badEnc[6] = (byte) 0xF7;
        refused("invalid listpack entry encoding 0xf7", blobValue(Rdb.TYPE_HASH_LISTPACK, badEnc));
        byte[] longString = lp.clone();
        longString[6] = (byte) 0xBF; // 6-bit string of 63 bytes
        refused("runs past the end", blobValue(Rdb.TYPE_HASH_LISTPACK, longString));
        byte[] odd = new Listpack.Builder(16).add(b("a")).add(b("1")).add(b("b")).build();
        refused("odd number", blobValue(Rdb.TYPE_HASH_LISTPACK, odd));
        refused("odd number", blobValue(Rdb.TYPE_ZSET_LISTPACK, odd));
        byte[] dupHash = new Listpack.Builder(16).add(b("a")).add(b("1")).add(b("a")).add(b("2")).build();
        refused("Duplicate hash fields", blobValue(Rdb.TYPE_HASH_LISTPACK, dupHash));
        byte[] badScore = new Listpack.Builder(16).add(b("a")).add(b("x1")).build();
        refused("invalid score", blobValue(Rdb.TYPE_ZSET_LISTPACK, badScore));

        refused("invalid intset encoding 3", blobValue(Rdb.TYPE_SET_INTSET, new byte[] {3, 0, 0, 0, 0, 0, 0, 0}));
        refused("cannot be", blobValue(Rdb.TYPE_SET_INTSET, new byte[] {2, 0, 0, 0, 5, 0, 0, 0, 1, 0}));
        refused("strictly ascending", blobValue(Rdb.TYPE_SET_INTSET, new byte[] {2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 1, 0}));

        byte[] zl = LegacyRdb.ziplist(List.of("a", 1L, "b"));
        byte[] badTail = zl.clone();
        badTail[4]++;
        refused("ziplist tail offset", blobValue(Rdb.TYPE_LIST_ZIPLIST, badTail));
        byte[] badPrev = zl.clone();
        badPrev[10 + 3] = 7; // prevlen of the second entry
        refused("previous length", blobValue(Rdb.TYPE_LIST_ZIPLIST, badPrev));
        byte[] badZlEnc = zl.clone();
        badZlEnc[10 + 1] = (byte) 0x81; // 10xxxxxx other than 0x80
        refused("invalid ziplist encoding", blobValue(Rdb.TYPE_LIST_ZIPLIST, badZlEnc));
        byte[] zlCount = zl.clone();
        zlCount[8] = 5;
        refused("ziplist header says 5 elements, found 3", blobValue(Rdb.TYPE_LIST_ZIPLIST, zlCount));

        byte[] zm = LegacyRdb.zipmap(List.<String[]>of(new String[] {"a", "b"}), 0);
        byte[] zmBad = zm.clone();
        zmBad[2 + 1] = 60; // value length beyond the zipmap... (after "a": len byte of the value)
        refused("zipmap", blobValue(Rdb.TYPE_HASH_ZIPMAP, zmBad));
    }

    @Test
    void emptyCollectionsAreSkippedAndReported() throws IOException {
        byte[] emptyLp = new Listpack.Builder(8).build();
        byte[] emptyZl = LegacyRdb.ziplist(List.of());
        List<int[]> bodies = new ArrayList<>();
        bodies.add(new int[] {Rdb.TYPE_SET, 1, 'k', 0});
        bodies.add(new int[] {Rdb.TYPE_LIST_QUICKLIST_2, 1, 'k', 0});
        bodies.add(blobValue(Rdb.TYPE_HASH_LISTPACK, emptyLp));
        bodies.add(blobValue(Rdb.TYPE_LIST_ZIPLIST, emptyZl));
        bodies.add(blobValue(Rdb.TYPE_SET_INTSET, new byte[] {2, 0, 0, 0, 0, 0, 0, 0}));
        for (int[] body : bodies) {
            Recorder r = RdbTestData.read(raw(body));
            assertThat(r.keys).isEmpty();
            assertThat(r.events).containsExactly("empty k");
        }
    }
}
