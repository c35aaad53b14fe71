package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.keyspace.KeyEntry;
import io.vigil.testing.Differential;
import io.vigil.testing.Differential.Normalizer;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import io.vigil.types.RedisValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hash commands against real Redis 7.0 and Vigil, replies compared (errors included), in RESP2 and RESP3;
 * encodings compared with OBJECT ENCODING; randomized operation sequences compared step by step.
 */
class HashDifferentialTest {
    private static ServerProcess redis;
    private static EmbeddedVigil vigil;
    private Differential d;

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
    void open() throws Exception {
        d = new Differential(Resp.connect(redis), vigil.connect());
        limits(128, 64);
        d.redis().send("FLUSHALL");
        vigil.node().server().onMain(() -> {
            vigil.node().engine().keyspace().flushAll();
            return null;
        });
    }

    @AfterEach
    void close() {
        d.redis().close();
        d.vigil().close();
    }

    /** Sets hash-max-listpack-entries/value on both servers. */
    private void limits(int entries, int value) throws Exception {
        d.redis().send("CONFIG", "SET", "hash-max-listpack-entries", Integer.toString(entries),
                "hash-max-listpack-value", Integer.toString(value));
        vigil.node().server().onMain(() -> {
            vigil.node().engine().encodingLimits().hashMaxListpackEntries = entries;
            vigil.node().engine().encodingLimits().hashMaxListpackValue = value;
            return null;
        });
    }

    private void resp3() {
        d.redis().send("HELLO", "3");
        d.vigil().send("HELLO", "3");
    }

    /** Vigil's OBJECT ENCODING of {@code key} (read on the execution thread), or null if missing. */
    static String vigilEncoding(EmbeddedVigil v, String key) throws Exception {
        return v.node().server().onMain(() -> {
            KeyEntry e = v.node().engine().keyspace().db(0).lookupNoTouch(key.getBytes());
            return e == null ? null : ((RedisValue) e.value).encoding();
        });
    }

    private void assertSameEncoding(String key) throws Exception {
        Resp.Reply r = d.redis().send("OBJECT", "ENCODING", key);
        String expected = r.isNull() ? null : r.asString();
        assertThat(vigilEncoding(vigil, key)).as("encoding of " + key).isEqualTo(expected);
    }

    // ---------------------------------------------------------------------------------------------
    // Scripted cases

    private static final String BASICS = """
            HSET h
            HSET h f
            HSET h f v g
            HMSET h f
            HMSET h f v g
            HSET h f v
            HSET h a 1 b 2 c 3 a 4
            HSET h a 1
            HMSET h x 1 y 2
            HGETALL h
            HKEYS h
            HVALS h
            HLEN h
            HGET h a
            HGET h zz
            HGET nokey a
            HMGET h a zz b
            HMGET nokey a b
            HSTRLEN h a
            HSTRLEN h zz
            HSTRLEN nokey a
            HEXISTS h a
            HEXISTS h zz
            HEXISTS nokey a
            HSETNX h a 9
            HSETNX h d 9
            HSETNX newh d 9
            HGETALL newh
            HGETALL h
            HDEL h a zz a
            HDEL h
            HDEL nokey a
            HGETALL h
            HDEL newh d
            HGETALL newh
            HLEN newh
            HSET e "" ""
            HGET e ""
            HSTRLEN e ""
            HGETALL e
            HSET bin "a\\x00b" "\\xff\\xfe"
            HGETALL bin
            HGETALL nokey
            HKEYS nokey
            HVALS nokey
            HLEN nokey
            HSET h a 1 b 2 c 3 d 4 e 5
            HDEL h c
            HSET h c 33
            HGETALL h
            HSET h b 222222
            HGETALL h
            HDEL h a b c d e x y f
            HLEN h
            HGETALL h
            """;

