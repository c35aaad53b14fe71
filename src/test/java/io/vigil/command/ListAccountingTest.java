package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Node;
import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.MemorySizes;
import io.vigil.testing.EffectsRig;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.types.ListValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The keyspace's memory accounting stays exact while list commands change lists in place: after any
 * sequence, deleting every key one by one must bring the database back to exactly its empty usage (a missed
 * or wrong size report would leave a residue), and a list's reported size follows its elements.
 */
class ListAccountingTest {
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

    private static Database db() {
        return node.engine().keyspace().db(0);
    }

    private static String call(String line) {
        return client.send(EffectsRig.parse(line).toArray(new byte[0][])).toString();
    }

    private static long usage() throws Exception {
        return node.server().onMain(() -> db().memoryUsage());
    }

    /** Deletes every key one at a time (no clear()), returning the usage left. */
    private static long deleteAllKeysOneByOne() throws Exception {
        return node.server().onMain(() -> {
            List<byte[]> keys = new ArrayList<>();
            db().forEach(e -> keys.add(e.key));
            for (byte[] k : keys) {
                db().delete(k);
            }
            return db().memoryUsage();
        });
    }

    @Test
    void randomListCommandsLeaveNoResidue() throws Exception {
        long empty = usage();
        Random rnd = new Random(11);
        String[] keys = {"a", "b", "c"};
        for (int i = 0; i < 3000; i++) {
            String k = keys[rnd.nextInt(keys.length)];
            String k2 = keys[rnd.nextInt(keys.length)];
            String v = "{rep:v" + rnd.nextInt(3) + ":" + (1 + rnd.nextInt(30)) + "}";
            String line = switch (rnd.nextInt(14)) {
                case 0, 1 -> "RPUSH " + k + " " + v + " " + v;
                case 2 -> "LPUSH " + k + " " + v;
                case 3 -> "LPOP " + k + " " + rnd.nextInt(3);
                case 4 -> "RPOP " + k;
                case 5 -> "LSET " + k + " " + (rnd.nextInt(6) - 3) + " " + v;
                case 6 -> "LINSERT " + k + " BEFORE " + v + " {rep:y:" + (1 + rnd.nextInt(60)) + "}";
                case 7 -> "LREM " + k + " " + (rnd.nextInt(5) - 2) + " " + v;
                case 8 -> "LTRIM " + k + " " + rnd.nextInt(3) + " " + (rnd.nextInt(8) - 2);
                case 9 -> "LMOVE " + k + " " + k2 + " LEFT RIGHT";
                case 10 -> "RPOPLPUSH " + k + " " + k2;
                case 11 -> "LMPOP 2 " + k + " " + k2 + " RIGHT COUNT 2";
                case 12 -> "BLMOVE " + k + " " + k2 + " RIGHT LEFT 0.001";
                default -> "BLPOP " + k + " " + k2 + " 0.001";
            };
            assertThat(call(line)).doesNotContain("syntax", "wrong number", "WRONGTYPE");
        }
        assertThat(deleteAllKeysOneByOne()).isEqualTo(empty);
    }

    @Test
    void aListsUsageFollowsItsElements() throws Exception {
        call("RPUSH l " + "{rep:e:100} ".repeat(1000));
        long one = listUsage();
        assertThat(one).isBetween(1000L * MemorySizes.byteArray(100), 1000L * (MemorySizes.byteArray(100) + 8) + 256);
        long dbWithList = usage();
        call("LTRIM l 0 9");
        long trimmed = listUsage();
        assertThat(trimmed).isLessThan(10L * (MemorySizes.byteArray(100) + 8) + 256);
        assertThat(dbWithList - usage()).isEqualTo(one - trimmed);
        call("LSET l 0 {rep:z:1000}");
        assertThat(listUsage() - trimmed).isEqualTo(MemorySizes.byteArray(1000) - MemorySizes.byteArray(100));
        assertThat(deleteAllKeysOneByOne()).isZero();
    }

    private static long listUsage() throws Exception {
        return node.server().onMain(() -> {
            KeyEntry e = db().lookupNoTouch("l".getBytes());
            return ((ListValue) e.value).memoryUsage();
        });
    }
}
