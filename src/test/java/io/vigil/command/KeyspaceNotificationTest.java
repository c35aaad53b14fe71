package io.vigil.command;

import io.vigil.testing.Differential;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyspace notifications, differentially: a subscriber to {@code __key*__:*} on real Redis 7.0 and one
 * on Vigil, the same commands run on both, and everything the two subscribers receive compared, for
 * several {@code notify-keyspace-events} settings (including keys that expire through active expiry and
 * keys evicted under {@code maxmemory} with {@code allkeys-random}).
 */
class KeyspaceNotificationTest {
    private static ServerProcess redis;
    private static EmbeddedVigil vigil;
    private static int round;

    @BeforeAll
    static void start() {
        redis = ServerProcess.redis().arg("notify-keyspace-events", "KEA").start();
        vigil = EmbeddedVigil.start("notify-keyspace-events", "KEA");
    }

    @AfterAll
    static void stop() {
        vigil.close();
        redis.close();
    }

    /** Sets {@code notify-keyspace-events} on both servers. */
    private static void flags(String flags) throws Exception {
        try (Resp r = Resp.connect(redis)) {
            assertThat(r.send("CONFIG", "SET", "notify-keyspace-events", flags).toString()).isEqualTo("+OK");
        }
        flags(vigil, flags);
    }

    private static void flags(EmbeddedVigil v, String flags) throws Exception {
        int mask = io.vigil.config.KeyspaceEvents.parse(flags);
        Engine e = v.node().engine();
        v.node().server().onMain(() -> {
            e.settings().notifyKeyspaceEvents(mask);
            return null;
        });
    }

    /** One subscriber per server, to every keyspace and keyevent channel plus an end-of-round channel. */
    private static final class Listener implements AutoCloseable {
        final Resp r;
        final Resp v;
        final String end = "end-of-round";

        Listener(Resp r, Resp v, boolean resp3) {
            this.r = r;
            this.v = v;
            for (Resp c : List.of(r, v)) {
                if (resp3) {
                    c.send("HELLO", "3");
                }
                c.send("PSUBSCRIBE", "__key*__:*");
                c.send("SUBSCRIBE", end);
            }
        }

        /** What {@code c} received up to the end-of-round message published by {@code driver}. */
        List<String> until(Resp c, Resp driver) {
            driver.send("PUBLISH", end, "x");
            List<String> got = new ArrayList<>();
            while (true) {
                Reply m = c.readReply();
                String s = m.toString();
                if (s.contains("\"message\", \"" + end + "\"")) {
                    return got;
                }
                got.add(s);
            }
        }

        @Override
        public void close() {
            r.close();
            v.close();
        }
    }

    /**
     * Runs {@code script} (one command per line) on both servers, comparing the replies, then compares
     * what the two listeners received.
     */
    private static List<String> compare(String script, boolean resp3) {
        try (Listener l = new Listener(Resp.connect(redis), vigil.connect(), resp3);
             Differential d = new Differential(Resp.connect(redis), vigil.connect())) {
            d.script(script);
            List<String> fromRedis = l.until(l.r, d.redis());
            List<String> fromVigil = l.until(l.v, d.vigil());
            assertThat(String.join("\n", fromVigil)).as("notifications for:\n%s", script)
                    .isEqualTo(String.join("\n", fromRedis));
            return fromRedis;
        }
    }

    private static String fresh(String script) {
        round++;
        return script.replace("$K", "k" + round + ":");
    }

    @Test
    void stringCommandsUnderKEA() throws Exception {
        flags("KEA");
        List<String> got = compare(fresh("""
                SET $Ka 1
                SET $Ka 2 EX 100
                SET $Ka 3 KEEPTTL
                SET $Ka 4 NX
                GETEX $Ka PERSIST
                GETEX $Ka PX 50000
                INCR $Kn
                INCRBY $Kn 5
                INCRBYFLOAT $Kn 1.5
                APPEND $Ks abc
                SETRANGE $Ks 1 Z
                MSET $Km1 a $Km2 b
                SETBIT $Kb 3 1
                GETDEL $Ka
                GETDEL $Ka
                GETSET $Kg v
                SETEX $Kx 100 v
                PSETEX $Kx 100000 v
                SETNX $Kx v
                MSETNX $Ky 1 $Kz 2
                """), false);
        assertThat(got).isNotEmpty();
    }

