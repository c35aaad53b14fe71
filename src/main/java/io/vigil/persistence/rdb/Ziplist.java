package io.vigil.persistence.rdb;

/**
 * Reads the ziplist format (lists, hashes and sorted sets of RDB 9 and earlier, and quicklist nodes of RDB type 14):
 * {@code <zlbytes u32 LE><zltail u32 LE><zllen u16 LE><entries><0xFF>}, each entry
 * {@code <prevlen: 1 byte, or 0xFE + u32 LE><encoding><data>}.
 */
final class Ziplist {
    private Ziplist() {
    }

    private static final int HEADER_SIZE = 10;

    /** Walks a whole ziplist checking its structure and hands every element to {@code sink}; returns the count. */
    static int decode(byte[] zl, ElementSink sink) throws RdbFormatException {
        int len = zl.length;
        if (len < HEADER_SIZE + 1) {
            throw new RdbFormatException("ziplist too short (" + len + " bytes)");
        }
        long total = Bytes.u32le(zl, 0);
        if (total != len) {
            throw new RdbFormatException("ziplist header says " + total + " bytes, blob has " + len);
        }
        long tail = Bytes.u32le(zl, 4);
        int count = Bytes.u16le(zl, 8);
        int p = HEADER_SIZE;
        int n = 0;
        int prevEntryLen = 0;
        int lastEntry = HEADER_SIZE;
        while (true) {
            if (p >= len) {
                throw new RdbFormatException("ziplist without end marker");
            }
            int b = zl[p] & 0xff;
            if (b == 0xFF) {
                if (p != len - 1) {
                    throw new RdbFormatException("data after the ziplist end marker");
                }
                break;
            }
            int start = p;
            long prevlen;
            if (b < 254) {
                prevlen = b;
                p += 1;
            } else if (b == 254) {
                need(zl, p, 5);
                prevlen = Bytes.u32le(zl, p + 1);
                p += 5;
            } else {
                throw new RdbFormatException("invalid ziplist prevlen at " + p);
            }
            if (prevlen != prevEntryLen) {
                throw new RdbFormatException("ziplist entry at " + start + " has a wrong previous length");
            }
            need(zl, p, 1);
            int e = zl[p] & 0xff;
            switch (e >>> 6) {
                case 0: {
                    int slen = e & 0x3f;
                    need(zl, p + 1, slen);
                    sink.string(zl, p + 1, slen);
                    p += 1 + slen;
                    break;
                }
                case 1: {
                    need(zl, p, 2);
                    int slen = ((e & 0x3f) << 8) | (zl[p + 1] & 0xff);
                    need(zl, p + 2, slen);
                    sink.string(zl, p + 2, slen);
                    p += 2 + slen;
                    break;
                }
                case 2: {
                    if (e != 0x80) {
                        throw new RdbFormatException(String.format("invalid ziplist encoding 0x%02x", e));
                    }
                    need(zl, p, 5);
                    long slen = Bytes.u32be(zl, p + 1);
                    if (slen > len - 1 - (p + 5)) {
                        throw new RdbFormatException("ziplist string length " + slen + " beyond the ziplist");
                    }
                    sink.string(zl, p + 5, (int) slen);
                    p += 5 + (int) slen;
                    break;
                }
                default:
                    p = integer(zl, p, e, sink);
            }
            prevEntryLen = p - start;
            lastEntry = start;
            n++;
        }
        if (n > 0 && tail != lastEntry || n == 0 && tail != HEADER_SIZE) {
            throw new RdbFormatException("ziplist tail offset " + tail + " is wrong");
        }
        if (count != 65535 && count != n) {
            throw new RdbFormatException("ziplist header says " + count + " elements, found " + n);
        }
        return n;
    }

    private static int integer(byte[] zl, int p, int e, ElementSink sink) throws RdbFormatException {
        switch (e) {
            case 0xC0:
                need(zl, p, 3);
                sink.integer((short) Bytes.u16le(zl, p + 1));
                return p + 3;
            case 0xD0:
                need(zl, p, 5);
                sink.integer((int) Bytes.u32le(zl, p + 1));
                return p + 5;
            case 0xE0:
                need(zl, p, 9);
                sink.integer(Bytes.i64le(zl, p + 1));
                return p + 9;
            case 0xF0:
                need(zl, p, 4);
                sink.integer((Bytes.u24le(zl, p + 1) << 8) >> 8);
                return p + 4;
            case 0xFE:
                need(zl, p, 2);
                sink.integer(zl[p + 1]);
                return p + 2;
            default:
                if (e >= 0xF1 && e <= 0xFD) {
                    sink.integer((e & 0x0f) - 1);
                    return p + 1;
                }
                throw new RdbFormatException(String.format("invalid ziplist encoding 0x%02x", e));
        }
    }

    private static void need(byte[] zl, int from, int n) throws RdbFormatException {
        if (n < 0 || from > zl.length - 1 - n) {
            throw new RdbFormatException("ziplist entry runs past the end");
        }
    }
}
