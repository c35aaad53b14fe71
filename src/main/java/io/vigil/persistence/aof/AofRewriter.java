package io.vigil.persistence.aof;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.Keyspace;
import io.vigil.types.HashValue;
import io.vigil.types.ListValue;
import io.vigil.types.SetValue;
import io.vigil.types.ZSetValue;
import io.vigil.util.Numbers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a dataset as the commands that rebuild it (an AOF base without RDB preamble), as Redis's
 * rewriteAppendOnlyFileRio: per non-empty database a SELECT, then per key SET, RPUSH, SADD, ZADD or HMSET
 * (at most {@value #ITEMS_PER_COMMAND} elements per command) and PEXPIREAT for a key with a TTL. Keys
 * whose TTL has passed are left out. Reads the keyspace: run it on the execution thread.
 */
public final class AofRewriter {
    /** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
    static final int ITEMS_PER_COMMAND = 64;

    private static final byte[] SELECT = ascii("SELECT");
    private static final byte[] SET = ascii("SET");
    private static final byte[] RPUSH = ascii("RPUSH");
    private static final byte[] SADD = ascii("SADD");
    private static final byte[] ZADD = ascii("ZADD");
    private static final byte[] HMSET = ascii("HMSET");
    private static final byte[] PEXPIREAT = ascii("PEXPIREAT");

    private AofRewriter() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes every key of {@code ks} to {@code out}; returns the number of keys written. */
    public static long write(Keyspace ks, OutputStream out) throws IOException {
        AofBuffer buf = new AofBuffer(64 << 10);
        long now = ks.clock().millis();
        long[] keys = {0};
        try {
            for (int i = 0; i < ks.count(); i++) {
                Database db = ks.db(i);
                if (db.size() == 0) {
                    continue;
                }
                buf.command(new byte[][] {SELECT, Long.toString(i).getBytes(StandardCharsets.US_ASCII)});
                db.forEach(e -> {
                    long at = e.expireAt();
                    if (at >= 0 && at <= now) {
                        return;
                    }
                    key(buf, e);
                    if (at >= 0) {
                        buf.command(new byte[][] {PEXPIREAT, e.key, Long.toString(at).getBytes(StandardCharsets.US_ASCII)});
                    }
                    keys[0]++;
                    if (buf.length() > 32 << 10) {
                        try {
                            buf.writeTo(out);
                        } catch (IOException ex) {
                            throw new UncheckedIOException(ex);
                        }
                    }
                });
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        buf.writeTo(out);
        return keys[0];
    }

    private static void key(AofBuffer buf, KeyEntry e) {
        Object v = e.value;
        if (v instanceof byte[] s) {
            buf.command(new byte[][] {SET, e.key, s});
        } else if (v instanceof ListValue l) {
            batches(buf, RPUSH, e.key, Arrays.asList(l.toArray()), 1);
        } else if (v instanceof SetValue s) {
            List<byte[]> members = new ArrayList<>(s.size());
            s.iterator().forEachRemaining(members::add);
            batches(buf, SADD, e.key, members, 1);
        } else if (v instanceof ZSetValue z) {
            List<byte[]> items = new ArrayList<>(z.size() * 2);
            z.forEach((b, off, len, score) -> {
                items.add(Numbers.formatDouble(score).getBytes(StandardCharsets.US_ASCII));
                items.add(Arrays.copyOfRange(b, off, off + len));
            });
            batches(buf, ZADD, e.key, items, 2);
        } else if (v instanceof HashValue h) {
            List<byte[]> items = new ArrayList<>(h.size() * 2);
            HashValue.Entries it = h.entries();
            while (it.next()) {
                items.add(it.field());
                items.add(it.value());
            }
            batches(buf, HMSET, e.key, items, 2);
        } else {
            throw new IllegalStateException("cannot rewrite a value of " + (v == null ? "null" : v.getClass()));
        }
    }

    /** {@code cmd key item...} with at most ITEMS_PER_COMMAND elements ({@code width} items each) per command. */
    private static void batches(AofBuffer buf, byte[] cmd, byte[] key, List<byte[]> items, int width) {
        int perCommand = ITEMS_PER_COMMAND * width;
        for (int from = 0; from < items.size(); from += perCommand) {
            int to = Math.min(items.size(), from + perCommand);
            byte[][] argv = new byte[2 + to - from][];
            argv[0] = cmd;
            argv[1] = key;
            for (int i = from; i < to; i++) {
                argv[2 + i - from] = items.get(i);
            }
            buf.command(argv);
        }
    }
}
