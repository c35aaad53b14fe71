package io.vigil.command;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Keyspace notifications (Redis's notify.c): when the class of an event is enabled in
 * {@code notify-keyspace-events}, publishes {@code __keyspace@<db>__:<key>} with the event name as the
 * message (flag {@code K}) and {@code __keyevent@<db>__:<event>} with the key as the message (flag
 * {@code E}), in that order, through the ordinary PUBLISH delivery (so pattern subscribers receive them
 * too). Event classes are the {@link KeyspaceEvents} bits; the flags and the two channel-kind bits
 * ({@code K}, {@code E}) are those of {@link io.vigil.config.KeyspaceEvents}.
 */
final class KeyspaceNotifier implements KeyspaceEvents {
    private static final int KEYSPACE = io.vigil.config.KeyspaceEvents.KEYSPACE;
    private static final int KEYEVENT = io.vigil.config.KeyspaceEvents.KEYEVENT;

    private static final byte[] KEYSPACE_PREFIX = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "__:".getBytes(StandardCharsets.US_ASCII);

    private final Settings settings;
    private final PubSub pubsub;
    /** Event names are a small fixed vocabulary: encode each once. */
    private final Map<String, byte[]> eventBytes = new HashMap<>();
    private final byte[][] dbDigits = new byte[16][];

    KeyspaceNotifier(Settings settings, PubSub pubsub) {
        this.settings = settings;
        this.pubsub = pubsub;
    }

    @Override
    public void notify(int type, String event, byte[] key, int db) {
        int flags = settings.notifyKeyspaceEvents();
        if ((flags & type) == 0 || (flags & (KEYSPACE | KEYEVENT)) == 0) {
            return;
        }
        // Nobody can receive it: skip building the channel names (nothing else observes a publish).
        if (!pubsub.hasSubscribers()) {
            return;
        }
        byte[] ev = eventBytes.computeIfAbsent(event, e -> e.getBytes(StandardCharsets.UTF_8));
        byte[] dbName = dbDigits(db);
        if ((flags & KEYSPACE) != 0) {
            pubsub.publish(channel(KEYSPACE_PREFIX, dbName, key), ev);
        }
        if ((flags & KEYEVENT) != 0) {
            pubsub.publish(channel(KEYEVENT_PREFIX, dbName, ev), key);
        }
    }

    private byte[] dbDigits(int db) {
        if (db >= 0 && db < dbDigits.length) {
            byte[] d = dbDigits[db];
            if (d == null) {
                d = Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
                dbDigits[db] = d;
            }
            return d;
        }
        return Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] channel(byte[] prefix, byte[] db, byte[] tail) {
        byte[] out = new byte[prefix.length + db.length + SUFFIX.length + tail.length];
        int p = 0;
        System.arraycopy(prefix, 0, out, p, prefix.length);
        p += prefix.length;
        System.arraycopy(db, 0, out, p, db.length);
        p += db.length;
        System.arraycopy(SUFFIX, 0, out, p, SUFFIX.length);
        p += SUFFIX.length;
        System.arraycopy(tail, 0, out, p, tail.length);
        return out;
    }
}
