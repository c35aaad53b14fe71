package io.vigil.replication;

import static io.vigil.replication.ReplicationTestSupport.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.FreePort;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Steps 1–4 of the guide (shared/seed/redis-replication-sentinel-guide.md) on 127.0.0.1 (master), 127.0.0.2 and
 * 127.0.0.3 (replicas), all on one port, with the guide's own config lines (plus {@code protected-mode no} and
 * {@code bind-source-addr} so that, on one machine, each replica is seen under its own address). Run with real
 * Redis 7.0 and with Vigil; the INFO replication fields must have the same names, in the same order.
 */
class ReplicationGuideIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    /** A port free on 127.0.0.1, .2 and .3. */
    private static int portFreeOnAllThree() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = FreePort.find("127.0.0.1");
            if (bindable("127.0.0.2", p) && bindable("127.0.0.3", p)) {
                return p;
            }
        }
        throw new IllegalStateException("no port free on 127.0.0.1-3");
    }

    private static boolean bindable(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Topology(ServerProcess master, ServerProcess replica1, ServerProcess replica2) implements AutoCloseable {
        @Override
        public void close() {
            replica2.close();
            replica1.close();
            master.close();
        }
    }

    private static Topology start(ServerProcess.Kind kind) {
        int port = portFreeOnAllThree();
        ServerProcess master = ServerProcess.of(kind).name(kind + "-master1").host("127.0.0.1").port(port)
                .configLine("bind 127.0.0.1").configLine("port " + port)
                .configLine("protected-mode no").start();
        try {
            // As in the guide: replica1 binds 127.0.0.3, replica2 127.0.0.2.
            ServerProcess r1 = replica(kind, "replica1", "127.0.0.3", port);
            ServerProcess r2 = replica(kind, "replica2", "127.0.0.2", port);
            return new Topology(master, r1, r2);
        } catch (RuntimeException e) {
            master.close();
            throw e;
        }
    }

    private static ServerProcess replica(ServerProcess.Kind kind, String name, String ip, int port) {
        return ServerProcess.of(kind).name(kind + "-" + name).host(ip).port(port)
                .configLine("bind " + ip).configLine("port " + port).configLine("slaveof 127.0.0.1 " + port)
                .configLine("protected-mode no").configLine("bind-source-addr " + ip).start();
    }

    /** INFO replication field names in order, slaveN lines under one name. */
    private static List<String> names(Map<String, String> info) {
        List<String> out = new ArrayList<>();
        for (String k : info.keySet()) {
            out.add(k.matches("slave\\d+") ? "slaveN" : k);
        }
        return out;
    }

    @Test
    void guideTopologyWithVigilMatchesRedis() {
        List<String> redisMaster;
        List<String> redisReplica;
        try (Topology t = start(ServerProcess.Kind.REDIS)) {
            Map<String, String>[] infos = exercise(t);
            redisMaster = names(infos[0]);
            redisReplica = names(infos[1]);
        }
        try (Topology t = start(ServerProcess.Kind.VIGIL)) {
            Map<String, String>[] infos = exercise(t);
            assertThat(names(infos[0])).isEqualTo(redisMaster);
            assertThat(names(infos[1])).isEqualTo(redisReplica);
            assertThat(t.replica1().logText()).contains("Connecting to MASTER 127.0.0.1:" + t.master().port())
                    .contains("MASTER <-> REPLICA sync started")
                    .contains("Partial resynchronization not possible (no cached master)")
                    .contains("MASTER <-> REPLICA sync: Finished with success");
            assertThat(t.master().logText()).contains("Replica 127.0.0.3:" + t.master().port() + " asks for synchronization")
                    .contains("Synchronization with replica 127.0.0.2:" + t.master().port() + " succeeded");
        }
    }

    /** The guide's step 4 on a running topology; returns the master's and replica1's INFO replication. */
    @SuppressWarnings("unchecked")
    private static Map<String, String>[] exercise(Topology t) {
        int port = t.master().port();
        try (Resp m = t.master().connect(); Resp r1 = t.replica1().connect(); Resp r2 = t.replica2().connect()) {
            await().atMost(WAIT).until(() -> "up".equals(info(r1, "replication").get("master_link_status"))
                    && "up".equals(info(r2, "replication").get("master_link_status")));
            await().atMost(WAIT).until(() -> {
                Map<String, String> mi = info(m, "replication");
                return "2".equals(mi.get("connected_slaves")) && mi.get("slave0").contains("state=online")
                        && mi.get("slave1").contains("state=online");
            });
            assertThat(m.send("SET", "replicated:test4", "5").toString()).isEqualTo("+OK");
            await().atMost(WAIT).until(() -> "\"5\"".equals(r1.send("GET", "replicated:test4").toString())
                    && "\"5\"".equals(r2.send("GET", "replicated:test4").toString()));
            assertThat(r1.send("SET", "x", "1").toString()).isEqualTo("-READONLY You can't write against a read only replica.");
            await().atMost(WAIT).until(() -> info(r1, "replication").get("slave_repl_offset")
                    .equals(info(m, "replication").get("master_repl_offset")));

            Map<String, String> mi = info(m, "replication");
            assertThat(mi.get("role")).isEqualTo("master");
            assertThat(List.of(mi.get("slave0"), mi.get("slave1"))).anySatisfy(s -> assertThat(s)
                    .matches("ip=127\\.0\\.0\\.2,port=" + port + ",state=online,offset=\\d+,lag=\\d+"))
                    .anySatisfy(s -> assertThat(s).matches("ip=127\\.0\\.0\\.3,port=" + port
                            + ",state=online,offset=\\d+,lag=\\d+"));
            assertThat(mi.get("repl_backlog_active")).isEqualTo("1");
            assertThat(mi.get("repl_backlog_size")).isEqualTo("1048576");
            assertThat(mi.get("repl_backlog_first_byte_offset")).isEqualTo("1");
            assertThat(mi.get("repl_backlog_histlen")).isEqualTo(mi.get("master_repl_offset"));

            Map<String, String> ri = info(r1, "replication");
            assertThat(ri.get("role")).isEqualTo("slave");
            assertThat(ri.get("master_host")).isEqualTo("127.0.0.1");
            assertThat(ri.get("master_port")).isEqualTo(Integer.toString(port));
            assertThat(ri.get("master_link_status")).isEqualTo("up");
            assertThat(Long.parseLong(ri.get("master_last_io_seconds_ago"))).isBetween(0L, 11L);
            assertThat(ri.get("master_sync_in_progress")).isEqualTo("0");
            assertThat(ri.get("slave_priority")).isEqualTo("100");
            assertThat(ri.get("slave_read_only")).isEqualTo("1");
            assertThat(ri.get("connected_slaves")).isEqualTo("0");
            assertThat(ri.get("master_replid")).isEqualTo(mi.get("master_replid"));
            return new Map[] {mi, ri};
        }
    }
}
