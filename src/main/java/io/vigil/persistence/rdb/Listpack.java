package io.vigil.persistence.rdb;

import io.vigil.util.Numbers;
import java.util.Arrays;

/**
 * The listpack format: {@code <total bytes u32 LE><count u16 LE><entries><0xFF>}, each entry
 * {@code <encoding+data><backlen>}, integers in the smallest of 7/13/16/24/32/64-bit forms, strings with a
 * 6/12/32-bit length. Strings that are canonical integers are stored as integers, as Redis does.
 */
final class Listpack {
    private Listpack() {
    }

    static final int HEADER_SIZE = 6;
    static final int EOF = 0xFF;
    /** The count field's value meaning "too many to count here". */
    static final int UNKNOWN_COUNT = 65535;

    // ---------------------------------------------------------------- decoding

    /**
     * Walks a whole listpack, checking its structure (total size, entry encodings, back lengths, end marker,
     * count), and hands every element to {@code sink}.
     *
     * @return the number of elements
     */
    static int decode(byte[] lp, ElementSink sink) throws RdbFormatException {
        int len = lp.length;
        if (len < HEADER_SIZE + 1) {
            throw bad("listpack too short (" + len + " bytes)");
        }
        long total = Bytes.u32le(lp, 0);
        if (total != len) {
            throw bad("listpack header says " + total + " bytes, blob has " + len);
        }
        int count = Bytes.u16le(lp, 4);
        int p = HEADER_SIZE;
        int n = 0;
        byte[] backlen = new byte[5];
        while (true) {
            if (p >= len) {
                throw bad("listpack without end marker");
            }
            int b = lp[p] & 0xff;
            if (b == EOF) {
                if (p != len - 1) {
                    throw bad("data after the listpack end marker");
                }
                break;
            }
            int start = p;
            if ((b & 0x80) == 0) {
                sink.integer(b);
                p += 1;
            } else if ((b & 0xC0) == 0x80) {
                int slen = b & 0x3f;
                need(lp, p + 1, slen);
                sink.string(lp, p + 1, slen);
                p += 1 + slen;
            } else if ((b & 0xE0) == 0xC0) {
                need(lp, p, 2);
                int v = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
                sink.integer((v << 19) >> 19); // sign-extend 13 bits
                p += 2;
            } else if ((b & 0xF0) == 0xE0) {
                need(lp, p, 2);
                int slen = ((b & 0x0f) << 8) | (lp[p + 1] & 0xff);
                need(lp, p + 2, slen);
                sink.string(lp, p + 2, slen);
                p += 2 + slen;
            } else {
                switch (b) {
                    case 0xF0: {
                        need(lp, p, 5);
                        long slen = Bytes.u32le(lp, p + 1);
                        if (slen > len - p - 5) {
                            throw bad("listpack string length " + slen + " beyond the listpack");
                        }
                        sink.string(lp, p + 5, (int) slen);
                        p += 5 + (int) slen;
                        break;
                    }
                    case 0xF1:
                        need(lp, p, 3);
                        sink.integer((short) Bytes.u16le(lp, p + 1));
                        p += 3;
                        break;
                    case 0xF2:
                        need(lp, p, 4);
                        sink.integer((Bytes.u24le(lp, p + 1) << 8) >> 8);
                        p += 4;
                        break;
                    case 0xF3:
                        need(lp, p, 5);
                        sink.integer((int) Bytes.u32le(lp, p + 1));
                        p += 5;
                        break;
                    case 0xF4:
                        need(lp, p, 9);
                        sink.integer(Bytes.i64le(lp, p + 1));
                        p += 9;
                        break;
                    default:
                        throw bad(String.format("invalid listpack entry encoding 0x%02x at %d", b, p));
                }
            }
            int entryLen = p - start;
            int bl = encodeBacklen(backlen, entryLen);
            if (p > len - 1 - bl || !Arrays.equals(lp, p, p + bl, backlen, 0, bl)) {
                throw bad("invalid listpack entry back length at " + p);
            }
            p += bl;
            n++;
        }
        if (count != UNKNOWN_COUNT && count != n) {
            throw bad("listpack header says " + count + " elements, found " + n);
        }
        return n;
    }

    private static void need(byte[] lp, int from, int n) throws RdbFormatException {
        // the end marker must still follow
        if (n < 0 || from > lp.length - 1 - n) {
            throw bad("listpack entry runs past the end");
        }
    }

    private static RdbFormatException bad(String what) {
        return new RdbFormatException(what);
    }

