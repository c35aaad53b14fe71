package io.vigil.command;

import io.vigil.cli.Node;
import io.vigil.command.ServerTestSupport.RealRedis;
import io.vigil.command.ServerTestSupport.Resp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CLIENT subcommands compared with real Redis 7.0: errors, names, reply modes, CLIENT LIST field layout. */
class ClientDifferentialTest {
    static RealRedis redis;
    static Node vigil;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(ServerTestSupport.redisAvailable(), "redis-server not installed");
        redis = new RealRedis();
        vigil = ServerTestSupport.startVigil();
    }

    @AfterAll
    static void stop() {
        if (vigil != null) {
            vigil.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Each command as a list of arguments, sent on one connection to each server; replies compared. */
    static void sameReplies(List<List<String>> commands) {
        try (Resp a = new Resp(redis.port); Resp b = new Resp(vigil.port())) {
            for (List<String> c : commands) {
                String[] args = c.toArray(new String[0]);
                assertThat(b.raw(args)).as(String.join(" ", c)).isEqualTo(a.raw(args));
            }
        }
    }

    static List<List<String>> words(String... lines) {
        List<List<String>> out = new ArrayList<>();
        for (String l : lines) {
            out.add(List.of(l.split(" ")));
        }
        return out;
    }

    @Test
    void setnameGetname() {
        List<List<String>> cmds = new ArrayList<>(words("CLIENT GETNAME", "CLIENT SETNAME", "CLIENT SETNAME a b",
                "CLIENT SETNAME foo", "CLIENT GETNAME", "CLIENT GETNAME x"));
        cmds.add(List.of("CLIENT", "SETNAME", "two words"));
        cmds.add(List.of("CLIENT", "SETNAME", "new\nline"));
        cmds.add(List.of("CLIENT", "SETNAME", "caf\u00e9"));
        cmds.add(List.of("CLIENT", "GETNAME"));
        cmds.add(List.of("CLIENT", "SETNAME", ""));
        cmds.add(List.of("CLIENT", "GETNAME"));
        sameReplies(cmds);
    }

    @Test
    void errors() {
        sameReplies(words(
                "CLIENT", "CLIENT FOO", "client foo", "CLIENT ID x", "CLIENT INFO x",
                "CLIENT LIST TYPE bogus", "CLIENT LIST ID 1 2 x", "CLIENT LIST ID", "CLIENT LIST foo",
                "CLIENT LIST TYPE", "CLIENT LIST TYPE master", "CLIENT LIST TYPE replica", "CLIENT LIST TYPE slave",
                "CLIENT LIST TYPE pubsub", "CLIENT LIST ID 0", "CLIENT LIST ID -5", "CLIENT LIST TYPE normal ID 1",
                "CLIENT KILL", "CLIENT KILL 1.2.3.4:5", "CLIENT KILL nonsense", "CLIENT KILL ID 999999",
                "CLIENT KILL ID abc", "CLIENT KILL ID", "CLIENT KILL TYPE bogus", "CLIENT KILL TYPE normal SKIPME maybe",
                "CLIENT KILL MAXAGE 100", "CLIENT KILL USER nobody", "CLIENT KILL LADDR 1.1.1.1:1",
                "CLIENT KILL ADDR 1.1.1.1:1", "CLIENT KILL FOO bar", "CLIENT KILL ID 1 ID", "CLIENT KILL ID -1",
                "CLIENT KILL ID 0", "CLIENT KILL TYPE master", "CLIENT KILL TYPE slave", "CLIENT KILL TYPE pubsub",
                "CLIENT REPLY", "CLIENT REPLY foo", "CLIENT NO-EVICT", "CLIENT NO-EVICT maybe", "CLIENT NO-EVICT on",
                "CLIENT NO-EVICT OFF", "CLIENT PAUSE", "CLIENT PAUSE abc", "CLIENT PAUSE -1", "CLIENT PAUSE 10 foo",
                "CLIENT PAUSE abc foo", "CLIENT PAUSE 10 WRITE extra", "CLIENT PAUSE 0", "CLIENT UNPAUSE",
                "CLIENT UNPAUSE x", "CLIENT UNBLOCK", "CLIENT UNBLOCK 1 foo", "CLIENT UNBLOCK abc",
                "CLIENT UNBLOCK abc foo", "CLIENT UNBLOCK 999999", "CLIENT UNBLOCK 1 TIMEOUT extra"));
    }

    @Test
    void replyModes() {
        // Replies that are dropped are simply absent: send everything, then read until a marker.
        List<List<String>> cmds = words("CLIENT REPLY SKIP", "PING a", "CLIENT REPLY OFF", "PING b",
                "CLIENT REPLY SKIP", "CLIENT REPLY ON", "PING c", "CLIENT REPLY SKIP", "CLIENT REPLY ON", "PING d",
                "CLIENT REPLY SKIP", "CLIENT REPLY SKIP", "PING e", "PING f", "CLIENT REPLY OFF", "CLIENT REPLY foo",
                "CLIENT REPLY ON", "PING g");
        try (Resp a = new Resp(redis.port); Resp b = new Resp(vigil.port())) {
            assertThat(pipelined(b, cmds)).isEqualTo(pipelined(a, cmds));
        }
    }

    static List<String> pipelined(Resp r, List<List<String>> cmds) {
        for (List<String> c : cmds) {
            r.send(c.toArray(new String[0]));
        }
        r.send("ECHO", "end-marker");
        List<String> out = new ArrayList<>();
        while (true) {
            String reply = r.readRaw();
            if (reply.equals("$10\r\nend-marker\r\n")) {
                return out;
            }
            out.add(reply);
        }
    }

    @Test
    void clientListHasRedisFieldsInRedisOrder() {
        try (Resp a = new Resp(redis.port); Resp b = new Resp(vigil.port())) {
            String ra = (String) a.call("CLIENT", "INFO");
            String rb = (String) b.call("CLIENT", "INFO");
            assertThat(fieldNames(rb)).isEqualTo(fieldNames(ra));
            assertThat(rb).endsWith("\n");
            Map<String, String> va = ClientCommandsTest.parse(ra).get(0);
            Map<String, String> vb = ClientCommandsTest.parse(rb).get(0);
            for (String f : List.of("name", "flags", "db", "sub", "psub", "ssub", "multi", "argv-mem", "multi-mem",
                    "events", "cmd", "user", "redir", "resp")) {
                assertThat(vb.get(f)).as(f).isEqualTo(va.get(f));
            }
        }
    }

    static List<String> fieldNames(String line) {
        List<String> out = new ArrayList<>();
        for (String kv : line.trim().split(" ")) {
            out.add(kv.substring(0, kv.indexOf('=')));
        }
        return out;
    }
}
