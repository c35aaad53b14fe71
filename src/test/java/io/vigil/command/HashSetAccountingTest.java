package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Node;
import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.MemorySizes;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The keyspace's memory accounting stays exact while hash and set commands change values in place, convert
 * them and replace them: whenever the same keys exist, the database's usage minus the values' own reports
 * must not move.
 */
class HashSetAccountingTest {
    private static final int KEYS = 10;

    private static EmbeddedVigil vigil;
    private static Node node;
    private static Resp client;

    @BeforeAll
    static void start() {
        vigil = EmbeddedVigil.start();
        node = vigil.node();
        client = vigil.connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        vigil.close();
    }

    private static Database db() {
        return node.engine().keyspace().db(0);
    }

    /** Usage minus the sum of the values' reports, with every anchor key present. */
    private static long overhead() throws Exception {
        for (int i = 0; i < KEYS; i++) {
            client.send("HSET", "h" + i, "anchor", "1");
            client.send("SADD", "s" + i, "999999");
        }
        return node.server().onMain(() -> {
            long values = 0;
            for (int i = 0; i < KEYS; i++) {
                for (String k : new String[] {"h" + i, "s" + i}) {
                    KeyEntry e = db().lookupNoTouch(k.getBytes());
                    values += MemorySizes.of(e.value);
                }
            }
            assertThat(db().size()).isEqualTo(2 * KEYS);
            return db().memoryUsage() - values;
        });
    }

    @Test
    void usageFollowsEveryChange() throws Exception {
        long base = overhead();
        Random rnd = new Random(99);
        for (int step = 0; step < 3000; step++) {
            String h = "h" + rnd.nextInt(KEYS);
            String s = "s" + rnd.nextInt(KEYS);
            String s2 = "s" + rnd.nextInt(KEYS);
            String f = "f" + rnd.nextInt(150);
            String v = rnd.nextInt(30) == 0 ? "v".repeat(70) : "v" + rnd.nextInt(100_000);
            String m = rnd.nextInt(10) == 0 ? "m" + rnd.nextInt(50) : Integer.toString(rnd.nextInt(700));
            switch (rnd.nextInt(16)) {
                case 0, 1, 2 -> client.send("HSET", h, f, v, f + "x", v);
                case 3 -> client.send("HSETNX", h, f, v);
                case 4, 5 -> client.send("HDEL", h, f, f + "x");
                case 6 -> client.send("HINCRBY", h, "n" + rnd.nextInt(5), Integer.toString(rnd.nextInt(1000)));
                case 7 -> client.send("HINCRBYFLOAT", h, "n" + rnd.nextInt(5), "1.5");
                case 8, 9, 10 -> client.send("SADD", s, m, Integer.toString(rnd.nextInt(100_000)));
                case 11 -> client.send("SREM", s, m);
                case 12 -> client.send("SMOVE", s, s2, m);
                case 13 -> client.send("SPOP", s, Integer.toString(rnd.nextInt(3)));
                case 14 -> client.send(rnd.nextBoolean() ? "SINTERSTORE" : "SDIFFSTORE", s2, s, "s" + rnd.nextInt(KEYS));
                default -> client.send("SUNIONSTORE", s2, s, s2);
            }
            if (step % 50 == 0) {
                assertThat(overhead()).as("step " + step).isEqualTo(base);
            }
        }
        assertThat(overhead()).isEqualTo(base);
    }
}