    @Test
    void genericCommands() throws Exception {
        flags("KEA");
        compare(fresh("""
                SET $Ka 1
                EXPIRE $Ka 100
                PEXPIRE $Ka 100000
                EXPIREAT $Ka 4102444800
                PERSIST $Ka
                PERSIST $Ka
                EXPIRE $Ka 0
                SET $Kb 1
                SET $Kc 1
                DEL $Kb $Kc $Kmissing
                SET $Kd 1
                UNLINK $Kd
                SET $Ke 1
                RENAME $Ke $Kf
                SET $Kg 1
                COPY $Kg $Kh
                MOVE $Kh 1
                SELECT 1
                SET $Ki 1
                DEL $Ki $Kh
                SELECT 0
                """), false);
    }

    @Test
    void onlyTheEnabledClassesAndChannelKinds() throws Exception {
        String script = """
                SET $Ka 1
                SET $Ka 2 EX 100
                INCR $Kn
                DEL $Ka $Kn
                GET $Kmissing
                """;
        for (String f : List.of("Kg", "E$", "K$", "Eg", "KE", "A", "g$", "Kgx", "E$g", "KEm", "Am", "KA", "EA")) {
            flags(f);
            compare(fresh(script), false);
        }
        flags("KEA");
    }

    @Test
    void keyMissEventsComeFromReadLookupsOnly() throws Exception {
        flags("KEm");
        compare(fresh("""
                GET $Km
                STRLEN $Km
                GETRANGE $Km 0 -1
                MGET $Km $Km2
                GETEX $Km
                GETDEL $Km
                GETSET $Km v
                DEL $Km
                SET $Km v GET
                DEL $Km
                INCR $Kw
                APPEND $Kw2 x
                SETRANGE $Kw3 2 x
                SETBIT $Kw4 1 1
                GETBIT $Km 1
                BITCOUNT $Km
                BITPOS $Km 1
                BITOP AND $Kdest $Km $Kw4
                LCS $Km $Kw
                SET $Kx 1 NX
                SET $Kx 1 XX
                """), false);
        flags("KEA");
    }

    @Test
    void resp3SubscribersGetPushFramesAndOtherDatabasesTheirOwnChannels() throws Exception {
        flags("KEA");
        compare(fresh("""
                SET $Ka 1
                SELECT 3
                SET $Ka 1 PX 100000
                SELECT 0
                """), true);
    }

    @Test
    void aResp3ClientSeesTheNotificationsOfItsOwnWritesInRedisOrder() throws Exception {
        flags("KEA");
        round++;
        String k = "k" + round + ":";
        List<String> fromRedis;
        List<String> fromVigil;
        try (Resp r = Resp.connect(redis); Resp v = vigil.connect()) {
            fromRedis = ownWrites(r, k);
            fromVigil = ownWrites(v, k);
        }
        assertThat(String.join("\n", fromVigil)).isEqualTo(String.join("\n", fromRedis));
    }

    /** Subscribes in RESP3 and writes on the same connection; everything received up to a PING marker. */
    private static List<String> ownWrites(Resp c, String k) {
        c.send("HELLO", "3");
        c.send("PSUBSCRIBE", "__key*__:" + k + "*");
        c.write("SET", k + "a", "1");
        c.write("MULTI");
        c.write("INCR", k + "n");
        c.write("SET", k + "a", "2", "EX", "100");
        c.write("EXEC");
        c.write("GETDEL", k + "a");
        c.write("PING", "mark");
        List<String> got = new ArrayList<>();
        while (true) {
            String s = c.readReply().toString();
            if (s.equals("\"mark\"")) {
                return got;
            }
            got.add(s);
        }
    }

    @Test
    void keysExpiredByActiveExpiry() throws Exception {
        flags("KEA");
        round++;
        String key = "k" + round + ":expiring";
        try (Listener l = new Listener(Resp.connect(redis), vigil.connect(), false);
             Differential d = new Differential(Resp.connect(redis), vigil.connect())) {
            d.check("SET", key, "v", "PX", "100");
            // Nobody reads the key: only the active expiry cycle can remove it. Wait for its event.
            List<List<String>> got = new ArrayList<>();
            for (Resp c : List.of(l.r, l.v)) {
                List<String> seen = new ArrayList<>();
                while (!seen.contains("[\"pmessage\", \"__key*__:*\", \"__keyevent@0__:expired\", \"" + key + "\"]")) {
                    seen.add(c.readReply().toString());
                }
                got.add(seen);
            }
            assertThat(String.join("\n", got.get(1))).isEqualTo(String.join("\n", got.get(0)));
            assertThat(got.get(0)).hasSize(6); // set, expire, expired: keyspace then keyevent each
            d.check("GET", key);
        }
    }

