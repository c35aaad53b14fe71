/**
 * The status page a sentinel serves on its optional {@code http-port} (Vigil's own directive): the topology it
 * monitors as a picture (nodes, roles, replication links, lag) and the timeline of the latest sentinel events,
 * refreshed every second.
 *
 * <p>Like any dashboard, the page reads the sentinel over the wire ({@code SENTINEL MASTERS/REPLICAS/SENTINELS},
 * {@code PSUBSCRIBE *} for the events) with {@link io.vigil.client.RespClient}; it knows nothing of the sentinel's
 * internals. The HTTP server is the JDK's ({@code com.sun.net.httpserver}); the page is rendered on the server
 * (HTML and SVG), and a few lines of script swap in a fresh rendering every second.
 */
package io.vigil.web;
