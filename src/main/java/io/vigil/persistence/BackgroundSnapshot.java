package io.vigil.persistence;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.Keyspace;
import io.vigil.keyspace.MemorySizes;
import io.vigil.keyspace.SnapshotHook;
import io.vigil.persistence.rdb.KeyMeta;
import io.vigil.persistence.rdb.RdbWriter;
import io.vigil.types.ListValue;
import io.vigil.types.RedisValue;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A point-in-time RDB snapshot of a {@link Keyspace} written while the server keeps serving reads and writes: what
 * BGSAVE, the save points and replication's full sync use instead of Redis's fork (the design is in the package
 * documentation).
 *
 * <pre>{@code
 * // on the main loop:
 * BackgroundSnapshot s = BackgroundSnapshot.start(keyspace, socketOut, options, mainLoop, result -> {
 *     // on the main loop again, once every byte was written and flushed (or the write failed)
 *     if (result.ok()) { ... }
 * });
 * }</pre>
 *
 * <p>Main-loop side: a copy-on-write {@link SnapshotHook} plus a walker that visits the databases with the scan
 * cursor in slices of about 1 ms, each re-scheduled on the main loop so client I/O runs in between. Both append
 * captured records (db, key, value copy, meta) to a queue; the walker pauses while the queue holds more than
 * {@link #QUEUE_LIMIT_BYTES}, the hook never waits. A writer thread encodes the records (LZF, CRC) and writes them to
 * the stream. The stream is flushed, not closed: the caller owns it (and for a file, fsyncs and renames in
 * {@code finish}, see {@link Output}).
 *
 * <p>Only one snapshot runs at a time per keyspace.
 */
public final class BackgroundSnapshot {

    /** The walker pauses while captured records not yet written take more than this many bytes. */
    public static final long QUEUE_LIMIT_BYTES = 32L << 20;
    /** Main-loop time per walker slice. */
    static final long SLICE_NANOS = 1_000_000;
    /** Records handed to the writer thread together. */
    private static final int BATCH = 256;
    /** Approximate heap bytes of one captured record with its meta and batch slot. */
    private static final int RECORD_BYTES = 72;

    /** The stream a snapshot writes to, and what happens once it is complete. */
    public interface Output {
        /** The stream the RDB bytes are written to. */
        OutputStream stream() throws IOException;

        /** Called on the writer thread after the last byte was written and flushed (e.g. fsync and rename). */
        default void finish() throws IOException {
        }

        /** Called on the writer thread when the snapshot failed or was cancelled (e.g. delete the temp file). */
        default void abort() {
        }
    }

    /**
     * How a snapshot ended.
     *
     * @param ok          every byte was written and {@link Output#finish()} succeeded
     * @param error       the failure, or null
     * @param keys        keys written
     * @param bytes       bytes written
     * @param peakCowBytes the largest amount of captured data waiting to be written (INFO rdb_last_cow_size)
     * @param millis      duration
     */
    public record Result(boolean ok, Throwable error, long keys, long bytes, long peakCowBytes, long millis) {
    }

    private record Rec(int db, byte[] key, Object value, KeyMeta meta, long bytes) {
    }

    /** A skiplist sorted set captured as its entries in order: O(n), where a copy would rebuild the skiplist. */
    private record FrozenZSet(java.util.List<io.vigil.persistence.rdb.ZSetEntry> entries) {
    }

    /** End of data marker. */
    private static final Rec[] END = new Rec[0];

    private final Keyspace ks;
    private final SaveOptions options;
    private final ScheduledExecutorService mainLoop;
    private final Consumer<Result> onDone;
    private final Output output;
    private final long startNanos = System.nanoTime();
    private final long[] dbKeys;
    private final long[] dbExpires;
    private final long keysTotal;
    private final LinkedBlockingQueue<Rec[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong keysWritten = new AtomicLong();
    private volatile long peakBytes;
    private volatile boolean cancelled;
    private volatile Throwable failure;
    private Rec[] batch = new Rec[BATCH];
    private int batchSize;
    private long batchBytes;
    private long captured;
    private int walkDb;
    private long walkCursor;
    private boolean walking = true;
    private boolean finished;
    private Thread writer;

    private BackgroundSnapshot(Keyspace ks, Output output, SaveOptions options, ScheduledExecutorService mainLoop,
                               Consumer<Result> onDone) {
        this.ks = ks;
        this.output = output;
        this.options = options;
        this.mainLoop = mainLoop;
        this.onDone = onDone;
        this.dbKeys = new long[ks.count()];
        this.dbExpires = new long[ks.count()];
        long total = 0;
        for (int i = 0; i < ks.count(); i++) {
            dbKeys[i] = ks.db(i).size();
            dbExpires[i] = ks.db(i).volatileSize();
            total += dbKeys[i];
        }
        this.keysTotal = total;
    }

    /**
     * Starts a snapshot of {@code ks} as it is at this instant, written to {@code out} (flushed, not closed).
     * Call on the main loop, which must be {@code mainLoop}; {@code onDone} runs there too.
     *
     * @throws IllegalStateException if a snapshot of {@code ks} is already running
     */
    public static BackgroundSnapshot start(Keyspace ks, OutputStream out, SaveOptions options,
                                           ScheduledExecutorService mainLoop, Consumer<Result> onDone) {
        return start(ks, () -> out, options, mainLoop, onDone);
    }

    /** Like {@link #start(Keyspace, OutputStream, SaveOptions, ScheduledExecutorService, Consumer)} with an {@link Output}. */
    public static BackgroundSnapshot start(Keyspace ks, Output output, SaveOptions options,
                                           ScheduledExecutorService mainLoop, Consumer<Result> onDone) {
        BackgroundSnapshot s = new BackgroundSnapshot(ks, output, options, mainLoop, onDone);
        ks.beginSnapshot(s.new Hook());
        s.writer = new Thread(s::writeLoop, "vigil-bgsave");
        s.writer.setDaemon(true);
        s.writer.start();
        mainLoop.execute(s::slice);
        return s;
    }

    /** Keys in the snapshot (the dataset's size when it started). */
    public long keysTotal() {
        return keysTotal;
    }

    /** Keys written so far (INFO current_save_keys_processed). */
    public long keysProcessed() {
        return keysWritten.get();
    }

    /** Captured data waiting to be written, in bytes (INFO current_cow_size). */
    public long cowBytes() {
        return Math.max(0, queuedBytes.get());
    }

    /** The most captured data that waited at once (INFO current_cow_peak). */
    public long peakCowBytes() {
        return peakBytes;
    }

    /** When the snapshot started ({@link System#nanoTime()}). */
    public long startNanos() {
        return startNanos;
    }

    /** Whether the snapshot is still running (until {@code onDone} was called). Main loop only. */
    public boolean running() {
        return !finished;
    }

    /**
     * Stops the snapshot (e.g. SHUTDOWN, or the replica went away): no more captures, the writer thread stops and
     * {@link Output#abort()} runs; {@code onDone} is called with a failed result. Main loop only.
     */
    public void cancel() {
        if (finished) {
            return;
        }
        cancelled = true;
        stopCapturing();
        queue.offer(END);
    }

    /** Waits for the writer thread (tests, shutdown). */
    public void awaitWriter(long millis) throws InterruptedException {
        writer.join(millis);
    }

    // ================================================================ main loop side

    private final class Hook implements SnapshotHook {
        @Override
        public void capture(Database db, KeyEntry e) {
            record(db, e, true);
        }

        @Override
        public void beforeWholeDatabase(Database db) {
            db.forEach(db::captureForSnapshot);
        }
    }

    /** Appends a record of {@code e} as it is now. */
    private void record(Database db, KeyEntry e, boolean aboutToChange) {
        Object v = e.value;
        long bytes = RECORD_BYTES;
        Object frozen;
        if (v instanceof byte[] s) {
            // Strings are never modified in place (APPEND, SETRANGE, SETBIT... store a new array): share it.
            frozen = s;
            if (aboutToChange) {
                bytes += MemorySizes.byteArray(s.length);
            }
        } else if (v instanceof ListValue l) {
            byte[][] elements = l.toArray(); // elements are immutable too: copy the spine only
            frozen = elements;
            bytes += MemorySizes.referenceArray(elements.length);
        } else if (v instanceof io.vigil.types.ZSetValue z && !z.isListpack()) {
            java.util.List<io.vigil.persistence.rdb.ZSetEntry> entries = ValueCodec.zsetEntries(z);
            frozen = new FrozenZSet(entries);
            bytes += MemorySizes.referenceArray(entries.size()) + 40L * entries.size();
        } else if (v instanceof RedisValue r) {
            RedisValue c = r.copy();
            frozen = c;
            bytes += c.memoryUsage();
        } else {
            frozen = v;
        }
        KeyMeta meta = ValueCodec.meta(ks, e);
        batch[batchSize++] = new Rec(db.id(), e.key, frozen, meta, bytes);
        batchBytes += bytes;
        captured++;
        if (batchSize == BATCH) {
            flushBatch();
        }
    }

    private void flushBatch() {
        if (batchSize == 0) {
            return;
        }
        Rec[] b = batchSize == BATCH ? batch : java.util.Arrays.copyOf(batch, batchSize);
        long q = queuedBytes.addAndGet(batchBytes);
        if (q > peakBytes) {
            peakBytes = q;
        }
        queue.offer(b);
        batch = new Rec[BATCH];
        batchSize = 0;
        batchBytes = 0;
    }

    /** One walker slice: about {@link #SLICE_NANOS} of scanning, then re-scheduled. */
    private void slice() {
        if (!walking) {
            return;
        }
        if (failure != null) {
            cancel();
            return;
        }
        if (queuedBytes.get() > QUEUE_LIMIT_BYTES) {
            flushBatch();
            mainLoop.schedule(this::slice, 1, TimeUnit.MILLISECONDS);
            return;
        }
        long deadline = System.nanoTime() + SLICE_NANOS;
        int[] visited = new int[1];
        while (walkDb < ks.count()) {
            Database db = ks.db(walkDb);
            if (db.size() == 0) {
                walkDb++;
                walkCursor = 0;
                continue;
            }
            walkCursor = db.scan(walkCursor, e -> {
                visited[0]++;
                db.captureForSnapshot(e);
            });
            if (walkCursor == 0) {
                walkDb++;
            }
            if (visited[0] >= 64) {
                visited[0] = 0;
                if (System.nanoTime() >= deadline) {
                    break;
                }
            }
        }
        flushBatch();
        if (walkDb < ks.count()) {
            // A zero-delay scheduled task runs on the next event-loop iteration, after pending I/O.
            mainLoop.schedule(this::slice, 0, TimeUnit.NANOSECONDS);
            return;
        }
        stopCapturing();
        queue.offer(END);
    }

    private void stopCapturing() {
        if (walking) {
            walking = false;
            ks.endSnapshot();
            flushBatch();
        }
    }

    // ================================================================ writer thread

    private void writeLoop() {
        long bytes = 0;
        Throwable error = null;
        try {
            OutputStream out = output.stream();
            RdbWriter w = options.writer(out);
            RdbSnapshot.writeHeader(w, options);
            int current = -1;
            boolean[] resized = new boolean[ks.count()];
            while (true) {
                Rec[] b = queue.take();
                if (b == END) {
                    break;
                }
                long n = 0;
                for (Rec r : b) {
                    if (cancelled) {
                        break;
                    }
                    if (r.db() != current) {
                        current = r.db();
                        w.selectDb(current);
                        if (!resized[current]) {
                            resized[current] = true;
                            w.resizeDb(dbKeys[current], dbExpires[current]);
                        }
                    }
                    if (r.value() instanceof FrozenZSet z) {
                        w.writeZSet(r.key(), z.entries(), r.meta());
                    } else {
                        ValueCodec.writeKey(w, r.key(), r.value(), r.meta());
                    }
                    options.keyDelay();
                    n += r.bytes();
                }
                queuedBytes.addAndGet(-n);
                keysWritten.addAndGet(b.length);
                if (cancelled) {
                    throw new IOException("snapshot cancelled");
                }
            }
            if (cancelled) {
                throw new IOException("snapshot cancelled");
            }
            w.finish();
            bytes = w.bytesWritten();
            output.finish();
        } catch (Throwable t) {
            error = t;
            failure = t;
            output.abort();
        }
        Throwable err = error;
        long written = bytes;
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        mainLoop.execute(() -> {
            stopCapturing();
            queue.clear();
            queuedBytes.set(0);
            finished = true;
            onDone.accept(new Result(err == null, err, keysWritten.get(), written, peakBytes, millis));
        });
    }
}
