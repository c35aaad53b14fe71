package io.vigil.persistence.rdb;

import static io.vigil.persistence.rdb.RedisData.b;
import static io.vigil.persistence.rdb.RedisData.canonical;
import static io.vigil.persistence.rdb.RedisData.canonicalFromRedis;
import static io.vigil.persistence.rdb.RedisData.latin;
import static io.vigil.persistence.rdb.RedisData.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.persistence.rdb.RdbTestData.Key;
import io.vigil.persistence.rdb.RdbTestData.Recorder;
import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import io.vigil.testing.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with real Redis 7.0: Redis's snapshots and DUMP payloads are read exactly, and files and
 * payloads written here are accepted by redis-check-rdb, loaded by redis-server and RESTOREd with the same data.
 */
class RdbRedisInteropTest {

    private static ServerProcess redis;
    private static Resp conn;
    /** What Redis reports for each key, by "db:key" (latin-1). */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();
    private static final Map<String, String> ENCODING = new HashMap<>();
    private static final Map<String, Long> EXPIRE = new HashMap<>();
    private static final Map<String, String> DIGEST = new HashMap<>();
    private static final int[] DBS = {0, 1, 5, 15};
    private static String datasetDigest;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRedis() {
        redis = ServerProcess.redis().name("rdb-source").arg("enable-debug-command", "yes").start();
        conn = redis.connect();
        long now = System.currentTimeMillis();
        RedisData.populate(conn, now);
        for (int db : DBS) {
            ok(conn, "SELECT", db);
            for (byte[] key : RedisData.keys(conn)) {
                String id = db + ":" + latin(key);
                EXPECTED.put(id, canonicalFromRedis(conn, key));
                ENCODING.put(id, ok(conn, "TYPE", key).asString() + "/" + ok(conn, "OBJECT", "ENCODING", key).asString());
                EXPIRE.put(id, ok(conn, "PEXPIRETIME", key).asLong());
                DIGEST.put(id, ok(conn, "DEBUG", "DIGEST-VALUE", key).asList().get(0).asString());
            }
        }
        ok(conn, "SELECT", 0);
        datasetDigest = ok(conn, "DEBUG", "DIGEST").asString();
        assertThat(EXPECTED).hasSizeGreaterThan(30);
        assertThat(ENCODING.values()).contains("string/int", "string/embstr", "string/raw", "list/quicklist",
                "set/intset", "set/hashtable", "hash/listpack", "hash/hashtable", "zset/listpack", "zset/skiplist");
    }

