package io.vigil.command;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.testing.Differential;
import io.vigil.testing.EffectsRig;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test of the string commands: every case is sent to a real Redis 7.0 process and to an embedded
 * Vigil node, and the two must agree on the reply (byte for byte, errors included), on how many changes the
 * command counted (rdb_changes_since_last_save / {@link Engine#dirty()}), on keyspace hits and misses, on the
 * keyspace events it fired and on what it propagated (Redis's AOF against Vigil's {@link Propagator}).
 */
class StringDifferentialTest {

    private static Rig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = Rig.start();
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void getAndSet() throws Exception {
        rig.flush();
        rig.run(
                "GET missing", "SET k v", "GET k", "SET k \"\"", "GET k", "SET k \"a\\x00b\\xff\"", "GET k",
                "SET k v NX", "SET k2 v NX", "SET k v XX", "SET k3 v XX", "SET k v NX XX", "SET k v XX NX",
                "SET k v GET", "SET k w get", "SET k3 x NX GET", "SET k3 y NX GET", "SET k4 z XX GET",
                "SET k v ex 10 ex 20", "~ttl k", "SET k v PX 10000 px 20000", "~ttl k",
                "SET k v EX 100", "~ttl k", "SET k v KEEPTTL", "~ttl k", "SET k v keepttl KEEPTTL", "~ttl k",
                "SET k v", "~ttl k", "SET k v PX 100000 KEEPTTL", "SET k v KEEPTTL EX 5", "SET k v EX 5 PX 5",
                "SET k v EXAT 99999999999", "~ttl k", "SET k v PXAT 99999999999000 NX", "SET k v PXAT 99999999999000 XX",
                "~ttl k", "SET k v EX", "SET k v EX 0", "SET k v EX -1", "SET k v EX abc", "SET k v EX 1.5",
                "SET k v PX 0", "SET k v EXAT 0", "SET k v PXAT -5", "SET k v EX 9223372036854775",
                "SET k v EX 9223372036854776", "SET k v PX 9223372036854775807", "SET k v EXAT 9223372036854775",
                "SET k v PXAT 9223372036854775807", "~ttl k", "SET k v FOO", "SET k v NX FOO", "SET k v GET GET",
                "SET k v NX NX", "SET k v XX XX", "SET k", "SET", "SET k v EX 10 GET", "~ttl k",
                "SET k v PERSIST", "SET k v ex 10 PERSIST",
                "~hash h", "SET h v GET", "SET h v NX GET", "SET h v", "GET h", "~hash h",
                "SET h v XX GET", "GET h", "SET past v EXAT 1", "GET past", "SET past v PXAT 1 GET", "GET past",
                "SET past v", "SET past w PX 100000 GET", "GET past");
    }

    @Test
    void setnxSetexPsetex() throws Exception {
        rig.flush();
        rig.run(
                "SETNX a 1", "SETNX a 2", "GET a", "SETNX a", "SETNX a 1 2",
                "SETEX b 100 v", "GET b", "~ttl b", "SETEX b 0 v", "SETEX b -1 v", "SETEX b abc v",
                "SETEX b 9223372036854775 v", "SETEX b 9223372036854776 v", "SETEX b 100", "~ttl b",
                "PSETEX c 100000 v", "~ttl c", "PSETEX c 0 v", "PSETEX c -5 v", "PSETEX c 9223372036854775807 v",
                "PSETEX c 1.5 v", "~hash h", "SETEX h 10 v", "GET h", "~hash h2", "SETNX h2 v", "PSETEX h2 1000 v");
    }

    @Test
    void getexGetdelGetset() throws Exception {
        rig.flush();
        rig.run(
                "SET k v", "GETEX k", "~ttl k", "GETEX k EX 100", "~ttl k", "GETEX k PX 200000", "~ttl k",
                "GETEX k EXAT 99999999999", "~ttl k", "GETEX k PXAT 99999999999000", "~ttl k", "GETEX k PERSIST",
                "~ttl k", "GETEX k PERSIST", "GETEX k persist PERSIST", "GETEX k EX 10 EX 20", "~ttl k",
                "GETEX k EX 10 PERSIST", "GETEX k PERSIST EX 10", "GETEX k KEEPTTL", "GETEX k NX", "GETEX k XX",
                "GETEX k GET", "GETEX k EX", "GETEX k FOO", "GETEX missing", "GETEX missing EX abc",
                "GETEX missing EX 0", "GETEX missing FOO", "GETEX k EX 0", "GETEX k EX -10", "GETEX k EX abc",
                "GETEX k PX 9223372036854775807", "GETEX k EX 9223372036854775", "GETEX k EXAT 0",
                "GETEX k PXAT 1", "GET k", "SET k v", "GETEX k EXAT 1", "GET k", "SET k v", "GETEX k pxat 1000",
                "GETEX k", "~hash h", "GETEX h", "GETEX h EX 10", "GETEX h EX abc", "GETEX h FOO", "GETEX h PERSIST",
                "SET d v", "GETDEL d", "GETDEL d", "GET d", "GETDEL h", "GETDEL missing", "GETDEL",
                "SET g 1", "GETSET g 2", "GET g", "GETSET nog 1", "GET nog", "SET g v EX 100", "GETSET g w",
                "~ttl g", "GETSET h v", "GETSET g", "SET e \"\"", "GETDEL e", "GETEX e");
    }

    @Test
    void multiKey() throws Exception {
        rig.flush();
        rig.run(
                "MSET a 1 b 2 c 3", "MGET a b c d", "MGET d", "MSET a", "MSET a 1 b", "MSET", "MSET a 1 a 2",
                "GET a", "MSETNX a 1 x 2", "MGET x", "MSETNX x 1 y 2", "MGET x y", "MSETNX z 1 z 2", "GET z",
                "MSETNX z", "MSETNX q 1 r", "SET t v EX 100", "MSET t w", "~ttl t", "~hash h", "MGET a h b",
                "MSET h v", "GET h", "~hash h", "MSETNX h v n 1", "MGET n",
                "MSET \"\" empty \"a b\" \"c d\"", "MGET \"\" \"a b\"");
    }

    @Test
    void counters() throws Exception {
        rig.flush();
        rig.run(
                "INCR n", "INCR n", "DECR n", "DECR n", "DECR n", "INCRBY n 10", "INCRBY n -20", "DECRBY n 5",
                "DECRBY n -5", "GET n", "INCRBY n abc", "INCRBY n 1.5", "INCRBY n \"\"", "INCRBY n \" 1\"",
                "INCRBY n +1", "INCRBY n 01", "INCRBY n -0", "DECRBY n -9223372036854775808",
                "DECRBY n 9223372036854775808", "INCRBY n 9223372036854775808", "SET n 9223372036854775806",
                "INCR n", "INCR n", "GET n", "SET n -9223372036854775807", "DECR n", "DECR n", "INCRBY n -1",
                "DECRBY n 1", "DECRBY n -9223372036854775807", "SET n 9223372036854775807", "INCRBY n 0",
                "INCRBY n -9223372036854775808", "SET s abc", "INCR s", "DECR s", "SET s \"\"", "INCR s",
                "SET s \" 1\"", "INCR s", "SET s \"1 \"", "INCR s", "SET s 01", "INCR s", "SET s -0", "INCR s",
                "SET s +5", "INCR s", "SET s 1.0", "INCR s", "SET s 99999999999999999999", "INCR s",
                "SET s \"1\\x00\"", "INCR s", "SET t 5 EX 100", "INCR t", "~ttl t", "INCRBY t 5", "~ttl t",
                "~hash h", "INCR h", "DECR h", "INCRBY h 1", "DECRBY h 1", "INCRBY h x", "DECRBY h x",
                "INCR", "INCRBY n", "DECRBY n 1 2");
    }

    @Test
    void incrbyfloat() throws Exception {
        rig.flush();
        rig.run(
                "SET k 0.1", "INCRBYFLOAT k 0.2", "INCRBYFLOAT k 0.1", "INCRBYFLOAT f 1", "INCRBYFLOAT f 1.5",
                "INCRBYFLOAT f -2.5", "INCRBYFLOAT f -0.0000000000000000001", "GET f", "INCRBYFLOAT f 1e3",
                "INCRBYFLOAT f 1E-3", "INCRBYFLOAT f .5", "INCRBYFLOAT f 5.", "INCRBYFLOAT f +3",
                "INCRBYFLOAT f 0x10", "INCRBYFLOAT f 0x1.8p1", "INCRBYFLOAT f 0X.8P-2", "INCRBYFLOAT f abc",
                "INCRBYFLOAT f \"\"", "INCRBYFLOAT f \" 1\"", "INCRBYFLOAT f \"1 \"", "INCRBYFLOAT f 1e",
                "INCRBYFLOAT f 1e+", "INCRBYFLOAT f .", "INCRBYFLOAT f 0x", "INCRBYFLOAT f 0xg",
                "INCRBYFLOAT f 0x1p", "INCRBYFLOAT f nan", "INCRBYFLOAT f NaN", "INCRBYFLOAT f -nan",
                "INCRBYFLOAT f inf", "INCRBYFLOAT f -INF", "INCRBYFLOAT f Infinity", "INCRBYFLOAT f infin",
                "INCRBYFLOAT f 1e5000", "INCRBYFLOAT f 1e-5000", "INCRBYFLOAT f 0e999999999999",
                "INCRBYFLOAT f 1e4900", "INCRBYFLOAT f -1e4900", "GET f", "INCRBYFLOAT big 1e308",
                "INCRBYFLOAT big 1e308", "INCRBYFLOAT big 1e4000", "INCRBYFLOAT huge 1.18e4932",
                "INCRBYFLOAT huge 1e4932", "INCRBYFLOAT tiny 1e-20", "INCRBYFLOAT tiny 1e-17",
                "INCRBYFLOAT tiny 5e-18", "INCRBYFLOAT sub 4e-4951", "INCRBYFLOAT sub 1e-4950",
                "INCRBYFLOAT sub 2e-4951", "INCRBYFLOAT sub 1e-4951", "SET v inf", "INCRBYFLOAT v 1",
                "SET v -inf", "INCRBYFLOAT v 1", "SET v nan", "INCRBYFLOAT v 1", "SET v \"1\\x00zz\"",
                "INCRBYFLOAT v 1", "SET v \"\\x00\"", "INCRBYFLOAT v 1", "SET v \"\"", "INCRBYFLOAT v 1",
                "SET v 1e400", "INCRBYFLOAT v 1", "SET v 0.000003814697265625", "INCRBYFLOAT v 0",
                "SET v 0.000000000000000005", "INCRBYFLOAT v 0", "SET v 0.000000000000000015", "INCRBYFLOAT v 0",
                "SET v 12345678901234567890123", "INCRBYFLOAT v 1", "SET v 1.23456789012345678901234567890",
                "INCRBYFLOAT v 0", "SET v 3.0", "INCRBYFLOAT v 1.5", "SET v 10", "INCRBYFLOAT v -10",
                "SET v -5", "INCRBYFLOAT v 5", "SET v 5", "INCRBYFLOAT v -5.00000000000000000001",
                "SET v 9223372036854775807", "INCRBYFLOAT v 1", "INCRBYFLOAT v 0.5",
                "SET v 0.1", "INCRBYFLOAT v 0.1", "INCRBYFLOAT v 0.1", "INCRBYFLOAT v 0.1", "INCRBYFLOAT v 0.1",
                "INCRBYFLOAT v 1000000000000", "INCRBYFLOAT v 0.3333333333333333333333",
                "SET t 1 EX 100", "INCRBYFLOAT t 1.5", "~ttl t", "GET t",
                "SET v 1.5", "INCRBYFLOAT v 1e-4000", "SET v 1", "INCRBYFLOAT v 0x1p-70", "INCRBYFLOAT v 0x1p-60",
                "~hash h", "INCRBYFLOAT h 1", "INCRBYFLOAT h x", "INCRBYFLOAT", "INCRBYFLOAT v 1 2");
        // A walk of many additions, so long-double rounding shows up if it is wrong.
        List<String> walk = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(42);
        walk.add("SET w 0");
        for (int i = 0; i < 60; i++) {
            double d = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(12) - 6);
            walk.add("INCRBYFLOAT w " + d);
        }
        for (int i = 0; i < 20; i++) {
            walk.add("INCRBYFLOAT w 0." + (1 + rnd.nextInt(9)) + rnd.nextInt(1000));
        }
        rig.run(walk.toArray(new String[0]));
    }

    @Test
    void appendStrlenRanges() throws Exception {
        rig.flush();
        rig.run(
                "APPEND a hello", "APPEND a \" world\"", "GET a", "APPEND a \"\"", "APPEND new \"\"", "GET new",
                "STRLEN new", "STRLEN a", "STRLEN missing", "SET t v EX 100", "APPEND t w", "~ttl t", "GET t",
                "~hash h", "APPEND h x", "STRLEN h", "APPEND a", "STRLEN",
                "SET s \"Hello World\"", "GETRANGE s 0 4", "GETRANGE s -5 -1", "GETRANGE s -1 -5",
                "GETRANGE s -3 -1", "GETRANGE s 0 -100", "GETRANGE s -100 -100", "GETRANGE s -100 100",
                "GETRANGE s 5 3", "GETRANGE s 3 3", "GETRANGE s 100 200", "GETRANGE s 0 0", "GETRANGE s -1 -1",
                "GETRANGE s 10 10", "GETRANGE s 11 11", "GETRANGE s -9223372036854775808 9223372036854775807",
                "GETRANGE s 9223372036854775807 -9223372036854775808", "GETRANGE s a 1", "GETRANGE s 1 b",
                "GETRANGE missing 0 1", "GETRANGE missing a 1", "GETRANGE h 0 1", "GETRANGE h x 1",
                "SET e \"\"", "GETRANGE e 0 -1", "GETRANGE e -1 -1", "GETRANGE e 0 0", "GETRANGE e 1 0",
                "SUBSTR s 0 4", "SUBSTR s -3 -1", "SUBSTR s x 1", "SUBSTR missing 0 1", "GETRANGE s 0",
                "SETRANGE r 5 abc", "GET r", "SETRANGE r 0 xy", "GET r", "SETRANGE r 7 long", "GET r",
                "SETRANGE r 0 \"\"", "SETRANGE r 100 \"\"", "SETRANGE nr 5 \"\"", "GET nr", "SETRANGE nr 0 \"\"",
                "SETRANGE r -1 x", "SETRANGE r abc x", "SETRANGE r 1.5 x", "SETRANGE r 536870911 xx",
                "SETRANGE r 536870912 x", "SETRANGE r 9223372036854775807 x", "SETRANGE nr 536870911 xx",
                "SETRANGE nr -1 \"\"", "SETRANGE h 0 x", "SETRANGE h 0 \"\"", "SETRANGE h -1 x",
                "SET t v EX 100", "SETRANGE t 1 x", "~ttl t", "GET t", "SETRANGE r 0", "SETRANGE r 0 a b");
    }

    @Test
    void lcs() throws Exception {
        rig.flush();
        rig.run(
                "MSET a ohmytext b mynewtext", "LCS a b", "LCS a b LEN", "LCS a b IDX", "LCS a b idx withmatchlen",
                "LCS a b IDX MINMATCHLEN 4", "LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN", "LCS a b IDX MINMATCHLEN 0",
                "LCS a b IDX MINMATCHLEN -5", "LCS a b IDX MINMATCHLEN 100", "LCS a b MINMATCHLEN 2",
                "LCS a b WITHMATCHLEN", "LCS a b LEN IDX", "LCS a b IDX LEN", "LCS a b LEN LEN", "LCS a b FOO",
                "LCS a b MINMATCHLEN", "LCS a b MINMATCHLEN x", "LCS a b MINMATCHLEN x IDX LEN", "LCS a missing",
                "LCS missing a IDX", "LCS missing other LEN", "LCS a a", "LCS a a IDX WITHMATCHLEN",
                "SET e \"\"", "LCS a e IDX", "LCS e e", "~hash h", "LCS a h", "LCS h a LEN", "LCS h a FOO",
                "LCS a", "MSET x abcabcabc y cbacbacba", "LCS x y", "LCS x y IDX WITHMATCHLEN", "LCS y x IDX",
                "MSET p \"aaa\\x00bbb\\xffccc\" q \"\\x00b\\xffcc\"", "LCS p q", "LCS p q IDX WITHMATCHLEN",
                "MSET m1 GTAGGCTTAAGCTAGCGATGCCTGATCCGATGACCGTAGCA m2 AGCTAGCTGACCGTAGCATTCGATGGCCTAGGCATC",
                "LCS m1 m2", "LCS m1 m2 IDX", "LCS m1 m2 IDX WITHMATCHLEN MINMATCHLEN 3", "LCS m2 m1 LEN");
        rig.run("~resp3", "LCS a b IDX", "LCS a b IDX WITHMATCHLEN", "LCS a b", "LCS a b LEN", "~resp2");
    }

    @Test
    void protoMaxBulkLen() throws Exception {
        rig.flush();
        try {
            rig.run("~bulklen 1048576", "SET a {rep:a:1048000}", "APPEND a {rep:b:576}", "APPEND a b", "STRLEN a",
                    "APPEND a \"\"", "SETRANGE a 1048575 x", "SETRANGE a 1048576 x", "SETRANGE a 1048575 xy",
                    "SETRANGE n 1048570 abcdef", "SETRANGE n2 1048571 abcdef", "SETRANGE n3 1048576 \"\"",
                    "SETBIT b 8388607 1", "SETBIT b 8388608 1", "GETBIT b 8388608", "GETBIT b 8388607",
                    "BITFIELD b GET u8 8388600", "BITFIELD b GET u8 8388608", "BITFIELD b SET u8 8388600 1",
                    "BITFIELD b SET i64 #131071 1", "BITFIELD b SET i64 #131072 1", "BITFIELD_RO b GET u8 #1048576",
                    "SET l1 {rep:x:500}", "SET l2 {rep:y:522}", "LCS l1 l2 LEN", "SET l2 {rep:y:523}",
                    "LCS l1 l2 LEN", "LCS l1 l2 IDX", "LCS l1 l2 FOO", "BITCOUNT a", "BITPOS a 0");
        } finally {
            rig.run("~bulklen 536870912");
        }
    }

    @Test
    void randomFloats() throws Exception {
        rig.flush();
        java.util.Random rnd = new java.util.Random(99);
        List<String> cases = new ArrayList<>();
        String[] specials = {"1e4932", "1.1e4932", "1.2e4932", "1.18973149535723176502e4932", "3.6e-4951", "1.8e-4951",
                "1.9e-4951", "3.3621031431120935063e-4932", "0x1p-16445", "0x1p-16446", "0x1.8p-16446", "0x1p16383",
                "0x1.fffffffffffffffep16383", "0x1.ffffffffffffffffp16383", "0x1p16384", "0xffffffffffffffff",
                "0x1ffffffffffffffff", "18446744073709551617", "18446744073709551615", "9007199254740993",
                "0.30000000000000000001", "123456789012345678.5", "0.000000000000000005", "0.000000000000000015",
                "0.000000000000000025", "-0", "+0.0", "0e5", "0x0p99999", "00001.5000", "1e-4960", "1e4933"};
        for (String sp : specials) {
            cases.add("SET sp 0");
            cases.add("INCRBYFLOAT sp " + sp);
            cases.add("SET sp " + sp);
            cases.add("INCRBYFLOAT sp 0");
            cases.add("INCRBYFLOAT sp 1");
        }
        for (int i = 0; i < 150; i++) {
            StringBuilder num = new StringBuilder(rnd.nextBoolean() ? "-" : "");
            int intDigits = rnd.nextInt(22);
            for (int d = 0; d < intDigits; d++) {
                num.append((char) ('0' + rnd.nextInt(10)));
            }
            int fracDigits = rnd.nextInt(25);
            if (fracDigits > 0 || intDigits == 0) {
                num.append('.');
                for (int d = 0; d < Math.max(1, fracDigits); d++) {
                    num.append((char) ('0' + rnd.nextInt(10)));
                }
            }
            if (rnd.nextInt(3) == 0) {
                num.append('e').append(rnd.nextInt(80) - 40);
            }
            cases.add((i % 3 == 0 ? "SET x " : "INCRBYFLOAT x ") + num);
            if (i % 3 == 0) {
                cases.add("INCRBYFLOAT x 0");
            }
        }
        rig.run(cases.toArray(new String[0]));
    }

    @Test
    void randomRangesAndLcs() throws Exception {
        rig.flush();
        java.util.Random rnd = new java.util.Random(5);
        List<String> cases = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            int len = rnd.nextInt(round < 5 ? 3 : 25);
            StringBuilder v = new StringBuilder();
            for (int i = 0; i < len; i++) {
                v.append((char) ('a' + rnd.nextInt(4)));
            }
            cases.add("SET s \"" + v + "\"");
            for (int i = 0; i < 6; i++) {
                cases.add("GETRANGE s " + (rnd.nextInt(2 * len + 6) - len - 3) + " " + (rnd.nextInt(2 * len + 6) - len - 3));
            }
            cases.add("SETRANGE s " + rnd.nextInt(len + 4) + " " + "xyz".substring(rnd.nextInt(3)));
            StringBuilder w = new StringBuilder();
            int wl = rnd.nextInt(25);
            for (int i = 0; i < wl; i++) {
                w.append((char) ('a' + rnd.nextInt(4)));
            }
            cases.add("SET t \"" + w + "\"");
            cases.add("LCS s t");
            cases.add("LCS t s IDX WITHMATCHLEN");
            cases.add("LCS s t IDX MINMATCHLEN " + rnd.nextInt(4));
        }
        rig.run(cases.toArray(new String[0]));
    }

    @Test
    void insideTransactions() throws Exception {
        rig.flush();
        rig.run("MULTI", "SET a 1 EX 100", "INCRBYFLOAT a 1.5", "GETEX a PX 5000", "SETEX b 10 v", "GETDEL b",
                "GETSET c x", "SET c y GET", "INCR n", "BITFIELD n SET u8 0 1", "EXEC", "~ttl a",
                "MULTI", "SET a 1 NX", "GETEX missing PERSIST", "EXEC", "MULTI", "GETEX a EXAT 1", "EXEC", "GET a");
    }

    @Test
    void resp3AndWrongArity() throws Exception {
        rig.flush();
        rig.run("~resp3", "GET missing", "SET k v", "GET k", "MGET k missing", "SET k v NX", "SET k w GET",
                "GETEX missing", "GETDEL missing", "GETSET nx v", "INCRBYFLOAT f 1.5", "SET k v XX GET",
                "SET nokey v XX", "~resp2",
                "GET", "GET a b", "GETEX", "GETDEL", "GETDEL a b", "GETSET a", "MGET", "MSETNX", "SETNX a",
                "SETEX a 1", "PSETEX a 1", "INCR", "INCR a b", "DECR", "INCRBY a", "DECRBY a", "APPEND a",
                "STRLEN a b", "GETRANGE a 1", "SUBSTR a 1", "SETRANGE a 1", "LCS a");
    }

    // =============================================================================================
    // The rig: a real Redis process and an embedded Vigil node, and the comparison of their behaviour.

    /**
     * Runs cases against both servers. A case is a command line as redis-cli splits it
     * ({@link Differential#splitArgs}), where a word {@code {rep:c:n}} stands for n times the character c; a few
     * pseudo-commands set things up or probe state the same way on both sides: {@code ~flush},
     * {@code ~hash key} (a key of another type), {@code ~ttl key} (compares the TTL in seconds),
     * {@code ~bulklen n} (proto-max-bulk-len), {@code ~resp3} / {@code ~resp2}.
     *
     * <p>Besides the reply, each case compares the changes counted (rdb_changes_since_last_save against
     * {@link Engine#dirty()}), keyspace hits and misses, the keyspace events (Redis's {@code __keyevent@*__}
     * messages against an {@link KeyspaceEvents} listener) and what was propagated (Redis's AOF against a
     * {@link Propagator}; absolute times near now are compared as a placeholder).
     */
    static final class Rig extends EffectsRig {
        private Rig(ServerProcess redis, EmbeddedVigil vigil) throws Exception {
            super(redis, vigil, "EA", type -> (type & (KeyspaceEvents.NEW | KeyspaceEvents.KEY_MISS)) == 0);
        }

        /** Starts Redis (with an AOF to read the propagation from) and an embedded Vigil node. */
        static Rig start() throws Exception {
            ServerProcess redis = startRedis("strings-redis");
            try {
                return new Rig(redis, EmbeddedVigil.start());
            } catch (Exception | Error e) {
                redis.close();
                throw e;
            }
        }

        @Override
        protected String special(String line, String name, List<byte[]> args) throws Exception {
            Engine engine = engine();
            switch (name) {
                case "~hash" -> {
                    byte[] key = args.get(1);
                    redisControl().send("DEL".getBytes(StandardCharsets.US_ASCII), key);
                    redisControl().send("HSET".getBytes(StandardCharsets.US_ASCII), key, new byte[] {'f'},
                            new byte[] {'v'});
                    node().server().onMain(() -> engine.keyspace().db(0).put(key, new Object()));
                    resync();
                    return null;
                }
                case "~bulklen" -> {
                    long limit = Long.parseLong(new String(args.get(1), StandardCharsets.US_ASCII));
                    redisControl().send("CONFIG", "SET", "proto-max-bulk-len", String.valueOf(limit));
                    node().server().onMain(() -> {
                        engine.settings().protoMaxBulkLen(limit);
                        return null;
                    });
                    return null;
                }
                case "~ttl" -> {
                    byte[] key = args.get(1);
                    long redisTtl = redisControl().send("PTTL".getBytes(StandardCharsets.US_ASCII), key).asLong();
                    long vigilTtl = node().server().onMain(() -> {
                        Database db = engine.keyspace().db(0);
                        KeyEntry e = db.findRaw(key);
                        if (e == null || db.isExpired(e)) {
                            return -2L;
                        }
                        return e.expireAt() < 0 ? -1L : e.expireAt() - engine.clock().millis();
                    });
                    String rs = ttlClass(redisTtl);
                    String vs = ttlClass(vigilTtl);
                    return rs.equals(vs) ? null : line + ": TTL redis=" + rs + " vigil=" + vs;
                }
                default -> {
                    return super.special(line, name, args);
                }
            }
        }

        private static String ttlClass(long pttl) {
            return pttl < 0 ? String.valueOf(pttl) : (pttl + 500) / 1000 + "s";
        }

        /**
         * Command names in lower case (Redis writes some as given, some its own way) and arguments that are
         * times close to now (absolute expiry times) replaced by a placeholder.
         */
        @Override
        protected List<String> normalize(List<String> cmds) {
            long now = System.currentTimeMillis();
            List<String> out = new ArrayList<>();
            for (String c : cmds) {
                StringBuilder sb = new StringBuilder();
                for (String w : c.split(" ", -1)) {
                    String x = w;
                    if (sb.length() == 0) {
                        x = w.toLowerCase(java.util.Locale.ROOT);
                    } else if (w.matches("\"\\d{13}\"")) {
                        long t = Long.parseLong(w.substring(1, w.length() - 1));
                        if (Math.abs(t - now) < 10L * 365 * 24 * 3600 * 1000) {
                            x = "<time>";
                        }
                    }
                    sb.append(sb.length() == 0 ? "" : " ").append(x);
                }
                out.add(sb.toString());
            }
            return out;
        }
    }
}
