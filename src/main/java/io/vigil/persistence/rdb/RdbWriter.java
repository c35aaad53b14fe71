package io.vigil.persistence.rdb;

import io.vigil.util.Numbers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the RDB format of Redis 7.0 (version 10) to an {@link OutputStream}, keeping the running CRC-64.
 *
 * <p>A snapshot is written as:
 * <pre>{@code
 * RdbWriter w = new RdbWriter(out).compression(true).checksum(true).thresholds(limits);
 * w.writeHeader();
 * w.writeStandardAux(ctimeSeconds, usedMemory, replInfoOrNull, false);
 * w.selectDb(0);
 * w.resizeDb(keys, keysWithExpire);
 * w.writeString(key, value, expireAtMs);        // -1: no expire
 * w.writeHash(key, pairs, KeyMeta.expireAt(t).withLfuFreq(5));
 * ...
 * w.finish();                                  // EOF opcode + checksum, then flush
 * }</pre>
 *
 * <p>Encodings are chosen as Redis 7.0 chooses them for a value built under the given {@link RdbThresholds}:
 * strings int-encoded when they are canonical integers that fit 32 bits, LZF-compressed when compression is on,
 * they are longer than 20 bytes and compression saves at least 4 bytes; lists as quicklist 2 of listpacks; sets as
 * intset or a plain set; hashes and sorted sets as listpacks or plain. Blobs (listpacks, intsets) are themselves
 * written as strings, so they are LZF-compressed under the same rule. Collections must not be empty and their
 * members must be unique (set members, hash fields, sorted set members).
 *
 * <p>The {@code write*Value} methods write a value without a key (type byte and value), for DUMP payloads.
 *
 * <p>Not thread-safe. The writer buffers: call {@link #finish()} or {@link #flush()}; it never closes the stream.
 */
public final class RdbWriter {
    /** The version Redis 7.0.15 reports in its {@code redis-ver} AUX field. */
    public static final String REDIS_VERSION = "7.0.15";

    /** Quicklist node size classes for negative {@code list-max-listpack-size}, in bytes. */
    private static final int[] LIST_NODE_BYTES = {4096, 8192, 16384, 32768, 65536};
    /** With a positive {@code list-max-listpack-size}, nodes still stay under this many bytes. */
    private static final int LIST_NODE_SAFETY_LIMIT = 8192;

    private final OutputStream out;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private long crc;
    private long written;
    private boolean compression = true;
    private boolean checksum = true;
    private RdbThresholds thresholds = RdbThresholds.DEFAULTS;
    private Lzf.Encoder lzf;

    /** Replication info saved in the AUX fields of a snapshot taken for replication or by a replica. */
    public record ReplicationInfo(int streamDb, String replId, long offset) {
    }

    public RdbWriter(OutputStream out) {
        this.out = out;
    }

    /** Whether to LZF-compress long strings ({@code rdbcompression}, default on). */
    public RdbWriter compression(boolean on) {
        this.compression = on;
        return this;
    }

    /** Whether to write the real checksum at the end, or zeros ({@code rdbchecksum}, default on). */
    public RdbWriter checksum(boolean on) {
        this.checksum = on;
        return this;
    }

    /** The limits choosing compact encodings (default {@link RdbThresholds#DEFAULTS}). */
    public RdbWriter thresholds(RdbThresholds t) {
        this.thresholds = t;
        return this;
    }

    /** Bytes written so far (including buffered ones). */
    public long bytesWritten() {
        return written + pos;
    }

    /** The CRC-64 of everything written so far. */
    public long crc() {
        return Crc64.update(crc, buf, 0, pos);
    }

    // ================================================================ file structure

    /** {@code REDIS0010}. */
    public void writeHeader() throws IOException {
        writeRaw(("REDIS" + String.format("%04d", Rdb.VERSION)).getBytes(StandardCharsets.US_ASCII));
    }

    /** An AUX field. */
    public void writeAux(byte[] key, byte[] value) throws IOException {
        writeByte(Rdb.OPCODE_AUX);
        writeStringBytes(key);
        writeStringBytes(value);
    }

    /** An AUX field. */
    public void writeAux(String key, String value) throws IOException {
        writeAux(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /** An AUX field with an integer value (int-encoded when it fits 32 bits, as Redis does). */
    public void writeAux(String key, long value) throws IOException {
        writeAux(key.getBytes(StandardCharsets.UTF_8), Bytes.ascii(value));
    }

    /**
     * The AUX fields Redis 7.0 writes at the start of a snapshot: {@code redis-ver}, {@code redis-bits},
     * {@code ctime}, {@code used-mem}, then (only when {@code repl} is given) {@code repl-stream-db},
     * {@code repl-id}, {@code repl-offset}, and {@code aof-base}.
     */
    public void writeStandardAux(long ctimeSeconds, long usedMem, ReplicationInfo repl, boolean aofBase)
            throws IOException {
        writeAux("redis-ver", REDIS_VERSION);
        writeAux("redis-bits", 64);
        writeAux("ctime", ctimeSeconds);
        writeAux("used-mem", usedMem);
        if (repl != null) {
            writeAux("repl-stream-db", repl.streamDb());
            writeAux("repl-id", repl.replId());
            writeAux("repl-offset", repl.offset());
        }
        writeAux("aof-base", aofBase ? 1 : 0);
    }

    /** A function library ({@code FUNCTION2} opcode): the library's code. */
    public void writeFunction(byte[] code) throws IOException {
        writeByte(Rdb.OPCODE_FUNCTION2);
        writeStringBytes(code);
    }

    /** {@code SELECTDB}. */
    public void selectDb(int db) throws IOException {
        writeByte(Rdb.OPCODE_SELECTDB);
        writeLength(db);
    }

    /** {@code RESIZEDB}: the number of keys and of keys with an expire in the current database. */
    public void resizeDb(long dbSize, long expiresSize) throws IOException {
        writeByte(Rdb.OPCODE_RESIZEDB);
        writeLength(dbSize);
        writeLength(expiresSize);
    }

    /**
     * Ends the snapshot: the EOF opcode and the 8-byte little-endian CRC-64 of everything before (zeros when the
     * checksum is off), then flushes.
     *
     * @return the checksum written
     */
    public long finish() throws IOException {
        writeByte(Rdb.OPCODE_EOF);
        long sum = checksum ? crc() : 0;
        byte[] b = new byte[8];
        Bytes.putI64le(b, 0, sum);
        writeRaw(b);
        flush();
        return sum;
    }

    /** Writes the buffered bytes to the stream and flushes it. */
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    // ================================================================ keys

    /** A string key; {@code expireAtMs} is unix milliseconds or -1. */
    public void writeString(byte[] key, byte[] value, long expireAtMs) throws IOException {
        writeString(key, value, KeyMeta.expireAt(expireAtMs));
    }

    /** A string key. */
    public void writeString(byte[] key, byte[] value, KeyMeta meta) throws IOException {
        writeKeyMeta(meta);
        writeByte(Rdb.TYPE_STRING);
        writeStringBytes(key);
        writeStringBytes(value);
    }

    /** A list key (head to tail); {@code expireAtMs} is unix milliseconds or -1. */
    public void writeList(byte[] key, List<byte[]> elements, long expireAtMs) throws IOException {
        writeList(key, elements, KeyMeta.expireAt(expireAtMs));
    }

    /** A list key (head to tail). */
    public void writeList(byte[] key, List<byte[]> elements, KeyMeta meta) throws IOException {
        nonEmpty(elements.size());
        writeKeyMeta(meta);
        writeByte(Rdb.TYPE_LIST_QUICKLIST_2);
        writeStringBytes(key);
        listBody(elements);
    }

    /** A set key; {@code expireAtMs} is unix milliseconds or -1. */
    public void writeSet(byte[] key, Collection<byte[]> members, long expireAtMs) throws IOException {
        writeSet(key, members, KeyMeta.expireAt(expireAtMs));
    }

    /** A set key. */
    public void writeSet(byte[] key, Collection<byte[]> members, KeyMeta meta) throws IOException {
        nonEmpty(members.size());
        long[] ints = intsetMembers(members);
        writeKeyMeta(meta);
        writeByte(ints != null ? Rdb.TYPE_SET_INTSET : Rdb.TYPE_SET);
        writeStringBytes(key);
        setBody(members, ints);
    }

    /** A hash key from {field, value} pairs; {@code expireAtMs} is unix milliseconds or -1. */
    public void writeHash(byte[] key, List<byte[][]> pairs, long expireAtMs) throws IOException {
        writeHash(key, pairs, KeyMeta.expireAt(expireAtMs));
    }

    /** A hash key from {field, value} pairs. */
    public void writeHash(byte[] key, List<byte[][]> pairs, KeyMeta meta) throws IOException {
        nonEmpty(pairs.size());
        boolean compact = hashIsCompact(pairs);
        writeKeyMeta(meta);
        writeByte(compact ? Rdb.TYPE_HASH_LISTPACK : Rdb.TYPE_HASH);
        writeStringBytes(key);
        hashBody(pairs, compact);
    }

    /** A sorted set key; {@code expireAtMs} is unix milliseconds or -1. */
    public void writeZSet(byte[] key, List<ZSetEntry> entries, long expireAtMs) throws IOException {
        writeZSet(key, entries, KeyMeta.expireAt(expireAtMs));
    }

    /** A sorted set key (entries in any order). */
    public void writeZSet(byte[] key, List<ZSetEntry> entries, KeyMeta meta) throws IOException {
        nonEmpty(entries.size());
        boolean compact = zsetIsCompact(entries);
        writeKeyMeta(meta);
        writeByte(compact ? Rdb.TYPE_ZSET_LISTPACK : Rdb.TYPE_ZSET_2);
        writeStringBytes(key);
        zsetBody(entries, compact);
    }

    // ================================================================ values without a key (DUMP)

    /** A string value: type byte and value. */
    public void writeStringValue(byte[] value) throws IOException {
        writeByte(Rdb.TYPE_STRING);
        writeStringBytes(value);
    }

    /** A list value: type byte and value. */
    public void writeListValue(List<byte[]> elements) throws IOException {
        nonEmpty(elements.size());
        writeByte(Rdb.TYPE_LIST_QUICKLIST_2);
        listBody(elements);
    }

    /** A set value: type byte and value. */
    public void writeSetValue(Collection<byte[]> members) throws IOException {
        nonEmpty(members.size());
        long[] ints = intsetMembers(members);
        writeByte(ints != null ? Rdb.TYPE_SET_INTSET : Rdb.TYPE_SET);
        setBody(members, ints);
    }

    /** A hash value: type byte and value. */
    public void writeHashValue(List<byte[][]> pairs) throws IOException {
        nonEmpty(pairs.size());
        boolean compact = hashIsCompact(pairs);
        writeByte(compact ? Rdb.TYPE_HASH_LISTPACK : Rdb.TYPE_HASH);
        hashBody(pairs, compact);
    }

    /** A sorted set value: type byte and value. */
    public void writeZSetValue(List<ZSetEntry> entries) throws IOException {
        nonEmpty(entries.size());
        boolean compact = zsetIsCompact(entries);
        writeByte(compact ? Rdb.TYPE_ZSET_LISTPACK : Rdb.TYPE_ZSET_2);
        zsetBody(entries, compact);
    }

    /** Any value read back by {@link RdbReader} (re-encoded under this writer's thresholds). */
    public void writeValue(RdbValue value) throws IOException {
        if (value instanceof RdbValue.Str s) {
            writeStringValue(s.value());
        } else if (value instanceof RdbValue.ListValue l) {
            writeListValue(l.elements());
        } else if (value instanceof RdbValue.SetValue s) {
            writeSetValue(s.members());
        } else if (value instanceof RdbValue.HashValue h) {
            writeHashValue(h.pairs());
        } else if (value instanceof RdbValue.ZSetValue z) {
            writeZSetValue(z.entries());
        } else {
            throw new IllegalArgumentException("unknown value " + value);
        }
    }

    // ================================================================ bodies

    private void writeKeyMeta(KeyMeta meta) throws IOException {
        if (meta.hasExpire()) {
            writeByte(Rdb.OPCODE_EXPIRETIME_MS);
            byte[] b = new byte[8];
            Bytes.putI64le(b, 0, meta.expireAtMs());
            writeRaw(b);
        }
        if (meta.lruIdleSeconds() >= 0) {
            writeByte(Rdb.OPCODE_IDLE);
            writeLength(meta.lruIdleSeconds());
        }
        if (meta.lfuFreq() >= 0) {
            writeByte(Rdb.OPCODE_FREQ);
            writeByte(meta.lfuFreq());
        }
    }

    private static void nonEmpty(int size) {
        if (size == 0) {
            throw new IllegalArgumentException("empty collections are not stored in RDB");
        }
    }

    private void listBody(List<byte[]> elements) throws IOException {
        int fill = thresholds.listMaxListpackSize();
        long plain = thresholds.listPackedThreshold();
        // Node layout first (the node count comes before the nodes): elements are appended one by one as Redis's
        // RPUSH does, a new node starting when the tail node does not allow the insert.
        List<int[]> nodes = new ArrayList<>(); // {from, to, plain?1:0}
        int n = elements.size();
        int i = 0;
        while (i < n) {
            byte[] first = elements.get(i);
            if (first.length >= plain) {
                nodes.add(new int[] {i, i + 1, 1});
                i++;
                continue;
            }
            long bytes = Listpack.HEADER_SIZE + 1 + Listpack.Builder.entrySize(first);
            int j = i + 1;
            while (j < n) {
                byte[] e = elements.get(j);
                if (e.length >= plain || !nodeAllowsInsert(fill, bytes, j - i, e.length)) {
                    break;
                }
                bytes += Listpack.Builder.entrySize(e);
                j++;
            }
            nodes.add(new int[] {i, j, 0});
            i = j;
        }
        writeLength(nodes.size());
        for (int[] node : nodes) {
            if (node[2] == 1) {
                writeLength(Rdb.QUICKLIST_NODE_PLAIN);
                writeStringBytes(elements.get(node[0]));
            } else {
                Listpack.Builder lp = new Listpack.Builder(256);
                for (int k = node[0]; k < node[1]; k++) {
                    lp.add(elements.get(k));
                }
                writeLength(Rdb.QUICKLIST_NODE_PACKED);
                writeStringBytes(lp.build());
            }
        }
    }

    /**
     * Whether a quicklist node of {@code nodeBytes} bytes and {@code count} elements takes one more element of
     * {@code elementLength} bytes: Redis 7.0 estimates the new size as node bytes + element length + 8; with a
     * negative fill it must stay within the size class, with a positive one within 8 KB and the entry count.
     */
    private static boolean nodeAllowsInsert(int fill, long nodeBytes, int count, int elementLength) {
        long newSize = nodeBytes + elementLength + 8;
        if (fill < 0) {
            int cls = -fill - 1;
            if (cls < LIST_NODE_BYTES.length && newSize <= LIST_NODE_BYTES[cls]) {
                return true;
            }
        }
        if (newSize > LIST_NODE_SAFETY_LIMIT) {
            return false;
        }
        return count < fill;
    }

    /** The members as sorted integers when the set gets the intset encoding, else null. */
    private long[] intsetMembers(Collection<byte[]> members) {
        if (members.size() > thresholds.setMaxIntsetEntries()) {
            return null;
        }
        long[] ints = new long[members.size()];
        int k = 0;
        for (byte[] m : members) {
            if (!Bytes.isCanonicalLong(m)) {
                return null;
            }
            ints[k++] = Numbers.parseLong(m);
        }
        Arrays.sort(ints);
        for (int i = 1; i < ints.length; i++) {
            if (ints[i] == ints[i - 1]) {
                throw new IllegalArgumentException("duplicate set member " + ints[i]);
            }
        }
        return ints;
    }

    private void setBody(Collection<byte[]> members, long[] ints) throws IOException {
        if (ints != null) {
            writeStringBytes(Intset.encode(ints));
            return;
        }
        writeLength(members.size());
        for (byte[] m : members) {
            writeStringBytes(m);
        }
    }

    private boolean hashIsCompact(List<byte[][]> pairs) {
        if (pairs.size() > thresholds.hashMaxListpackEntries()) {
            return false;
        }
        int max = thresholds.hashMaxListpackValue();
        for (byte[][] p : pairs) {
            if (p[0].length > max || p[1].length > max) {
                return false;
            }
        }
        return true;
    }

    private void hashBody(List<byte[][]> pairs, boolean compact) throws IOException {
        if (compact) {
            Listpack.Builder lp = new Listpack.Builder(64);
            for (byte[][] p : pairs) {
                lp.add(p[0]).add(p[1]);
            }
            writeStringBytes(lp.build());
            return;
        }
        writeLength(pairs.size());
        for (byte[][] p : pairs) {
            writeStringBytes(p[0]);
            writeStringBytes(p[1]);
        }
    }

    private boolean zsetIsCompact(List<ZSetEntry> entries) {
        if (thresholds.zsetMaxListpackEntries() == 0 || entries.size() > thresholds.zsetMaxListpackEntries()) {
            return false;
        }
        int max = thresholds.zsetMaxListpackValue();
        for (ZSetEntry e : entries) {
            if (e.member().length > max) {
                return false;
            }
        }
        return true;
    }

    /** Sorted set order: score, then member bytes unsigned. */
    static final Comparator<ZSetEntry> ZSET_ORDER = (a, b) -> {
        if (a.score() < b.score()) {
            return -1;
        } else if (a.score() > b.score()) {
            return 1;
        }
        return Arrays.compareUnsigned(a.member(), b.member());
    };

    private void zsetBody(List<ZSetEntry> entries, boolean compact) throws IOException {
        List<ZSetEntry> sorted = entries;
        for (int i = 1; i < entries.size(); i++) {
            if (ZSET_ORDER.compare(entries.get(i - 1), entries.get(i)) > 0) {
                sorted = new ArrayList<>(entries);
                sorted.sort(ZSET_ORDER);
                break;
            }
        }
        for (ZSetEntry e : sorted) {
            if (Double.isNaN(e.score())) {
                throw new IllegalArgumentException("NaN score");
            }
        }
        if (compact) {
            Listpack.Builder lp = new Listpack.Builder(64);
            for (ZSetEntry e : sorted) {
                lp.add(e.member());
                lp.add(Numbers.formatDouble(e.score()).getBytes(StandardCharsets.US_ASCII));
            }
            writeStringBytes(lp.build());
            return;
        }
        // Like Redis: from the greatest to the smallest, so loading inserts at the head.
        writeLength(sorted.size());
        byte[] d = new byte[8];
        for (int i = sorted.size() - 1; i >= 0; i--) {
            ZSetEntry e = sorted.get(i);
            writeStringBytes(e.member());
            Bytes.putI64le(d, 0, Double.doubleToRawLongBits(e.score()));
            writeRaw(d);
        }
    }

    // ================================================================ primitives

    /** A length: 1, 2, 5 or 9 bytes. */
    void writeLength(long len) throws IOException {
        if (len < 0) {
            throw new IllegalArgumentException("negative length " + len);
        }
        writeUnsignedLength(len);
    }

    /** A length taken as an unsigned 64-bit number (module type ids use all 64 bits). */
    void writeUnsignedLength(long len) throws IOException {
        if (len < 0) {
            writeByte(Rdb.LEN_64BIT);
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((int) (len >>> shift));
            }
            return;
        }
        if (len < (1 << 6)) {
            writeByte((int) len);
        } else if (len < (1 << 14)) {
            writeByte((int) ((len >>> 8) | 0x40));
            writeByte((int) (len & 0xff));
        } else if (len <= 0xffffffffL) {
            writeByte(Rdb.LEN_32BIT);
            writeByte((int) (len >>> 24));
            writeByte((int) (len >>> 16));
            writeByte((int) (len >>> 8));
            writeByte((int) len);
        } else {
            writeByte(Rdb.LEN_64BIT);
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((int) (len >>> shift));
            }
        }
    }

    /** A string: int-encoded, LZF-compressed or raw, as Redis chooses. */
    void writeStringBytes(byte[] s) throws IOException {
        int len = s.length;
        if (len <= 11 && Bytes.isCanonicalLong(s)) {
            long v = Numbers.parseLong(s);
            if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                writeByte(0xC0 | Rdb.ENC_INT8);
                writeByte((int) v);
                return;
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                writeByte(0xC0 | Rdb.ENC_INT16);
                writeByte((int) v);
                writeByte((int) (v >>> 8));
                return;
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                writeByte(0xC0 | Rdb.ENC_INT32);
                byte[] b = new byte[4];
                Bytes.putU32le(b, 0, v);
                writeRaw(b);
                return;
            }
        }
        if (compression && len > 20) {
            if (lzf == null) {
                lzf = new Lzf.Encoder();
            }
            byte[] c = lzf.compress(s, 0, len, len - 4);
            if (c != null) {
                writeByte(0xC0 | Rdb.ENC_LZF);
                writeLength(c.length);
                writeLength(len);
                writeRaw(c);
                return;
            }
        }
        writeLength(len);
        writeRaw(s);
    }

    void writeByte(int b) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = (byte) b;
    }

    void writeRaw(byte[] b) throws IOException {
        int len = b.length;
        if (len <= buf.length - pos) {
            System.arraycopy(b, 0, buf, pos, len);
            pos += len;
            return;
        }
        drain();
        if (len <= buf.length) {
            System.arraycopy(b, 0, buf, 0, len);
            pos = len;
            return;
        }
        crc = Crc64.update(crc, b, 0, len);
        out.write(b);
        written += len;
    }

    private void drain() throws IOException {
        if (pos > 0) {
            crc = Crc64.update(crc, buf, 0, pos);
            out.write(buf, 0, pos);
            written += pos;
            pos = 0;
        }
    }
}
