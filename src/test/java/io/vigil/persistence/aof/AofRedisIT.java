package io.vigil.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.ServerProcess;
import io.vigil.testing.Resp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOF against real Redis 7.0: redis-check-aof accepts what Vigil writes, real redis-server loads Vigil's
 * appendonlydir and Vigil loads Redis's, and a torn tail is handled with Redis's log lines.
 */
class AofRedisIT {
    @TempDir
    Path tmp;

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    private static String run(List<String> cmd, int[] exit) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        exit[0] = p.exitValue();
        return out;
    }

    private static String checkAof(Path aofDir) throws Exception {
        int[] exit = new int[1];
        String out = run(List.of("redis-check-aof", aofDir.resolve("appendonly.aof.manifest").toString()), exit);
        assertThat(exit[0]).as(out).isZero();
        return out;
    }

    private static void awaitRewriteDone(Resp r) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> r.send("INFO", "persistence").asString().contains("aof_rewrite_in_progress:0"));
    }

    @Test
    void vigilAofIsValidForRedisCheckAofAndLoadsIntoRealRedis() throws Exception {
        for (String preamble : List.of("yes", "no")) {
            Map<String, String> vigilData;
            String vigilDigest;
            Path aofDir;
            try (ServerProcess vigil = ServerProcess.vigil().arg("appendonly", "yes").arg("enable-debug-command", "yes")
                    .arg("aof-use-rdb-preamble", preamble).start(); Resp r = vigil.connect()) {
                Datasets.fill(r, 300);
                assertThat(r.send("BGREWRITEAOF").asString()).isEqualTo("Background append only file rewriting started");
                awaitRewriteDone(r);
                r.send("SET", "after-rewrite", "x");
                r.send("SELECT", "9");
                r.send("RPUSH", "l9", "a", "b");
                vigilData = Datasets.dump(r);
                vigilDigest = r.send("DEBUG", "DIGEST").asString();
                vigil.stop();
                aofDir = tmp.resolve("vigil-" + preamble);
                copyDir(vigil.dir().resolve("appendonlydir"), aofDir);
            }
            String report = checkAof(aofDir);
            assertThat(report).contains("All AOF files and manifest are valid")
                    .contains(preamble.equals("yes") ? "RDB preamble is OK" : "BASE AOF appendonly.aof.2.base.aof is valid");
            Path redisDir = tmp.resolve("redis-" + preamble);
            copyDir(aofDir, redisDir.resolve("appendonlydir"));
            try (ServerProcess redis = ServerProcess.redis().arg("dir", redisDir.toString()).arg("appendonly", "yes")
                    .arg("enable-debug-command", "yes").start(); Resp r = redis.connect()) {
                assertThat(Datasets.dump(r)).isEqualTo(vigilData);
                assertThat(r.send("DEBUG", "DIGEST").asString()).isEqualTo(vigilDigest).isNotEqualTo("0".repeat(40));
            }
        }
    }

    @Test
    void realRedisAofLoadsIntoVigil() throws Exception {
        Map<String, String> redisData;
        String redisDigest;
        Path dir = tmp.resolve("data");
        try (ServerProcess redis = ServerProcess.redis().arg("appendonly", "yes").arg("enable-debug-command", "yes")
                .start(); Resp r = redis.connect()) {
            Datasets.fill(r, 300);
            r.send("BGREWRITEAOF");
            awaitRewriteDone(r);
            r.send("SET", "after-rewrite", "x");
            r.send("HSET", "bighash", "f1", "changed");
            redisData = Datasets.dump(r);
            redisDigest = r.send("DEBUG", "DIGEST").asString();
            redis.stop();
            copyDir(redis.dir().resolve("appendonlydir"), dir.resolve("appendonlydir"));
        }
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest")))
                .contains("seq 2 type b").contains("type i");
        try (ServerProcess vigil = ServerProcess.vigil().arg("dir", dir.toString()).arg("appendonly", "yes")
                .arg("enable-debug-command", "yes").start(); Resp r = vigil.connect()) {
            assertThat(Datasets.dump(r)).isEqualTo(redisData);
            assertThat(r.send("DEBUG", "DIGEST").asString()).isEqualTo(redisDigest);
            assertThat(vigil.logText()).contains("DB loaded from base file appendonly.aof.2.base.rdb")
                    .contains("DB loaded from append only file");
        }
    }

    /** The warning lines of a log, without the pid/role/time prefix. */
    private static List<String> aofLines(String log) {
        List<String> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            int i = line.indexOf(" # ");
            int j = line.indexOf(" * ");
            int at = i >= 0 ? i : j;
            if (at < 0) {
                continue;
            }
            String msg = line.substring(at + 3).strip();
            if (msg.contains("AOF") || msg.contains("append only") || msg.contains("short read")) {
                out.add(msg);
            }
        }
        return out;
    }

    @Test
    void tornTailGivesRedisLogLinesAndExitAsRedis() throws Exception {
        // An AOF directory written by Vigil, then torn in the middle of a command.
        Path src = tmp.resolve("src");
        try (ServerProcess vigil = ServerProcess.vigil().arg("appendonly", "yes").start(); Resp r = vigil.connect()) {
            r.send("SET", "a", "1");
            r.send("SET", "b", "2");
            vigil.stop();
            copyDir(vigil.dir().resolve("appendonlydir"), src);
        }
        Files.write(src.resolve("appendonly.aof.1.incr.aof"), "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        long tornSize = Files.size(src.resolve("appendonly.aof.1.incr.aof"));

        // aof-load-truncated no: both refuse to start, with the same lines.
        List<String> lines = new ArrayList<>();
        for (String server : List.of("redis", "vigil")) {
            Path d = tmp.resolve(server + "-no");
            copyDir(src, d.resolve("appendonlydir"));
            Path log = d.resolve("log");
            List<String> cmd = new ArrayList<>(server.equals("redis") ? List.of("redis-server")
                    : List.of(ServerProcess.repoRoot().orElseThrow().resolve("bin/vigil-server").toString()));
            cmd.addAll(List.of("--port", Integer.toString(io.vigil.testing.FreePort.find()), "--bind", "127.0.0.1", "--dir", d.toString(), "--appendonly", "yes", "--save", "",
                    "--aof-load-truncated", "no", "--logfile", log.toString()));
            int[] exit = new int[1];
            run(cmd, exit);
            assertThat(exit[0]).as(server).isEqualTo(1);
            assertThat(Files.size(d.resolve("appendonlydir/appendonly.aof.1.incr.aof"))).isEqualTo(tornSize);
            lines.add(String.join("\n", aofLines(Files.readString(log))));
        }
        assertThat(lines.get(1)).isEqualTo(lines.get(0)).contains("Unexpected end of file reading the append only file");

        // aof-load-truncated yes: both cut the file at the last complete command, log the same lines, and serve.
        lines.clear();
        for (ServerProcess.Kind kind : List.of(ServerProcess.Kind.REDIS, ServerProcess.Kind.VIGIL)) {
            Path d = tmp.resolve(kind + "-yes");
            copyDir(src, d.resolve("appendonlydir"));
            try (ServerProcess s = ServerProcess.of(kind).arg("dir", d.toString()).arg("appendonly", "yes")
                    .arg("aof-load-truncated", "yes").start(); Resp r = s.connect()) {
                assertThat(r.send("MGET", "a", "b").asList()).extracting(Resp.Reply::asString).containsExactly("1", "2");
                assertThat(r.send("EXISTS", "c").asLong()).isZero();
                lines.add(String.join("\n", aofLines(s.logText()).stream()
                        .filter(l -> l.startsWith("!!!") || l.contains("loaded anyway")).toList()));
            }
            assertThat(Files.size(d.resolve("appendonlydir/appendonly.aof.1.incr.aof")))
                    .isEqualTo(tornSize - "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1".length());
        }
        assertThat(lines.get(1)).isEqualTo(lines.get(0))
                .contains("!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!")
                .contains("AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled");
    }

    private static List<String> aofFieldNames(Resp r) {
        List<String> names = new ArrayList<>();
        for (String line : r.send("INFO", "persistence").asString().split("\r\n")) {
            if (line.startsWith("aof_") || line.startsWith("module_fork_")) {
                names.add(line.substring(0, line.indexOf(':')));
            }
        }
        return names;
    }

    @Test
    void infoPersistenceHasRedisAofFieldsInRedisOrder() {
        for (String on : List.of("yes", "no")) {
            try (ServerProcess redis = ServerProcess.redis().arg("appendonly", on).start();
                    ServerProcess vigil = ServerProcess.vigil().arg("appendonly", on).start();
                    Resp rr = redis.connect(); Resp vr = vigil.connect()) {
                assertThat(aofFieldNames(vr)).as("appendonly " + on).isEqualTo(aofFieldNames(rr))
                        .contains(on.equals("yes") ? "aof_delayed_fsync" : "aof_last_cow_size");
            }
        }
    }
}
