package io.vigil.command;

import io.vigil.testing.Differential;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sorted set commands against real Redis 7.0 and Vigil, replies compared byte for byte (errors included).
 * Every script runs four times: RESP2 and RESP3, each with the default encoding limits (small sets in the
 * listpack form) and with {@code zset-max-listpack-entries 0} (every set a skip list).
 */
class ZSetDifferentialTest {
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

    /** Runs {@code script} in every protocol/encoding mode, each from an empty database. */
    private static void check(String script) {
        List<String> failures = new ArrayList<>();
        for (int entries : new int[] {128, 0}) {
            for (int proto : new int[] {2, 3}) {
                ZSetSupport.flush(redis, vigil);
                ZSetSupport.limits(redis, vigil, entries, 64);
                try {
                    ZSetSupport.withDiff(redis, vigil, proto, d -> d.script(script));
                } catch (AssertionError e) {
                    failures.add("[RESP" + proto + ", zset-max-listpack-entries " + entries + "] " + e.getMessage());
                }
            }
        }
        ZSetSupport.limits(redis, vigil, 128, 64);
        assertThat(failures).isEmpty();
    }

    @Test
    void zaddOptionsAndErrors() {
        check("""
                ZADD z 1 a 2 b 3 c
                ZADD z 1 a
                ZADD z CH 5 a 2 b
                ZADD z NX 10 a 4 d
                ZADD z XX 11 a 12 e
                ZADD z XX CH 11 a 12 e
                ZADD z GT 1 a
                ZADD z GT CH 20 a
                ZADD z LT CH 30 a 0 b
                ZADD z XX GT CH 25 a
                ZADD z XX LT CH 25 a
                ZADD z gt ch 100 new
                ZADD z nx nx 1 a
                ZADD z NX XX 1 a
                ZADD z NX GT 1 a
                ZADD z LT GT 1 a
                ZADD z NX LT 1 a
                ZADD z NX XX GT 1 a
                ZADD z INCR 1 a 2 b
                ZADD z INCR 5 a
                ZADD z INCR NX 5 a
                ZADD z INCR NX 5 brandnew
                ZADD z INCR XX 5 nosuch
                ZADD z INCR GT -1 a
                ZADD z INCR GT 1 a
                ZADD z INCR LT -1 a
                ZADD z INCR LT 1 a
                ZADD z INCR CH 0 a
                ZADD z 1
                ZADD z 1 a 2
                ZADD z NX 1
                ZADD z abc a
                ZADD z 1 a abc b
                ZADD z "1 " a
                ZADD z " 1" a
                ZADD z "" a
                ZADD z nan a
                ZADD z 1e400 a
                ZADD z 1e-400 a
                ZADD z NX XX abc a
                ZADD z INCR 1 a abc b
                ZADD z inf a -inf b
                ZADD z +inf x
                ZADD z INCR -inf a
                ZADD z INCR +inf b
                ZADD z 1 ok1 inf a 2 ok2
                ZADD z 0x10 hex 1.5e3 e3 -0 negzero 0.1 tenth 1.1 onepointone 3.0000000000000004 q
                ZADD z 1e-320 tiny 123456789012345678 huge -1.5E-7 small 4.9e-324 denorm 1.7976931348623157e308 max
                ZADD z 0 negzero
                ZADD z CH 0 negzero
                ZRANGE z 0 -1 WITHSCORES
                ZSCORE z negzero
                ZSCORE z tenth
                ZSCORE z huge
                ZCARD z
                ZADD newkey XX 1 a
                ZCARD newkey
                ZADD newkey2 GT 1 a
                ZADD newkey3 INCR XX 1 a
                ZRANGE newkey2 0 -1 WITHSCORES
                SET str x
                ZADD str 1 a
                ZADD str abc a
                ZADD str NX XX 1 a
                ZADD str XX 1 a
                ZADD "" 1 ""
                ZRANGE "" 0 -1 WITHSCORES
                ZADD bin 1 "\\x00\\xff" 1 "\\xff" 1 "\\x00" 1 "a\\x00b" 1 "a"
                ZRANGE bin 0 -1
                """);
    }

