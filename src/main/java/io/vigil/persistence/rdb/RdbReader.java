package io.vigil.persistence.rdb;

import io.vigil.util.Numbers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an RDB file (versions 1 to 10, i.e. everything Redis 7.0 loads) and reports its content to an
 * {@link RdbVisitor}.
 *
 * <pre>{@code
 * RdbReader.read(Path.of("dump.rdb"), new RdbVisitor() {
 *     public void keyValue(byte[] key, RdbValue value, KeyMeta meta) { ... }
 * });
 * }</pre>
 *
 * <p>Every value encoding is read: strings (raw, int8/16/32, LZF), list (1), set (2), zset with text (3) and binary
 * (5) scores, hash (4), zipmap (9), ziplist list (10), intset (11), ziplist zset (12), ziplist hash (13),
 * quicklist of ziplists (14), listpack hash (16) and zset (17), quicklist 2 with PLAIN and PACKED nodes (18).
 * Opcodes: AUX, SELECTDB, RESIZEDB, EXPIRETIME (s and ms), IDLE, FREQ, MODULE_AUX (skipped, then
 * {@link RdbVisitor#moduleAux}), FUNCTION2 ({@link RdbVisitor#function}), EOF and the CRC-64 checksum (verified
 * unless it is 0, which means "saved without checksum"). Streams (types 15, 19, 21) and module values are refused
 * with an {@link RdbFormatException} naming the type.
 *
 * <p>Corrupt input ends in an {@link RdbFormatException} with the reason and offset; a claimed length is never
 * allocated beyond what the input can hold, and every loop consumes input, so bad data cannot exhaust memory or
 * loop forever. Compact encodings (listpack, ziplist, intset, zipmap) are fully checked, and duplicate members in
 * sets, hashes and sorted sets are refused.
 *
 * <p>Not thread-safe; one reader reads one file.
 */
public final class RdbReader {
    private final RdbInput in;
    private boolean verifyChecksum = true;
    private int version = -1;

    /**
     * A reader over {@code in}.
     *
     * @param length the number of bytes of the RDB data, or -1 when unknown (then the reader may buffer bytes
     *               after the RDB end: see {@link #unreadBytes()})
     */
    public RdbReader(InputStream in, long length) {
        this.in = new RdbInput(in, length);
    }

    /** Reads a whole file. */
    public static void read(Path file, RdbVisitor visitor) throws IOException {
        try (InputStream is = Files.newInputStream(file)) {
            new RdbReader(is, Files.size(file)).read(visitor);
        }
    }

    /** Reads RDB data held in memory. */
    public static void read(byte[] data, RdbVisitor visitor) throws IOException {
        new RdbReader(new ByteArrayInputStream(data), data.length).read(visitor);
    }

    /** Whether to compare the stored checksum with the computed one (default true; a stored 0 is never checked). */
    public RdbReader verifyChecksum(boolean on) {
        this.verifyChecksum = on;
        return this;
    }

    /** The file's RDB version, once the header is read. */
    public int version() {
        return version;
    }

    /** Offset of the next byte to read. */
    public long offset() {
        return in.offset();
    }

    /** Bytes that were read from the stream into the buffer but are not part of the RDB data read so far. */
    public byte[] unreadBytes() {
        return in.unread();
    }

    /** Reads the header, then everything up to the EOF opcode and the checksum. */
    public void read(RdbVisitor visitor) throws IOException {
        readHeader();
        visitor.start(version);
        long expireAt = -1;
        long idle = -1;
        int freq = -1;
        while (true) {
            long opOffset = in.offset();
            int type = in.readByte();
            switch (type) {
                case Rdb.OPCODE_EXPIRETIME:
                    expireAt = in.readIntLE() * 1000L;
                    continue;
                case Rdb.OPCODE_EXPIRETIME_MS:
                    expireAt = in.readLongLE();
                    continue;
                case Rdb.OPCODE_FREQ:
                    freq = in.readByte();
                    continue;
                case Rdb.OPCODE_IDLE:
                    idle = readLength();
                    continue;
                case Rdb.OPCODE_SELECTDB: {
                    long db = readLength();
                    if (db > Integer.MAX_VALUE) {
                        throw error(opOffset, "invalid database number " + db);
                    }
                    visitor.selectDb((int) db);
                    continue;
                }
                case Rdb.OPCODE_RESIZEDB: {
                    long size = readLength();
                    long expires = readLength();
                    visitor.resizeDb(size, expires);
                    continue;
                }
                case Rdb.OPCODE_AUX: {
                    byte[] k = readString("AUX field name");
                    byte[] v = readString("AUX field value");
                    visitor.aux(k, v);
                    continue;
                }
                case Rdb.OPCODE_MODULE_AUX:
                    readModuleAux(visitor, opOffset);
                    continue;
                case Rdb.OPCODE_FUNCTION_PRE_GA:
                    throw error(opOffset, "Pre-release function format not supported");
                case Rdb.OPCODE_FUNCTION2:
                    visitor.function(readString("function library"));
                    continue;
                case Rdb.OPCODE_EOF:
                    break;
                default: {
                    if (!isValueType(type)) {
                        throw error(opOffset, "unknown RDB value type or opcode " + type);
                    }
                    byte[] key = readString("key");
                    RdbValue value = readValueOf(type, key, opOffset);
                    KeyMeta meta = expireAt == -1 && idle == -1 && freq == -1
                            ? KeyMeta.NONE : new KeyMeta(expireAt, idle, freq);
                    expireAt = -1;
                    idle = -1;
                    freq = -1;
                    if (value == null) {
                        visitor.emptyKeySkipped(key, type);
                    } else {
                        visitor.keyValue(key, value, meta);
                    }
                    continue;
                }
            }
            break;
        }
        long computed = in.crc();
        long stored = 0;
        if (version >= 5) {
            stored = in.readLongLE();
            if (verifyChecksum && stored != 0 && stored != computed) {
                throw new RdbFormatException(String.format("Wrong RDB checksum expected: (%016x) got: (%016x)",
                        stored, computed));
            }
        }
        visitor.end(stored);
    }

    private void readHeader() throws IOException {
        byte[] magic = new byte[9];
        for (int i = 0; i < 9; i++) {
            magic[i] = (byte) in.readByte();
        }
        if (!new String(magic, 0, 5, StandardCharsets.ISO_8859_1).equals("REDIS")) {
            throw new RdbFormatException("Wrong signature trying to load DB from file");
        }
        int v = 0;
        for (int i = 5; i < 9; i++) {
            int d = magic[i] - '0';
            if (d < 0 || d > 9) {
                throw new RdbFormatException("Can't handle RDB format version "
                        + new String(magic, 5, 4, StandardCharsets.ISO_8859_1));
            }
            v = v * 10 + d;
        }
        if (v < 1 || v > Rdb.VERSION) {
            throw new RdbFormatException("Can't handle RDB format version " + v);
        }
        version = v;
    }

    private RdbValue readValueOf(int type, byte[] key, long offset) throws IOException {
        try {
            return readValue(type);
        } catch (RdbFormatException e) {
            throw new RdbFormatException("key " + RdbValue.show(key) + " (" + Rdb.typeName(type) + ") at offset "
                    + offset + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RdbFormatException("key " + RdbValue.show(key) + " (" + Rdb.typeName(type) + ") at offset "
                    + offset + ": corrupt value (" + e + ")", e);
        }
    }

    private static RdbFormatException error(long offset, String what) {
        return new RdbFormatException(what + " (offset " + offset + ")");
    }

    static boolean isValueType(int type) {
        return type >= Rdb.TYPE_STRING && type <= Rdb.TYPE_MODULE_2
                || type >= Rdb.TYPE_HASH_ZIPMAP && type <= Rdb.TYPE_STREAM_LISTPACKS_3;
    }

    // ================================================================ module data

    private void readModuleAux(RdbVisitor visitor, long offset) throws IOException {
        long moduleId = readUnsignedLength();
        long whenOpcode = readLength();
        long when = readLength();
        if (whenOpcode != Rdb.MODULE_OPCODE_UINT) {
            throw error(offset, "bad when_opcode in module AUX data");
        }
        String name = Rdb.moduleName(moduleId);
        skipModuleValue(name);
        visitor.moduleAux(name, moduleId, (int) when);
    }

    /** Skips self-describing module data up to its EOF opcode. */
    private void skipModuleValue(String name) throws IOException {
        while (true) {
            long op = readLength();
            if (op == Rdb.MODULE_OPCODE_EOF) {
                return;
            } else if (op == Rdb.MODULE_OPCODE_SINT || op == Rdb.MODULE_OPCODE_UINT) {
                readUnsignedLength();
            } else if (op == Rdb.MODULE_OPCODE_FLOAT) {
                in.readIntLE();
            } else if (op == Rdb.MODULE_OPCODE_DOUBLE) {
                in.readLongLE();
            } else if (op == Rdb.MODULE_OPCODE_STRING) {
                readString("module string");
            } else {
                throw new RdbFormatException("Unknown module opcode " + op + " in data of module '" + name + "'");
            }
        }
    }

    // ================================================================ values

    /**
     * Reads the value of a key of RDB type {@code type}.
     *
     * @return the value, or null when the stored collection is empty
     */
    RdbValue readValue(int type) throws IOException {
        switch (type) {
            case Rdb.TYPE_STRING:
                return new RdbValue.Str(readString("string value"), type);
            case Rdb.TYPE_LIST: {
                long n = readCount(1, "list");
                List<byte[]> l = newList(n);
                for (long i = 0; i < n; i++) {
                    l.add(readString("list element"));
                }
                return l.isEmpty() ? null : new RdbValue.ListValue(l, type);
            }
            case Rdb.TYPE_SET: {
                long n = readCount(1, "set");
                List<byte[]> l = newList(n);
                for (long i = 0; i < n; i++) {
                    l.add(readString("set member"));
                }
                checkUnique(l, "set members");
                return l.isEmpty() ? null : new RdbValue.SetValue(l, type);
            }
            case Rdb.TYPE_ZSET:
            case Rdb.TYPE_ZSET_2: {
                long n = readCount(type == Rdb.TYPE_ZSET ? 2 : 9, "sorted set");
                List<ZSetEntry> l = newList(n);
                List<byte[]> members = newList(n);
                for (long i = 0; i < n; i++) {
                    byte[] m = readString("sorted set member");
                    double score = type == Rdb.TYPE_ZSET ? readTextDouble() : Double.longBitsToDouble(in.readLongLE());
                    if (Double.isNaN(score)) {
                        throw new RdbFormatException("Zset with NAN score detected");
                    }
                    l.add(new ZSetEntry(m, score));
                    members.add(m);
                }
                checkUnique(members, "sorted set members");
                return l.isEmpty() ? null : new RdbValue.ZSetValue(l, type);
            }
            case Rdb.TYPE_HASH: {
                long n = readCount(2, "hash");
                List<byte[][]> l = newList(n);
                List<byte[]> fields = newList(n);
                for (long i = 0; i < n; i++) {
                    byte[] f = readString("hash field");
                    byte[] v = readString("hash value");
                    l.add(new byte[][] {f, v});
                    fields.add(f);
                }
                checkUnique(fields, "hash fields");
                return l.isEmpty() ? null : new RdbValue.HashValue(l, type);
            }
            case Rdb.TYPE_HASH_ZIPMAP: {
                List<byte[][]> l = new ArrayList<>();
                Zipmap.decode(readString("zipmap"), l);
                return hashValue(l, type);
            }
            case Rdb.TYPE_LIST_ZIPLIST: {
                ListCollector c = new ListCollector();
                Ziplist.decode(readString("ziplist"), c);
                return c.list.isEmpty() ? null : new RdbValue.ListValue(c.list, type);
            }
            case Rdb.TYPE_SET_INTSET: {
                ListCollector c = new ListCollector();
                Intset.decode(readString("intset"), c);
                return c.list.isEmpty() ? null : new RdbValue.SetValue(c.list, type);
            }
            case Rdb.TYPE_ZSET_ZIPLIST:
            case Rdb.TYPE_ZSET_LISTPACK: {
                ListCollector c = new ListCollector();
                byte[] blob = readString(type == Rdb.TYPE_ZSET_ZIPLIST ? "ziplist" : "listpack");
                if (type == Rdb.TYPE_ZSET_ZIPLIST) {
                    Ziplist.decode(blob, c);
                } else {
                    Listpack.decode(blob, c);
                }
                return zsetValue(c.list, type);
            }
            case Rdb.TYPE_HASH_ZIPLIST:
            case Rdb.TYPE_HASH_LISTPACK: {
                ListCollector c = new ListCollector();
                byte[] blob = readString(type == Rdb.TYPE_HASH_ZIPLIST ? "ziplist" : "listpack");
                if (type == Rdb.TYPE_HASH_ZIPLIST) {
                    Ziplist.decode(blob, c);
                } else {
                    Listpack.decode(blob, c);
                }
                if (c.list.size() % 2 != 0) {
                    throw new RdbFormatException("hash with an odd number of elements");
                }
                List<byte[][]> pairs = new ArrayList<>(c.list.size() / 2);
                for (int i = 0; i < c.list.size(); i += 2) {
                    pairs.add(new byte[][] {c.list.get(i), c.list.get(i + 1)});
                }
                return hashValue(pairs, type);
            }
            case Rdb.TYPE_LIST_QUICKLIST:
            case Rdb.TYPE_LIST_QUICKLIST_2: {
                long nodes = readCount(type == Rdb.TYPE_LIST_QUICKLIST_2 ? 2 : 1, "quicklist");
                ListCollector c = new ListCollector();
                for (long i = 0; i < nodes; i++) {
                    long container = Rdb.QUICKLIST_NODE_PACKED;
                    if (type == Rdb.TYPE_LIST_QUICKLIST_2) {
                        container = readLength();
                        if (container != Rdb.QUICKLIST_NODE_PACKED && container != Rdb.QUICKLIST_NODE_PLAIN) {
                            throw new RdbFormatException("Quicklist integrity check failed: unknown node container "
                                    + container);
                        }
                    }
                    byte[] blob = readString("quicklist node");
                    if (container == Rdb.QUICKLIST_NODE_PLAIN) {
                        c.list.add(blob);
                    } else if (type == Rdb.TYPE_LIST_QUICKLIST) {
                        Ziplist.decode(blob, c);
                    } else {
                        Listpack.decode(blob, c);
                    }
                }
                return c.list.isEmpty() ? null : new RdbValue.ListValue(c.list, type);
            }
            case Rdb.TYPE_STREAM_LISTPACKS:
            case Rdb.TYPE_STREAM_LISTPACKS_2:
            case Rdb.TYPE_STREAM_LISTPACKS_3:
                throw new RdbFormatException("unsupported RDB type " + type + " (" + Rdb.typeName(type)
                        + "): streams are not supported yet");
            case Rdb.TYPE_MODULE_PRE_GA:
                throw new RdbFormatException("Pre-release module format not supported");
            case Rdb.TYPE_MODULE_2: {
                long id = readUnsignedLength();
                throw new RdbFormatException("unsupported RDB type 7 (module value): no module type '"
                        + Rdb.moduleName(id) + "' to load it");
            }
            case Rdb.TYPE_SET_LISTPACK:
                throw new RdbFormatException("unsupported RDB type 20 (set-listpack, RDB 11 / Redis 7.2)");
            default:
                throw new RdbFormatException("unknown RDB value type " + type);
        }
    }

    private RdbValue hashValue(List<byte[][]> pairs, int type) throws RdbFormatException {
        List<byte[]> fields = new ArrayList<>(pairs.size());
        for (byte[][] p : pairs) {
            fields.add(p[0]);
        }
        checkUnique(fields, "hash fields");
        return pairs.isEmpty() ? null : new RdbValue.HashValue(pairs, type);
    }

    private RdbValue zsetValue(List<byte[]> flat, int type) throws RdbFormatException {
        if (flat.size() % 2 != 0) {
            throw new RdbFormatException("sorted set with an odd number of elements");
        }
        List<ZSetEntry> entries = new ArrayList<>(flat.size() / 2);
        List<byte[]> members = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i < flat.size(); i += 2) {
            byte[] m = flat.get(i);
            entries.add(new ZSetEntry(m, parseScore(flat.get(i + 1))));
            members.add(m);
        }
        checkUnique(members, "sorted set members");
        return entries.isEmpty() ? null : new RdbValue.ZSetValue(entries, type);
    }

    /** Collects elements as byte arrays (integers as their decimal text). */
    private static final class ListCollector implements ElementSink {
        final List<byte[]> list = new ArrayList<>();

        @Override
        public void string(byte[] buf, int off, int len) {
            list.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void integer(long value) {
            list.add(Bytes.ascii(value));
        }
    }

    private static void checkUnique(List<byte[]> items, String what) throws RdbFormatException {
        if (items.size() < 2) {
            return;
        }
        Set<ByteBuffer> seen = new HashSet<>(items.size() * 4 / 3 + 1);
        for (byte[] b : items) {
            if (!seen.add(ByteBuffer.wrap(b))) {
                throw new RdbFormatException("Duplicate " + what + " detected: " + RdbValue.show(b));
            }
        }
    }

    private static <T> List<T> newList(long n) {
        return new ArrayList<>((int) Math.min(n, 1024));
    }

    /** A collection count, checked against the input left given the smallest size of one element. */
    private long readCount(int minBytesPerElement, String what) throws IOException {
        long n = readLength();
        if (n > in.remaining() / minBytesPerElement) {
            throw new RdbFormatException(what + " of " + n + " elements cannot fit in the " + in.remaining()
                    + " bytes left");
        }
        return n;
    }

    /** Score text of a ziplist/listpack sorted set (an integer element arrives as its decimal text). */
    private static double parseScore(byte[] b) throws RdbFormatException {
        double d = parseDoubleText(b);
        if (Double.isNaN(d)) {
            throw new RdbFormatException("Zset with NAN score detected");
        }
        return d;
    }

    private static double parseDoubleText(byte[] b) throws RdbFormatException {
        try {
            return Numbers.parseDouble(b);
        } catch (Numbers.NotANumber e) {
            String s = new String(b, StandardCharsets.ISO_8859_1).trim();
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                throw new RdbFormatException("invalid score " + RdbValue.show(b));
            }
        }
    }

    /** A double as text with a one-byte length (253 = NaN, 254 = +inf, 255 = -inf), as in RDB type 3. */
    private double readTextDouble() throws IOException {
        int len = in.readByte();
        switch (len) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] b = new byte[len];
                in.readFully(b, 0, len);
                return parseDoubleText(b);
        }
    }

    // ================================================================ primitives

    /** A length; fails on an encoded (special) value and on lengths of 2^63 or more. */
    long readLength() throws IOException {
        long v = readUnsignedLength();
        if (v < 0) {
            throw new RdbFormatException("length " + Long.toUnsignedString(v) + " too large (offset "
                    + in.offset() + ")");
        }
        return v;
    }

    /** A length as an unsigned 64-bit number (module type ids). */
    private long readUnsignedLength() throws IOException {
        int b = in.readByte();
        int kind = (b & 0xC0) >>> 6;
        if (kind == 3) {
            throw new RdbFormatException("encoded value where a length was expected (offset " + (in.offset() - 1)
                    + ")");
        }
        return lengthAfter(b);
    }

    /** The length whose first byte is {@code b}; 64-bit lengths are returned as raw (unsigned) bits. */
    private long lengthAfter(int b) throws IOException {
        switch ((b & 0xC0) >>> 6) {
            case 0:
                return b & 0x3f;
            case 1:
                return ((b & 0x3f) << 8) | in.readByte();
            default:
                if (b == Rdb.LEN_32BIT) {
                    long v = 0;
                    for (int i = 0; i < 4; i++) {
                        v = (v << 8) | in.readByte();
                    }
                    return v;
                } else if (b == Rdb.LEN_64BIT) {
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v = (v << 8) | in.readByte();
                    }
                    return v;
                }
                throw new RdbFormatException(String.format("unknown length encoding 0x%02x (offset %d)", b,
                        in.offset() - 1));
        }
    }

    /** A string in any encoding: raw, int8/16/32 (as decimal text) or LZF. */
    byte[] readString(String what) throws IOException {
        int b = in.readByte();
        if ((b & 0xC0) != 0xC0) {
            return in.readBytes(lengthAfter(b), what); // a "negative" 64-bit length is refused there
        }
        switch (b & 0x3f) {
            case Rdb.ENC_INT8:
                return Bytes.ascii((byte) in.readByte());
            case Rdb.ENC_INT16: {
                int lo = in.readByte();
                int hi = in.readByte();
                return Bytes.ascii((short) (lo | hi << 8));
            }
            case Rdb.ENC_INT32:
                return Bytes.ascii(in.readIntLE());
            case Rdb.ENC_LZF: {
                long clen = readLength();
                long ulen = readLength();
                if (clen > in.remaining()) {
                    throw new RdbFormatException("LZF " + what + " of " + clen + " compressed bytes exceeds the "
                            + in.remaining() + " bytes left");
                }
                if (ulen > clen * Lzf.MAX_EXPANSION || ulen > Integer.MAX_VALUE - 16) {
                    throw new RdbFormatException("Invalid LZF compressed string: " + clen
                            + " compressed bytes cannot hold " + ulen + " bytes");
                }
                byte[] c = in.readBytes(clen, what);
                return Lzf.decompress(c, (int) ulen);
            }
            default:
                throw new RdbFormatException(String.format("Unknown RDB string encoding type %d (offset %d)",
                        b & 0x3f, in.offset() - 1));
        }
    }

    /** The underlying input (for {@link DumpPayload}). */
    RdbInput input() {
        return in;
    }

    /** A reader positioned at the start of a value of known length (no header), for DUMP payloads. */
    static RdbReader forValue(byte[] data, int len) {
        RdbReader r = new RdbReader(new ByteArrayInputStream(data, 0, len), len);
        r.version = Rdb.VERSION;
        return r;
    }
}
