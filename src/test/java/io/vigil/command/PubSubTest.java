package io.vigil.command;

import io.vigil.testing.Differential;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import io.vigil.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pub/sub against real Redis 7.0 and Vigil through the wire: every connection exists twice (one per
 * server), each step runs on both, and everything a connection receives (replies and pushed messages)
 * is compared, in RESP2 and RESP3.
 */
class PubSubTest {
    private static ServerProcess redis;
    private static EmbeddedVigil vigil;
    private final List<Twin> open = new ArrayList<>();

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

    @AfterEach
    void closeConnections() {
        open.forEach(Twin::close);
        open.clear();
        // Both servers are back to no subscriptions before the next test.
        try (Twin t = new Twin()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                t.same("PUBSUB", "NUMPAT");
                assertThat(t.vigilOnly("PUBSUB", "CHANNELS")).hasToString("[]");
                assertThat(t.vigilOnly("PUBSUB", "SHARDCHANNELS")).hasToString("[]");
            });
        }
        open.clear();
    }

    /**
     * One logical connection, opened on both servers. {@link #run} sends a command and collects every
     * frame that arrives up to the reply of a PING marker sent right after it; since the PING is
     * answered after anything already queued for the connection, this captures the command's replies
     * and any message delivered before it.
     */
    private final class Twin implements AutoCloseable {
        final Resp r = Resp.connect(redis);
        final Resp v = vigil.connect();
        private int marks;

        Twin() {
            open.add(this);
        }

        List<Reply> run(String... cmd) {
            return runOn(r, v, cmd);
        }

        private List<Reply> runOn(Resp a, Resp b, String... cmd) {
            String mark = "mark-" + (++marks);
            List<Reply> ra = collect(a, mark, cmd);
            List<Reply> rb = collect(b, mark, cmd);
            assertThat(rb).as("frames for %s (redis then vigil)", String.join(" ", cmd))
                    .hasToString(ra.toString());
            assertThat(rb).isEqualTo(ra);
            return ra;
        }

        /** Sends several commands (one per line, split like redis-cli) and then the marker, e.g. a whole MULTI/EXEC. */
        List<Reply> runBatch(String lines) {
            String mark = "mark-" + (++marks);
            List<String[]> cmds = new ArrayList<>();
            for (String line : lines.strip().split("\n")) {
                cmds.add(Differential.splitArgs(line.strip()).stream()
                        .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toArray(String[]::new));
            }
            List<Reply> ra = collectAll(r, mark, cmds);
            List<Reply> rb = collectAll(v, mark, cmds);
            assertThat(rb).as("frames for %s", lines).hasToString(ra.toString());
            assertThat(rb).isEqualTo(ra);
            return ra;
        }

        /**
         * Like {@link #run} for replies whose order is Redis's hash-table order (UNSUBSCRIBE without
         * arguments, several pmessages of one publish): the frames are compared as a multiset, with the
         * subscription counts (which follow the order) compared as a sequence.
         */
        List<Reply> runUnordered(String... cmd) {
            String mark = "mark-" + (++marks);
            String ra = unordered(collect(r, mark, cmd));
            String rb = unordered(collect(v, mark, cmd));
            assertThat(rb).as("frames for %s", String.join(" ", cmd)).isEqualTo(ra);
            return List.of();
        }

        /** Sends a command to both and compares the single replies. */
        Reply same(String... cmd) {
            return same(Differential.Normalizer.none(), cmd);
        }

        Reply same(Differential.Normalizer n, String... cmd) {
            Reply a = n.normalize(r.send(cmd));
            Reply b = n.normalize(v.send(cmd));
            assertThat(b).as("reply to %s", String.join(" ", cmd)).hasToString(a.toString());
            assertThat(b).isEqualTo(a);
            return a;
        }

        Reply vigilOnly(String... cmd) {
            return v.send(cmd);
        }

        /** Waits until nothing more arrives on either side (messages must all have been consumed). */
        void assertNothingPending() {
            assertThat(r.pollReply(Duration.ofMillis(50))).isEmpty();
            assertThat(v.pollReply(Duration.ofMillis(50))).isEmpty();
        }

        @Override
        public void close() {
            r.close();
            v.close();
        }
    }

    private static List<Reply> collect(Resp c, String mark, String... cmd) {
        return collectAll(c, mark, List.<String[]>of(cmd));
    }

    private static List<Reply> collectAll(Resp c, String mark, List<String[]> cmds) {
        for (String[] cmd : cmds) {
            c.write(cmd);
        }
        c.write("PING", mark);
        List<Reply> frames = new ArrayList<>();
        while (true) {
            Reply f = c.readReply();
            if (isMark(f, mark)) {
                frames.add(new Resp.Simple("<pong " + (f instanceof Resp.Arr ? "array" : "bulk") + ">"));
                return frames;
            }
            frames.add(f);
        }
    }

    private static boolean isMark(Reply f, String mark) {
        if (f instanceof Resp.Bulk b) {
            return b.asString().equals(mark);
        }
        return f instanceof Resp.Arr a && a.items().size() == 2 && a.items().get(0) instanceof Resp.Bulk p
                && p.asString().equals("pong") && a.items().get(1) instanceof Resp.Bulk m
                && m.asString().equals(mark);
    }

    /** Frames as a sorted multiset with the counts of (un)subscribe confirmations taken out, then the counts. */
    private static String unordered(List<Reply> frames) {
        List<String> items = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Reply f : frames) {
            List<Reply> parts = f instanceof Resp.Arr a ? a.items() : f instanceof Resp.Push p ? p.items() : null;
            if (parts != null && parts.size() == 3 && parts.get(2) instanceof Resp.Int n
                    && parts.get(0).toString().contains("subscribe")) {
                counts.add(n.value());
                items.add(f.getClass().getSimpleName() + parts.subList(0, 2));
            } else {
                items.add(f.toString());
            }
        }
        items.sort(Comparator.naturalOrder());
        return items + " counts " + counts;
    }

    private static Differential.Normalizer helloId() {
        return r -> r instanceof Resp.RMap m ? new Resp.Simple("<hello " + m.entries().size() + ">") : r;
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void confirmationsAndTheNothingSubscribedRepliesInResp2() {
        Twin c = new Twin();
        c.run("UNSUBSCRIBE");
        c.run("PUNSUBSCRIBE");
        c.run("SUNSUBSCRIBE");
        c.run("UNSUBSCRIBE", "x", "y");
        c.run("PUNSUBSCRIBE", "p*");
        c.run("SUNSUBSCRIBE", "s");
        c.run("GET", "k"); // not in the subscribed context: allowed
        c.run("SUBSCRIBE", "a", "b", "a");
        c.run("PSUBSCRIBE", "p*", "a", "p*");
        c.run("SSUBSCRIBE", "s1", "s2", "s1");
        c.run("GET", "k");
        c.run("SET", "k", "v");
        c.run("PING");
        c.run("PING", "hello");
        c.run("UNSUBSCRIBE", "zz");
        c.run("SUNSUBSCRIBE", "zz");
        c.run("UNSUBSCRIBE", "a");
        c.runUnordered("UNSUBSCRIBE");
        c.run("UNSUBSCRIBE");
        c.run("PUNSUBSCRIBE");
        c.run("GET", "k"); // still subscribed to shard channels
        c.runUnordered("SUNSUBSCRIBE");
        c.run("GET", "k");
        c.run("SUBSCRIBE");
        c.run("PSUBSCRIBE");
        c.run("SSUBSCRIBE");
    }

    @Test
    void theFlagStaysWhileAnyKindOfSubscriptionRemains() {
        Twin c = new Twin();
        c.run("SSUBSCRIBE", "s");
        c.run("SUBSCRIBE", "a");
        c.run("SUNSUBSCRIBE", "s");
        c.run("GET", "k");
        c.run("UNSUBSCRIBE", "a");
        c.run("GET", "k");
        c.run("PSUBSCRIBE", "x");
        c.run("SSUBSCRIBE", "s");
        c.run("PUNSUBSCRIBE", "x");
        c.run("ECHO", "e");
        c.run("SUNSUBSCRIBE", "s");
        c.run("ECHO", "e");
        // Arity and unknown commands are checked before the subscribed context.
        c.run("SUBSCRIBE", "a");
        c.run("NOSUCHCOMMAND", "x");
        c.run("GET");
    }

    @Test
    void resp3ConfirmationsArePushesAndEveryCommandIsAllowed() {
        Twin c = new Twin();
        c.same(helloId(), "HELLO", "3");
        c.run("UNSUBSCRIBE");
        c.run("PUNSUBSCRIBE");
        c.run("SUNSUBSCRIBE");
        c.run("SUBSCRIBE", "ch1", "ch2");
        c.run("PSUBSCRIBE", "ch*");
        c.run("SSUBSCRIBE", "sh");
        c.run("GET", "k");
        c.run("PING");
        c.run("PING", "x");
        c.run("PUBLISH", "ch1", "to myself");
        c.run("SPUBLISH", "sh", "shard to myself");
        c.run("UNSUBSCRIBE", "ch1");
        c.runUnordered("UNSUBSCRIBE");
        c.run("PUNSUBSCRIBE");
        c.run("SUNSUBSCRIBE", "nope");
        c.run("SUNSUBSCRIBE");
    }

    @Test
    void publishDeliversToChannelAndPatternSubscribersInBothProtocols() {
        Twin s2 = new Twin();
        Twin s3 = new Twin();
        Twin pub = new Twin();
        s3.same(helloId(), "HELLO", "3");
        s2.run("SUBSCRIBE", "news.sport", "news.art");
        s2.run("PSUBSCRIBE", "news.*");
        s3.run("PSUBSCRIBE", "n*s.[as]*", "x?");
        s3.run("SUBSCRIBE", "news.art");
        s3.run("SSUBSCRIBE", "news.art");

        pub.run("PUBLISH", "news.sport", "goal");
        s2.run("PING");
        s3.run("PING");
        pub.run("PUBLISH", "news.art", "");
        s2.run("PING");
        s3.run("PING");
        pub.run("PUBLISH", "xy", "bin\u0000ary\r\n");
        s2.run("PING");
        s3.run("PING");
        pub.run("PUBLISH", "nobody", "m");
        pub.run("SPUBLISH", "news.art", "shard");
        pub.run("SPUBLISH", "news.sport", "shard");
        s2.run("PING");
        s3.run("PING");
        pub.run("PUBLISH", "", "empty channel");
        s2.run("PING");
        s3.run("PING");
        s2.assertNothingPending();
        s3.assertNothingPending();
    }

    @Test
    void eachMatchingSubscriptionIsOneDelivery() {
        Twin s = new Twin();
        Twin pub = new Twin();
        s.run("SUBSCRIBE", "a.b");
        s.run("PSUBSCRIBE", "a.*");
        pub.run("PUBLISH", "a.b", "1");
        s.run("PING");
        s.run("PSUBSCRIBE", "*.b");
        pub.run("PUBLISH", "a.b", "2");
        s.runUnordered("PING"); // the two pmessages come in the hash order of the patterns in Redis
        pub.run("PUBLISH", "[a.b]", "3");
        s.run("PING");
    }

    @Test
    void pubsubIntrospection() {
        Twin a = new Twin();
        Twin b = new Twin();
        Twin q = new Twin();
        a.run("SUBSCRIBE", "ch1", "ch2", "news.a");
        b.run("SUBSCRIBE", "ch1");
        a.run("PSUBSCRIBE", "n*", "x?");
        b.run("PSUBSCRIBE", "n*");
        a.run("SSUBSCRIBE", "sh1", "sh2");
        b.run("SSUBSCRIBE", "sh1");
        Differential.Normalizer sorted = Differential.Normalizer.sorted();
        q.same(sorted, "PUBSUB", "CHANNELS");
        q.same(sorted, "PUBSUB", "CHANNELS", "ch*");
        q.same(sorted, "PUBSUB", "CHANNELS", "*");
        q.same(sorted, "PUBSUB", "CHANNELS", "nomatch*");
        q.same("PUBSUB", "CHANNELS", "ch*", "extra");
        q.same("PUBSUB", "channels", "a", "b");
        q.same("PUBSUB", "NUMSUB");
        q.same("PUBSUB", "NUMSUB", "ch1", "ch2", "nope", "n*", "sh1");
        q.same("PUBSUB", "NUMPAT"); // distinct patterns: n* counts once
        q.same("PUBSUB", "NUMPAT", "x");
        q.same(sorted, "PUBSUB", "SHARDCHANNELS");
        q.same(sorted, "PUBSUB", "SHARDCHANNELS", "*1");
        q.same("PUBSUB", "SHARDCHANNELS", "*", "x");
        q.same("PUBSUB", "SHARDNUMSUB", "sh1", "sh2", "ch1");
        q.same("PUBSUB", "SHARDNUMSUB");
        q.same("PUBSUB", "HELP");
        q.same("PUBSUB", "help", "x");
        q.same("PUBSUB", "FOO");
        q.same("PUBSUB");
        q.same("PUBLISH");
        q.same("PUBLISH", "a");
        q.same("PUBLISH", "a", "b", "c");
        q.same("SPUBLISH", "a");
        q.same("PUBLISH", "ch1", "m");
        q.same("SPUBLISH", "sh1", "m");
        q.same(helloId(), "HELLO", "3");
        q.same("PUBSUB", "NUMSUB", "ch1", "x");
        q.same("PUBSUB", "SHARDNUMSUB", "sh1");
        q.same(sorted, "PUBSUB", "CHANNELS");
        a.runUnordered("PING");
        b.runUnordered("PING");
        a.runUnordered("PUNSUBSCRIBE");
        q.same("PUBSUB", "NUMPAT");
        b.run("PUNSUBSCRIBE", "n*");
        q.same("PUBSUB", "NUMPAT");
    }

    @Test
    void theEmptyChannelNameIsNotMatchedByStar() {
        Twin s = new Twin();
        Twin q = new Twin();
        s.run("SUBSCRIBE", "");
        s.run("PSUBSCRIBE", "*");
        q.same("PUBLISH", "", "m");
        q.same("PUBLISH", "x", "m");
        s.run("PING");
        q.same("PUBSUB", "CHANNELS");
        q.same("PUBSUB", "CHANNELS", "*");
        q.same("PUBSUB", "CHANNELS", "");
        q.same("PUBSUB", "NUMSUB", "");
    }

    @Test
    void subscribeInsideMultiInterleavesLikeRedis() {
        Twin c = new Twin();
        String tx = """
                MULTI
                SUBSCRIBE a
                PUBLISH a x
                EXEC
                """;
        c.runBatch(tx);
        c.run("GET", "x");
        c.runBatch("""
                MULTI
                UNSUBSCRIBE
                EXEC
                """);
        c.same(helloId(), "HELLO", "3");
        c.runBatch(tx);
        c.run("GET", "x");
    }

    @Test
    void resetUnsubscribesEverything() {
        Twin c = new Twin();
        Twin q = new Twin();
        c.run("SUBSCRIBE", "a");
        c.run("PSUBSCRIBE", "b*");
        c.run("SSUBSCRIBE", "s");
        c.run("RESET");
        c.run("GET", "k");
        q.same("PUBSUB", "NUMSUB", "a");
        q.same("PUBSUB", "SHARDNUMSUB", "s");
        q.same("PUBSUB", "NUMPAT");
        q.same("PUBLISH", "a", "m");
        q.same("PUBLISH", "bb", "m");
        q.same("SPUBLISH", "s", "m");
        c.run("UNSUBSCRIBE");
        c.same(helloId(), "HELLO", "3");
        c.run("SUBSCRIBE", "a");
        c.run("RESET");
        c.run("PING");
        c.assertNothingPending();
    }

    @Test
    void disconnectUnsubscribesEverything() {
        Twin c = new Twin();
        Twin q = new Twin();
        c.run("SUBSCRIBE", "a", "b");
        c.run("PSUBSCRIBE", "b*");
        c.run("SSUBSCRIBE", "s");
        q.same("PUBLISH", "b", "m");
        c.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            q.same("PUBSUB", "NUMSUB", "a", "b");
            q.same("PUBSUB", "SHARDNUMSUB", "s");
            q.same("PUBSUB", "NUMPAT");
        });
        q.same("PUBLISH", "b", "m");
    }
}
