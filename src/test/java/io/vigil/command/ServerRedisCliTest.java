package io.vigil.command;

import io.vigil.cli.Node;
import io.vigil.command.ServerTestSupport.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.vigil.command.ServerTestSupport.redisCli;
import static org.assertj.core.api.Assertions.assertThat;

/** redis-cli against Vigil: one-shot commands, and the interactive mode that loads COMMAND DOCS. */
class ServerRedisCliTest {
    static Node vigil;
    static RealRedis redis;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(ServerTestSupport.redisAvailable(), "redis-server/redis-cli not installed");
        vigil = ServerTestSupport.startVigil();
        redis = new RealRedis();
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

    static List<String> names(String output) {
        List<String> out = new ArrayList<>();
        for (String line : output.split("\r?\n")) {
            int colon = line.indexOf(':');
            out.add(colon < 0 ? line : line.substring(0, colon));
        }
        return out;
    }

    @Test
    void infoReplicationAsRedisCliPrintsIt() {
        String v = redisCli(vigil.port(), "INFO", "replication");
        String r = redisCli(redis.port, "INFO", "replication");
        assertThat(v).startsWith("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"
                + "master_failover_state:no-failover\r\nmaster_replid:");
        assertThat(names(v)).isEqualTo(names(r));
        assertThat(v.replaceAll("master_replid:[0-9a-f]{40}", ""))
                .isEqualTo(r.replaceAll("master_replid:[0-9a-f]{40}", ""));
    }

    @Test
    void clientListNoRaw() {
        String out = redisCli(vigil.port(), "--no-raw", "CLIENT", "LIST");
        assertThat(out).matches("id=\\d+ addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:\\d+ fd=\\d+ name= age=\\d+ "
                + "idle=\\d+ flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=\\d+ qbuf-free=\\d+ argv-mem=10 "
                + "multi-mem=0 rbs=\\d+ rbp=\\d+ obl=\\d+ oll=\\d+ omem=\\d+ tot-mem=\\d+ events=r cmd=client\\|list "
                + "user=default redir=-1 resp=2\n");
    }

    @Test
    void configGetAndCommandDocsPrint() {
        assertThat(redisCli(vigil.port(), "CONFIG", "GET", "maxmemory"))
                .isEqualTo("maxmemory\n0\n");
        String docs = redisCli(vigil.port(), "COMMAND", "DOCS", "client");
        assertThat(docs).contains("client|list").contains("summary").contains("arguments");
        assertThat(redisCli(vigil.port(), "COMMAND", "COUNT").trim()).matches("\\d+");
    }

    /** Interactive redis-cli (through {@code script} for a terminal) loads COMMAND DOCS for its help. */
    @Test
    void interactiveHelpUsesCommandDocs() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) not installed");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qfc", "redis-cli -p " + vigil.port(), "/dev/null");
        pb.environment().put("TERM", "dumb");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("PING\nHELP CLIENT KILL\nCLIENT GETNAME\nquit\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // the process may exit before stdin is closed
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("PONG");
        assertThat(out).contains("CLIENT KILL").contains("group:").contains("connection");
        assertThat(out).contains("(nil)");
    }
}
