package io.vigil.command;

import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * BZPOPMIN/BZPOPMAX/BZMPOP with concurrent clients: every scenario runs against real Redis 7.0 and Vigil
 * and both must produce the same replies (first come first served, timeouts, MULTI, type changes).
 */
class ZSetBlockingTest {
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

    /** One server: how to connect and how many clients are blocked. */
    private record Server(String name, Supplier<Resp> connect, IntSupplier blocked) {
    }

    private static List<Server> servers() {
        Server r = new Server("redis", () -> Resp.connect(redis), () -> {
            try (Resp c = Resp.connect(redis)) {
                String info = c.send("INFO", "clients").asString();
                for (String line : info.split("\r\n")) {
                    if (line.startsWith("blocked_clients:")) {
                        return Integer.parseInt(line.substring("blocked_clients:".length()));
                    }
                }
                throw new IllegalStateException("no blocked_clients in INFO");
            }
        });
        Server v = new Server("vigil", vigil::connect,
                () -> ZSetSupport.onMain(vigil, () -> vigil.node().engine().blockedClients()));
        return List.of(r, v);
    }

    /** Runs {@code scenario} on both servers and asserts it produced the same transcript. */
    private static void sameOnBoth(Function<Server, List<String>> scenario) {
        List<List<String>> results = new ArrayList<>();
        for (Server s : servers()) {
            results.add(scenario.apply(s));
        }
        assertThat(results.get(1)).as("vigil vs redis").isEqualTo(results.get(0));
    }

