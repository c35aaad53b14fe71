package io.vigil.persistence.aof;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The AOF manifest: which files make up the AOF, in Redis 7.0's format, one file a line:
 *
 * <pre>
 * file appendonly.aof.2.base.rdb seq 2 type b
 * file appendonly.aof.1.incr.aof seq 1 type h
 * file appendonly.aof.2.incr.aof seq 2 type i
 * </pre>
 *
 * The base (at most one) comes first, then history files ({@code h}: replaced by a rewrite, to be
 * deleted), then the incremental files ({@code i}) in increasing sequence order. Lines starting with
 * {@code #} are comments; unknown key/value pairs are ignored (Redis's forward compatibility). Names that need
 * quoting are written quoted as Redis's sdscatrepr does. Mutations happen on a {@link #copy()} that replaces
 * the current manifest only once it has been persisted, as Redis does.
 */
public final class AofManifest {
    /** Type letter of the base file. */
    static final char BASE = 'b';
    /** Type letter of a history file. */
    static final char HISTORY = 'h';
    /** Type letter of an incremental file. */
    static final char INCR = 'i';

    /** One line of the manifest. */
    public record Entry(String name, long seq, char type) {
        Entry as(char newType) {
            return new Entry(name, seq, newType);
        }
    }

    private Entry base;
    private final List<Entry> history = new ArrayList<>();
    private final List<Entry> incr = new ArrayList<>();
    private long baseSeq;
    private long incrSeq;

    /** An empty manifest (no AOF yet). */
    public AofManifest() {
    }

    /** A deep copy to modify before it replaces this one. */
    AofManifest copy() {
        AofManifest m = new AofManifest();
        m.base = base;
        m.history.addAll(history);
        m.incr.addAll(incr);
        m.baseSeq = baseSeq;
        m.incrSeq = incrSeq;
        return m;
    }

    /** The base file, or null. */
    public Entry base() {
        return base;
    }

    /** The incremental files in sequence order. */
    public List<Entry> incrs() {
        return List.copyOf(incr);
    }

    /** The history files. */
    public List<Entry> history() {
        return List.copyOf(history);
    }

    /** Whether the manifest names no base and no incremental file. */
    public boolean isEmpty() {
        return base == null && incr.isEmpty();
    }

    /** The sequence number of the newest incremental file (0 if none ever). */
    long incrSeq() {
        return incrSeq;
    }

    /** The newest incremental file, or null. */
    Entry lastIncr() {
        return incr.isEmpty() ? null : incr.get(incr.size() - 1);
    }

    // ---------------------------------------------------------------------------------------------
    // File names

    /** {@code appendonly.aof.manifest}. */
    static String manifestName(String appendFilename) {
        return appendFilename + ".manifest";
    }

    /** {@code temp-appendonly.aof.manifest}. */
    static String tempManifestName(String appendFilename) {
        return "temp-" + appendFilename + ".manifest";
    }

    /** Adds a new incremental file {@code <appendfilename>.<seq>.incr.aof} and returns it. */
    Entry addNewIncr(String appendFilename) {
        incrSeq++;
        Entry e = new Entry(appendFilename + "." + incrSeq + ".incr.aof", incrSeq, INCR);
        incr.add(e);
        return e;
    }

    /**
     * Makes a new base {@code <appendfilename>.<seq>.base.rdb|aof} the base: the old base and every
     * incremental file but the newest {@code keepIncrs} become history. Returns the new base.
     */
    Entry newBase(String appendFilename, boolean rdb, int keepIncrs) {
        baseSeq++;
        if (base != null) {
            history.add(base.as(HISTORY));
        }
        base = new Entry(appendFilename + "." + baseSeq + ".base" + (rdb ? ".rdb" : ".aof"), baseSeq, BASE);
        while (incr.size() > keepIncrs) {
            history.add(incr.remove(0).as(HISTORY));
        }
        return base;
    }

    /** Forgets the history files (once deleted). */
    void clearHistory() {
        history.clear();
    }

    // ---------------------------------------------------------------------------------------------
    // Text form

    /** The manifest's text: base, history, incrs, one line each. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (base != null) {
            line(sb, base);
        }
        history.forEach(e -> line(sb, e));
        incr.forEach(e -> line(sb, e));
        return sb.toString();
    }

    private static void line(StringBuilder sb, Entry e) {
        sb.append("file ").append(needsRepr(e.name) ? repr(e.name) : e.name).append(" seq ").append(e.seq)
                .append(" type ").append(e.type).append('\n');
    }

    /** Redis's sdsneedsrepr: quote names with spaces, quotes, backslashes or unprintable characters. */
    private static boolean needsRepr(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"' || c == '\'' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 7
                    || c == '\b' || c < 32 || c > 126) {
                return true;
            }
        }
        return s.isEmpty();
    }

    private static String repr(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 32 && c <= 126) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Parses a manifest's text as Redis's aofLoadManifestFromFile does.
     *
     * @throws AofException with Redis's error text ("Invalid AOF manifest file format", ...); the message
     *                      holds the offending line number and line, as Redis logs them
     */
    public static AofManifest parse(String text) throws AofException {
        AofManifest m = new AofManifest();
        long maxSeq = 0;
        int lineNo = 0;
        if (text.isEmpty()) {
            throw new AofException("Found an empty AOF manifest");
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            if (i == lines.length - 1 && raw.isEmpty()) {
                break; // the text ends with a newline
            }
            lineNo++;
            if (raw.startsWith("#")) {
                continue;
            }
            if (raw.length() > 1024) {
                throw fail("The AOF manifest file contains too long line", lineNo, raw);
            }
            String line = raw.strip();
            if (line.isEmpty()) {
                throw fail("Invalid AOF manifest file format", lineNo, line);
            }
            List<String> argv = splitArgs(line);
            if (argv == null || argv.size() < 6 || argv.size() % 2 != 0) {
                throw fail("Invalid AOF manifest file format", lineNo, line);
            }
            String name = null;
            long seq = 0;
            char type = 0;
            for (int j = 0; j < argv.size(); j += 2) {
                String k = argv.get(j).toLowerCase(Locale.ROOT);
                String v = argv.get(j + 1);
                switch (k) {
                    case "file" -> {
                        name = v;
                        if (name.contains("/")) {
                            throw fail("File can't be a path, just a filename", lineNo, line);
                        }
                    }
                    case "seq" -> seq = atoll(v);
                    case "type" -> type = v.isEmpty() ? 0 : v.charAt(0);
                    default -> { } // forward compatibility: unknown keys are ignored
                }
            }
            if (name == null || seq == 0 || type == 0) {
                throw fail("Invalid AOF manifest file format", lineNo, line);
            }
            Entry e = new Entry(name, seq, type);
            switch (type) {
                case BASE -> {
                    if (m.base != null) {
                        throw fail("Found duplicate base file information", lineNo, line);
                    }
                    m.base = e;
                    m.baseSeq = seq;
                }
                case HISTORY -> m.history.add(e);
                case INCR -> {
                    if (seq <= maxSeq) {
                        throw fail("Found a non-monotonic sequence number", lineNo, line);
                    }
                    m.incr.add(e);
                    m.incrSeq = seq;
                    maxSeq = seq;
                }
                default -> throw fail("Unknown AOF file type", lineNo, line);
            }
        }
        if (lineNo == 0) {
            throw new AofException("Found an empty AOF manifest");
        }
        return m;
    }

    private static AofException fail(String why, int lineNo, String line) {
        return new AofException("Reading the manifest file, at line " + lineNo + "\n>>> '" + line + "'\n" + why);
    }

    /** C's atoll: leading digits (with sign), 0 if none. */
    private static long atoll(String s) {
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return neg ? -v : v;
    }

    /** Redis's sdssplitargs: words separated by blanks, "double" (with escapes) or 'single' quoted; null if unbalanced. */
    static List<String> splitArgs(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            StringBuilder cur = new StringBuilder();
            char q = line.charAt(i);
            if (q == '"' || q == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i);
                    if (q == '"' && c == '\\' && i + 1 < n) {
                        char e = line.charAt(i + 1);
                        if (e == 'x' && i + 3 < n && isHex(line.charAt(i + 2)) && isHex(line.charAt(i + 3))) {
                            cur.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
                            i += 4;
                            continue;
                        }
                        cur.append(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> (char) 7;
                            default -> e;
                        });
                        i += 2;
                    } else if (q == '\'' && c == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
                        cur.append('\'');
                        i += 2;
                    } else if (c == q) {
                        i++;
                        if (i < n && !Character.isWhitespace(line.charAt(i))) {
                            return null; // closing quote must be followed by a space
                        }
                        closed = true;
                        break;
                    } else {
                        cur.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    return null;
                }
            } else {
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    cur.append(line.charAt(i));
                    i++;
                }
            }
            out.add(cur.toString());
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** Reads and parses {@code file}. */
    static AofManifest load(Path file) throws AofException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AofException("Fatal error: can't open the AOF manifest file " + file + " for reading: "
                    + e.getMessage(), e);
        }
        return parse(text);
    }

    /**
     * Writes the manifest to {@code dir} atomically: a temp file, fsynced, renamed over the manifest, and the
     * directory fsynced, so a crash leaves the old or the new manifest, never a mix.
     */
    void persist(Path dir, String appendFilename) throws IOException {
        Path tmp = dir.resolve(tempManifestName(appendFilename));
        byte[] bytes = format().getBytes(StandardCharsets.ISO_8859_1);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(manifestName(appendFilename)), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(dir);
    }

    /** fsyncs a directory so that a rename in it is durable. */
    static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open or sync a directory; the rename itself has happened.
        }
    }
}
