package io.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.testing.Differential.Normalizer;
import io.vigil.testing.Resp.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves the test harness against two real Redis servers (127.0.0.1 and 127.0.0.2), so it can be
 * trusted before Vigil runs: one plays "redis", the other plays "vigil".
 */
@Tag("harness")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HarnessSelfTest {

  private ServerProcess a;
  private ServerProcess b;
  private Differential diff;

  @BeforeAll
  void startServers() {
    a = ServerProcess.redis().name("self-a").host("127.0.0.1").arg("protected-mode", "no").start();
    b = ServerProcess.redis().name("self-b").host("127.0.0.2").arg("protected-mode", "no").start();
    diff = Differential.connect(a, b);
  }

  @AfterAll
  void stopServers() {
    if (diff != null) {
      diff.close();
    }
    for (ServerProcess s : new ServerProcess[] {a, b}) {
      if (s != null) {
        long pid = s.pid();
        s.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("%s gone", s).isFalse();
      }
    }
  }

  @BeforeEach
  void flush() {
    diff.check("FLUSHALL");
  }

  @Test
  void serversRunWhereAsked() throws Exception {
    assertThat(a.host()).isEqualTo("127.0.0.1");
    assertThat(b.host()).isEqualTo("127.0.0.2");
    assertThat(a.pid()).isPositive().isNotEqualTo(b.pid());
    assertThat(a.logFile()).exists().hasFileName("self-a-" + a.port() + ".log");
    assertThat(a.logFile().getParent().toString()).endsWith("target/test-logs");
    assertThat(Files.readString(a.logFile())).contains("Ready to accept connections");
    try (Resp r = b.connect()) {
      assertThat(r.send("CONFIG", "GET", "save")).isEqualTo(Resp.bulks("save", ""));
      assertThat(r.send("CONFIG", "GET", "dir").asList().get(1).asString()).isEqualTo(b.dir().toString());
      assertThat(r.send("CONFIG", "GET", "port")).isEqualTo(Resp.bulks("port", Integer.toString(b.port())));
      assertThat(r.send("INFO", "server").asString()).contains("process_id:" + b.pid());
    }
  }

  @Test
  void differentialCommandsAgree() {
    diff.check("SET", "k", "v");
    assertThat(diff.check("GET", "k")).isEqualTo(Resp.bulk("v"));
    assertThat(diff.check("INCR", "n")).isEqualTo(Resp.integer(1));
    assertThat(diff.check("GET", "missing")).isEqualTo(Resp.Null.BULK);
    Reply err = diff.check("INCR", "k");
    assertThat(err).isEqualTo(Resp.error("ERR value is not an integer or out of range"));
    diff.check("LPUSH", "k", "x"); // WRONGTYPE, same full text on both
    diff.check(Normalizer.sorted(), "SMEMBERS", "nope");
    diff.check(Differential.cmd("SET".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 1, (byte) 0xff}, new byte[0]));
    assertThat(diff.check(Differential.cmd("GET".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 1, (byte) 0xff})))
        .hasToString("\"\"");
    diff.check(Normalizer.sortedPairs(), "CONFIG", "GET", "maxmemory*");
    diff.checkAll(List.of(
        Differential.cmd("HSET", "h", "f1", "1", "f2", "2"),
        Differential.cmd("HGETALL", "h").normalize(Normalizer.sortedPairs()),
        Differential.cmd("BLPOP", "nolist", "0.01"), // null array
        Differential.cmd("CLIENT", "ID").normalize(Normalizer.shape()),
        Differential.cmd("INFO", "server").normalize(Normalizer.infoFields(
            "process_id", "run_id", "tcp_port", "uptime_in_seconds", "uptime_in_days", "hz", "configured_hz",
            "lru_clock", "executable", "config_file", "server_time_usec", "io_threads_active"))));
    diff.script("""
        # comments and blank lines are skipped

        RPUSH l a b "c d" 'e f' "\\x00\\n"
        LRANGE l 0 -1
        ZADD z 1.5 m1 2 m2
        ZRANGE z 0 -1 WITHSCORES
        OBJECT ENCODING l
        """);
  }

  @Test
  void resp3TypesParseAndCompare() {
    Reply hello = diff.check(Normalizer.field("id", Normalizer.ignore()), "HELLO", "3");
    assertThat(hello).isInstanceOf(Resp.RMap.class);
    assertThat(((Resp.RMap) hello).get("proto")).contains(Resp.integer(3));
    assertThat(((Resp.RMap) hello).get("version").map(Reply::asString)).hasValueSatisfying(v -> assertThat(v).startsWith("7.0"));
    try {
      diff.check("SADD", "s", "x", "y", "z");
      assertThat(diff.check(Normalizer.sorted(), "SMEMBERS", "s")).isInstanceOf(Resp.RSet.class);
      diff.check("HSET", "h", "f", "v");
      assertThat(diff.check("HGETALL", "h")).hasToString("{\"f\" => \"v\"}");
      assertThat(diff.check("GET", "missing")).isEqualTo(Resp.Null.RESP3);
      diff.check("ZADD", "z", "3.25", "m");
      assertThat(diff.check("ZSCORE", "z", "m")).isEqualTo(new Resp.Dbl("3.25"));
      assertThat(diff.check("EVAL", "redis.setresp(3); return true", "0")).isEqualTo(Resp.Bool.TRUE);
      assertThat(diff.check("EVAL", "return redis.setresp(3) or {big_number='123456789012345678901234567890'}", "0"))
          .isEqualTo(new Resp.BigNum("123456789012345678901234567890"));
      Reply info = diff.check(Normalizer.infoFieldNames(), "INFO", "server");
      assertThat(info).isInstanceOf(Resp.Verbatim.class);
      assertThat(((Resp.Verbatim) info).format()).isEqualTo("txt");
      assertThat(diff.check("SUBSCRIBE", "ch")).hasToString(">[\"subscribe\", \"ch\", :1]");
      try (Resp pub = a.connect()) {
        assertThat(pub.send("PUBLISH", "ch", "hi")).isEqualTo(Resp.integer(1));
      }
      assertThat(diff.redis().readReply()).hasToString(">[\"message\", \"ch\", \"hi\"]");
      assertThat(diff.check("UNSUBSCRIBE", "ch")).isInstanceOf(Resp.Push.class);
    } finally {
      diff.check(Normalizer.field("id", Normalizer.ignore()), "HELLO", "2");
    }
  }

  @Test
  void mismatchesFailWithCommandAndBothReplies() {
    try (Resp ra = a.connect(); Resp rb = b.connect()) {
      ra.send("SET", "k", "from-a");
      rb.send("SET", "k", "from-bb");
    }
    assertThatThrownBy(() -> diff.check("GET", "k"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GET k")
        .hasMessageContaining("self-a: \"from-a\"")
        .hasMessageContaining("self-b: \"from-bb\"");
    diff.check(Normalizer.replaceAll("from-.+", "from-?"), "GET", "k");
    assertThatThrownBy(() -> diff.checkAll(List.of(
        Differential.cmd("GET", "k"), Differential.cmd("PING"), Differential.cmd("STRLEN", "k"))))
        .hasMessageContaining("GET k")
        .hasMessageContaining("STRLEN k")
        .hasMessageNotContaining("PING");
  }

  @Test
  void rawBytesAndProtocolErrors() {
    try (Resp r = a.connect()) {
      r.sendRaw("PING\r\n");
      assertThat(r.readReply()).isEqualTo(Resp.simple("PONG"));
      r.sendRaw("*2\r\n$4\r\nECHO\r\n$3\r\nab");
      assertThat(r.pollReply(Duration.ofMillis(200))).isEmpty();
      r.sendRaw("c\r\n");
      assertThat(r.pollReply(Duration.ofSeconds(5))).contains(Resp.bulk("abc"));
      List<Reply> replies = r.pipeline(List.of(List.of("SET", "p", "1"), List.of("INCR", "p"), List.of("GET", "p")));
      assertThat(replies).containsExactly(Resp.ok(), Resp.integer(2), Resp.bulk("2"));
    }
    diff.checkRaw("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
    diff.checkRaw("ECHO \"a b\"\r\n".getBytes(StandardCharsets.US_ASCII));
    try (Resp ra = a.connect(); Resp rb = b.connect()) {
      Differential d = new Differential(ra, rb);
      Reply err = d.checkRaw("*1\r\n$x\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(err).isEqualTo(Resp.error("ERR Protocol error: invalid bulk length"));
      assertThat(ra.awaitClosed(Duration.ofSeconds(5))).isTrue();
      assertThat(rb.awaitClosed(Duration.ofSeconds(5))).isTrue();
    }
    try (Resp r = b.connect()) {
      assertThat(r.awaitClosed(Duration.ofMillis(200))).isFalse();
      assertThat(r.send("PING")).isEqualTo(Resp.simple("PONG"));
    }
  }

  @Test
  void redisCliOutput() {
    RedisCli cli = b.cli();
    assertThat(cli.run("SET", "foo", "bar")).isEqualTo("OK\n");
    assertThat(cli.run("GET", "foo")).isEqualTo("bar\n");
    assertThat(cli.run("INCR", "cnt")).isEqualTo("1\n");
    assertThat(cli.run("--no-raw", "INCR", "cnt")).isEqualTo("(integer) 2\n");
    assertThat(cli.run("--no-raw", "GET", "nothing")).isEqualTo("(nil)\n");
    assertThat(cli.exec("--no-raw", "RPUSH", "l", "x", "y").out()).isEqualTo("(integer) 2");
    assertThat(cli.run("--no-raw", "LRANGE", "l", "0", "-1")).isEqualTo("1) \"x\"\n2) \"y\"\n");
    assertThat(cli.exec("--no-raw", "NOSUCH").out()).startsWith("(error) ERR unknown command 'NOSUCH'");
    byte[] pipe = Resp.encode("SET".getBytes(StandardCharsets.UTF_8), "piped".getBytes(StandardCharsets.UTF_8),
        "yes".getBytes(StandardCharsets.UTF_8));
    RedisCli.Result piped = cli.execWithInput(pipe, "--pipe");
    assertThat(piped.exitCode()).isZero();
    assertThat(piped.stdout()).contains("errors: 0, replies: 1");
    assertThat(cli.run("GET", "piped")).isEqualTo("yes\n");
    // Same output from both servers.
    assertThat(a.cli().run("--no-raw", "PING")).isEqualTo(b.cli().run("--no-raw", "PING")).isEqualTo("PONG\n");
  }

  @Test
  void splitArgsLikeRedisCli() {
    List<byte[]> args = Differential.splitArgs("SET  \"a b\\x41\\n\" 'c\\'d' \"\" plain");
    assertThat(args).extracting(x -> new String(x, StandardCharsets.UTF_8))
        .containsExactly("SET", "a bA\n", "c'd", "", "plain");
  }

  @Test
  void configFileKill9AndRestart() throws Exception {
    try (ServerProcess c = ServerProcess.redis().name("self-c").host("127.0.0.3")
        .configLine("maxmemory 12mb").arg("appendonly", "yes").arg("protected-mode", "no")
        .startupTimeout(Duration.ofSeconds(20)).start()) {
      assertThat(c.configFile()).isPresent();
      assertThat(c.command().get(1)).isEqualTo(c.configFile().get().toString());
      try (Resp r = c.connect()) {
        assertThat(r.send("CONFIG", "GET", "maxmemory")).isEqualTo(Resp.bulks("maxmemory", "12582912"));
        assertThat(r.send("SET", "durable", "1")).isEqualTo(Resp.ok());
      }
      long oldPid = c.pid();
      c.kill9();
      assertThat(c.isAlive()).isFalse();
      assertThat(c.process().exitValue()).isEqualTo(137);
      assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
      c.restart();
      assertThat(c.pid()).isNotEqualTo(oldPid);
      try (Resp r = c.connect()) {
        assertThat(r.send("GET", "durable")).isEqualTo(Resp.bulk("1")); // AOF (fsync everysec) survived
      }
    }
  }

  @Test
  void startFailureShowsLog() {
    assertThatThrownBy(() -> ServerProcess.redis().name("self-bad").arg("no-such-directive", "1")
        .startupTimeout(Duration.ofSeconds(20)).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-directive")
        .hasMessageContaining("Bad directive or wrong number of arguments");
  }
}
