package io.vigil.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The sentinel's status page on {@code http-port}: {@code GET /} is the page, {@code GET /fragment} its body as
 * rendered now (the page fetches it every second). One daemon thread serves it, never the sentinel's event loop.
 */
public final class StatusPage implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final int EVENTS_SHOWN = 30;

    private final HttpServer http;
    private final SentinelView view;
    private final String sentinelAddress;

    private StatusPage(HttpServer http, SentinelView view, String sentinelAddress) {
        this.http = http;
        this.view = view;
        this.sentinelAddress = sentinelAddress;
    }

    /**
     * Serves the page of the sentinel at {@code sentinelHost:sentinelPort} (authenticating with {@code password}
     * when not null) on {@code host:port}.
     *
     * @throws IOException when the address cannot be bound
     */
    public static StatusPage start(String host, int port, String sentinelHost, int sentinelPort, String password)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        SentinelView view = new SentinelView(sentinelHost, sentinelPort, password);
        StatusPage page = new StatusPage(http, view, sentinelHost + ":" + sentinelPort);
        http.createContext("/", page::handle);
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-status-page");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return page;
    }

    /** The port bound. */
    public int port() {
        return http.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String body;
            if (path.equals("/")) {
                body = page(fragment());
            } else if (path.equals("/fragment")) {
                body = fragment();
            } else {
                byte[] nf = "not found\n".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(404, nf.length);
                ex.getResponseBody().write(nf);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private String page(String fragment) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vigil sentinel "
                + esc(sentinelAddress) + "</title>\n<style>\n"
                + "body{font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}\n"
                + "h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:20px 0 6px} .sub{color:#666}\n"
                + "svg{background:#fff;border:1px solid #ddd;border-radius:6px}\n"
                + ".node rect{stroke:#333;stroke-width:1.5} .node text{font:12px monospace}\n"
                + ".master rect{fill:#cfe8cf} .replica rect{fill:#d8e4f5} .down rect{fill:#f3c9c9} .sentinel rect{fill:#eee}\n"
                + "table{border-collapse:collapse;background:#fff} td,th{border:1px solid #ddd;padding:3px 8px;"
                + "font:12px monospace;text-align:left}\n"
                + "</style></head><body>\n<div id=\"status\">" + fragment + "</div>\n"
                + "<script>\nsetInterval(async () => {\n  try {\n"
                + "    const r = await fetch('/fragment', {cache: 'no-store'});\n"
                + "    if (r.ok) document.getElementById('status').innerHTML = await r.text();\n"
                + "  } catch (e) { /* the sentinel is restarting: try again next second */ }\n}, 1000);\n"
                + "</script></body></html>\n";
    }

    /** The page's body, rendered from the sentinel's state now. */
    String fragment() {
        StringBuilder b = new StringBuilder();
        List<SentinelView.Master> masters = view.masters();
        b.append("<h1>Vigil sentinel ").append(esc(sentinelAddress)).append("</h1>\n<div class=\"sub\">")
                .append(masters.size()).append(" master(s) monitored; updated ")
                .append(TIME.format(Instant.now())).append("</div>\n");
        if (masters.isEmpty()) {
            b.append("<p>The sentinel does not answer, or monitors nothing.</p>\n");
        }
        for (SentinelView.Master m : masters) {
            topology(b, m);
        }
        b.append("<h2>Latest events</h2>\n<table id=\"events\"><tr><th>time</th><th>event</th><th>details</th></tr>\n");
        List<SentinelView.Event> ev = view.events();
        for (int i = ev.size() - 1; i >= Math.max(0, ev.size() - EVENTS_SHOWN); i--) {
            SentinelView.Event e = ev.get(i);
            b.append("<tr class=\"event\"><td>").append(TIME.format(Instant.ofEpochMilli(e.unixMillis())))
                    .append("</td><td>").append(esc(e.type())).append("</td><td>").append(esc(e.text()))
                    .append("</td></tr>\n");
        }
        if (ev.isEmpty()) {
            b.append("<tr><td colspan=\"3\">none since this page's sentinel started</td></tr>\n");
        }
        b.append("</table>\n");
        return b.toString();
    }

    /** One master: a header line and the picture (master on top, replicas below with their links, sentinels). */
    private static void topology(StringBuilder b, SentinelView.Master m) {
        Map<String, String> f = m.fields();
        String addr = f.get("ip") + ":" + f.get("port");
        b.append("<h2>").append(esc(m.name())).append(": master ").append(esc(addr)).append(" (")
                .append(esc(f.getOrDefault("flags", ""))).append("), quorum ").append(esc(f.getOrDefault("quorum", "?")))
                .append(", config epoch ").append(esc(f.getOrDefault("config-epoch", "?"))).append(", failover ")
                .append(esc(f.getOrDefault("failover-state", "none"))).append("</h2>\n");
        int n = Math.max(1, m.replicas().size());
        int width = Math.max(640, 220 * Math.max(n, m.sentinels().size() + 1));
        b.append("<svg class=\"topology\" data-master=\"").append(esc(m.name())).append("\" width=\"").append(width)
                .append("\" height=\"330\" viewBox=\"0 0 ").append(width).append(" 330\">\n");
        int mx = width / 2;
        List<String> links = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        nodes.add(node("master", addr, f.getOrDefault("flags", ""), "offset " + (m.masterOffset() < 0 ? "?" : m.masterOffset()),
                mx, 40));
        for (int i = 0; i < m.replicas().size(); i++) {
            Map<String, String> r = m.replicas().get(i);
            int x = width * (2 * i + 1) / (2 * n);
            String raddr = r.get("ip") + ":" + r.get("port");
            boolean up = "ok".equals(r.get("master-link-status")) && !isDown(r.getOrDefault("flags", ""));
            long live = m.replicaOffsets().getOrDefault(raddr, -1L);
            long off = live >= 0 ? live : parse(r.get("slave-repl-offset"));
            String lag = m.masterOffset() >= 0 && off >= 0 ? "lag " + Math.max(0, m.masterOffset() - off) + " B"
                    : "offset " + (off < 0 ? "?" : off);
            links.add("<line class=\"link " + (up ? "up" : "down") + "\" x1=\"" + mx + "\" y1=\"80\" x2=\"" + x
                    + "\" y2=\"170\" stroke=\"" + (up ? "#3a3" : "#c33") + "\" stroke-width=\"2\""
                    + (up ? "" : " stroke-dasharray=\"6 4\"") + "/>\n<text x=\"" + ((mx + x) / 2 + 6) + "\" y=\"128\""
                    + " font-size=\"11\">" + esc(up ? lag : "link down") + "</text>\n");
            nodes.add(node("replica", raddr, r.getOrDefault("flags", ""), lag, x, 170));
        }
        for (int i = 0; i < m.sentinels().size(); i++) {
            Map<String, String> s = m.sentinels().get(i);
            int x = 110 + 220 * i;
            nodes.add(node("sentinel", s.get("ip") + ":" + s.get("port"), s.getOrDefault("flags", ""),
                    "other sentinel", x, 275));
        }
        links.forEach(b::append);
        nodes.forEach(b::append);
        b.append("</svg>\n");
    }

    private static String node(String role, String addr, String flags, String detail, int cx, int top) {
        boolean down = isDown(flags);
        return "<g class=\"node " + role + (down ? " down" : "") + "\" data-role=\"" + role + "\" data-addr=\""
                + esc(addr) + "\" data-flags=\"" + esc(flags) + "\">"
                + "<rect x=\"" + (cx - 95) + "\" y=\"" + top + "\" width=\"190\" height=\"44\" rx=\"6\"/>"
                + "<text x=\"" + (cx - 87) + "\" y=\"" + (top + 17) + "\">" + esc(role + " " + addr) + "</text>"
                + "<text x=\"" + (cx - 87) + "\" y=\"" + (top + 35) + "\">" + esc(down ? "DOWN: " + downFlags(flags) : detail)
                + "</text></g>\n";
    }

    private static boolean isDown(String flags) {
        return flags.contains("s_down") || flags.contains("o_down") || flags.contains("disconnected");
    }

    /** The flags that say why a node is down ({@code s_down}, {@code o_down}, {@code disconnected}). */
    private static String downFlags(String flags) {
        List<String> d = new ArrayList<>();
        for (String f : flags.split(",")) {
            if (f.equals("s_down") || f.equals("o_down") || f.equals("disconnected")) {
                d.add(f);
            }
        }
        return String.join(",", d);
    }

    private static long parse(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        http.stop(0);
        view.close();
    }
}
