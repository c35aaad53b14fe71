package io.vigil.persistence;

import io.vigil.config.Config;
import io.vigil.config.Options;
import io.vigil.config.SavePoint;
import io.vigil.keyspace.Keyspace;
import io.vigil.persistence.rdb.RdbFormatException;
import io.vigil.persistence.rdb.RdbWriter;
import io.vigil.types.EncodingLimits;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's RDB persistence: SAVE, BGSAVE (with {@link BackgroundSnapshot}), the {@code save} points checked by
 * the cron, loading {@code dir/dbfilename} at startup, the save at shutdown, and the state INFO persistence and
 * LASTSAVE report. Runs on the main loop (except where noted).
 *
 * <p>Files are written to a temp file in {@code dir}, fsynced, renamed over {@code dbfilename} and the directory
 * fsynced: a crash mid-save leaves the last good dump as it was.
 */
public final class RdbPersistence {
    private static final Logger LOG = LoggerFactory.getLogger("vigil");

    /** Seconds before a failed background save is retried by the save points (CONFIG_BGSAVE_RETRY_DELAY). */
    static final long BGSAVE_RETRY_DELAY_SECONDS = 5;

    /** MISCONF: what write commands get while the last background save failed. */
    public static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently "
            + "unable to persist to disk. Commands that may modify the data set are disabled, because this instance "
            + "is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error "
            + "option). Please check the Redis logs for details about the RDB error.";

    /** What the server tells persistence and what persistence asks of the server. */
    public interface Host {
        /** Changes since the last save (Redis's server.dirty). */
        long dirty();

        /** A save that started when {@link #dirty()} was {@code dirtyAtStart} succeeded at {@code unixMillis}. */
        void saved(long dirtyAtStart, long unixMillis);

        /** The {@code used-mem} AUX field. */
        default long usedMemory() {
            return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        }

        /** The replication AUX fields for a snapshot (Redis's rdbPopulateSaveInfo), or null. */
        default RdbWriter.ReplicationInfo replicationInfo() {
            return null;
        }

        /** Whether another background job (AOF rewrite) runs, so BGSAVE must be scheduled instead. */
        default boolean otherChildActive() {
            return false;
        }
    }

    private final Keyspace ks;
    private final Config config;
    private final EncodingLimits limits;
    private final ScheduledExecutorService mainLoop;
    private final Host host;

    private long lastSaveMillis;
    private boolean lastBgsaveOk = true;
    private long lastBgsaveTryMillis;
    private long lastBgsaveSeconds = -1;
    private long saves;
    private long lastCowBytes;
    private boolean bgsaveScheduled;
    private BackgroundSnapshot current;
    private boolean currentIsFile;
    private long dirtyAtBgsaveStart;
    private long bgsaveStartMillis;
    private volatile boolean loading;
    private long lastLoadKeysLoaded;
    private long lastLoadKeysExpired;

    /**
     * @param lastSaveMillis the initial LASTSAVE (the start time)
     */
    public RdbPersistence(Keyspace ks, Config config, EncodingLimits limits, ScheduledExecutorService mainLoop,
                          Host host, long lastSaveMillis) {
        this.ks = ks;
        this.config = config;
        this.limits = limits;
        this.mainLoop = mainLoop;
        this.host = host;
        this.lastSaveMillis = lastSaveMillis;
    }

    // ================================================================ configuration

    /** {@code dir/dbfilename}. */
    public Path file() {
        return dir().resolve(config.get(Options.DBFILENAME));
    }

    private Path dir() {
        String d = config.get(Options.DIR);
        return d == null || d.isEmpty() ? Path.of("").toAbsolutePath() : Path.of(d);
    }

    /** The writing options under the current configuration. */
    public SaveOptions saveOptions() {
        return new SaveOptions(config.get(Options.RDBCOMPRESSION), config.get(Options.RDBCHECKSUM),
                ValueCodec.thresholds(limits), host.usedMemory(), host.replicationInfo(), false,
                Math.max(0, config.get(Options.RDB_KEY_SAVE_DELAY)));
    }

    private List<SavePoint> savePoints() {
        List<SavePoint> l = config.get(Options.SAVE);
        return l == null ? List.of() : l;
    }

    // ================================================================ state for INFO, LASTSAVE

    /** LASTSAVE / rdb_last_save_time, unix ms. */
    public long lastSaveMillis() {
        return lastSaveMillis;
    }

