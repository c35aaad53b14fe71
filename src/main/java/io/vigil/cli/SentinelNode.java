package io.vigil.cli;

import io.vigil.command.Engine;
import io.vigil.command.ProcessInfo;
import io.vigil.command.Settings;
import io.vigil.config.Config;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.keyspace.Clock;
import io.vigil.keyspace.EvictionSettings;
import io.vigil.keyspace.Keyspace;
import io.vigil.logging.LogSetup;
import io.vigil.logging.RedisLayout;
import io.vigil.sentinel.Sentinel;
import io.vigil.sentinel.SentinelCommands;
import io.vigil.sentinel.SentinelConfig;
import io.vigil.server.Listeners;
import io.vigil.server.VigilServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A sentinel process ({@code vigil-server sentinel.conf --sentinel}, {@code vigil-sentinel sentinel.conf}):
 * a {@link Sentinel} behind the network front with sentinel mode's command table, its file rewritten after
 * every state change. Tests embed one with {@link #start(String...)} and {@link #stop()}.
 */
public final class SentinelNode {
    private static final Logger LOG = LoggerFactory.getLogger("vigil");
    private static final List<String> NOT_IN_SENTINEL = List.of("memory", "persistence", "replication", "modules",
            "commandstats", "errorstats", "latencystats", "cluster", "keyspace");

    private final Config config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean shuttingDown;
    private VigilServer server;
    private Sentinel sentinel;
    private String pidfile;
    private io.vigil.web.StatusPage statusPage;
    private io.vigil.server.SystemdNotify systemd;
    private io.vigil.metrics.MetricsEndpoint metrics;

    SentinelNode(Config config) {
        this.config = config;
    }

    /**
     * Starts a sentinel in this JVM from redis-server style arguments (the config file first) and returns
     * once it accepts connections.
     *
     * @throws IllegalStateException if the configuration is bad or the sentinel cannot listen
     */
    public static SentinelNode start(String... args) {
        try {
            String[] withFlag = new String[args.length + 1];
            System.arraycopy(args, 0, withFlag, 0, args.length);
            withFlag[args.length] = "--sentinel";
            SentinelNode n = new SentinelNode(ConfigLoader.load(withFlag).config());
            int status = n.startServing();
            if (status != 0) {
                throw new IllegalStateException("sentinel failed to start (status " + status + ")");
            }
            return n;
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The TCP port bound. */
    public int port() {
        return server.boundPort();
    }

    /** Stops as SHUTDOWN would and waits. */
    public void stop() {
        server.mainLoop().execute(this::requestShutdown);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String conf(String name) {
        String v = config.getString(name);
        return v == null ? "" : v;
    }

    int run() {
        if (conf("daemonize").equals("yes") && System.getenv("VIGIL_DAEMONIZED") == null) {
            return Daemon.respawn(conf("logfile"));
        }
        int status = startServing();
        if (status != 0) {
            return status;
        }
        for (String sig : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(sig), s -> {
                    if (shuttingDown) {
                        Runtime.getRuntime().halt(1);
                    }
                    LOG.warn("Received SIG{} scheduling shutdown...", sig);
                    server.mainLoop().execute(this::requestShutdown);
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("Cannot handle SIG{}: {}", sig, e.getMessage());
            }
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The status page (http-port) and the Prometheus endpoint (metrics-port), Vigil's own; false if one cannot listen. */
    private boolean startHttp(Listeners listeners, Engine engine) {
        String host = HttpEndpoints.defaultHost(listeners);
        String self = host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "::1" : host;
        int httpPort = Integer.parseInt(conf("http-port"));
        if (httpPort > 0) {
            try {
                statusPage = io.vigil.web.StatusPage.start(host, httpPort, self, server.boundPort(),
                        conf("requirepass").isEmpty() ? null : conf("requirepass"));
                LOG.info("Status page at http://{}:{}/", host, httpPort);
            } catch (IOException e) {
                LOG.warn("Could not create the status page on {}:{}: {}", host, httpPort, e.getMessage());
                return false;
            }
        }
        try {
            metrics = HttpEndpoints.startMetrics(config, listeners, server, engine, "default", sentinel::metricsLines);
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    int startServing() {
        RedisLayout.role('X');
        LogSetup.configure(conf("loglevel"), conf("logfile"));
        long pid = ProcessHandle.current().pid();
        LOG.warn("oO0OoO0OoO0Oo Vigil is starting oO0OoO0OoO0Oo");
        LOG.warn("Vigil version={}, Redis version={}, bits=64, java={}, pid={}, just started",
                ProcessInfo.VIGIL_VERSION, ProcessInfo.REDIS_VERSION, Runtime.version(), pid);
        Path file = config.configFile();
        if (file == null) {
            LOG.warn("Sentinel needs config file on disk to save state. Exiting...");
            return 1;
        }
        if (!Files.isWritable(file)) {
            LOG.warn("Sentinel config file {} is not writable: Permission denied. Exiting...", file.toAbsolutePath());
            return 1;
        }
        LOG.warn("Configuration loaded");
        sentinel = new Sentinel();
        // Sentinel mode starts with protected mode off, as redis-sentinel does; the file may turn it on.
        if (!fileSets(file, "protected-mode")) {
            try {
                config.set("protected-mode", "no");
            } catch (ConfigException e) {
                throw new IllegalStateException(e);
            }
        }
        for (List<String> line : config.sentinelLines()) {
            try {
                SentinelConfig.apply(sentinel, line);
            } catch (IllegalArgumentException e) {
                System.err.println();
                System.err.println("*** FATAL CONFIG FILE ERROR (Redis " + ProcessInfo.REDIS_VERSION + ") ***");
                System.err.println(">>> 'sentinel " + String.join(" ", line) + "'");
                System.err.println(e.getMessage());
                return 1;
            }
        }
        Settings settings = new Settings();
        Engine engine = new Engine(settings, new Keyspace(1, Clock.SYSTEM, new EvictionSettings()),
                SentinelCommands.table(sentinel), Clock.SYSTEM);
        engine.config(config);
        engine.mode("sentinel");
        NOT_IN_SENTINEL.forEach(engine::removeInfoSection);
        engine.infoSection("sentinel", sb -> SentinelCommands.infoSection(sentinel, sb));
        server = new VigilServer(engine);
        ConfigBinding binding = new ConfigBinding(config, engine, server);
        binding.bindAll();
        ProcessInfo info = engine.processInfo();
        info.configFile = file.toAbsolutePath().toString();
        info.executable = ProcessHandle.current().info().command().orElse("");
        info.multiplexingApi = server.epoll() ? "epoll" : "nio";
        engine.shutdownHook(this::requestShutdown);
        config.setSentinelRewriteSupplier(() -> SentinelConfig.lines(sentinel));
        sentinel.flushConfig(this::flushConfig);
        sentinel.publisher((channel, message) -> engine.pubsub().publish(
                channel.getBytes(StandardCharsets.UTF_8), message.getBytes(StandardCharsets.UTF_8)));

        Listeners listeners = binding.listeners();
        LOG.info("Running mode=sentinel, port={}.", listeners.port());
        try {
            server.listen(listeners);
        } catch (IOException e) {
            LOG.warn(e.getMessage());
            server.close();
            return 1;
        }
        info.tcpPort = server.boundPort() > 0 ? server.boundPort() : listeners.port();
        sentinel.attach(server.mainLoop(), server.epoll(), info.tcpPort);
        if (!startHttp(listeners, engine)) {
            server.close();
            return 1;
        }
        writePidfile();
        try {
            server.onMain(() -> {
                flushConfig();
                sentinel.start();
                return null;
            });
        } catch (Exception e) {
            LOG.warn("Sentinel failed to start: {}", e.toString());
            return 1;
        }
        systemd = io.vigil.server.SystemdNotify.open(conf("supervised"));
        if (systemd != null) {
            systemd.send("STATUS=Ready to accept connections\n");
            systemd.send("READY=1\n");
        }
        return 0;
    }

    private static boolean fileSets(Path file, String directive) {
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                String t = l.trim().toLowerCase(java.util.Locale.ROOT);
                if (t.startsWith(directive + " ")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Rewrites the sentinel file (atomically: temp file, fsync, rename), as sentinelFlushConfig does. */
    private void flushConfig() {
        try {
            config.rewrite();
            LOG.info("Sentinel new configuration saved on disk");
        } catch (IOException | ConfigException e) {
            LOG.warn("WARNING: Sentinel was not able to save the new configuration on disk!!!: {}", e.getMessage());
        }
    }

    private void writePidfile() {
        pidfile = conf("pidfile");
        if (pidfile.isEmpty()) {
            pidfile = null;
            return;
        }
        try {
            Files.writeString(Path.of(pidfile), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warn("Failed to write PID file: {}", e.getMessage());
        }
    }

    private void requestShutdown() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        LOG.warn("User requested shutdown...");
        sentinel.close();
        if (systemd != null) {
            systemd.sendAndWait("STOPPING=1\n");
            systemd.close();
        }
        if (statusPage != null) {
            statusPage.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (pidfile != null) {
            LOG.info("Removing the pid file.");
            new File(pidfile).delete();
        }
        LOG.warn("Vigil is now ready to exit, bye bye...");
        new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "vigil-shutdown").start();
    }
}
