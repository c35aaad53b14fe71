package io.vigil.command;

import io.vigil.keyspace.Database;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import io.vigil.types.RedisValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyspace notifications of the sorted set commands (compared with the events real Redis 7.0 publishes),
 * plain sets as inputs of ZUNION/ZINTER/ZDIFF (scores 1), and memory accounting through the commands.
 */
class ZSetEventsAndInputsTest {
    private static ServerProcess redis;
    private static EmbeddedVigil vigil;

    @BeforeAll
    static void start() {
        redis = ServerProcess.redis().start();
        vigil = EmbeddedVigil.start();
    }

    @AfterAll
    static void stop() {
        vigil.close();
        redis.close();
    }

    @BeforeEach
    void flush() {
        ZSetSupport.flush(redis, vigil);
    }

    private static final String[][] SCRIPT = {
        {"ZADD", "z", "1", "a", "2", "b", "3", "c"},
        {"ZADD", "z", "1", "a"},
        {"ZADD", "z", "INCR", "1", "a"},
        {"ZINCRBY", "z", "1", "b"},
        {"ZREM", "z", "nope"},
        {"ZREM", "z", "a"},
        {"ZPOPMIN", "z"},
        {"ZPOPMAX", "z", "5"},
        {"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"},
        {"ZREMRANGEBYRANK", "z", "0", "0"},
        {"ZREMRANGEBYSCORE", "z", "2", "2"},
        {"ZREMRANGEBYLEX", "z", "-", "+"},
        {"ZADD", "s1", "1", "a", "2", "b"},
        {"ZUNIONSTORE", "d", "1", "s1"},
        {"ZINTERSTORE", "d", "2", "s1", "nokey"},
        {"ZDIFFSTORE", "d", "1", "s1"},
        {"ZRANGESTORE", "d2", "s1", "0", "0"},
        {"ZRANGESTORE", "d2", "s1", "5", "6"},
        {"ZMPOP", "1", "s1", "MAX", "COUNT", "10"},
        {"ZADD", "b", "1", "x"},
        {"BZPOPMIN", "b", "0"},
    };

    @Test
    void keyspaceEventsMatchRedis() {
        // Redis: the events published on __keyevent@0__:*
        List<String> redisEvents = new ArrayList<>();
        try (Resp sub = Resp.connect(redis); Resp c = Resp.connect(redis)) {
            c.send("CONFIG", "SET", "notify-keyspace-events", "KEA");
            sub.send("PSUBSCRIBE", "__keyevent@0__:*");
            for (String[] cmd : SCRIPT) {
                c.send(cmd);
            }
            c.send("SET", "end", "x");
            while (true) {
                List<Resp.Reply> msg = ((Resp.Arr) sub.readReply()).items();
                String event = msg.get(2).asString().substring("__keyevent@0__:".length());
                String key = msg.get(3).asString();
                if (key.equals("end")) {
                    break;
                }
                redisEvents.add(event + " " + key);
            }
            c.send("CONFIG", "SET", "notify-keyspace-events", "");
        }
        List<String> vigilEvents = new CopyOnWriteArrayList<>();
        ZSetSupport.onMain(vigil, () -> {
            vigil.node().engine().keyspaceEvents((type, event, key, db) ->
                    vigilEvents.add(event + " " + new String(key, StandardCharsets.UTF_8)));
            return null;
        });
        try (Resp c = vigil.connect()) {
            for (String[] cmd : SCRIPT) {
                c.send(cmd);
            }
        } finally {
            ZSetSupport.onMain(vigil, () -> {
                vigil.node().engine().keyspaceEvents(null);
                return null;
            });
        }
        assertThat(vigilEvents).containsExactlyElementsOf(redisEvents);
    }

    /** A stand-in for the set type: a RedisValue of type "set" iterable over its members. */
    static final class FakeSet implements RedisValue, Iterable<byte[]> {
        private final Set<String> members = new LinkedHashSet<>();

        @Override
        public RedisValue copy() {
            throw new UnsupportedOperationException("stand-in values are never copied in these tests");
        }