    /** rdb_bgsave_in_progress. */
    public boolean bgsaveInProgress() {
        return current != null;
    }

    /** The running background snapshot, or null. */
    public BackgroundSnapshot currentSnapshot() {
        return current;
    }

    /** rdb_last_bgsave_status. */
    public boolean lastBgsaveOk() {
        return lastBgsaveOk;
    }

    /** rdb_last_bgsave_time_sec (-1 before the first). */
    public long lastBgsaveSeconds() {
        return lastBgsaveSeconds;
    }

    /** rdb_current_bgsave_time_sec (-1 when none runs). */
    public long currentBgsaveSeconds() {
        return current == null ? -1 : (System.currentTimeMillis() - bgsaveStartMillis) / 1000;
    }

    /** rdb_saves: successful saves since start. */
    public long saves() {
        return saves;
    }

    /** rdb_last_cow_size: the peak of captured data of the last background save. */
    public long lastCowBytes() {
        return lastCowBytes;
    }

    /** Whether a BGSAVE is scheduled (BGSAVE SCHEDULE, or BGSAVE inside MULTI). */
    public boolean bgsaveScheduled() {
        return bgsaveScheduled;
    }

    /** loading: whether the dataset is being loaded. */
    public boolean loading() {
        return loading;
    }

    /** rdb_last_load_keys_loaded. */
    public long lastLoadKeysLoaded() {
        return lastLoadKeysLoaded;
    }

    /** rdb_last_load_keys_expired. */
    public long lastLoadKeysExpired() {
        return lastLoadKeysExpired;
    }

    /**
     * The MISCONF error write commands (and PING) get, or null: set when {@code stop-writes-on-bgsave-error} is
     * on, save points are configured and the last background save failed.
     */
    public String writeDeniedError() {
        if (!lastBgsaveOk && config.get(Options.STOP_WRITES_ON_BGSAVE_ERROR) && !savePoints().isEmpty()) {
            return MISCONF;
        }
        return null;
    }

    // ================================================================ SAVE

    /**
     * SAVE: writes the dataset to {@code dir/dbfilename} now, on this thread. Logs as Redis.
     *
     * @return true on success
     */
    public boolean save() {
        long dirtyAtStart = host.dirty();
        Path target = file();
        Path temp = dir().resolve("temp-" + ProcessHandle.current().pid() + ".rdb");
        try {
            try (FileOutputStream fos = openTemp(temp)) {
                OutputStream out = new BufferedOutputStream(fos, 1 << 16);
                RdbSnapshot.write(ks, out, saveOptions());
                out.flush();
                fos.getChannel().force(true);
            }
            commit(temp, target);
        } catch (IOException e) {
            LOG.warn("Write error saving DB on disk: {}", reason(e));
            deleteQuietly(temp);
            return false;
        }
        LOG.info("DB saved on disk");
        long now = System.currentTimeMillis();
        lastSaveMillis = now;
        lastBgsaveOk = true; // Redis sets lastbgsave_status = C_OK after a good SAVE too
        saves++;
        host.saved(dirtyAtStart, now);
        return true;
    }

    private FileOutputStream openTemp(Path temp) throws IOException {
        try {
            return new FileOutputStream(temp.toFile());
        } catch (IOException e) {
            throw new IOException("Failed opening the temp RDB file " + temp.getFileName() + " (in server root dir "
                    + dir() + ") for saving: " + reason(e), e);
        }
    }

