package io.vigil.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code redis-cli -h HOST -p PORT args...} as a process, for tests that check what redis-cli
 * prints.
 *
 * <p>redis-cli's stdout is a pipe here, not a terminal, so it prints in its "raw" style
 * ({@code OK}, {@code 1}, {@code bar}) unless {@code --no-raw} is passed, which gives the
 * interactive style ({@code (integer) 1}, {@code "bar"}).
 */
public final class RedisCli {

  /** What one run printed. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** stdout without the trailing newline(s). */
    public String out() {
      return stdout.stripTrailing();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + (stderr.isEmpty() ? "" : "stderr:\n" + stderr);
    }
  }

  private final String host;
  private final int port;
  private Duration timeout = Duration.ofSeconds(30);
  private String executable = "redis-cli";

  public RedisCli(String host, int port) {
    this.host = host;
    this.port = port;
  }

  public static RedisCli of(ServerProcess server) {
    return new RedisCli(server.host(), server.port());
  }

  /** Kill redis-cli if it runs longer than this (default 30 s). */
  public RedisCli timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Another redis-cli binary (default {@code redis-cli} from PATH). */
  public RedisCli executable(String path) {
    this.executable = path;
    return this;
  }

  /** Runs redis-cli with {@code args} and returns its stdout (fails if it cannot be run). */
  public String run(String... args) {
    return exec(null, args).stdout();
  }

  /** Runs redis-cli and returns exit code, stdout and stderr. */
  public Result exec(String... args) {
    return exec(null, args);
  }

  /** Runs redis-cli with {@code stdin} as its standard input (e.g. for {@code --pipe} or {@code -x}). */
  public Result execWithInput(byte[] stdin, String... args) {
    return exec(stdin, args);
  }

  private Result exec(byte[] stdin, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(executable);
    cmd.add("-h");
    cmd.add(host);
    cmd.add("-p");
    cmd.add(Integer.toString(port));
    cmd.addAll(Arrays.asList(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
    }
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    } catch (IOException e) {
      // redis-cli exited before reading all input: its output says why
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException("redis-cli timed out after " + timeout + ": " + String.join(" ", cmd)
            + "\nstdout so far:\n" + text(out.getNow(new byte[0])));
      }
      return new Result(p.exitValue(), text(out.get(10, TimeUnit.SECONDS)), text(err.get(10, TimeUnit.SECONDS)));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("reading redis-cli output failed", e);
    }
  }

  private static byte[] drain(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
