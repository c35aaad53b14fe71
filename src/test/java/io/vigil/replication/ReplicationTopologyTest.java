package io.vigil.replication;

import static io.vigil.replication.ReplicationTestSupport.info;
import static io.vigil.replication.ReplicationTestSupport.snapshot;
import static io.vigil.replication.ReplicationTestSupport.writeAllTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.FreePort;
import io.vigil.testing.Resp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/** Vigil-only topologies: failover by hand (PSYNC2), chaining, WAIT, min-replicas, stale data. */
class ReplicationTopologyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static void awaitLinkUp(Resp r) {
        await().atMost(WAIT).until(() -> "up".equals(info(r, "replication").get("master_link_status")));
    }

    private static void awaitSameOffset(Resp replica, Resp master) {
        await().atMost(WAIT).until(() -> info(replica, "replication").get("slave_repl_offset")
                .equals(info(master, "replication").get("master_repl_offset")));
    }

    private static String replicaof(Resp r, EmbeddedVigil master) {
        return r.send("REPLICAOF", "127.0.0.1", Integer.toString(master.port())).toString();
    }

    @Test
    void promotedReplicaTakesOverWithPartialResyncs() {
        // A long ping period: a PING from the old master after the promotion would put it ahead of the new one.
        String[] conf = {"repl-ping-replica-period", "3600", "repl-diskless-sync-delay", "0"};
        try (EmbeddedVigil a = EmbeddedVigil.start(conf); EmbeddedVigil b = EmbeddedVigil.start(conf);
             EmbeddedVigil c = EmbeddedVigil.start(conf);
             Resp ra = a.connect(); Resp rb = b.connect(); Resp rc = c.connect()) {
            writeAllTypes(ra, "pre:");
            replicaof(rb, a);
            replicaof(rc, a);
            awaitLinkUp(rb);
            awaitLinkUp(rc);
            writeAllTypes(ra, "live:");
            awaitSameOffset(rb, ra);
            awaitSameOffset(rc, ra);
            assertThat(info(ra, "stats").get("sync_full")).isEqualTo("2");
            String oldId = info(ra, "replication").get("master_replid");
            String offset = info(ra, "replication").get("master_repl_offset");

            // Failover without sentinels: promote B, point C and the old master A at it.
            assertThat(rb.send("REPLICAOF", "NO", "ONE").toString()).isEqualTo("+OK");
            Map<String, String> bi = info(rb, "replication");
            assertThat(bi.get("role")).isEqualTo("master");
            assertThat(bi.get("master_replid2")).isEqualTo(oldId);
            assertThat(bi.get("second_repl_offset")).isEqualTo(Long.toString(Long.parseLong(offset) + 1));
            assertThat(rb.send("SET", "after", "failover").toString()).isEqualTo("+OK");
            replicaof(rc, b);
            replicaof(ra, b);
            awaitLinkUp(rc);
            awaitLinkUp(ra);
            awaitSameOffset(rc, rb);
            awaitSameOffset(ra, rb);
            Map<String, String> stats = info(rb, "stats");
            assertThat(stats.get("sync_full")).isEqualTo("0");
            assertThat(stats.get("sync_partial_ok")).isEqualTo("2");
            assertThat(snapshot(ra)).isEqualTo(snapshot(rb));
            assertThat(snapshot(rc)).isEqualTo(snapshot(rb));
            assertThat(snapshot(rc)).containsKey("0:after");
            assertThat(ra.send("SET", "x", "1").toString()).startsWith("-READONLY");
            assertThat(info(rb, "replication").get("connected_slaves")).isEqualTo("2");
        }
    }

    @Test
    void replicaAuthenticatesWithMasterauthAndMasteruser() {
        try (EmbeddedVigil a = EmbeddedVigil.start("requirepass", "s3cret", "repl-diskless-sync-delay", "0");
             EmbeddedVigil b = EmbeddedVigil.start("masterauth", "s3cret", "masteruser", "default");
             EmbeddedVigil c = EmbeddedVigil.start("masterauth", "wrong");
             Resp ra = a.connect(); Resp rb = b.connect(); Resp rc = c.connect()) {
            ra.send("AUTH", "s3cret");
            ra.send("SET", "k", "v");
            replicaof(rb, a);
            replicaof(rc, a);
            awaitLinkUp(rb);
            assertThat(rb.send("GET", "k").toString()).isEqualTo("\"v\"");
            assertThat(info(rc, "replication").get("master_link_status")).isEqualTo("down");
            assertThat(info(ra, "replication").get("connected_slaves")).isEqualTo("1");
        }
    }

    @Test
    void keysExpireOnTheReplicaWhenTheMasterSaysSo() {
        try (EmbeddedVigil a = EmbeddedVigil.start("repl-diskless-sync-delay", "0");
             EmbeddedVigil b = EmbeddedVigil.start();
             Resp ra = a.connect(); Resp rb = b.connect()) {
            replicaof(rb, a);
            awaitLinkUp(rb);
            ra.send("SET", "short", "v", "PX", "300");
            ra.send("SET", "long", "v");
            await().atMost(WAIT).until(() -> "\"v\"".equals(rb.send("GET", "long").toString()));
            // The master's expiry cycle deletes it and sends DEL; the replica never expires keys itself.
            await().atMost(WAIT).until(() -> ":1".equals(rb.send("DBSIZE").toString()));
            assertThat(info(rb, "stats").get("expired_keys")).isEqualTo("0");
            assertThat(info(ra, "stats").get("expired_keys")).isEqualTo("1");
        }
    }

    @Test
    void replicaOfReplicaProxiesTheStream() {
        try (EmbeddedVigil a = EmbeddedVigil.start("repl-diskless-sync-delay", "0");
             EmbeddedVigil b = EmbeddedVigil.start("repl-diskless-sync-delay", "0");
             EmbeddedVigil c = EmbeddedVigil.start();
             Resp ra = a.connect(); Resp rb = b.connect(); Resp rc = c.connect()) {
            writeAllTypes(ra, "pre:");
            replicaof(rb, a);
            awaitLinkUp(rb);
            replicaof(rc, b);
            awaitLinkUp(rc);
            writeAllTypes(ra, "live:");
            awaitSameOffset(rb, ra);
            awaitSameOffset(rc, ra);
            assertThat(snapshot(rc)).isEqualTo(snapshot(ra));
            assertThat(info(rc, "replication").get("master_replid")).isEqualTo(info(ra, "replication").get("master_replid"));
            assertThat(info(rb, "replication").get("connected_slaves")).isEqualTo("1");
            assertThat(info(ra, "replication").get("connected_slaves")).isEqualTo("1");
        }
    }

    @Test
    void waitCountsReplicasThatAcknowledged() {
        try (EmbeddedVigil a = EmbeddedVigil.start("repl-diskless-sync-delay", "0");
             EmbeddedVigil b = EmbeddedVigil.start(); EmbeddedVigil c = EmbeddedVigil.start();
             Resp ra = a.connect(); Resp rb = b.connect(); Resp rc = c.connect()) {
            assertThat(ra.send("WAIT", "0", "0").toString()).isEqualTo(":0");
            replicaof(rb, a);
            replicaof(rc, a);
            awaitLinkUp(rb);
            awaitLinkUp(rc);
            await().atMost(WAIT).until(() -> info(ra, "replication").get("slave1") != null
                    && info(ra, "replication").get("slave1").contains("state=online"));
            ra.send("SET", "k", "v");
            assertThat(ra.send("WAIT", "2", "5000").toString()).isEqualTo(":2");
            ra.send("SET", "k", "w");
            long t0 = System.nanoTime();
            assertThat(ra.send("WAIT", "3", "300").toString()).isEqualTo(":2");
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(250);
            assertThat(rb.send("WAIT", "1", "100").toString()).startsWith("-ERR WAIT cannot be used with replica instances.");
            assertThat(rb.send("ROLE").toString()).contains("slave").contains("connected");
            assertThat(ra.send("ROLE").toString()).contains("master");
        }
    }

    @Test
    void minReplicasToWriteRefusesWritesWithoutGoodReplicas() {
        try (EmbeddedVigil a = EmbeddedVigil.start("min-replicas-to-write", "1", "repl-diskless-sync-delay", "0");
             EmbeddedVigil b = EmbeddedVigil.start();
             Resp ra = a.connect(); Resp rb = b.connect()) {
            assertThat(ra.send("SET", "k", "v").toString()).isEqualTo("-NOREPLICAS Not enough good replicas to write.");
            assertThat(ra.send("EXISTS", "k").toString()).isEqualTo(":0");
            ra.send("MULTI");
            assertThat(ra.send("SET", "k", "v").toString()).isEqualTo("-NOREPLICAS Not enough good replicas to write.");
            assertThat(ra.send("EXEC").toString()).isEqualTo("-EXECABORT Transaction discarded because of previous errors.");
            assertThat(ra.send("EXEC").toString()).isEqualTo("-ERR EXEC without MULTI");
            assertThat(info(ra, "replication").get("min_slaves_good_slaves")).isEqualTo("0");
            replicaof(rb, a);
            awaitLinkUp(rb);
            await().atMost(WAIT).until(() -> "+OK".equals(ra.send("SET", "k", "v").toString()));
            assertThat(info(ra, "replication").get("min_slaves_good_slaves")).isEqualTo("1");
        }
    }

    @Test
    void staleReplicaRefusesDataCommandsWhenConfigured() {
        int closed = FreePort.find();
        try (EmbeddedVigil b = EmbeddedVigil.start("replica-serve-stale-data", "no"); Resp rb = b.connect()) {
            rb.send("REPLICAOF", "127.0.0.1", Integer.toString(closed));
            assertThat(rb.send("GET", "k").toString())
                    .isEqualTo("-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
            // As Redis 7.0: PING has no "stale" flag and is refused too; ECHO and INFO are not.
            assertThat(rb.send("PING").toString()).startsWith("-MASTERDOWN");
            assertThat(rb.send("DBSIZE").toString()).startsWith("-MASTERDOWN");
            assertThat(rb.send("ECHO", "x").toString()).doesNotStartWith("-");
            Map<String, String> ri = info(rb, "replication");
            assertThat(ri.get("role")).isEqualTo("slave");
            assertThat(ri.get("master_link_status")).isEqualTo("down");
            assertThat(ri.get("master_link_down_since_seconds")).isEqualTo("-1");
            assertThat(rb.send("REPLICAOF", "NO", "ONE").toString()).isEqualTo("+OK");
            assertThat(rb.send("GET", "k").toString()).isNotEqualTo("-MASTERDOWN");
        }
    }

    /** A replica with appendonly yes: after a full sync its AOF describes the master's dataset (restart keeps it). */
    @Test
    void replicaAofDescribesTheSyncedDataset(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String[] conf = {"repl-diskless-sync-delay", "0"};
        Map<String, String> synced;
        try (EmbeddedVigil a = EmbeddedVigil.start(conf); Resp ra = a.connect()) {
            writeAllTypes(ra, "pre:");
            try (EmbeddedVigil b = EmbeddedVigil.start("appendonly", "yes", "dir", dir.toString());
                 Resp rb = b.connect()) {
                replicaof(rb, a);
                awaitLinkUp(rb);
                awaitSameOffset(rb, ra);
                synced = snapshot(rb);
                assertThat(synced).isEqualTo(snapshot(ra)).isNotEmpty();
            }
        }
        // The same directory, no master: the dataset comes back from the AOF alone.
        try (EmbeddedVigil b = EmbeddedVigil.start("appendonly", "yes", "dir", dir.toString()); Resp rb = b.connect()) {
            assertThat(snapshot(rb)).isEqualTo(synced);
        }
    }
}
