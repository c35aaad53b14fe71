package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.Differential;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list commands against real Redis 7.0 and Vigil, replies compared exactly (errors included), in RESP2
 * and RESP3; plus the keyspace events and the propagated commands of both, and a long random sequence.
 */
class ListDifferentialTest {
    private static ServerProcess redis;
    private static EmbeddedVigil vigil;
    private static final List<String> vigilEvents = new CopyOnWriteArrayList<>();
    private static final List<String> vigilPropagated = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = ServerProcess.redis().arg("appendonly", "yes").arg("appendfsync", "always")
                .arg("notify-keyspace-events", "Elg").start();
        vigil = EmbeddedVigil.start();
        Engine engine = vigil.node().engine();
        vigil.node().server().onMain(() -> {
            engine.keyspaceEvents((type, event, key, db) -> {
                if ((type & (KeyspaceEvents.LIST | KeyspaceEvents.GENERIC)) != 0) {
                    vigilEvents.add(event + " " + new String(key, StandardCharsets.ISO_8859_1));
                }
            });
            engine.propagator((db, argv) -> vigilPropagated.add(show(argv)));
            return null;
        });
    }

    @AfterAll
    static void stop() {
        if (vigil != null) {
            vigil.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private Differential both() {
        return new Differential(Resp.connect(redis), vigil.connect());
    }

    @BeforeEach
    void flush() {
        try (Differential d = both()) {
            d.check("FLUSHALL");
        }
    }

    /** Runs {@code script} in RESP2, then (after FLUSHALL) again in RESP3. */
    private void bothProtocols(String script) {
        try (Differential d = both()) {
            d.script(script);
        }
        try (Differential d = both()) {
            d.check("FLUSHALL");
            d.both("HELLO", "3");
            d.script(script);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Push and pop

    @Test
    void pushAndLength() {
        bothProtocols("""
                LPUSH l a
                LPUSH l b c d
                RPUSH l e f
                LLEN l
                LRANGE l 0 -1
                LPUSHX l x y
                RPUSHX l z
                LPUSHX nokey a
                RPUSHX nokey a
                LLEN nokey
                LRANGE nokey 0 -1
                RPUSH l ""
                RPUSH l "with space" "\\x00\\xff binary" "é ü"
                LRANGE l 0 -1
                LLEN l
                """);
    }

    @Test
    void popWithAndWithoutCount() {
        bothProtocols("""
                RPUSH l a b c d e f g
                LPOP l
                RPOP l
                LPOP l 2
                RPOP l 2
                LPOP l 0
                RPOP l 0
                LPOP l 1
                LRANGE l 0 -1
                RPOP l 100
                LLEN l
                LPOP l
                LPOP l 0
                LPOP l 2
                RPOP nokey
                RPOP nokey 0
                RPOP nokey 3
                RPUSH l a
                LPOP l -1
                LPOP l x
                LPOP l 1.5
                LPOP l ""
                LPOP l 9223372036854775807
                LPOP l 9223372036854775808
                LPOP l -9223372036854775808
                RPUSH l a
                LPOP l 1 2
                RPOP l 1 2
                LPOP
                RPOP
                RPOP nokey -1
                RPOP l 05
                LPOP l +1
                """);
    }

    @Test
    void arityErrors() {
        bothProtocols("""
                LPUSH
                LPUSH l
                RPUSH l
                LPUSHX l
                RPUSHX l
                LLEN
                LLEN a b
                LRANGE l 0
                LRANGE l 0 1 2
                LINDEX l
                LINDEX l 0 1
                LSET l 0
                LINSERT l before a
                LREM l 0
                LTRIM l 0
                LPOS l
                LMOVE a b left
                LMOVE a b left left left
                RPOPLPUSH a
                RPOPLPUSH a b c
                LMPOP 1 a
                LMPOP 1
                BLPOP a
                BRPOP a
                BLMOVE a b left left
                BRPOPLPUSH a b
                BRPOPLPUSH a b c d
                BLMPOP 0 1 a
                """);
    }

    @Test
    void wrongTypeForEveryCommand() {
        bothProtocols("""
                SET s str
                LPUSH s a
                RPUSH s a
                LPUSHX s a
                RPUSHX s a
                LPOP s
                RPOP s 2
                LPOP s 0
                LLEN s
                LRANGE s 0 -1
                LINDEX s 0
                LINDEX s x
                LSET s 0 a
                LSET s x a
                LINSERT s before a b
                LINSERT s middle a b
                LREM s 0 a
                LREM s x a
                LTRIM s 0 1
                LTRIM s x 1
                LPOS s a
                LPOS s a RANK 0
                LMOVE s d left left
                LMOVE s d up left
                RPUSH l a
                LMOVE l s left left
                RPOPLPUSH l s
                RPOPLPUSH s l
                LMOVE nokey s left left
                RPOPLPUSH nokey s
                LRANGE l 0 -1
                LMPOP 1 s left
                LMPOP 2 nokey s left
                LMPOP 2 l s left
                LMPOP 2 s l left
                BLPOP s 0
                BLPOP nokey s 0
                BLPOP l s 0
                BRPOP s 0
                RPUSH l a
                BLMOVE s l left left 0
                BLMOVE l s left left 0
                BRPOPLPUSH l s 0
                BLMPOP 0 2 nokey s left
                GET s
                LRANGE l 0 -1
                """);
    }

    // ---------------------------------------------------------------------------------------------
    // Read and change by index

    @Test
    void rangeAndIndex() {
        bothProtocols("""
                RPUSH l a b c d e f g h i j
                LRANGE l 0 0
                LRANGE l 0 -1
                LRANGE l -1 -1
                LRANGE l -3 -1
                LRANGE l 2 5
                LRANGE l 5 2
                LRANGE l -100 100
                LRANGE l 10 20
                LRANGE l 9 100
                LRANGE l -11 0
                LRANGE l -10 -10
                LRANGE l -100 -50
                LRANGE l 0 -11
                LRANGE l 0 -10
                LRANGE l -9223372036854775808 9223372036854775807
                LRANGE l 9223372036854775807 -9223372036854775808
                LRANGE l a 1
                LRANGE l 1 a
                LRANGE l 1.0 2
                LRANGE nokey 0 -1
                LRANGE nokey a b
                LINDEX l 0
                LINDEX l 9
                LINDEX l 10
                LINDEX l -1
                LINDEX l -10
                LINDEX l -11
                LINDEX l 9223372036854775807
                LINDEX l -9223372036854775808
                LINDEX l a
                LINDEX l ""
                LINDEX nokey 0
                LINDEX nokey a
                """);
    }

    @Test
    void lset() {
        bothProtocols("""
                RPUSH l a b c
                LSET l 0 A
                LSET l -1 C
                LSET l 1 "longer element value here"
                LRANGE l 0 -1
                LSET l 3 x
                LSET l -4 x
                LSET l 9223372036854775807 x
                LSET l -9223372036854775808 x
                LSET l a x
                LSET nokey 0 x
                LSET nokey a x
                LSET l -3 ""
                LRANGE l 0 -1
                """);
    }

    @Test
    void linsert() {
        bothProtocols("""
                RPUSH l a b c b
                LINSERT l BEFORE b X
                LINSERT l AFTER b Y
                LINSERT l before a first
                LINSERT l after b2 nope
                LINSERT l after c last
                LINSERT l AfTeR last end
                LRANGE l 0 -1
                LINSERT l middle a x
                LINSERT l "" a x
                LINSERT nokey before a x
                LINSERT nokey middle a x
                LLEN l
                LINSERT l before "" x
                RPUSH l ""
                LINSERT l before "" x
                LRANGE l 0 -1
                """);
    }

    @Test
    void lrem() {
        bothProtocols("""
                RPUSH l a b a c a d a
                LREM l 1 a
                LRANGE l 0 -1
                LREM l -1 a
                LRANGE l 0 -1
                LREM l 0 a
                LRANGE l 0 -1
                LREM l 0 zz
                LREM l 5 b
                LREM l x a
                LREM l 1.5 a
                LREM nokey 0 a
                LREM nokey x a
                RPUSH m x y x y x
                LREM m -2 x
                LRANGE m 0 -1
                LREM m 9223372036854775807 y
                LREM m -9223372036854775808 x
                LRANGE m 0 -1
                LLEN m
                LREM l 0 c
                LREM l 0 d
                LLEN l
                LRANGE l 0 -1
                """);
    }

    @Test
    void ltrim() {
        bothProtocols("""
                RPUSH l a b c d e f g h i j
                LTRIM l 0 -1
                LRANGE l 0 -1
                LTRIM l 1 -2
                LRANGE l 0 -1
                LTRIM l -3 -1
                LRANGE l 0 -1
                LTRIM l 0 100
                LRANGE l 0 -1
                LTRIM l -100 0
                LRANGE l 0 -1
                LTRIM l 1 0
                LLEN l
                RPUSH l a b c
                LTRIM l 5 10
                LLEN l
                RPUSH l a b c
                LTRIM l 2 1
                LLEN l
                RPUSH l a b c
                LTRIM l -1 -2
                LLEN l
                LTRIM nokey 0 1
                LTRIM nokey a b
                RPUSH l a b c
                LTRIM l a 1
                LTRIM l 0 b
                LTRIM l -9223372036854775808 9223372036854775807
                LRANGE l 0 -1
                """);
    }

    // ---------------------------------------------------------------------------------------------
    // LPOS

    @Test
    void lpos() {
        bothProtocols("""
                RPUSH l a b c 1 2 3 c c a
                LPOS l a
                LPOS l c
                LPOS l zz
                LPOS l c RANK 1
                LPOS l c RANK 2
                LPOS l c RANK 3
                LPOS l c RANK 4
                LPOS l c RANK -1
                LPOS l c RANK -2
                LPOS l c RANK -4
                LPOS l c COUNT 0
                LPOS l c COUNT 2
                LPOS l c COUNT 10
                LPOS l zz COUNT 2
                LPOS l c COUNT 0 RANK 2
                LPOS l c COUNT 0 RANK -2
                LPOS l c RANK -1 COUNT 2
                LPOS l c MAXLEN 1
                LPOS l c MAXLEN 3
                LPOS l c MAXLEN 0
                LPOS l c COUNT 0 MAXLEN 7
                LPOS l c RANK -1 MAXLEN 1
                LPOS l c RANK -1 MAXLEN 2 COUNT 0
                LPOS l a RANK 9223372036854775807
                LPOS l a RANK -9223372036854775808
                LPOS l a RANK -9223372036854775808 COUNT 0
                LPOS l a rank 1 count 1 maxlen 0 rank 2
                LPOS l a RANK 0
                LPOS l a RANK x
                LPOS l a RANK 1.5
                LPOS l a COUNT -1
                LPOS l a COUNT x
                LPOS l a MAXLEN -1
                LPOS l a MAXLEN x
                LPOS l a RANK
                LPOS l a COUNT
                LPOS l a MAXLEN
                LPOS l a FOO 1
                LPOS l a FOO
                LPOS l a RANK 0 FOO
                LPOS l a COUNT -1 RANK 0
                LPOS l a RANK 0 COUNT -1
                LPOS l a RANK 1 BAR
                LPOS nokey a
                LPOS nokey a COUNT 0
                LPOS nokey a COUNT 2 RANK -1
                LPOS nokey a RANK 0
                LPOS nokey a MAXLEN x
                """);
    }

    // ---------------------------------------------------------------------------------------------
    // Moves

    @Test
    void lmoveAndRpoplpush() {
        bothProtocols("""
                RPUSH src a b c d
                LMOVE src dst LEFT RIGHT
                LMOVE src dst RIGHT LEFT
                LMOVE src dst left left
                LMOVE src dst right right
                LRANGE src 0 -1
                LRANGE dst 0 -1
                LMOVE src dst LEFT LEFT
                RPUSH src 1 2 3
                RPOPLPUSH src dst
                RPOPLPUSH src src
                LRANGE src 0 -1
                LMOVE src src LEFT RIGHT
                LMOVE src src RIGHT LEFT
                LRANGE src 0 -1
                RPUSH one x
                LMOVE one one LEFT RIGHT
                RPOPLPUSH one one
                LRANGE one 0 -1
                LMOVE nokey dst LEFT LEFT
                RPOPLPUSH nokey dst
                LMOVE src dst UP LEFT
                LMOVE src dst LEFT DOWN
                LMOVE nokey dst UP DOWN
                LMOVE src dst "" LEFT
                LMOVE src dst lefty LEFT
                LLEN src
                LRANGE dst 0 -1
                RPOPLPUSH dst newkey
                RPOPLPUSH dst newkey
                RPOPLPUSH dst newkey
                RPOPLPUSH dst newkey
                RPOPLPUSH dst newkey
                LLEN dst
                LRANGE newkey 0 -1
                """);
    }

    @Test
    void lmpop() {
        bothProtocols("""
                RPUSH a 1 2 3
                RPUSH b x y z w
                LMPOP 1 a LEFT
                LMPOP 1 a RIGHT
                LMPOP 2 nokey b LEFT COUNT 2
                LMPOP 2 nokey b right count 10
                LMPOP 2 nokey b LEFT
                LMPOP 3 nokey b a LEFT COUNT 5
                LMPOP 1 a LEFT
                LMPOP 0 a LEFT
                LMPOP -1 a LEFT
                LMPOP x a LEFT
                LMPOP 1.5 a LEFT
                LMPOP 2 a LEFT
                LMPOP 3 a b
                LMPOP 9999999999 a LEFT
                LMPOP 9223372036854775807 a LEFT
                LMPOP 1 a MIDDLE
                LMPOP 1 a LEFT COUNT 0
                LMPOP 1 a LEFT COUNT -1
                LMPOP 1 a LEFT COUNT x
                LMPOP 1 a LEFT COUNT
                LMPOP 1 a LEFT COUNT 1 COUNT 1
                LMPOP 1 a LEFT FOO 1
                LMPOP 1 a LEFT 1
                LMPOP 1 a LEFT COUNT 9223372036854775807
                RPUSH a q
                LMPOP 1 a LEFT COUNT 9223372036854775807
                LMPOP 1 a left count 1
                RPUSH a q r
                LMPOP 1 a RIGHT COUNT 1 FOO
                LMPOP 2 a a LEFT
                LRANGE a 0 -1
                """);
    }

    // ---------------------------------------------------------------------------------------------
    // Blocking commands when they need not block, their argument errors and timeouts

    @Test
    void blockingCommandsWithDataOrErrors() {
        bothProtocols("""
                RPUSH a 1 2 3
                RPUSH b x
                BLPOP nokey a b 0
                BRPOP nokey a b 0
                BLPOP b a 1
                BRPOP a 0.5
                LLEN a
                BLPOP nokey 0.01
                BRPOP nokey other 0.01
                BLPOP a -1
                BLPOP a -0.5
                BLPOP a x
                BLPOP a ""
                BLPOP a " 1"
                BLPOP a "1 "
                BLPOP a nan
                BLPOP a inf
                BLPOP a -inf
                BLPOP a 1e400
                BLPOP a 1e16
                BLPOP a 9223372036854775.808
                RPUSH c 1 2 3 4
                BLMOVE c d LEFT RIGHT 0
                BLMOVE c d RIGHT LEFT 0.1
                BRPOPLPUSH c d 0
                BLMOVE c d UP LEFT 0
                BLMOVE c d LEFT UP x
                BLMOVE c d LEFT LEFT x
                BLMOVE c d LEFT LEFT -1
                BRPOPLPUSH c d -1
                BRPOPLPUSH c d x
                BLMOVE nokey d LEFT LEFT 0.01
                BRPOPLPUSH nokey d 0.01
                LRANGE c 0 -1
                LRANGE d 0 -1
                BLMPOP 0 2 nokey d LEFT COUNT 2
                BLMPOP 0.01 1 nokey LEFT
                BLMPOP 0 0 d LEFT
                BLMPOP -1 1 d LEFT
                BLMPOP x 1 d LEFT
                BLMPOP -1 0 d LEFT
                BLMPOP x 0 d LEFT
                BLMPOP 0 1 d MIDDLE
                BLMPOP 0 1 d LEFT COUNT 0
                BLMPOP 0 2 d LEFT
                BLMPOP 0 x d LEFT
                BLMPOP 0 1 d LEFT COUNT 1 COUNT 2
                BLMPOP -1 1 d MIDDLE
                BLMOVE c d UP LEFT -1
                BLMOVE c d UP LEFT x
                BLMPOP 0 1 d RIGHT COUNT 100
                """);
    }

    @Test
    void blockingCommandsInsideMultiReturnNullAtOnce() {
        bothProtocols("""
                MULTI
                BLPOP nokey 0
                BRPOP nokey 0
                BLMOVE nokey d LEFT LEFT 0
                BRPOPLPUSH nokey d 0
                BLMPOP 0 1 nokey LEFT
                RPUSH a x y
                BLPOP a 0
                BLMPOP 0 1 a RIGHT COUNT 5
                BLPOP a 0
                EXEC
                MULTI
                BLPOP a -1
                EXEC
                MULTI
                BLPOP a
                EXEC
                """);
    }

    @Test
    void largeListsAndBinaryElements() {
        try (Differential d = both()) {
            List<Differential.Cmd> cmds = new ArrayList<>();
            List<String> push = new ArrayList<>(List.of("RPUSH", "big"));
            for (int i = 0; i < 2000; i++) {
                push.add(i % 7 == 0 ? "seven" : "e" + i);
            }
            cmds.add(Differential.cmd(push.toArray(new String[0])));
            cmds.add(Differential.cmd("LRANGE", "big", "0", "-1"));
            cmds.add(Differential.cmd("LRANGE", "big", "1000", "1010"));
            cmds.add(Differential.cmd("LINDEX", "big", "1500"));
            cmds.add(Differential.cmd("LPOS", "big", "seven", "COUNT", "0", "MAXLEN", "100"));
            cmds.add(Differential.cmd("LPOS", "big", "seven", "RANK", "-3", "COUNT", "4"));
            cmds.add(Differential.cmd("LINSERT", "big", "AFTER", "e1000", "inserted"));
            cmds.add(Differential.cmd("LREM", "big", "-10", "seven"));
            cmds.add(Differential.cmd("LREM", "big", "10", "seven"));
            cmds.add(Differential.cmd("LREM", "big", "0", "seven"));
            cmds.add(Differential.cmd("LLEN", "big"));
            cmds.add(Differential.cmd("LTRIM", "big", "100", "-100"));
            cmds.add(Differential.cmd("LRANGE", "big", "0", "-1"));
            cmds.add(Differential.cmd("LMPOP", "1", "big", "LEFT", "COUNT", "500"));
            cmds.add(Differential.cmd("RPOP", "big", "700"));
            cmds.add(Differential.cmd("LLEN", "big"));
            byte[] bin = new byte[256];
            for (int i = 0; i < 256; i++) {
                bin[i] = (byte) i;
            }
            byte[] big = new byte[100_000];
            java.util.Arrays.fill(big, (byte) 'x');
            byte[] key = "bin".getBytes(StandardCharsets.US_ASCII);
            cmds.add(Differential.cmd(b("RPUSH"), key, bin, new byte[0], big, bin));
            cmds.add(Differential.cmd(b("LPOS"), key, bin, b("COUNT"), b("0")));
            cmds.add(Differential.cmd(b("LREM"), key, b("1"), new byte[0]));
            cmds.add(Differential.cmd(b("LRANGE"), key, b("0"), b("-1")));
            cmds.add(Differential.cmd(b("LINSERT"), key, b("BEFORE"), big, bin));
            cmds.add(Differential.cmd(b("LPOP"), key, b("10")));
            d.checkAll(cmds);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------
    // Keyspace events and propagation, compared with what Redis publishes and appends to its AOF

    private static final String EVENTS_SCRIPT = """
            RPUSH l a b c d a
            LPUSH l z
            LPUSHX l y
            RPUSHX nokey y
            LPOP l
            RPOP l 2
            LPOP l 0
            LINSERT l BEFORE b X
            LINSERT l AFTER nope X
            LSET l 0 Q
            LREM l 0 X
            LREM l 0 nope
            LTRIM l 0 -1
            LTRIM l 0 0
            RPUSH l a b
            LMOVE l l2 LEFT RIGHT
            RPOPLPUSH l l2
            LMOVE l2 l2 LEFT LEFT
            LMPOP 1 l2 RIGHT COUNT 10
            RPUSH l a
            LTRIM l 5 6
            RPUSH l a
            LPOP l 5
            RPUSH l a b c
            BLPOP nokey l 0
            BRPOP l 0
            BLMOVE l l3 left right 0
            RPUSH l a b c
            BRPOPLPUSH l l3 0
            BLMPOP 0 2 nokey l LEFT COUNT 5
            LREM l3 -1 a
            LREM l3 1 c
            RPUSH m 1
            MULTI
            RPUSH m 2
            LPOP m
            BLPOP m 0
            BLPOP m 0
            EXEC
            """;

    @Test
    void keyspaceEventsMatchRedis() {
        List<String> redisEvents = new ArrayList<>();
        try (Resp sub = Resp.connect(redis); Differential d = both()) {
            sub.send("PSUBSCRIBE", "__keyevent@0__:*");
            vigilEvents.clear();
            d.script(EVENTS_SCRIPT);
            d.check("RPUSH", "end-marker", "x");
            while (true) {
                Resp.Reply msg = sub.readReply();
                List<Resp.Reply> parts = msg.asList();
                String channel = parts.get(2).asString();
                String event = channel.substring(channel.indexOf(':') + 1) + " " + parts.get(3).asString();
                if (event.equals("rpush end-marker")) {
                    break;
                }
                redisEvents.add(event);
            }
        }
        List<String> ours = new ArrayList<>(vigilEvents);
        assertThat(ours).isNotEmpty();
        assertThat(ours.get(ours.size() - 1)).isEqualTo("rpush end-marker");
        assertThat(ours.subList(0, ours.size() - 1)).isEqualTo(redisEvents);
    }

    @Test
    void propagatedCommandsMatchRedisAof() throws Exception {
        Path aof = incrementalAof();
        long offset = Files.size(aof);
        vigilPropagated.clear();
        try (Differential d = both()) {
            d.script(EVENTS_SCRIPT);
        }
        List<String> redisCmds = parseAof(Files.readAllBytes(aof), (int) offset).stream()
                .filter(s -> !s.startsWith("SELECT ")).toList();
        assertThat(new ArrayList<>(vigilPropagated)).isEqualTo(redisCmds);
    }

    private static Path incrementalAof() throws IOException {
        try (Stream<Path> files = Files.list(redis.dir().resolve("appendonlydir"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".incr.aof")).findFirst().orElseThrow();
        }
    }

    /** Commands of a RESP AOF from {@code offset}, each as its arguments joined by spaces. */
    private static List<String> parseAof(byte[] data, int offset) {
        List<String> out = new ArrayList<>();
        int[] pos = {offset};
        while (pos[0] < data.length) {
            int n = Integer.parseInt(line(data, pos).substring(1));
            byte[][] argv = new byte[n][];
            for (int i = 0; i < n; i++) {
                int len = Integer.parseInt(line(data, pos).substring(1));
                argv[i] = java.util.Arrays.copyOfRange(data, pos[0], pos[0] + len);
                pos[0] += len + 2;
            }
            out.add(show(argv));
        }
        return out;
    }

    private static String line(byte[] data, int[] pos) {
        int start = pos[0];
        while (data[pos[0]] != '\r') {
            pos[0]++;
        }
        String s = new String(data, start, pos[0] - start, StandardCharsets.US_ASCII);
        pos[0] += 2;
        return s;
    }

    private static String show(byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(new String(a, StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // A long random sequence of list commands, compared step by step

    @Test
    void randomSequenceMatchesStepByStep() {
        Random rnd = new Random(20240607L);
        String[] keys = {"k0", "k1", "k2", "k3"};
        String[] values = {"a", "b", "c", "d", "", "longer-value-0123456789"};
        try (Differential d = both()) {
            d.check("SET", "str", "x");
            for (int step = 0; step < 3000; step++) {
                String[] cmd = randomCommand(rnd, keys, values);
                try {
                    d.check(cmd);
                } catch (AssertionError e) {
                    throw new AssertionError("step " + step + ": " + e.getMessage(), e);
                }
                if (step % 50 == 0) {
                    for (String k : keys) {
                        d.check("LRANGE", k, "0", "-1");
                    }
                }
            }
            for (String k : keys) {
                d.check("LRANGE", k, "0", "-1");
            }
        }
    }

    private static String[] randomCommand(Random rnd, String[] keys, String[] values) {
        String k = rnd.nextInt(40) == 0 ? "str" : keys[rnd.nextInt(keys.length)];
        String k2 = rnd.nextInt(40) == 0 ? "str" : keys[rnd.nextInt(keys.length)];
        String v = values[rnd.nextInt(values.length)];
        String idx = Integer.toString(rnd.nextInt(16) - 8);
        String idx2 = Integer.toString(rnd.nextInt(16) - 8);
        String side = rnd.nextBoolean() ? "LEFT" : "right";
        String side2 = rnd.nextBoolean() ? "left" : "RIGHT";
        String count = Integer.toString(rnd.nextInt(5));
        if (rnd.nextInt(60) == 0) {
            idx = "x";
        }
        return switch (rnd.nextInt(24)) {
            case 0, 1, 2 -> new String[] {"RPUSH", k, v, values[rnd.nextInt(values.length)]};
            case 3, 4 -> new String[] {"LPUSH", k, v};
            case 5 -> new String[] {"LPUSHX", k, v};
            case 6 -> new String[] {"RPUSHX", k, v, v};
            case 7 -> rnd.nextBoolean() ? new String[] {"LPOP", k} : new String[] {"LPOP", k, count};
            case 8 -> rnd.nextBoolean() ? new String[] {"RPOP", k} : new String[] {"RPOP", k, count};
            case 9 -> new String[] {"LLEN", k};
            case 10 -> new String[] {"LRANGE", k, idx, idx2};
            case 11 -> new String[] {"LINDEX", k, idx};
            case 12 -> new String[] {"LSET", k, idx, v};
            case 13 -> new String[] {"LINSERT", k, rnd.nextBoolean() ? "BEFORE" : "after", v,
                    values[rnd.nextInt(values.length)]};
            case 14 -> new String[] {"LREM", k, idx, v};
            case 15 -> rnd.nextInt(4) == 0 ? new String[] {"LTRIM", k, idx, idx2}
                    : new String[] {"LLEN", k};
            case 16 -> switch (rnd.nextInt(4)) {
                case 0 -> new String[] {"LPOS", k, v};
                case 1 -> new String[] {"LPOS", k, v, "RANK", idx};
                case 2 -> new String[] {"LPOS", k, v, "COUNT", count, "MAXLEN", count};
                default -> new String[] {"LPOS", k, v, "RANK", idx, "COUNT", count};
            };
            case 17 -> new String[] {"LMOVE", k, k2, side, side2};
            case 18 -> new String[] {"RPOPLPUSH", k, k2};
            case 19 -> new String[] {"LMPOP", "2", k, k2, side, "COUNT", rnd.nextBoolean() ? "1" : "3"};
            case 20 -> new String[] {"BLPOP", k, k2, "0.001"};
            case 21 -> new String[] {"BRPOP", k, "0.001"};
            case 22 -> new String[] {"BLMOVE", k, k2, side, side2, "0.001"};
            default -> new String[] {"BLMPOP", "0.001", "1", k, side, "COUNT", count.equals("0") ? "2" : count};
        };
    }
}
