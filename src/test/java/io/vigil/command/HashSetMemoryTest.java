package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Memory per element of hashes and sets, against real Redis 7.0's {@code used_memory}: Vigil's accounted
 * usage must stay within twice Redis's for the same data (the figures are printed).
 */
class HashSetMemoryTest {
    private static final Pattern USED = Pattern.compile("used_memory:(\\d+)");

    private static ServerProcess redis;
    private static EmbeddedVigil vigil;

    @BeforeAll
    static void start() throws Exception {
        redis = ServerProcess.redis().start();
        vigil = EmbeddedVigil.start();
        // The same thresholds on both (this Redis build defaults hash-max-listpack-entries to 512).
        try (Resp r = redis.connect()) {
            r.send("CONFIG", "SET", "hash-max-listpack-entries", "128", "hash-max-listpack-value", "64",
                    "set-max-intset-entries", "512");
        }
        vigil.node().server().onMain(() -> {
            vigil.node().engine().encodingLimits().hashMaxListpackEntries = 128;
            vigil.node().engine().encodingLimits().hashMaxListpackValue = 64;
            vigil.node().engine().encodingLimits().setMaxIntsetEntries = 512;
            return null;
        });
    }

    @AfterAll
    static void stop() {
        vigil.close();
        redis.close();
    }

    private static long redisUsed(Resp r) {
        Matcher m = USED.matcher(r.send("INFO", "memory").asString());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long vigilUsed() throws Exception {
        return vigil.node().server().onMain(() -> vigil.node().engine().keyspace().memoryUsage());
    }

    /** Sends the commands pipelined in batches and checks none failed. */
    private static void load(Resp r, List<List<String>> commands) {
        for (int i = 0; i < commands.size(); i += 500) {
            for (Resp.Reply reply : r.pipeline(commands.subList(i, Math.min(commands.size(), i + 500)))) {
                assertThat(reply.isError()).as(reply.toString()).isFalse();
            }
        }
    }

    private static double[] measure(List<List<String>> commands, long elements) throws Exception {
        try (Resp r = redis.connect(); Resp v = vigil.connect()) {
            r.send("FLUSHALL");
            long r0 = redisUsed(r);
            long v0 = vigilUsed();
            load(r, commands);
            load(v, commands);
            double perRedis = (double) (redisUsed(r) - r0) / elements;
            double perVigil = (double) (vigilUsed() - v0) / elements;
            r.send("FLUSHALL");
            vigil.node().server().onMain(() -> {
                vigil.node().engine().keyspace().flushAll();
                return null;
            });
            return new double[] {perRedis, perVigil};
        }
    }

    private static void report(String what, double[] m) {
        System.out.printf("memory %-32s redis %7.1f B/element  vigil %7.1f B/element  ratio %.2f%n", what, m[0], m[1],
                m[1] / m[0]);
        assertThat(m[1]).as(what).isLessThan(2 * m[0]);
    }

    @Test
    void smallHashes() throws Exception {
        int n = 20_000;
        List<List<String>> cmds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> c = new ArrayList<>(List.of("HSET", "hash:" + i));
            for (int j = 0; j < 10; j++) {
                c.add("field:" + j);
                c.add("value:" + i + ":" + j);
            }
            cmds.add(c);
        }
        report("20000 hashes x 10 fields", measure(cmds, n));
    }

    @Test
    void bigHashesAndSets() throws Exception {
        List<List<String>> hashes = new ArrayList<>();
        List<List<String>> intsets = new ArrayList<>();
        List<List<String>> strsets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            List<String> h = new ArrayList<>(List.of("HSET", "big:" + i));
            List<String> s = new ArrayList<>(List.of("SADD", "str:" + i));
            for (int j = 0; j < 500; j++) {
                h.add("field:" + j);
                h.add("value:" + i + ":" + j);
                s.add("member:" + i + ":" + j);
            }
            hashes.add(h);
            strsets.add(s);
        }
        for (int i = 0; i < 5000; i++) {
            List<String> s = new ArrayList<>(List.of("SADD", "int:" + i));
            for (int j = 0; j < 100; j++) {
                s.add(Integer.toString(i * 1000 + j));
            }
            intsets.add(s);
        }
        report("200 hashes x 500 fields", measure(hashes, 200 * 500));
        report("200 sets x 500 strings", measure(strsets, 200 * 500));
        report("5000 intsets x 100", measure(intsets, 5000 * 100));
    }
}
