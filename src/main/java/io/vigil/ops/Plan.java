package io.vigil.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The guide's topology for a list of hosts: the first host is the master, the others its replicas, and every
 * host runs a sentinel on the data port + 10000. Builds the text of each host's files; writes nothing itself.
 *
 * <p>Hosts may be IPv4 or IPv6 addresses or DNS names (Redis 7.0 sentinels resolve names with
 * {@code resolve-hostnames yes}, which the plan then sets). On one machine (every host a loopback address, as
 * {@code bin/vigil up} uses) each file also gets the lines a single machine needs, each with its reason.
 */
public final class Plan {

    /** The settings of a plan, with the guide's defaults. */
    public static final class Settings {
        /** The data port; sentinels listen on port + 10000. */
        public int port = 6379;
        /** Sentinels that must agree the master is down. */
        public int quorum = 2;
        /** {@code sentinel down-after-milliseconds}. */
        public long downAfterMillis = 5000;
        /** {@code sentinel failover-timeout}. */
        public long failoverTimeoutMillis = 10000;
        /** The master's name in the sentinels. */
        public String masterName = "redis-cluster";
        /** Password of the data nodes and sentinels, or null for none. */
        public String password;
        /** Whether the files are for real Redis servers rather than Vigil. */
        public boolean redis;
        /** Directory of the data files on each host. */
        public String dataDir;
    }

    /** One host's files, by file name. */
    public record HostFiles(String host, boolean master, Map<String, String> files) {
    }