    /** Redis's back-length encoding of an entry of {@code l} bytes into {@code buf}; returns its size. */
    static int encodeBacklen(byte[] buf, long l) {
        if (l <= 127) {
            buf[0] = (byte) l;
            return 1;
        } else if (l < 16383) {
            buf[0] = (byte) (l >>> 7);
            buf[1] = (byte) ((l & 127) | 128);
            return 2;
        } else if (l < 2097151) {
            buf[0] = (byte) (l >>> 14);
            buf[1] = (byte) (((l >>> 7) & 127) | 128);
            buf[2] = (byte) ((l & 127) | 128);
            return 3;
        } else if (l < 268435455) {
            buf[0] = (byte) (l >>> 21);
            buf[1] = (byte) (((l >>> 14) & 127) | 128);
            buf[2] = (byte) (((l >>> 7) & 127) | 128);
            buf[3] = (byte) ((l & 127) | 128);
            return 4;
        } else {
            buf[0] = (byte) (l >>> 28);
            buf[1] = (byte) (((l >>> 21) & 127) | 128);
            buf[2] = (byte) (((l >>> 14) & 127) | 128);
            buf[3] = (byte) (((l >>> 7) & 127) | 128);
            buf[4] = (byte) ((l & 127) | 128);
            return 5;
        }
    }

    static int backlenSize(long l) {
        if (l <= 127) {
            return 1;
        } else if (l < 16383) {
            return 2;
        } else if (l < 2097151) {
            return 3;
        } else if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    // ---------------------------------------------------------------- encoding

    /** Builds a listpack by appending elements. */
    static final class Builder {
        private byte[] buf;
        private int pos = HEADER_SIZE;
        private int count;
        private final byte[] tmp = new byte[5];

        Builder(int capacityHint) {
            buf = new byte[Math.max(16, capacityHint)];
        }

        /** Bytes the finished listpack would have now (with the end marker). */
        int bytes() {
            return pos + 1;
        }

        int count() {
            return count;
        }

        /** Bytes that {@link #add(byte[])} of this element would add. */
        static int entrySize(byte[] s) {
            int l = Bytes.isCanonicalLong(s)
                    ? intEncodingSize(Numbers.parseLong(s))
                    : stringHeaderSize(s.length) + s.length;
            return l + backlenSize(l);
        }

        /** Appends an element: as an integer when it is a canonical integer, else as a string. */
        Builder add(byte[] s) {
            if (Bytes.isCanonicalLong(s)) {
                return addInt(Numbers.parseLong(s));
            }
            return addString(s, 0, s.length);
        }

        Builder addString(byte[] s, int off, int len) {
            int h = stringHeaderSize(len);
            ensure(h + len + 5);
            int start = pos;
            if (h == 1) {
                buf[pos++] = (byte) (0x80 | len);
            } else if (h == 2) {
                buf[pos++] = (byte) (0xE0 | (len >>> 8));
                buf[pos++] = (byte) len;
            } else {
                buf[pos++] = (byte) 0xF0;
                Bytes.putU32le(buf, pos, len);
                pos += 4;
            }
            System.arraycopy(s, off, buf, pos, len);
            pos += len;
            finishEntry(pos - start);
            return this;
        }

        Builder addInt(long v) {
            ensure(9 + 5);
            int start = pos;
            if (v >= 0 && v <= 127) {
                buf[pos++] = (byte) v;
            } else if (v >= -4096 && v <= 4095) {
                long u = v < 0 ? (1L << 13) + v : v;
                buf[pos++] = (byte) (0xC0 | (u >>> 8));
                buf[pos++] = (byte) u;
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                buf[pos++] = (byte) 0xF1;
                buf[pos++] = (byte) v;
                buf[pos++] = (byte) (v >>> 8);
            } else if (v >= -8388608 && v <= 8388607) {
                buf[pos++] = (byte) 0xF2;
                buf[pos++] = (byte) v;
                buf[pos++] = (byte) (v >>> 8);
                buf[pos++] = (byte) (v >>> 16);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                buf[pos++] = (byte) 0xF3;
                Bytes.putU32le(buf, pos, (int) v);
                pos += 4;
            } else {
                buf[pos++] = (byte) 0xF4;
                Bytes.putI64le(buf, pos, v);
                pos += 8;
            }
            finishEntry(pos - start);
            return this;
        }

        private void finishEntry(int entryLen) {
            int bl = encodeBacklen(tmp, entryLen);
            System.arraycopy(tmp, 0, buf, pos, bl);
            pos += bl;
            count++;
        }

        private void ensure(long extra) {
            long need = pos + extra + 1;
            if (need > buf.length) {
                if (need > Integer.MAX_VALUE - 16) {
                    throw new IllegalArgumentException("listpack too large");
                }
                buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
            }
        }

        /** The finished listpack. */
        byte[] build() {
            ensure(1);
            buf[pos] = (byte) EOF;
            int total = pos + 1;
            Bytes.putU32le(buf, 0, total);
            int c = count < UNKNOWN_COUNT ? count : UNKNOWN_COUNT;
            buf[4] = (byte) c;
            buf[5] = (byte) (c >>> 8);
            return Arrays.copyOf(buf, total);
        }
    }

    static int stringHeaderSize(int len) {
        return len < 64 ? 1 : len < 4096 ? 2 : 5;
    }

    static int intEncodingSize(long v) {
        if (v >= 0 && v <= 127) {
            return 1;
        } else if (v >= -4096 && v <= 4095) {
            return 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 3;
        } else if (v >= -8388608 && v <= 8388607) {
            return 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 5;
        }
        return 9;
    }
}
