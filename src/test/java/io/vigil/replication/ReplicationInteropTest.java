package io.vigil.replication;

import static io.vigil.replication.ReplicationTestSupport.info;
import static io.vigil.replication.ReplicationTestSupport.snapshot;
import static io.vigil.replication.ReplicationTestSupport.writeAllTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/**
 * Replication between Vigil and real Redis 7.0, both ways: full sync, the command stream with every data type,
 * then a partial resync after the link is cut; the datasets are compared key by key.
 */
class ReplicationInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Data present before the replica attaches: it arrives in the RDB of the full sync. */
    private static Resp preload(Resp r) {
        writeAllTypes(r, "pre:");
        return r;
    }

    @Test
    void realRedisReplicatesFromVigilMaster() {
        try (EmbeddedVigil master = EmbeddedVigil.start("repl-diskless-sync-delay", "0");
             Resp m = master.connect();
             Resp preload = preload(master.connect());
             ServerProcess replica = ServerProcess.redis().name("real-replica")
                     .arg("replicaof", "127.0.0.1", Integer.toString(master.port())).start();
             Resp r = replica.connect()) {
            await().atMost(WAIT).until(() -> "up".equals(info(r, "replication").get("master_link_status")));
            writeAllTypes(m, "a:");
            m.send("PUBLISH", "chan", "not a key");
            await().atMost(WAIT).until(() -> snapshot(r).equals(snapshot(m)));
            assertThat(snapshot(r)).hasSizeGreaterThan(30);

            Map<String, String> mi = info(m, "replication");
            assertThat(mi.get("connected_slaves")).isEqualTo("1");
            assertThat(mi.get("slave0")).matches("ip=127\\.0\\.0\\.1,port=" + replica.port()
                    + ",state=online,offset=\\d+,lag=\\d+");
            assertThat(info(m, "stats").get("sync_full")).isEqualTo("1");

            // Cut the link: the real replica comes back with PSYNC and continues from the backlog.
            m.send("CLIENT", "KILL", "TYPE", "replica");
            writeAllTypes(m, "b:");
            await().atMost(WAIT).until(() -> "1".equals(info(m, "stats").get("sync_partial_ok")));
            await().atMost(WAIT).until(() -> snapshot(r).equals(snapshot(m)));
            assertThat(info(m, "stats").get("sync_full")).isEqualTo("1");
            await().atMost(WAIT).until(() -> info(r, "replication").get("slave_repl_offset")
                    .equals(info(m, "replication").get("master_repl_offset")));
            assertThat(replica.logText()).contains("Successful partial resynchronization with master.");
        }
    }

    @Test
    void realRedisReplicatesFromVigilReplicaOfVigil() {
        try (EmbeddedVigil master = EmbeddedVigil.start("repl-diskless-sync-delay", "0");
             Resp m = master.connect();
             Resp preload = preload(master.connect());
             EmbeddedVigil middle = EmbeddedVigil.start("repl-diskless-sync-delay", "0");
             Resp mid = middle.connect()) {
            mid.send("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            await().atMost(WAIT).until(() -> "up".equals(info(mid, "replication").get("master_link_status")));
            try (ServerProcess replica = ServerProcess.redis().name("real-chained")
                    .arg("replicaof", "127.0.0.1", Integer.toString(middle.port())).start();
                 Resp r = replica.connect()) {
                await().atMost(WAIT).until(() -> "up".equals(info(r, "replication").get("master_link_status")));
                writeAllTypes(m, "live:");
                await().atMost(WAIT).until(() -> snapshot(r).equals(snapshot(m)));
                // The middle proxies the master's stream byte for byte: the offsets agree along the chain.
                await().atMost(WAIT).until(() -> info(r, "replication").get("slave_repl_offset")
                        .equals(info(m, "replication").get("master_repl_offset")));
                assertThat(info(r, "replication").get("master_replid")).isEqualTo(info(m, "replication").get("master_replid"));
            }
        }
    }

    @Test
    void vigilReplicatesFromRealRedisMaster() {
        try (ServerProcess master = ServerProcess.redis().name("real-master").start();
             Resp m = master.connect();
             Resp preload = preload(master.connect());
             EmbeddedVigil replica = EmbeddedVigil.start();
             Resp r = replica.connect()) {
            assertThat(r.send("REPLICAOF", "127.0.0.1", Integer.toString(master.port())).toString()).isEqualTo("+OK");
            await().atMost(WAIT).until(() -> "up".equals(info(r, "replication").get("master_link_status")));
            writeAllTypes(m, "a:");
            await().atMost(WAIT).until(() -> snapshot(r).equals(snapshot(m)));
            assertThat(snapshot(r)).hasSizeGreaterThan(30);
            assertThat(r.send("SET", "x", "1").toString()).contains("READONLY You can't write against a read only replica.");

            r.send("CLIENT", "KILL", "TYPE", "master");
            writeAllTypes(m, "b:");
            await().atMost(WAIT).until(() -> "1".equals(info(m, "stats").get("sync_partial_ok")));
            await().atMost(WAIT).until(() -> snapshot(r).equals(snapshot(m)));
            assertThat(info(m, "stats").get("sync_full")).isEqualTo("1");
            await().atMost(WAIT).until(() -> info(r, "replication").get("slave_repl_offset")
                    .equals(info(m, "replication").get("master_repl_offset")));
            Map<String, String> ri = info(r, "replication");
            assertThat(ri.get("role")).isEqualTo("slave");
            assertThat(ri.get("master_replid")).isEqualTo(info(m, "replication").get("master_replid"));
        }
    }
}
