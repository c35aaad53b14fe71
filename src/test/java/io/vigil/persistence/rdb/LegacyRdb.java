package io.vigil.persistence.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test-side writer of the old encodings Redis 7.0 still loads (ziplist, zipmap, RDB types 1, 3, 9, 10, 12, 13, 14,
 * EXPIRETIME in seconds, files of old versions), built from the format descriptions. Real Redis loading these files
 * proves they are right.
 */
final class LegacyRdb {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int version;

    LegacyRdb(int version) {
        this.version = version;
        raw(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
    }

    LegacyRdb raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    LegacyRdb u8(int b) {
        out.write(b);
        return this;
    }

    LegacyRdb len(long n) {
        if (n < 64) {
            u8((int) n);
        } else if (n < 16384) {
            u8((int) (0x40 | (n >>> 8)));
            u8((int) (n & 0xff));
        } else {
            u8(0x80);
            for (int s = 24; s >= 0; s -= 8) {
                u8((int) (n >>> s));
            }
        }
        return this;
    }

    /** A raw (never int-encoded, never compressed) string. */
    LegacyRdb str(byte[] b) {
        len(b.length);
        return raw(b);
    }

    LegacyRdb str(String s) {
        return str(s.getBytes(StandardCharsets.UTF_8));
    }

    LegacyRdb selectDb(int db) {
        return u8(Rdb.OPCODE_SELECTDB).len(db);
    }

    LegacyRdb expireSeconds(int unixSeconds) {
        u8(Rdb.OPCODE_EXPIRETIME);
        for (int i = 0; i < 4; i++) {
            u8((unixSeconds >>> (8 * i)) & 0xff);
        }
        return this;
    }

    LegacyRdb key(int type, String key) {
        return u8(type).str(key);
    }

    /** Type 3's text double: 253 NaN, 254 +inf, 255 -inf, else length + text. */
    LegacyRdb textDouble(double d) {
        if (Double.isInfinite(d)) {
            return u8(d > 0 ? 254 : 255);
        }
        byte[] t = io.vigil.util.Numbers.formatDouble(d).getBytes(StandardCharsets.US_ASCII);
        u8(t.length);
        return raw(t);
    }

    /** EOF, and the checksum from version 5 on. */
    byte[] finish() {
        u8(Rdb.OPCODE_EOF);
        if (version >= 5) {
            byte[] sofar = out.toByteArray();
            long crc = Crc64.of(sofar);
            byte[] c = new byte[8];
            Bytes.putI64le(c, 0, crc);
            raw(c);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- blobs

    /** A ziplist of items (String or Long), each integer in the smallest ziplist integer encoding. */
    static byte[] ziplist(List<Object> items) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        int prevLen = 0;
        int lastOffset = 10;
        for (Object item : items) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            if (prevLen < 254) {
                e.write(prevLen);
            } else {
                e.write(0xFE);
                le(e, prevLen, 4);
            }
            if (item instanceof Long v) {
                if (v >= 0 && v <= 12) {
                    e.write((int) (0xF1 + v));
                } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    e.write(0xFE);
                    le(e, v, 1);
                } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    e.write(0xC0);
                    le(e, v, 2);
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    e.write(0xF0);
                    le(e, v, 3);
                } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    e.write(0xD0);
                    le(e, v, 4);
                } else {
                    e.write(0xE0);
                    le(e, v, 8);
                }
            } else {
                byte[] s = ((String) item).getBytes(StandardCharsets.UTF_8);
                if (s.length <= 63) {
                    e.write(s.length);
                } else if (s.length <= 16383) {
                    e.write(0x40 | (s.length >>> 8));
                    e.write(s.length & 0xff);
                } else {
                    e.write(0x80);
                    for (int sh = 24; sh >= 0; sh -= 8) {
                        e.write((s.length >>> sh) & 0xff);
                    }
                }
                e.writeBytes(s);
            }
            lastOffset = 10 + entries.size();
            prevLen = e.size();
            entries.writeBytes(e.toByteArray());
        }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        int total = 10 + entries.size() + 1;
        le(zl, total, 4);
        le(zl, lastOffset, 4);
        le(zl, Math.min(items.size(), 65535), 2);
        zl.writeBytes(entries.toByteArray());
        zl.write(0xFF);
        return zl.toByteArray();
    }

    /** A zipmap of field/value pairs, each value followed by {@code free} unused bytes. */
    static byte[] zipmap(List<String[]> pairs, int free) {
        ByteArrayOutputStream zm = new ByteArrayOutputStream();
        zm.write(Math.min(pairs.size(), 254));
        for (String[] p : pairs) {
            byte[] k = p[0].getBytes(StandardCharsets.UTF_8);
            byte[] v = p[1].getBytes(StandardCharsets.UTF_8);
            zmLen(zm, k.length);
            zm.writeBytes(k);
            zmLen(zm, v.length);
            zm.write(free);
            zm.writeBytes(v);
            for (int i = 0; i < free; i++) {
                zm.write(0);
            }
        }
        zm.write(0xFF);
        return zm.toByteArray();
    }

    private static void zmLen(ByteArrayOutputStream zm, int len) {
        if (len < 254) {
            zm.write(len);
        } else {
            zm.write(254);
            le(zm, len, 4);
        }
    }

    private static void le(ByteArrayOutputStream o, long v, int n) {
        for (int i = 0; i < n; i++) {
            o.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