    private static void awaitBlocked(Server s, int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> s.blocked().getAsInt() == n);
    }

    private static String quiet(Resp c) {
        return c.pollReply(Duration.ofMillis(150)).map(Object::toString).orElse("<still blocked>");
    }

    @Test
    void clientsAreServedFirstComeFirstServed() {
        sameOnBoth(s -> {
            List<String> out = new ArrayList<>();
            try (Resp c1 = s.connect().get(); Resp c2 = s.connect().get(); Resp c3 = s.connect().get();
                 Resp p = s.connect().get()) {
                c1.write("BZPOPMIN", "k", "0");
                awaitBlocked(s, 1);
                c2.write("BZPOPMIN", "k", "0");
                awaitBlocked(s, 2);
                c3.write("BZPOPMIN", "other", "k", "0");
                awaitBlocked(s, 3);
                out.add(p.send("ZADD", "k", "2", "b", "1", "a").toString());
                out.add(c1.readReply().toString());
                out.add(c2.readReply().toString());
                out.add(quiet(c3));
                out.add(p.send("ZADD", "k", "3.5", "c").toString());
                out.add(c3.readReply().toString());
                out.add(p.send("ZCARD", "k").toString());
                awaitBlocked(s, 0);
            }
            return out;
        });
    }

    @Test
    void popMaxFromTheKeyThatGotData() {
        sameOnBoth(s -> {
            List<String> out = new ArrayList<>();
            try (Resp c = s.connect().get(); Resp p = s.connect().get()) {
                c.send("HELLO", "3");
                c.write("BZPOPMAX", "k1", "k2", "0");
                awaitBlocked(s, 1);
                out.add(p.send("ZADD", "k2", "1", "a", "5", "e", "3", "c").toString());
                out.add(c.readReply().toString());
                out.add(p.send("ZRANGE", "k2", "0", "-1", "WITHSCORES").toString());
            }
            return out;
        });
    }

    @Test
    void bzmpopIsServedWithItsCount() {
        sameOnBoth(s -> {
            List<String> out = new ArrayList<>();
            try (Resp c = s.connect().get(); Resp c3 = s.connect().get(); Resp p = s.connect().get()) {
                c3.send("HELLO", "3");
                c.write("BZMPOP", "0", "2", "k1", "k2", "MIN", "COUNT", "2");
                awaitBlocked(s, 1);
                c3.write("BZMPOP", "0", "1", "k2", "MAX", "COUNT", "5");
                awaitBlocked(s, 2);
                out.add(p.send("ZADD", "k2", "1", "a", "2", "b", "3", "c", "4", "d").toString());
                out.add(c.readReply().toString());
                out.add(c3.readReply().toString());
                out.add(p.send("ZCARD", "k2").toString());
            }
            return out;
        });
    }

    @Test
    void timeoutRepliesANullArray() {
        sameOnBoth(s -> {
            List<String> out = new ArrayList<>();
            try (Resp c = s.connect().get(); Resp c3 = s.connect().get()) {
                c3.send("HELLO", "3");
                c.write("BZPOPMIN", "nokey", "0.05");
                c3.write("BZMPOP", "0.05", "1", "nokey", "MAX");
                out.add(c.readReply().toString());
                out.add(c3.readReply().toString());
                awaitBlocked(s, 0);
                out.add(c.send("BZPOPMAX", "nokey", "0.01").toString());
            }
            return out;
        });
    }

    @Test
    void aTransactionServesTheFinalState() {
        sameOnBoth(s -> {
            List<String> out = new ArrayList<>();
            try (Resp c = s.connect().get(); Resp p = s.connect().get()) {
                c.write("BZPOPMIN", "k", "0");
                awaitBlocked(s, 1);
                out.add(p.send("MULTI").toString());
                p.send("ZADD", "k", "1", "a");
                p.send("ZREM", "k", "a");
                p.send("ZADD", "k", "7", "b", "8", "c");
                out.add(p.send("EXEC").toString());
                out.add(c.readReply().toString());
                out.add(p.send("ZRANGE", "k", "0", "-1").toString());
            }
            return out;
        });
    }

    @Test
    void aKeyOfAnotherTypeKeepsTheClientBlocked() {
        sameOnBoth(s -> {
            List<String> out = new ArrayList<>();
            try (Resp c = s.connect().get(); Resp p = s.connect().get()) {
                c.write("BZPOPMIN", "k", "other", "0");
                awaitBlocked(s, 1);
                out.add(p.send("SET", "k", "x").toString());
                out.add(quiet(c));
                out.add(p.send("ZADD", "other", "1", "m").toString());
                out.add(c.readReply().toString());
                out.add(c.send("BZPOPMIN", "k", "0").toString());
            }
            return out;
        });
    }

    @Test
    void watchOnAKeyThatWasNotPoppedDoesNotFailExec() {
        sameOnBoth(s -> {
            List<String> out = new ArrayList<>();
            try (Resp w = s.connect().get(); Resp p = s.connect().get()) {
                out.add(p.send("ZADD", "k1", "1", "a", "2", "b", "3", "c").toString());
                out.add(w.send("WATCH", "k2", "k3").toString());
                out.add(p.send("BZPOPMIN", "k2", "k1", "0").toString());
                out.add(p.send("ZMPOP", "2", "k3", "k1", "MAX").toString());
                out.add(p.send("BZMPOP", "0", "3", "k2", "k3", "k1", "MIN", "COUNT", "1").toString());
                out.add(w.send("MULTI").toString());
                out.add(w.send("PING").toString());
                out.add(w.send("EXEC").toString());
                // the popped key itself is signalled
                out.add(p.send("ZADD", "k1", "1", "a").toString());
                out.add(w.send("WATCH", "k1").toString());
                out.add(p.send("BZPOPMAX", "k2", "k1", "0").toString());
                out.add(w.send("MULTI").toString());
                out.add(w.send("PING").toString());
                out.add(w.send("EXEC").toString());
            }
            return out;
        });
    }

    @Test
    void aServedBlockedPopSignalsOnlyTheKeyItPopped() {
        sameOnBoth(s -> {
            List<String> out = new ArrayList<>();
            try (Resp c = s.connect().get(); Resp w = s.connect().get(); Resp p = s.connect().get()) {
                c.write("BZMPOP", "0", "2", "k1", "k2", "MIN");
                awaitBlocked(s, 1);
                out.add(w.send("WATCH", "k1").toString());
                out.add(p.send("ZADD", "k2", "1", "a").toString());
                out.add(c.readReply().toString());
                out.add(w.send("MULTI").toString());
                out.add(w.send("PING").toString());
                out.add(w.send("EXEC").toString());
                c.write("BZPOPMAX", "k1", "k2", "0");
                awaitBlocked(s, 1);
                out.add(w.send("WATCH", "k1").toString());
                out.add(p.send("ZADD", "k2", "2", "b").toString());
                out.add(c.readReply().toString());
                out.add(w.send("MULTI").toString());
                out.add(w.send("PING").toString());
                out.add(w.send("EXEC").toString());
            }
            return out;
        });
    }

    @Test
    void aBlockedPopIsServedFromTheKeyThatBecameReadyFirst() {
        sameOnBoth(s -> {
            List<String> out = new ArrayList<>();
            try (Resp c = s.connect().get(); Resp p = s.connect().get()) {
                c.write("BZPOPMIN", "k1", "k2", "0");
                awaitBlocked(s, 1);
                out.add(p.send("MULTI").toString());
                out.add(p.send("ZADD", "k2", "5", "b").toString());
                out.add(p.send("ZADD", "k1", "1", "a").toString());
                out.add(p.send("EXEC").toString());
                out.add(c.readReply().toString());
                c.write("BZMPOP", "0", "2", "k3", "k4", "MAX", "COUNT", "2");
                awaitBlocked(s, 1);
                out.add(p.send("MULTI").toString());
                out.add(p.send("SET", "k3", "str").toString());
                out.add(p.send("ZADD", "k4", "1", "x", "2", "y", "3", "z").toString());
                out.add(p.send("EXEC").toString());
                out.add(c.readReply().toString());
            }
            return out;
        });
    }

    @Test
    void servedBlockingPopsPropagateAsPlainPops() {
        List<String> log = new CopyOnWriteArrayList<>();
        ZSetSupport.onMain(vigil, () -> {
            vigil.node().engine().propagator((db, argv) -> {
                List<String> words = new ArrayList<>();
                for (byte[] a : argv) {
                    words.add(new String(a, StandardCharsets.UTF_8));
                }
                log.add(String.join(" ", words));
            });
            return null;
        });
        try (Resp c = vigil.connect(); Resp p = vigil.connect()) {
            p.send("ZADD", "k", "1", "a", "2", "b", "3", "c", "4", "d");
            c.send("BZPOPMIN", "k", "0");
            c.send("BZPOPMAX", "nokey", "k", "0");
            c.send("BZMPOP", "0", "1", "k", "MIN", "COUNT", "5");
            p.send("ZADD", "k", "1", "a", "2", "b");
            c.send("ZMPOP", "1", "k", "MAX");
            c.write("BZPOPMAX", "k2", "0");
            Server v = servers().get(1);
            awaitBlocked(v, 1);
            p.send("ZADD", "k2", "9", "z");
            c.readReply();
            c.write("BZMPOP", "0", "1", "k3", "MAX", "COUNT", "3");
            awaitBlocked(v, 1);
            p.send("ZADD", "k3", "9", "z");
            c.readReply();
        } finally {
            ZSetSupport.onMain(vigil, () -> {
                vigil.node().engine().propagator(Propagator.NONE);
                return null;
            });
        }
        assertThat(log).containsExactly(
                "ZADD k 1 a 2 b 3 c 4 d",
                "ZPOPMIN k",
                "ZPOPMAX k",
                "ZPOPMIN k 5",
                "ZADD k 1 a 2 b",
                "ZPOPMAX k 1",
                "ZADD k2 9 z",
                "ZPOPMAX k2",
                "ZADD k3 9 z",
                "ZPOPMAX k3 3");
    }
}