        FakeSet(String... m) {
            members.addAll(List.of(m));
        }

        @Override
        public String typeName() {
            return "set";
        }

        @Override
        public String encoding() {
            return "hashtable";
        }

        @Override
        public int size() {
            return members.size();
        }

        @Override
        public long memoryUsage() {
            return 64;
        }

        @Override
        public Iterator<byte[]> iterator() {
            return members.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).iterator();
        }
    }

    /** A value of a type that set operations refuse. */
    static final class FakeList implements RedisValue {

        @Override
        public RedisValue copy() {
            throw new UnsupportedOperationException("stand-in values are never copied in these tests");
        }
        @Override
        public String typeName() {
            return "list";
        }

        @Override
        public String encoding() {
            return "quicklist";
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public long memoryUsage() {
            return 64;
        }
    }

    @Test
    void plainSetsCountAsScoreOne() {
        try (Resp r = Resp.connect(redis)) {
            r.send("SADD", "set", "a", "b", "x");
            r.send("SADD", "set2", "b", "y");
            r.send("RPUSH", "list", "a");
        }
        ZSetSupport.onMain(vigil, () -> {
            Database db = vigil.node().engine().keyspace().db(0);
            db.put("set".getBytes(StandardCharsets.UTF_8), new FakeSet("a", "b", "x"));
            db.put("set2".getBytes(StandardCharsets.UTF_8), new FakeSet("b", "y"));
            db.put("list".getBytes(StandardCharsets.UTF_8), new FakeList());
            return null;
        });
        for (int proto : new int[] {2, 3}) {
            ZSetSupport.withDiff(redis, vigil, proto, d -> d.script("""
                    ZADD z 5 a 0.5 b 7 c
                    ZUNION 2 z set WITHSCORES
                    ZUNION 2 set set2 WITHSCORES
                    ZUNION 2 z set WEIGHTS 2 10 AGGREGATE MAX WITHSCORES
                    ZINTER 2 z set WITHSCORES
                    ZINTER 3 set z set2 AGGREGATE MIN WITHSCORES
                    ZINTER 1 set WITHSCORES
                    ZDIFF 2 set z WITHSCORES
                    ZDIFF 2 z set WITHSCORES
                    ZINTERCARD 2 z set
                    ZINTERCARD 2 set set2
                    ZUNIONSTORE dst 3 z set set2
                    ZRANGE dst 0 -1 WITHSCORES
                    ZDIFFSTORE dst 1 set
                    ZRANGE dst 0 -1 WITHSCORES
                    ZUNION 2 z list
                    ZINTER 2 list z
                    ZINTERCARD 2 z list
                    ZRANGE set 0 -1
                    ZADD set 1 a
                    ZCARD list
                    """));
        }
    }

    @Test
    void memoryAccountingFollowsTheCommands() {
        long before = ZSetSupport.onMain(vigil, () -> vigil.node().engine().keyspace().memoryUsage());
        try (Resp c = vigil.connect()) {
            for (int i = 0; i < 300; i++) {
                c.send("ZADD", "z", Integer.toString(i), "member-" + i);
            }
            long mid = ZSetSupport.onMain(vigil, () -> vigil.node().engine().keyspace().memoryUsage());
            assertThat(mid - before).isGreaterThan(300L * 48);
            assertThat(ZSetSupport.encoding(vigil, "z")).isEqualTo("skiplist");
            c.send("ZREMRANGEBYRANK", "z", "0", "149");
            c.send("ZPOPMIN", "z", "100");
            c.send("ZREM", "z", "member-299");
            long late = ZSetSupport.onMain(vigil, () -> vigil.node().engine().keyspace().memoryUsage());
            assertThat(late).isLessThan(mid);
            c.send("ZREMRANGEBYSCORE", "z", "-inf", "+inf");
            assertThat(c.send("ZCARD", "z").toString()).isEqualTo(":0");
        }
        long after = ZSetSupport.onMain(vigil, () -> vigil.node().engine().keyspace().memoryUsage());
        assertThat(after).isEqualTo(before);
    }
}
