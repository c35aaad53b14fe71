package io.vigil.replication;

import static io.vigil.replication.ReplicationTestSupport.info;
import static io.vigil.replication.ReplicationTestSupport.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

/**
 * A replica never loses or reorders writes: random writes while the link is cut again and again from both ends,
 * with a backlog small enough that some reconnections need a full resync; the datasets are equal at the end.
 */
class ReplicationLinkDropTest {

    @Test
    void datasetsAgreeAfterRepeatedLinkDrops() {
        try (EmbeddedVigil a = EmbeddedVigil.start("repl-diskless-sync-delay", "0", "repl-backlog-size", "16kb");
             EmbeddedVigil b = EmbeddedVigil.start();
             Resp ra = a.connect(); Resp rb = b.connect(); Resp killer = a.connect()) {
            rb.send("REPLICAOF", "127.0.0.1", Integer.toString(a.port()));
            Random rnd = new Random(42);
            for (int round = 0; round < 12; round++) {
                int writes = round % 3 == 0 ? 3000 : 200; // a large round overflows the 16kb backlog
                for (int i = 0; i < writes; i++) {
                    String k = "k" + rnd.nextInt(200);
                    switch (rnd.nextInt(6)) {
                        case 0 -> ra.send("SET", k, "v" + i);
                        case 1 -> ra.send("DEL", k);
                        case 2 -> ra.send("RPUSH", "l" + k, Integer.toString(i));
                        case 3 -> ra.send("HSET", "h" + k, "f" + (i % 7), Integer.toString(i));
                        case 4 -> ra.send("ZADD", "z" + k, Integer.toString(i % 13), "m" + (i % 5));
                        default -> ra.send("SADD", "s" + k, Integer.toString(i % 9));
                    }
                }
                if (round % 2 == 0) {
                    killer.send("CLIENT", "KILL", "TYPE", "replica");
                } else {
                    rb.send("CLIENT", "KILL", "TYPE", "master");
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> "up".equals(info(rb, "replication").get("master_link_status"))
                    && info(rb, "replication").get("slave_repl_offset").equals(info(ra, "replication").get("master_repl_offset")));
            assertThat(snapshot(rb)).isEqualTo(snapshot(ra));
            var stats = info(ra, "stats");
            assertThat(Long.parseLong(stats.get("sync_full")) + Long.parseLong(stats.get("sync_partial_ok")))
                    .isGreaterThan(2);
        }
    }
}
