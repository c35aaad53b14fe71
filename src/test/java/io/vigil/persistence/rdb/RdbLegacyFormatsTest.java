package io.vigil.persistence.rdb;

import static io.vigil.persistence.rdb.RedisData.canonical;
import static io.vigil.persistence.rdb.RedisData.canonicalFromRedis;
import static io.vigil.persistence.rdb.RedisData.latin;
import static io.vigil.persistence.rdb.RedisData.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.persistence.rdb.RdbTestData.Key;
import io.vigil.persistence.rdb.RdbTestData.Recorder;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The old encodings (ziplist, zipmap, quicklist of ziplists, types 1 and 3, EXPIRETIME in seconds, RDB 4 without
 * checksum, RDB 6, RDB 9): files built here are read by RdbReader, and real Redis 7.0 loads the same files with the
 * same content — so both the test vectors and the reader follow the format.
 */
class RdbLegacyFormatsTest {

    @TempDir
    Path tmp;

    static byte[] version9() {
        LegacyRdb f = new LegacyRdb(9);
        f.selectDb(0);
        List<Object> items = new ArrayList<>(List.of("a", 0L, 12L, 13L, -1L, 127L, -128L, 128L, 32767L, -32768L,
                40000L, 8388607L, -8388608L, 8388608L, 2147483647L, -2147483648L, 2147483648L, Long.MAX_VALUE,
                Long.MIN_VALUE, "x".repeat(63), "y".repeat(64), "z".repeat(300), "after", "w".repeat(16384), "end"));
        f.key(Rdb.TYPE_LIST_ZIPLIST, "zl:list").str(LegacyRdb.ziplist(items));
        f.key(Rdb.TYPE_HASH_ZIPLIST, "zl:hash").str(LegacyRdb.ziplist(List.of("f1", "v1", "n", 5L, "big",
                "x".repeat(300))));
        f.key(Rdb.TYPE_ZSET_ZIPLIST, "zl:zset").str(LegacyRdb.ziplist(List.of("c", -2L, "a", "1.5", "b", 3L, "d",
                "inf")));
        f.key(Rdb.TYPE_LIST_QUICKLIST, "ql:list").len(2).str(LegacyRdb.ziplist(List.of("a", "b", 1L)))
                .str(LegacyRdb.ziplist(List.of("c", 99999L)));
        f.key(Rdb.TYPE_LIST, "old:list").len(3).str("x").str("y").str("z");
        f.key(Rdb.TYPE_ZSET, "old:zset").len(3).str("m1").textDouble(1.5).str("m2")
                .textDouble(Double.POSITIVE_INFINITY).str("m3").textDouble(Double.NEGATIVE_INFINITY);
        f.key(Rdb.TYPE_SET, "old:set").len(2).str("p").str("q");
        f.key(Rdb.TYPE_HASH, "old:hash").len(1).str("k").str("v");
        f.key(Rdb.TYPE_SET_INTSET, "old:intset").str(Intset.encode(new long[] {-5, 7, 70000}));
        f.expireSeconds(2_000_000_000).key(Rdb.TYPE_STRING, "old:ttl").str("t");
        f.selectDb(3);
        f.key(Rdb.TYPE_STRING, "db3:str").str("three");
        return f.finish();
    }

    static byte[] version6() {
        LegacyRdb f = new LegacyRdb(6);
        f.selectDb(0);
        f.key(Rdb.TYPE_HASH_ZIPMAP, "zm:hash").str(LegacyRdb.zipmap(List.of(new String[] {"f", "v"},
                new String[] {"long", "L".repeat(300)}, new String[] {"n", "12"}), 2));
        f.key(Rdb.TYPE_STRING, "s").str("plain");
        f.expireSeconds(1_999_999_999).key(Rdb.TYPE_LIST, "l").len(1).str("only");
        return f.finish();
    }

