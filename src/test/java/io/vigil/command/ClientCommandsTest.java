package io.vigil.command;

import io.vigil.cli.Node;
import io.vigil.command.ServerTestSupport.Err;
import io.vigil.command.ServerTestSupport.Resp;
import io.vigil.command.ServerTestSupport.Verbatim;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** CLIENT and its subcommands through the wire on an embedded node. */
class ClientCommandsTest {
    static Node node;

    /** CLIENT LIST's fields in Redis 7.0's order. */
    static final List<String> FIELDS = List.of("id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db",
            "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll",
            "omem", "tot-mem", "events", "cmd", "user", "redir", "resp");

    @BeforeAll
    static void start() {
        node = ServerTestSupport.startVigil();
    }

    @AfterAll
    static void stop() {
        node.stop();
    }

    @AfterEach
    void unpause() {
        try (Resp r = new Resp(node.port())) {
            r.call("CLIENT", "UNPAUSE");
        }
    }

    static Resp connect() {
        return new Resp(node.port());
    }

    /** CLIENT LIST / INFO text parsed into one field map per line. */
    static List<Map<String, String>> parse(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (String kv : line.split(" ")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            out.add(m);
        }
        return out;
    }

    static Map<String, String> lineOf(Resp r, long id) {
        for (Map<String, String> m : parse((String) r.call("CLIENT", "LIST"))) {
            if (m.get("id").equals(Long.toString(id))) {
                return m;
            }
        }
        return null;
    }

    @Test
    void idNameAndInfo() {
        try (Resp r = connect()) {
            long id = (Long) r.call("CLIENT", "ID");
            assertThat(r.call("CLIENT", "GETNAME")).isNull();
            assertThat(r.call("CLIENT", "SETNAME", "worker-1")).isEqualTo("OK");
            assertThat(r.call("CLIENT", "GETNAME")).isEqualTo("worker-1");
            assertThat(r.call("CLIENT", "SETNAME", "two words")).isEqualTo(
                    new Err("ERR Client names cannot contain spaces, newlines or special characters."));
            Map<String, String> info = parse((String) r.call("CLIENT", "INFO")).get(0);
            assertThat(info.keySet()).containsExactlyElementsOf(FIELDS);
            assertThat(info.get("id")).isEqualTo(Long.toString(id));
            assertThat(info.get("name")).isEqualTo("worker-1");
            assertThat(info.get("cmd")).isEqualTo("client|info");
            assertThat(info.get("flags")).isEqualTo("N");
            assertThat(info.get("argv-mem")).isEqualTo("10");
            assertThat(info.get("laddr")).isEqualTo("127.0.0.1:" + node.port());
            assertThat(info.get("resp")).isEqualTo("2");
            assertThat(r.call("CLIENT", "SETNAME", "")).isEqualTo("OK");
            assertThat(r.call("CLIENT", "GETNAME")).isNull();
            r.call("HELLO", "3");
            assertThat(r.call("CLIENT", "INFO")).isInstanceOf(Verbatim.class);
        }
    }