    private static final String COUNTERS = """
            HINCRBY c f 1
            HINCRBY c f -11
            HINCRBY c f x
            HINCRBY c f 1.5
            HINCRBY c f ""
            HINCRBY c f " 1"
            HINCRBY c f 01
            HINCRBY c f 9223372036854775807
            HINCRBY c n 9223372036854775807
            HINCRBY c n 1
            HINCRBY c n 0
            HINCRBY c n -9223372036854775808
            HINCRBY c m -9223372036854775808
            HINCRBY c m -1
            HINCRBY c m 9223372036854775807
            HINCRBY c o 9223372036854775808
            HSET c s abc t 01 u " 2" v -0 w 1.0
            HINCRBY c s 1
            HINCRBY c t 1
            HINCRBY c u 1
            HINCRBY c v 1
            HINCRBY c w 1
            HINCRBY nokey f 5
            HGETALL nokey
            HINCRBY wrong f x
            HINCRBYFLOAT c f 1
            HINCRBYFLOAT c s 1
            HINCRBYFLOAT c t 1
            HINCRBYFLOAT c u 1
            HINCRBYFLOAT c w 1
            HINCRBYFLOAT c g 1.5
            HINCRBYFLOAT c g abc
            HINCRBYFLOAT c g inf
            HINCRBYFLOAT c g -inf
            HINCRBYFLOAT c g +inf
            HINCRBYFLOAT c g infinity
            HINCRBYFLOAT c g nan
            HINCRBYFLOAT c g 1e5000
            HINCRBYFLOAT c g 1e-5000
            HINCRBYFLOAT c g ""
            HINCRBYFLOAT c g " 1"
            HINCRBYFLOAT c g "1 "
            HINCRBYFLOAT c g 0x10
            HINCRBYFLOAT c g 1e3
            HINCRBYFLOAT c g -1003.5
            HINCRBYFLOAT c x 0.1
            HINCRBYFLOAT c x 0.2
            HINCRBYFLOAT c y 3.0e3
            HINCRBYFLOAT c y -3000
            HINCRBYFLOAT c z 1.23456789012345678901234567890
            HINCRBYFLOAT c w2 5.0e-20
            HINCRBYFLOAT c w3 -0.0
            HINCRBYFLOAT c w4 .5
            HINCRBYFLOAT c w5 5.
            HINCRBYFLOAT c w6 10.5e3
            HINCRBYFLOAT c w7 1.1
            HINCRBYFLOAT c w7 1e3
            HSET c big 1e308
            HINCRBYFLOAT c big 1e308
            HSET c huge 1e4932
            HINCRBYFLOAT c huge 1e4932
            HSET c inf inf
            HINCRBYFLOAT c inf 1
            HINCRBYFLOAT c n 1
            HINCRBYFLOAT c n 1
            HINCRBYFLOAT nokey2 f 2.5
            HGET nokey2 f
            HINCRBYFLOAT c f
            HINCRBY c f
            HINCRBY c f 1 2
            """;

    private static final String RANDOM_AND_SCAN = """
            HSET h a 1 b 2 c 3
            HRANDFIELD h 0
            HRANDFIELD h x
            HRANDFIELD h 1.5
            HRANDFIELD h 1 withvalue
            HRANDFIELD h 1 withvalues x
            HRANDFIELD h 1 WITHVALUES x
            HRANDFIELD h x withvalues
            HRANDFIELD h -9223372036854775808
            HRANDFIELD h -9223372036854775808 withvalues
            HRANDFIELD h -9223372036854775807 withvalues
            HRANDFIELD h -4611686018427387904 withvalues
            HRANDFIELD h 4611686018427387904 withvalues
            HRANDFIELD h 9223372036854775807 withvalues
            HRANDFIELD h 9223372036854775808
            HRANDFIELD h 4611686018427387903 WithValues
            HRANDFIELD h 9223372036854775807
            HRANDFIELD h 3
            HRANDFIELD h 3 withvalues
            HRANDFIELD h 0 withvalues
            HRANDFIELD nokey
            HRANDFIELD nokey 3
            HRANDFIELD nokey -3
            HRANDFIELD nokey 3 withvalues
            HRANDFIELD nokey x
            HRANDFIELD nokey 1 foo
            HRANDFIELD nokey -9223372036854775807 withvalues
            HSCAN h
            HSCAN h x
            HSCAN h 0
            HSCAN h 0 count 0
            HSCAN h 0 count -1
            HSCAN h 0 count x
            HSCAN h 0 count 1
            HSCAN h 0 COUNT 1000000
            HSCAN h 0 type string
            HSCAN h 0 novalues
            HSCAN h 0 match
            HSCAN h 0 match a count
            HSCAN h 0 match b*
            HSCAN h 0 match * count 5
            HSCAN h 0 MATCH * COUNT 1 MATCH b
            HSCAN h 0 match [ab]
            HSCAN h 18446744073709551615
            HSCAN h 18446744073709551616
            HSCAN h -1
            HSCAN h -18446744073709551615
            HSCAN h ""
            HSCAN h +0
            HSCAN h +
            HSCAN h -
            HSCAN h " 0"
            HSCAN h "0 "
            HSCAN h 0x1
            HSCAN h 7
            HSCAN nokey 0
            HSCAN nokey 0 count 0
            HSCAN nokey x
            HSET e "" x
            HSCAN e 0 match *
            HSCAN e 0 match **
            HSCAN e 0 match ?
            """;

