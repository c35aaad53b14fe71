package io.vigil.replication;

import static io.vigil.replication.ReplicationTestSupport.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.Differential;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The replication protocol as a replica sees it on the wire, Vigil against real Redis 7.0: REPLCONF and
 * REPLICAOF replies and errors, the +FULLRESYNC line and the RDB framing, and a replica that stops reading
 * being dropped at its output buffer limit.
 */
class ReplicationProtocolTest {

    @Test
    void commandRepliesAndErrorsMatchRedis() {
        try (ServerProcess redis = ServerProcess.redis().name("proto-redis").start();
             EmbeddedVigil vigil = EmbeddedVigil.start();
             Differential d = new Differential(redis.connect(), vigil.connect())) {
            d.check("REPLCONF", "listening-port", "6380");
            d.check("REPLCONF", "capa", "eof", "capa", "psync2");
            d.check("REPLCONF", "ip-address", "10.0.0.1");
            d.check("REPLCONF");
            d.check("REPLCONF", "foo");
            d.check("REPLCONF", "foo", "bar");
            d.check("REPLCONF", "listening-port", "abc");
            // ACK from a client that is not a replica gets no reply at all: the next reply is PING's.
            d.redis().write("REPLCONF", "ACK", "5");
            d.vigil().write("REPLCONF", "ACK", "5");
            d.check("PING");
            d.check("REPLICAOF", "NO", "ONE");
            d.check("REPLICAOF", "127.0.0.1", "abc");
            d.check("REPLICAOF", "127.0.0.1", "70000");
            d.check("REPLICAOF", "127.0.0.1");
            d.check("ROLE");
            d.check("WAIT", "0", "0");
            d.check("WAIT", "x", "0");
            d.check("WAIT", "0", "-1");
            d.check("MULTI");
            d.check("PSYNC", "?", "-1");
            d.check("SYNC");
            d.check("DISCARD");
        }
    }

    /** A hand-made replica: REPLCONF, PSYNC ? -1, then the +FULLRESYNC line and the RDB header as framed. */
    private static String fullSyncFraming(String host, int port) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            // As a replica does: each reply read before the next command (PSYNC wants no pending output).
            StringBuilder sb = new StringBuilder();
            out.write(Resp.encode(b("REPLCONF"), b("listening-port"), b("7777")));
            out.flush();
            sb.append(line(in)).append('|');
            out.write(Resp.encode(b("REPLCONF"), b("capa"), b("psync2")));
            out.flush();
            sb.append(line(in)).append('|');
            out.write(Resp.encode(b("PSYNC"), b("?"), b("-1")));
            out.flush();
            String fullresync = skipNewlines(in);
            sb.append(fullresync.replaceAll("[0-9a-f]{40}", "<replid>")).append('|');
            String bulk = skipNewlines(in);
            sb.append(bulk.replaceAll("\\d+", "<len>")).append('|');
            long len = Long.parseLong(bulk.substring(1));
            byte[] rdb = in.readNBytes((int) len);
            sb.append(new String(rdb, 0, 9, StandardCharsets.US_ASCII));
            return sb.toString();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String line(DataInputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static String skipNewlines(DataInputStream in) throws IOException {
        String l;
        do {
            l = line(in);
        } while (l.isEmpty());
        return l;
    }

    @Test
    void diskBasedFullSyncIsFramedAsRedisFrames() throws IOException {
        try (ServerProcess redis = ServerProcess.redis().name("framing-redis").arg("repl-diskless-sync", "no").start();
             EmbeddedVigil vigil = EmbeddedVigil.start("repl-diskless-sync", "no")) {
            String expected = fullSyncFraming(redis.host(), redis.port());
            assertThat(expected).isEqualTo("+OK|+OK|+FULLRESYNC <replid> 0|$<len>|REDIS0010");
            assertThat(fullSyncFraming(vigil.host(), vigil.port())).isEqualTo(expected);
        }
    }

    @Test
    void replicaThatStopsReadingIsDroppedAtItsOutputLimit() throws IOException {
        try (EmbeddedVigil vigil = EmbeddedVigil.start("repl-diskless-sync", "no");
             Resp m = vigil.connect();
             Socket s = new Socket(vigil.host(), vigil.port())) {
            m.send("CONFIG", "SET", "client-output-buffer-limit", "replica 1mb 0 0");
            OutputStream out = s.getOutputStream();
            out.write(Resp.encode(b("REPLCONF"), b("listening-port"), b("7777")));
            out.flush();
            assertThat(line(new DataInputStream(s.getInputStream()))).isEqualTo("+OK");
            out.write(Resp.encode(b("PSYNC"), b("?"), b("-1")));
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(info(m, "replication").get("connected_slaves")));
            byte[] value = new byte[64 * 1024];
            // Never read: the stream piles up in the master until the hard limit drops the replica.
            for (int i = 0; i < 2000 && "1".equals(info(m, "replication").get("connected_slaves")); i++) {
                m.send(b("SET"), b("k" + (i % 10)), value);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> "0".equals(info(m, "replication").get("connected_slaves")));
            assertThat(m.send("GET", "k1").toString()).isNotEqualTo("(nil)");
        }
    }
}