    @Test
    void zincrby() {
        check("""
                ZINCRBY z 1.5 a
                ZINCRBY z 1.5 a
                ZINCRBY z -3 a
                ZINCRBY z 0.1 b
                ZINCRBY z 0.2 b
                ZINCRBY z abc a
                ZINCRBY z "" a
                ZINCRBY z nan a
                ZINCRBY z inf c
                ZINCRBY z -inf c
                ZINCRBY z inf c
                ZINCRBY z nx a
                ZINCRBY z incr a
                ZRANGE z 0 -1 WITHSCORES
                SET str x
                ZINCRBY str 1 a
                ZINCRBY str abc a
                """);
    }

    @Test
    void removalAndPointReads() {
        check("""
                ZADD r 1 a 2 b 3 c 3 c2 -1 neg
                ZREM r a x
                ZREM r x
                ZREM r a a a
                ZREM nokey a
                ZCARD r
                ZCARD nokey
                ZSCORE r b
                ZSCORE r x
                ZSCORE nokey x
                ZMSCORE r b x c neg
                ZMSCORE nokey a b
                ZRANK r b
                ZRANK r neg
                ZRANK r c2
                ZRANK r x
                ZREVRANK r b
                ZREVRANK r neg
                ZREVRANK r x
                ZRANK nokey a
                ZREVRANK nokey a
                ZREM r b c c2 neg x
                ZCARD r
                ZSCORE r b
                ZRANGE r 0 -1
                SET str x
                ZREM str a
                ZCARD str
                ZSCORE str a
                ZMSCORE str a
                ZRANK str a
                ZREVRANK str a
                ZRANK r
                ZMSCORE r
                """);
    }

    @Test
    void counts() {
        check("""
                ZADD s 1 a 2 b 3 c 4 d 5 e -inf ninf inf pinf
                ZCOUNT s -inf +inf
                ZCOUNT s -inf inf
                ZCOUNT s (-inf (+inf
                ZCOUNT s (1 (5
                ZCOUNT s 2 4
                ZCOUNT s (2 4
                ZCOUNT s 2 (4
                ZCOUNT s 5 1
                ZCOUNT s (3 3
                ZCOUNT s 3 (3
                ZCOUNT s 3 3
                ZCOUNT s "" ""
                ZCOUNT s "" 3
                ZCOUNT s " 2" 4
                ZCOUNT s "\\t2" 4
                ZCOUNT s "2 " 4
                ZCOUNT s ( (
                ZCOUNT s "( 1" 3
                ZCOUNT s " " 3
                ZCOUNT s nan 1
                ZCOUNT s 1 (nan
                ZCOUNT s 1e400 -1e400
                ZCOUNT s -1e400 1e400
                ZCOUNT s 0x1 0x3
                ZCOUNT s 0x1p1 3
                ZCOUNT s 1e0 3.
                ZCOUNT s .5 2.5e0
                ZCOUNT s . 3
                ZCOUNT s - 3
                ZCOUNT s +1 +3
                ZCOUNT s -infinity INFINITY
                ZCOUNT s abc 1
                ZCOUNT s 1 abc
                ZCOUNT s [1 2
                ZCOUNT s 1e 2
                ZCOUNT nokey 0 1
                ZCOUNT nokey a 1
                SET str x
                ZCOUNT str 0 1
                ZCOUNT str a b
                ZADD l 0 a 0 b 0 c 0 d 0 e 0 f 0 "" 0 "\\xff" 0 "\\x00" 0 aa 0 "b\\x00"
                ZLEXCOUNT l - +
                ZLEXCOUNT l [b [d
                ZLEXCOUNT l (b (d
                ZLEXCOUNT l (b [d
                ZLEXCOUNT l [b (d
                ZLEXCOUNT l + -
                ZLEXCOUNT l - -
                ZLEXCOUNT l + +
                ZLEXCOUNT l [a [a
                ZLEXCOUNT l (a (a
                ZLEXCOUNT l [a (a
                ZLEXCOUNT l [d [b
                ZLEXCOUNT l [b +
                ZLEXCOUNT l - [b
                ZLEXCOUNT l - (b
                ZLEXCOUNT l ( +
                ZLEXCOUNT l [ +
                ZLEXCOUNT l - [
                ZLEXCOUNT l - (
                ZLEXCOUNT l "[\\xff" +
                ZLEXCOUNT l "(\\x00" [a
                ZLEXCOUNT l a b
                ZLEXCOUNT l "" +
                ZLEXCOUNT l -x +
                ZLEXCOUNT l - +x
                ZLEXCOUNT l [a ""
                ZLEXCOUNT nokey - +
                ZLEXCOUNT nokey x +
                ZLEXCOUNT str - +
                ZLEXCOUNT str x y
                """);
    }