    /** A plan that cannot work, with the reason an operator can act on. */
    public static final class InvalidPlan extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidPlan(String reason) {
            super(reason);
        }
    }

    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final List<String> hosts;
    private final Settings s;
    private final boolean hostnames;
    private final boolean local;

    private Plan(List<String> hosts, Settings s, boolean hostnames, boolean local) {
        this.hosts = hosts;
        this.s = s;
        this.hostnames = hostnames;
        this.local = local;
    }

    /**
     * Validates {@code hosts} and {@code settings} and returns the plan.
     *
     * @throws InvalidPlan with the reason when the plan cannot elect a leader or reach its quorum, or an address
     *                     or setting is malformed
     */
    public static Plan of(List<String> hosts, Settings settings) throws InvalidPlan {
        if (hosts.isEmpty()) {
            throw new InvalidPlan("no hosts given: name the master first, then its replicas");
        }
        boolean names = false;
        boolean allLoopback = true;
        Set<String> seen = new HashSet<>();
        for (String h : hosts) {
            String kind = classify(h);
            if (kind == null) {
                throw new InvalidPlan("'" + h + "' is not an IPv4 or IPv6 address or a host name");
            }
            names |= kind.equals("name");
            allLoopback &= isLoopback(h, kind);
            if (!seen.add(h.toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidPlan("host " + h + " is listed twice: each host runs one data node and one sentinel");
            }
        }
        int n = hosts.size();
        if (n % 2 == 0) {
            throw new InvalidPlan(n + " hosts means " + n + " sentinels: a failover needs a majority of them ("
                    + (n / 2 + 1) + "), so an even number tolerates no more failures than " + (n - 1)
                    + " would. Use an odd number of hosts.");
        }
        if (n < 3) {
            throw new InvalidPlan("1 host cannot fail over: a failover needs a replica to promote and a majority of "
                    + "sentinels that survive the master's host. Use at least 3 hosts.");
        }
        if (settings.quorum < 1) {
            throw new InvalidPlan("quorum must be at least 1");
        }
        if (settings.quorum > n) {
            throw new InvalidPlan("quorum " + settings.quorum + " can never be reached with " + n
                    + " sentinels: at most " + n + " can agree that the master is down");
        }
        if (settings.quorum > n - 1) {
            throw new InvalidPlan("quorum " + settings.quorum + " needs every sentinel, including the one on the "
                    + "master's host: when that host fails no failover can start. Use at most " + (n - 1) + ".");
        }
        if (settings.port < 1 || settings.port > 55535) {
            throw new InvalidPlan("port must be between 1 and 55535 (sentinels listen on port + 10000)");
        }
        if (settings.downAfterMillis < 1) {
            throw new InvalidPlan("down-after must be a positive number of milliseconds");
        }
        if (settings.failoverTimeoutMillis < 1) {
            throw new InvalidPlan("failover-timeout must be a positive number of milliseconds");
        }
        if (!NAME.matcher(settings.masterName).matches()) {
            throw new InvalidPlan("master name '" + settings.masterName + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (settings.password != null && (settings.password.isEmpty() || settings.password.matches(".*[\\s\"'\\\\].*"))) {
            throw new InvalidPlan("the password must be non-empty and contain no spaces, quotes or backslashes");
        }
        return new Plan(List.copyOf(hosts), settings, names, allLoopback);
    }

    /** "v4", "v6", "name", or null if {@code h} is none of them. */
    private static String classify(String h) {
        var m = IPV4.matcher(h);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return null;
                }
            }
            return "v4";
        }
        if (h.contains(":")) {
            if (!h.matches("[0-9A-Fa-f:.]+")) {
                return null;
            }
            try {
                InetAddress.getByName(h); // literal: no lookup happens for an address
                return "v6";
            } catch (UnknownHostException e) {
                return null;
            }
        }
        if (h.matches("[0-9.]+")) {
            return null; // digits and dots but not a valid IPv4 address
        }
        return HOSTNAME.matcher(h).matches() ? "name" : null;
    }

    private static boolean isLoopback(String h, String kind) {
        return kind.equals("v4") ? h.startsWith("127.") : kind.equals("v6") && (h.equals("::1") || h.equals("0:0:0:0:0:0:0:1"));
    }

    /** The hosts, master first. */
    public List<String> hosts() {
        return hosts;
    }

    /** Whether every host is a loopback address (one machine). */
    public boolean local() {
        return local;
    }

    /** The settings. */
    public Settings settings() {
        return s;
    }

    /** The sentinel port. */
    public int sentinelPort() {
        return s.port + 10000;
    }

    /** Each host's files, master first. */
    public List<HostFiles> files() {
        List<HostFiles> out = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("redis.conf", redisConf(i));
            files.put("sentinel.conf", sentinelConf(i));
            out.add(new HostFiles(hosts.get(i), i == 0, files));
        }
        return out;
    }

    private String header(String what, int i) {
        return "# " + what + " for " + hosts.get(i) + " (" + (i == 0 ? "master" : "replica") + "), "
                + (s.redis ? "for Redis" : "for Vigil") + "; written by `bin/vigil plan`.\n";
    }

    /** The data node's configuration for host {@code i}: the guide's lines, then what the plan adds. */
    public String redisConf(int i) {
        String h = hosts.get(i);
        StringBuilder b = new StringBuilder(header("redis.conf", i));
        b.append("bind ").append(h).append('\n');
        b.append("port ").append(s.port).append('\n');
        if (i > 0) {
            b.append("slaveof ").append(hosts.get(0)).append(' ').append(s.port).append('\n');
        }
        if (s.password != null) {
            b.append("\n# Clients and replicas authenticate; any node may become a replica after a failover, so all\n"
                    + "# of them know the password of the master they will follow.\n");
            b.append("requirepass ").append(s.password).append('\n');
            b.append("masterauth ").append(s.password).append('\n');
        }
        if (s.dataDir != null) {
            b.append("\ndir ").append(s.dataDir).append('\n');
        }
        if (local) {
            b.append("\n# One machine plays three hosts: without a password Redis trusts only 127.0.0.1 and ::1,\n"
                    + "# so protected mode would refuse the other loopback addresses.\n");
            b.append("protected-mode no\n");
            if (i > 0) {
                b.append("# Connect to the master from this node's own address, so that the master (and the sentinels\n"
                        + "# that read its INFO) see each replica under its own address rather than all as 127.0.0.1.\n");
                b.append("bind-source-addr ").append(h).append('\n');
            }
        }
        return b.toString();
    }

    /** The sentinel's configuration for host {@code i}. */
    public String sentinelConf(int i) {
        String h = hosts.get(i);
        String name = s.masterName;
        StringBuilder b = new StringBuilder(header("sentinel.conf", i));
        b.append("# The sentinel rewrites this file after every change of state: edit it only while it is stopped.\n");
        b.append("bind ").append(h).append('\n');
        b.append("port ").append(sentinelPort()).append('\n');
        if (hostnames) {
            b.append("# Hosts are named: resolve them, and announce names rather than addresses.\n");
            b.append("sentinel resolve-hostnames yes\n");
            b.append("sentinel announce-hostnames yes\n");
        }
        b.append("sentinel monitor ").append(name).append(' ').append(hosts.get(0)).append(' ').append(s.port)
                .append(' ').append(s.quorum).append('\n');
        b.append("sentinel down-after-milliseconds ").append(name).append(' ').append(s.downAfterMillis).append('\n');
        b.append("sentinel failover-timeout ").append(name).append(' ').append(s.failoverTimeoutMillis).append('\n');
        if (s.password != null) {
            b.append("\n# The sentinel authenticates to the data nodes, and clients and other sentinels to it.\n");
            b.append("sentinel auth-pass ").append(name).append(' ').append(s.password).append('\n');
            b.append("requirepass ").append(s.password).append('\n');
        }
        if (s.dataDir != null) {
            b.append("\ndir ").append(s.dataDir).append('\n');
        }
        if (local) {
            b.append("\n# One machine plays three hosts (see redis.conf): other sentinels connect from other loopback\n"
                    + "# addresses, and each sentinel announces its own address in its hello messages.\n");
            b.append("protected-mode no\n");
            b.append("sentinel announce-ip ").append(h).append('\n');
        }
        return b.toString();
    }

    /** The README of the plan: what goes where and the order to start things. */
    public String readme() {
        String server = s.redis ? "redis-server" : "vigil-server@redis";
        String sentinel = s.redis ? "redis-sentinel" : "vigil-sentinel@sentinel";
        String etc = s.redis ? "/etc/redis" : "/etc/vigil";
        StringBuilder b = new StringBuilder();
        b.append("# Replication with Sentinel failover on ").append(hosts.size()).append(" hosts\n\n");
        b.append("Master: ").append(hosts.get(0)).append(':').append(s.port).append("; replicas: ");
        b.append(String.join(", ", hosts.subList(1, hosts.size()).stream().map(x -> x + ":" + s.port).toList()));
        b.append(".\nA sentinel on every host, port ").append(sentinelPort()).append(", monitoring `")
                .append(s.masterName).append("` with quorum ").append(s.quorum).append(", down-after ")
                .append(s.downAfterMillis).append(" ms, failover-timeout ").append(s.failoverTimeoutMillis).append(" ms.\n\n");
        b.append("## Files\nEach host's directory holds its `redis.conf` and `sentinel.conf`: copy them to `")
                .append(etc).append("/` on that host");
        if (!s.redis) {
            b.append(", and the units in `systemd/` to `/etc/systemd/system/` (then `systemctl daemon-reload`).\n"
                    + "The units run Vigil from `/opt/vigil` as the user `vigil`; data goes to `/var/lib/vigil`.\n");
        } else {
            b.append(" (Debian's redis-server and redis-sentinel packages provide the units).\n");
        }
        b.append("\n## Order\n");
        b.append("1. Start the master: on ").append(hosts.get(0)).append(" `systemctl start ").append(server).append("`.\n");
        b.append("2. Start the replicas: on ").append(String.join(", ", hosts.subList(1, hosts.size())))
                .append(" `systemctl start ").append(server).append("`.\n");
        b.append("   Check: `redis-cli -h ").append(hosts.get(0)).append(" -p ").append(s.port)
                .append(s.password != null ? " -a <password>" : "").append(" INFO replication` shows `connected_slaves:")
                .append(hosts.size() - 1).append("`.\n");
        b.append("3. Start the sentinels, on every host: `systemctl start ").append(sentinel).append("`.\n");
        b.append("   Check: `redis-cli -h ").append(hosts.get(0)).append(" -p ").append(sentinelPort())
                .append(" sentinel get-master-addr-by-name ").append(s.masterName).append("` answers ")
                .append(hosts.get(0)).append(' ').append(s.port).append(", and `INFO sentinel` shows `slaves=")
                .append(hosts.size() - 1).append(",sentinels=").append(hosts.size()).append("`.\n\n");
        b.append("From then on the sentinels own `sentinel.conf` and rewrite it after every change: do not edit it while "
                + "they run.\nOpen ports ").append(s.port).append(" and ").append(sentinelPort())
                .append(" between the hosts (and to the clients) only.\n");
        return b.toString();
    }
}
