package io.vigil.persistence;

import static io.vigil.persistence.RdbServerIT.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BGSAVE without fork, through the wire: the file holds the dataset as of the BGSAVE (checked by loading it into
 * real Redis and comparing DEBUG DIGEST with the digest taken at the start) while writers keep changing it, and the
 * writers are not blocked; the save points, BGSAVE SCHEDULE and MISCONF behave as in Redis.
 */
class BgsaveIT {

    @TempDir
    Path tmp;

    static String info(Resp r, String field) {
        for (String line : ok(r, "INFO", "persistence").asString().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new AssertionError("no INFO field " + field);
    }

    @Test
    void bgsaveUnderWriteLoadHoldsTheDatasetOfItsStartAndDoesNotBlockWriters() throws Exception {
        int keys = 60_000;
        try (ServerProcess v = RdbServerIT.vigil("bgsave").start(); Resp r = v.connect()) {
            for (int i = 0; i < keys; i++) {
                switch (i % 4) {
                    case 0, 1 -> r.write("SET", "k" + i, "value-" + i + "-" + "x".repeat(i % 50));
                    case 2 -> r.write("HSET", "k" + i, "a", "1", "b", "two", "c", "x".repeat(i % 30));
                    default -> r.write("RPUSH", "k" + i, "1", "2", "three");
                }
                if (i % 1000 == 999) {
                    for (int j = 0; j < 1000; j++) {
                        r.readReply();
                    }
                }
            }
            ok(r, "RPUSH", "biglist", new ArrayList<>(Collections.nCopies(20_000, "e")).toArray());
            ok(r, "EXPIRE", "k0", 100_000);
            // Slow the writer thread down (20 us a key) so the BGSAVE surely overlaps the write load.
            ok(r, "CONFIG", "SET", "rdb-key-save-delay", "20");

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong unpausedAt = new AtomicLong(Long.MAX_VALUE);
            List<Thread> writers = new ArrayList<>();
            List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicLong opsDuringSave = new AtomicLong();
            AtomicBoolean saving = new AtomicBoolean();
            for (int t = 0; t < 3; t++) {
                int seed = t;
                Thread w = new Thread(() -> {
                    Random rnd = new Random(seed);
                    long[] worst = new long[1];
                    try (Resp c = v.connect()) {
                        while (!stop.get()) {
                            int i = rnd.nextInt(keys);
                            long t0 = System.nanoTime();
                            switch (rnd.nextInt(5)) {
                                case 0 -> c.send("SET", "k" + i, "changed");
                                case 1 -> c.send("DEL", "k" + i);
                                case 2 -> c.send("HSET", "k" + i, "z", "new");
                                case 3 -> c.send("LPUSH", "biglist", "head");
                                default -> c.send("SET", "fresh" + rnd.nextInt(), "v");
                            }
                            long dt = System.nanoTime() - t0;
                            if (t0 > unpausedAt.get()) {
                                worst[0] = Math.max(worst[0], dt);
                                latencies.add(new long[] {dt});
                                if (saving.get()) {
                                    opsDuringSave.incrementAndGet();
                                }
                            }
                        }
                    }
                });
                w.start();
                writers.add(w);
            }
            String digestAtStart;
            try {
                // Freeze writes for an instant so the digest and the BGSAVE see the same dataset.
                ok(r, "CLIENT", "PAUSE", 10_000, "WRITE");
                digestAtStart = ok(r, "DEBUG", "DIGEST").asString();
                assertThat(ok(r, "BGSAVE").asString()).isEqualTo("Background saving started");
                saving.set(true);
                ok(r, "CLIENT", "UNPAUSE");
                unpausedAt.set(System.nanoTime() + 50_000_000L);
                assertThat(r.send("BGSAVE").toString()).contains("Background save already in progress");
                assertThat(r.send("SAVE").toString()).contains("Background save already in progress");
                assertThat(info(r, "rdb_bgsave_in_progress")).isEqualTo("1");
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                        .until(() -> info(r, "rdb_bgsave_in_progress").equals("0"));
                saving.set(false);
            } finally {
                stop.set(true);
                for (Thread w : writers) {
                    w.join(30_000);
                }
            }
            assertThat(info(r, "rdb_last_bgsave_status")).isEqualTo("ok");
            assertThat(Long.parseLong(info(r, "rdb_last_cow_size"))).isPositive();
            assertThat(v.logText()).contains("Background saving started", "Background saving terminated with success");
            assertThat(opsDuringSave.get()).as("writes served while the BGSAVE ran").isGreaterThan(100);
            long[] sorted = latencies.stream().mapToLong(a -> a[0]).sorted().toArray();
            long p99 = sorted[(int) (sorted.length * 0.99)] / 1000;
            long max = sorted[sorted.length - 1] / 1000;
            System.out.printf("BGSAVE under load: %d writes during the save, p99 %d us, max %d us%n",
                    opsDuringSave.get(), p99, max);
            // Loose bound for a shared 2-core machine; the slices are ~1 ms, GC pauses come on top.
            assertThat(max).as("worst write latency (us) while saving").isLessThan(500_000);
            assertThat(p99).as("p99 write latency (us) while saving").isLessThan(100_000);

            Path redisDir = tmp.resolve("redis");
            Files.createDirectories(redisDir);
            Files.copy(v.dir().resolve("dump.rdb"), redisDir.resolve("dump.rdb"));
            RdbServerIT.checkRdb(redisDir.resolve("dump.rdb"));
            try (ServerProcess redis = RdbServerIT.redis("bgsave-check").arg("dir", redisDir.toString()).start();
                 Resp rr = redis.connect()) {
                assertThat(ok(rr, "DEBUG", "DIGEST").asString()).isEqualTo(digestAtStart);
            }
            assertThat(ok(r, "DEBUG", "DIGEST").asString()).isNotEqualTo(digestAtStart);
        }
    }

    @Test
    void savePointsScheduleAndMisconf() throws Exception {
        try (ServerProcess v = RdbServerIT.vigil("savepoints").arg("save", "1", "2")
                .arg("enable-protected-configs", "yes").start(); Resp r = v.connect()) {
            ok(r, "SET", "a", "1");
            ok(r, "SET", "b", "2");
            await().atMost(Duration.ofSeconds(30)).until(() -> v.logText().contains("2 changes in 1 seconds. Saving..."));
            await().atMost(Duration.ofSeconds(30)).until(() -> info(r, "rdb_changes_since_last_save").equals("0")
                    && info(r, "rdb_bgsave_in_progress").equals("0"));
            assertThat(Files.exists(v.dir().resolve("dump.rdb"))).isTrue();

            // BGSAVE inside MULTI is only scheduled; the cron starts it.
            ok(r, "MULTI");
            ok(r, "BGSAVE");
            assertThat(ok(r, "EXEC").asList().get(0).asString()).isEqualTo("Background saving scheduled");
            await().atMost(Duration.ofSeconds(30)).until(() -> info(r, "rdb_saves").equals("2"));
            assertThat(r.send("BGSAVE", "NOW").toString()).contains("syntax error");

            // A failing background save: MISCONF for writes (and PING), reads still served.
            Path gone = tmp.resolve("gone");
            Files.createDirectories(gone);
            ok(r, "CONFIG", "SET", "dir", gone.toString());
            Files.delete(gone);
            assertThat(ok(r, "BGSAVE").asString()).isEqualTo("Background saving started");
            await().atMost(Duration.ofSeconds(30)).until(() -> info(r, "rdb_last_bgsave_status").equals("err"));
            assertThat(r.send("SET", "c", "3").toString()).contains("MISCONF Redis is configured to save RDB snapshots");
            assertThat(r.send("PING").toString()).contains("MISCONF");
            assertThat(ok(r, "GET", "a").asString()).isEqualTo("1");
            assertThat(v.logText()).contains("Background saving error");
            ok(r, "CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
            ok(r, "SET", "c", "3");
        }
    }
}
