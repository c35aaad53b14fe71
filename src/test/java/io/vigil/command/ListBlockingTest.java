package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vigil.testing.EffectsRig;
import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.Jedis;

/**
 * Blocking list commands with several clients, each scenario run against real Redis 7.0 and Vigil with the
 * same expectations: FIFO service, timeouts, disconnects while blocked, wake-ups from MULTI/EXEC and from
 * LMOVE/RPOPLPUSH, serving from the key that became ready, keys of another type, and (through the
 * differential rig) the events and propagation of a push that serves blocked clients. No sleeps: every
 * wait is on a condition (Awaitility) or on a reply.
 */
class ListBlockingTest {
    private static EffectsRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = ListDifferentialTest.startRig();
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @BeforeEach
    void flush() throws Exception {
        rig.flush();
    }

    /** One of the two servers. */
    private interface Server {
        Resp connect();

        int blocked() throws Exception;

        String name();
    }

    private static final Server REDIS = new Server() {
        @Override
        public Resp connect() {
            return rig.redisConnection();
        }

        @Override
        public int blocked() {
            return rig.redisBlocked();
        }

        @Override
        public String name() {
            return "redis";
        }
    };

    private static final Server VIGIL = new Server() {
        @Override
        public Resp connect() {
            return rig.vigilConnection();
        }

        @Override
        public int blocked() throws Exception {
            return rig.vigilBlocked();
        }

        @Override
        public String name() {
            return "vigil";
        }
    };

    private static final List<Server> SERVERS = List.of(REDIS, VIGIL);

