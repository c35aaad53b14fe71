package io.vigil.cli;

import io.vigil.command.Engine;
import io.vigil.command.Info;
import io.vigil.config.Config;
import io.vigil.metrics.MetricsEndpoint;
import io.vigil.server.Listeners;
import io.vigil.server.VigilServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP endpoints of Vigil's own directives that data nodes and sentinels share: where they listen (the first
 * {@code bind} address unless told otherwise) and the Prometheus endpoint ({@code metrics-port}), whose metrics
 * are read from INFO on the execution thread.
 */
final class HttpEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger("vigil");

    private HttpEndpoints() {
    }

    /** The address HTTP endpoints bind by default: the first {@code bind} address ({@code *} = every address). */
    static String defaultHost(Listeners listeners) {
        String host = listeners.bind().isEmpty() ? "127.0.0.1" : listeners.bind().get(0).replaceFirst("^-", "");
        return host.equals("*") ? "0.0.0.0" : host;
    }

    /**
     * Starts {@code /metrics} when {@code metrics-port} is set, built from {@code INFO <section>}; returns null when
     * it is not set.
     *
     * @throws IOException when the endpoint cannot listen (logged here as Redis logs a failed listener)
     */
    static MetricsEndpoint startMetrics(Config config, Listeners listeners, VigilServer server, Engine engine,
                                        String section) throws IOException {
        return startMetrics(config, listeners, server, engine, section, () -> "");
    }

    /**
     * As {@link #startMetrics(Config, Listeners, VigilServer, Engine, String)}, with {@code extra} INFO-style lines
     * (read on the execution thread too) for facts INFO does not print.
     */
    static MetricsEndpoint startMetrics(Config config, Listeners listeners, VigilServer server, Engine engine,
                                        String section, java.util.function.Supplier<String> extra) throws IOException {
        int port = Integer.parseInt(config.getString("metrics-port"));
        if (port == 0) {
            return null;
        }
        String bind = config.getString("metrics-bind");
        String host = bind == null || bind.isEmpty() ? defaultHost(listeners) : bind;
        try {
            MetricsEndpoint m = MetricsEndpoint.start(host, port, () -> {
                try {
                    return server.mainLoop().submit(() -> Info.generate(engine, section) + "\r\n" + extra.get()).get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("INFO did not answer: " + e, e);
                }
            });
            LOG.info("Prometheus metrics at http://{}:{}/metrics", host.contains(":") ? "[" + host + "]" : host, port);
            return m;
        } catch (IOException e) {
            LOG.warn("Could not create the metrics endpoint on {}:{}: {}", host, port, e.getMessage());
            throw e;
        }
    }
}
