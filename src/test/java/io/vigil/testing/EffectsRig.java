package io.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Node;
import io.vigil.command.Engine;
import io.vigil.command.KeyspaceEvents;
import io.vigil.testing.Resp.Bulk;
import io.vigil.testing.Resp.Reply;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * The "effects" differential harness: real Redis 7.0 (with an AOF to read its propagation from) and an
 * embedded Vigil node, compared one command at a time. Besides the reply (errors included) each case
 * compares the changes counted (rdb_changes_since_last_save against {@link Engine#dirty()}), keyspace hits
 * and misses, the keyspace events (Redis's {@code __keyevent@*__} messages against a {@link KeyspaceEvents}
 * listener) and what was propagated (Redis's AOF against a {@link io.vigil.command.Propagator}).
 *
 * <pre>{@code
 * EffectsRig rig = EffectsRig.start("lists", "Elg", KeyspaceEvents.LIST | KeyspaceEvents.GENERIC);
 * rig.script("""
 *     RPUSH l a b
 *     LPOP l
 *     """);
 * }</pre>
 *
 * <p>Script lines are split as redis-cli does; {@code {rep:c:n}} expands to c repeated n times;
 * pseudo-commands {@code ~resp3} / {@code ~resp2} switch both connections' protocol. A subclass adds its
 * own pseudo-commands ({@link #special}) and may normalize propagated commands ({@link #normalize}).
 */
public class EffectsRig implements AutoCloseable {
    private final ServerProcess redis;
    private final EmbeddedVigil vigil;
    private final Node node;
    private final Engine engine;
    private final Resp r;
    private final Resp v;
    private final Resp sub;
    private final Resp ctl;
    private final ConcurrentLinkedQueue<String> vigilEvents = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> vigilPropagated = new ConcurrentLinkedQueue<>();
    private long aofOffset;

    /**
     * Wires the comparison: Redis publishes the events of {@code notifyFlags} (notify-keyspace-events), Vigil
     * reports the events whose {@link KeyspaceEvents} type bits pass {@code vigilTypes}.
     */
    protected EffectsRig(ServerProcess redis, EmbeddedVigil vigil, String notifyFlags, IntPredicate vigilTypes)
            throws Exception {
        this.redis = redis;
        this.vigil = vigil;
        this.node = vigil.node();
        this.engine = node.engine();
        this.r = redis.connect();
        this.v = vigil.connect();
        this.sub = redis.connect();
        this.ctl = redis.connect();
        ctl.send("CONFIG", "SET", "notify-keyspace-events", notifyFlags);
        sub.send("PSUBSCRIBE", "__keyevent@*__:*");
        sub.send("SUBSCRIBE", "~marker");
        node.server().onMain(() -> {
            engine.keyspaceEvents((type, event, key, db) -> {
                if (vigilTypes.test(type)) {
                    vigilEvents.add(event + " " + render(key));
                }
            });
            engine.propagator((db, argv) -> vigilPropagated.add(renderCommand(argv)));
            return null;
        });
    }

    /** Starts a Redis (named {@code name}, with an AOF) for {@link #EffectsRig}'s constructor. */
    public static ServerProcess startRedis(String name) {
        return ServerProcess.redis().name(name).arg("appendonly", "yes").arg("appendfsync", "no").start();
    }

    /**
     * Starts Redis and an embedded Vigil node; events are compared for the Redis classes {@code notifyFlags}
     * and the Vigil {@link KeyspaceEvents} type bits {@code vigilTypeMask}.
     */
    public static EffectsRig start(String name, String notifyFlags, int vigilTypeMask) throws Exception {
        ServerProcess redis = startRedis(name);
        try {
            return new EffectsRig(redis, EmbeddedVigil.start(), notifyFlags, type -> (type & vigilTypeMask) != 0);
        } catch (Exception | Error e) {
            redis.close();
            throw e;
        }
    }

    /** The embedded node. */
    public Node node() {
        return node;
    }

    /** A new connection to Redis (closed by the caller). */
    public Resp redisConnection() {
        return redis.connect();
    }

    /** A new connection to Vigil (closed by the caller). */
    public Resp vigilConnection() {
        return vigil.connect();
    }

    /** Clients blocked on keys in Redis (INFO clients). */
    public int redisBlocked() {
        return (int) infoField(ctl.send("INFO", "clients").asString(), "blocked_clients");
    }

    /** Clients blocked on keys in Vigil. */
    public int vigilBlocked() throws Exception {
        return node.server().onMain(engine::blockedClients);
    }

    @Override
    public void close() {
        r.close();
        v.close();
        sub.close();
        ctl.close();
        vigil.close();
        redis.close();
    }

    /** Empties both servers and forgets pending events and propagation. */
    public void flush() throws Exception {
        ctl.send("FLUSHALL");
        node.server().onMain(() -> {
            for (int i = 0; i < engine.keyspace().count(); i++) {
                engine.keyspace().db(i).clear();
            }
            return null;
        });
        resync();
    }

    /** Forgets pending events and propagation (after a set-up done outside the comparison). */
    public void resync() throws Exception {
        redisEvents();
        redisPropagated();
        vigilEvents.clear();
        vigilPropagated.clear();
    }

    /** Runs a script of one command a line (blank lines and # comments skipped). */
    public void script(String text) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                lines.add(t);
            }
        }
        run(lines.toArray(new String[0]));
    }

    /** Runs the cases; fails with every difference found. */
    public void run(String... lines) throws Exception {
        List<String> failures = new ArrayList<>();
        for (String line : lines) {
            String diff = runOne(line);
            if (diff != null) {
                failures.add(diff);
            }
        }
        assertThat(failures).as("differences from Redis").isEmpty();
    }

    /** Runs one case; returns a description of the differences, or null. */
    public String runOne(String line) throws Exception {
        List<byte[]> args = parse(line);
        String name = new String(args.get(0), StandardCharsets.ISO_8859_1);
        if (name.equals("~resp3") || name.equals("~resp2")) {
            String proto = name.equals("~resp3") ? "3" : "2";
            r.send("HELLO", proto);
            v.send("HELLO", proto);
            return null;
        }
        if (name.startsWith("~")) {
            return special(line, name, args);
        }
        return compare(line, args);
    }

    /**
     * A subclass's pseudo-command {@code name} (starting with {@code ~}): returns a description of the
     * differences it found, or null. This one knows none.
     */
    protected String special(String line, String name, List<byte[]> args) throws Exception {
        throw new IllegalArgumentException("unknown pseudo-command " + name);
    }

    /** The propagated commands as compared (a subclass may mask what legitimately differs, e.g. times). */
    protected List<String> normalize(List<String> propagated) {
        return propagated;
    }

    /** The Redis connection the cases run on. */
    public Resp redisClient() {
        return r;
    }

    /** The Vigil connection the cases run on. */
    public Resp vigilClient() {
        return v;
    }

    /** A spare Redis connection for set-up and probes (its commands are not compared). */
    public Resp redisControl() {
        return ctl;
    }

    /** The embedded node's engine. */
    public Engine engine() {
        return engine;
    }

    private String compare(String line, List<byte[]> args) throws Exception {
        byte[][] argv = args.toArray(new byte[0][]);
        long[] rBefore = redisCounters();
        long[] vBefore = vigilCounters();
        Reply rr = r.send(argv);
        Reply vr = v.send(argv);
        long[] rAfter = redisCounters();
        long[] vAfter = vigilCounters();
        List<String> rEvents = redisEvents();
        List<String> vEvents = drain(vigilEvents);
        List<String> rProp = redisPropagated();
        List<String> vProp = drain(vigilPropagated);
        StringBuilder diff = new StringBuilder();
        if (!rr.equals(vr)) {
            diff.append("\n   reply redis=").append(rr).append("\n         vigil=").append(vr);
        }
        String[] names = {"dirty", "hits", "misses"};
        for (int i = 0; i < 3; i++) {
            long rd = rAfter[i] - rBefore[i];
            long vd = vAfter[i] - vBefore[i];
            if (rd != vd) {
                diff.append("\n   ").append(names[i]).append(" redis=+").append(rd).append(" vigil=+").append(vd);
            }
        }
        if (!rEvents.equals(vEvents)) {
            diff.append("\n   events redis=").append(rEvents).append(" vigil=").append(vEvents);
        }
        if (!normalize(rProp).equals(normalize(vProp))) {
            diff.append("\n   propagated redis=").append(rProp).append(" vigil=").append(vProp);
        }
        String shown = line.length() > 300 ? line.substring(0, 300) + "..." : line;
        return diff.length() == 0 ? null : shown + diff;
    }

    private long[] redisCounters() {
        String info = ctl.send("INFO").asString();
        return new long[] {infoField(info, "rdb_changes_since_last_save"), infoField(info, "keyspace_hits"),
                infoField(info, "keyspace_misses")};
    }

    private static long infoField(String info, String field) {
        int i = info.indexOf(field + ":");
        int end = info.indexOf('\r', i);
        return Long.parseLong(info.substring(i + field.length() + 1, end));
    }

    private long[] vigilCounters() throws Exception {
        return node.server().onMain(() -> new long[] {engine.dirty(), engine.stats().keyspaceHits,
                engine.stats().keyspaceMisses});
    }

    /** The keyspace events Redis published since the last call, as "event key". */
    private List<String> redisEvents() {
        ctl.send("PUBLISH", "~marker", "x");
        List<String> out = new ArrayList<>();
        while (true) {
            List<Reply> msg = sub.readReply().asList();
            String kind = msg.get(0).asString();
            if (kind.equals("message")) {
                return out;
            }
            if (kind.equals("pmessage")) {
                String channel = msg.get(2).asString();
                out.add(channel.substring(channel.indexOf(':') + 1) + " " + render(((Bulk) msg.get(3)).bytes()));
            }
        }
    }

    private static List<String> drain(ConcurrentLinkedQueue<String> q) {
        List<String> out = new ArrayList<>();
        for (String s; (s = q.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }

    /** Commands Redis appended to its AOF since the last call (SELECT left out). */
    private List<String> redisPropagated() throws IOException {
        Path incr;
        try (Stream<Path> files = Files.list(redis.dir().resolve("appendonlydir"))) {
            incr = files.filter(f -> f.getFileName().toString().endsWith(".incr.aof")).findFirst().orElseThrow();
        }
        byte[] data;
        try (RandomAccessFile f = new RandomAccessFile(incr.toFile(), "r")) {
            long len = f.length();
            data = new byte[(int) (len - aofOffset)];
            f.seek(aofOffset);
            f.readFully(data);
            aofOffset = len;
        }
        List<String> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < data.length) {
            String s = renderCommand(aofCommand(data, pos));
            if (!s.startsWith("select ")) {
                out.add(s);
            }
        }
        return out;
    }

    /** Reads one {@code *n $len arg...} command at {@code pos[0]} of AOF bytes. */
    private static byte[][] aofCommand(byte[] d, int[] pos) {
        int n = (int) aofNumber(d, pos, '*');
        byte[][] argv = new byte[n][];
        for (int i = 0; i < n; i++) {
            int len = (int) aofNumber(d, pos, '$');
            argv[i] = Arrays.copyOfRange(d, pos[0], pos[0] + len);
            pos[0] += len + 2;
        }
        return argv;
    }

    private static long aofNumber(byte[] d, int[] pos, char marker) {
        if (d[pos[0]] != marker) {
            throw new IllegalStateException("unexpected AOF byte at " + pos[0]);
        }
        int i = pos[0] + 1;
        long v = 0;
        while (d[i] != '\r') {
            v = v * 10 + (d[i++] - '0');
        }
        pos[0] = i + 2;
        return v;
    }

    public static String render(byte[] b) {
        if (b.length <= 64) {
            return new Bulk(b).toString();
        }
        // short in failure messages, yet still telling apart values that differ after the first 64 bytes
        return new Bulk(Arrays.copyOf(b, 64)) + "...(" + b.length + " bytes, hash " + Arrays.hashCode(b) + ")";
    }

    /** A command as text; the name in upper case (Redis writes some names as given, some its own way). */
    public static String renderCommand(byte[][] argv) {
        StringBuilder sb = new StringBuilder(new String(argv[0], StandardCharsets.ISO_8859_1));
        for (int i = 1; i < argv.length; i++) {
            sb.append(' ').append(render(argv[i]));
        }
        return sb.toString();
    }

    /** Splits a case line as redis-cli does, then expands {@code {rep:c:n}} words. */
    public static List<byte[]> parse(String line) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] w : Differential.splitArgs(line)) {
            String word = new String(w, StandardCharsets.ISO_8859_1);
            if (word.startsWith("{rep:") && word.endsWith("}")) {
                String[] p = word.substring(5, word.length() - 1).split(":");
                out.add(p[0].repeat(Integer.parseInt(p[1])).getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.add(w);
            }
        }
        return out;
    }
}