    @Test
    void listShowsEveryClientInRedisFieldOrder() {
        try (Resp a = connect(); Resp b = connect()) {
            long idA = (Long) a.call("CLIENT", "ID");
            long idB = (Long) b.call("CLIENT", "ID");
            b.call("SELECT", "3");
            b.call("CLIENT", "NO-EVICT", "on");
            String raw = a.raw("CLIENT", "LIST");
            assertThat(raw).startsWith("$").endsWith("\n\r\n");
            List<Map<String, String>> lines = parse((String) a.call("CLIENT", "LIST"));
            for (Map<String, String> m : lines) {
                assertThat(m.keySet()).containsExactlyElementsOf(FIELDS);
            }
            Map<String, String> other = lineOf(a, idB);
            assertThat(other.get("db")).isEqualTo("3");
            assertThat(other.get("flags")).isEqualTo("e");
            assertThat(other.get("cmd")).isEqualTo("client|no-evict");
            assertThat(other.get("argv-mem")).isEqualTo("0");
            assertThat(other.get("multi")).isEqualTo("-1");
            assertThat(other.get("user")).isEqualTo("default");
            List<Map<String, String>> byId = parse((String) a.call("CLIENT", "LIST", "ID", Long.toString(idB),
                    Long.toString(idA), "999999"));
            assertThat(byId).extracting(m -> m.get("id")).containsExactly(Long.toString(idB), Long.toString(idA));
            assertThat(parse((String) a.call("CLIENT", "LIST", "TYPE", "normal")).size())
                    .isGreaterThanOrEqualTo(2);
            assertThat(a.call("CLIENT", "LIST", "TYPE", "pubsub")).isEqualTo("");
            assertThat(a.call("CLIENT", "LIST", "TYPE", "replica")).isEqualTo("");
            assertThat(a.call("CLIENT", "LIST", "TYPE", "x")).isEqualTo(new Err("ERR Unknown client type 'x'"));
            assertThat(a.call("CLIENT", "LIST", "ID", "1", "x")).isEqualTo(new Err("ERR Invalid client ID"));
            assertThat(a.call("CLIENT", "LIST", "x")).isEqualTo(new Err("ERR syntax error"));
        }
    }