    static byte[] version4() {
        LegacyRdb f = new LegacyRdb(4);
        f.selectDb(0);
        f.key(Rdb.TYPE_STRING, "s4").str("four");
        f.key(Rdb.TYPE_HASH_ZIPMAP, "zm4").str(LegacyRdb.zipmap(List.<String[]>of(new String[] {"a", "b"}), 0));
        return f.finish();
    }

    private static Map<String, String> readOurs(byte[] file, Recorder r) throws Exception {
        RdbReader.read(file, r);
        Map<String, String> got = new LinkedHashMap<>();
        for (Key k : r.keys) {
            got.put(k.db() + ":" + latin(k.key()), canonical(k.value()));
        }
        return got;
    }

    @Test
    void readsOldEncodings() throws Exception {
        Recorder r = new Recorder();
        Map<String, String> got = readOurs(version9(), r);
        assertThat(r.version).isEqualTo(9);
        assertThat(got.get("0:zl:list")).startsWith("list:[a, 0, 12, 13, -1, 127, -128, 128, 32767, -32768, 40000, "
                + "8388607, -8388608, 8388608, 2147483647, -2147483648, 2147483648, 9223372036854775807, "
                + "-9223372036854775808, xxx");
        assertThat(got.get("0:zl:hash")).isEqualTo("hash:{big=" + "x".repeat(300) + ", f1=v1, n=5}");
        assertThat(got.get("0:zl:zset")).isEqualTo("zset:[c=-2, a=1.5, b=3, d=inf]");
        assertThat(got.get("0:ql:list")).isEqualTo("list:[a, b, 1, c, 99999]");
        assertThat(got.get("0:old:list")).isEqualTo("list:[x, y, z]");
        assertThat(got.get("0:old:zset")).isEqualTo("zset:[m3=-inf, m1=1.5, m2=inf]");
        assertThat(got.get("0:old:intset")).isEqualTo("set:[-5, 7, 70000]");
        assertThat(got.get("3:db3:str")).isEqualTo("string:three");
        assertThat(r.get(0, "old:ttl").meta().expireAtMs()).isEqualTo(2_000_000_000_000L);
        assertThat(r.get(0, "zl:list").value().rdbType()).isEqualTo(Rdb.TYPE_LIST_ZIPLIST);

        Recorder r6 = new Recorder();
        assertThat(readOurs(version6(), r6)).containsEntry("0:zm:hash", "hash:{f=v, long=" + "L".repeat(300)
                + ", n=12}").containsEntry("0:l", "list:[only]");
        Recorder r4 = new Recorder();
        assertThat(readOurs(version4(), r4)).containsEntry("0:s4", "string:four").containsEntry("0:zm4",
                "hash:{a=b}");
        assertThat(r4.checksum).isZero();
    }

    @Test
    void realRedisLoadsTheSameContent() throws Exception {
        for (byte[] file : List.of(version9(), version6(), version4())) {
            Path path = tmp.resolve("legacy-" + file.length + ".rdb");
            Files.write(path, file);
            RdbRedisInteropTest.checkRdb(path);
            Map<String, String> ours = readOurs(file, new Recorder());
            Map<String, String> theirs = new LinkedHashMap<>();
            try (ServerProcess redis = ServerProcess.redis().name("rdb-legacy").arg("dir", tmp.toString())
                    .arg("dbfilename", path.getFileName().toString()).start();
                 Resp c = redis.connect()) {
                for (int db : new int[] {0, 3}) {
                    ok(c, "SELECT", db);
                    for (byte[] key : RedisData.keys(c)) {
                        theirs.put(db + ":" + latin(key), canonicalFromRedis(c, key));
                    }
                }
                ok(c, "SELECT", 0);
                if (ours.containsKey("0:old:ttl")) {
                    assertThat(ok(c, "PEXPIRETIME", "old:ttl").asLong()).isEqualTo(2_000_000_000_000L);
                }
            }
            assertThat(theirs).isEqualTo(ours);
        }
    }
}