    @Test
    void rangesByRank() {
        check("""
                ZADD z 1 a 2 b 3 c 4 d 5 e 5 e2 6 f
                ZRANGE z 0 -1
                ZRANGE z 0 -1 WITHSCORES
                ZRANGE z 0 -1 withscores
                ZRANGE z 2 4
                ZRANGE z -3 -1
                ZRANGE z -100 2
                ZRANGE z 5 100
                ZRANGE z 3 2
                ZRANGE z 100 200
                ZRANGE z -1 -3
                ZRANGE z 0 0 WITHSCORES
                ZRANGE z -1 -1
                ZRANGE z 0 -1 REV
                ZRANGE z 0 -1 REV WITHSCORES
                ZRANGE z 1 3 REV
                ZRANGE z -2 -1 REV WITHSCORES
                ZRANGE z 0 1 WITHSCORES REV
                ZREVRANGE z 0 -1
                ZREVRANGE z 0 2 WITHSCORES
                ZREVRANGE z -2 -1
                ZREVRANGE z 5 2
                ZREVRANGE z 0 -1 REV
                ZREVRANGE z 0 -1 LIMIT 0 1
                ZREVRANGE z 0 -1 BYSCORE
                ZRANGE z a 1
                ZRANGE z 0 b
                ZRANGE z 0 -1 LIMIT 0 1
                ZRANGE z 0 -1 LIMIT 0 -1
                ZRANGE z 0 -1 LIMIT 1 -1
                ZRANGE z 0 -1 LIMIT 0
                ZRANGE z 0 -1 LIMIT x 1
                ZRANGE z 0 -1 LIMIT 1 x
                ZRANGE z 0 -1 REV REV
                ZRANGE z 0 -1 BYSCORE BYSCORE
                ZRANGE z 0 -1 BYSCORE BYLEX
                ZRANGE z 0 -1 WITHSCORES WITHSCORES
                ZRANGE z 0 -1 foo
                ZRANGE z 0 9223372036854775807
                ZRANGE z -9223372036854775808 -1
                ZRANGE z 0 9223372036854775808
                ZRANGE nokey 0 -1
                ZRANGE nokey 0 -1 WITHSCORES
                ZRANGE nokey a b
                ZREVRANGE nokey 0 -1
                SET str x
                ZRANGE str 0 -1
                ZRANGE str a -1
                ZREVRANGE str 0 -1
                """);
    }

    @Test
    void rangesByScore() {
        check("""
                ZADD z 1 a 2 b 3 c 4 d 5 e 5 e2 6 f -inf m inf p
                ZRANGEBYSCORE z -inf +inf
                ZRANGEBYSCORE z -inf +inf WITHSCORES
                ZRANGEBYSCORE z 2 5
                ZRANGEBYSCORE z (2 (5
                ZRANGEBYSCORE z (2 5 WITHSCORES
                ZRANGEBYSCORE z 5 2
                ZRANGEBYSCORE z 5 5
                ZRANGEBYSCORE z (5 5
                ZRANGEBYSCORE z -inf -inf WITHSCORES
                ZRANGEBYSCORE z inf inf
                ZRANGEBYSCORE z 2 5 LIMIT 1 2
                ZRANGEBYSCORE z 2 5 LIMIT 0 0
                ZRANGEBYSCORE z 2 5 LIMIT 0 -1
                ZRANGEBYSCORE z 2 5 LIMIT 1 -5
                ZRANGEBYSCORE z 2 5 LIMIT -1 2
                ZRANGEBYSCORE z 2 5 LIMIT 4 1
                ZRANGEBYSCORE z 2 5 LIMIT 5 1
                ZRANGEBYSCORE z 2 5 LIMIT 100 1
                ZRANGEBYSCORE z -inf inf LIMIT 2 3 WITHSCORES
                ZRANGEBYSCORE z -inf inf WITHSCORES LIMIT 2 3
                ZRANGEBYSCORE z -inf inf LIMIT 2 3 LIMIT 0 1
                ZRANGEBYSCORE z -inf inf LIMIT 2
                ZRANGEBYSCORE z -inf inf REV
                ZRANGEBYSCORE z -inf inf BYSCORE
                ZRANGEBYSCORE z a 1
                ZRANGEBYSCORE z 1 [2
                ZREVRANGEBYSCORE z +inf -inf
                ZREVRANGEBYSCORE z +inf -inf WITHSCORES
                ZREVRANGEBYSCORE z 5 2
                ZREVRANGEBYSCORE z (5 (2
                ZREVRANGEBYSCORE z 2 5
                ZREVRANGEBYSCORE z 5 2 LIMIT 1 2
                ZREVRANGEBYSCORE z 5 2 LIMIT 0 -1 WITHSCORES
                ZREVRANGEBYSCORE z 5 2 LIMIT 3 10
                ZREVRANGEBYSCORE z 5 2 LIMIT -1 10
                ZRANGE z 2 5 BYSCORE
                ZRANGE z (2 5 BYSCORE WITHSCORES
                ZRANGE z 5 2 BYSCORE REV
                ZRANGE z 5 2 BYSCORE REV WITHSCORES LIMIT 1 2
                ZRANGE z 2 5 BYSCORE REV
                ZRANGE z -inf inf BYSCORE LIMIT 1 1
                ZRANGE z -inf inf byscore limit 3 -1 withscores
                ZRANGE z x 5 BYSCORE
                ZRANGEBYSCORE nokey 0 1
                ZRANGEBYSCORE nokey x 1
                ZREVRANGEBYSCORE nokey 1 0
                SET str x
                ZRANGEBYSCORE str 0 1
                ZRANGEBYSCORE str a 1
                """);
    }

