package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Node;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SCAN's guarantee over the wire while other clients change the keyspace: every key present from the
 * start to the end of a full iteration is returned at least once, and nothing that never existed is
 * returned — across table growth (rehashing) and shrinking caused by the concurrent writers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyScanGuaranteeTest {

    private static final int STABLE = 3000;

    private Node node;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @BeforeAll
    void start() {
        node = EmbeddedVigil.start().node();
    }

    @AfterAll
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        if (node != null) {
            node.stop();
        }
    }

    private Resp connect() {
        return new Resp("127.0.0.1", node.port());
    }

    @BeforeEach
    void populate() {
        try (Resp r = connect()) {
            r.send("FLUSHALL");
            for (int i = 0; i < STABLE; i += 500) {
                for (int j = i; j < i + 500; j++) {
                    r.write("SET", "stable:" + j, "v");
                }
                for (int j = i; j < i + 500; j++) {
                    r.readReply();
                }
            }
        }
    }

    /**
     * Inserts {@code churn:<n>} keys in batches, deleting those more than {@code maxLive} behind (and some
     * stable keys if asked), until told to stop or {@code maxTotal} keys were written.
     */
    private Future<Integer> churn(AtomicBoolean stop, int maxLive, boolean deleteStable, int maxTotal) {
        return pool.submit(() -> {
            int n = 0;
            try (Resp r = connect()) {
                while (!stop.get() && n < maxTotal) {
                    int pending = 0;
                    for (int j = n; j < n + 200; j++) {
                        r.write("SET", "churn:" + j, "v");
                        pending++;
                        if (j >= maxLive) {
                            r.write("DEL", "churn:" + (j - maxLive));
                            pending++;
                        }
                        if (deleteStable && j % 7 == 0) {
                            r.write("UNLINK", "stable:" + (j % STABLE), "stable:gone");
                            pending++;
                        }
                    }
                    for (int j = 0; j < pending; j++) {
                        r.readReply();
                    }
                    n += 200;
                }
            }
            return n;
        });
    }

    private static Set<String> scanAll(Resp r, long count) {
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            Reply reply = r.send("SCAN", cursor, "COUNT", Long.toString(count));
            List<Reply> parts = reply.asList();
            cursor = parts.get(0).asString();
            for (Reply k : parts.get(1).asList()) {
                seen.add(k.asString());
            }
        } while (!cursor.equals("0"));
        return seen;
    }

    @Test
    void everyStableKeyIsReturnedWhileTheTableGrows() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Future<Integer> writer = churn(stop, Integer.MAX_VALUE, false, 40_000);
        Set<String> seen;
        try (Resp r = connect()) {
            seen = scanAll(r, 3);
        } finally {
            stop.set(true);
        }
        int written = writer.get(30, TimeUnit.SECONDS);
        assertThat(written).as("the writer ran during the scan").isPositive();
        for (int i = 0; i < STABLE; i++) {
            assertThat(seen).contains("stable:" + i);
        }
        assertThat(seen).allMatch(k -> k.startsWith("stable:") || k.startsWith("churn:"));
    }

    @Test
    void everyStableKeyIsReturnedWhileKeysComeAndGo() throws Exception {
        for (int round = 0; round < 3; round++) {
            AtomicBoolean stop = new AtomicBoolean();
            // Keep about 5000 churn keys alive: the table grows, and shrinks back between rounds.
            Future<Integer> writer = churn(stop, 5000, false, Integer.MAX_VALUE);
            Set<String> seen;
            try (Resp r = connect()) {
                seen = scanAll(r, 1 + round * 10);
            } finally {
                stop.set(true);
            }
            writer.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < STABLE; i++) {
                assertThat(seen).contains("stable:" + i);
            }
            assertThat(seen).allMatch(k -> k.startsWith("stable:") || k.startsWith("churn:"));
            try (Resp r = connect()) {
                // Drop the churn keys so the next round starts from a shrinking table.
                Set<String> churnKeys = scanAll(r, 1000);
                for (String k : churnKeys) {
                    if (k.startsWith("churn:")) {
                        r.write("DEL", k);
                    }
                }
                for (String k : churnKeys) {
                    if (k.startsWith("churn:")) {
                        r.readReply();
                    }
                }
                assertThat(r.send("DBSIZE").asLong()).isEqualTo(STABLE);
            }
        }
    }

    @Test
    void deletedKeysMayOrMayNotAppearButSurvivorsAlwaysDo() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Future<Integer> writer = churn(stop, 2000, true, Integer.MAX_VALUE);
        Set<String> seen;
        try (Resp r = connect()) {
            seen = scanAll(r, 5);
        } finally {
            stop.set(true);
        }
        writer.get(30, TimeUnit.SECONDS);
        try (Resp r = connect()) {
            for (int i = 0; i < STABLE; i++) {
                // Survivors: never deleted during the scan.
                if (r.send("EXISTS", "stable:" + i).asLong() == 1) {
                    assertThat(seen).contains("stable:" + i);
                }
            }
        }
        assertThat(seen).allMatch(k -> k.startsWith("stable:") || k.startsWith("churn:"));
    }
}
