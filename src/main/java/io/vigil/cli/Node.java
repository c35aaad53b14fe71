package io.vigil.cli;

import io.vigil.command.CommandTable;
import io.vigil.command.Engine;
import io.vigil.command.ProcessInfo;
import io.vigil.command.Settings;
import io.vigil.config.Config;
import io.vigil.keyspace.ActiveExpire;
import io.vigil.keyspace.Clock;
import io.vigil.keyspace.EvictResult;
import io.vigil.keyspace.EvictionSettings;
import io.vigil.keyspace.Evictor;
import io.vigil.keyspace.Keyspace;
import io.vigil.config.Options;
import io.vigil.logging.LogSetup;
import io.vigil.persistence.aof.AofCommands;
import io.vigil.persistence.aof.AofException;
import io.vigil.persistence.aof.AppendOnlyFile;
import io.vigil.logging.RedisLayout;
import io.vigil.persistence.RdbPersistence;
import io.vigil.server.Cron;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One data node: the configuration wired to a keyspace, an engine and a network server. {@link Main} runs
 * one per process; tests embed one with {@link #start(String...)} and {@link #stop()}.
 */
public final class Node {
    private static final Logger LOG = LoggerFactory.getLogger("vigil");

    private final Config config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean shuttingDown;
    private VigilServer server;
    private Engine engine;
    private String pidfile;
    private ActiveExpire activeExpire;
    private io.vigil.metrics.MetricsEndpoint metrics;
    private AppendOnlyFile aof;
    private io.vigil.replication.Replication replication;
    private io.vigil.server.SystemdNotify systemd;
    private RdbPersistence persistence;

    Node(Config config) {
        this.config = config;
    }

    /**
     * Starts a node in this JVM from redis-server style arguments (e.g. {@code "--port", "7001"}) and
     * returns once it accepts connections.
     *
     * @throws IllegalStateException if the configuration is bad or the node cannot listen
     */
    public static Node start(String... args) {
        try {
            Node n = new Node(io.vigil.config.ConfigLoader.load(args).config());
            int status = n.startServing();
            if (status != 0) {
                throw new IllegalStateException("node failed to start (status " + status + ")");
            }
            return n;
        } catch (io.vigil.config.ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The engine (for tests that inspect state; touch it only through {@link VigilServer#onMain}). */
    public Engine engine() {
        return engine;
    }

    /** Replication state (touch it only through {@link VigilServer#onMain}). */
    public io.vigil.replication.Replication replication() {
        return replication;
    }

    /** The network server. */
    public VigilServer server() {
        return server;
    }

    /** The TCP port bound. */
    public int port() {
        return server.boundPort();
    }

    /** Shuts the node down as SHUTDOWN NOSAVE would and waits until it has stopped. */
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

    private int confInt(String name) {
        return Integer.parseInt(conf(name));
    }

    /** Runs until shutdown; returns the exit status. */
    int run() {
        if (conf("daemonize").equals("yes") && System.getenv("VIGIL_DAEMONIZED") == null) {
            return Daemon.respawn(conf("logfile"));
        }
        int status = startServing();
        if (status != 0) {
            return status;
        }
        installSignals();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Everything up to accepting connections; 0 on success. */
    int startServing() {
        RedisLayout.role('C');
        LogSetup.configure(conf("loglevel"), conf("logfile"));
        long pid = ProcessHandle.current().pid();
        LOG.warn("oO0OoO0OoO0Oo Vigil is starting oO0OoO0OoO0Oo");
        LOG.warn("Vigil version={}, Redis version={}, bits=64, java={}, pid={}, just started",
                ProcessInfo.VIGIL_VERSION, ProcessInfo.REDIS_VERSION, Runtime.version(), pid);
        LOG.warn(config.configFile() == null
                ? "Warning: no config file specified, using the default config. In order to specify a config file "
                        + "use vigil-server /path/to/redis.conf"
                : "Configuration loaded");
        RedisLayout.role('M');

        if (!chdir()) {
            return 1;
        }
        Clock clock = Clock.SYSTEM;
        Keyspace keyspace = new Keyspace(confInt("databases"), clock, new EvictionSettings());
        Settings settings = new Settings();
        engine = new Engine(settings, keyspace, CommandTable.standard(), clock);
        engine.config(config);
        keyspace.setExpiryListener(engine);
        Evictor evictor = new Evictor(keyspace);
        evictor.setListener(engine::evicted);
        engine.memoryGuard(() -> settings.maxmemory() <= 0
                || evictor.performEvictions(settings.maxmemory()) != EvictResult.FAIL);
        activeExpire = new ActiveExpire(keyspace);
        server = new VigilServer(engine);
        // ---- persistence (RDB): attach, then load the dump before serving
        persistence = new RdbPersistence(keyspace, config, engine.encodingLimits(), server.mainLoop(),
                new RdbPersistence.Host() {
                    @Override
                    public long dirty() {
                        return engine.dirty();
                    }

                    @Override
                    public boolean otherChildActive() {
                        // BGSAVE waits for an AOF rewrite, or a replica's full sync, holding the keyspace snapshot
                        return aof != null && aof.rewriteInProgress() || keyspace.snapshotRunning();
                    }

                    @Override
                    public void saved(long dirtyAtStart, long unixMillis) {
                        long since = engine.dirty() - dirtyAtStart;
                        engine.resetDirty();
                        engine.addDirty(Math.max(0, since));
                        engine.lastSaveMillis(unixMillis);
                    }
                }, engine.lastSaveMillis());
        engine.persistence(persistence);
        // ---- end persistence
        // Replication (io.vigil.replication): its commands, INFO section and propagator; started once listening.
        replication = new io.vigil.replication.Replication(engine, config,
                io.vigil.replication.Replication.defaultRdbTransfer(engine, server.mainLoop()), server.mainLoop());
        ConfigBinding binding = new ConfigBinding(config, engine, server);
        binding.bindAll();
        binding.bindActiveExpire(activeExpire);
        ProcessInfo info = engine.processInfo();
        info.configFile = config.configFile() == null ? "" : config.configFile().toAbsolutePath().toString();
        info.executable = executable();
        info.multiplexingApi = server.epoll() ? "epoll" : "nio";
        engine.shutdownHook(this::requestShutdown);

        // --- Persistence at start-up, AOF part (io.vigil.persistence.aof). With appendonly yes the AOF is loaded
        // and the RDB is not, as in Redis (the AOF wins even when it does not exist yet); the AOF then receives
        // every change. The RDB load (appendonly no) belongs in the else branch.
        aof = new AppendOnlyFile(engine, config, io.vigil.persistence.aof.RdbBase.of(config, engine.encodingLimits()),
                server.mainLoop());
        // A full sync replaces the dataset: the AOF restarts from it (Redis's restartAOFAfterSYNC).
        replication.onDatasetReplaced(() -> aof.restartAfterDatasetReplaced());
        AofCommands.register(engine.commands(), aof);
        engine.addPropagator(aof);
        engine.addReplyBarrier(aof);
        engine.aofInfo(aof::info);
        boolean appendonly = Boolean.TRUE.equals(config.get(Options.APPENDONLY));
        if (appendonly) {
            try {
                aof.loadAtStartup();
                aof.openOnStartup();
            } catch (AofException e) {
                server.close();
                return 1;
            }
        }
        // --- end AOF

        Listeners listeners = binding.listeners();
        LOG.info("Running mode=standalone, port={}.", listeners.port());
        LOG.info("Vigil {} (Redis {} compatible) 64 bit, standalone mode, Port: {}, PID: {}",
                ProcessInfo.VIGIL_VERSION, ProcessInfo.REDIS_VERSION, listeners.port(), pid);
        // The RDB is loaded only without an AOF (with one, the AOF above is the dataset), before serving: no
        // client sees a half-loaded dataset.
        if (!appendonly && !persistence.loadAtStartup()) {
            server.close();
            return 1;
        }
        try {
            server.listen(listeners);
        } catch (IOException e) {
            LOG.warn(e.getMessage());
            server.close();
            return 1;
        }
        info.tcpPort = server.boundPort() > 0 ? server.boundPort() : listeners.port();
        if (!startMetrics(listeners)) {
            server.close();
            return 1;
        }
        writePidfile();
        new Cron(engine, server, activeExpire).start();
        server.every(100, aof::cron); // AOF: postponed writes, everysec fsync, automatic rewrites
        server.mainLoop().execute(replication::start);
        LOG.warn("Server initialized");
        if (listeners.unixSocket() != null && !listeners.unixSocket().isEmpty()) {
            LOG.info("The server is now ready to accept connections at {}", listeners.unixSocket());
        }
        LOG.info("Ready to accept connections tcp");
        systemd = io.vigil.server.SystemdNotify.open(conf("supervised"));
        if (systemd != null) {
            systemd.send(conf("replicaof").isEmpty() ? "STATUS=Ready to accept connections\n"
                    : "STATUS=Ready to accept connections in read-only mode. Waiting for MASTER <-> REPLICA sync\n");
            systemd.send("READY=1\n");
        }
        return 0;
    }

    /** The Prometheus endpoint on metrics-port (Vigil's own directive), if set; false if it cannot listen. */
    private boolean startMetrics(Listeners listeners) {
        try {
            metrics = HttpEndpoints.startMetrics(config, listeners, server, engine, "all");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean chdir() {
        String dir = conf("dir");
        if (dir.isEmpty()) {
            return true;
        }
        File d = new File(dir);
        if (!d.isDirectory()) {
            LOG.warn("Can't chdir to '{}': No such file or directory", dir);
            return false;
        }
        return true;
    }

    private static String executable() {
        String launcher = System.getenv("VIGIL_LAUNCHER");
        return launcher != null ? launcher : ProcessHandle.current().info().command().orElse("");
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

    private void installSignals() {
        for (String sig : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(sig), s -> {
                    if (shuttingDown) {
                        LOG.warn("You insist... exiting now.");
                        Runtime.getRuntime().halt(1);
                    }
                    LOG.warn("Received SIG{} scheduling shutdown...", sig);
                    server.mainLoop().execute(this::signalShutdown);
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("Cannot handle SIG{}: {}", sig, e.getMessage());
            }
        }
    }

    /** SIGTERM / SIGINT on the execution thread: save when save points exist, then shut down. */
    private void signalShutdown() {
        if (shuttingDown) {
            return;
        }
        if (persistence != null && !persistence.prepareShutdown(false, false)) {
            LOG.warn("SIGTERM received but errors trying to shut down the server, check the logs for more information");
            return;
        }
        requestShutdown();
    }

    /** Runs on the execution thread: the orderly shutdown Redis performs. */
    private void requestShutdown() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        LOG.warn("User requested shutdown...");
        if (systemd != null) {
            systemd.sendAndWait("STOPPING=1\n");
            systemd.close();
        }
        if (aof != null) {
            aof.shutdown(); // AOF: buffer written and fsynced
        }
        if (pidfile != null) {
            LOG.info("Removing the pid file.");
            new File(pidfile).delete();
        }
        LOG.warn("Vigil is now ready to exit, bye bye...");
        new Thread(() -> {
            if (metrics != null) {
                metrics.close();
            }
            server.close();
            stopped.countDown();
        }, "vigil-shutdown").start();
    }

    static List<String> words(String s) {
        List<String> out = new ArrayList<>(Arrays.asList(s.trim().split("\\s+")));
        out.removeIf(String::isEmpty);
        return out;
    }
}