    @Test
    void rangesByLex() {
        check("""
                ZADD l 0 a 0 b 0 c 0 d 0 e 0 f 0 g 0 aa 0 "" 0 "\\xff"
                ZRANGEBYLEX l - +
                ZRANGEBYLEX l + -
                ZRANGEBYLEX l - -
                ZRANGEBYLEX l [b [e
                ZRANGEBYLEX l (b (e
                ZRANGEBYLEX l [aa (c
                ZRANGEBYLEX l ( +
                ZRANGEBYLEX l [ [a
                ZRANGEBYLEX l - + LIMIT 2 3
                ZRANGEBYLEX l - + LIMIT 2 -1
                ZRANGEBYLEX l - + LIMIT -2 3
                ZRANGEBYLEX l - + LIMIT 0 0
                ZRANGEBYLEX l - + LIMIT 9 10
                ZRANGEBYLEX l - + LIMIT 10 10
                ZRANGEBYLEX l - + WITHSCORES
                ZRANGEBYLEX l - + REV
                ZRANGEBYLEX l b c
                ZRANGEBYLEX l [b c
                ZRANGEBYLEX l "" +
                ZRANGEBYLEX l -- +
                ZREVRANGEBYLEX l + -
                ZREVRANGEBYLEX l - +
                ZREVRANGEBYLEX l [e [b
                ZREVRANGEBYLEX l (e (b
                ZREVRANGEBYLEX l + - LIMIT 1 3
                ZREVRANGEBYLEX l + [c LIMIT 0 -1
                ZREVRANGEBYLEX l + - LIMIT -1 3
                ZRANGE l [b [e BYLEX
                ZRANGE l [e [b BYLEX REV
                ZRANGE l + - BYLEX REV LIMIT 2 2
                ZRANGE l - + BYLEX WITHSCORES
                ZRANGE l - + BYLEX LIMIT 1 2
                ZRANGE l a b BYLEX
                ZRANGEBYLEX nokey - +
                ZRANGEBYLEX nokey a b
                SET str x
                ZRANGEBYLEX str - +
                ZRANGEBYLEX str a b
                """);
    }

    @Test
    void rangestore() {
        check("""
                ZADD src 1 a 2 b 3 c 4 d 5 e
                ZRANGESTORE dst src 0 -1
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src 1 2
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src 0 1 REV
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src 2 4 BYSCORE
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src 4 2 BYSCORE REV LIMIT 0 2
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src - + BYLEX LIMIT 1 1
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src 10 20
                ZCARD dst
                ZRANGESTORE dst src 0 -1
                ZRANGESTORE dst nokey 0 -1
                ZCARD dst
                ZRANGESTORE dst src 0 -1 WITHSCORES
                ZRANGESTORE dst src 0 -1 LIMIT 0 1
                ZRANGESTORE dst src a b
                ZRANGESTORE dst src a b BYSCORE
                ZRANGESTORE dst src a b BYLEX
                ZRANGESTORE src src 1 2
                ZRANGE src 0 -1 WITHSCORES
                SET str x
                ZRANGESTORE dst str 0 -1
                ZRANGESTORE str src 0 -1
                ZRANGE str 0 -1 WITHSCORES
                ZRANGESTORE dst src 5 10 BYSCORE LIMIT 100 1
                """);
    }

