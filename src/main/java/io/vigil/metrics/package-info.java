/**
 * Prometheus metrics of a data node or a sentinel, on the optional {@code metrics-port} (Vigil's own directive).
 *
 * <p>Like redis_exporter, the metrics are read from INFO: {@link io.vigil.metrics.InfoMetrics} turns one INFO
 * text into metric families with redis_exporter's names and labels ({@code redis_up}, {@code
 * redis_connected_clients}, {@code redis_commands_processed_total}, {@code redis_db_keys{db="db0"}}, the
 * {@code redis_sentinel_*} families...), so existing dashboards and alerts work unchanged. Reading INFO is the
 * only coupling: the caller supplies the text (a data node runs INFO on its execution thread; a sentinel its own
 * INFO), so this package knows nothing of the engine's internals. The exposition format and the HTTP server are
 * the Prometheus Java client's ({@link io.vigil.metrics.MetricsEndpoint}).
 */
package io.vigil.metrics;
