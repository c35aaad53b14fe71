package io.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.EffectsRig;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list commands against real Redis 7.0 and Vigil. For every command the rig compares the reply
 * (errors included, in RESP2 and RESP3), the changes counted (rdb_changes_since_last_save against
 * {@link Engine#dirty()}), keyspace hits and misses, the keyspace events, and what was propagated (Redis's
 * AOF against a {@link Propagator}). A long random sequence of list commands is compared the same way.
 */
class ListDifferentialTest {
    private static EffectsRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = startRig();
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

    /** Runs {@code script} (one command a line) in RESP2, then from empty again in RESP3. */
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

    // ---------------------------------------------------------------------------------------------
    // Push and pop

    @Test
    void pushAndLength() throws Exception {
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
    void popWithAndWithoutCount() throws Exception {
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
    void arityErrors() throws Exception {
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
    void wrongTypeForEveryCommand() throws Exception {
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
    void rangeAndIndex() throws Exception {
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
    void lset() throws Exception {
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
    void linsert() throws Exception {
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
    void lrem() throws Exception {
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
    void ltrim() throws Exception {
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
    void lpos() throws Exception {
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
    void lmoveAndRpoplpush() throws Exception {
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
    void lmpop() throws Exception {
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
    void blockingCommandsWithDataOrErrors() throws Exception {
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
                BLPOP a +1e400
                BLPOP a -1e400
                BLPOP a 1e5000
                BLPOP a 1e-5000
                BLPOP nokey 1e-400
                BLPOP nokey 0x1p-3
                RPUSH a 1 2 3
                BLPOP a -1e-400
                BLPOP a -0.0001
                BLPOP a -0
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
    void blockingCommandsInsideMultiReturnNullAtOnce() throws Exception {
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
    void genericCommandsOnLists() throws Exception {
        bothProtocols("""
                RPUSH l a b c
                TYPE l
                OBJECT ENCODING l
                RPUSH big {rep:x:100000} {rep:y:10}
                OBJECT ENCODING big
                EXISTS l
                COPY l l2
                RPUSH l2 d
                LSET l 0 A
                LRANGE l 0 -1
                LRANGE l2 0 -1
                RENAME l2 l3
                LRANGE l3 0 -1
                LPUSH l3 z
                MOVE l3 1
                LLEN l3
                DEL l
                EXISTS l
                LLEN l
                TYPE big
                LPOP big 2
                TYPE big
                """);
    }

    @Test
    void largeListsAndBinaryElements() throws Exception {
        StringBuilder push = new StringBuilder("RPUSH big");
        for (int i = 0; i < 2000; i++) {
            push.append(i % 7 == 0 ? " seven" : " e" + i);
        }
        rig.run(push.toString(),
                "LRANGE big 0 -1",
                "LRANGE big 1000 1010",
                "LINDEX big 1500",
                "LPOS big seven COUNT 0 MAXLEN 100",
                "LPOS big seven RANK -3 COUNT 4",
                "LINSERT big AFTER e1000 inserted",
                "LREM big -10 seven",
                "LREM big 10 seven",
                "LREM big 0 seven",
                "LLEN big",
                "LTRIM big 100 -100",
                "LRANGE big 0 -1",
                "LMPOP 1 big LEFT COUNT 500",
                "RPOP big 700",
                "LLEN big",
                "RPUSH bin \"\\x00\\x01\\xff\\r\\n\" \"\" {rep:x:100000} \"\\x00\\x01\\xff\\r\\n\"",
                "LPOS bin \"\\x00\\x01\\xff\\r\\n\" COUNT 0",
                "LREM bin 1 \"\"",
                "LRANGE bin 0 -1",
                "LINSERT bin BEFORE {rep:x:100000} \"\\x00\"",
                "LPOP bin 10");
    }

    // ---------------------------------------------------------------------------------------------
    // Keyspace events and propagation across a mixed sequence (also checked on every command above)

    @Test
    void eventsAndPropagationOfAMixedSequence() throws Exception {
        bothProtocols("""
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
                BLMPOP 0 1 m left
                EXEC
                MULTI
                LPUSH m x
                LTRIM m 0 -1
                LSET m 0 y
                RPOPLPUSH m m
                EXEC
                """);
    }

    /**
     * The same through the wire: a node with its own pub/sub keyspace notifier (notify-keyspace-events
     * KEl) publishes, for a script of list commands including a served blocked client, what Redis publishes.
     */
    @Test
    void keyspaceNotificationsOverTheWire() throws Exception {
        String[] script = {
            "RPUSH l a b c", "LPOP l", "RPOP l 5", "RPUSH l x y", "LINSERT l BEFORE y w", "LSET l 0 X",
            "LREM l 1 w", "LTRIM l 0 0", "LMOVE l m LEFT RIGHT", "RPUSH n 1", "LMPOP 1 n LEFT COUNT 3",
        };
        List<String> redisSeen;
        List<String> vigilSeen;
        try (Resp cfg = rig.redisConnection()) {
            cfg.send("CONFIG", "SET", "notify-keyspace-events", "KEl");
            try {
                redisSeen = notifications(rig.redisConnection(), rig.redisConnection(), rig.redisConnection(),
                        script);
            } finally {
                cfg.send("CONFIG", "SET", "notify-keyspace-events", "Elg");
            }
        }
        try (EmbeddedVigil node = EmbeddedVigil.start("notify-keyspace-events", "KEl")) {
            vigilSeen = notifications(node.connect(), node.connect(), node.connect(), script);
        }
        assertThat(vigilSeen).isEqualTo(redisSeen).isNotEmpty();
    }

    /** Runs {@code script} on {@code c} while {@code blocked} waits in BLMOVE; returns what {@code sub} got. */
    private static List<String> notifications(Resp sub, Resp c, Resp blocked, String[] script) {
        try (sub; c; blocked) {
            sub.send("PSUBSCRIBE", "__key*__:*");
            blocked.write("BLMOVE", "w", "l", "RIGHT", "LEFT", "0");
            c.send("LPUSH", "w", "served");
            assertThat(blocked.readReply().toString()).isEqualTo("\"served\"");
            for (String line : script) {
                c.send(EffectsRig.parse(line).toArray(new byte[0][]));
            }
            sub.write("SUBSCRIBE", "end"); // notifications may come first: publish once it is confirmed
            List<String> out = new ArrayList<>();
            while (true) {
                List<Reply> msg = sub.readReply().asList();
                String kind = msg.get(0).asString();
                if (kind.equals("subscribe")) {
                    c.send("PUBLISH", "end", "x");
                }
                if (kind.equals("message")) {
                    return out;
                }
                if (kind.equals("pmessage")) {
                    out.add(msg.get(2).asString() + " " + msg.get(3).asString());
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // A long random sequence of list commands, compared step by step

    @Test
    void randomSequenceMatchesStepByStep() throws Exception {
        Random rnd = new Random(20240607L);
        String[] keys = {"k0", "k1", "k2", "k3"};
        String[] values = {"a", "b", "c", "d", "\"\"", "longer-value-0123456789"};
        rig.run("SET str x");
        List<String> failures = new ArrayList<>();
        for (int step = 0; step < 2000 && failures.size() < 5; step++) {
            String cmd = randomCommand(rnd, keys, values);
            String diff = rig.runOne(cmd);
            if (diff != null) {
                failures.add("step " + step + ": " + diff);
            }
            if (step % 50 == 0) {
                for (String k : keys) {
                    diff = rig.runOne("LRANGE " + k + " 0 -1");
                    if (diff != null) {
                        failures.add("step " + step + ": " + diff);
                    }
                }
            }
        }
        assertThat(failures).as("differences from Redis").isEmpty();
    }

    private static String randomCommand(Random rnd, String[] keys, String[] values) {
        String k = rnd.nextInt(40) == 0 ? "str" : keys[rnd.nextInt(keys.length)];
        String k2 = rnd.nextInt(40) == 0 ? "str" : keys[rnd.nextInt(keys.length)];
        String v = values[rnd.nextInt(values.length)];
        String v2 = values[rnd.nextInt(values.length)];
        String idx = Integer.toString(rnd.nextInt(16) - 8);
        String idx2 = Integer.toString(rnd.nextInt(16) - 8);
        String side = rnd.nextBoolean() ? "LEFT" : "right";
        String side2 = rnd.nextBoolean() ? "left" : "RIGHT";
        String count = Integer.toString(rnd.nextInt(5));
        if (rnd.nextInt(60) == 0) {
            idx = "x";
        }
        return switch (rnd.nextInt(25)) {
            case 0, 1, 2 -> "RPUSH " + k + " " + v + " " + v2;
            case 3, 4 -> "LPUSH " + k + " " + v;
            case 5 -> "LPUSHX " + k + " " + v;
            case 6 -> "RPUSHX " + k + " " + v + " " + v2;
            case 7 -> rnd.nextBoolean() ? "LPOP " + k : "LPOP " + k + " " + count;
            case 8 -> rnd.nextBoolean() ? "RPOP " + k : "RPOP " + k + " " + count;
            case 9 -> "LLEN " + k;
            case 10 -> "LRANGE " + k + " " + idx + " " + idx2;
            case 11 -> "LINDEX " + k + " " + idx;
            case 12 -> "LSET " + k + " " + idx + " " + v;
            case 13 -> "LINSERT " + k + (rnd.nextBoolean() ? " BEFORE " : " after ") + v + " " + v2;
            case 14 -> "LREM " + k + " " + idx + " " + v;
            case 15 -> rnd.nextInt(4) == 0 ? "LTRIM " + k + " " + idx + " " + idx2 : "LLEN " + k;
            case 16 -> switch (rnd.nextInt(4)) {
                case 0 -> "LPOS " + k + " " + v;
                case 1 -> "LPOS " + k + " " + v + " RANK " + idx;
                case 2 -> "LPOS " + k + " " + v + " COUNT " + count + " MAXLEN " + count;
                default -> "LPOS " + k + " " + v + " RANK " + idx + " COUNT " + count;
            };
            case 17 -> "LMOVE " + k + " " + k2 + " " + side + " " + side2;
            case 18 -> "RPOPLPUSH " + k + " " + k2;
            case 19 -> "LMPOP 2 " + k + " " + k2 + " " + side + " COUNT " + (rnd.nextBoolean() ? "1" : "3");
            case 20 -> "BLPOP " + k + " " + k2 + " 0.001";
            case 21 -> "BRPOP " + k + " 0.001";
            case 22 -> "BLMOVE " + k + " " + k2 + " " + side + " " + side2 + " 0.001";
            case 23 -> "BRPOPLPUSH " + k + " " + k2 + " 0.001";
            default -> "BLMPOP 0.001 1 " + k + " " + side + " COUNT " + (count.equals("0") ? "2" : count);
        };
    }

    // ---------------------------------------------------------------------------------------------

    /** The rig of the list tests: replies, dirty, hits/misses, list and generic events, propagation. */
    static EffectsRig startRig() throws Exception {
        return EffectsRig.start("lists-redis", "Elg", KeyspaceEvents.LIST | KeyspaceEvents.GENERIC);
    }
}
