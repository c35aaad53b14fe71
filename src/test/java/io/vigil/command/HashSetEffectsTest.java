package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.Differential;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What hash and set commands do besides replying, compared with real Redis 7.0 command by command:
 * keyspace notifications (Redis: a pattern subscription; Vigil: the engine's listener), the change counter
 * (Redis: {@code rdb_changes_since_last_save}; Vigil: {@link Engine#dirty()}) and what is propagated
 * (Redis: its AOF with {@code appendfsync always}; Vigil: the engine's propagator).
 */
class HashSetEffectsTest {
    private static final Pattern CHANGES = Pattern.compile("rdb_changes_since_last_save:(\\d+)");
    private static final String MARKER = "effects-test-marker";

    private static ServerProcess redis;
    private static EmbeddedVigil vigil;
    private static Resp redisCmd;
    private static Resp redisSub;
    private static Resp vigilCmd;
    private static final Queue<String> vigilEvents = new ConcurrentLinkedQueue<>();
    private static final Queue<String> vigilPropagated = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        redis = ServerProcess.redis().arg("appendonly", "yes").arg("appendfsync", "always")
                .arg("notify-keyspace-events", "KEA").start();
        redis.connect().send("CONFIG", "SET", "notify-keyspace-events", "KEAn");
        vigil = EmbeddedVigil.start();
        redisCmd = redis.connect();
        redisSub = redis.connect();
        redisSub.send("PSUBSCRIBE", "__keyevent@0__:*");
        redisSub.send("SUBSCRIBE", MARKER);
        vigilCmd = vigil.connect();
        vigil.node().server().onMain(() -> {
            Engine engine = vigil.node().engine();
            engine.keyspaceEvents((type, event, key, db) -> vigilEvents.add(event + ":" + str(key)));
            engine.propagator((db, argv) -> vigilPropagated.add(join(argv)));
            return null;
        });
    }

    @AfterAll
    static void stop() {
        redisCmd.close();
        redisSub.close();
        vigilCmd.close();
        vigil.close();
        redis.close();
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String join(byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            sb.append(sb.length() == 0 ? "" : " ").append(str(a));
        }
        return sb.toString();
    }

    /** What one command did. */
    record Effects(Resp.Reply reply, List<String> events, long dirty, List<String> propagated) {
    }

    private static long redisChanges() {
        Matcher m = CHANGES.matcher(redisCmd.send("INFO", "persistence").asString());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static Path aofFile() {
        try (Stream<Path> files = Files.list(redis.dir().resolve("appendonlydir"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".incr.aof")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long aofOffset = 0;

    /** The commands appended to Redis's AOF since the last call (SELECT left out). */
    private static List<String> newAofCommands() throws IOException {
        byte[] all = Files.readAllBytes(aofFile());
        List<String> out = new ArrayList<>();
        int p = (int) aofOffset;
        while (p < all.length) {
            int eol = indexOfCrlf(all, p);
            int n = Integer.parseInt(new String(all, p + 1, eol - p - 1, StandardCharsets.US_ASCII));
            p = eol + 2;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                eol = indexOfCrlf(all, p);
                int len = Integer.parseInt(new String(all, p + 1, eol - p - 1, StandardCharsets.US_ASCII));
                p = eol + 2;
                sb.append(i == 0 ? "" : " ").append(new String(all, p, len, StandardCharsets.UTF_8));
                p += len + 2;
            }
            if (!sb.toString().startsWith("SELECT ")) {
                out.add(sb.toString());
            }
        }
        aofOffset = all.length;
        return out;
    }

    private static int indexOfCrlf(byte[] a, int from) {
        for (int i = from; i + 1 < a.length; i++) {
            if (a[i] == '\r' && a[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("truncated AOF");
    }

    private static Effects onRedis(List<byte[]> args) throws IOException {
        long before = redisChanges();
        newAofCommands();
        Resp.Reply reply = redisCmd.send(args.toArray(new byte[0][]));
        List<String> propagated = newAofCommands();
        long dirty = redisChanges() - before;
        redisCmd.send("PUBLISH", MARKER, "x");
        List<String> events = new ArrayList<>();
        while (true) {
            List<Resp.Reply> msg = redisSub.readReply().asList();
            if (msg.get(0).asString().equals("message")) {
                break;
            }
            String channel = msg.get(2).asString();
            events.add(channel.substring(channel.indexOf(':') + 1) + ":" + msg.get(3).asString());
        }
        return new Effects(reply, events, dirty, propagated);
    }

    private static Effects onVigil(List<byte[]> args) throws Exception {
        long before = vigil.node().server().onMain(() -> vigil.node().engine().dirty());
        vigilEvents.clear();
        vigilPropagated.clear();
        Resp.Reply reply = vigilCmd.send(args.toArray(new byte[0][]));
        long dirty = vigil.node().server().onMain(() -> vigil.node().engine().dirty()) - before;
        return new Effects(reply, new ArrayList<>(vigilEvents), dirty, new ArrayList<>(vigilPropagated));
    }

    /**
     * Runs each line on both and compares reply, notifications, change count and propagation; a line
     * starting with {@code !} is a setup command of another family, run on both without comparing.
     */
    private static void same(String script) throws Exception {
        for (String line : script.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            boolean setup = line.strip().startsWith("!");
            List<byte[]> args = Differential.splitArgs(line.strip().substring(setup ? 1 : 0));
            Effects r = onRedis(args);
            Effects v = onVigil(args);
            if (!setup) {
                assertThat(v).as(line).isEqualTo(r);
            }
        }
    }

    @Test
    void hashCommands() throws Exception {
        same("""
                HSET h a 1 b 2 a 3
                HSET h a 1
                HMSET h a 1 c 5
                HSETNX h a 1
                HSETNX h z 1
                HSETNX hn z 1
                HDEL hn z
                HDEL h a a b x
                HDEL h nope
                HDEL nokey a
                HINCRBY h n 5
                HINCRBY h n x
                HINCRBY h c 9223372036854775807
                HINCRBYFLOAT h n 1.5
                HINCRBYFLOAT h n 1e3
                HINCRBYFLOAT h n x
                HINCRBYFLOAT h z abc
                HINCRBY h2 f 1
                HINCRBYFLOAT h3 f 0.25
                HGET h n
                HGETALL h
                HRANDFIELD h 0
                HSCAN h 0
                HDEL h c n z
                HDEL h2 f
                HDEL h3 f
                !SET str x
                HSET str a b
                HDEL str a
                """);
    }

    @Test
    void setCommands() throws Exception {
        same("""
                SADD s 1 2 2 3
                SADD s 1
                SREM s 1 1 9
                SREM s 9
                SADD s x
                SREM s 2 3 x
                SADD s 1 2 3
                SPOP s 0
                SPOP s 10
                SPOP nokey
                SPOP nokey 5
                SADD s 7
                SPOP s
                SADD s 1 2 3
                SMOVE s d 1
                SMOVE s d 1
                SADD s 1
                SMOVE s d 1
                SMOVE s s 2
                SMOVE s d 2
                SMOVE s d 3
                SMOVE nokey d 3
                SINTERSTORE x d
                SINTERSTORE x d nokey
                SINTERSTORE x d nokey
                SUNIONSTORE x d
                SUNIONSTORE x nokey
                SDIFFSTORE x d d
                SDIFFSTORE x d
                SDIFFSTORE x d d
                SADD a 1
                !EXPIRE a 100
                SINTERSTORE a d
                !TTL a
                SINTERCARD 1 d
                SMEMBERS d
                !SET str x
                SADD str a
                SINTERSTORE str d
                SMEMBERS str
                """);
    }

    @Test
    void randomPopsPropagateAsRedisDoes() throws Exception {
        for (String count : new String[] {"1", "2", "5"}) {
            same("SADD p" + count + " 1 2 3 4 5 6 7 8 9 10");
            List<byte[]> args = Differential.splitArgs("SPOP p" + count + " " + count);
            Effects r = onRedis(args);
            Effects v = onVigil(args);
            assertThat(v.events()).isEqualTo(r.events());
            assertThat(v.dirty()).isEqualTo(r.dirty());
            assertThat(v.propagated()).hasSameSizeAs(r.propagated());
            // One SREM per member, wrapped in MULTI/EXEC when more than one.
            List<String> expected = new ArrayList<>();
            List<Resp.Reply> popped = v.reply().asList();
            if (popped.size() > 1) {
                expected.add("MULTI");
            }
            for (Resp.Reply m : popped) {
                expected.add("SREM p" + count + " " + m.asString());
            }
            if (popped.size() > 1) {
                expected.add("EXEC");
            }
            assertThat(v.propagated()).isEqualTo(expected);
            // Resynchronize Redis with Vigil's remaining members.
            onRedis(Differential.splitArgs("DEL p" + count));
        }
        same("SADD one a b");
        Effects r = onRedis(Differential.splitArgs("SPOP one"));
        Effects v = onVigil(Differential.splitArgs("SPOP one"));
        assertThat(v.events()).isEqualTo(r.events());
        assertThat(v.dirty()).isEqualTo(1);
        assertThat(v.propagated()).containsExactly("SREM one " + v.reply().asString());
    }
}
