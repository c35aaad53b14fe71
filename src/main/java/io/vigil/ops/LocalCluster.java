package io.vigil.ops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The guide's topology on one machine, as {@code bin/vigil up} runs it: data nodes on 127.0.0.1-3 (master on .1)
 * and a sentinel beside each, every process with its own directory under the run directory holding its config,
 * data, log and pid file. {@code status}, {@code kill-master} and {@code down} find everything again through
 * {@code cluster.properties} there.
 */
final class LocalCluster {

    /** The three loopback "hosts". */
    static final List<String> HOSTS = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

    /** Which process of a host. */
    enum Role {
        /** The data node. */
        SERVER("redis"),
        /** The sentinel. */
        SENTINEL("sentinel");

        final String file;

        Role(String file) {
            this.file = file;
        }
    }

    final Path runDir;
    final int port;
    final boolean redis;
    final String masterName;
    final int quorum;

    LocalCluster(Path runDir, int port, boolean redis, String masterName, int quorum) {
        this.runDir = runDir.toAbsolutePath().normalize();
        this.port = port;
        this.redis = redis;
        this.masterName = masterName;
        this.quorum = quorum;
    }

    /** The cluster recorded in {@code runDir} by an earlier {@code up}, if any. */
    static Optional<LocalCluster> load(Path runDir) throws IOException {
        Path f = runDir.resolve("cluster.properties");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(f)) {
            p.load(r);
        }
        return Optional.of(new LocalCluster(runDir, Integer.parseInt(p.getProperty("port")),
                Boolean.parseBoolean(p.getProperty("redis")), p.getProperty("master-name"),
                Integer.parseInt(p.getProperty("quorum"))));
    }

    int sentinelPort() {
        return port + 10000;
    }

    /** The port of each Vigil sentinel's status page (sentinel port + 10000), or 0 for Redis or when out of range. */
    int statusPagePort() {
        return redis || port + 20000 > 65535 ? 0 : port + 20000;
    }

    Path hostDir(String host) {
        return runDir.resolve(host);
    }

    Path log(String host, Role r) {
        return hostDir(host).resolve(r.file + ".log");
    }

    Path conf(String host, Role r) {
        return hostDir(host).resolve(r.file + ".conf");
    }

    Path pidFile(String host, Role r) {
        return hostDir(host).resolve(r.file + ".pid");
    }

    /** Addresses among the six that something already listens on (or that cannot be bound). */
    List<String> takenAddresses() {
        List<String> taken = new ArrayList<>();
        for (String h : HOSTS) {
            for (int p : new int[] {port, sentinelPort()}) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(h, p));
                } catch (IOException e) {
                    taken.add(h + ":" + p);
                }
            }
        }
        return taken;
    }

    /** Writes every host's files from the plan, plus where each process keeps its data and log. */
    void writeFiles(Plan plan) throws IOException {
        Files.createDirectories(runDir);
        for (Plan.HostFiles hf : plan.files()) {
            Path dir = hostDir(hf.host());
            Files.createDirectories(dir);
            for (Role r : Role.values()) {
                String text = hf.files().get(r.file + ".conf")
                        + "\n# Where this process keeps its data and its log (bin/vigil up).\n"
                        + "dir " + dir + "\n"
                        + "logfile " + log(hf.host(), r) + "\n"
                        + "daemonize no\n";
                if (r == Role.SENTINEL && statusPagePort() > 0) {
                    text += "# Vigil's own: the sentinel's status page (topology picture, event timeline).\n"
                            + "http-port " + statusPagePort() + "\n";
                }
                Files.writeString(conf(hf.host(), r), text, StandardCharsets.UTF_8);
            }
        }
        Properties p = new Properties();
        p.setProperty("port", Integer.toString(port));
        p.setProperty("redis", Boolean.toString(redis));
        p.setProperty("master-name", masterName);
        p.setProperty("quorum", Integer.toString(quorum));
        try (var w = Files.newBufferedWriter(runDir.resolve("cluster.properties"))) {
            p.store(w, "bin/vigil up");
        }
    }

    /** Starts the process {@code r} of {@code host} in its own session; records and returns its PID. */
    long start(String host, Role r, Path vigilHome) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid"); // its own session: Ctrl-C reaches the tool, which stops things in order
        }
        if (redis) {
            cmd.add(r == Role.SERVER ? "redis-server" : "redis-sentinel");
            cmd.add(conf(host, r).toString());
        } else {
            cmd.add(vigilHome.resolve("bin/vigil-server").toString());
            cmd.add(conf(host, r).toString());
            if (r == Role.SENTINEL) {
                cmd.add("--sentinel");
            }
        }
        Path out = hostDir(host).resolve(r.file + ".out");
        Process p = new ProcessBuilder(cmd).directory(hostDir(host).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        Files.writeString(pidFile(host, r), p.pid() + "\n", StandardCharsets.US_ASCII);
        return p.pid();
    }

    /** The live process recorded for {@code host}'s {@code r}, if it still runs. */
    Optional<ProcessHandle> process(String host, Role r) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(host, r)).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurs);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Guards against a recycled PID: the process must be a Vigil or Redis server. */
    private boolean isOurs(ProcessHandle h) {
        String cmd = h.info().commandLine().orElse("");
        return cmd.isEmpty() || cmd.contains("vigil") || cmd.contains("redis");
    }

    /**
     * Stops every recorded process: sentinels first (so none starts a failover while the nodes go), SIGTERM, then
     * SIGKILL for any still running after {@code graceMillis}. Returns how many were running.
     */
    int stopAll(long graceMillis) {
        int n = 0;
        for (Role r : new Role[] {Role.SENTINEL, Role.SERVER}) {
            List<ProcessHandle> running = new ArrayList<>();
            for (String h : HOSTS) {
                process(h, r).ifPresent(running::add);
            }
            running.forEach(ProcessHandle::destroy);
            for (ProcessHandle p : running) {
                try {
                    p.onExit().get(graceMillis, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            }
            n += running.size();
        }
        return n;
    }
}