    @Test
    void removeRanges() {
        check("""
                ZADD z 1 a 2 b 3 c 4 d 5 e 6 f 7 g
                ZREMRANGEBYRANK z 0 0
                ZRANGE z 0 -1
                ZREMRANGEBYRANK z -2 -1
                ZRANGE z 0 -1
                ZREMRANGEBYRANK z 5 10
                ZREMRANGEBYRANK z 2 1
                ZREMRANGEBYRANK z a 1
                ZREMRANGEBYRANK z 1 b
                ZREMRANGEBYRANK z -100 0
                ZRANGE z 0 -1
                ZREMRANGEBYRANK z 0 -1
                ZCARD z
                ZADD z 1 a 2 b 3 c 4 d 5 e 6 f 7 g
                ZREMRANGEBYSCORE z (1 3
                ZRANGE z 0 -1
                ZREMRANGEBYSCORE z 10 20
                ZREMRANGEBYSCORE z 5 4
                ZREMRANGEBYSCORE z x 4
                ZREMRANGEBYSCORE z 6 +inf
                ZRANGE z 0 -1
                ZREMRANGEBYSCORE z -inf +inf
                ZCARD z
                ZADD l 0 a 0 b 0 c 0 d 0 e
                ZREMRANGEBYLEX l [b (d
                ZRANGE l 0 -1
                ZREMRANGEBYLEX l + -
                ZREMRANGEBYLEX l x y
                ZREMRANGEBYLEX l - +
                ZCARD l
                ZREMRANGEBYRANK nokey 0 -1
                ZREMRANGEBYSCORE nokey 0 1
                ZREMRANGEBYLEX nokey - +
                ZREMRANGEBYLEX nokey x y
                SET str x
                ZREMRANGEBYRANK str 0 -1
                ZREMRANGEBYSCORE str 0 1
                ZREMRANGEBYLEX str - +
                ZREMRANGEBYRANK str x 1
                """);
    }

    @Test
    void pops() {
        check("""
                ZADD z 1 a 2 b 3 c 4 d 5 e
                ZPOPMIN z
                ZPOPMAX z
                ZPOPMIN z 2
                ZPOPMAX z 0
                ZPOPMIN z 0
                ZPOPMIN z 10
                ZCARD z
                ZPOPMIN z
                ZPOPMIN z 1
                ZPOPMAX nokey
                ZPOPMAX nokey 3
                ZPOPMAX nokey 0
                ZADD z 1 a 2 b 3 c
                ZPOPMAX z 2
                ZPOPMIN z -1
                ZPOPMIN z abc
                ZPOPMIN z 1 2
                ZPOPMIN z 1.5
                ZPOPMAX z 1
                SET str x
                ZPOPMIN str
                ZPOPMIN str 0
                ZPOPMIN str -1
                ZADD m1 1 a 2 b 3 c
                ZADD m2 10 x 20 y
                ZMPOP 2 nokey m1 MIN
                ZMPOP 2 nokey m1 max COUNT 5
                ZMPOP 2 m1 m2 MIN COUNT 1
                ZMPOP 1 m2 MAX COUNT 1
                ZMPOP 1 m2 MAX COUNT 1
                ZMPOP 1 m2 MAX
                ZMPOP 2 nokey nokey2 MIN
                ZMPOP 0 m1 MIN
                ZMPOP -1 m1 MIN
                ZMPOP x m1 MIN
                ZMPOP 1 m1 MIDDLE
                ZMPOP 1 m1
                ZMPOP 3 m1 MIN
                ZMPOP 1 m1 MIN COUNT 0
                ZMPOP 1 m1 MIN COUNT -1
                ZMPOP 1 m1 MIN COUNT x
                ZMPOP 1 m1 MIN COUNT 1 COUNT 2
                ZMPOP 1 m1 MIN COUNT
                ZMPOP 1 m1 MIN foo
                ZMPOP 2 str m1 MIN
                ZMPOP 2 nokey str MIN
                ZADD m1 1 a
                ZMPOP 2 m1 str MIN
                ZADD b1 1 a 2 b
                BZPOPMIN b1 0
                BZPOPMAX nokey b1 0
                BZPOPMIN nokey b1 0.01
                BZPOPMIN b1 -1
                BZPOPMIN b1 abc
                BZPOPMIN str 0
                BZPOPMIN nokey str 0
                ZADD b1 1 a 2 b 3 c
                BZMPOP 0 2 nokey b1 MIN COUNT 2
                BZMPOP 0.5 1 b1 MAX
                BZMPOP 0 0 b1 MAX
                BZMPOP abc 1 b1 MAX
                BZMPOP -1 1 b1 MAX
                BZMPOP 0 1 b1 MAX COUNT 0
                BZMPOP 0 1 str MAX
                BZMPOP 0.01 1 nokey MAX
                BZPOPMAX nokey 0.01
                MULTI
                BZPOPMIN nokey 0
                BZMPOP 0 1 nokey MIN
                ZADD q 1 a
                BZPOPMAX q 0
                EXEC
                """);
    }

