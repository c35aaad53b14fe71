package io.vigil.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Node;
import io.vigil.testing.FreePort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A node with {@code metrics-port}: {@code /metrics} is scraped over HTTP and parsed with the Prometheus client's own
 * parser (Python's prometheus_client, Debian's python3-prometheus-client), and the samples follow the dataset.
 */
class MetricsEndpointTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String PARSE = String.join("\n",
            "import sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "for fam in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in fam.samples:",
            "        labels = ','.join(k + '=' + v for k, v in sorted(s.labels.items()))",
            "        print(fam.type + '\\t' + s.name + '\\t' + labels + '\\t' + repr(s.value))");

    /** One parsed sample. */
    record Sample(String type, String name, String labels, double value) {
    }

    @Test
    void scrapeParsesAndFollowsTheDataset() throws Exception {
        int port = FreePort.find();
        int metricsPort = FreePort.find();
        Node node = Node.start("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--metrics-port", Integer.toString(metricsPort));
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            for (int i = 0; i < 7; i++) {
                j.set("k" + i, "v");
            }
            j.expire("k0", 100);
            j.select(3);
            j.set("other", "x");
            List<Sample> s = scrape(metricsPort);
            assertThat(value(s, "redis_up", "")).isEqualTo(1.0);
            assertThat(find(s, "redis_instance_info").labels()).contains("role=master", "redis_version=7.0");
            assertThat(value(s, "redis_db_keys", "db=db0")).isEqualTo(7.0);
            assertThat(value(s, "redis_db_keys_expiring", "db=db0")).isEqualTo(1.0);
            assertThat(value(s, "redis_db_keys", "db=db3")).isEqualTo(1.0);
            assertThat(value(s, "redis_connected_clients", "")).isGreaterThanOrEqualTo(1.0);
            assertThat(value(s, "redis_connected_slaves", "")).isEqualTo(0.0);
            assertThat(value(s, "redis_master_repl_offset", "")).isGreaterThanOrEqualTo(0.0);
            assertThat(find(s, "redis_commands_processed_total").type()).isEqualTo("counter");
            assertThat(value(s, "redis_commands_total", "cmd=set")).isEqualTo(8.0);
            assertThat(value(s, "redis_memory_used_bytes", "")).isPositive();
            double before = value(s, "redis_commands_processed_total", "");
            for (int i = 0; i < 10; i++) {
                j.get("other");
            }
            assertThat(value(scrape(metricsPort), "redis_commands_processed_total", "")).isGreaterThanOrEqualTo(before + 10);
        } finally {
            node.stop();
        }
    }

    @Test
    void sentinelExposesMastersStatusEpochAndFailovers(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (io.vigil.testing.ServerProcess redis = io.vigil.testing.ServerProcess.redis().start()) {
            int port = FreePort.find();
            int metricsPort = FreePort.find();
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, "sentinel monitor mymaster 127.0.0.1 " + redis.port() + " 1\n");
            io.vigil.cli.SentinelNode sentinel = io.vigil.cli.SentinelNode.start(conf.toString(), "--port",
                    Integer.toString(port), "--bind", "127.0.0.1", "--metrics-port", Integer.toString(metricsPort));
            try {
                List<Sample> s = scrape(metricsPort);
                assertThat(value(s, "redis_up", "")).isEqualTo(1.0);
                assertThat(find(s, "redis_instance_info").labels()).contains("redis_mode=sentinel", "role=sentinel");
                assertThat(value(s, "redis_sentinel_masters", "")).isEqualTo(1.0);
                String master = "master_address=127.0.0.1:" + redis.port() + ",master_name=mymaster";
                assertThat(value(s, "redis_sentinel_master_status", master + ",master_status=ok")).isEqualTo(1.0);
                assertThat(value(s, "vigil_sentinel_master_down", master)).isEqualTo(0.0);
                assertThat(value(s, "vigil_sentinel_current_epoch", "")).isEqualTo(0.0);
                assertThat(find(s, "vigil_sentinel_failovers_total").type()).isEqualTo("counter");
                assertThat(value(s, "vigil_sentinel_failovers_total", "")).isEqualTo(0.0);
            } finally {
                sentinel.stop();
            }
        }
    }

    private static Sample find(List<Sample> samples, String name) {
        return samples.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + " in " + samples));
    }

    private static double value(List<Sample> samples, String name, String labels) {
        return samples.stream().filter(x -> x.name().equals(name) && x.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + "{" + labels + "}")).value();
    }

    private static List<Sample> scrape(int metricsPort) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<Sample> out = new ArrayList<>();
        for (String line : run(List.of(PYTHON.toString(), "-c", PARSE), r.body()).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] p = line.split("\t", -1);
            out.add(new Sample(p[0], p[1], p[2], Double.parseDouble(p[3])));
        }
        return out;
    }

    private static String run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("parser failed: " + err).isZero();
        return out;
    }
}
