package io.vigil.persistence.aof;

import io.vigil.command.Engine;
import io.vigil.command.Propagator;
import io.vigil.command.ReplyBarrier;
import io.vigil.config.Config;
import io.vigil.config.ConfigException;
import io.vigil.config.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The append-only file of a running server (see the package documentation for the layout).
 *
 * <h2>Write path</h2>
 * Every change reaches {@link #propagate} in execution order and is appended to an in-memory buffer as RESP
 * (a SELECT first when the database differs from the last one written). The buffer is written to the current
 * incremental file by {@link #run()}, which the network layer calls once per event-loop iteration before it
 * sends the iteration's replies (Redis's beforeSleep): so a client never sees the reply to a write that is
 * not yet in the file (in the page cache; a kill -9 of the process loses nothing acknowledged), and with
 * {@code appendfsync always} not yet on disk. One write (and one fsync) covers all the clients of an
 * iteration. With {@code everysec} the fsync runs on a background thread at most once a second; if it
 * falls behind, writes are postponed for up to two seconds and then done anyway, counting
 * {@code aof_delayed_fsync}, exactly Redis's policy. With {@code no} the kernel decides.
 *
 * <h2>Rewrite</h2>
 * BGREWRITEAOF opens a new incremental file first (so that every later write goes there), then writes a new
 * base holding the dataset as of that instant, then atomically replaces the manifest (temp file, fsync,
 * rename): the old base and incrs become history files and are deleted. An RDB base is written in the
 * background by the persistence layer's fork-less point-in-time snapshot (copy-on-write capture plus a walker
 * in 1 ms slices, a writer thread): the server keeps serving meanwhile. A base of commands
 * ({@code aof-use-rdb-preamble no}) is still written synchronously on the execution thread. Inside EXEC, or
 * while another snapshot (BGSAVE, a full sync) runs, the rewrite is scheduled for the cron, as Redis does.
 *
 * <p>Everything runs on the engine's execution thread except the background fsync.
 */
