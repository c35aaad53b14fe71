package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.CommandInfoComparison;
import io.vigil.testing.EffectsRig;
import io.vigil.testing.Resp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SORT and SORT_RO against real Redis 7.0: for each command the reply (RESP2 and RESP3), the changes counted,
 * keyspace hits and misses (every BY/GET lookup counts), list and generic events ({@code sortstore},
 * {@code del}) and the propagation are compared ({@link EffectsRig}); then random data and random option
 * combinations, restricted to the cases where Redis's output order is defined (see {@link SortCommands}).
 */
class SortDifferentialTest {
    private static EffectsRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = EffectsRig.start("sort-redis", "Elg", KeyspaceEvents.LIST | KeyspaceEvents.GENERIC);
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

    private static void bothProtocols(String script) throws Exception {
        rig.script(script);
        rig.flush();
        rig.run("~resp3");
        try {
            rig.script(script);
        } finally {
            rig.run("~resp2");
        }
    }

    @Test
    void numericAndAlphaOrderLimitAndDirection() throws Exception {
        bothProtocols("""
                RPUSH l 3 1 2 10 -5 2.5 1e2 0x10 -inf +inf 1
                SORT l
                SORT l DESC
                SORT l ASC
                SORT l ALPHA
                SORT l ALPHA DESC
                SORT l LIMIT 0 3
                SORT l LIMIT 2 4 DESC
                SORT l LIMIT -3 2
                SORT l LIMIT 5 -1
                SORT l LIMIT 0 0
                SORT l LIMIT 100 2
                SORT l LIMIT 10 1
                SORT l LIMIT 11 1
                SORT l LIMIT 1 9223372036854775807
                SORT l LIMIT 9223372036854775807 9223372036854775807
                SORT l LIMIT -9223372036854775808 2
                SORT l LIMIT 1 2 LIMIT 0 1
                SORT l desc alpha limit 1 3 asc
                SORT_RO l LIMIT 2 3
                SORT_RO l ALPHA DESC
                SORT nokey
                SORT nokey ALPHA LIMIT 0 5
                SADD si 5 3 -1 100 7
                SORT si
                SORT si DESC LIMIT 1 2
                SORT si ALPHA
                SADD ss b a c 10 9
                SORT ss ALPHA
                SORT ss ALPHA DESC LIMIT 1 3
                ZADD z 1 30 2 4 3 200 4 1.5
                SORT z
                SORT z DESC
                SORT z ALPHA LIMIT 1 2
                """);
    }

    @Test
    void scoresThatAreNotNumbers() throws Exception {
        bothProtocols("""
                RPUSH a 1 x
                SORT a
                SORT a ALPHA
                SORT a STORE dst
                EXISTS dst
                RPUSH b 1 nan
                SORT b
                RPUSH c 1 "1 "
                SORT c
                RPUSH d 1 " 2" "\\t3" "" 0x1p4 1e308 -1e308 1.5e-300
                SORT d
                RPUSH e 1e-310
                SORT e
                RPUSH f 1e400
                SORT f
                RPUSH g "  "
                SORT g
                RPUSH h "5\\x00junk" "4"
                SORT h
                RPUSH i infinity -Infinity INF 0
                SORT i
                SADD s 1 a
                SORT s
                ZADD z 1 a 2 b
                SORT z
                SORT z LIMIT 0 0
                """);
    }

    @Test
    void byPatternsAndGetPatterns() throws Exception {
        bothProtocols("""
                RPUSH l a b c d e
                MSET w_a 5 w_b 1 w_c 3 w_e 3
                HSET h_a f 2 g x
                HSET h_b f 9
                HSET h_c f 1
                HSET h_d g 1
                SET h_e str
                SORT l BY w_*
                SORT l BY w_* DESC
                SORT l BY w_* LIMIT 1 2
                SORT l BY h_*->f
                SORT l BY h_*->f DESC LIMIT 0 3
                SORT l BY h_*->f GET # GET h_*->g GET w_* GET h_*->nofield GET nokey_*
                SORT l BY w_* ALPHA
                SORT l BY w_* ALPHA DESC
                SORT l BY h_*->f ALPHA
                SORT l BY nosort
                SORT l BY nosort DESC
                SORT l BY nosort LIMIT 1 2
                SORT l BY nosort DESC LIMIT 1 2
                SORT l BY nosort LIMIT 4 10
                SORT l BY nosort LIMIT 9 1
                SORT l BY nosort GET w_* GET #
                SORT l BY w_* BY nosort
                SORT l BY nosort BY w_*
                SORT l BY w_*-> GET w_*->
                SORT l BY h_* GET h_*
                SORT l GET #
                SORT l GET # GET #
                SORT l GET fixedkey
                SET fixedkey v
                SORT l GET fixedkey
                SORT l GET w_*suffix
                SET w_asuffix S
                SORT l GET w_*suffix GET *
                SET a direct
                SORT l GET * ALPHA
                SORT l GET w_** ALPHA
                SORT_RO l BY w_* GET # GET w_*
                ZADD z 3 e 1 a 2 c 5 b
                SORT z BY nosort
                SORT z BY nosort DESC
                SORT z BY nosort LIMIT 1 2
                SORT z BY nosort DESC LIMIT 1 2
                SORT z BY nosort DESC LIMIT 3 10
                SORT z BY w_* GET #
                SORT z BY h_*->f GET h_*->f
                SADD si 3 1 2
                MSET w_1 30 w_2 10 w_3 20
                SORT si BY w_*
                SORT si BY nosort
                SORT si BY nosort DESC LIMIT 0 2
                """);
    }

