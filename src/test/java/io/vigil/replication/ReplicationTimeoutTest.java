package io.vigil.replication;

import static io.vigil.replication.ReplicationTestSupport.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** repl-timeout on both ends of the link. */
class ReplicationTimeoutTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void masterDropsAReplicaThatStopsAcknowledging() throws IOException {
        try (EmbeddedVigil m = EmbeddedVigil.start("repl-diskless-sync", "no", "repl-timeout", "2");
             Resp r = m.connect();
             Socket s = new Socket(m.host(), m.port())) {
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(Resp.encode(b("REPLCONF"), b("listening-port"), b("7777")));
            out.flush();
            in.readNBytes(5); // +OK\r\n
            out.write(Resp.encode(b("PSYNC"), b("?"), b("-1")));
            out.flush();
            await().atMost(WAIT).until(() -> {
                String s0 = info(r, "replication").get("slave0");
                return s0 != null && s0.contains("state=online");
            });
            // A replica that never sends REPLCONF ACK is cut after repl-timeout seconds.
            await().atMost(WAIT).until(() -> "0".equals(info(r, "replication").get("connected_slaves")));
        }
    }

    @Test
    void replicaReconnectsWhenTheMasterFallsSilent() {
        try (EmbeddedVigil m = EmbeddedVigil.start("repl-diskless-sync-delay", "0", "repl-ping-replica-period", "1",
                     "enable-debug-command", "yes");
             EmbeddedVigil rep = EmbeddedVigil.start("repl-timeout", "2");
             Resp rm = m.connect(); Resp rr = rep.connect()) {
            rr.send("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await().atMost(WAIT).until(() -> "up".equals(info(rr, "replication").get("master_link_status")));
            rm.send("SET", "k", "v");
            // The master's event loop stops for 5 s: no PING reaches the replica, which times out.
            assertThat(rm.send("DEBUG", "SLEEP", "5").toString()).isEqualTo("+OK");
            await().atMost(WAIT).until(() -> Long.parseLong(info(rm, "stats").get("sync_partial_ok")) >= 1);
            await().atMost(WAIT).until(() -> "up".equals(info(rr, "replication").get("master_link_status")));
            assertThat(info(rm, "stats").get("sync_full")).isEqualTo("1");
            assertThat(rr.send("GET", "k").toString()).isEqualTo("\"v\"");
        }
    }
}
