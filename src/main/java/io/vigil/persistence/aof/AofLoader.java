package io.vigil.persistence.aof;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.vigil.command.Client;
import io.vigil.command.Engine;
import io.vigil.protocol.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays the AOF at start-up as Redis's loadAppendOnlyFiles: the base (an RDB file through {@link RdbBase},
 * or commands), then each incremental file, every command run through the engine by a pseudo client whose
 * replies are dropped and whose changes are not propagated (the engine is marked loading). MULTI/EXEC are
 * honoured; a transaction left open at the end of the last file is reverted as a torn tail. Annotation lines
 * ({@code #TS:...}, written with {@code aof-timestamp-enabled}) are skipped.
 *
 * <p>A file that ends in the middle of a command is truncated to its last complete command when
 * {@code aof-load-truncated yes} and it is the last file; otherwise, and on any format error, loading fails
 * with Redis's log lines and the server does not start.
 */
final class AofLoader {
    private static final Logger LOG = LoggerFactory.getLogger("vigil");

    /** How one file or the whole AOF loaded (Redis's AOF_OK, AOF_EMPTY, ...). */
    enum Status {
        /** Loaded. */
        OK,
        /** Empty file(s). */
        EMPTY,
        /** Loaded up to a torn tail, which was cut off. */
        TRUNCATED,
        /** No AOF (empty manifest). */
        NOT_EXIST,
        /** Could not be loaded: the server must not start. */
        FAILED
    }

    /** The result of loading: status and the sizes INFO reports afterwards. */
    record Result(Status status, long totalSize, long baseSize) {
    }

    private final Engine engine;
    private final Path dir;
    private final boolean loadTruncated;
    private final RdbBase rdb;

    AofLoader(Engine engine, Path dir, boolean loadTruncated, RdbBase rdb) {
        this.engine = engine;
        this.dir = dir;
        this.loadTruncated = loadTruncated;
        this.rdb = rdb;
    }

    /** Loads every file {@code m} names (base first, then the incrs in order). */
    Result load(AofManifest m) {
        if (m.isEmpty()) {
            return new Result(Status.NOT_EXIST, 0, 0);
        }
        List<AofManifest.Entry> files = new ArrayList<>();
        if (m.base() != null) {
            files.add(m.base());
        }
        files.addAll(m.incrs());
        long total = 0;
        long baseSize = 0;
        for (AofManifest.Entry e : files) {
            Path p = dir.resolve(e.name());
            try {
                long size = Files.size(p);
                total += size;
                if (e == m.base()) {
                    baseSize = size;
                }
            } catch (IOException ex) {
                LOG.warn("Unable to obtain the AOF file {} length. stat: {}", e.name(),
                        ex instanceof NoSuchFileException ? "No such file or directory" : ex.getMessage());
                return new Result(Status.FAILED, 0, 0);
            }
        }
        if (total == 0) {
            return new Result(Status.EMPTY, 0, 0);
        }
        long startAll = System.nanoTime();
        Status last = Status.OK;
        engine.loading(true);
        try {
            for (int i = 0; i < files.size(); i++) {
                AofManifest.Entry e = files.get(i);
                boolean lastFile = i == files.size() - 1;
                long start = System.nanoTime();
                Status st = loadFile(e.name(), e == m.base());
                if (st == Status.OK || st == Status.EMPTY || st == Status.TRUNCATED && lastFile) {
                    LOG.info("DB loaded from {} file {}: {} seconds", e == m.base() ? "base" : "incr", e.name(),
                            seconds(start));
                }
                if (st == Status.TRUNCATED && !lastFile) {
                    LOG.warn("Fatal error: the truncated file is not the last file");
                    st = Status.FAILED;
                }
                if (st == Status.FAILED) {
                    return new Result(Status.FAILED, 0, 0);
                }
                last = st;
            }
        } finally {
            engine.loading(false);
        }
        long size = 0;
        for (AofManifest.Entry e : files) {
            try {
                size += Files.size(dir.resolve(e.name())); // after a truncation
            } catch (IOException ex) {
                // counted above
            }
        }
        LOG.info("DB loaded from append only file: {} seconds", seconds(startAll));
        return new Result(last == Status.TRUNCATED ? Status.TRUNCATED : Status.OK, size, baseSize);
    }

    private static String seconds(long startNanos) {
        return String.format("%.3f", (System.nanoTime() - startNanos) / 1e9);
    }

    /** Loads one file: Redis's loadSingleAppendOnlyFile. */
    Status loadFile(String name, boolean isBase) {
        Path p = dir.resolve(name);
        long size;
        InputStream raw;
        try {
            size = Files.size(p);
            raw = Files.newInputStream(p);
        } catch (IOException e) {
            LOG.warn("Fatal error: can't open the append log file {} for reading: {}", name, e.getMessage());
            return Status.FAILED;
        }
        if (size == 0) {
            closeQuietly(raw);
            return Status.EMPTY;
        }
        try (CountingInput in = new CountingInput(new BufferedInputStream(raw, 64 << 10))) {
            in.mark(5);
            byte[] sig = in.readNBytes(5);
            in.reset();
            if (sig.length == 5 && new String(sig, StandardCharsets.US_ASCII).equals("REDIS")) {
                LOG.info(isBase ? "Reading RDB base file on AOF loading..." : "Reading RDB preamble from AOF file...");
                if (rdb == null) {
                    LOG.warn("Error reading the RDB base file {}, AOF loading aborted (no RDB loader is wired in)", name);
                    return Status.FAILED;
                }
                try {
                    rdb.load(in, size, engine.keyspace());
                } catch (IOException | RuntimeException e) {
                    LOG.warn(isBase ? "Error reading the RDB base file {}, AOF loading aborted"
                            : "Error reading the RDB preamble of the AOF file {}, AOF loading aborted", name);
                    LOG.warn("{}", e.getMessage());
                    return Status.FAILED;
                }
                return Status.OK; // a 7.0 base file holds nothing after the RDB
            }
            return replay(name, p, in);
        } catch (IOException e) {
            LOG.warn("Unrecoverable error reading the append only file {}: {}", name, e.getMessage());
            return Status.FAILED;
        }
    }

    private Status replay(String name, Path p, CountingInput in) throws IOException {
        Reply sink = new Reply(UnpooledByteBufAllocator.DEFAULT);
        Client fake = engine.pseudoClient(sink);
        long validUpTo = 0;
        long validBeforeMulti = 0;
        try {
            while (true) {
                byte[] line = in.readLine();
                if (line == null) {
                    break; // clean end of file
                }
                int lineLen = in.lineLen;
                if (line[0] == '#') {
                    if (line[lineLen - 1] != '\n') {
                        return torn(name, p, validUpTo);
                    }
                    validUpTo = in.position();
                    continue; // annotation
                }
                if (line[0] != '*') {
                    return badFormat(name);
                }
                if (lineLen == 1) {
                    return torn(name, p, validUpTo);
                }
                long argc = atol(line, 1, lineLen);
                if (argc < 1) {
                    return badFormat(name);
                }
                if (argc > 1 << 20) {
                    return badFormat(name);
                }
                byte[][] argv = new byte[(int) argc][];
                for (int j = 0; j < argc; j++) {
                    byte[] h = in.readLine();
                    if (h == null) {
                        return torn(name, p, validUpTo);
                    }
                    if (h[0] != '$') {
                        if (h[in.lineLen - 1] != '\n') {
                            return torn(name, p, validUpTo);
                        }
                        return badFormat(name);
                    }
                    long len = atol(h, 1, in.lineLen);
                    if (len < 0 || len > Integer.MAX_VALUE - 16) {
                        return badFormat(name);
                    }
                    byte[] arg = in.readNBytes((int) len);
                    if (arg.length < len) {
                        return torn(name, p, validUpTo);
                    }
                    if (in.skipNBytes2(2) < 2) {
                        return torn(name, p, validUpTo); // the CRLF after the argument
                    }
                    argv[j] = arg;
                }
                if (engine.commands().lookup(argv[0]) == null) {
                    LOG.warn("Unknown command '{}' reading the append only file {}",
                            new String(argv[0], StandardCharsets.ISO_8859_1), name);
                    return Status.FAILED;
                }
                boolean isMulti = Engine.lower(argv[0]).equals("multi");
                if (isMulti) {
                    validBeforeMulti = validUpTo;
                }
                engine.execute(fake, argv);
                sink.truncate(0);
                validUpTo = in.position();
            }
            if (engine.inMulti(fake)) {
                LOG.warn("Revert incomplete MULTI/EXEC transaction in AOF file {}", name);
                return torn(name, p, validBeforeMulti);
            }
            return Status.OK;
        } finally {
            sink.discard();
        }
    }

    private Status badFormat(String name) {
        LOG.warn("Bad file format reading the append only file {}: make a backup of your AOF file, then use "
                + "./redis-check-aof --fix <filename.manifest>", name);
        return Status.FAILED;
    }

    /** The file ends inside a command: cut it at {@code validUpTo} if allowed (Redis's uxeof). */
    private Status torn(String name, Path p, long validUpTo) {
        if (loadTruncated) {
            LOG.warn("!!! Warning: short read while loading the AOF file {}!!!", name); // sic: Redis 7.0 has no space
            LOG.warn("!!! Truncating the AOF {} at offset {} !!!", name, validUpTo);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(validUpTo);
                ch.force(true);
            } catch (IOException e) {
                LOG.warn("Error truncating the AOF file {}: {}", name, e.getMessage());
                return Status.FAILED;
            }
            LOG.warn("AOF {} loaded anyway because aof-load-truncated is enabled", name);
            return Status.TRUNCATED;
        }
        LOG.warn("Unexpected end of file reading the append only file {}. You can: 1) Make a backup of your AOF "
                + "file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the "
                + "'aof-load-truncated' configuration option to yes and restart the server.", name);
        return Status.FAILED;
    }

    /** C's strtol/atoi on {@code b} from {@code from}: optional sign, digits; stops at the first non-digit. */
    private static long atol(byte[] b, int from, int end) {
        int i = from;
        boolean neg = false;
        if (i < end && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        long v = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9' && v < Long.MAX_VALUE / 10) {
            v = v * 10 + (b[i] - '0');
            i++;
        }
        return neg ? -v : v;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** An input stream that knows its position and reads lines as C's fgets with a 128-byte buffer. */
    private static final class CountingInput extends InputStream {
        private final BufferedInputStream in;
        private long pos;
        private long markPos;

        CountingInput(BufferedInputStream in) {
            this.in = in;
        }

        long position() {
            return pos;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                pos++;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                pos += n;
            }
            return n;
        }

        @Override
        public synchronized void mark(int limit) {
            in.mark(limit);
            markPos = pos;
        }

        @Override
        public synchronized void reset() throws IOException {
            in.reset();
            pos = markPos;
        }

        @Override
        public boolean markSupported() {
            return true;
        }

        /** Skips up to n bytes; returns how many were there. */
        int skipNBytes2(int n) throws IOException {
            int k = 0;
            while (k < n && read() >= 0) {
                k++;
            }
            return k;
        }

        private final byte[] lineBuf = new byte[127];
        /** Length of the line {@link #readLine()} returned last. */
        int lineLen;

        /**
         * Up to 127 bytes through the next '\n' (included), as fgets with Redis's 128-byte buffer; null at the end
         * of the stream. The array is reused by the next call.
         */
        byte[] readLine() throws IOException {
            byte[] buf = lineBuf;
            int n = 0;
            while (n < buf.length) {
                int c = read();
                if (c < 0) {
                    break;
                }
                buf[n++] = (byte) c;
                if (c == '\n') {
                    break;
                }
            }
            if (n == 0) {
                return null;
            }
            lineLen = n;
            return buf;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