    @Test
    void randomMemberDeterministicCases() {
        check("""
                ZADD z 1 a 2 b 3 c 4 d 5 e
                ZRANDMEMBER z 5
                ZRANDMEMBER z 6
                ZRANDMEMBER z 100 WITHSCORES
                ZRANDMEMBER z 100 withscores
                ZRANDMEMBER z 0
                ZRANDMEMBER z 0 WITHSCORES
                ZRANDMEMBER z 1 WITHSCORE
                ZRANDMEMBER z 1 WITHSCORES extra
                ZRANDMEMBER z abc
                ZRANDMEMBER z -9223372036854775808
                ZRANDMEMBER z 9223372036854775807 WITHSCORES
                ZRANDMEMBER z -9223372036854775807 WITHSCORES
                ZRANDMEMBER z 4611686018427387904 WITHSCORES
                ZRANDMEMBER nokey
                ZRANDMEMBER nokey 5
                ZRANDMEMBER nokey 5 WITHSCORES
                ZRANDMEMBER nokey 5 foo
                ZRANDMEMBER nokey x
                ZADD one 7 only
                ZRANDMEMBER one
                ZRANDMEMBER one 1
                ZRANDMEMBER one -3
                ZRANDMEMBER one -3 WITHSCORES
                ZRANDMEMBER one 1 WITHSCORES
                ZRANDMEMBER one 2 WITHSCORES
                SET str x
                ZRANDMEMBER str
                ZRANDMEMBER str 1
                ZRANDMEMBER str x
                """);
    }

    @Test
    void unionInterDiff() {
        check("""
                ZADD a 1 x 2 y 3 z
                ZADD b 10 y 20 z 30 w
                ZADD c 100 z 0.5 x
                ZUNION 2 a b
                ZUNION 2 a b WITHSCORES
                ZUNION 3 a b c WITHSCORES
                ZUNION 2 a b WEIGHTS 2 3 WITHSCORES
                ZUNION 2 a b WEIGHTS 2 WITHSCORES
                ZUNION 2 a b WEIGHTS 2 x WITHSCORES
                ZUNION 2 a b AGGREGATE MIN WITHSCORES
                ZUNION 2 a b AGGREGATE max WITHSCORES
                ZUNION 2 a b AGGREGATE SUM WEIGHTS 1 -1 WITHSCORES
                ZUNION 2 a b AGGREGATE AVG
                ZUNION 2 a b AGGREGATE
                ZUNION 2 a b WITHSCORES WITHSCORES
                ZUNION 2 a nokey WITHSCORES
                ZUNION 1 nokey
                ZUNION 0 a
                ZUNION -1 a
                ZUNION x a
                ZUNION 3 a b
                ZUNION 2 a b foo
                ZUNION 2 a b WEIGHTS inf -inf WITHSCORES
                ZUNION 2 a b WEIGHTS 0 inf WITHSCORES
                ZINTER 2 a b
                ZINTER 2 a b WITHSCORES
                ZINTER 3 a b c WITHSCORES
                ZINTER 2 a b WEIGHTS 2 3 AGGREGATE MAX WITHSCORES
                ZINTER 2 a b AGGREGATE MIN WITHSCORES
                ZINTER 2 a a WITHSCORES
                ZINTER 2 a a WEIGHTS 1 2 WITHSCORES
                ZINTER 2 a nokey
                ZINTER 2 a nokey WITHSCORES
                ZINTER 0 a
                ZDIFF 2 a b
                ZDIFF 2 a b WITHSCORES
                ZDIFF 3 b a c WITHSCORES
                ZDIFF 2 a a
                ZDIFF 1 a WITHSCORES
                ZDIFF 2 nokey a
                ZDIFF 2 a nokey WITHSCORES
                ZDIFF 2 a b WEIGHTS 1 2
                ZDIFF 2 a b AGGREGATE MIN
                ZDIFF 0 a
                ZUNIONSTORE d 2 a b
                ZRANGE d 0 -1 WITHSCORES
                ZUNIONSTORE d 2 a b WEIGHTS 1 2 AGGREGATE MAX
                ZRANGE d 0 -1 WITHSCORES
                ZUNIONSTORE d 2 a b WITHSCORES
                ZINTERSTORE d 2 a b
                ZRANGE d 0 -1 WITHSCORES
                ZINTERSTORE d 2 a nokey
                ZCARD d
                ZINTERSTORE d 2 a b
                ZDIFFSTORE d 2 a b
                ZRANGE d 0 -1 WITHSCORES
                ZDIFFSTORE d 2 a a
                ZCARD d
                ZDIFFSTORE d 2 a b WITHSCORES
                ZUNIONSTORE a 2 a b
                ZRANGE a 0 -1 WITHSCORES
                ZUNIONSTORE d 0 a
                ZINTERSTORE d 0 a
                ZDIFFSTORE d 0 a
                SET str x
                ZUNION 2 a str
                ZINTER 2 str nokey
                ZUNION 2 a str WEIGHTS x y
                ZUNIONSTORE d 2 a str
                ZUNIONSTORE str 1 b
                ZRANGE str 0 -1 WITHSCORES
                ZINTERCARD 2 a b
                ZINTERCARD 3 a b c
                ZINTERCARD 2 a b LIMIT 1
                ZINTERCARD 2 a b LIMIT 0
                ZINTERCARD 2 a b LIMIT 100
                ZINTERCARD 2 a b LIMIT -1
                ZINTERCARD 2 a b LIMIT x
                ZINTERCARD 2 a b LIMIT
                ZINTERCARD 2 a b WITHSCORES
                ZINTERCARD 2 a b WEIGHTS 1 2
                ZINTERCARD 0 a
                ZINTERCARD x a
                ZINTERCARD 3 a b
                ZINTERCARD 1 nokey
                ZINTERCARD 2 a str
                ZINTERCARD 2 a a
                """);
    }