public final class AppendOnlyFile implements Propagator, ReplyBarrier {
    private static final Logger LOG = LoggerFactory.getLogger("vigil");
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] DB_NAMES = new byte[16][];

    static {
        for (int i = 0; i < DB_NAMES.length; i++) {
            DB_NAMES[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Redis's aof_state. */
    enum State {
        /** No AOF is written. */
        OFF,
        /** Changes are appended to the current incremental file. */
        ON,
        /** Being turned on: the first rewrite has to finish before anything is appended. */
        WAIT_REWRITE
    }

    /** Redis's appendfsync values. */
    enum Fsync {
        /** Never fsync explicitly. */
        NO,
        /** fsync in the background once a second. */
        EVERYSEC,
        /** fsync before replies are sent. */
        ALWAYS
    }

    private final Engine engine;
    private final Config config;
    private final RdbBase rdb;
    private final java.util.concurrent.ScheduledExecutorService mainLoop;
    private State state = State.OFF;
    private Fsync fsync;
    private AofManifest manifest = new AofManifest();
    private FileChannel incr;
    private final AofBuffer buf = new AofBuffer(64 << 10);
    private int selectedDb = -1;
    private boolean timestamps;
    private long lastTimestampSec;

    // fsync bookkeeping
    private final ExecutorService bio = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-aof-fsync");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pendingFsync = new AtomicInteger();
    private volatile long fsyncedOffset;
    private volatile String bioFsyncError;
    private long lastFsyncSec;
    private long flushPostponedStart;
    private long delayedFsync;

    // sizes (INFO aof_current_size, aof_base_size) and write status
    private long currentSize;
    private long rewriteBaseSize;
    private long lastIncrSize;
    private boolean lastWriteOk = true;

    // rewrite statistics
    private boolean rewriteInProgress;
    private boolean rewriteCancelled;
    private io.vigil.persistence.BackgroundSnapshot snapshot;
    /** While turning the AOF on: the incr file written during the first rewrite, not yet in the manifest. */
    private AofManifest.Entry pendingIncr;
    private long lastCowBytes;
    private boolean rewriteScheduled;
    private long rewriteStartMillis = -1;
    private long lastRewriteTimeSec = -1;
    private boolean lastBgrewriteOk = true;
    private long rewrites;
    private long consecutiveFailures;

    // write-path timings (measured: how long the event loop spends in AOF file I/O)
    private long writeCalls;
    private long writeNanos;
    private long maxWriteNanos;

    /**
     * The AOF of {@code engine} as {@code config} says ({@code appendonly}, {@code appendfsync}, ...), with
     * {@code rdb} as the base codec (null: bases are written as commands) and {@code mainLoop} the execution thread
     * background rewrites report back to (null: rewrites run synchronously). Registers the CONFIG SET hooks
     * for {@code appendonly} and {@code appendfsync}; nothing is opened until {@link #openOnStartup()}.
     */
    public AppendOnlyFile(Engine engine, Config config, RdbBase rdb,
            java.util.concurrent.ScheduledExecutorService mainLoop) {
        this.engine = engine;
        this.config = config;
        this.rdb = rdb;
        this.mainLoop = mainLoop;
        this.fsync = parseFsync(config.getString("appendfsync"));
        config.onApply(Options.APPENDFSYNC, (o, n) -> fsync = parseFsync(n));
        this.timestamps = Boolean.TRUE.equals(config.get(Options.AOF_TIMESTAMP_ENABLED));
        config.onApply(Options.AOF_TIMESTAMP_ENABLED, (o, n) -> timestamps = n);
        config.onApply(Options.APPENDONLY, (o, n) -> {
            if (n && state == State.OFF) {
                if (!start()) {
                    throw new ConfigException("Unable to turn on AOF. Check server logs.");
                }
            } else if (!n && state != State.OFF) {
                stop();
            }
        });
    }

    private static Fsync parseFsync(String v) {
        return switch (v == null ? "everysec" : v) {
            case "always" -> Fsync.ALWAYS;
            case "no" -> Fsync.NO;
            default -> Fsync.EVERYSEC;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Paths

    private String appendFilename() {
        return config.getString("appendfilename");
    }

    /** The working directory ({@code dir}). */
    private Path workDir() {
        String d = config.getString("dir");
        return Path.of(d == null || d.isEmpty() ? "." : d);
    }

    /** The AOF directory ({@code dir}/{@code appenddirname}). */
    public Path directory() {
        return workDir().resolve(config.getString("appenddirname"));
    }

    /** The current manifest. */
    public AofManifest manifest() {
        return manifest;
    }

    /** Whether AOF is on (appending). */
    public boolean enabled() {
        return state == State.ON;
    }

    // ---------------------------------------------------------------------------------------------
    // Start-up

    /**
     * Loads the AOF into the engine's keyspace (call only when {@code appendonly yes}, before serving):
     * reads the manifest (a missing directory or manifest means no AOF: the server starts empty, as Redis
     * does even when an RDB file exists), then the base and incremental files.
     *
     * @return whether an AOF existed and was loaded
     * @throws AofException when the server must not start (bad manifest, missing file, bad format, torn tail
     *                      with {@code aof-load-truncated no}); the reason has been logged
     */
    public boolean loadAtStartup() throws AofException {
        Path dir = directory();
        Path mf = dir.resolve(AofManifest.manifestName(appendFilename()));
        if (!Files.isDirectory(dir)) {
            LOG.debug("The AOF directory {} doesn't exist", dir);
            manifest = new AofManifest();
        } else if (!Files.exists(mf)) {
            LOG.debug("The AOF manifest file {} doesn't exist", mf.getFileName());
            manifest = new AofManifest();
        } else {
            try {
                manifest = AofManifest.load(mf);
            } catch (AofException e) {
                LOG.warn("\n*** FATAL AOF MANIFEST FILE ERROR ***\n");
                for (String line : e.getMessage().split("\n")) {
                    LOG.warn("{}\n", line);
                }
                throw e;
            }
        }
        if (manifest.isEmpty() && Files.exists(workDir().resolve(appendFilename()))) {
            LOG.warn("An AOF file {} from before Redis 7.0's multi-part AOF exists in {}: Vigil does not upgrade it; "
                    + "it is ignored", appendFilename(), workDir());
        }
        boolean lt = Boolean.TRUE.equals(config.get(Options.AOF_LOAD_TRUNCATED));
        AofLoader.Result r = new AofLoader(engine, dir, lt, rdb).load(manifest);
        if (r.status() == AofLoader.Status.FAILED) {
            throw new AofException("AOF loading failed");
        }
        currentSize = r.totalSize();
        rewriteBaseSize = r.baseSize();
        fsyncedOffset = currentSize;
        return r.status() != AofLoader.Status.NOT_EXIST;
    }

    /**
     * Opens the AOF for appending after loading (Redis's aofOpenIfNeededOnServerStart): creates the
     * directory, a base file when there is none, and a first incremental file, or reopens the newest one.
     */
    public void openOnStartup() throws AofException {
        if (!Boolean.TRUE.equals(config.get(Options.APPENDONLY))) {
            return;
        }
        Path dir = directory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.warn("Can't create AOF directory {}: {}", dir, e.getMessage());
            throw new AofException("Can't create AOF directory " + dir, e);
        }
        try {
            AofManifest next = manifest.copy();
            if (next.base() == null && next.incrs().isEmpty()) {
                Path tmp = dir.resolve("temp-" + appendFilename() + ".base");
                writeBase(tmp);
                AofManifest.Entry base = next.newBase(appendFilename(), useRdbBase(), 0);
                LOG.info("Creating AOF base file {} on server start", base.name());
                Files.move(tmp, dir.resolve(base.name()), StandardCopyOption.ATOMIC_MOVE);
            }
            AofManifest.Entry last = next.lastIncr();
            if (last == null) {
                last = next.addNewIncr(appendFilename());
                LOG.info("Creating AOF incr file {} on server start", last.name());
            } else {
                LOG.info("Opening AOF incr file {} on server start", last.name());
            }
            incr = openIncr(dir.resolve(last.name()));
            lastIncrSize = incr.size();
            next.persist(dir, appendFilename());
            manifest = next;
        } catch (IOException e) {
            LOG.warn("Can't open the append-only file: {}", e.getMessage());
            throw new AofException("Can't open the append-only file", e);
        }
        state = State.ON;
        selectedDb = -1;
        lastFsyncSec = nowSec();
    }

    private static FileChannel openIncr(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private boolean useRdbBase() {
        return rdb != null && Boolean.TRUE.equals(config.get(Options.AOF_USE_RDB_PREAMBLE));
    }

    /** Writes the dataset as a base file to {@code file} and fsyncs it. */
    private void writeBase(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 << 10);
            if (useRdbBase()) {
                rdb.write(engine.keyspace(), out);
            } else {
                AofRewriter.write(engine.keyspace(), out);
            }
            out.flush();
            ch.force(true);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Feeding (Propagator) and writing (ReplyBarrier)

    /** Appends a change to the buffer (Redis's feedAppendOnlyFile). */
    @Override
    public void propagate(int db, byte[][] argv) {
        if (state != State.ON && (state != State.WAIT_REWRITE || incr == null)) {
            return;
        }
        if (timestamps) {
            long sec = nowSec();
            if (sec != lastTimestampSec) {
                buf.raw("#TS:" + sec + "\r\n");
                lastTimestampSec = sec;
            }
        }
        if (db != selectedDb) {
            buf.command(new byte[][] {SELECT, db < DB_NAMES.length ? DB_NAMES[db]
                    : Integer.toString(db).getBytes(StandardCharsets.US_ASCII)});
            selectedDb = db;
        }
        buf.command(argv);
    }

    @Override
    public boolean pending() {
        return !buf.isEmpty() && state != State.OFF;
    }

    /** Writes the buffer before replies go out (the event loop's end of iteration). */
    @Override
    public void run() {
        flush(false);
    }

    private static long nowSec() {
        return System.currentTimeMillis() / 1000;
    }

    /**
     * Writes the buffer to the incremental file and fsyncs as the policy says (Redis's flushAppendOnlyFile).
     * {@code force}: write even if a background fsync is in progress (shutdown, rewrite start).
     */
    void flush(boolean force) {
        if (incr == null) {
            return;
        }
        if (buf.isEmpty()) {
            // Nothing to write; with everysec the data written since the last fsync still needs one.
            if (fsync == Fsync.EVERYSEC && fsyncedOffset != currentSize && nowSec() > lastFsyncSec
                    && pendingFsync.get() == 0) {
                backgroundFsync();
            }
            return;
        }
        if (fsync == Fsync.EVERYSEC && !force && pendingFsync.get() > 0) {
            // A background fsync is still running: write() would block behind it on most file systems.
            long now = System.currentTimeMillis();
            if (flushPostponedStart == 0) {
                flushPostponedStart = now;
                return;
            } else if (now - flushPostponedStart < 2000) {
                return;
            }
            delayedFsync++;
            LOG.info("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without "
                    + "waiting for fsync to complete, this may slow down Redis.");
        }
        flushPostponedStart = 0;
        long t0 = System.nanoTime();
        try {
            long n = buf.writeTo(incr);
            currentSize += n;
            lastIncrSize += n;
            if (!lastWriteOk) {
                LOG.warn("AOF write error looks solved, Redis can write again.");
                lastWriteOk = true;
            }
        } catch (IOException e) {
            LOG.warn("Error writing to the AOF file: {}", e.getMessage());
            lastWriteOk = false;
            if (fsync == Fsync.ALWAYS) {
                LOG.warn("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
                Runtime.getRuntime().halt(1);
            }
            return;
        }
        if (fsync == Fsync.ALWAYS && !noFsyncNow()) {
            try {
                incr.force(false);
                fsyncedOffset = currentSize;
                lastFsyncSec = nowSec();
            } catch (IOException e) {
                LOG.warn("Can't persist the AOF file with fsync: {}. Exiting...", e.getMessage());
                Runtime.getRuntime().halt(1);
            }
        } else if (fsync == Fsync.EVERYSEC && nowSec() > lastFsyncSec && pendingFsync.get() == 0
                && !noFsyncNow()) {
            backgroundFsync();
        }
        long dt = System.nanoTime() - t0;
        writeCalls++;
        writeNanos += dt;
        maxWriteNanos = Math.max(maxWriteNanos, dt);
    }

    /** no-appendfsync-on-rewrite: no fsync while a rewrite is writing its base. */
    private boolean noFsyncNow() {
        return rewriteInProgress && Boolean.TRUE.equals(config.get(Options.NO_APPENDFSYNC_ON_REWRITE));
    }

    private void backgroundFsync() {
        FileChannel ch = incr;
        long upTo = currentSize;
        lastFsyncSec = nowSec();
        pendingFsync.incrementAndGet();
        bio.execute(() -> {
            try {
                ch.force(false);
                fsyncedOffset = upTo;
                bioFsyncError = null;
            } catch (IOException e) {
                bioFsyncError = e.getMessage();
                LOG.warn("Fail to fsync the AOF file: {}", e.getMessage());
            } finally {
                pendingFsync.decrementAndGet();
            }
        });
    }

    /** fsyncs and closes {@code ch} on the background thread, after any fsync already queued. */
    private void backgroundFsyncAndClose(FileChannel ch) {
        pendingFsync.incrementAndGet();
        bio.execute(() -> {
            try {
                ch.force(false);
            } catch (IOException e) {
                LOG.warn("Fail to fsync the AOF file: {}", e.getMessage());
            } finally {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing after fsync: nothing more to do
                }
                pendingFsync.decrementAndGet();
            }
        });
    }

    /** Periodic work (Redis's serverCron part): postponed writes, everysec fsync, automatic rewrites. */
    public void cron() {
        if (state == State.ON) {
            if (flushPostponedStart != 0 || !lastWriteOk) {
                flush(false);
            } else if (buf.isEmpty()) {
                flush(false); // just the everysec fsync of what was written
            }
        }
        if (rewriteScheduled && !rewriteInProgress) {
            rewriteScheduled = false;
            rewrite();
        }
        int perc = config.get(Options.AUTO_AOF_REWRITE_PERCENTAGE);
        long min = config.get(Options.AUTO_AOF_REWRITE_MIN_SIZE);
        if (state == State.ON && !rewriteInProgress && perc > 0 && currentSize > min) {
            long base = rewriteBaseSize > 0 ? rewriteBaseSize : 1;
            long growth = currentSize * 100 / base - 100;
            if (growth >= perc) {
                LOG.info("Starting automatic rewriting of AOF on {}% growth", growth);
                rewrite();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Turning on and off (CONFIG SET appendonly)

    /** Turns the AOF on at run time (Redis's startAppendOnly): a rewrite writes the base, then appending starts. */
    boolean start() {
        state = State.WAIT_REWRITE;
        io.vigil.command.Client c = engine.executingClient();
        RewriteOutcome o = rewrite(c != null && c.has(io.vigil.command.Client.IN_EXEC));
        if (o == RewriteOutcome.FAILED) {
            state = State.OFF;
            LOG.warn("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the "
                    + "above logs for more info about the error.");
            return false;
        }
        return true;
    }

    /** Turns the AOF off at run time (Redis's stopAppendOnly): writes and fsyncs what is buffered, closes. */
    void stop() {
        cancelRewrite();
        rewriteScheduled = false;
        if (state != State.OFF) {
            flush(true);
            closeIncr(true);
        }
        state = State.OFF;
        selectedDb = -1;
    }

    /**
     * After the dataset was replaced without propagation (a replica's full sync loaded the master's RDB), the
     * files no longer describe it: Redis's restartAOFAfterSYNC turns the AOF off and on again, which rewrites a
     * base from the new dataset. No-op when the AOF is off. Returns false if the new rewrite could not start.
     */
    public boolean restartAfterDatasetReplaced() {
        if (state == State.OFF) {
            return true;
        }
        stop();
        return start();
    }

    private void closeIncr(boolean fsyncNow) {
        if (incr == null) {
            return;
        }
        try {
            if (fsyncNow) {
                incr.force(false);
                fsyncedOffset = currentSize;
            }
            incr.close();
        } catch (IOException e) {
            LOG.warn("Fail to fsync the AOF file: {}", e.getMessage());
        }
        incr = null;
    }

    /** Shutdown: the buffer written and the file fsynced, the background thread finished. */
    public void shutdown() {
        cancelRewrite();
        if (writeCalls > 0) {
            LOG.info("AOF write path on the event loop: {} writes, {} us average, {} us max", writeCalls,
                    writeNanos / writeCalls / 1000, maxWriteNanos / 1000);
        }
        if (state != State.OFF) {
            LOG.info("Calling fsync() on the AOF file.");
            flush(true);
            closeIncr(true);
        }
        bio.shutdown();
        try {
            bio.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Rewrite (BGREWRITEAOF)

    /** Whether a rewrite is running. */
    public boolean rewriteInProgress() {
        return rewriteInProgress;
    }

    /** What BGREWRITEAOF answers. */
    public enum RewriteOutcome {
        /** "Background append only file rewriting started". */
        STARTED,
        /** "Background append only file rewriting scheduled": another snapshot runs, or inside EXEC. */
        SCHEDULED,
        /** ERR ... already in progress. */
        IN_PROGRESS,
        /** ERR Can't execute an AOF background rewriting... */
        FAILED
    }

    /**
     * Starts a rewrite (Redis's rewriteAppendOnlyFileBackground): when appending, a new incremental file is
     * opened first and recorded in the manifest, so that every later change goes there; then the new base is
     * written from the dataset as of this instant, in the background through the persistence layer's
     * point-in-time snapshot when the base is RDB (the server keeps serving), synchronously when it is commands
     * or no background writer is wired. {@link #rewriteDone} swaps the manifest on the main loop.
     *
     * @param inExec the request runs inside EXEC: only scheduled, as in Redis (changes of the transaction are
     *               propagated after it, so they must not be split around the point of the snapshot)
     */
    public RewriteOutcome rewrite(boolean inExec) {
        if (rewriteInProgress) {
            return RewriteOutcome.IN_PROGRESS;
        }
        if (inExec || engine.keyspace().snapshotRunning()) {
            rewriteScheduled = true;
            return RewriteOutcome.SCHEDULED;
        }
        return startRewrite() ? RewriteOutcome.STARTED : RewriteOutcome.FAILED;
    }

    /** A rewrite now, outside any transaction (cron, CONFIG SET appendonly yes); false if it failed to start. */
    public boolean rewrite() {
        RewriteOutcome o = rewrite(false);
        return o == RewriteOutcome.STARTED || o == RewriteOutcome.SCHEDULED;
    }

    private boolean startRewrite() {
        rewriteInProgress = true;
        rewriteCancelled = false;
        long start = System.currentTimeMillis();
        rewriteStartMillis = start;
        Path dir = directory();
        long pid = ProcessHandle.current().pid();
        Path tmp = workDir().resolve("temp-rewriteaof-bg-" + pid + ".aof");
        try {
            Files.createDirectories(dir);
            if (state == State.ON) {
                openNewIncr(dir);
            } else if (state == State.WAIT_REWRITE) {
                // Changes made while the base is written go to the incr file that will follow it; it joins the
                // manifest only when the rewrite succeeds.
                pendingIncr = manifest.copy().addNewIncr(appendFilename());
                Files.deleteIfExists(dir.resolve(pendingIncr.name()));
                incr = openIncr(dir.resolve(pendingIncr.name()));
                lastIncrSize = 0;
                selectedDb = -1;
            }
            LOG.info("Background append only file rewriting started by pid {}", pid);
            if (useRdbBase() && mainLoop != null) {
                java.io.FileOutputStream fos = new java.io.FileOutputStream(tmp.toFile());
                OutputStream out = new BufferedOutputStream(fos, 64 << 10);
                snapshot = rdb.writeInBackground(engine.keyspace(), new io.vigil.persistence.BackgroundSnapshot.Output() {
                    @Override
                    public OutputStream stream() {
                        return out;
                    }

                    @Override
                    public void finish() throws IOException {
                        out.flush();
                        fos.getChannel().force(true);
                        fos.close();
                    }

                    @Override
                    public void abort() {
                        try {
                            fos.close();
                        } catch (IOException ignored) {
                            // failing already
                        }
                        try {
                            Files.deleteIfExists(tmp);
                        } catch (IOException ignored) {
                            // best effort
                        }
                    }
                }, mainLoop, r -> {
                    snapshot = null;
                    lastCowBytes = r.peakCowBytes();
                    rewriteDone(r.ok(), r.error(), tmp, start);
                });
                if (snapshot != null) {
                    return true;
                }
                fos.close();
            }
            writeBase(tmp);
            return rewriteDone(true, null, tmp, start);
        } catch (IOException | RuntimeException e) {
            return rewriteDone(false, e, tmp, start);
        }
    }

    /**
     * The new base is written (or the rewrite failed): Redis's backgroundRewriteDoneHandler. On success the base
     * is renamed into the directory, the old base and incrs become history in a new manifest written
     * atomically, and the history files are deleted.
     */
    private boolean rewriteDone(boolean ok, Throwable error, Path tmp, long start) {
        Path dir = directory();
        try {
            if (!ok) {
                throw error instanceof IOException io ? io : new IOException(String.valueOf(error), error);
            }
            LOG.info("Successfully created the temporary AOF base file {}", tmp.getFileName());
            LOG.info("Background AOF rewrite terminated with success");
            AofManifest next = manifest.copy();
            boolean appending = state == State.ON;
            AofManifest.Entry base = next.newBase(appendFilename(), useRdbBase(), appending ? 1 : 0);
            Files.move(tmp, dir.resolve(base.name()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Successfully renamed the temporary AOF base file {} into {}", tmp.getFileName(), base.name());
            if (state == State.WAIT_REWRITE) {
                AofManifest.Entry e = next.addNewIncr(appendFilename());
                LOG.info("Creating AOF incr file {} on background rewrite", e.name());
                pendingIncr = null;
            }
            AofManifest.fsyncDir(dir);
            next.persist(dir, appendFilename());
            manifest = next;
            deleteHistory(dir);
            long baseBytes = Files.size(dir.resolve(base.name()));
            currentSize = baseBytes + lastIncrSize;
            rewriteBaseSize = currentSize;
            if (state == State.WAIT_REWRITE) {
                state = State.ON;
                lastFsyncSec = nowSec();
            }
            lastRewriteTimeSec = (System.currentTimeMillis() - start) / 1000;
            lastBgrewriteOk = true;
            rewrites++;
            consecutiveFailures = 0;
            LOG.info("Background AOF rewrite finished successfully");
            return true;
        } catch (IOException | RuntimeException e) {
            if (rewriteCancelled) {
                LOG.info("Background AOF rewrite stopped");
            } else {
                LOG.warn("Background AOF rewrite failed: {}", e.toString());
                lastBgrewriteOk = false;
                consecutiveFailures++;
            }
            lastRewriteTimeSec = (System.currentTimeMillis() - start) / 1000;
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            if (state == State.WAIT_REWRITE) {
                // Turning the AOF on failed: drop the incr file that never joined the manifest.
                closeIncr(false);
                if (pendingIncr != null) {
                    try {
                        Files.deleteIfExists(dir.resolve(pendingIncr.name()));
                    } catch (IOException ignored) {
                        // best effort
                    }
                    pendingIncr = null;
                }
                buf.clear();
                state = State.OFF;
            }
            return false;
        } finally {
            rewriteInProgress = false;
            rewriteStartMillis = -1;
        }
    }

    /** Stops a background rewrite (appendonly no, shutdown) and waits for its writer. */
    private void cancelRewrite() {
        io.vigil.persistence.BackgroundSnapshot s = snapshot;
        if (s != null) {
            rewriteCancelled = true;
            s.cancel();
            try {
                s.awaitWriter(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Switches appending to a new incremental file and records it in the manifest (Redis's
     * openNewIncrAofForAppend): everything written from now on is in files the coming base does not cover.
     */
    private void openNewIncr(Path dir) throws IOException {
        flush(true);
        AofManifest next = manifest.copy();
        AofManifest.Entry e = next.addNewIncr(appendFilename());
        Files.deleteIfExists(dir.resolve(e.name())); // a leftover of a crash, never in a manifest
        FileChannel ch = openIncr(dir.resolve(e.name()));
        next.persist(dir, appendFilename());
        FileChannel old = incr;
        incr = ch;
        manifest = next;
        lastIncrSize = 0;
        selectedDb = -1;
        if (old != null) {
            backgroundFsyncAndClose(old);
        }
        LOG.info("Creating AOF incr file {} on background rewrite", e.name());
    }

    /** Deletes the history files and drops them from the manifest (unless aof-disable-auto-gc). */
    private void deleteHistory(Path dir) throws IOException {
        if (manifest.history().isEmpty() || Boolean.TRUE.equals(config.get(Options.AOF_DISABLE_AUTO_GC))) {
            return;
        }
        for (AofManifest.Entry h : manifest.history()) {
            LOG.info("Removing the history file {} in the background", h.name());
            Files.deleteIfExists(dir.resolve(h.name()));
        }
        AofManifest next = manifest.copy();
        next.clearHistory();
        next.persist(dir, appendFilename());
        manifest = next;
    }

    /** Asks for a rewrite at the next cron run (Redis's aof_rewrite_scheduled). */
    public void scheduleRewrite() {
        rewriteScheduled = true;
    }

    // ---------------------------------------------------------------------------------------------
    // INFO

    /** Writes INFO persistence's aof_* and module_fork_* fields as Redis 7.0 does. */
    public void info(StringBuilder sb) {
        field(sb, "aof_enabled", state != State.OFF ? 1 : 0);
        field(sb, "aof_rewrite_in_progress", rewriteInProgress ? 1 : 0);
        field(sb, "aof_rewrite_scheduled", rewriteScheduled ? 1 : 0);
        field(sb, "aof_last_rewrite_time_sec", lastRewriteTimeSec);
        field(sb, "aof_current_rewrite_time_sec",
                rewriteStartMillis < 0 ? -1 : (System.currentTimeMillis() - rewriteStartMillis) / 1000);
        field(sb, "aof_last_bgrewrite_status", lastBgrewriteOk ? "ok" : "err");
        field(sb, "aof_rewrites", rewrites);
        field(sb, "aof_rewrites_consecutive_failures", consecutiveFailures);
        field(sb, "aof_last_write_status", lastWriteOk && bioFsyncError == null ? "ok" : "err");
        field(sb, "aof_last_cow_size", lastCowBytes);
        field(sb, "module_fork_in_progress", 0);
        field(sb, "module_fork_last_cow_size", 0);
        if (state != State.OFF) {
            field(sb, "aof_current_size", currentSize);
            field(sb, "aof_base_size", rewriteBaseSize);
            field(sb, "aof_pending_rewrite", rewriteScheduled ? 1 : 0);
            field(sb, "aof_buffer_length", buf.length());
            field(sb, "aof_pending_bio_fsync", pendingFsync.get());
            field(sb, "aof_delayed_fsync", delayedFsync);
        }
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    /** Event-loop time spent writing and fsyncing the AOF: {calls, total ns, max ns} (for the benchmarks). */
    public long[] writeTimings() {
        return new long[] {writeCalls, writeNanos, maxWriteNanos};
    }
}
