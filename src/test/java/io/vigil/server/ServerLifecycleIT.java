package io.vigil.server;

import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launched process: start-up log lines, pidfile, SIGTERM, config errors and protected mode, like redis-server. */
class ServerLifecycleIT {

    @Test
    void logsRedisStartupLinesAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path pidfile = dir.resolve("vigil.pid");
        ServerProcess v = ServerProcess.vigil().arg("pidfile", pidfile.toString()).start();
        try {
            String log = v.logText();
            assertThat(log).contains("PID: " + v.pid());
            assertThat(log.lines().filter(l -> l.contains("Ready to accept connections")).findFirst())
                    .hasValueSatisfying(l -> assertThat(l).matches(
                            v.pid() + ":M \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\* Ready to accept connections tcp"));
            assertThat(Files.readString(pidfile).trim()).isEqualTo(Long.toString(v.pid()));

            v.process().toHandle().destroy(); // SIGTERM
            assertThat(v.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(v.process().exitValue()).isZero();
            assertThat(v.logText()).contains("Received SIGTERM scheduling shutdown...").contains("bye bye");
            assertThat(pidfile).doesNotExist();
        } finally {
            v.close();
        }
    }

    private static ProcessResult runToExit(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        return new ProcessResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record ProcessResult(int status, String out, String err) {
    }

    @Test
    void badConfigStopsStartupWithRedisMessageAndStatus1(@TempDir Path dir) throws Exception {
        for (String bad : List.of("port 6379\nmaxmemory-policy sometimes\n", "bind 127.0.0.1\nno-such-directive yes\n",
                "# comment\n\nport \"abc\n", "databases abc\n")) {
            Path conf = dir.resolve("bad.conf");
            Files.writeString(conf, bad);
            ProcessResult redis = runToExit(List.of("redis-server", conf.toString()));
            ProcessResult vigil = runToExit(List.of(ServerProcess.repoRoot().orElseThrow().resolve("bin/vigil-server").toString(),
                    conf.toString()));
            assertThat(vigil.status()).as(bad).isEqualTo(1).isEqualTo(redis.status());
            assertThat(vigil.err().strip()).as(bad).isEqualTo(redis.err().strip());
        }
    }

    @Test
    void sentinelWithoutConfigFileExitsAsRedisDoes() throws Exception {
        ProcessResult vigil = runToExit(List.of(ServerProcess.repoRoot().orElseThrow().resolve("bin/vigil-server").toString(),
                "--sentinel"));
        ProcessResult redis = runToExit(List.of("redis-server", "--sentinel"));
        assertThat(vigil.status()).isEqualTo(redis.status()).isEqualTo(1);
        String message = "# Sentinel needs config file on disk to save state. Exiting...";
        assertThat(redis.out()).contains(message);
        assertThat(vigil.out()).contains(message);
    }

    @Test
    void protectedModeDeniesNonLoopbackPeersWithRedisText() throws Exception {
        try (ServerProcess redis = ServerProcess.redis().host("127.0.0.2").start();
             ServerProcess vigil = ServerProcess.vigil().host("127.0.0.2").start()) {
            assertThat(deniedText(vigil.port())).isEqualTo(deniedText(redis.port())).startsWith("-DENIED Redis is running");
        }
    }

    private static String deniedText(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.2", 0));
            s.connect(new InetSocketAddress("127.0.0.2", port), 5000);
            s.setSoTimeout(5000);
            // both servers answer at accept time, before reading anything: writing first could race the close
            byte[] all = s.getInputStream().readAllBytes();
            return new String(all, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void daemonizeDetachesAndWritesThePidfile(@TempDir Path dir) throws Exception {
        int port = io.vigil.testing.FreePort.find();
        Path pidfile = dir.resolve("d.pid");
        Path log = dir.resolve("d.log");
        ProcessResult launcher = runToExit(List.of(ServerProcess.repoRoot().orElseThrow().resolve("bin/vigil-server").toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--daemonize", "yes",
                "--pidfile", pidfile.toString(), "--logfile", log.toString(), "--save", ""));
        assertThat(launcher.status()).isZero();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Files.exists(pidfile) && !Files.readString(pidfile).isBlank());
        long pid = Long.parseLong(Files.readString(pidfile).trim());
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        try (io.vigil.testing.Resp r = new io.vigil.testing.Resp("127.0.0.1", port)) {
            assertThat(r.send("PING").toString()).isEqualTo("+PONG");
        } finally {
            daemon.destroy();
            daemon.onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(log)).contains("Ready to accept connections");
    }
}