    @Test
    void genericCommandsOnSortedSets() {
        check("""
                ZADD z 1 a 2 b 3 c
                TYPE z
                OBJECT ENCODING z
                EXISTS z
                COPY z z2
                ZADD z2 10 a 4 d
                ZRANGE z 0 -1 WITHSCORES
                ZRANGE z2 0 -1 WITHSCORES
                TYPE z2
                OBJECT ENCODING z2
                RENAME z2 z3
                ZRANGE z3 0 -1 WITHSCORES
                EXPIRE z 1000
                ZADD z 5 e
                TTL z
                ZREM z a b c e
                EXISTS z
                TTL z
                ZADD src 1 a
                ZADD dst 1 x
                EXPIRE dst 1000
                ZUNIONSTORE dst 1 src
                TTL dst
                EXPIRE dst 1000
                ZRANGESTORE dst src 0 -1
                TTL dst
                EXPIRE dst 1000
                ZPOPMIN dst
                EXISTS dst
                DEL src z3
                DBSIZE
                SET s v
                ZUNIONSTORE s 1 nokey
                EXISTS s
                ZADD w 1 a
                WATCH w
                ZUNIONSTORE out 1 w
                ZRANGESTORE out2 w 0 -1
                ZINTERCARD 1 w
                MULTI
                PING
                EXEC
                WATCH w
                ZINTERSTORE w 2 w w
                MULTI
                PING
                EXEC
                """);
    }