    @Test
    void alphaTiesKeepTheOrderOfTheList() throws Exception {
        bothProtocols("""
                RPUSH l d b a c e f
                MSET k_a x k_b x k_c y k_d x
                SORT l BY k_* ALPHA
                SORT l BY k_* ALPHA DESC
                SORT l BY k_* ALPHA STORE dst
                LRANGE dst 0 -1
                SORT l BY k_*
                SORT l BY k_* DESC
                RPUSH dup b a b a c
                SORT dup
                SORT dup ALPHA DESC
                """);
    }

    @Test
    void alphaComparesBytesAndStopsAtNulOnlyWithoutStore() throws Exception {
        bothProtocols("""
                RPUSH l "a\\x00z" "a\\x00b" "a" "\\xff" "\\x7f" "B" "b"
                SORT l ALPHA
                SORT l ALPHA DESC
                SORT l ALPHA STORE dst
                LRANGE dst 0 -1
                SORT l ALPHA DESC STORE dst
                LRANGE dst 0 -1
                """);
    }

    @Test
    void storeCountsEventsAndPropagation() throws Exception {
        bothProtocols("""
                RPUSH l 3 1 2
                SORT l STORE dst
                LRANGE dst 0 -1
                SORT l DESC STORE dst
                LRANGE dst 0 -1
                SET str v
                PEXPIREAT str 99999999999999
                SORT l STORE str
                TTL str
                TYPE str
                SORT l LIMIT 0 0 STORE dst
                EXISTS dst
                SORT l LIMIT 0 0 STORE dst
                SORT nokey STORE dst2
                SORT l GET # GET nokey_* STORE dst
                LRANGE dst 0 -1
                SORT l STORE a STORE b
                EXISTS a b
                SORT l STORE l
                LRANGE l 0 -1
                SADD s c a b
                SORT s BY nosort STORE dst
                LRANGE dst 0 -1
                SORT s BY nosort DESC LIMIT 1 5 STORE dst
                LRANGE dst 0 -1
                SORT s STORE
                SORT l STORE dst LIMIT
                SORT_RO l STORE dst
                SORT_RO l LIMIT 0 1 STORE dst
                MULTI
                SORT l STORE m1
                SORT l DESC STORE m2
                EXEC
                LRANGE m2 0 -1
                """);
    }

    @Test
    void errors() throws Exception {
        bothProtocols("""
                SORT
                SORT_RO
                RPUSH l 1 2
                SORT l foo
                SORT l LIMIT
                SORT l LIMIT 1
                SORT l LIMIT a 1
                SORT l LIMIT 1 b
                SORT l LIMIT 1.5 1
                SORT l BY
                SORT l GET
                SORT l ASC DESC foo
                SORT l LIMIT x 1 foo
                SET str v
                SORT str
                SORT str LIMIT x 1
                SORT str foo
                HSET h f v
                SORT h
                SORT_RO h
                SORT nokey LIMIT 0 x
                """);
    }

    @Test
    void commandInfoAndKeysMatchRedis() {
        try (Resp r = rig.redisConnection(); Resp v = rig.vigilConnection()) {
            assertThat(CommandInfoComparison.differences(r, v, List.of("sort", "sort_ro"), List.of(
                    "SORT k",
                    "SORT k STORE dst",
                    "SORT k BY w_* GET x STORE dst LIMIT 0 1",
                    "SORT k STORE a STORE b",
                    "SORT k GET store x",
                    "SORT k LIMIT store x STORE y",
                    "SORT_RO k BY w_* GET #"))).isEmpty();
        }
    }

    @Test
    void storeSignalsOnlyItsDestination() throws Exception {
        List<String> transcripts = new ArrayList<>();
        for (boolean vigil : new boolean[] {false, true}) {
            try (Resp w = vigil ? rig.vigilConnection() : rig.redisConnection();
                 Resp p = vigil ? rig.vigilConnection() : rig.redisConnection()) {
                List<String> out = new ArrayList<>();
                p.send("FLUSHALL");
                p.send("RPUSH", "src", "2", "1");
                p.send("SET", "w_1", "1");
                out.add(w.send("WATCH", "src", "w_1", "w_2").toString());
                out.add(p.send("SORT", "src", "BY", "w_*", "STORE", "dst").toString());
                out.add(w.send("MULTI").toString());
                out.add(w.send("PING").toString());
                out.add(w.send("EXEC").toString());
                out.add(w.send("WATCH", "dst").toString());
                out.add(p.send("SORT", "src", "STORE", "dst").toString());
                out.add(w.send("MULTI").toString());
                out.add(w.send("PING").toString());
                out.add(w.send("EXEC").toString());
                transcripts.add(String.join("\n", out));
            }
        }
        rig.flush();
        assertThat(transcripts.get(1)).isEqualTo(transcripts.get(0));
    }