    @Test
    void subscribersShowTheirSubscriptionsAndType() {
        try (Resp a = connect(); Resp sub = connect()) {
            long id = (Long) sub.call("CLIENT", "ID");
            sub.call("SUBSCRIBE", "ch1", "ch2");
            sub.read();
            sub.send("PSUBSCRIBE", "p*");
            sub.read();
            await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(lineOf(a, id).get("psub")));
            Map<String, String> line = lineOf(a, id);
            assertThat(line.get("sub")).isEqualTo("2");
            assertThat(line.get("flags")).isEqualTo("P");
            assertThat(parse((String) a.call("CLIENT", "LIST", "TYPE", "pubsub"))).extracting(m -> m.get("id"))
                    .containsExactly(Long.toString(id));
            String stats = (String) a.call("INFO", "stats");
            assertThat(stats).contains("pubsub_channels:2\r\n").contains("pubsub_patterns:1\r\n");
        }
    }

    @Test
    void killByIdAddrAndSelf() {
        try (Resp a = connect(); Resp b = connect(); Resp c = connect()) {
            long idB = (Long) b.call("CLIENT", "ID");
            assertThat(a.call("CLIENT", "KILL", "ID", Long.toString(idB))).isEqualTo(1L);
            assertThat(b.closedByServer(5000)).isTrue();
            String addrC = lineOf(a, (Long) c.call("CLIENT", "ID")).get("addr");
            assertThat(a.call("CLIENT", "KILL", addrC)).isEqualTo("OK");
            assertThat(c.closedByServer(5000)).isTrue();
            assertThat(a.call("CLIENT", "KILL", addrC)).isEqualTo(new Err("ERR No such client"));
            assertThat(a.call("CLIENT", "KILL", "USER", "nobody")).isEqualTo(new Err("ERR No such user 'nobody'"));
            long idA = (Long) a.call("CLIENT", "ID");
            assertThat(a.call("CLIENT", "KILL", "ID", Long.toString(idA))).isEqualTo(0L);
            assertThat(a.call("CLIENT", "KILL", "ID", Long.toString(idA), "SKIPME", "no")).isEqualTo(1L);
            assertThat(a.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void pauseWriteHoldsWritesUntilUnpause() {
        try (Resp admin = connect(); Resp w = connect()) {
            long idW = (Long) w.call("CLIENT", "ID");
            assertThat(admin.call("CLIENT", "PAUSE", "20000", "WRITE")).isEqualTo("OK");
            assertThat(w.call("GET", "pause:k")).isNull();
            w.send("SET", "pause:k", "v");
            w.send("GET", "pause:k");
            await().atMost(Duration.ofSeconds(5)).until(() -> "b".equals(lineOf(admin, idW).get("flags")));
            Map<String, String> line = lineOf(admin, idW);
            assertThat(line.get("cmd")).isEqualTo("set");
            assertThat(line.get("argv-mem")).isEqualTo("11");
            assertThat((String) admin.call("INFO", "clients")).contains("blocked_clients:1\r\n");
            assertThat(w.replyWithin(200)).isFalse();
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("OK");
            assertThat(w.read()).isEqualTo("OK");
            assertThat(w.read()).isEqualTo("v");
            assertThat(lineOf(admin, idW).get("flags")).isEqualTo("N");
        }
    }

    @Test
    void pauseAllHoldsEverythingUntilTheTimeout() {
        try (Resp admin = connect(); Resp r = connect()) {
            long start = System.nanoTime();
            assertThat(admin.call("CLIENT", "PAUSE", "300")).isEqualTo("OK");
            assertThat(r.call("PING")).isEqualTo("PONG");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
            assertThat(admin.call("CLIENT", "PAUSE", "x")).isEqualTo(
                    new Err("ERR timeout is not an integer or out of range"));
            assertThat(admin.call("CLIENT", "PAUSE", "10", "SOME")).isEqualTo(
                    new Err("ERR CLIENT PAUSE mode must be WRITE or ALL"));
        }
    }

    @Test
    void replyOffSkipOn() {
        try (Resp r = connect()) {
            r.send("CLIENT", "REPLY", "OFF");
            r.send("PING", "dropped");
            r.send("CLIENT", "REPLY", "ON");
            assertThat(r.read()).isEqualTo("OK");
            r.send("CLIENT", "REPLY", "SKIP");
            r.send("PING", "skipped");
            r.send("PING", "seen");
            assertThat(r.read()).isEqualTo("seen");
            assertThat(r.call("CLIENT", "REPLY", "maybe")).isEqualTo(new Err("ERR syntax error"));
        }
    }

    @Test
    void unblockEndsAWait() {
        try (Resp admin = connect(); Resp w = connect()) {
            long id = (Long) w.call("CLIENT", "ID");
            w.send("WAIT", "1", "0");
            await().atMost(Duration.ofSeconds(5)).until(() -> "b".equals(lineOf(admin, id).get("flags")));
            assertThat(admin.call("CLIENT", "UNBLOCK", Long.toString(id), "TIMEOUT")).isEqualTo(1L);
            assertThat(w.read()).isEqualTo(0L);
            w.send("WAIT", "1", "0");
            await().atMost(Duration.ofSeconds(5)).until(() -> "b".equals(lineOf(admin, id).get("flags")));
            assertThat(admin.call("CLIENT", "UNBLOCK", Long.toString(id), "ERROR")).isEqualTo(1L);
            assertThat(w.read()).isEqualTo(new Err("UNBLOCKED client unblocked via CLIENT UNBLOCK"));
            assertThat(admin.call("CLIENT", "UNBLOCK", Long.toString(id))).isEqualTo(0L);
        }
    }

    @Test
    void subcommandErrors() {
        try (Resp r = connect()) {
            assertThat(r.call("CLIENT")).isEqualTo(new Err("ERR wrong number of arguments for 'client' command"));
            assertThat(r.call("CLIENT", "FOO")).isEqualTo(new Err("ERR unknown subcommand 'FOO'. Try CLIENT HELP."));
            assertThat(r.call("CLIENT", "ID", "x")).isEqualTo(
                    new Err("ERR wrong number of arguments for 'client|id' command"));
            assertThat(r.call("CLIENT", "PAUSE", "10", "WRITE", "x")).isEqualTo(new Err(
                    "ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP."));
            assertThat((List<?>) r.call("CLIENT", "HELP")).first()
                    .isEqualTo("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        }
    }
}