    @Test
    void keysEvictedUnderMaxmemoryWithAllkeysRandom() throws Exception {
        try (ServerProcess r = ServerProcess.redis().start();
             EmbeddedVigil v = EmbeddedVigil.start("maxmemory-policy", "allkeys-random");
             Resp rc = r.connect();
             Resp vc = v.connect()) {
            byte[] value = new byte[10_000];
            java.util.Arrays.fill(value, (byte) 'v');
            for (int i = 0; i < 100; i++) {
                byte[] k = ("evict:" + i).getBytes(StandardCharsets.US_ASCII);
                assertThat(rc.send("SET".getBytes(), k, value).toString()).isEqualTo("+OK");
                assertThat(vc.send("SET".getBytes(), k, value).toString()).isEqualTo("+OK");
            }
            assertThat(rc.send("CONFIG", "SET", "notify-keyspace-events", "KEe").toString()).isEqualTo("+OK");
            flags(v, "KEe");
            try (Resp rs = r.connect(); Resp vs = v.connect()) {
                for (Resp s : List.of(rs, vs)) {
                    s.send("PSUBSCRIBE", "__key*__:*");
                    s.send("SUBSCRIBE", "eviction-end");
                }
                // Lower maxmemory to about 200 KB under what is used now, then write: keys must go.
                long redisUsed = Long.parseLong(infoMemory(rc, "used_memory"));
                assertThat(rc.send("CONFIG", "SET", "maxmemory-policy", "allkeys-random").toString()).isEqualTo("+OK");
                assertThat(rc.send("CONFIG", "SET", "maxmemory", Long.toString(redisUsed - 200_000)).toString())
                        .isEqualTo("+OK");
                Engine e = v.node().engine();
                v.node().server().onMain(() -> {
                    e.settings().maxmemory(e.keyspace().memoryUsage() - 200_000);
                    return null;
                });
                rc.send("SET", "trigger", "x");
                vc.send("SET", "trigger", "x");
                List<String> fromRedis = evictions(rs, rc);
                List<String> fromVigil = evictions(vs, vc);
                // Which keys go is random, and how many depends on each server's memory accounting: compare
                // the form of the notifications, and that each evicted key is really gone.
                assertThat(fromRedis).isNotEmpty();
                assertThat(fromVigil).isNotEmpty();
                assertThat(form(fromVigil)).isEqualTo(form(fromRedis));
                for (String k : fromVigil) {
                    assertThat(vc.send("GET", k).toString()).isEqualTo("(nil)");
                }
            }
        }
    }

    private static String infoMemory(Resp c, String field) {
        for (String line : c.send("INFO", "memory").asString().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new AssertionError("no " + field);
    }

    /**
     * The keys whose eviction {@code sub} was told about, checking each comes as the keyspace message
     * followed by the keyevent message for the same key; read up to a marker published by {@code driver}.
     */
    private static List<String> evictions(Resp sub, Resp driver) {
        driver.send("PUBLISH", "eviction-end", "x");
        List<String> keys = new ArrayList<>();
        while (true) {
            List<Reply> m = ((Resp.Arr) sub.readReply()).items();
            if (m.get(0).asString().equals("message")) {
                return keys;
            }
            List<Reply> second = ((Resp.Arr) sub.readReply()).items();
            String key = m.get(2).asString().substring("__keyspace@0__:".length());
            assertThat(m.get(2).asString()).startsWith("__keyspace@0__:");
            assertThat(m.get(3).asString()).isEqualTo("evicted");
            assertThat(second.get(2).asString()).isEqualTo("__keyevent@0__:evicted");
            assertThat(second.get(3).asString()).isEqualTo(key);
            keys.add(key);
        }
    }

    /** Any evicted key, the trigger included, is a key: what is compared is only that evictions happened. */
    private static Set<String> form(List<String> keys) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : keys) {
            out.add(k.startsWith("evict:") || k.equals("trigger") ? "<key>" : k);
        }
        return out;
    }
}
