package io.vigil.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.persistence.rdb.RedisData;
import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import io.vigil.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RDB persistence through the wire, against real Redis 7.0: SAVE files Redis loads and checks, Redis dumps Vigil
 * loads, DUMP/RESTORE both ways, restart with save points, and a crash during SAVE. Equality is checked with
 * DEBUG DIGEST (the whole dataset) and DEBUG DIGEST-VALUE plus PEXPIRETIME per key.
 */
class RdbServerIT {

    private static final int[] DBS = {0, 1, 5, 15};

    @TempDir
    Path tmp;

    static Reply ok(Resp r, Object... args) {
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            raw[i] = args[i] instanceof byte[] x ? x : args[i].toString().getBytes(StandardCharsets.UTF_8);
        }
        Reply reply = r.send(raw);
        if (reply.isError()) {
            throw new AssertionError("error from " + new String(raw[0], StandardCharsets.ISO_8859_1) + ": " + reply);
        }
        return reply;
    }

    static ServerProcess.Builder vigil(String name) {
        return ServerProcess.vigil().name(name).arg("enable-debug-command", "yes");
    }

    static ServerProcess.Builder redis(String name) {
        return ServerProcess.redis().name(name).arg("enable-debug-command", "yes");
    }

    /** Per "db:key" (latin-1): DIGEST-VALUE and PEXPIRETIME; plus "*" for the dataset digest. */
    static Map<String, String> fingerprint(Resp r) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("*", ok(r, "DEBUG", "DIGEST").asString());
        for (int db : DBS) {
            ok(r, "SELECT", db);
            for (byte[] key : RedisData.keys(r)) {
                String id = db + ":" + new String(key, StandardCharsets.ISO_8859_1);
                out.put(id, ok(r, "DEBUG", "DIGEST-VALUE", key).asList().get(0).asString() + " pexpiretime="
                        + ok(r, "PEXPIRETIME", key).asLong());
            }
        }
        ok(r, "SELECT", 0);
        return out;
    }

    static void copyDump(ServerProcess from, Path toDir) throws IOException {
        Files.createDirectories(toDir);
        Files.copy(from.dir().resolve("dump.rdb"), toDir.resolve("dump.rdb"));
    }

    static String checkRdb(Path file) throws Exception {
        Process p = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aVigilSaveIsCheckedAndLoadedByRedisWithTheSameData() throws Exception {
        Path redisDir = tmp.resolve("redis-data");
        Map<String, String> expected;
        try (ServerProcess v = vigil("save-source").start(); Resp r = v.connect()) {
            RedisData.populate(r, System.currentTimeMillis());
            expected = fingerprint(r);
            assertThat(expected.get("*")).isNotEqualTo("0".repeat(40));
            assertThat(ok(r, "SAVE").asString()).isEqualTo("OK");
            String report = checkRdb(v.dir().resolve("dump.rdb"));
            assertThat(report).contains("RDB looks OK!");
            copyDump(v, redisDir);
        }
        try (ServerProcess redis = redis("load-vigil-dump").arg("dir", redisDir.toString()).start();
             Resp r = redis.connect()) {
            assertThat(fingerprint(r)).isEqualTo(expected);
        }
    }

    @Test
    void aRedisSaveLoadsIntoVigilWithTheSameData() throws Exception {
        Path vigilDir = tmp.resolve("vigil-data");
        Map<String, String> expected;
        try (ServerProcess redis = redis("save-source").start(); Resp r = redis.connect()) {
            RedisData.populate(r, System.currentTimeMillis());
            expected = fingerprint(r);
            ok(r, "SAVE");
            copyDump(redis, vigilDir);
        }
        try (ServerProcess v = vigil("load-redis-dump").arg("dir", vigilDir.toString()).start();
             Resp r = v.connect()) {
            assertThat(fingerprint(r)).isEqualTo(expected);
            assertThat(v.logText()).contains("Loading RDB produced by version 7.0").contains("DB loaded from disk: ")
                    .containsPattern("Done loading RDB, keys loaded: \\d+, keys expired: 0\\.");
            String info = ok(r, "INFO", "persistence").asString();
            assertThat(info).containsPattern("rdb_last_load_keys_loaded:[1-9]");
        }
    }

    @Test
    void dumpPayloadsRestoreBothWays() throws Exception {
        try (ServerProcess redis = redis("dump-redis").start(); ServerProcess v = vigil("dump-vigil").start();
             Resp rr = redis.connect(); Resp vr = v.connect()) {
            RedisData.populate(rr, System.currentTimeMillis());
            RedisData.populate(vr, System.currentTimeMillis());
            int n = 0;
            for (int db : DBS) {
                ok(rr, "SELECT", db);
                ok(vr, "SELECT", db);
                for (byte[] key : RedisData.keys(rr)) {
                    byte[] fromRedis = ((Resp.Bulk) ok(rr, "DUMP", key)).bytes();
                    byte[] fromVigil = ((Resp.Bulk) ok(vr, "DUMP", key)).bytes();
                    byte[] k2 = ("restored:" + new String(key, StandardCharsets.ISO_8859_1))
                            .getBytes(StandardCharsets.ISO_8859_1);
                    long at = Math.max(0, ok(rr, "PEXPIRETIME", key).asLong()); // keep the TTL: it is in the digest
                    ok(vr, "RESTORE", k2, at, fromRedis, "ABSTTL");
                    ok(rr, "RESTORE", k2, at, fromVigil, "ABSTTL");
                    String want = ok(rr, "DEBUG", "DIGEST-VALUE", key).asList().get(0).asString();
                    assertThat(ok(vr, "DEBUG", "DIGEST-VALUE", k2).asList().get(0).asString()).as("redis->vigil %s",
                            new String(key, StandardCharsets.ISO_8859_1)).isEqualTo(want);
                    assertThat(ok(rr, "DEBUG", "DIGEST-VALUE", k2).asList().get(0).asString()).as("vigil->redis %s",
                            new String(key, StandardCharsets.ISO_8859_1)).isEqualTo(want);
                    n++;
                }
            }
            assertThat(n).isGreaterThan(30);
            // Error texts as Redis's.
            ok(vr, "SELECT", 0);
            ok(rr, "SELECT", 0);
            byte[] payload = ((Resp.Bulk) ok(vr, "DUMP", "str:plain")).bytes();
            for (Object[] cmd : List.of(
                    new Object[] {"RESTORE", "str:plain", 0, payload},
                    new Object[] {"RESTORE", "fresh", -1, payload},
                    new Object[] {"RESTORE", "fresh", "x", payload},
                    new Object[] {"RESTORE", "fresh", 0, "garbage"},
                    new Object[] {"RESTORE", "fresh", 0, payload, "IDLETIME", -1},
                    new Object[] {"RESTORE", "fresh", 0, payload, "FREQ", 256},
                    new Object[] {"RESTORE", "fresh", 0, payload, "IDLETIME", 1, "FREQ", 1},
                    new Object[] {"RESTORE", "fresh", 0, payload, "BOGUS"},
                    new Object[] {"DUMP", "nosuchkey"})) {
                assertThat(send(vr, cmd)).as(java.util.Arrays.toString(cmd)).isEqualTo(send(rr, cmd));
            }
            // RESTORE ... IDLETIME is visible in OBJECT IDLETIME; an already expired ABSTTL creates nothing.
            ok(vr, "RESTORE", "idle", 0, payload, "IDLETIME", 1000);
            assertThat(ok(vr, "OBJECT", "IDLETIME", "idle").asLong()).isBetween(1000L, 1010L);
            assertThat(ok(vr, "RESTORE", "gone", 1000, payload, "ABSTTL").asString()).isEqualTo("OK");
            assertThat(ok(vr, "EXISTS", "gone").asLong()).isZero();
            // RESTORE ... FREQ under an LFU policy is what OBJECT FREQ reports, on both servers.
            for (Resp c : List.of(vr, rr)) {
                ok(c, "CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
                ok(c, "RESTORE", "freq", 0, payload, "FREQ", 100);
                assertThat(ok(c, "OBJECT", "FREQ", "freq").asLong()).isEqualTo(100);
            }
        }
    }

    private static String send(Resp r, Object[] cmd) {
        byte[][] raw = new byte[cmd.length][];
        for (int i = 0; i < cmd.length; i++) {
            raw[i] = cmd[i] instanceof byte[] x ? x : cmd[i].toString().getBytes(StandardCharsets.UTF_8);
        }
        return r.send(raw).toString();
    }

    @Test
    void restartWithSavePointsKeepsTheDataAndDebugReloadKeepsTheDigest() {
        try (ServerProcess v = vigil("restart").arg("save", "3600", "1").start()) {
            Map<String, String> expected;
            try (Resp r = v.connect()) {
                RedisData.populate(r, System.currentTimeMillis());
                expected = fingerprint(r);
                assertThat(ok(r, "DEBUG", "RELOAD").asString()).isEqualTo("OK");
                assertThat(fingerprint(r)).isEqualTo(expected);
                ok(r, "SET", "after-reload", "1");
                expected = fingerprint(r);
            }
            v.stop(); // SIGTERM: saves because a save point is configured
            assertThat(v.logText()).contains("Saving the final RDB snapshot before exiting.", "DB saved on disk");
            v.restart();
            try (Resp r = v.connect()) {
                assertThat(fingerprint(r)).isEqualTo(expected);
                assertThat(ok(r, "INFO", "persistence").asString()).contains("rdb_changes_since_last_save:0");
            }
        }
    }

    @Test
    void shutdownSaveAndNosave() throws Exception {
        try (ServerProcess v = vigil("shutdown").start()) {
            try (Resp r = v.connect()) {
                ok(r, "SET", "k", "v1");
                r.write("SHUTDOWN", "SAVE");
                assertThat(r.awaitClosed(Duration.ofSeconds(30))).isTrue();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !v.isAlive());
            assertThat(Files.exists(v.dir().resolve("dump.rdb"))).isTrue();
            v.restart();
            try (Resp r = v.connect()) {
                assertThat(ok(r, "GET", "k").asString()).isEqualTo("v1");
                ok(r, "SET", "k", "v2");
                r.write("SHUTDOWN", "NOSAVE");
                assertThat(r.awaitClosed(Duration.ofSeconds(30))).isTrue();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !v.isAlive());
            v.restart();
            try (Resp r = v.connect()) {
                assertThat(ok(r, "GET", "k").asString()).isEqualTo("v1");
                assertThat(ok(r, "LASTSAVE").asLong()).isGreaterThan(0);
            }
        }
    }

    @Test
    void aCrashDuringSaveLeavesThePreviousDumpIntact() throws Exception {
        try (ServerProcess v = vigil("crash").start()) {
            byte[] good;
            try (Resp r = v.connect()) {
                for (int i = 0; i < 3000; i++) {
                    r.write("SET", "key:" + i, "value-" + i);
                }
                for (int i = 0; i < 3000; i++) {
                    r.readReply();
                }
                ok(r, "SAVE");
                good = Files.readAllBytes(v.dir().resolve("dump.rdb"));
                ok(r, "SET", "newer", "data");
                ok(r, "CONFIG", "SET", "rdb-key-save-delay", "2000"); // 2 ms a key: the SAVE takes 6 s
                r.write("SAVE");
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    try (var files = Files.list(v.dir())) {
                        return files.anyMatch(f -> f.getFileName().toString().startsWith("temp-"));
                    }
                });
                v.kill9();
            }
            assertThat(Files.readAllBytes(v.dir().resolve("dump.rdb"))).isEqualTo(good);
            checkRdb(v.dir().resolve("dump.rdb"));
        }
    }
}