    @AfterAll
    static void stopRedis() {
        if (conn != null) {
            conn.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static Recorder redisSnapshot() throws IOException {
        ok(conn, "SAVE");
        Path dump = redis.dir().resolve("dump.rdb");
        Recorder r = new Recorder();
        RdbReader.read(dump, r);
        return r;
    }

    // ---------------------------------------------------------------- reading Redis's files

    @Test
    void readsRedisSnapshotExactly() throws IOException {
        Recorder r = redisSnapshot();
        assertThat(r.version).isEqualTo(10);
        assertThat(r.checksum).isNotZero();
        assertThat(r.aux).contains("redis-ver=7.0.15", "redis-bits=64", "aof-base=0");
        assertThat(r.aux).anyMatch(a -> a.startsWith("ctime=")).anyMatch(a -> a.startsWith("used-mem="));
        Map<String, String> got = new LinkedHashMap<>();
        for (Key k : r.keys) {
            String id = k.db() + ":" + latin(k.key());
            got.put(id, canonical(k.value()));
            String[] te = ENCODING.get(id).split("/");
            assertThat(k.value().rdbType()).as("RDB type of %s (%s)", id, ENCODING.get(id))
                    .isEqualTo(RedisData.rdbTypeFor(te[0], te[1]));
            assertThat(k.meta().expireAtMs()).as("expire of %s", id).isEqualTo(EXPIRE.get(id));
        }
        assertThat(got).isEqualTo(EXPECTED);
        assertThat(r.events).contains("select 0", "select 1", "select 5", "select 15");
    }

    @Test
    void readsRedisSnapshotWithoutCompressionAndChecksum() throws IOException {
        try (ServerProcess plain = ServerProcess.redis().name("rdb-plain").arg("rdbcompression", "no")
                .arg("rdbchecksum", "no").start();
             Resp c = plain.connect()) {
            RedisData.populate(c, System.currentTimeMillis());
            Map<String, String> expected = new LinkedHashMap<>();
            for (int db : DBS) {
                ok(c, "SELECT", db);
                for (byte[] key : RedisData.keys(c)) {
                    expected.put(db + ":" + latin(key), canonicalFromRedis(c, key));
                }
            }
            ok(c, "SAVE");
            Recorder r = new Recorder();
            RdbReader.read(plain.dir().resolve("dump.rdb"), r);
            assertThat(r.checksum).isZero();
            Map<String, String> got = new LinkedHashMap<>();
            for (Key k : r.keys) {
                got.put(k.db() + ":" + latin(k.key()), canonical(k.value()));
            }
            assertThat(got).isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------- writing files Redis loads

    @Test
    void redisLoadsWhatWeWrite() throws Exception {
        Recorder snapshot = redisSnapshot();
        for (boolean compression : new boolean[] {true, false}) {
            Path file = tmp.resolve("vigil-" + compression + ".rdb");
            try (OutputStream out = Files.newOutputStream(file)) {
                writeSnapshot(out, snapshot, compression, compression);
            }
            checkRdb(file);
            try (ServerProcess loaded = ServerProcess.redis().name("rdb-load")
                    .arg("dir", tmp.toString()).arg("dbfilename", file.getFileName().toString())
                    .arg("enable-debug-command", "yes").start();
                 Resp c = loaded.connect()) {
                assertThat(ok(c, "DEBUG", "DIGEST").asString()).isEqualTo(datasetDigest);
                for (int db : DBS) {
                    ok(c, "SELECT", db);
                    for (byte[] key : RedisData.keys(c)) {
                        String id = db + ":" + latin(key);
                        assertThat(canonicalFromRedis(c, key)).as(id).isEqualTo(EXPECTED.get(id));
                        assertThat(ok(c, "TYPE", key).asString() + "/" + ok(c, "OBJECT", "ENCODING", key).asString())
                                .as("encoding of %s", id).isEqualTo(ENCODING.get(id));
                        assertThat(ok(c, "PEXPIRETIME", key).asLong()).as("expire of %s", id).isEqualTo(EXPIRE.get(id));
                        assertThat(ok(c, "DEBUG", "DIGEST-VALUE", key).asList().get(0).asString()).as(id)
                                .isEqualTo(DIGEST.get(id));
                    }
                }
            }
        }
    }

    private static void writeSnapshot(OutputStream out, Recorder snapshot, boolean compression, boolean checksum)
            throws IOException {
        RdbWriter w = new RdbWriter(out).compression(compression).checksum(checksum);
        w.writeHeader();
        w.writeStandardAux(System.currentTimeMillis() / 1000, 1_000_000, null, false);
        int db = -1;
        for (Key k : snapshot.keys) {
            if (k.db() != db) {
                db = k.db();
                w.selectDb(db);
                int finalDb = db;
                w.resizeDb(snapshot.keys.stream().filter(x -> x.db() == finalDb).count(),
                        snapshot.keys.stream().filter(x -> x.db() == finalDb && x.meta().hasExpire()).count());
            }
            writeKey(w, k.key(), k.value(), k.meta());
        }
        w.finish();
    }

    static void writeKey(RdbWriter w, byte[] key, RdbValue v, KeyMeta meta) throws IOException {
        if (v instanceof RdbValue.Str s) {
            w.writeString(key, s.value(), meta);
        } else if (v instanceof RdbValue.ListValue l) {
            w.writeList(key, l.elements(), meta);
        } else if (v instanceof RdbValue.SetValue s) {
            w.writeSet(key, s.members(), meta);
        } else if (v instanceof RdbValue.HashValue h) {
            w.writeHash(key, h.pairs(), meta);
        } else {
            w.writeZSet(key, ((RdbValue.ZSetValue) v).entries(), meta);
        }
    }

    /** redis-check-rdb must say the file is fine. */
    static void checkRdb(Path file) throws Exception {
        Process p = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("RDB looks OK");
    }

    // ---------------------------------------------------------------- DUMP / RESTORE

    @Test
    void parsesRedisDumpPayloads() throws Exception {
        for (int db : DBS) {
            ok(conn, "SELECT", db);
            for (byte[] key : RedisData.keys(conn)) {
                String id = db + ":" + latin(key);
                byte[] payload = ((Resp.Bulk) ok(conn, "DUMP", key)).bytes();
                RdbValue v = DumpPayload.parse(payload);
                assertThat(canonical(v)).as(id).isEqualTo(EXPECTED.get(id));
                String[] te = ENCODING.get(id).split("/");
                assertThat(v.rdbType()).as(id).isEqualTo(RedisData.rdbTypeFor(te[0], te[1]));
            }
        }
        ok(conn, "SELECT", 0);
    }

    @Test
    void redisRestoresOurPayloadsAndTheyMatchItsDumps() throws Exception {
        Map<String, RdbValue> values = new LinkedHashMap<>();
        for (Key k : redisSnapshot().keys) {
            values.put(k.db() + ":" + latin(k.key()), k.value());
        }
        List<String> identical = new ArrayList<>();
        List<String> different = new ArrayList<>();
        ok(conn, "CONFIG", "SET", "rdbcompression", "no");
        try {
            for (Map.Entry<String, RdbValue> e : values.entrySet()) {
                String id = e.getKey();
                int db = Integer.parseInt(id.substring(0, id.indexOf(':')));
                byte[] key = id.substring(id.indexOf(':') + 1).getBytes(StandardCharsets.ISO_8859_1);
                for (boolean compression : new boolean[] {true, false}) {
                    byte[] payload = DumpPayload.create(RdbThresholds.DEFAULTS, compression,
                            w -> w.writeValue(e.getValue()));
                    ok(conn, "SELECT", 9);
                    long expire = EXPIRE.get(id);
                    if (expire >= 0) {
                        ok(conn, "RESTORE", key, expire, payload, "REPLACE", "ABSTTL");
                    } else {
                        ok(conn, "RESTORE", key, 0, payload, "REPLACE");
                    }
                    assertThat(canonicalFromRedis(conn, key)).as(id).isEqualTo(EXPECTED.get(id));
                    assertThat(ok(conn, "DEBUG", "DIGEST-VALUE", key).asList().get(0).asString()).as(id)
                            .isEqualTo(DIGEST.get(id));
                    assertThat(ok(conn, "TYPE", key).asString() + "/" + ok(conn, "OBJECT", "ENCODING", key).asString())
                            .as(id).isEqualTo(ENCODING.get(id));
                    if (!compression) {
                        ok(conn, "SELECT", db);
                        byte[] theirs = ((Resp.Bulk) ok(conn, "DUMP", key)).bytes();
                        (java.util.Arrays.equals(theirs, payload) ? identical : different).add(id);
                    }
                }
            }
        } finally {
            ok(conn, "CONFIG", "SET", "rdbcompression", "yes");
            ok(conn, "SELECT", 9);
            ok(conn, "FLUSHDB");
            ok(conn, "SELECT", 0);
        }
        // Byte for byte the same as Redis's own DUMP, except where Redis's order is its hash table's.
        for (String id : different) {
            assertThat(ENCODING.get(id)).as(id).isIn("set/hashtable", "hash/hashtable");
        }
        assertThat(identical).hasSizeGreaterThan(25);
    }

    @Test
    void restoreErrorsMatchRedis() throws Exception {
        // Vigil checks payloads deeply, as Redis does with sanitize-dump-payload yes.
        ok(conn, "CONFIG", "SET", "sanitize-dump-payload", "yes");
        byte[] good = DumpPayload.create(w -> w.writeListValue(List.of(b("a"), b("b"))));
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[0]);
        bad.add(new byte[] {1, 2, 3});
        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 1;
        bad.add(flipped);
        byte[] flippedBody = good.clone();
        flippedBody[3] ^= 1;
        bad.add(flippedBody);
        bad.add(withFooter(body(good), 11));
        bad.add(withFooter(new byte[] {(byte) 200, 1, 2}, 10)); // unknown type
        bad.add(withFooter(new byte[] {0, 10, 'a'}, 10)); // string shorter than its length
        bad.add(withFooter(new byte[] {0, (byte) 0xC3, 5, 100, 1, 2, 3, 4, 5}, 10)); // bad LZF
        bad.add(withFooter(new byte[] {Rdb.TYPE_STREAM_LISTPACKS}, 10));
        bad.add(withFooter(new byte[] {Rdb.TYPE_SET, 2, 1, 'a', 1, 'a'}, 10)); // duplicate members
        bad.add(withFooter(new byte[] {Rdb.TYPE_SET, 0}, 10)); // empty set
        bad.add(withFooter(new byte[] {Rdb.TYPE_ZSET_2, 1, 1, 'a', 0, 0, 0, 0, 0, 0, (byte) 0xf8, 0x7f}, 10)); // NaN
        bad.add(withFooter(new byte[] {Rdb.TYPE_HASH, 1, 1, 'a'}, 10)); // missing value
        bad.add(withFooter(new byte[] {Rdb.TYPE_SET_INTSET, 12, 2, 0, 0, 0, 2, 0, 0, 0, 5, 0, 3, 0}, 10)); // unsorted
        bad.add(withFooter(new byte[] {0, 1, 'a', 'x', 'y', 'z'}, 10)); // bytes after the value: ignored
        bad.add(withFooter(new byte[] {Rdb.TYPE_HASH_LISTPACK, 9, 9, 0, 0, 0, 1, 0, 1, 1, (byte) 0xff}, 10));
        bad.add(withFooter(new byte[] {Rdb.TYPE_HASH_LISTPACK, 15, 15, 0, 0, 0, 4, 0, 1, 1, 2, 1, 1, 1, 3, 1,
            (byte) 0xff}, 10)); // duplicate field "1"
        int accepted = 0;
        try {
            for (byte[] payload : bad) {
                Reply theirs = conn.send(b("RESTORE"), b("restore:test"), b("0"), payload, b("REPLACE"));
                String what = "payload " + java.util.Arrays.toString(payload);
                if (theirs.isError()) {
                    String ours;
                    try {
                        DumpPayload.parse(payload);
                        ours = "accepted";
                    } catch (DumpPayload.InvalidPayload e) {
                        ours = e.getMessage();
                    }
                    assertThat(ours).as(what).isEqualTo(theirs.asString());
                } else {
                    accepted++;
                    assertThat(canonical(DumpPayload.parse(payload))).as(what)
                            .isEqualTo(canonicalFromRedis(conn, b("restore:test")));
                }
            }
        } finally {
            ok(conn, "CONFIG", "SET", "sanitize-dump-payload", "no");
        }
        assertThat(accepted).isEqualTo(2); // the string whose length runs into the footer, and the trailing bytes
        // the good one is accepted by both
        assertThat(conn.send(b("RESTORE"), b("restore:test"), b("0"), good, b("REPLACE")).isError()).isFalse();
        ok(conn, "DEL", "restore:test");
    }

    private static byte[] body(byte[] payload) {
        return java.util.Arrays.copyOf(payload, payload.length - 10);
    }

    static byte[] withFooter(byte[] body, int version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(body);
        out.write(version & 0xff);
        out.write(version >>> 8);
        byte[] sofar = out.toByteArray();
        long crc = Crc64.of(sofar);
        byte[] c = new byte[8];
        Bytes.putI64le(c, 0, crc);
        out.writeBytes(c);
        return out.toByteArray();
    }
}
