package io.vigil.command;

import io.vigil.keyspace.KeyEntry;
import io.vigil.testing.Differential;
import io.vigil.testing.EmbeddedVigil;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import io.vigil.types.EncodingLimits;
import io.vigil.types.RedisValue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** Shared set-up of the sorted set tests: a real Redis 7.0 and an embedded Vigil, and ways to reset both. */
final class ZSetSupport {
    private ZSetSupport() {
    }

    /** Runs {@code task} on Vigil's command thread. */
    static <T> T onMain(EmbeddedVigil vigil, Callable<T> task) {
        try {
            return vigil.node().server().onMain(task);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empties both servers (FLUSHALL on Redis; the keyspace directly on Vigil). */
    static void flush(ServerProcess redis, EmbeddedVigil vigil) {
        try (Resp r = Resp.connect(redis)) {
            r.send("FLUSHALL");
        }
        onMain(vigil, () -> {
            vigil.node().engine().keyspace().flushAll();
            return null;
        });
    }

    /** Sets zset-max-listpack-entries/value on both servers. */
    static void limits(ServerProcess redis, EmbeddedVigil vigil, int entries, int value) {
        try (Resp r = Resp.connect(redis)) {
            r.send("CONFIG", "SET", "zset-max-listpack-entries", Integer.toString(entries),
                    "zset-max-listpack-value", Integer.toString(value));
        }
        onMain(vigil, () -> {
            EncodingLimits l = vigil.node().engine().encodingLimits();
            l.zsetMaxListpackEntries = entries;
            l.zsetMaxListpackValue = value;
            return null;
        });
    }

    /** OBJECT ENCODING of {@code key} in Vigil's database 0 (null if missing). */
    static String encoding(EmbeddedVigil vigil, String key) {
        return onMain(vigil, () -> {
            KeyEntry e = vigil.node().engine().keyspace().db(0).lookupNoTouch(key.getBytes(StandardCharsets.UTF_8));
            return e == null ? null : e.value instanceof RedisValue v ? v.encoding() : "string";
        });
    }

    /** Runs {@code body} with a Differential over fresh connections switched to {@code protocol}. */
    static void withDiff(ServerProcess redis, EmbeddedVigil vigil, int protocol,
                         java.util.function.Consumer<Differential> body) {
        try (Resp a = Resp.connect(redis); Resp b = vigil.connect()) {
            Differential d = new Differential(a, b);
            if (protocol == 3) {
                d.both("HELLO", "3");
            }
            body.accept(d);
        }
    }
}
