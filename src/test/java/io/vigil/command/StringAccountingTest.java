package io.vigil.command;

import io.vigil.cli.Node;
import io.vigil.keyspace.Database;
import io.vigil.keyspace.MemorySizes;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The keyspace's memory accounting stays exact while string and bitmap commands rewrite values: with the set of
 * keys fixed, the database's usage must move by exactly the change of the values' array sizes. Also checks the
 * proto-max-bulk-len limits, which are set directly on the engine (Redis accepts no limit under 1mb).
 */
class StringAccountingTest {

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
        if (client != null) {
            client.close();
        }
        if (vigil != null) {
            vigil.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        node.server().onMain(() -> {
            db().clear();
            return null;
        });
    }

    /** Sends a command line and renders the reply ({@code :1}, {@code -ERR ...}, {@code "bulk"}, {@code [...]}). */
    private static String call(String line) {
        return client.send(StringDifferentialTest.Rig.parse(line).toArray(new byte[0][])).toString();
    }

    private static Database db() {
        return node.engine().keyspace().db(0);
    }

    private static long usage() throws Exception {
        return node.server().onMain(() -> db().memoryUsage());
    }

    private static long valueBytes(int keys) throws Exception {
        long sum = 0;
        for (int i = 0; i < keys; i++) {
            String r = call("STRLEN k" + i);
            sum += MemorySizes.byteArray(Integer.parseInt(r.substring(1)));
        }
        return sum;
    }

    @Test
    void usageFollowsValueRewrites() throws Exception {
        int keys = 8;
        for (int i = 0; i < keys; i++) {
            call("SET k" + i + " " + i);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> node.server().onMain(() -> !db().isRehashing()));
        long before = usage();
        long valuesBefore = valueBytes(keys);

        Random rnd = new Random(7);
        List<String> cmds = new ArrayList<>();
        for (int n = 0; n < 400; n++) {
            String k = "k" + rnd.nextInt(keys);
            String k2 = "k" + rnd.nextInt(keys);
            switch (rnd.nextInt(12)) {
                case 0 -> cmds.add("APPEND " + k + " " + "x".repeat(rnd.nextInt(40)));
                case 1 -> cmds.add("SETRANGE " + k + " " + rnd.nextInt(80) + " abc");
                case 2 -> cmds.add("SETBIT " + k + " " + rnd.nextInt(900) + " " + rnd.nextInt(2));
                case 3 -> cmds.add("SET " + k + " " + rnd.nextInt(1000));
                case 4 -> cmds.add("INCRBY " + k + " " + rnd.nextInt(1_000_000));
                case 5 -> cmds.add("INCRBYFLOAT " + k + " 0." + rnd.nextInt(1000));
                case 6 -> cmds.add("BITFIELD " + k + " SET u16 " + rnd.nextInt(1000) + " 5 INCRBY i8 0 3");
                case 7 -> cmds.add("BITOP " + (rnd.nextBoolean() ? "OR" : "NOT") + " " + k + " " + k2);
                case 8 -> cmds.add("GETSET " + k + " " + "y".repeat(rnd.nextInt(30)));
                case 9 -> cmds.add("MSET " + k + " a " + k2 + " bb");
                case 10 -> cmds.add("SET " + k + " " + "z".repeat(rnd.nextInt(60)) + " KEEPTTL");
                default -> cmds.add("GETRANGE " + k + " 0 5");
            }
        }
        for (String c : cmds) {
            call(c);
        }
        long valuesAfter = valueBytes(keys);
        assertThat(node.server().onMain(() -> db().size())).isEqualTo(keys);
        assertThat(usage() - before).isEqualTo(valuesAfter - valuesBefore);
    }

    @Test
    void protoMaxBulkLenLimits() throws Exception {
        long saved = node.server().onMain(() -> node.engine().settings().protoMaxBulkLen());
        try {
            node.server().onMain(() -> {
                node.engine().settings().protoMaxBulkLen(100);
                return null;
            });
            call("SET lim " + "a".repeat(60));
            assertThat(call("APPEND lim " + "b".repeat(40))).isEqualTo(":100");
            assertThat(call("APPEND lim b")).isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            assertThat(call("SETRANGE lim 99 c")).isEqualTo(":100");
            assertThat(call("SETRANGE lim 100 c"))
                    .isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            assertThat(call("SETRANGE fresh 98 cc"))
                    .isEqualTo(":100");
            assertThat(call("SETBIT bits 799 1")).isEqualTo(":0");
            assertThat(call("SETBIT bits 800 1")).isEqualTo("-ERR bit offset is not an integer or out of range");
            assertThat(call("GETBIT bits 800")).isEqualTo("-ERR bit offset is not an integer or out of range");
            assertThat(call("BITFIELD bits GET u8 799")).isEqualTo("[:128]");
            assertThat(call("BITFIELD bits GET u8 #100"))
                    .isEqualTo("-ERR bit offset is not an integer or out of range");
            call("MSET l1 abcd l2 abcd");
            assertThat(call("LCS l1 l2")).isEqualTo("\"abcd\"");
            call("MSET l1 abcdef l2 abcdef");
            assertThat(call("LCS l1 l2"))
                    .isEqualTo("-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        } finally {
            node.server().onMain(() -> {
                node.engine().settings().protoMaxBulkLen(saved);
                return null;
            });
        }
    }
}
