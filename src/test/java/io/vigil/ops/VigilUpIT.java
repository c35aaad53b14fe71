package io.vigil.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.FreePort;
import io.vigil.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newcomer's tour, end to end through {@code bin/vigil}: {@code up} starts six processes and shows the live
 * view; {@code kill-master} SIGKILLs the master and the view and {@code status} report the new one; {@code start}
 * brings the old master back as a replica; {@code down} leaves no process behind and {@code up} ends.
 */
class VigilUpIT {

    @ParameterizedTest(name = "kind [{0}]")
    @ValueSource(strings = {""})
    void upKillMasterStatusDown(String kind, @TempDir Path tmp) throws Exception {
        Path home = ServerProcess.repoRoot().orElseThrow();
        Path run = tmp.resolve("run");
        int port = portFreeEverywhere();
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/vigil").toString(), "up", "--base-port",
                Integer.toString(port), "--dir", run.toString(), "--down-after", "2000"));
        if (!kind.isEmpty()) {
            cmd.add(kind);
        }
        Process up = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        StringBuffer view = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    view.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        List<Long> pids = new ArrayList<>();
        try {
            await("six processes and an agreed master").atMost(Duration.ofSeconds(120))
                    .failFast("vigil up exited:\n" + view, () -> !up.isAlive())
                    .until(() -> view.toString().contains("The sentinels agree: master is 127.0.0.1:" + port));
            for (String h : LocalCluster.HOSTS) {
                for (String f : List.of("redis.pid", "sentinel.pid")) {
                    pids.add(Long.parseLong(Files.readString(run.resolve(h).resolve(f)).trim()));
                }
            }
            assertThat(pids).allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
            assertThat(Files.readString(run.resolve("127.0.0.2/redis.conf"))).contains("slaveof 127.0.0.1 " + port);

            String killed = tool(home, "kill-master", "--dir", run.toString());
            assertThat(killed).contains("Killed the master 127.0.0.1:" + port);
            int mark = view.length();
            await("the live view reports a new master").atMost(Duration.ofSeconds(60))
                    .until(() -> view.substring(mark).matches("(?s).*The sentinels agree: master is 127\\.0\\.0\\.[23]:" + port + ".*"));
            String status = tool(home, "status", "--dir", run.toString());
            assertThat(status).containsPattern("127\\.0\\.0\\.1:" + port + " +down")
                    .containsPattern("The sentinels agree: master is 127\\.0\\.0\\.[23]:" + port)
                    .contains("+switch-master redis-cluster 127.0.0.1 " + port);

            tool(home, "start", "127.0.0.1", "--dir", run.toString());
            await("the old master rejoins as a replica").atMost(Duration.ofSeconds(60))
                    .until(() -> tool(home, "status", "--dir", run.toString())
                            .matches("(?s).*127\\.0\\.0\\.1:" + port + " +replica .* up .*"));
            pids.add(Long.parseLong(Files.readString(run.resolve("127.0.0.1/redis.pid")).trim()));

            assertThat(tool(home, "down", "--dir", run.toString())).contains("Stopped 6 processes");
            assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pids).noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
        } finally {
            if (up.isAlive()) {
                up.destroy();
                up.waitFor(30, TimeUnit.SECONDS);
            }
            for (long p : pids) {
                ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
            }
            tool(home, "down", "--dir", run.toString());
        }
    }

    private static String tool(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/vigil").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static int portFreeEverywhere() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = FreePort.find("127.0.0.1");
            if (p + 10000 > 65535) {
                continue;
            }
            boolean ok = true;
            for (String h : LocalCluster.HOSTS) {
                ok &= bindable(h, p) && bindable(h, p + 10000);
            }
            if (ok) {
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
}
