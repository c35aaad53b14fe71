package io.vigil.server;

import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** maxmemory: noeviction refuses writes with Redis's OOM text, the other policies evict and keep serving. */
class MaxmemoryTest {

    private static String fillUntilError(Resp r, int max) {
        String value = "x".repeat(1000);
        for (int i = 0; i < max; i++) {
            Resp.Reply reply = r.send("SET", "key:" + i, value);
            if (reply.isError()) {
                return reply.toString();
            }
        }
        return "no error after " + max + " writes";
    }

    @Test
    void noevictionRefusesWritesLikeRedisButServesReadsAndDeletes() {
        try (ServerProcess redis = ServerProcess.redis().arg("maxmemory", "3mb").start();
             EmbeddedVigil vigil = EmbeddedVigil.start("maxmemory", "3mb");
             Resp rr = Resp.connect(redis); Resp vr = vigil.connect()) {
            String redisError = fillUntilError(rr, 100_000);
            String vigilError = fillUntilError(vr, 100_000);
            assertThat(vigilError).isEqualTo(redisError)
                    .isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.");
            assertThat(vr.send("GET", "key:1").isError()).isFalse();
            assertThat(vr.send("DEL", "key:1").toString()).isEqualTo(":1");
        }
    }

    @Test
    void allkeysLruEvictsAndKeepsMemoryUnderTheLimit() {
        try (EmbeddedVigil vigil = EmbeddedVigil.start("maxmemory", "4mb", "maxmemory-policy", "allkeys-lru");
             Resp r = vigil.connect()) {
            String value = "y".repeat(1000);
            for (int i = 0; i < 20_000; i++) {
                assertThat(r.send("SET", "k" + i, value).toString()).isEqualTo("+OK");
            }
            long keys = r.send("DBSIZE").asLong();
            assertThat(keys).isLessThan(20_000).isGreaterThan(1000);
            // the most recently written keys survive an LRU policy
            assertThat(r.send("EXISTS", "k19999").asLong()).isEqualTo(1);
        }
    }
}