    @Test
    void scanSmallSets() {
        // only in the compact form does Redis reply everything in order with cursor 0
        for (int proto : new int[] {2, 3}) {
            ZSetSupport.flush(redis, vigil);
            ZSetSupport.withDiff(redis, vigil, proto, d -> d.script("""
                    ZADD z 1 a 2 b 1.5 c 0.1 d inf e -0 f 3 foo 4 bar 5 baz
                    ZSCAN z 0
                    ZSCAN z 0 COUNT 1
                    ZSCAN z 0 MATCH b*
                    ZSCAN z 0 MATCH *a*
                    ZSCAN z 0 MATCH ?
                    ZSCAN z 0 MATCH [a-c]
                    ZSCAN z 0 MATCH [^a-c]
                    ZSCAN z 0 MATCH * COUNT 100
                    ZSCAN z 0 match f* count 2
                    ZSCAN z 0 COUNT 0
                    ZSCAN z 0 COUNT -1
                    ZSCAN z 0 COUNT x
                    ZSCAN z 0 COUNT
                    ZSCAN z 0 MATCH
                    ZSCAN z 0 TYPE zset
                    ZSCAN z 0 foo bar
                    ZSCAN z ""
                    ZSCAN z -1
                    ZSCAN z +5
                    ZSCAN z 007
                    ZSCAN z " 1"
                    ZSCAN z "1 "
                    ZSCAN z 18446744073709551615
                    ZSCAN z 18446744073709551616
                    ZSCAN z abc
                    ZSCAN nokey 0
                    ZSCAN nokey 0 COUNT 0
                    ZSCAN nokey x
                    ZADD e 1 "" 2 x
                    ZSCAN e 0 MATCH *
                    ZSCAN e 0 MATCH **
                    ZSCAN e 0 MATCH ""
                    SET str x
                    ZSCAN str 0
                    ZSCAN str x
                    """));
        }
    }

    @Test
    void scanLargeSetReturnsEveryMember() {
        ZSetSupport.flush(redis, vigil);
        StringBuilder add = new StringBuilder("ZADD big");
        for (int i = 0; i < 1000; i++) {
            add.append(' ').append(i % 7).append(" m").append(i);
        }
        try (Resp r = Resp.connect(redis); Resp v = vigil.connect()) {
            List<String> args = Differential.splitArgs(add.toString()).stream().map(String::new).toList();
            r.send(args);
            v.send(args);
            assertThat(scanAll(v, null)).isEqualTo(scanAll(r, null));
            assertThat(scanAll(v, "m1*")).isEqualTo(scanAll(r, "m1*"));
        }
    }

    private static void sameEncoding(Differential d, String key, String expected) {
        assertThat(d.redis().send("OBJECT", "ENCODING", key).asString()).as("redis encoding of " + key)
                .isEqualTo(expected);
        assertThat(ZSetSupport.encoding(vigil, key)).as("vigil encoding of " + key).isEqualTo(expected);
    }

    private static java.util.TreeMap<String, String> scanAll(Resp r, String match) {
        java.util.TreeMap<String, String> all = new java.util.TreeMap<>();
        String cursor = "0";
        do {
            Resp.Reply rep = match == null ? r.send("ZSCAN", "big", cursor, "COUNT", "37")
                    : r.send("ZSCAN", "big", cursor, "MATCH", match);
            List<Resp.Reply> parts = ((Resp.Arr) rep).items();
            cursor = parts.get(0).asString();
            List<Resp.Reply> items = ((Resp.Arr) parts.get(1)).items();
            for (int i = 0; i < items.size(); i += 2) {
                all.put(items.get(i).asString(), items.get(i + 1).asString());
            }
        } while (!cursor.equals("0"));
        return all;
    }

    @Test
    void encodingConversions() {
        ZSetSupport.flush(redis, vigil);
        ZSetSupport.withDiff(redis, vigil, 2, d -> {
            StringBuilder add = new StringBuilder("ZADD z");
            for (int i = 0; i < 128; i++) {
                add.append(' ').append(i).append(" m").append(i);
            }
            d.script(add.toString());
            sameEncoding(d, "z", "listpack");
            d.script("ZADD z 1000 last\nZRANGE z 120 -1 WITHSCORES\nZRANK z last\nZREMRANGEBYRANK z 0 100\nZCARD z");
            sameEncoding(d, "z", "skiplist");
            String longMember = "x".repeat(65);
            d.script("ZADD long 1 a\nZADD long 2 " + longMember + "\nZRANGE long 0 -1 WITHSCORES");
            sameEncoding(d, "long", "skiplist");
            d.script("ZADD exact 1 " + "y".repeat(64));
            sameEncoding(d, "exact", "listpack");
            d.script("ZRANGESTORE small z 0 2\nZUNIONSTORE u 1 z\nZINTERSTORE i 2 z small\nZRANGESTORE l2 long 0 -1");
            sameEncoding(d, "small", "listpack");
            sameEncoding(d, "u", "listpack");
            sameEncoding(d, "i", "listpack");
            sameEncoding(d, "l2", "skiplist");
            StringBuilder dup = new StringBuilder("ZADD dup");
            for (int i = 0; i < 200; i++) {
                dup.append(" 1 same");
            }
            d.script(dup.toString());
            sameEncoding(d, "dup", "listpack");
        });
    }
}