    private static final String WRONG_TYPE = """
            SET str x
            SADD set a
            HSET str a b
            HSETNX str a b
            HMSET str a b
            HGET str a
            HMGET str a
            HDEL str a
            HLEN str
            HSTRLEN str a
            HEXISTS str a
            HKEYS str
            HVALS str
            HGETALL str
            HINCRBY str a 1
            HINCRBY str a x
            HINCRBYFLOAT str a 1
            HINCRBYFLOAT str a x
            HRANDFIELD str
            HRANDFIELD str 0
            HRANDFIELD str 1 withvalues
            HRANDFIELD str x
            HRANDFIELD str 1 foo
            HSCAN str 0
            HSCAN str x
            HSCAN str 0 count 0
            HGETALL set
            HSET set a b
            GET str
            SMEMBERS set
            """;

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void scriptedCases(int protocol) {
        if (protocol == 3) {
            resp3();
        }
        d.script(BASICS);
        d.script(COUNTERS);
        d.script(RANDOM_AND_SCAN);
        d.script(WRONG_TYPE);
    }

    @Test
    void genericCommandsSeeHashes() {
        d.script("""
                HSET h a 1 b 2
                TYPE h
                OBJECT ENCODING h
                COPY h h2
                HSET h2 c 3
                HGETALL h
                HGETALL h2
                HSET big f1 v1 f2 "%s"
                OBJECT ENCODING big
                COPY big big2
                HDEL big2 f1
                HGET big f1
                OBJECT ENCODING big2
                EXPIRE h 100
                HSET h a 5
                TTL h
                HDEL h a b
                TTL h
                EXISTS h
                DEL h2
                HGETALL h2
                """.formatted("x".repeat(70)));
        d.check(Normalizer.sorted(), "SCAN", "0", "TYPE", "hash", "COUNT", "100");
    }

    @Test
    void arityErrors() {
        String[][] commands = {
            {"HSET", "4"}, {"HSETNX", "4"}, {"HGET", "3"}, {"HMGET", "3"}, {"HMSET", "4"}, {"HDEL", "3"},
            {"HLEN", "2"}, {"HSTRLEN", "3"}, {"HEXISTS", "3"}, {"HKEYS", "2"}, {"HVALS", "2"}, {"HGETALL", "2"},
            {"HINCRBY", "4"}, {"HINCRBYFLOAT", "4"}, {"HRANDFIELD", "2"}, {"HSCAN", "3"},
        };
        List<Differential.Cmd> cmds = new ArrayList<>();
        for (String[] c : commands) {
            for (int argc = 1; argc <= 6; argc++) {
                String[] args = new String[argc];
                args[0] = argc % 2 == 0 ? c[0].toLowerCase() : c[0];
                for (int i = 1; i < argc; i++) {
                    args[i] = i == 1 ? "k" : Integer.toString(i);
                }
                cmds.add(Differential.cmd(args));
            }
        }
        d.checkAll(cmds);
    }