    /**
     * Random lists, intsets, sets and sorted sets with random weights (strings and hash fields, some missing,
     * some not numbers) sorted with random option combinations. Cases whose order Redis leaves to its hash
     * table (a hashtable set or a sorted set sorted ALPHA by a pattern with ties, a hashtable set not sorted)
     * are not generated.
     */
    @Test
    void randomSortsMatchRedis() throws Exception {
        Random rnd = new Random(20261204L);
        for (int round = 0; round < 12; round++) {
            rig.flush();
            List<String> setup = new ArrayList<>();
            int n = 1 + rnd.nextInt(25);
            List<String> elements = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                elements.add(element(rnd));
            }
            setup.add("RPUSH list " + String.join(" ", elements));
            StringBuilder ints = new StringBuilder("SADD intset");
            for (int i = 0; i < n; i++) {
                ints.append(' ').append(rnd.nextInt(200) - 100);
            }
            setup.add(ints.toString());
            setup.add("SADD set " + String.join(" ", elements));
            StringBuilder z = new StringBuilder("ZADD zset");
            for (String e : elements) {
                z.append(' ').append(rnd.nextInt(10)).append(' ').append(e);
            }
            setup.add(z.toString());
            // weights: numbers, some not numbers, some missing; unique per element for the ALPHA cases
            List<String> members = new ArrayList<>(elements);
            for (int i = -100; i < 100; i++) {
                members.add(Integer.toString(i));
            }
            int serial = 0;
            for (String e : members) {
                if (rnd.nextInt(8) > 0) {
                    setup.add("SET w_" + e + " " + weight(rnd, serial));
                }
                setup.add("SET u_" + e + " u" + (1000 + serial));
                if (rnd.nextInt(4) > 0) {
                    setup.add("HSET h_" + e + " f " + weight(rnd, serial) + " g " + e);
                }
                serial++;
            }
            for (String line : setup) {
                rig.redisControl().send(EffectsRig.parse(line).toArray(new byte[0][]));
                rig.vigilClient().send(EffectsRig.parse(line).toArray(new byte[0][]));
            }
            rig.resync();
            List<String> cases = new ArrayList<>();
            for (int k = 0; k < 40; k++) {
                cases.add(randomSort(rnd));
            }
            rig.run(cases.toArray(new String[0]));
        }
    }

    private static String element(Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return Integer.toString(rnd.nextInt(50) - 25);
            case 1:
                return (rnd.nextInt(2000) - 1000) / 100.0 + "";
            case 2:
                return "m" + rnd.nextInt(40);
            default:
                return Character.toString((char) ('a' + rnd.nextInt(26))) + rnd.nextInt(5);
        }
    }

    private static String weight(Random rnd, int serial) {
        switch (rnd.nextInt(10)) {
            case 0:
                return "x" + serial;
            case 1:
                return "1.5e" + (rnd.nextInt(10) - 5);
            default:
                return Integer.toString(rnd.nextInt(20) - 10);
        }
    }

    private static String randomSort(Random rnd) {
        String[] keys = {"list", "intset", "set", "zset", "nokey"};
        String key = keys[rnd.nextInt(keys.length)];
        boolean orderedSource = key.equals("list") || key.equals("intset") || key.equals("nokey");
        boolean store = rnd.nextInt(4) == 0;
        StringBuilder sb = new StringBuilder(store || rnd.nextBoolean() ? "SORT " : "SORT_RO ").append(key);
        boolean alpha = rnd.nextInt(3) == 0;
        String by = null;
        switch (rnd.nextInt(5)) {
            case 0:
                by = "w_*";
                break;
            case 1:
                by = "h_*->f";
                break;
            case 2:
                by = key.equals("set") && !store ? null : "nosort";
                break;
            default:
                break;
        }
        boolean limit = rnd.nextInt(3) == 0;
        if (alpha && by != null && !by.equals("nosort") && (!orderedSource || limit)) {
            // unique and present for every element: no ties left to hash-table order or to Redis's unstable
            // partial sort (BY with a LIMIT)
            by = "u_*";
        }
        if (alpha && by != null && !by.equals("nosort") && rnd.nextBoolean()) {
            by = "u_*";
        }
        if (by != null) {
            sb.append(" BY ").append(by);
        }
        if (limit) {
            sb.append(" LIMIT ").append(rnd.nextInt(12) - 2).append(' ').append(rnd.nextInt(12) - 2);
        }
        int gets = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 0;
        String[] patterns = {"#", "w_*", "h_*->g", "h_*->f", "nokey_*"};
        for (int i = 0; i < gets; i++) {
            sb.append(" GET ").append(patterns[rnd.nextInt(patterns.length)]);
        }
        if (rnd.nextBoolean()) {
            sb.append(rnd.nextBoolean() ? " DESC" : " ASC");
        }
        if (alpha) {
            sb.append(" ALPHA");
        }
        if (store) {
            sb.append(" STORE dst");
        }
        return sb.toString();
    }
}
