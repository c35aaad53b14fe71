package io.vigil.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * redis-py's {@code Sentinel} client (Debian's python3-redis) against three Vigil sentinels: it writes
 * continuously through a SIGKILL of the master and carries on against the new master.
 */
class SentinelRedisPyIT {
    private static final String PYTHON = "/usr/bin/python3";

    private static final String SCRIPT = String.join("\n",
            "import sys, time",
            "from redis.sentinel import Sentinel",
            "sentinels = [(h, int(p)) for h, p in (a.split(':') for a in sys.argv[1].split(','))]",
            "s = Sentinel(sentinels, socket_timeout=2)",
            "m = s.master_for('redis-cluster', socket_timeout=2)",
            "first = s.discover_master('redis-cluster')",
            "print('master', first[0], first[1], flush=True)",
            "deadline = time.time() + 120",
            "while time.time() < deadline:",
            "    try:",
            "        m.incr('py-counter')",
            "        now = s.discover_master('redis-cluster')",
            "        if now != first:",
            "            print('wrote to new master', now[0], now[1], flush=True)",
            "            sys.exit(0)",
            "    except Exception as e:",
            "        pass",
            "    time.sleep(0.1)",
            "sys.exit(1)",
            "");

    @Test
    void redisPySentinelClientFollowsTheFailover() throws Exception {
        assumeTrue(new File(PYTHON).canExecute() && new ProcessBuilder(PYTHON, "-c", "import redis.sentinel")
                .start().waitFor() == 0, "python3-redis is not installed");
        try (Fleet f = new Fleet().startServers()) {
            for (int i = 0; i < 3; i++) {
                f.startSentinel(i, false, List.of());
            }
            f.awaitDiscovery();
            Path script = Files.createTempFile("sentinel-client", ".py");
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            String addrs = String.join(",", f.sentinels.stream().map(s -> s.address()).toList());
            Process p = new ProcessBuilder(PYTHON, script.toString(), addrs).redirectErrorStream(true).start();
            try {
                String firstLine = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                assertThat(firstLine).isEqualTo("master 127.0.0.1 " + f.port);
                f.servers.get(0).kill9();
                assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
                String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as(rest).isZero();
                assertThat(rest).contains("wrote to new master 127.0.0.");
            } finally {
                p.destroyForcibly();
                Files.deleteIfExists(script);
            }
        }
    }
}
