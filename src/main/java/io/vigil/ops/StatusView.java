package io.vigil.ops;

import io.vigil.client.RespClient;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code bin/vigil up} shows every second and {@code bin/vigil status} once: each node's role, address,
 * replication offset, lag and link; each sentinel's view of the master; the latest sentinel events (read from
 * the sentinels' logs, where they are written in Redis's format). Everything is asked over the wire.
 */
final class StatusView {

    private static final int TIMEOUT_MS = 500;
    private static final int EVENTS = 10;
    /** A sentinel event line: {@code pid:X 13 Nov 2026 14:03:15.694 # +sdown master ...}. */
    private static final Pattern EVENT = Pattern.compile(
            "^\\d+:X (\\d{2} \\w{3}(?: \\d{4})? (\\d{2}:\\d{2}:\\d{2}\\.\\d{3})) [#*.-] ([+-][a-z][\\w-]* .*)$");

    /** One data node as seen now. */
    record Node(String address, String role, long offset, String lag, String link, String masterAddress) {
    }

    /** One sentinel's view. */
    record Sentinel(String address, String master, String status, String replicas, String sentinels) {
    }

    /** A snapshot of the whole topology. */
    record Snapshot(List<Node> nodes, List<Sentinel> sentinels, List<String> events) {
        /** The master address the sentinels agree on, or null when they do not (yet). */
        String agreedMaster() {
            String m = null;
            for (Sentinel s : sentinels) {
                if (s.master == null || m != null && !m.equals(s.master)) {
                    return null;
                }
                m = s.master;
            }
            return m;
        }
    }

    private final LocalCluster cluster;

    StatusView(LocalCluster cluster) {
        this.cluster = cluster;
    }

    Snapshot collect() {
        List<Node> nodes = new ArrayList<>();
        Map<String, String> lagByReplica = new HashMap<>();
        List<Map<String, String>> infos = new ArrayList<>();
        for (String h : LocalCluster.HOSTS) {
            infos.add(info(h, cluster.port, "replication"));
        }
        for (Map<String, String> info : infos) {
            if ("master".equals(info.get("role"))) {
                for (var e : info.entrySet()) {
                    if (e.getKey().matches("slave\\d+")) {
                        Map<String, String> f = fields(e.getValue());
                        lagByReplica.put(f.get("ip") + ":" + f.get("port"), f.get("lag") + "s");
                    }
                }
            }
        }
        for (int i = 0; i < LocalCluster.HOSTS.size(); i++) {
            String addr = LocalCluster.HOSTS.get(i) + ":" + cluster.port;
            Map<String, String> info = infos.get(i);
            if (info.isEmpty()) {
                nodes.add(new Node(addr, "down", -1, "", "", null));
            } else if ("master".equals(info.get("role"))) {
                nodes.add(new Node(addr, "master", num(info.get("master_repl_offset")), "", "", null));
            } else {
                nodes.add(new Node(addr, "replica", num(info.get("slave_repl_offset")),
                        lagByReplica.getOrDefault(addr, ""), info.getOrDefault("master_link_status", "?"),
                        info.get("master_host") + ":" + info.get("master_port")));
            }
        }
        List<Sentinel> sentinels = new ArrayList<>();
        for (String h : LocalCluster.HOSTS) {
            Map<String, String> info = info(h, cluster.sentinelPort(), "sentinel");
            String addr = h + ":" + cluster.sentinelPort();
            String line = info.get("master0");
            if (line == null) {
                sentinels.add(new Sentinel(addr, null, info.isEmpty() ? "down" : "no master", "", ""));
            } else {
                Map<String, String> f = fields(line);
                sentinels.add(new Sentinel(addr, f.get("address"), f.get("status"), f.get("slaves"), f.get("sentinels")));
            }
        }
        return new Snapshot(nodes, sentinels, events());
    }

    /** The view as text. */
    String render(Snapshot s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s: %d data nodes, %d sentinels, master name %s, quorum %d        %s%n",
                cluster.redis ? "Redis" : "Vigil", LocalCluster.HOSTS.size(), LocalCluster.HOSTS.size(),
                cluster.masterName, cluster.quorum, LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))));
        b.append(String.format("%n%-18s %-8s %12s %5s %-5s %s%n", "NODE", "ROLE", "OFFSET", "LAG", "LINK", "MASTER"));
        for (Node n : s.nodes()) {
            b.append(String.format("%-18s %-8s %12s %5s %-5s %s%n", n.address(), n.role(),
                    n.offset() < 0 ? "" : Long.toString(n.offset()), n.lag(), n.link(),
                    n.masterAddress() == null ? "" : n.masterAddress()));
        }
        b.append(String.format("%n%-18s %-18s %-8s %8s %9s%n", "SENTINEL", "MASTER", "STATUS", "REPLICAS", "SENTINELS"));
        for (Sentinel t : s.sentinels()) {
            b.append(String.format("%-18s %-18s %-8s %8s %9s%n", t.address(), t.master() == null ? "-" : t.master(),
                    t.status(), t.replicas(), t.sentinels()));
        }
        String agreed = s.agreedMaster();
        b.append(agreed != null ? "\nThe sentinels agree: master is " + agreed + "\n"
                : "\nThe sentinels do not agree on a master yet\n");
        b.append("\nLATEST SENTINEL EVENTS\n");
        if (s.events().isEmpty()) {
            b.append("(none yet)\n");
        }
        s.events().forEach(e -> b.append(e).append('\n'));
        return b.toString();
    }

    private Map<String, String> info(String host, int port, String section) {
        Map<String, String> m = new HashMap<>();
        try (RespClient c = new RespClient(host, port, TIMEOUT_MS)) {
            String text = c.text("INFO", section);
            for (String line : text.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("#")) {
                    m.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            m.clear(); // down or not answering: shown as such
        }
        return m;
    }

    private static Map<String, String> fields(String csv) {
        Map<String, String> m = new HashMap<>();
        for (String kv : csv.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    private static long num(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The latest events of all sentinels, oldest first, each with the sentinel that logged it. */
    private List<String> events() {
        List<String[]> all = new ArrayList<>();
        for (String h : LocalCluster.HOSTS) {
            for (String line : tail(cluster.log(h, LocalCluster.Role.SENTINEL))) {
                Matcher m = EVENT.matcher(line);
                if (m.matches()) {
                    all.add(new String[] {m.group(2), m.group(2) + " " + h + ":" + cluster.sentinelPort() + " " + m.group(3)});
                }
            }
        }
        all.sort((a, b) -> a[0].compareTo(b[0]));
        List<String> out = new ArrayList<>();
        for (int i = Math.max(0, all.size() - EVENTS); i < all.size(); i++) {
            out.add(all.get(i)[1]);
        }
        return out;
    }

    /** The last lines of a log (its last 32 KiB). */
    private static List<String> tail(Path log) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - 32 * 1024);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            List<String> lines = new ArrayList<>(List.of(new String(buf, StandardCharsets.UTF_8).split("\n")));
            if (start > 0 && !lines.isEmpty()) {
                lines.remove(0); // cut in the middle
            }
            return lines;
        } catch (IOException e) {
            return List.of();
        }
    }
}
