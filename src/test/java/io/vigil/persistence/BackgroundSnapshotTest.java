package io.vigil.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.Keyspace;
import io.vigil.types.EncodingLimits;
import io.vigil.types.HashValue;
import io.vigil.types.ListValue;
import io.vigil.types.SetValue;
import io.vigil.types.ZSetValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fork-less snapshot holds the dataset as of its start although the keyspace changes in every way while it runs
 * (overwrites, in-place changes of collections, deletes, expires, FLUSHDB, SWAPDB), and new keys are left out.
 */
class BackgroundSnapshotTest {

    private static final EncodingLimits LIMITS = new EncodingLimits();
    /** Plays the main loop: every keyspace access happens on it. */
    private final ScheduledExecutorService main = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        main.shutdownNow();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    <T> T onMain(java.util.concurrent.Callable<T> c) throws Exception {
        return main.submit(c).get(60, TimeUnit.SECONDS);
    }

    static void fill(Keyspace ks, int n) {
        for (int d = 0; d < 4; d++) {
            Database db = ks.db(d);
            for (int i = 0; i < n; i++) {
                switch (i % 5) {
                    case 0 -> db.put(b("s" + i), b("value-" + i));
                    case 1 -> {
                        ListValue l = new ListValue();
                        for (int j = 0; j < 1 + i % 40; j++) {
                            l.pushTail(b("e" + j));
                        }
                        db.put(b("l" + i), l);
                    }
                    case 2 -> {
                        HashValue h = HashValue.create();
                        for (int j = 0; j < 1 + i % 30; j++) {
                            h.set(b("f" + j), b("v" + j), 512, 64);
                        }
                        db.put(b("h" + i), h);
                    }
                    case 3 -> {
                        SetValue s = SetValue.emptyIntset();
                        for (int j = 0; j < 1 + i % 20; j++) {
                            s.add(b(Integer.toString(j * 3)), 512);
                        }
                        db.put(b("t" + i), s);
                    }
                    default -> {
                        ZSetValue z = ZSetValue.createListpack(0);
                        for (int j = 0; j < 1 + i % 10; j++) {
                            z.insertNew(j * 1.5, b("m" + j), LIMITS);
                        }
                        db.put(b("z" + i), z);
                    }
                }
                if (i % 7 == 0) {
                    KeyEntry e = db.findRaw(b(prefix(i) + i));
                    db.setExpire(e, System.currentTimeMillis() + 1_000_000 + i);
                }
            }
        }
    }

    static String prefix(int i) {
        return switch (i % 5) {
            case 0 -> "s";
            case 1 -> "l";
            case 2 -> "h";
            case 3 -> "t";
            default -> "z";
        };
    }

    /** A skiplist-encoded sorted set (captured as its entries, not copied). */
    static void bigZset(Keyspace ks) {
        ZSetValue z = ZSetValue.createListpack(0);
        for (int j = 0; j < 500; j++) {
            z.insertNew(j * 0.5, b("big" + j), LIMITS);
        }
        assertThat(z.encoding()).isEqualTo("skiplist");
        ks.db(0).put(b("bigzset"), z);
    }

    /** One random change of any kind, as commands make them (lookup, then change in place or replace). */
    static void mutate(Keyspace ks, Random rnd, int n) {
        Database db = ks.db(rnd.nextInt(4));
        int i = rnd.nextInt(n);
        byte[] key = b(prefix(i) + i);
        switch (rnd.nextInt(8)) {
            case 0 -> db.put(key, b("overwritten"));
            case 1 -> db.delete(key);
            case 2 -> {
                KeyEntry e = db.lookup(key);
                if (e != null && e.value instanceof ListValue l) {
                    long before = io.vigil.keyspace.MemorySizes.of(l);
                    l.pushHead(b("new-head"));
                    db.valueResized(e, before);
                }
            }
            case 3 -> {
                KeyEntry e = db.lookup(key);
                if (e != null && e.value instanceof HashValue h) {
                    h.set(b("f0"), b("changed"), 512, 64);
                    h.set(b("added"), b("x"), 512, 64);
                }
            }
            case 4 -> {
                KeyEntry e = db.lookup(key);
                if (e != null) {
                    db.setExpire(e, System.currentTimeMillis() + 5_000_000);
                }
            }
            case 5 -> {
                KeyEntry e = db.lookup(key);
                if (e != null) {
                    db.persist(e);
                }
            }
            case 6 -> {
                db.put(b("brand-new-" + rnd.nextInt()), b("x"));
                KeyEntry z = ks.db(0).lookup(b("bigzset"));
                if (z != null) {
                    ((ZSetValue) z.value).remove(b("big" + rnd.nextInt(500)));
                }
            }
            default -> {
                KeyEntry e = db.lookup(key);
                if (e != null && e.value instanceof ZSetValue z) {
                    z.remove(b("m0"));
                    z.insertNew(99, b("m-new"), LIMITS);
                }
            }
        }
    }

    @Test
    void theSnapshotHoldsTheDatasetAsOfItsStartWhileEverythingChanges() throws Exception {
        Keyspace ks = new Keyspace();
        int n = 4000;
        onMain(() -> {
            fill(ks, n);
            bigZset(ks);
            return null;
        });
        String atStart = onMain(() -> Digest.dataset(ks));
        long keysAtStart = onMain(ks::keyCount);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<BackgroundSnapshot.Result> done = new CompletableFuture<>();
        BackgroundSnapshot snap = onMain(() -> BackgroundSnapshot.start(ks, out,
                SaveOptions.DEFAULTS.withKeySaveDelay(20), main, done::complete));
        Random rnd = new Random(42);
        int rounds = 0;
        while (!done.isDone() && rounds < 20_000) {
            int r = rounds++;
            onMain(() -> {
                for (int k = 0; k < 5; k++) {
                    mutate(ks, rnd, n);
                }
                if (r == 200) {
                    ks.db(3).clear(); // FLUSHDB in the middle
                }
                if (r == 400) {
                    ks.swap(1, 2); // SWAPDB in the middle
                }
                return null;
            });
        }
        BackgroundSnapshot.Result result = done.get(60, TimeUnit.SECONDS);
        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
        assertThat(rounds).as("changes made while the snapshot ran").isGreaterThan(400);
        assertThat(result.keys()).isEqualTo(keysAtStart);
        assertThat(snap.keysTotal()).isEqualTo(keysAtStart);
        assertThat(onMain(ks::snapshotRunning)).isFalse();
        assertThat(onMain(() -> Digest.dataset(ks))).isNotEqualTo(atStart);

        Keyspace loaded = new Keyspace();
        byte[] rdb = out.toByteArray();
        RdbLoader.load(new ByteArrayInputStream(rdb), rdb.length, loaded, LIMITS, RdbLoader.Options.REPLICA);
        assertThat(Digest.dataset(loaded)).isEqualTo(atStart);
    }

    @Test
    void aFailingStreamEndsTheSnapshotAndStopsCapturing() throws Exception {
        Keyspace ks = new Keyspace();
        onMain(() -> {
            fill(ks, 1000);
            return null;
        });
        CompletableFuture<BackgroundSnapshot.Result> done = new CompletableFuture<>();
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("connection reset");
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                throw new java.io.IOException("connection reset");
            }
        };
        onMain(() -> BackgroundSnapshot.start(ks, broken, SaveOptions.DEFAULTS, main, done::complete));
        BackgroundSnapshot.Result r = done.get(60, TimeUnit.SECONDS);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).hasMessageContaining("connection reset");
        assertThat(onMain(ks::snapshotRunning)).isFalse();
    }
}
