package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.vigil.cli.Node;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Active expiry end to end: keys whose TTL passed are reclaimed by the server cron although nobody reads
 * them (DBSIZE, which counts expired keys not yet reclaimed, drops; INFO counts them), and
 * {@code DEBUG SET-ACTIVE-EXPIRE 0} stops it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyActiveExpireTest {

    private static final int VOLATILE = 500;
    private static final int PERSISTENT = 10;

    private Node node;
    private Resp r;

    @BeforeAll
    void start() {
        node = EmbeddedVigil.start().node();
        r = new Resp("127.0.0.1", node.port());
    }

    @AfterAll
    void stop() {
        if (r != null) {
            r.close();
        }
        if (node != null) {
            node.stop();
        }
    }

    @BeforeEach
    void flush() {
        r.send("FLUSHALL");
    }

    @AfterEach
    void reenable() {
        r.send("DEBUG", "SET-ACTIVE-EXPIRE", "1");
    }

    private void populate(String prefix, long ttlMillis) {
        for (int i = 0; i < VOLATILE; i++) {
            r.write("SET", prefix + i, "v", "PX", Long.toString(ttlMillis));
        }
        for (int i = 0; i < PERSISTENT; i++) {
            r.write("SET", "keep:" + prefix + i, "v");
        }
        for (int i = 0; i < VOLATILE + PERSISTENT; i++) {
            assertThat(r.readReply().toString()).isEqualTo("+OK");
        }
    }

    private long dbsize() {
        return r.send("DBSIZE").asLong();
    }

    private long expiredKeysCounter() throws Exception {
        return node.server().onMain(() -> node.engine().stats().expiredKeys);
    }

    @Test
    void expiredKeysAreReclaimedWithoutBeingTouched() throws Exception {
        long expiredBefore = expiredKeysCounter();
        populate("tmp:", 100);
        assertThat(dbsize()).isEqualTo(VOLATILE + PERSISTENT);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> dbsize() == PERSISTENT);
        assertThat(expiredKeysCounter() - expiredBefore).isEqualTo(VOLATILE);

        Reply stats = r.send("INFO", "stats");
        if (!stats.isError()) {
            Matcher m = Pattern.compile("(?m)^expired_keys:(\\d+)\r?$").matcher(stats.asString());
            assertThat(m.find()).as("INFO stats has expired_keys").isTrue();
            assertThat(Long.parseLong(m.group(1))).isGreaterThanOrEqualTo(VOLATILE);
            Reply keyspace = r.send("INFO", "keyspace");
            assertThat(keyspace.asString()).contains("db0:keys=" + PERSISTENT + ",expires=0,");
        }
    }

    @Test
    void debugSetActiveExpireZeroStopsIt() throws Exception {
        Reply off = r.send("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        assumeFalse(off.isError(), "DEBUG SET-ACTIVE-EXPIRE is not implemented yet: " + off);
        long expiredBefore = expiredKeysCounter();
        populate("off:", 50);
        long deadline = System.currentTimeMillis() + 50;
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > deadline);
        // Expired but unreclaimed keys still count in DBSIZE for a while: several cron periods.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                .until(() -> dbsize() == VOLATILE + PERSISTENT);
        assertThat(expiredKeysCounter()).isEqualTo(expiredBefore);

        assertThat(r.send("DEBUG", "SET-ACTIVE-EXPIRE", "1").toString()).isEqualTo("+OK");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> dbsize() == PERSISTENT);
        assertThat(expiredKeysCounter() - expiredBefore).isEqualTo(VOLATILE);
    }
}
