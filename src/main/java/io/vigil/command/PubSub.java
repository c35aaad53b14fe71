package io.vigil.command;

import io.vigil.protocol.Reply;
import io.vigil.util.Glob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The pub/sub registry: who listens to which channel, pattern and shard channel, and the delivery of
 * messages to them (Redis's pubsub.c). Three independent name spaces: channels (SUBSCRIBE / PUBLISH),
 * patterns (PSUBSCRIBE, matched against the channel of every PUBLISH), and shard channels (SSUBSCRIBE /
 * SPUBLISH, which in a standalone server are simply a second, separate set of channels).
 *
 * <p>Invariants: a client is in a channel's subscriber set if and only if the channel is in the client's
 * own set; a channel (pattern, shard channel) with no subscriber is not in the server's map, so the map
 * sizes are what {@code PUBSUB NUMPAT} and INFO report. The {@link Client#PUBSUB} flag is set while the
 * client has at least one subscription of any kind: it selects the RESP2 command restrictions and the
 * {@code pubsub} class of {@code client-output-buffer-limit}.
 *
 * <p>Iteration orders are insertion orders (Redis's are hash-table orders, which vary from run to run).
 * Everything here runs on the execution thread.
 */
public final class PubSub {
    private static final Logger LOG = LoggerFactory.getLogger(PubSub.class);

    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] PMESSAGE = ascii("pmessage");
    private static final byte[] SMESSAGE = ascii("smessage");
    private static final byte[] SUBSCRIBE = ascii("subscribe");
    private static final byte[] UNSUBSCRIBE = ascii("unsubscribe");
    private static final byte[] PSUBSCRIBE = ascii("psubscribe");
    private static final byte[] PUNSUBSCRIBE = ascii("punsubscribe");
    private static final byte[] SSUBSCRIBE = ascii("ssubscribe");
    private static final byte[] SUNSUBSCRIBE = ascii("sunsubscribe");

    /** The three kinds of subscription. */
    private enum Kind {
        CHANNEL(SUBSCRIBE, UNSUBSCRIBE),
        PATTERN(PSUBSCRIBE, PUNSUBSCRIBE),
        SHARD(SSUBSCRIBE, SUNSUBSCRIBE);

        final byte[] subscribeWord;
        final byte[] unsubscribeWord;

        Kind(byte[] subscribeWord, byte[] unsubscribeWord) {
            this.subscribeWord = subscribeWord;
            this.unsubscribeWord = unsubscribeWord;
        }
    }

    private final Engine engine;
    private final Map<Name, LinkedHashSet<Client>> channels = new LinkedHashMap<>();
    private final Map<Name, LinkedHashSet<Client>> patterns = new LinkedHashMap<>();
    private final Map<Name, LinkedHashSet<Client>> shardChannels = new LinkedHashMap<>();
    private final Map<Client, Subs> subs = new IdentityHashMap<>();
    /** Reused for map look-ups by a byte[] (single-threaded, so one probe is enough). */
    private final Name probe = new Name();
    /** Receivers that went over their output buffer limit during the current delivery. */
    private final List<Client> overLimit = new ArrayList<>(0);
    /** Receivers with messages written but not yet flushed. */
    private final List<Client> unflushed = new ArrayList<>();
    private final Runnable flushTask = this::flushDelivered;
    private boolean flushScheduled;

    /** A client's own subscriptions, and its output-buffer soft-limit timer. */
    private static final class Subs {
        final LinkedHashSet<Name> channels = new LinkedHashSet<>();
        final LinkedHashSet<Name> patterns = new LinkedHashSet<>();
        final LinkedHashSet<Name> shard = new LinkedHashSet<>();
        /** Unix second the soft limit was first seen exceeded, 0 when it is not exceeded. */
        long softLimitSince;
        /** Closed for overcoming the output buffer limit: delivers nothing more. */
        boolean closing;
        /** In {@link #unflushed}, waiting for the end of the event-loop iteration. */
        boolean flushQueued;

        LinkedHashSet<Name> of(Kind k) {
            return switch (k) {
                case CHANNEL -> channels;
                case PATTERN -> patterns;
                case SHARD -> shard;
            };
        }

        int total() {
            return channels.size() + patterns.size() + shard.size();
        }
    }

    /**
     * A channel or pattern name as a hash key. Immutable once in a map; the registry's look-up probe is
     * the one mutable instance.
     */
    static final class Name {
        byte[] bytes;
        int hash;

        Name() {
        }

        Name(byte[] bytes) {
            set(bytes);
        }

        Name set(byte[] b) {
            this.bytes = b;
            this.hash = Arrays.hashCode(b);
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Name n && n.hash == hash && Arrays.equals(n.bytes, bytes);
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** A registry for {@code engine}; undoes a client's subscriptions on RESET and on disconnect. */
    PubSub(Engine engine) {
        this.engine = engine;
        engine.onReset(c -> unsubscribeEverything(c));
        engine.onDisconnect(this::unsubscribeEverything);
    }

    // ---------------------------------------------------------------------------------------------
    // Counts (INFO, CLIENT LIST, PUBSUB NUMPAT)

    /** Channels with at least one subscriber (INFO {@code pubsub_channels}). */
    public int channelCount() {
        return channels.size();
    }

    /** Distinct patterns with at least one subscriber (INFO {@code pubsub_patterns}, PUBSUB NUMPAT). */
    public int patternCount() {
        return patterns.size();
    }

    /** Shard channels with at least one subscriber (INFO {@code pubsubshard_channels}). */
    public int shardChannelCount() {
        return shardChannels.size();
    }

    /** The channels {@code c} is subscribed to (CLIENT LIST {@code sub=}). */
    public int channelsOf(Client c) {
        Subs s = subs.get(c);
        return s == null ? 0 : s.channels.size();
    }

    /** The patterns {@code c} is subscribed to (CLIENT LIST {@code psub=}). */
    public int patternsOf(Client c) {
        Subs s = subs.get(c);
        return s == null ? 0 : s.patterns.size();
    }

    /** The shard channels {@code c} is subscribed to (CLIENT LIST {@code ssub=}). */
    public int shardChannelsOf(Client c) {
        Subs s = subs.get(c);
        return s == null ? 0 : s.shard.size();
    }

    /** Whether anybody at all is subscribed to a channel or a pattern (keyspace notifications skip work otherwise). */
    public boolean hasSubscribers() {
        return !channels.isEmpty() || !patterns.isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Subscribing

    /** SUBSCRIBE one channel and reply the confirmation. */
    void subscribe(Client c, byte[] channel) {
        add(c, Kind.CHANNEL, channel);
    }

    /** PSUBSCRIBE one pattern and reply the confirmation. */
    void psubscribe(Client c, byte[] pattern) {
        add(c, Kind.PATTERN, pattern);
    }

    /** SSUBSCRIBE one shard channel and reply the confirmation. */
    void ssubscribe(Client c, byte[] channel) {
        add(c, Kind.SHARD, channel);
    }

    /** UNSUBSCRIBE one channel and reply the confirmation (also when it was not subscribed). */
    void unsubscribe(Client c, byte[] channel) {
        remove(c, Kind.CHANNEL, channel, true);
    }

    /** PUNSUBSCRIBE one pattern and reply the confirmation. */
    void punsubscribe(Client c, byte[] pattern) {
        remove(c, Kind.PATTERN, pattern, true);
    }

    /** SUNSUBSCRIBE one shard channel and reply the confirmation. */
    void sunsubscribe(Client c, byte[] channel) {
        remove(c, Kind.SHARD, channel, true);
    }

    /** UNSUBSCRIBE without arguments: every channel, one confirmation each (or one with a null name). */
    void unsubscribeAll(Client c) {
        removeAll(c, Kind.CHANNEL, true);
    }

    /** PUNSUBSCRIBE without arguments. */
    void punsubscribeAll(Client c) {
        removeAll(c, Kind.PATTERN, true);
    }

    /** SUNSUBSCRIBE without arguments. */
    void sunsubscribeAll(Client c) {
        removeAll(c, Kind.SHARD, true);
    }

    /** Clears the PUBSUB flag once the client's last subscription of any kind is gone. */
    void updateFlag(Client c) {
        Subs s = subs.get(c);
        if (s == null || s.total() == 0) {
            c.clear(Client.PUBSUB);
            if (s != null) {
                subs.remove(c);
            }
        } else {
            c.set(Client.PUBSUB);
        }
    }

    /** RESET and disconnect: drop every subscription silently. */
    private void unsubscribeEverything(Client c) {
        if (subs.containsKey(c)) {
            removeAll(c, Kind.CHANNEL, false);
            removeAll(c, Kind.SHARD, false);
            removeAll(c, Kind.PATTERN, false);
            subs.remove(c);
        }
        c.clear(Client.PUBSUB);
    }

    private Map<Name, LinkedHashSet<Client>> registry(Kind k) {
        return switch (k) {
            case CHANNEL -> channels;
            case PATTERN -> patterns;
            case SHARD -> shardChannels;
        };
    }

    private void add(Client c, Kind k, byte[] name) {
        Subs s = subs.computeIfAbsent(c, x -> new Subs());
        LinkedHashSet<Name> mine = s.of(k);
        Name n = new Name(name);
        if (mine.add(n)) {
            registry(k).computeIfAbsent(n, x -> new LinkedHashSet<>()).add(c);
        }
        c.set(Client.PUBSUB);
        confirm(c, k.subscribeWord, name, count(s, k));
    }

    private void remove(Client c, Kind k, byte[] name, boolean notify) {
        Subs s = subs.get(c);
        Name n = probe.set(name);
        try {
            if (s != null && s.of(k).remove(n)) {
                Map<Name, LinkedHashSet<Client>> reg = registry(k);
                LinkedHashSet<Client> who = reg.get(n);
                if (who != null) {
                    who.remove(c);
                    if (who.isEmpty()) {
                        reg.remove(n);
                    }
                }
            }
        } finally {
            probe.bytes = null;
        }
        if (notify) {
            confirm(c, k.unsubscribeWord, name, s == null ? 0 : count(s, k));
        }
    }

    private void removeAll(Client c, Kind k, boolean notify) {
        Subs s = subs.get(c);
        LinkedHashSet<Name> mine = s == null ? null : s.of(k);
        if (mine == null || mine.isEmpty()) {
            if (notify) {
                confirm(c, k.unsubscribeWord, null, s == null ? 0 : count(s, k));
            }
            return;
        }
        Map<Name, LinkedHashSet<Client>> reg = registry(k);
        for (Iterator<Name> it = mine.iterator(); it.hasNext(); ) {
            Name n = it.next();
            it.remove();
            LinkedHashSet<Client> who = reg.get(n);
            if (who != null) {
                who.remove(c);
                if (who.isEmpty()) {
                    reg.remove(n);
                }
            }
            if (notify) {
                confirm(c, k.unsubscribeWord, n.bytes, count(s, k));
            }
        }
    }

    /**
     * The count a confirmation carries: channels plus patterns for (P)(UN)SUBSCRIBE, shard channels alone
     * for S(UN)SUBSCRIBE, as Redis 7.0 does.
     */
    private static int count(Subs s, Kind k) {
        return k == Kind.SHARD ? s.shard.size() : s.channels.size() + s.patterns.size();
    }

    private static void confirm(Client c, byte[] word, byte[] name, int count) {
        Reply r = c.reply();
        r.push(3);
        r.bulk(word);
        if (name == null) {
            r.nullBulk();
        } else {
            r.bulk(name);
        }
        r.integer(count);
    }

    // ---------------------------------------------------------------------------------------------
    // Publishing

    /**
     * PUBLISH: delivers {@code message} to the subscribers of {@code channel} ({@code message} pushes) and
     * of every pattern matching it ({@code pmessage}); returns how many deliveries were made.
     */
    public int publish(byte[] channel, byte[] message) {
        int receivers = 0;
        LinkedHashSet<Client> direct = lookup(channels, channel);
        if (direct != null) {
            for (Client r : direct) {
                Reply o = r.reply();
                o.push(3);
                o.bulk(MESSAGE);
                o.bulk(channel);
                o.bulk(message);
                delivered(r);
                receivers++;
            }
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<Name, LinkedHashSet<Client>> e : patterns.entrySet()) {
                byte[] pattern = e.getKey().bytes;
                if (!Glob.match(pattern, channel, false)) {
                    continue;
                }
                for (Client r : e.getValue()) {
                    Reply o = r.reply();
                    o.push(4);
                    o.bulk(PMESSAGE);
                    o.bulk(pattern);
                    o.bulk(channel);
                    o.bulk(message);
                    delivered(r);
                    receivers++;
                }
            }
        }
        closeOverLimit();
        return receivers;
    }

    /** SPUBLISH: delivers {@code message} to the subscribers of shard channel {@code channel}. */
    public int spublish(byte[] channel, byte[] message) {
        int receivers = 0;
        LinkedHashSet<Client> direct = lookup(shardChannels, channel);
        if (direct != null) {
            for (Client r : direct) {
                Reply o = r.reply();
                o.push(3);
                o.bulk(SMESSAGE);
                o.bulk(channel);
                o.bulk(message);
                delivered(r);
                receivers++;
            }
        }
        closeOverLimit();
        return receivers;
    }

    private LinkedHashSet<Client> lookup(Map<Name, LinkedHashSet<Client>> map, byte[] name) {
        if (map.isEmpty()) {
            return null;
        }
        try {
            return map.get(probe.set(name));
        } finally {
            probe.bytes = null;
        }
    }

    /**
     * A message was written to {@code r}: have it sent (unless {@code r} is the client whose command is
     * running, whose replies go out when its read batch ends) and enforce the pubsub output buffer limits.
     */
    private void delivered(Client r) {
        Connection conn = r.connection();
        if (conn == null) {
            return;
        }
        if (r != engine.executingClient()) {
            queueFlush(r, conn);
        }
        Settings st = engine.settings();
        long hard = st.pubsubHardLimit();
        long soft = st.pubsubSoftLimit();
        if (hard <= 0 && soft <= 0) {
            return;
        }
        if (overOutputLimit(r, conn.pendingOutputBytes(), hard, soft, st.pubsubSoftSeconds())) {
            Subs s = subs.get(r);
            if (s != null && !s.closing) {
                s.closing = true;
                overLimit.add(r);
            }
        }
    }

    /**
     * Receivers are flushed once per event-loop iteration, after the commands of that iteration ran (Redis
     * writes to clients in beforeSleep the same way): a pipeline of PUBLISHes costs each subscriber one
     * write, not one per message. Without a scheduler (no server) the flush is immediate.
     */
    private void queueFlush(Client r, Connection conn) {
        Scheduler sch = engine.scheduler();
        if (sch == Scheduler.NONE) {
            conn.flush();
            return;
        }
        Subs s = subs.get(r);
        if (s != null) {
            if (s.flushQueued) {
                return;
            }
            s.flushQueued = true;
        }
        unflushed.add(r);
        if (!flushScheduled) {
            flushScheduled = true;
            sch.schedule(flushTask, 0);
        }
    }

    private void flushDelivered() {
        flushScheduled = false;
        for (int i = 0; i < unflushed.size(); i++) {
            Client r = unflushed.get(i);
            Subs s = subs.get(r);
            if (s != null) {
                s.flushQueued = false;
            }
            r.connection().flush();
        }
        unflushed.clear();
    }

    /**
     * Redis's checkClientOutputBufferLimits for the pubsub class: over the hard limit closes at once; over
     * the soft limit starts a timer, and closes when it is still over after more than the soft seconds.
     */
    private boolean overOutputLimit(Client r, long used, long hard, long soft, long softSeconds) {
        boolean overHard = hard > 0 && used >= hard;
        boolean overSoft = soft > 0 && used >= soft;
        Subs s = subs.get(r);
        if (s == null) {
            return overHard;
        }
        if (overSoft) {
            long now = engine.clock().millis() / 1000;
            if (s.softLimitSince == 0) {
                s.softLimitSince = now;
                overSoft = false;
            } else if (now - s.softLimitSince <= softSeconds) {
                overSoft = false;
            }
        } else {
            s.softLimitSince = 0;
        }
        return overHard || overSoft;
    }

    /** Closes the receivers found over their limit, after the delivery loop (no set changes under it). */
    private void closeOverLimit() {
        if (overLimit.isEmpty()) {
            return;
        }
        for (Client r : overLimit) {
            LOG.warn("Client {} scheduled to be closed ASAP for overcoming of output buffer limits.", info(r));
            engine.stats().clientOutputBufferLimitDisconnections++;
            // The close completes later: unsubscribe now so that nothing more is delivered meanwhile.
            unsubscribeEverything(r);
            r.connection().close();
        }
        overLimit.clear();
    }

    /** A CLIENT LIST style description for the log. */
    private String info(Client c) {
        Connection conn = c.connection();
        long now = System.currentTimeMillis();
        return "id=" + c.id() + " addr=" + conn.remoteAddress() + " laddr=" + conn.localAddress() + " fd="
                + conn.fd() + " name=" + c.name() + " age=" + (now - c.createdMillis()) / 1000 + " idle="
                + (now - c.lastInteraction()) / 1000 + " flags=P db=" + c.dbIndex() + " sub=" + channelsOf(c)
                + " psub=" + patternsOf(c) + " ssub=" + shardChannelsOf(c) + " omem=" + conn.pendingOutputBytes()
                + " user=" + c.user() + " resp=" + c.protocol();
    }

    // ---------------------------------------------------------------------------------------------
    // Introspection (PUBSUB ...)

    /** Active channels matching {@code pattern} (all when null). */
    List<byte[]> channels(byte[] pattern) {
        return names(channels, pattern);
    }

    /** Active shard channels matching {@code pattern} (all when null). */
    List<byte[]> shardChannels(byte[] pattern) {
        return names(shardChannels, pattern);
    }

    private static List<byte[]> names(Map<Name, LinkedHashSet<Client>> map, byte[] pattern) {
        List<byte[]> out = new ArrayList<>();
        for (Name n : map.keySet()) {
            if (pattern == null || Glob.match(pattern, n.bytes, false)) {
                out.add(n.bytes);
            }
        }
        return out;
    }

    /** Subscribers of channel {@code name} (patterns not counted). */
    int numsub(byte[] name) {
        LinkedHashSet<Client> who = lookup(channels, name);
        return who == null ? 0 : who.size();
    }

    /** Subscribers of shard channel {@code name}. */
    int shardNumsub(byte[] name) {
        LinkedHashSet<Client> who = lookup(shardChannels, name);
        return who == null ? 0 : who.size();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
