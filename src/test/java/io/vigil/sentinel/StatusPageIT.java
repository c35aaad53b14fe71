package io.vigil.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.testing.FreePort;
import io.vigil.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sentinel's status page (http-port) in headless Chromium: the DOM shows the master and both replicas with
 * their roles, a killed replica turns "down" and its +sdown event appears in the timeline, and a screenshot of
 * the page is taken (target/status-page.png).
 */
class StatusPageIT {
    private static final Pattern NODE = Pattern.compile("<g class=\"node ([a-z ]+)\" data-role=\"([a-z]+)\" data-addr=\"([^\"]+)\"");

    @Test
    void chromiumShowsTheTopologyAndEvents() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "needs Debian's chromium (.ci/run installs it)");
        try (Fleet fleet = new Fleet()) {
            fleet.startServers();
            int httpPort = FreePort.find(Fleet.HOSTS[0]);
            fleet.startSentinel(0, false, List.of("http-port " + httpPort));
            fleet.awaitDiscovery();
            String url = "http://127.0.0.1:" + httpPort + "/";

            List<String[]> nodes = nodes(dumpDom(chromium, url));
            assertThat(nodes).extracting(n -> n[1] + " " + n[2]).containsExactlyInAnyOrder(
                    "master 127.0.0.1:" + fleet.port, "replica 127.0.0.2:" + fleet.port, "replica 127.0.0.3:" + fleet.port);

            fleet.serverAt("127.0.0.3").kill9();
            await("the page shows the replica down and its +sdown event").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        String dom = dumpDom(chromium, url);
                        return dom.contains("+sdown") && nodes(dom).stream().anyMatch(
                                n -> n[2].equals("127.0.0.3:" + fleet.port) && n[0].contains("down"));
                    });

            Path shot = Path.of("target", "status-page.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            run(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1280,900", "--virtual-time-budget=3000", "--screenshot=" + shot, url));
            assertThat(shot).exists();
            assertThat(Files.size(shot)).isGreaterThan(5000);
        }
    }

    /** [classes, role, address] of each node in the page's pictures. */
    private static List<String[]> nodes(String dom) {
        List<String[]> out = new ArrayList<>();
        Matcher m = NODE.matcher(dom);
        while (m.find()) {
            if (!m.group(2).equals("sentinel")) {
                out.add(new String[] {m.group(1), m.group(2), m.group(3)});
            }
        }
        return out;
    }

    private static String dumpDom(Path chromium, String url) throws Exception {
        return run(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--virtual-time-budget=3000", "--dump-dom", url));
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish: " + cmd);
        }
        return out;
    }
}