    private void commit(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be fsynced; the rename itself is atomic.
        }
    }

    // ================================================================ BGSAVE

    /** What {@link #bgsave(boolean, boolean)} did. */
    public enum BgsaveOutcome {
        /** "Background saving started". */
        STARTED,
        /** "Background saving scheduled". */
        SCHEDULED,
        /** ERR Background save already in progress. */
        ALREADY_IN_PROGRESS,
        /** ERR Another child process is active (AOF?)... */
        OTHER_CHILD_ACTIVE,
        /** The save could not start (the temp file could not be created). */
        FAILED
    }

    /**
     * BGSAVE [SCHEDULE]: starts a background save to {@code dir/dbfilename}.
     *
     * @param schedule BGSAVE SCHEDULE
     * @param inExec   the command runs inside EXEC (Redis then only schedules it)
     */
    public BgsaveOutcome bgsave(boolean schedule, boolean inExec) {
        if (current != null && currentIsFile) {
            return BgsaveOutcome.ALREADY_IN_PROGRESS;
        }
        if (current != null || host.otherChildActive() || inExec) {
            if (schedule || inExec) {
                bgsaveScheduled = true;
                return BgsaveOutcome.SCHEDULED;
            }
            return BgsaveOutcome.OTHER_CHILD_ACTIVE;
        }
        return startBackgroundSave() ? BgsaveOutcome.STARTED : BgsaveOutcome.FAILED;
    }

    /**
     * Starts the background save to the file. Like Redis's forked child, the temp file is opened by the writer: a
     * failure to create it ends the save asynchronously ("Background saving error").
     */
    private boolean startBackgroundSave() {
        lastBgsaveTryMillis = System.currentTimeMillis();
        Path target = file();
        Path temp = dir().resolve("temp-" + ProcessHandle.current().pid() + "-bg.rdb");
        BackgroundSnapshot.Output output = new BackgroundSnapshot.Output() {
            private FileOutputStream fos;
            private OutputStream out;

            @Override
            public OutputStream stream() throws IOException {
                fos = openTemp(temp);
                out = new BufferedOutputStream(fos, 1 << 16);
                return out;
            }

            @Override
            public void finish() throws IOException {
                out.flush();
                fos.getChannel().force(true);
                fos.close();
                commit(temp, target);
            }

            @Override
            public void abort() {
                try {
                    if (fos != null) {
                        fos.close();
                    }
                } catch (IOException e) {
                    // already failing
                }
                deleteQuietly(temp);
            }
        };
        dirtyAtBgsaveStart = host.dirty();
        bgsaveStartMillis = System.currentTimeMillis();
        bgsaveScheduled = false;
        currentIsFile = true;
        current = BackgroundSnapshot.start(ks, output, saveOptions(), mainLoop, this::bgsaveDone);
        LOG.info("Background saving started by pid {}", ProcessHandle.current().pid());
        return true;
    }

    private void bgsaveDone(BackgroundSnapshot.Result r) {
        current = null;
        currentIsFile = false;
        lastCowBytes = r.peakCowBytes();
        lastBgsaveSeconds = r.millis() / 1000;
        if (r.ok()) {
            LOG.info("DB saved on disk");
            LOG.info("Background saving terminated with success");
            long now = System.currentTimeMillis();
            lastSaveMillis = now;
            lastBgsaveOk = true;
            saves++;
            host.saved(dirtyAtBgsaveStart, now);
        } else if (r.error() != null && "snapshot cancelled".equals(r.error().getMessage())) {
            LOG.warn("Background saving terminated by signal 10");
            lastBgsaveOk = false;
        } else {
            String why = reason(r.error());
            LOG.warn(why.startsWith("Failed opening") ? "{}" : "Write error saving DB on disk: {}", why);
            LOG.warn("Background saving error");
            lastBgsaveOk = false;
        }
    }

    /**
     * Starts a point-in-time snapshot to any stream, for replication's full sync (the AUX fields carry
     * {@code repl}); {@code onDone} runs on the main loop once it is written and flushed. The stream is not closed.
     *
     * @return the snapshot, or null when another snapshot runs (wait for {@link #bgsaveInProgress()} to end)
     */
    public BackgroundSnapshot snapshotTo(OutputStream out, RdbWriter.ReplicationInfo repl,
                                         Consumer<BackgroundSnapshot.Result> onDone) {
        if (current != null) {
            return null;
        }
        bgsaveStartMillis = System.currentTimeMillis();
        currentIsFile = false;
        current = BackgroundSnapshot.start(ks, out, saveOptions().withRepl(repl), mainLoop, r -> {
            current = null;
            lastCowBytes = r.peakCowBytes();
            onDone.accept(r);
        });
        return current;
    }

    /** Stops a running background save (SHUTDOWN, FLUSHALL in Redis kills the child) and waits for its thread. */
    public void cancelBackgroundSave() {
        BackgroundSnapshot s = current;
        if (s != null) {
            LOG.warn("There is a child saving an .rdb. Killing it!");
            s.cancel();
            try {
                s.awaitWriter(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ================================================================ cron

    /** The save points and a scheduled BGSAVE, checked by the cron (Redis's serverCron). */
    public void cron() {
        if (current != null) {
            return;
        }
        long now = System.currentTimeMillis();
        boolean retryAllowed = lastBgsaveOk || (now - lastBgsaveTryMillis) / 1000 > BGSAVE_RETRY_DELAY_SECONDS;
        if (host.otherChildActive()) {
            return;
        }
        if (bgsaveScheduled && retryAllowed) {
            startBackgroundSave();
            return;
        }
        long dirty = host.dirty();
        for (SavePoint sp : savePoints()) {
            if (dirty >= sp.changes() && (now - lastSaveMillis) / 1000 > sp.seconds() && retryAllowed) {
                LOG.info("{} changes in {} seconds. Saving...", sp.changes(), sp.seconds());
                startBackgroundSave();
                return;
            }
        }
    }

    // ================================================================ shutdown

    /**
     * What SHUTDOWN and SIGTERM do before exiting: stop a background save, then save when asked ({@code SAVE}) or
     * when save points exist, unless {@code NOSAVE}.
     *
     * @return false if the save failed (Redis then refuses to exit unless FORCE)
     */
    public boolean prepareShutdown(boolean save, boolean nosave) {
        cancelBackgroundSave();
        if (nosave || (!save && savePoints().isEmpty())) {
            return true;
        }
        LOG.info("Saving the final RDB snapshot before exiting.");
        if (!save()) {
            LOG.warn("Error trying to save the DB, can't exit.");
            return false;
        }
        return true;
    }

    // ================================================================ loading

    /**
     * Loads {@code dir/dbfilename} at startup, if it exists, with Redis's log lines. Call before serving.
     *
     * @return false when the file exists but cannot be loaded (Redis then exits)
     */
    public boolean loadAtStartup() {
        Path f = file();
        if (!Files.exists(f)) {
            return true;
        }
        long start = System.nanoTime();
        try {
            RdbLoader.Result r = load(f);
            LOG.info("Done loading RDB, keys loaded: {}, keys expired: {}.", r.keysLoaded(), r.keysExpired());
            LOG.info("DB loaded from disk: {} seconds",
                    String.format(Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e9));
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            String why = e instanceof RdbFormatException ? e.getMessage() : reason(e);
            LOG.warn("Fatal error loading the DB: {}. Exiting.", why);
            return false;
        }
    }

    /**
     * Loads an RDB file into the keyspace (the caller empties it first when needed), logging the file's version,
     * age and memory, and progress every few seconds for large files.
     */
    public RdbLoader.Result load(Path f) throws IOException {
        long size = Files.size(f);
        long started = System.currentTimeMillis();
        long[] lastLog = {started};
        loading = true;
        try {
            RdbLoader.Options o = RdbLoader.Options.MASTER.withProgress((bytes, keys) -> {
                long now = System.currentTimeMillis();
                if (now - lastLog[0] >= 2000) {
                    lastLog[0] = now;
                    LOG.info("Loading RDB: {}% ({} keys loaded)", size == 0 ? 100 : bytes * 100 / size, keys);
                }
            }).withAuxListener(RdbPersistence::logAux);
            RdbLoader.Result r = RdbLoader.load(f, ks, limits, o);
            lastLoadKeysLoaded = r.keysLoaded();
            lastLoadKeysExpired = r.keysExpired();
            return r;
        } finally {
            loading = false;
        }
    }

    /** Redis's log lines for the AUX fields it reports while loading. */
    private static void logAux(String name, byte[] value) {
        String v = new String(value, java.nio.charset.StandardCharsets.UTF_8);
        switch (name) {
            case "redis-ver" -> LOG.info("Loading RDB produced by version {}", v);
            case "ctime" -> {
                try {
                    long age = System.currentTimeMillis() / 1000 - Long.parseLong(v);
                    LOG.info("RDB age {} seconds", Math.max(0, age));
                } catch (NumberFormatException e) {
                    // not logged
                }
            }
            case "used-mem" -> {
                try {
                    LOG.info("RDB memory usage when created {} Mb",
                            String.format(Locale.ROOT, "%.2f", Long.parseLong(v) / 1024.0 / 1024.0));
                } catch (NumberFormatException e) {
                    // not logged
                }
            }
            default -> {
            }
        }
    }

    /**
     * DEBUG RELOAD: save, empty the dataset, load the file again.
     *
     * @return null on success, else the error text
     */
    public String debugReload(boolean save) {
        if (save && !save()) {
            return "ERR";
        }
        ks.flushAll();
        try {
            load(file());
            LOG.warn("DB reloaded by DEBUG RELOAD");
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Error trying to load the RDB dump: {}", e.getMessage());
            return "ERR Error trying to load the RDB dump, check server logs.";
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private static String reason(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
