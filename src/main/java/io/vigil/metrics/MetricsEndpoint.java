package io.vigil.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoint ({@code GET /metrics}) on {@code metrics-bind:metrics-port}, served by the Prometheus Java
 * client's HTTP server on one daemon thread of its own, so a scrape never runs on the server's event loops.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HTTPServer http;

    private MetricsEndpoint(HTTPServer http) {
        this.http = http;
    }

    /**
     * Starts serving the metrics built from {@code info} (see {@link InfoMetrics}).
     *
     * @throws IOException when the address cannot be bound
     */
    public static MetricsEndpoint start(String host, int port, Supplier<String> info) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new InfoMetrics(info));
        ExecutorService one = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-metrics");
            t.setDaemon(true);
            return t;
        });
        HTTPServer http = HTTPServer.builder().hostname(host).port(port).registry(registry).executorService(one)
                .buildAndStart();
        return new MetricsEndpoint(http);
    }

    /** The port bound (useful when 0 was asked for... not allowed by the directive, but by tests). */
    public int port() {
        return http.getPort();
    }

    @Override
    public void close() {
        http.close();
    }
}
