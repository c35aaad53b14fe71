package io.vigil.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AOF of embedded nodes: round trips through restarts, rewrites, turning it on and off, INFO. */
class AofTest {
    @TempDir
    Path dir;

    private EmbeddedVigil start(String... extra) {
        String[] base = {"dir", dir.toString(), "appendonly", "yes"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return EmbeddedVigil.start(all);
    }

    private String manifest() throws IOException {
        return Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest"));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("appendonlydir"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, String> info(Resp r) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String line : r.send("INFO", "persistence").asString().split("\r\n")) {
            int i = line.indexOf(':');
            if (i > 0) {
                m.put(line.substring(0, i), line.substring(i + 1));
            }
        }
        return m;
    }

    static void awaitRewrite(Resp r) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> info(r).get("aof_rewrite_in_progress").equals("0"));
    }

    @Test
    void dataSurvivesRestartWithRdbPreamble() throws IOException {
        Map<String, String> before;
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(manifest()).isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n"
                    + "file appendonly.aof.1.incr.aof seq 1 type i\n");
            Datasets.fill(r, 300);
            before = Datasets.dump(r);
        }
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(Datasets.dump(r)).isEqualTo(before);
            assertThat(r.send("TTL", "ttl").asLong()).isBetween(990L, 1000L);
        }
    }

    @Test
    void incrFileHoldsSelectAndMultiExecAsPropagated() throws IOException {
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            r.send("SET", "a", "1");
            r.send("SELECT", "3");
            r.send("SET", "b", "2");
            r.send("MULTI");
            r.send("INCR", "b");
            r.send("INCR", "b");
            r.send("EXEC");
        }
        String incr = Files.readString(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof"), StandardCharsets.ISO_8859_1);
        assertThat(incr).isEqualTo(String.join("", cmd("SELECT", "0"), cmd("SET", "a", "1"), cmd("SELECT", "3"),
                cmd("SET", "b", "2"), cmd("MULTI"), cmd("INCR", "b"), cmd("INCR", "b"), cmd("EXEC")));
    }

    static String cmd(String... argv) {
        StringBuilder sb = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void bgrewriteaofSwapsTheManifestAndDeletesHistory() throws IOException {
        Map<String, String> before;
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            Datasets.fill(r, 100);
            assertThat(r.send("BGREWRITEAOF").asString()).isEqualTo("Background append only file rewriting started");
            r.send("SET", "after", "rewrite");
            awaitRewrite(r);
            assertThat(manifest()).isEqualTo("file appendonly.aof.2.base.rdb seq 2 type b\n"
                    + "file appendonly.aof.2.incr.aof seq 2 type i\n");
            assertThat(files()).containsExactly("appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof",
                    "appendonly.aof.manifest");
            Map<String, String> inf = info(r);
            assertThat(inf).containsEntry("aof_rewrites", "1").containsEntry("aof_last_bgrewrite_status", "ok")
                    .containsEntry("aof_enabled", "1");
            assertThat(Long.parseLong(inf.get("aof_current_size"))).isGreaterThan(Long.parseLong(inf.get("aof_base_size")) - 1);
            before = Datasets.dump(r);
        }
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(Datasets.dump(r)).isEqualTo(before).containsKey("0:after");
        }
    }

    @Test
    void bgrewriteaofWithoutPreambleWritesCommands() throws IOException {
        Map<String, String> before;
        try (EmbeddedVigil v = start("aof-use-rdb-preamble", "no"); Resp r = v.connect()) {
            Datasets.fill(r, 200);
            r.send("BGREWRITEAOF");
            awaitRewrite(r);
            before = Datasets.dump(r);
        }
        assertThat(files()).contains("appendonly.aof.2.base.aof");
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.2.base.aof"), StandardCharsets.ISO_8859_1))
                .startsWith(cmd("SELECT", "0")).contains("PEXPIREAT").contains("HMSET").contains("ZADD");
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(Datasets.dump(r)).isEqualTo(before);
        }
    }

    @Test
    void rewriteUnderConcurrentWritesKeepsEveryAcknowledgedWrite() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong acked = new AtomicLong();
        boolean rewrittenWhileWriting = false;
        try (EmbeddedVigil v = start()) {
            Thread writer = new Thread(() -> {
                try (Resp w = v.connect()) {
                    for (long i = 0; !stop.get(); i++) {
                        w.send("SET", "k" + i, "v" + i);
                        w.send("RPUSH", "log", Long.toString(i));
                        acked.set(i + 1);
                    }
                }
            });
            writer.start();
            try (Resp r = v.connect()) {
                for (int i = 0; i < 5; i++) {
                    long at = acked.get();
                    org.awaitility.Awaitility.await().until(() -> acked.get() > at + 200);
                    assertThat(r.send("BGREWRITEAOF").asString()).isEqualTo("Background append only file rewriting started");
                    long during = acked.get();
                    awaitRewrite(r);
                    assertThat(info(r)).containsEntry("aof_last_bgrewrite_status", "ok");
                    rewrittenWhileWriting |= acked.get() > during;
                }
            } finally {
                stop.set(true);
                writer.join();
            }
        }
        long n = acked.get();
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(r.send("LLEN", "log").asLong()).isEqualTo(n);
            assertThat(r.send("DBSIZE").asLong()).isEqualTo(n + 1);
            assertThat(r.send("GET", "k" + (n - 1)).asString()).isEqualTo("v" + (n - 1));
        }
        assertThat(manifest()).startsWith("file appendonly.aof.6.base.rdb seq 6 type b\n");
        assertThat(rewrittenWhileWriting).as("writes were served while a rewrite ran").isTrue();
    }

    @Test
    void configSetAppendonlyTurnsItOnAndOff() throws IOException {
        Map<String, String> before;
        try (EmbeddedVigil v = EmbeddedVigil.start("dir", dir.toString()); Resp r = v.connect()) {
            assertThat(info(r)).containsEntry("aof_enabled", "0").doesNotContainKey("aof_current_size");
            r.send("SET", "before", "1");
            assertThat(r.send("CONFIG", "SET", "appendonly", "yes").asString()).isEqualTo("OK");
            awaitRewrite(r);
            assertThat(info(r)).containsEntry("aof_enabled", "1").containsKey("aof_delayed_fsync")
                    .containsEntry("aof_rewrites", "1");
            assertThat(manifest()).isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n"
                    + "file appendonly.aof.1.incr.aof seq 1 type i\n");
            r.send("SET", "during", "2");
            assertThat(r.send("CONFIG", "SET", "appendonly", "no").asString()).isEqualTo("OK");
            r.send("SET", "after-off", "3");
            before = Datasets.dump(r);
        }
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            Map<String, String> now = Datasets.dump(r);
            assertThat(now).containsKeys("0:before", "0:during").doesNotContainKey("0:after-off");
            before.remove("0:after-off");
            assertThat(now).isEqualTo(before);
        }
    }

    @Test
    void appendonlyYesIgnoresAnEmptyDirAndStartsEmpty() throws IOException {
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(r.send("DBSIZE").asLong()).isZero();
            assertThat(info(r)).containsEntry("aof_enabled", "1").containsEntry("loading", "0");
        }
        assertThat(files()).containsExactly("appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof",
                "appendonly.aof.manifest");
    }

    @Test
    void tornTailIsTruncatedWhenAllowedAndFailsStartupOtherwise() throws IOException {
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            r.send("SET", "a", "1");
            r.send("SET", "b", "2");
        }
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        long good = Files.size(incr);
        Files.write(incr, "*3\r\n$3\r\nSET\r\n$1\r\nc".getBytes(StandardCharsets.US_ASCII),
                java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> start("aof-load-truncated", "no")).isInstanceOf(IllegalStateException.class);
        assertThat(Files.size(incr)).isGreaterThan(good);
        try (EmbeddedVigil v = start("aof-load-truncated", "yes"); Resp r = v.connect()) {
            assertThat(r.send("MGET", "a", "b", "c").asList()).extracting(Resp.Reply::isNull)
                    .containsExactly(false, false, true);
            assertThat(Files.size(incr)).isEqualTo(good);
            r.send("SET", "c", "3");
        }
        try (EmbeddedVigil v = start("aof-load-truncated", "no"); Resp r = v.connect()) {
            assertThat(r.send("GET", "c").asString()).isEqualTo("3");
        }
    }

    @Test
    void unfinishedTransactionAtTheEndIsReverted() throws IOException {
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            r.send("SET", "a", "1");
        }
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        long good = Files.size(incr);
        Files.writeString(incr, cmd("MULTI") + cmd("SET", "x", "1"), java.nio.file.StandardOpenOption.APPEND);
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(r.send("EXISTS", "a", "x").asLong()).isEqualTo(1);
            assertThat(Files.size(incr)).isEqualTo(good);
        }
    }

    @Test
    void badFormatAndUnknownCommandFailStartup() throws IOException {
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            r.send("SET", "a", "1");
        }
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        byte[] good = Files.readAllBytes(incr);
        Files.writeString(incr, "garbage\r\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> start()).isInstanceOf(IllegalStateException.class);
        Files.write(incr, good);
        Files.writeString(incr, cmd("NOSUCHCMD", "x"), java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> start()).isInstanceOf(IllegalStateException.class);
        Files.write(incr, good);
        Files.writeString(incr, "#TS:1700000000\r\n" + cmd("SET", "b", "2"), java.nio.file.StandardOpenOption.APPEND);
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(r.send("MGET", "a", "b").asList()).extracting(Resp.Reply::asString).containsExactly("1", "2");
        }
    }

    @Test
    void timestampAnnotationsAreWrittenWhenEnabled() throws IOException {
        try (EmbeddedVigil v = start("aof-timestamp-enabled", "yes"); Resp r = v.connect()) {
            r.send("SET", "a", "1");
        }
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof"))).startsWith("#TS:");
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(r.send("GET", "a").asString()).isEqualTo("1");
        }
    }

    @Test
    void bgrewriteaofInsideExecIsScheduledAndRunsAfter() throws IOException {
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            r.send("MULTI");
            r.send("INCR", "n");
            r.send("BGREWRITEAOF");
            r.send("INCR", "n");
            assertThat(r.send("EXEC").asList().get(1).asString())
                    .isEqualTo("Background append only file rewriting scheduled");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> info(r).get("aof_rewrites").equals("1") && info(r).get("aof_rewrite_scheduled").equals("0"));
        }
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(r.send("GET", "n").asString()).isEqualTo("2");
        }
    }

    @Test
    void rewriteRunsInTheBackgroundWhileTheServerServes() throws IOException {
        Map<String, String> before;
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            java.util.List<java.util.List<String>> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 200_000; i++) {
                batch.add(List.of("SET", "key:" + i, "value-" + i));
                if (batch.size() == 5000) {
                    r.pipeline(batch);
                    batch.clear();
                }
            }
            assertThat(r.send("BGREWRITEAOF").asString()).isEqualTo("Background append only file rewriting started");
            // The server answers while the base is being written: the rewrite is still in progress.
            assertThat(info(r)).containsEntry("aof_rewrite_in_progress", "1");
            assertThat(r.send("BGREWRITEAOF").asString())
                    .isEqualTo("ERR Background append only file rewriting already in progress");
            r.send("SET", "key:0", "changed-during-rewrite");
            r.send("DEL", "key:1");
            awaitRewrite(r);
            assertThat(info(r)).containsEntry("aof_last_bgrewrite_status", "ok");
            before = Map.of("0", r.send("GET", "key:0").asString(), "n", Long.toString(r.send("DBSIZE").asLong()));
        }
        try (EmbeddedVigil v = start(); Resp r = v.connect()) {
            assertThat(r.send("GET", "key:0").asString()).isEqualTo(before.get("0")).isEqualTo("changed-during-rewrite");
            assertThat(r.send("EXISTS", "key:1").asLong()).isZero();
            assertThat(Long.toString(r.send("DBSIZE").asLong())).isEqualTo(before.get("n")).isEqualTo("199999");
        }
    }

    @Test
    void growthPastAutoAofRewritePercentageStartsARewrite() {
        try (EmbeddedVigil v = start("auto-aof-rewrite-min-size", "64kb", "auto-aof-rewrite-percentage", "100");
                Resp r = v.connect()) {
            String value = "x".repeat(1000);
            for (int i = 0; i < 50; i++) {
                r.send("SET", "k", value); // 50 kB of commands, one key: below the minimum size, no rewrite
            }
            assertThat(info(r)).containsEntry("aof_rewrites", "0");
            for (int i = 0; i < 100; i++) {
                r.send("SET", "k", value);
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> info(r).get("aof_rewrites").equals("1"));
            Map<String, String> inf = info(r);
            assertThat(Long.parseLong(inf.get("aof_current_size"))).isLessThan(64 * 1024);
            // the base is the size right after the rewrite; later SETs went to the new incr file
            assertThat(Long.parseLong(inf.get("aof_base_size"))).isPositive()
                    .isLessThanOrEqualTo(Long.parseLong(inf.get("aof_current_size")));
        }
    }
}