    @Test
    void listpackOrderIsInsertionOrderAndEncodingsFollowTheLimits() throws Exception {
        String max = "x".repeat(64);
        String over = max + "y";
        d.script("HSET lp z 1 a 2 m 3\nHSET lp a 5\nHDEL lp z\nHSET lp z 9\nHGETALL lp\nHKEYS lp\nHVALS lp\n"
                + "HSCAN lp 0 COUNT 1\nHRANDFIELD lp 10 WITHVALUES\nHRANDFIELD lp 10");
        assertSameEncoding("lp");
        List<String> cases = List.of(
                "HSET a1 " + max + " " + max,
                "HSET a2 f " + over,
                "HSET a3 " + over + " v",
                "HSET a4 f v g " + over,
                "HSETNX a5 " + over + " 1",
                "HSETNX a6 a 1\nHSETNX a6 a " + over,
                "HSETNX a7 a 1\nHSETNX a7 b " + over,
                "HINCRBY a8 " + over + " 1",
                "HINCRBYFLOAT a9 " + over + " 1",
                "HINCRBYFLOAT a10 f 1e100",
                "HINCRBY a11 f 1\nHINCRBY a11 f 1000000000000000000",
                "HSET a12 a 1\nHSET a12 a " + over + "\nHDEL a12 a\nHSET a12 b 1",
                "HMSET a13 f " + over);
        int n = 1;
        for (String script : cases) {
            d.script(script);
            assertSameEncoding("a" + n++);
        }
        // 128 entries stay compact, the 129th converts; never back.
        List<Differential.Cmd> cmds = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            cmds.add(Differential.cmd("HSET", "big", "f" + i, "v" + i));
        }
        d.checkAll(cmds);
        assertSameEncoding("big");
        d.check("HGETALL", "big");
        d.check("HSCAN", "big", "0");
        d.check("HSET", "big", "f129", "v");
        assertSameEncoding("big");
        d.check(Normalizer.sortedPairs(), "HGETALL", "big");
        d.check(Normalizer.sorted(), "HKEYS", "big");
        d.check(Normalizer.sorted(), "HVALS", "big");
        d.check(Normalizer.sorted(), "HRANDFIELD", "big", "1000");
        for (int i = 0; i < 129; i++) {
            if (i != 3) {
                d.check("HDEL", "big", "f" + i);
            }
        }
        assertSameEncoding("big");
        d.check(Normalizer.sorted(), "HGETALL", "big");
    }

    @Test
    void changedLimitsApplyToLaterConversions() throws Exception {
        limits(2, 3);
        d.script("HSET s a 1 b 2\nHSET t a 1 b 2 c 3\nHSET u abcd 1\nHSET v a 1\nHINCRBY v a 1000\n"
                + "HSET w a 123\nHINCRBY w a -1\nHSETNX x a 1234");
        for (String k : new String[] {"s", "t", "u", "v", "w", "x"}) {
            assertSameEncoding(k);
        }
        limits(0, 64);
        d.script("HSET z a 1\nHSETNX z2 a 1\nHINCRBY z3 a 1");
        for (String k : new String[] {"z", "z2", "z3"}) {
            assertSameEncoding(k);
        }
    }

    /** Full HSCAN iteration: the union of the batches, as a set of field=value. */
    private static Set<String> scanAll(Resp r, String key, String... options) {
        Set<String> out = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<String> args = new ArrayList<>(List.of("HSCAN", key, cursor));
            args.addAll(List.of(options));
            List<Resp.Reply> reply = r.send(args).asList();
            cursor = reply.get(0).asString();
            List<Resp.Reply> items = reply.get(1).asList();
            for (int i = 0; i < items.size(); i += 2) {
                out.add(items.get(i).asString() + "=" + items.get(i + 1).asString());
            }
            assertThat(++calls).isLessThan(100_000);
        } while (!cursor.equals("0"));
        return out;
    }

    @Test
    void hscanOfAHashtableReturnsEverythingOverCalls() {
        List<Differential.Cmd> cmds = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            cmds.add(Differential.cmd("HSET", "big", "field" + i, "v" + i));
        }
        d.checkAll(cmds);
        for (String[] opts : new String[][] {{}, {"COUNT", "3"}, {"MATCH", "field1*"}, {"MATCH", "*9", "COUNT", "50"}}) {
            assertThat(scanAll(d.vigil(), "big", opts)).isEqualTo(scanAll(d.redis(), "big", opts)).isNotEmpty();
        }
        // One call with a small COUNT returns roughly COUNT elements, and a non-zero cursor.
        List<Resp.Reply> first = d.vigil().send("HSCAN", "big", "0", "COUNT", "10").asList();
        assertThat(first.get(0).asString()).isNotEqualTo("0");
        assertThat(first.get(1).asList().size()).isBetween(10, 60);
    }

    @Test
    void randomFieldsComeFromTheHash() {
        for (boolean big : new boolean[] {false, true}) {
            String key = big ? "rbig" : "r";
            List<Differential.Cmd> cmds = new ArrayList<>();
            int n = big ? 300 : 20;
            for (int i = 0; i < n; i++) {
                cmds.add(Differential.cmd("HSET", key, "f" + i, "v" + i));
            }
            d.checkAll(cmds);
            for (String count : new String[] {"5", "-5", "15", "-40", "1"}) {
                for (String[] args : new String[][] {{"HRANDFIELD", key, count}, {"HRANDFIELD", key, count, "WITHVALUES"}}) {
                    Resp.Reply rr = d.redis().send(args);
                    Resp.Reply vr = d.vigil().send(args);
                    assertThat(vr.asList()).hasSameSizeAs(rr.asList());
                    List<Resp.Reply> items = vr.asList();
                    boolean withValues = args.length == 4;
                    Set<String> fields = new HashSet<>();
                    for (int i = 0; i < items.size(); i += withValues ? 2 : 1) {
                        String f = items.get(i).asString();
                        assertThat(f).matches("f\\d+");
                        assertThat(Integer.parseInt(f.substring(1))).isLessThan(n);
                        if (withValues) {
                            assertThat(items.get(i + 1).asString()).isEqualTo("v" + f.substring(1));
                        }
                        fields.add(f);
                    }
                    if (!count.startsWith("-")) {
                        assertThat(fields).hasSize(Integer.parseInt(count));
                    }
                }
            }
            Resp.Reply one = d.vigil().send("HRANDFIELD", key);
            assertThat(one.asString()).matches("f\\d+");
        }
        resp3();
        Resp.Reply pairs = d.vigil().send("HRANDFIELD", "r", "-3", "WITHVALUES");
        Resp.Reply expected = d.redis().send("HRANDFIELD", "r", "-3", "WITHVALUES");
        assertThat(Normalizer.shape().normalize(pairs)).isEqualTo(Normalizer.shape().normalize(expected));
    }

    // ---------------------------------------------------------------------------------------------
    // Randomized sequences

    @Test
    void randomOperationSequencesMatchStepByStep() throws Exception {
        Random rnd = new Random(20240501L);
        String[] keys = {"h1", "h2", "h3"};
        String[] fields = {"a", "b", "c", "d", "e", "f", "g", "n1", "n2", "", "long"};
        for (int round = 0; round < 6; round++) {
            d.redis().send("FLUSHALL");
            vigil.node().server().onMain(() -> {
                vigil.node().engine().keyspace().flushAll();
                return null;
            });
            if (round == 3) {
                resp3();
            }
            limits(round % 2 == 0 ? 8 : 128, round % 2 == 0 ? 10 : 64);
            for (int step = 0; step < 400; step++) {
                String k = keys[rnd.nextInt(keys.length)];
                String f = fields[rnd.nextInt(fields.length)];
                if (f.equals("long")) {
                    f = "long-field-" + "z".repeat(rnd.nextInt(12));
                }
                String v = switch (rnd.nextInt(5)) {
                    case 0 -> Integer.toString(rnd.nextInt(200) - 100);
                    case 1 -> "val" + rnd.nextInt(10);
                    case 2 -> "";
                    case 3 -> "x".repeat(rnd.nextInt(16));
                    default -> rnd.nextInt(3) + "." + rnd.nextInt(100);
                };
                Differential.Cmd cmd = switch (rnd.nextInt(20)) {
                    case 0, 1, 2 -> Differential.cmd("HSET", k, f, v);
                    case 3 -> Differential.cmd("HSET", k, f, v, fields[rnd.nextInt(fields.length)], v + "2");
                    case 4 -> Differential.cmd("HSETNX", k, f, v);
                    case 5, 6 -> Differential.cmd("HDEL", k, f, fields[rnd.nextInt(fields.length)]);
                    case 7 -> Differential.cmd("HGET", k, f);
                    case 8 -> Differential.cmd("HMGET", k, f, "a", "n1");
                    case 9 -> Differential.cmd("HINCRBY", k, f, Integer.toString(rnd.nextInt(21) - 10));
                    case 10 -> Differential.cmd("HINCRBYFLOAT", k, f, rnd.nextInt(5) + "." + rnd.nextInt(10));
                    case 11 -> Differential.cmd("HLEN", k);
                    case 12 -> Differential.cmd("HSTRLEN", k, f);
                    case 13 -> Differential.cmd("HEXISTS", k, f);
                    case 14 -> Differential.cmd("HGETALL", k);
                    case 15 -> Differential.cmd("HKEYS", k);
                    case 16 -> Differential.cmd("HVALS", k);
                    case 17 -> Differential.cmd("HRANDFIELD", k, "100", "WITHVALUES");
                    case 18 -> Differential.cmd("HSCAN", k, "0", "COUNT", "100");
                    default -> Differential.cmd("HRANDFIELD", k, "0");
                };
                String enc = vigilEncoding(vigil, k);
                boolean unordered = "hashtable".equals(enc);
                String name = new String(cmd.args().get(0));
                if (unordered && (name.equals("HGETALL") || name.equals("HRANDFIELD"))) {
                    cmd = cmd.normalize(Normalizer.sorted());
                } else if (unordered && (name.equals("HKEYS") || name.equals("HVALS") || name.equals("HSCAN"))) {
                    cmd = cmd.normalize(Normalizer.sorted());
                }
                d.check(cmd);
                assertSameEncoding(k);
            }
        }
    }
}
