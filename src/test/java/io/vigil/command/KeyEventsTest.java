package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.cli.Node;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the key commands propagate (to the AOF and replicas), which keyspace notifications they send, how
 * they count changes and keyspace hits/misses — each expectation taken from Redis 7.0.15's AOF, its
 * {@code __keyevent@*__} channels and INFO, observed for the same commands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyEventsTest {

    private Node node;
    private Resp client;
    private final List<String> propagated = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        node = EmbeddedVigil.start().node();
        client = new Resp("127.0.0.1", node.port());
        onMain(() -> {
            node.engine().propagator((db, argv) -> {
                StringBuilder sb = new StringBuilder().append(db).append(':');
                for (byte[] a : argv) {
                    sb.append(' ').append(new String(a, StandardCharsets.UTF_8));
                }
                synchronized (propagated) {
                    propagated.add(sb.toString());
                }
            });
            node.engine().keyspaceEvents((type, event, key, db) -> {
                synchronized (events) {
                    events.add(event + " " + new String(key, StandardCharsets.UTF_8) + " " + db);
                }
            });
            return null;
        });
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.stop();
        }
    }

    @BeforeEach
    void reset() throws Exception {
        send("SELECT", "0");
        send("FLUSHALL");
        onMain(() -> {
            node.engine().settings().lazyfreeLazyExpire(false);
            return null;
        });
        take(propagated);
        take(events);
    }

    private <T> T onMain(Callable<T> task) throws Exception {
        return node.server().onMain(task);
    }

    private String send(String... args) {
        return client.send(args).toString();
    }

    private static List<String> take(List<String> list) {
        synchronized (list) {
            List<String> out = new ArrayList<>(list);
            list.clear();
            return out;
        }
    }

    private long dirty() throws Exception {
        return onMain(() -> node.engine().dirty());
    }

    private long[] hitsMisses() throws Exception {
        return onMain(() -> new long[] {node.engine().stats().keyspaceHits, node.engine().stats().keyspaceMisses});
    }

    @Test
    void expiresPropagateAsAbsolutePexpireatKeepingTheirFlags() {
        send("SET", "a", "1");
        take(propagated);
        take(events);
        long before = System.currentTimeMillis();
        send("EXPIRE", "a", "100", "NX");
        send("PEXPIRE", "a", "300000");
        long after = System.currentTimeMillis();
        send("EXPIREAT", "a", "99999999999");
        send("pexpireat", "a", "99999999999999", "gt");
        List<String> p = take(propagated);
        assertThat(p).hasSize(4);
        String[] first = p.get(0).split(" ");
        assertThat(first[1]).isEqualTo("PEXPIREAT");
        assertThat(first[2]).isEqualTo("a");
        assertThat(Long.parseLong(first[3])).isBetween(before + 100_000, after + 100_000);
        assertThat(first[4]).isEqualTo("NX");
        String[] second = p.get(1).split(" ");
        assertThat(second).hasSize(4);
        assertThat(Long.parseLong(second[3])).isBetween(before + 300_000, after + 300_000);
        assertThat(p.get(2)).isEqualTo("0: PEXPIREAT a 99999999999000");
        assertThat(p.get(3)).isEqualTo("0: pexpireat a 99999999999999 gt");
        assertThat(take(events)).containsExactly("expire a 0", "expire a 0", "expire a 0", "expire a 0");
    }

    @Test
    void expireInThePastPropagatesDelOrUnlink() throws Exception {
        send("SET", "a", "1");
        send("SET", "b", "1");
        take(propagated);
        take(events);
        long d = dirty();
        assertThat(send("EXPIRE", "a", "-1")).isEqualTo(":1");
        assertThat(dirty()).isEqualTo(d + 1);
        onMain(() -> {
            node.engine().settings().lazyfreeLazyExpire(true);
            return null;
        });
        assertThat(send("PEXPIREAT", "b", "1")).isEqualTo(":1");
        assertThat(take(propagated)).containsExactly("0: DEL a", "0: UNLINK b");
        assertThat(take(events)).containsExactly("del a 0", "del b 0");
        // A failed condition changes nothing.
        send("SET", "c", "1");
        take(propagated);
        assertThat(send("EXPIRE", "c", "-1", "XX")).isEqualTo(":0");
        assertThat(send("EXISTS", "c")).isEqualTo(":1");
        assertThat(take(propagated)).isEmpty();
    }

    @Test
    void noOpsDoNotPropagate() throws Exception {
        send("SET", "a", "1");
        take(propagated);
        take(events);
        long d = dirty();
        send("RENAME", "a", "a");
        send("RENAMENX", "a", "a");
        send("PERSIST", "a");
        send("DEL", "nokey");
        send("EXPIRE", "nokey", "10");
        send("COPY", "nokey", "x");
        send("MOVE", "nokey", "1");
        send("TOUCH", "a");
        send("OBJECT", "ENCODING", "a");
        send("EXISTS", "a");
        send("SCAN", "0");
        send("KEYS", "*");
        send("RANDOMKEY");
        send("DBSIZE");
        send("TTL", "a");
        assertThat(dirty()).isEqualTo(d);
        assertThat(take(propagated)).isEmpty();
        // Only the read lookup of COPY's missing source notifies (keymiss), as in Redis.
        assertThat(take(events)).containsExactly("keymiss nokey 0");
    }

    @Test
    void changesPropagateAsReceivedWithRedisEvents() throws Exception {
        send("SET", "b", "1");
        send("SET", "c", "1");
        take(propagated);
        take(events);
        long d = dirty();
        send("DEL", "c", "c");
        send("COPY", "b", "d");
        send("MOVE", "d", "3");
        send("RENAMENX", "b", "e");
        send("RENAME", "e", "f");
        send("EXPIRE", "f", "1000");
        send("PERSIST", "f");
        send("UNLINK", "f");
        assertThat(dirty()).isEqualTo(d + 8);
        List<String> p = take(propagated);
        assertThat(p).hasSize(8);
        assertThat(p.subList(0, 5)).containsExactly("0: DEL c c", "0: COPY b d", "0: MOVE d 3", "0: RENAMENX b e",
                "0: RENAME e f");
        assertThat(p.subList(6, 8)).containsExactly("0: PERSIST f", "0: UNLINK f");
        assertThat(take(events)).containsExactly("del c 0", "copy_to d 0", "move_from d 0", "move_to d 3",
                "rename_from b 0", "rename_to e 0", "rename_from e 0", "rename_to f 0", "expire f 0", "persist f 0",
                "del f 0");
    }

    @Test
    void copyToAnotherDatabaseNotifiesThere() {
        send("SET", "b", "1");
        take(events);
        send("COPY", "b", "x", "DB", "5");
        assertThat(take(events)).containsExactly("copy_to x 5");
        assertThat(take(propagated)).containsExactly("0: SET b 1", "0: COPY b x DB 5");
    }

    @Test
    void flushAndSwapdbCountAndPropagateLikeRedis() throws Exception {
        long d = dirty();
        send("FLUSHDB");
        send("FLUSHALL");
        assertThat(dirty()).isEqualTo(d);
        assertThat(take(propagated)).containsExactly("0: FLUSHDB", "0: FLUSHALL");
        send("SET", "a", "1");
        send("SET", "b", "1");
        d = dirty();
        send("FLUSHDB", "ASYNC");
        assertThat(dirty()).isEqualTo(d + 2);
        send("SET", "a", "1");
        send("SELECT", "2");
        send("SET", "b", "1");
        d = dirty();
        send("FLUSHALL", "SYNC");
        assertThat(dirty()).isEqualTo(d + 2);
        d = dirty();
        send("SWAPDB", "0", "0");
        send("SWAPDB", "0", "1");
        assertThat(dirty()).isEqualTo(d + 2);
        send("FLUSHDB", "bad");
        assertThat(take(propagated)).containsExactly("0: SET a 1", "0: SET b 1", "0: FLUSHDB ASYNC", "0: SET a 1",
                "2: SET b 1", "2: FLUSHALL SYNC", "2: SWAPDB 0 0", "2: SWAPDB 0 1");
        assertThat(take(events)).containsExactly("set a 0", "set b 0", "set a 0", "set b 2");
    }

    @Test
    void deletingAnExpiredKeyReportsTheExpiryNotTheDel() throws Exception {
        send("SET", "a", "1");
        long expiredBefore = onMain(() -> node.engine().stats().expiredKeys);
        send("PEXPIRE", "a", "1");
        long expireAt = client.send("PEXPIRETIME", "a").asLong();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > expireAt);
        // Whether the DEL finds the key logically expired or the cron reclaimed it first, the key is
        // reported expired once and propagated as one DEL; the DEL command itself deletes nothing.
        assertThat(send("DEL", "a")).isEqualTo(":0");
        List<String> p = take(propagated);
        assertThat(p).hasSize(3);
        assertThat(p.get(2)).isEqualTo("0: DEL a");
        assertThat(take(events)).containsExactly("set a 0", "expire a 0", "expired a 0");
        assertThat(onMain(() -> node.engine().stats().expiredKeys)).isEqualTo(expiredBefore + 1);
    }

    @Test
    void readLookupsCountHitsAndMissesAndNotifyKeymissLikeRedis() throws Exception {
        send("SET", "x", "1");
        send("SET", "y", "1");
        take(events);
        // {command, hits added, misses added, keymiss event expected}
        Object[][] cases = {
            {new String[] {"EXISTS", "z"}, 0, 1, true},
            {new String[] {"EXISTS", "x", "x", "z"}, 2, 1, true},
            {new String[] {"TOUCH", "z"}, 0, 1, true},
            {new String[] {"TOUCH", "x"}, 1, 0, false},
            {new String[] {"TYPE", "z"}, 0, 1, true},
            {new String[] {"TYPE", "x"}, 1, 0, false},
            {new String[] {"TTL", "z"}, 0, 1, true},
            {new String[] {"PTTL", "x"}, 1, 0, false},
            {new String[] {"EXPIRETIME", "z"}, 0, 1, true},
            {new String[] {"PEXPIRETIME", "x"}, 1, 0, false},
            {new String[] {"OBJECT", "ENCODING", "z"}, 0, 1, false},
            {new String[] {"OBJECT", "REFCOUNT", "x"}, 1, 0, false},
            {new String[] {"COPY", "z", "c"}, 0, 1, true},
            {new String[] {"COPY", "x", "c"}, 1, 0, false},
            {new String[] {"DEL", "z"}, 0, 0, false},
            {new String[] {"RENAME", "x", "x"}, 0, 0, false},
            {new String[] {"RENAME", "z", "x"}, 0, 0, false},
            {new String[] {"EXPIRE", "x", "500"}, 0, 0, false},
            {new String[] {"PERSIST", "x"}, 0, 0, false},
            {new String[] {"MOVE", "y", "1"}, 0, 0, false},
            {new String[] {"RANDOMKEY"}, 0, 0, false},
            {new String[] {"SCAN", "0", "TYPE", "string"}, 2, 0, false},
            {new String[] {"SCAN", "0", "TYPE", "hash"}, 2, 0, false},
            {new String[] {"SCAN", "0"}, 0, 0, false},
            {new String[] {"KEYS", "*"}, 0, 0, false},
            {new String[] {"DBSIZE"}, 0, 0, false},
        };
        for (Object[] c : cases) {
            String[] cmd = (String[]) c[0];
            long[] before = hitsMisses();
            client.send(cmd);
            long[] after = hitsMisses();
            assertThat(after[0] - before[0]).as("hits of %s", String.join(" ", cmd)).isEqualTo((int) c[1]);
            assertThat(after[1] - before[1]).as("misses of %s", String.join(" ", cmd)).isEqualTo((int) c[2]);
            List<String> ev = take(events);
            List<String> keymiss = ev.stream().filter(e -> e.startsWith("keymiss")).toList();
            assertThat(!keymiss.isEmpty()).as("keymiss of %s: %s", String.join(" ", cmd), ev)
                    .isEqualTo((boolean) c[3]);
        }
    }

    @Test
    void copiedValuesShareNothingWithTheSource() throws Exception {
        send("SET", "src", "some value");
        send("COPY", "src", "dst");
        send("COPY", "src", "far", "DB", "7");
        boolean[] distinct = onMain(() -> {
            var ks = node.engine().keyspace();
            Object a = ks.db(0).findRaw("src".getBytes(StandardCharsets.UTF_8)).value;
            Object b = ks.db(0).findRaw("dst".getBytes(StandardCharsets.UTF_8)).value;
            Object c = ks.db(7).findRaw("far".getBytes(StandardCharsets.UTF_8)).value;
            return new boolean[] {a != b, a != c, java.util.Arrays.equals((byte[]) a, (byte[]) b)};
        });
        assertThat(distinct).containsExactly(true, true, true);
    }

    private void policy(io.vigil.keyspace.EvictionPolicy p, long maxmemory) throws Exception {
        onMain(() -> {
            node.engine().keyspace().settings().policy(p);
            node.engine().settings().maxmemory(maxmemory);
            return null;
        });
    }

    /**
     * OBJECT FREQ / IDLETIME / REFCOUNT under each kind of policy, set in-process (the replies are those of
     * Redis 7.0.15 after CONFIG SET maxmemory-policy / maxmemory; KeyDifferentialTest compares them over
     * CONFIG SET once that command exists).
     */
    @Test
    void objectIntrospectionFollowsTheMaxmemoryPolicy() throws Exception {
        String lfuNoIdle = "-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
                + "switching between policies at runtime LRU and LFU data will take some time to adjust.";
        String noLfu = "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that "
                + "when switching between policies at runtime LRU and LFU data will take some time to adjust.";
        try {
            send("SET", "n", "5");
            send("SET", "s", "abc");
            assertThat(send("OBJECT", "FREQ", "s")).isEqualTo(noLfu);
            assertThat(send("OBJECT", "IDLETIME", "s")).isIn(":0", ":1");
            assertThat(send("OBJECT", "REFCOUNT", "n")).isEqualTo(":2147483647");
            policy(io.vigil.keyspace.EvictionPolicy.ALLKEYS_LFU, 0);
            assertThat(send("OBJECT", "IDLETIME", "s")).isEqualTo(lfuNoIdle);
            assertThat(send("OBJECT", "IDLETIME", "nokey")).isEqualTo("(nil)");
            assertThat(send("OBJECT", "FREQ", "nokey")).isEqualTo("(nil)");
            send("SET", "fresh", "value");
            assertThat(client.send("OBJECT", "FREQ", "fresh").asLong()).isBetween(4L, 6L);
            assertThat(send("OBJECT", "REFCOUNT", "n")).isEqualTo(":2147483647");
            policy(io.vigil.keyspace.EvictionPolicy.VOLATILE_LFU, 0);
            assertThat(send("OBJECT", "IDLETIME", "s")).isEqualTo(lfuNoIdle);
            policy(io.vigil.keyspace.EvictionPolicy.ALLKEYS_LRU, 0);
            assertThat(send("OBJECT", "FREQ", "s")).isEqualTo(noLfu);
            assertThat(send("OBJECT", "REFCOUNT", "n")).isEqualTo(":2147483647");
            // With maxmemory set, LRU and LFU policies need a per-key clock, so small integers are not shared.
            policy(io.vigil.keyspace.EvictionPolicy.ALLKEYS_LRU, 100L << 20);
            assertThat(send("OBJECT", "REFCOUNT", "n")).isEqualTo(":1");
            policy(io.vigil.keyspace.EvictionPolicy.VOLATILE_LFU, 100L << 20);
            assertThat(send("OBJECT", "REFCOUNT", "n")).isEqualTo(":1");
            policy(io.vigil.keyspace.EvictionPolicy.ALLKEYS_RANDOM, 100L << 20);
            assertThat(send("OBJECT", "REFCOUNT", "n")).isEqualTo(":2147483647");
            assertThat(send("OBJECT", "REFCOUNT", "s")).isEqualTo(":1");
        } finally {
            policy(io.vigil.keyspace.EvictionPolicy.NOEVICTION, 0);
        }
    }

    @Test
    void renameAndMoveKeepTheLfuCounter() throws Exception {
        try {
            policy(io.vigil.keyspace.EvictionPolicy.ALLKEYS_LFU, 0);
            send("SET", "hot", "v");
            for (int i = 0; i < 2000; i++) {
                client.write("GET", "hot");
            }
            for (int i = 0; i < 2000; i++) {
                client.readReply();
            }
            long freq = client.send("OBJECT", "FREQ", "hot").asLong();
            assertThat(freq).isGreaterThan(5);
            send("RENAME", "hot", "renamed");
            // RENAME's lookup of the source counts as one more access at most.
            assertThat(client.send("OBJECT", "FREQ", "renamed").asLong()).isBetween(freq, freq + 1);
            send("MOVE", "renamed", "1");
            send("SELECT", "1");
            assertThat(client.send("OBJECT", "FREQ", "renamed").asLong()).isBetween(freq, freq + 2);
        } finally {
            send("SELECT", "0");
            policy(io.vigil.keyspace.EvictionPolicy.NOEVICTION, 0);
        }
    }
}
