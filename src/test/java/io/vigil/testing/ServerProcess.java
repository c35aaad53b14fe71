package io.vigil.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A Vigil ({@code <repo>/bin/vigil-server}) or real Redis ({@code redis-server}) server running as a
 * child process on a loopback address, for integration and differential tests.
 *
 * <pre>{@code
 * try (ServerProcess redis = ServerProcess.redis().host("127.0.0.2").arg("protected-mode", "no").start();
 *      ServerProcess vigil = ServerProcess.vigil().name("replica").arg("replicaof", "127.0.0.2", "6379").start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Each server gets a fresh temp dir ({@code --dir}), {@code --save ''} unless a {@code save} is
 * given, its own free port unless one is given, and its stdout/stderr in
 * {@code target/test-logs/<name>-<port>.log}. {@link Builder#start()} waits (Awaitility, default up
 * to 60 s, since Vigil may build its jar on first start) until the server answers PING, and fails
 * at once with the log's tail if the process exits first.
 *
 * <p>The Vigil command can be overridden with the system property {@code vigil.cmd} or the
 * environment variable {@code VIGIL_CMD} (split on spaces), e.g. {@code VIGIL_CMD=redis-server} to
 * run a Vigil test against real Redis; the repo root with {@code vigil.home} / {@code VIGIL_HOME}.
 * Likewise {@code redis.cmd} / {@code REDIS_CMD} for Redis.
 *
 * <p>A JVM shutdown hook kills every server still running, so nothing outlives the test run.
 */
public final class ServerProcess implements AutoCloseable {

  /** Which server to run. */
  public enum Kind {
    VIGIL,
    REDIS
  }

  /** Default time to wait for the first PONG. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /** How long {@link #stop()} waits after SIGTERM before sending SIGKILL. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private static final Set<ServerProcess> LIVE = ConcurrentHashMap.newKeySet();
  private static final Set<Path> TEMP_DIRS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ServerProcess::killAllLive, "vigil-test-servers-reaper"));
  }

  private final Kind kind;
  private final String name;
  private final String host;
  private final boolean portChosenByUs;
  private final Builder spec;
  private final Path tempRoot;
  private final Path dir;
  private final Path configFile; // null when none
  private int port;
  private Path logFile;
  private List<String> command;
  private Process process;
  private List<ProcessHandle> descendants = List.of();

  // ================================================================ builders

  /** A builder for Vigil, run as {@code <repo>/bin/vigil-server}. */
  public static Builder vigil() {
    return new Builder(Kind.VIGIL);
  }

  /** A builder for real Redis, run as {@code redis-server}. */
  public static Builder redis() {
    return new Builder(Kind.REDIS);
  }

  /** A builder for the given kind. */
  public static Builder of(Kind kind) {
    return new Builder(kind);
  }

  /** Start options. Directive names may be given with or without the leading {@code --}. */
  public static final class Builder {
    private final Kind kind;
    private String name;
    private String host = "127.0.0.1";
    private int port; // 0 = pick a free one
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private final Map<String, List<String>> args = new LinkedHashMap<>();
    private final List<String> configLines = new ArrayList<>();
    private boolean forceConfigFile;
    private final Map<String, String> env = new LinkedHashMap<>();
    private String password; // used for the readiness PING
    private List<String> commandOverride;

    private Builder(Kind kind) {
      this.kind = kind;
      this.name = kind.name().toLowerCase(Locale.ROOT);
    }

    /** Name used in the log file name and messages (default {@code vigil} / {@code redis}). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Loopback address to bind, {@code 127.0.0.N} (default 127.0.0.1). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** A fixed port instead of a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** How long to wait for the first PONG (default 60 s). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /**
     * A directive passed on the command line as {@code --name value...}; e.g.
     * {@code arg("save", "")}, {@code arg("maxmemory", "10mb")}, {@code arg("replicaof", "127.0.0.1", "7001")}.
     * Giving the same name again replaces it. {@code port} sets the port, {@code bind} the host.
     */
    public Builder arg(String directive, String... values) {
      String key = normalize(directive);
      if (key.equals("port") && values.length == 1) {
        return port(Integer.parseInt(values[0]));
      }
      if (key.equals("bind") && values.length == 1) {
        return host(values[0]);
      }
      if (key.equals("requirepass") && values.length == 1) {
        password = values[0];
      }
      args.put(key, List.of(values));
      return this;
    }

    /** Several directives at once, each value split on nothing (one value per directive). */
    public Builder args(Map<String, String> directives) {
      directives.forEach((k, v) -> arg(k, v));
      return this;
    }

    /**
     * A raw line for a config file written into the server's temp dir (e.g. {@code "maxmemory 10mb"}),
     * passed as the first argument. Needed for CONFIG REWRITE and config-file tests.
     */
    public Builder configLine(String line) {
      configLines.add(line);
      return this;
    }

    /** Write a config file (possibly empty) even if no {@link #configLine} was given. */
    public Builder withConfigFile() {
      forceConfigFile = true;
      return this;
    }

    /** An extra environment variable for the child (e.g. {@code VIGIL_JAVA_OPTS}). */
    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** The password to AUTH with while waiting for PING (set automatically by {@code arg("requirepass", ..)}). */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** Runs this command instead of the default binary (the harness still appends its arguments). */
    public Builder command(String... commandAndArgs) {
      this.commandOverride = List.of(commandAndArgs);
      return this;
    }

    /** Starts the server and waits until it answers PING. */
    public ServerProcess start() {
      ServerProcess server = new ServerProcess(this);
      server.startAndAwait();
      return server;
    }

    private static String normalize(String directive) {
      String d = directive.startsWith("--") ? directive.substring(2) : directive;
      return d.toLowerCase(Locale.ROOT);
    }
  }

  private ServerProcess(Builder b) {
    this.kind = b.kind;
    this.name = b.name;
    this.host = b.host;
    this.portChosenByUs = b.port == 0;
    this.port = b.port == 0 ? FreePort.find(b.host) : b.port;
    this.spec = b;
    try {
      this.tempRoot = Files.createTempDirectory(name + "-");
      TEMP_DIRS.add(tempRoot);
      this.dir = b.args.containsKey("dir") ? Paths.get(b.args.get("dir").get(0)) : tempRoot.resolve("data");
      Files.createDirectories(dir);
      if (b.forceConfigFile || !b.configLines.isEmpty()) {
        configFile = tempRoot.resolve(name + ".conf");
        Files.write(configFile, b.configLines, StandardCharsets.UTF_8);
      } else {
        configFile = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ================================================================ accessors

  public Kind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code host:port}. */
  public String address() {
    return host + ":" + port;
  }

  /** PID of the server process ({@link Process#pid()}; bin/vigil-server execs the JVM, so it is the JVM). */
  public long pid() {
    return process.pid();
  }

  /** The server's stdout/stderr log. */
  public Path logFile() {
    return logFile;
  }

  /** The whole log so far. */
  public String logText() {
    try {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The server's working dir ({@code --dir}). */
  public Path dir() {
    return dir;
  }

  /** The config file passed as first argument, if one was written. */
  public Optional<Path> configFile() {
    return Optional.ofNullable(configFile);
  }

  /** The full command line used for the last start. */
  public List<String> command() {
    return Collections.unmodifiableList(command);
  }

  /** The last start's command line, shell-quoted (copy-paste it to start the same server by hand). */
  public String commandLine() {
    StringBuilder sb = new StringBuilder();
    for (String arg : command) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(arg.matches("[A-Za-z0-9_@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The underlying process. */
  public Process process() {
    return process;
  }

  /** A new raw RESP connection to this server. */
  public Resp connect() {
    Resp r = new Resp(host, port);
    if (spec.password != null) {
      r.send("AUTH", spec.password);
    }
    return r;
  }

  /** A redis-cli runner pointed at this server. */
  public RedisCli cli() {
    return new RedisCli(host, port);
  }

  @Override
  public String toString() {
    return name + "[" + kind + " " + address() + (process != null ? " pid " + process.pid() : "") + "]";
  }

  // ================================================================ lifecycle

  /** SIGTERM, wait up to 10 s, then SIGKILL by PID. Idempotent. Keeps the dir (see {@link #restart()}). */
  public void stop() {
    Process p = process;
    if (p == null) {
      return;
    }
    snapshotDescendants(p);
    if (p.isAlive()) {
      p.destroy(); // SIGTERM
      try {
        if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly(); // SIGKILL to p.pid()
          p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    reapDescendants();
    LIVE.remove(this);
  }

  /** SIGKILL by PID at once (crash simulation), and wait for the process to be gone. */
  public void kill9() {
    Process p = process;
    if (p == null) {
      return;
    }
    snapshotDescendants(p);
    p.destroyForcibly();
    try {
      p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reapDescendants();
    LIVE.remove(this);
  }

  /** Stops (if running) and starts again on the same host, port, dir and arguments; waits for PING. */
  public ServerProcess restart() {
    stop();
    startAndAwait();
    return this;
  }

  /** Stops the server and deletes its temp dir. */
  @Override
  public void close() {
    stop();
    deleteRecursively(tempRoot);
    TEMP_DIRS.remove(tempRoot);
  }

  // ================================================================ internals

  private void startAndAwait() {
    int attempts = portChosenByUs ? 3 : 1;
    for (int attempt = 1; ; attempt++) {
      launch();
      try {
        awaitPing();
        return;
      } catch (RuntimeException e) {
        boolean portTaken = !process.isAlive() && logText().contains("Address already in use");
        kill9();
        if (portTaken && attempt < attempts) {
          port = FreePort.find(host);
          continue;
        }
        throw new IllegalStateException(this + " did not start: " + e.getMessage()
            + "\ncommand: " + commandLine() + "\nlog " + logFile + ":\n" + tail(40), e);
      }
    }
  }

  private void launch() {
    command = buildCommand();
    Path logDir = logRoot().resolve("target").resolve("test-logs");
    logFile = logDir.resolve(name + "-" + port + ".log");
    try {
      Files.createDirectories(logDir);
      Files.writeString(logFile, "# " + commandLine() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(spec.env);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    }
    LIVE.add(this);
  }

  private void awaitPing() {
    try {
      await(this + " answering PING")
          .atMost(spec.startupTimeout)
          .pollDelay(Duration.ofMillis(20))
          .pollInterval(Duration.ofMillis(100))
          .failFast("server process exited", () -> !process.isAlive())
          .ignoreExceptions()
          .until(this::answersPing);
      descendants = process.descendants().toList();
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private boolean answersPing() {
    try (Resp r = new Resp(host, port, Duration.ofSeconds(2))) {
      if (spec.password != null) {
        r.send("AUTH", spec.password);
      }
      Resp.Reply reply = r.send("PING");
      if (reply instanceof Resp.Simple s && s.value().equals("PONG")) {
        return true;
      }
      // NOAUTH means it is up and answering; LOADING / anything else means not ready yet.
      return reply instanceof Resp.Err err && err.code().equals("NOAUTH");
    }
  }

  private List<String> buildCommand() {
    List<String> cmd = new ArrayList<>(baseCommand());
    if (configFile != null) {
      cmd.add(configFile.toString());
    }
    cmd.add("--port");
    cmd.add(Integer.toString(port));
    cmd.add("--bind");
    cmd.add(host);
    if (!spec.args.containsKey("dir")) {
      cmd.add("--dir");
      cmd.add(dir.toString());
    }
    if (!spec.args.containsKey("save")) {
      cmd.add("--save");
      cmd.add("");
    }
    spec.args.forEach((k, values) -> {
      cmd.add("--" + k);
      cmd.addAll(values);
    });
    return cmd;
  }

  private List<String> baseCommand() {
    if (spec.commandOverride != null) {
      return spec.commandOverride;
    }
    if (kind == Kind.REDIS) {
      String override = setting("redis.cmd", "REDIS_CMD");
      return override != null ? split(override) : List.of("redis-server");
    }
    String override = setting("vigil.cmd", "VIGIL_CMD");
    if (override != null) {
      return split(override);
    }
    Path root = repoRoot().orElseThrow(() -> new IllegalStateException(
        "cannot find bin/vigil-server above " + System.getProperty("user.dir")
            + " (set -Dvigil.home=<repo> or VIGIL_HOME)"));
    return List.of(root.resolve("bin").resolve("vigil-server").toString());
  }

  /**
   * The Vigil repo root: {@code vigil.home} / {@code VIGIL_HOME}, else the nearest directory at or
   * above {@code user.dir} holding {@code bin/vigil-server}.
   */
  public static Optional<Path> repoRoot() {
    String explicit = setting("vigil.home", "VIGIL_HOME");
    if (explicit != null) {
      return Optional.of(Paths.get(explicit).toAbsolutePath().normalize());
    }
    for (Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bin").resolve("vigil-server"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Where {@code target/test-logs} goes: the repo root, else the nearest dir with a pom.xml, else user.dir. */
  private static Path logRoot() {
    Optional<Path> root = repoRoot();
    if (root.isPresent()) {
      return root.get();
    }
    for (Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    return Paths.get(System.getProperty("user.dir")).toAbsolutePath();
  }

  private static String setting(String property, String envVar) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(envVar);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static List<String> split(String command) {
    return List.of(command.trim().split("\\s+"));
  }

  /** The last {@code lines} lines of the log. */
  public String tail(int lines) {
    List<String> all = logText().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private void snapshotDescendants(Process p) {
    List<ProcessHandle> all = new ArrayList<>(descendants);
    p.descendants().forEach(all::add);
    descendants = all;
  }

  private void reapDescendants() {
    // Children the server left behind (e.g. a forked child, or a build started by bin/vigil-server).
    for (ProcessHandle h : descendants) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
    descendants = List.of();
  }

  private static void killAllLive() {
    for (ServerProcess s : LIVE) {
      Process p = s.process;
      if (p != null && p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    for (ServerProcess s : LIVE) {
      try {
        s.process.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        break;
      }
    }
    TEMP_DIRS.forEach(ServerProcess::deleteRecursively);
  }

  private static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }
}