    private static void awaitBlocked(Server s, int n) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                .until(() -> s.blocked() == n);
    }

    private static String show(Reply r) {
        return r.toString();
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void clientsAreServedFirstComeFirstServed() throws Exception {
        for (Server s : SERVERS) {
            List<Resp> clients = new ArrayList<>();
            try (Resp pusher = s.connect()) {
                for (int i = 0; i < 4; i++) {
                    Resp c = s.connect();
                    clients.add(c);
                    c.write("BLPOP", "fifo", "0");
                    awaitBlocked(s, i + 1);
                }
                assertThat(pusher.send("RPUSH", "fifo", "one").asLong()).as(s.name()).isEqualTo(1);
                assertThat(show(clients.get(0).readReply())).as(s.name()).isEqualTo("[\"fifo\", \"one\"]");
                awaitBlocked(s, 3);
                assertThat(pusher.send("RPUSH", "fifo", "a", "b", "c", "d").asLong()).as(s.name()).isEqualTo(4);
                assertThat(show(clients.get(1).readReply())).as(s.name()).isEqualTo("[\"fifo\", \"a\"]");
                assertThat(show(clients.get(2).readReply())).as(s.name()).isEqualTo("[\"fifo\", \"b\"]");
                assertThat(show(clients.get(3).readReply())).as(s.name()).isEqualTo("[\"fifo\", \"c\"]");
                assertThat(show(pusher.send("LRANGE", "fifo", "0", "-1"))).as(s.name()).isEqualTo("[\"d\"]");
                assertThat(s.blocked()).isZero();
            } finally {
                clients.forEach(Resp::close);
            }
        }
    }

    @Test
    void fifoOrderHoldsAcrossKeysAndCommands() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp b = s.connect(); Resp c = s.connect(); Resp p = s.connect()) {
                a.write("BRPOP", "k1", "k2", "0");
                awaitBlocked(s, 1);
                b.write("BLMPOP", "0", "1", "k2", "LEFT", "COUNT", "2");
                awaitBlocked(s, 2);
                c.write("BLMOVE", "k2", "dst", "RIGHT", "LEFT", "0");
                awaitBlocked(s, 3);
                p.send("RPUSH", "k2", "x", "y", "z", "w");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"k2\", \"w\"]");
                assertThat(show(b.readReply())).as(s.name()).isEqualTo("[\"k2\", [\"x\", \"y\"]]");
                assertThat(show(c.readReply())).as(s.name()).isEqualTo("\"z\"");
                assertThat(show(p.send("LRANGE", "dst", "0", "-1"))).as(s.name()).isEqualTo("[\"z\"]");
                assertThat(p.send("LLEN", "k2").asLong()).as(s.name()).isZero();
            }
        }
    }

    @Test
    void aKeyNamedTwiceServesOnceAndSeveralReadyKeysServeEveryone() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp b = s.connect(); Resp c = s.connect(); Resp p = s.connect()) {
                a.write("BLPOP", "dup", "dup", "0");
                awaitBlocked(s, 1);
                p.send("RPUSH", "dup", "1", "2");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"dup\", \"1\"]");
                assertThat(show(p.send("LRANGE", "dup", "0", "-1"))).as(s.name()).isEqualTo("[\"2\"]");
                b.write("BLPOP", "x", "0");
                awaitBlocked(s, 1);
                c.write("BRPOP", "y", "0");
                awaitBlocked(s, 2);
                p.send("MULTI");
                p.send("RPUSH", "y", "for-c");
                p.send("RPUSH", "x", "for-b");
                p.send("EXEC");
                assertThat(show(b.readReply())).as(s.name()).isEqualTo("[\"x\", \"for-b\"]");
                assertThat(show(c.readReply())).as(s.name()).isEqualTo("[\"y\", \"for-c\"]");
                assertThat(s.blocked()).as(s.name()).isZero();
            }
        }
    }

    @Test
    void listsArrivingByRenameCopyMoveOrSwapdbServeWaitingClients() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp p = s.connect()) {
                a.write("BLPOP", "renamed", "0");
                awaitBlocked(s, 1);
                p.send("RPUSH", "src", "r");
                p.send("RENAME", "src", "renamed");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"renamed\", \"r\"]");

                a.write("BLPOP", "copied", "0");
                awaitBlocked(s, 1);
                p.send("RPUSH", "src", "c");
                p.send("COPY", "src", "copied");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"copied\", \"c\"]");
                assertThat(show(p.send("LRANGE", "src", "0", "-1"))).as(s.name()).isEqualTo("[\"c\"]");

                a.send("SELECT", "5");
                a.write("BLPOP", "moved", "0");
                awaitBlocked(s, 1);
                p.send("RPUSH", "moved", "m");
                p.send("MOVE", "moved", "5");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"moved\", \"m\"]");

                a.write("BLPOP", "swapped", "0");
                awaitBlocked(s, 1);
                p.send("RPUSH", "swapped", "s");
                p.send("SWAPDB", "0", "5");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"swapped\", \"s\"]");
            }
        }
    }

    @Test
    void timeoutsAnswerNullAfterAboutTheirTime() {
        for (Server s : SERVERS) {
            try (Resp c = s.connect()) {
                long t0 = System.nanoTime();
                assertThat(show(c.send("BLPOP", "none", "0.2"))).as(s.name()).isEqualTo("(nil array)");
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(ms).as(s.name()).isBetween(150L, 5000L);
                assertThat(show(c.send("BRPOP", "none", "other", "0.05"))).as(s.name()).isEqualTo("(nil array)");
                assertThat(show(c.send("BLMOVE", "none", "d", "LEFT", "LEFT", "0.05"))).as(s.name())
                        .isEqualTo("(nil array)");
                assertThat(show(c.send("BRPOPLPUSH", "none", "d", "0.05"))).as(s.name()).isEqualTo("(nil array)");
                assertThat(show(c.send("BLMPOP", "0.05", "2", "none", "x", "RIGHT"))).as(s.name())
                        .isEqualTo("(nil array)");
                c.send("HELLO", "3");
                assertThat(show(c.send("BLPOP", "none", "0.01"))).as(s.name()).isEqualTo("(null)");
                assertThat(show(c.send("BLMOVE", "none", "d", "LEFT", "LEFT", "0.01"))).as(s.name())
                        .isEqualTo("(null)");
            }
        }
    }

    @Test
    void aClientThatTimedOutOrDisconnectedLosesItsPlace() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp b = s.connect(); Resp c = s.connect(); Resp p = s.connect()) {
                a.write("BLPOP", "q", "1"); // long enough for b and c to queue behind it on a busy machine
                awaitBlocked(s, 1);
                b.write("BLPOP", "q", "0");
                awaitBlocked(s, 2);
                c.write("BLPOP", "q", "0");
                awaitBlocked(s, 3);
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("(nil array)");
                awaitBlocked(s, 2);
                b.close();
                awaitBlocked(s, 1);
                p.send("RPUSH", "q", "v1", "v2");
                assertThat(show(c.readReply())).as(s.name()).isEqualTo("[\"q\", \"v1\"]");
                assertThat(show(p.send("LRANGE", "q", "0", "-1"))).as(s.name()).isEqualTo("[\"v2\"]");
            }
        }
    }

    @Test
    void disconnectingWhileBlockedLeavesNothingBehind() throws Exception {
        for (Server s : SERVERS) {
            try (Resp p = s.connect()) {
                Resp a = s.connect();
                a.write("BLMOVE", "gone", "dst", "LEFT", "RIGHT", "0");
                awaitBlocked(s, 1);
                a.close();
                awaitBlocked(s, 0);
                p.send("RPUSH", "gone", "kept");
                assertThat(show(p.send("LRANGE", "gone", "0", "-1"))).as(s.name()).isEqualTo("[\"kept\"]");
                assertThat(p.send("LLEN", "dst").asLong()).as(s.name()).isZero();
            }
        }
    }

    @Test
    void pushesInsideMultiExecWakeBlockedClientsAfterExec() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp b = s.connect(); Resp p = s.connect()) {
                a.write("BLPOP", "m", "0");
                awaitBlocked(s, 1);
                b.write("BRPOP", "m", "0");
                awaitBlocked(s, 2);
                p.send("MULTI");
                p.send("RPUSH", "m", "1");
                p.send("RPUSH", "m", "2", "3");
                p.send("LPOP", "m");
                assertThat(show(p.send("EXEC"))).as(s.name()).isEqualTo("[:1, :3, \"1\"]");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"m\", \"2\"]");
                assertThat(show(b.readReply())).as(s.name()).isEqualTo("[\"m\", \"3\"]");
                // A transaction that pushes and pops everything leaves the client blocked.
                a.write("BLPOP", "m", "0");
                awaitBlocked(s, 1);
                p.send("MULTI");
                p.send("RPUSH", "m", "x");
                p.send("RPOP", "m");
                p.send("EXEC");
                assertThat(a.pollReply(Duration.ofMillis(100))).as(s.name()).isEmpty();
                assertThat(s.blocked()).as(s.name()).isEqualTo(1);
                p.send("LPUSH", "m", "y");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"m\", \"y\"]");
            }
        }
    }

    @Test
    void theClientIsServedFromTheKeyThatBecameReady() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp b = s.connect(); Resp p = s.connect()) {
                a.write("BLPOP", "first", "second", "0");
                awaitBlocked(s, 1);
                b.write("BLMPOP", "0", "2", "first", "second", "RIGHT", "COUNT", "5");
                awaitBlocked(s, 2);
                p.send("MULTI");
                p.send("RPUSH", "second", "s1", "s2", "s3");
                p.send("RPUSH", "first", "f1");
                p.send("EXEC");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"second\", \"s1\"]");
                assertThat(show(b.readReply())).as(s.name()).isEqualTo("[\"second\", [\"s3\", \"s2\"]]");
                assertThat(show(p.send("LRANGE", "first", "0", "-1"))).as(s.name()).isEqualTo("[\"f1\"]");
            }
        }
    }

    @Test
    void lmoveAndRpoplpushIntoAWaitedKeyServeIt() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp b = s.connect(); Resp p = s.connect()) {
                a.write("BLPOP", "dst", "0");
                awaitBlocked(s, 1);
                p.send("RPUSH", "src", "v1", "v2");
                assertThat(show(p.send("LMOVE", "src", "dst", "LEFT", "RIGHT"))).as(s.name()).isEqualTo("\"v1\"");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"dst\", \"v1\"]");
                b.write("BRPOP", "dst", "0");
                awaitBlocked(s, 1);
                assertThat(show(p.send("RPOPLPUSH", "src", "dst"))).as(s.name()).isEqualTo("\"v2\"");
                assertThat(show(b.readReply())).as(s.name()).isEqualTo("[\"dst\", \"v2\"]");
                assertThat(p.send("LLEN", "dst").asLong()).as(s.name()).isZero();
            }
        }
    }

    @Test
    void servedBlmoveChainsToClientsBlockedOnItsDestination() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp b = s.connect(); Resp c = s.connect(); Resp p = s.connect()) {
                a.write("BLMOVE", "c1", "c2", "LEFT", "RIGHT", "0");
                awaitBlocked(s, 1);
                b.write("BRPOPLPUSH", "c2", "c3", "0");
                awaitBlocked(s, 2);
                c.write("BLPOP", "c3", "0");
                awaitBlocked(s, 3);
                p.send("RPUSH", "c1", "hop");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("\"hop\"");
                assertThat(show(b.readReply())).as(s.name()).isEqualTo("\"hop\"");
                assertThat(show(c.readReply())).as(s.name()).isEqualTo("[\"c3\", \"hop\"]");
                for (String k : new String[] {"c1", "c2", "c3"}) {
                    assertThat(p.send("LLEN", k).asLong()).as(s.name() + " " + k).isZero();
                }
            }
        }
    }

    @Test
    void aKeyOfAnotherTypeKeepsTheClientBlocked() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp p = s.connect()) {
                a.write("BLPOP", "typed", "1.5");
                awaitBlocked(s, 1);
                p.send("SET", "typed", "string");
                assertThat(a.pollReply(Duration.ofMillis(50))).as(s.name()).isEmpty();
                assertThat(s.blocked()).as(s.name()).isEqualTo(1);
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("(nil array)");
            }
        }
    }

    @Test
    void aServedBlmoveWithADestinationOfAnotherTypeGetsWrongtype() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp p = s.connect()) {
                a.write("BLMOVE", "from", "to", "LEFT", "LEFT", "0");
                awaitBlocked(s, 1);
                p.send("SET", "to", "string");
                p.send("RPUSH", "from", "x", "y");
                assertThat(show(a.readReply())).as(s.name())
                        .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value");
                awaitBlocked(s, 0);
                assertThat(show(p.send("LRANGE", "from", "0", "-1"))).as(s.name()).isEqualTo("[\"x\", \"y\"]");
            }
        }
    }

    @Test
    void pushesToTheSameKeyInAnotherDatabaseDoNotWake() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect(); Resp p = s.connect()) {
                a.send("SELECT", "3");
                a.write("BLPOP", "dbk", "0");
                awaitBlocked(s, 1);
                p.send("RPUSH", "dbk", "db0");
                assertThat(a.pollReply(Duration.ofMillis(50))).as(s.name()).isEmpty();
                p.send("SELECT", "3");
                p.send("RPUSH", "dbk", "db3");
                assertThat(show(a.readReply())).as(s.name()).isEqualTo("[\"dbk\", \"db3\"]");
                p.send("SELECT", "0");
                assertThat(p.send("LLEN", "dbk").asLong()).as(s.name()).isEqualTo(1);
            }
        }
    }

    @Test
    void blockingCommandsInsideMultiDoNotBlock() throws Exception {
        for (Server s : SERVERS) {
            try (Resp a = s.connect()) {
                a.send("MULTI");
                a.send("BLPOP", "none", "0");
                a.send("BLMOVE", "none", "x", "LEFT", "LEFT", "0");
                a.send("BLMPOP", "0", "1", "none", "LEFT");
                assertThat(show(a.send("EXEC"))).as(s.name()).isEqualTo("[(nil array), (nil), (nil array)]");
                assertThat(s.blocked()).as(s.name()).isZero();
            }
        }
    }

    @Test
    void watchIsTouchedOnlyByTheKeyActuallyPopped() throws Exception {
        for (Server s : SERVERS) {
            try (Resp w = s.connect(); Resp p = s.connect()) {
                p.send("RPUSH", "popped", "v");
                w.send("WATCH", "untouched");
                assertThat(show(p.send("BLPOP", "untouched", "popped", "0"))).as(s.name())
                        .isEqualTo("[\"popped\", \"v\"]");
                w.send("MULTI");
                w.send("PING");
                assertThat(show(w.send("EXEC"))).as(s.name()).isEqualTo("[+PONG]");
                p.send("RPUSH", "popped", "v");
                w.send("WATCH", "untouched");
                p.send("LMPOP", "2", "untouched", "popped", "LEFT");
                w.send("MULTI");
                w.send("PING");
                assertThat(show(w.send("EXEC"))).as(s.name()).isEqualTo("[+PONG]");
                p.send("RPUSH", "popped", "v");
                w.send("WATCH", "popped");
                p.send("LTRIM", "popped", "0", "-1");
                w.send("MULTI");
                w.send("PING");
                assertThat(show(w.send("EXEC"))).as(s.name()).isEqualTo("(nil array)");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Replies, events, dirty count and propagation of a push that serves blocked clients, through the rig

    @Test
    void servedBlockingCommandsPropagateAsTheirNonBlockingForms() throws Exception {
        try (Resp ra = rig.redisConnection(); Resp va = rig.vigilConnection();
             Resp rb = rig.redisConnection(); Resp vb = rig.vigilConnection();
             Resp rc = rig.redisConnection(); Resp vc = rig.vigilConnection();
             Resp rd = rig.redisConnection(); Resp vd = rig.vigilConnection();
             Resp re = rig.redisConnection(); Resp ve = rig.vigilConnection()) {
            String[][] blockers = {
                {"BLPOP", "w1", "w2", "0"},
                {"BLMPOP", "0", "1", "w3", "RIGHT", "COUNT", "2"},
                {"BLMOVE", "w4", "w5", "right", "left", "0"},
                {"BRPOPLPUSH", "w6", "w7", "0"},
                {"BRPOP", "w8", "0"},
            };
            Resp[][] pairs = {{ra, va}, {rb, vb}, {rc, vc}, {rd, vd}, {re, ve}};
            for (int i = 0; i < blockers.length; i++) {
                pairs[i][0].write(blockers[i]);
                awaitBlocked(REDIS, i + 1);
                pairs[i][1].write(blockers[i]);
                awaitBlocked(VIGIL, i + 1);
            }
            rig.run("RPUSH w2 x y",
                    "RPUSH w3 x y z",
                    "RPUSH w4 x y z",
                    "RPUSH w6 x y z",
                    "MULTI",
                    "RPUSH w8 a",
                    "LPUSH w8 b",
                    "EXEC");
            for (Resp[] pair : pairs) {
                assertThat(show(pair[1].readReply())).isEqualTo(show(pair[0].readReply()));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Real clients

    @Test
    void jedisThreadsBlockedOnALists() throws Exception {
        for (Server s : SERVERS) {
            int port = s == REDIS ? portOf(REDIS) : rig.node().port();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try (Jedis pusher = new Jedis("127.0.0.1", port)) {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Callable<List<String>> task = () -> {
                        try (Jedis j = new Jedis("127.0.0.1", port)) {
                            return j.blpop(0, "jobs");
                        }
                    };
                    results.add(pool.submit(task));
                    awaitBlocked(s, i + 1);
                }
                pusher.rpush("jobs", "j1", "j2", "j3");
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    got.add(String.join("=", results.get(i).get(10, TimeUnit.SECONDS)));
                }
                assertThat(got).as(s.name()).containsExactly("jobs=j1", "jobs=j2", "jobs=j3");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void lettuceAsyncBlockingCommands() throws Exception {
        for (Server s : SERVERS) {
            int port = s == REDIS ? portOf(REDIS) : rig.node().port();
            RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
            try (StatefulRedisConnection<String, String> waiter = client.connect();
                 StatefulRedisConnection<String, String> mover = client.connect();
                 StatefulRedisConnection<String, String> pusher = client.connect()) {
                RedisFuture<KeyValue<String, String>> popped = waiter.async().brpop(0, "lt:a");
                awaitBlocked(s, 1);
                RedisFuture<String> moved = mover.async().blmove("lt:b", "lt:a", LMoveArgs.Builder.leftRight(), 0);
                awaitBlocked(s, 2);
                assertThat(pusher.sync().lpush("lt:b", "e")).isEqualTo(1);
                assertThat(moved.get(10, TimeUnit.SECONDS)).as(s.name()).isEqualTo("e");
                KeyValue<String, String> kv = popped.get(10, TimeUnit.SECONDS);
                assertThat(kv.getKey() + "=" + kv.getValue()).as(s.name()).isEqualTo("lt:a=e");
                assertThat(pusher.sync().blmpop(0.05, io.lettuce.core.LMPopArgs.Builder.left(), "lt:none"))
                        .as(s.name()).isNull();
            } finally {
                client.shutdown();
            }
        }
    }

    private static int portOf(Server s) {
        try (Resp r = s.connect()) {
            return r.port();
        }
    }
}
