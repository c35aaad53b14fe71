package io.vigil.command;

import io.vigil.keyspace.KeyEntry;
import io.vigil.util.Numbers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Bitmap commands over string values: bit 0 is the most significant bit of byte 0. Like the string commands,
 * a change builds a new array (stored values are treated as immutable, see {@link StringCommands}).
 */
final class BitCommands {
    private BitCommands() {
    }

    private static final String BIT_OFFSET_ERROR = "ERR bit offset is not an integer or out of range";
    private static final String BIT_VALUE_ERROR = "ERR bit is not an integer or out of range";
    private static final String BITFIELD_TYPE_ERROR =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    /** Eight bytes at a time, most significant first. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static void register(CommandTable t) {
        t.add(CommandSpec.of("setbit", 4, "write denyoom", 1, 1, 1, BitCommands::setbit)
                .acl("@bitmap").doc("bitmap", "2.2.0", "O(1)",
                        "Sets or clears one bit of a string value, growing it with zero bytes as needed.")
                .args("key", "offset", "value"));
        t.add(CommandSpec.of("getbit", 3, "readonly fast", 1, 1, 1, BitCommands::getbit)
                .acl("@bitmap").doc("bitmap", "2.2.0", "O(1)", "Returns one bit of a string value.")
                .args("key", "offset"));
        t.add(CommandSpec.of("bitcount", -2, "readonly", 1, 1, 1, BitCommands::bitcount)
                .acl("@bitmap").doc("bitmap", "2.6.0", "O(N)",
                        "Counts the set bits of a string value, optionally within a byte or bit range.")
                .args("key", "[start end [BYTE | BIT]]"));
        t.add(CommandSpec.of("bitpos", -3, "readonly", 1, 1, 1, BitCommands::bitpos)
                .acl("@bitmap").doc("bitmap", "2.8.7", "O(N)",
                        "Finds the first set or clear bit of a string value, optionally within a range.")
                .args("key", "bit", "[start [end [BYTE | BIT]]]"));
        t.add(CommandSpec.of("bitop", -4, "write denyoom", 2, -1, 1, BitCommands::bitop)
                .modifies(CommandSpec.positions(2))
                .acl("@bitmap").doc("bitmap", "2.6.0", "O(N)",
                        "Combines string values bit by bit (AND, OR, XOR, NOT) and stores the result in a key.")
                .args("AND | OR | XOR | NOT", "destkey", "key [key ...]"));
        t.add(CommandSpec.of("bitfield", -2, "write denyoom", 1, 1, 1, BitCommands::bitfield)
                .acl("@bitmap").doc("bitmap", "3.2.0", "O(1) for each subcommand specified",
                        "Reads, writes and increments integer fields of any width at any bit offset of a string.")
                .args("key", "[GET encoding offset | [OVERFLOW WRAP | SAT | FAIL] "
                        + "SET encoding offset value | INCRBY encoding offset increment ...]"));
        t.add(CommandSpec.of("bitfield_ro", -2, "readonly fast", 1, 1, 1, BitCommands::bitfieldRo)
                .acl("@bitmap").doc("bitmap", "6.0.0", "O(1) for each subcommand specified",
                        "Read-only BITFIELD: reads integer fields of a string value.")
                .args("key", "[GET encoding offset ...]"));
    }

    /**
     * Parses a bit offset as Redis does (optionally {@code #n}, meaning n * {@code bits}, where allowed): a
     * non-negative integer whose byte lies below proto-max-bulk-len. Returns -1 after replying the error.
     */
    private static long bitOffset(Client c, byte[] arg, boolean hashAllowed, int bits) {
        boolean hash = hashAllowed && arg.length > 1 && arg[0] == '#';
        long v;
        try {
            v = Numbers.parseLong(hash ? Arrays.copyOfRange(arg, 1, arg.length) : arg);
        } catch (Numbers.NotANumber e) {
            c.reply().error(BIT_OFFSET_ERROR);
            return -1;
        }
        if (hash) {
            v *= bits; // wraps on overflow like the C code, and is then refused as negative or too large
        }
        // Room is left under the JVM's array limit for a 64-bit BITFIELD field starting at the last offset.
        long arrayLimit = StringCommands.MAX_ARRAY - 8;
        long limit = c.has(Client.MASTER) ? arrayLimit
                : Math.min(c.engine().settings().protoMaxBulkLen(), arrayLimit);
        if (v < 0 || (v >> 3) >= limit) {
            c.reply().error(BIT_OFFSET_ERROR);
            return -1;
        }
        return v;
    }

    private static int bitAt(byte[] s, long bit) {
        long i = bit >>> 3;
        return i < s.length ? (s[(int) i] >> (7 - (int) (bit & 7))) & 1 : 0;
    }

    /** SETBIT key offset value */
    static void setbit(Client c, byte[][] argv) {
        long offset = bitOffset(c, argv[2], false, 0);
        if (offset < 0) {
            return;
        }
        long on;
        try {
            on = Numbers.parseLong(argv[3]);
        } catch (Numbers.NotANumber e) {
            c.reply().error(BIT_VALUE_ERROR);
            return;
        }
        if ((on & ~1L) != 0) {
            c.reply().error(BIT_VALUE_ERROR);
            return;
        }
        Engine engine = c.engine();
        KeyEntry e = engine.lookupWrite(c, argv[1]);
        if (StringCommands.wrongType(c, e)) {
            return;
        }
        byte[] old = e == null ? null : (byte[]) e.value;
        int byteIndex = (int) (offset >>> 3);
        int oldBit = old == null ? 0 : bitAt(old, offset);
        boolean grows = old == null || byteIndex >= old.length;
        if (grows || oldBit != on) {
            byte[] v = old == null ? new byte[byteIndex + 1] : Arrays.copyOf(old, Math.max(old.length, byteIndex + 1));
            int mask = 1 << (7 - (int) (offset & 7));
            v[byteIndex] = (byte) (on != 0 ? v[byteIndex] | mask : v[byteIndex] & ~mask);
            if (e == null) {
                c.db().add(argv[1], v);
            } else {
                c.db().setValue(e, v);
            }
            engine.keyspaceEvent(KeyspaceEvents.STRING, "setbit", argv[1], c.dbIndex());
            engine.addDirty(1);
        }
        c.reply().integer(oldBit);
    }

    /** GETBIT key offset */
    static void getbit(Client c, byte[][] argv) {
        long offset = bitOffset(c, argv[2], false, 0);
        if (offset < 0) {
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        byte[] v = StringCommands.stringValue(c, e);
        if (v != null) {
            c.reply().integer(bitAt(v, offset));
        }
    }

    /** Whether the argument is BIT (true) or BYTE (false); null after replying a syntax error. */
    private static Boolean unit(Client c, byte[] arg) {
        if (StringCommands.is(arg, "bit")) {
            return Boolean.TRUE;
        }
        if (StringCommands.is(arg, "byte")) {
            return Boolean.FALSE;
        }
        c.reply().error(StringCommands.SYNTAX);
        return null;
    }

    /** BITCOUNT key [start end [BYTE | BIT]] */
    static void bitcount(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        byte[] s = StringCommands.stringValue(c, e);
        if (s == null) {
            return;
        }
        long firstBit;
        long lastBit;
        if (argv.length == 4 || argv.length == 5) {
            long start;
            long end;
            try {
                start = Numbers.parseLong(argv[2]);
                end = Numbers.parseLong(argv[3]);
            } catch (Numbers.NotANumber ex) {
                c.reply().error(StringCommands.NOT_INTEGER);
                return;
            }
            boolean bits = false;
            if (argv.length == 5) {
                Boolean u = unit(c, argv[4]);
                if (u == null) {
                    return;
                }
                bits = u;
            }
            long total = bits ? (long) s.length << 3 : s.length;
            if (start < 0 && end < 0 && start > end) {
                c.reply().integer(0);
                return;
            }
            if (start < 0) {
                start = Math.max(0, total + start);
            }
            if (end < 0) {
                end = Math.max(0, total + end);
            }
            if (end >= total) {
                end = total - 1;
            }
            if (start > end) {
                c.reply().integer(0);
                return;
            }
            firstBit = bits ? start : start << 3;
            lastBit = bits ? end : (end << 3) + 7;
        } else if (argv.length == 2) {
            if (s.length == 0) {
                c.reply().integer(0);
                return;
            }
            firstBit = 0;
            lastBit = ((long) s.length << 3) - 1;
        } else {
            c.reply().error(StringCommands.SYNTAX);
            return;
        }
        c.reply().integer(countBits(s, firstBit, lastBit));
    }

    /** Set bits of {@code s} from bit {@code first} to bit {@code last} inclusive (both inside s). */
    static long countBits(byte[] s, long first, long last) {
        int from = (int) (first >>> 3);
        int to = (int) (last >>> 3);
        long count = popcount(s, from, to + 1);
        // Take away the bits of the edge bytes that lie outside the range.
        int headOutside = (int) (first & 7);
        if (headOutside != 0) {
            count -= Integer.bitCount((s[from] & 0xff) >>> (8 - headOutside));
        }
        int tailOutside = 7 - (int) (last & 7);
        if (tailOutside != 0) {
            count -= Integer.bitCount(s[to] & ((1 << tailOutside) - 1));
        }
        return count;
    }

    private static long popcount(byte[] s, int from, int to) {
        long count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            count += Long.bitCount((long) LONGS.get(s, i));
        }
        for (; i < to; i++) {
            count += Integer.bitCount(s[i] & 0xff);
        }
        return count;
    }

    /** BITPOS key bit [start [end [BYTE | BIT]]] */
    static void bitpos(Client c, byte[][] argv) {
        long bit;
        try {
            bit = Numbers.parseLong(argv[2]);
        } catch (Numbers.NotANumber ex) {
            c.reply().error(StringCommands.NOT_INTEGER);
            return;
        }
        if (bit != 0 && bit != 1) {
            c.reply().error("ERR The bit argument must be 1 or 0.");
            return;
        }
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            // A missing key is an endless run of zero bits.
            c.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        byte[] s = StringCommands.stringValue(c, e);
        if (s == null) {
            return;
        }
        boolean endGiven = false;
        long firstBit;
        long lastBit;
        if (argv.length >= 4 && argv.length <= 6) {
            long start;
            long end = 0;
            try {
                start = Numbers.parseLong(argv[3]);
            } catch (Numbers.NotANumber ex) {
                c.reply().error(StringCommands.NOT_INTEGER);
                return;
            }
            boolean bits = false;
            if (argv.length == 6) {
                Boolean u = unit(c, argv[5]);
                if (u == null) {
                    return;
                }
                bits = u;
            }
            long total = bits ? (long) s.length << 3 : s.length;
            if (argv.length >= 5) {
                try {
                    end = Numbers.parseLong(argv[4]);
                } catch (Numbers.NotANumber ex) {
                    c.reply().error(StringCommands.NOT_INTEGER);
                    return;
                }
                endGiven = true;
            } else {
                end = total - 1;
            }
            if (start < 0) {
                start = Math.max(0, total + start);
            }
            if (end < 0) {
                end = Math.max(0, total + end);
            }
            if (end >= total) {
                end = total - 1;
            }
            if (start > end) {
                c.reply().integer(-1);
                return;
            }
            firstBit = bits ? start : start << 3;
            lastBit = bits ? end : (end << 3) + 7;
        } else if (argv.length == 3) {
            if (s.length == 0) {
                c.reply().integer(-1);
                return;
            }
            firstBit = 0;
            lastBit = ((long) s.length << 3) - 1;
        } else {
            c.reply().error(StringCommands.SYNTAX);
            return;
        }
        long pos = findBit(s, firstBit, lastBit, (int) bit);
        if (pos < 0 && bit == 0 && !endGiven) {
            // Without an explicit end the string is taken as followed by zero bits.
            pos = lastBit + 1;
        }
        c.reply().integer(pos);
    }

    /** The first bit equal to {@code bit} from {@code first} to {@code last} inclusive, or -1. */
    static long findBit(byte[] s, long first, long last, int bit) {
        int skip = bit == 1 ? 0 : 0xff; // bytes with nothing to find
        int from = (int) (first >>> 3);
        int to = (int) (last >>> 3);
        // The first byte, masked to the range.
        for (long b = first; b <= last && (b >>> 3) == from; b++) {
            if (bitAt(s, b) == bit) {
                return b;
            }
        }
        int i = from + 1;
        long skipLong = bit == 1 ? 0L : -1L;
        while (i < to && i + 8 <= to) {
            if ((long) LONGS.get(s, i) != skipLong) {
                break;
            }
            i += 8;
        }
        for (; i < to; i++) {
            int v = s[i] & 0xff;
            if (v != skip) {
                int x = bit == 1 ? v : ~v & 0xff;
                return ((long) i << 3) + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        if (to > from) {
            for (long b = (long) to << 3; b <= last; b++) {
                if (bitAt(s, b) == bit) {
                    return b;
                }
            }
        }
        return -1;
    }

    private static final int AND = 0;
    private static final int OR = 1;
    private static final int XOR = 2;
    private static final int NOT = 3;

    /** BITOP AND | OR | XOR | NOT destkey key [key ...] */
    static void bitop(Client c, byte[][] argv) {
        int op;
        byte[] name = argv[1];
        if (StringCommands.is(name, "and")) {
            op = AND;
        } else if (StringCommands.is(name, "or")) {
            op = OR;
        } else if (StringCommands.is(name, "xor")) {
            op = XOR;
        } else if (StringCommands.is(name, "not")) {
            op = NOT;
        } else {
            c.reply().error(StringCommands.SYNTAX);
            return;
        }
        if (op == NOT && argv.length != 4) {
            c.reply().error("ERR BITOP NOT must be called with a single source key.");
            return;
        }
        Engine engine = c.engine();
        int n = argv.length - 3;
        byte[][] src = new byte[n][];
        int maxLen = 0;
        for (int j = 0; j < n; j++) {
            KeyEntry e = engine.lookupRead(c, argv[j + 3]);
            if (e == null) {
                src[j] = StringCommands.EMPTY;
                continue;
            }
            byte[] v = StringCommands.stringValue(c, e);
            if (v == null) {
                return;
            }
            src[j] = v;
            maxLen = Math.max(maxLen, v.length);
        }
        byte[] dest = argv[2];
        if (maxLen > 0) {
            byte[] res = Arrays.copyOf(src[0], maxLen);
            if (op == NOT) {
                for (int i = 0; i < maxLen; i++) {
                    res[i] = (byte) ~res[i];
                }
            }
            for (int j = 1; j < n; j++) {
                byte[] v = src[j];
                int m = v.length;
                if (op == AND) {
                    for (int i = 0; i < m; i++) {
                        res[i] &= v[i];
                    }
                    Arrays.fill(res, m, maxLen, (byte) 0);
                } else if (op == OR) {
                    for (int i = 0; i < m; i++) {
                        res[i] |= v[i];
                    }
                } else {
                    for (int i = 0; i < m; i++) {
                        res[i] ^= v[i];
                    }
                }
            }
            c.db().put(dest, res);
            engine.keyspaceEvent(KeyspaceEvents.STRING, "set", dest, c.dbIndex());
            engine.addDirty(1);
        } else if (c.db().delete(dest)) {
            engine.keyspaceEvent(KeyspaceEvents.GENERIC, "del", dest, c.dbIndex());
            engine.addDirty(1);
        }
        c.reply().integer(maxLen);
    }

    // ---------------------------------------------------------------------------------------------
    // BITFIELD

    private static final int OP_GET = 0;
    private static final int OP_SET = 1;
    private static final int OP_INCRBY = 2;
    private static final int WRAP = 0;
    private static final int SAT = 1;
    private static final int FAIL = 2;

    /** BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment] [OVERFLOW ...] */
    static void bitfield(Client c, byte[][] argv) {
        bitfieldGeneric(c, argv, false);
    }

    /** BITFIELD_RO key [GET type offset ...] */
    static void bitfieldRo(Client c, byte[][] argv) {
        bitfieldGeneric(c, argv, true);
    }

    private static void bitfieldGeneric(Client c, byte[][] argv, boolean readOnlyCommand) {
        int max = (argv.length - 2) / 3 + 1;
        int[] opcode = new int[max];
        boolean[] signed = new boolean[max];
        int[] width = new int[max];
        long[] offset = new long[max];
        long[] arg = new long[max];
        int[] overflow = new int[max];
        int nops = 0;
        int owtype = WRAP;
        boolean writes = false;
        long highestBit = -1;
        for (int j = 2; j < argv.length; j++) {
            int remaining = argv.length - j - 1;
            byte[] sub = argv[j];
            int op;
            if (StringCommands.is(sub, "get") && remaining >= 2) {
                op = OP_GET;
            } else if (StringCommands.is(sub, "set") && remaining >= 3) {
                op = OP_SET;
            } else if (StringCommands.is(sub, "incrby") && remaining >= 3) {
                op = OP_INCRBY;
            } else if (StringCommands.is(sub, "overflow") && remaining >= 1) {
                byte[] w = argv[++j];
                if (StringCommands.is(w, "wrap")) {
                    owtype = WRAP;
                } else if (StringCommands.is(w, "sat")) {
                    owtype = SAT;
                } else if (StringCommands.is(w, "fail")) {
                    owtype = FAIL;
                } else {
                    c.reply().error("ERR Invalid OVERFLOW type specified");
                    return;
                }
                continue;
            } else {
                c.reply().error(StringCommands.SYNTAX);
                return;
            }
            int type = bitfieldType(argv[j + 1]);
            if (type == 0) {
                c.reply().error(BITFIELD_TYPE_ERROR);
                return;
            }
            int bits = Math.abs(type);
            long off = bitOffset(c, argv[j + 2], true, bits);
            if (off < 0) {
                return;
            }
            long value = 0;
            if (op != OP_GET) {
                writes = true;
                highestBit = Math.max(highestBit, off + bits - 1);
                try {
                    value = Numbers.parseLong(argv[j + 3]);
                } catch (Numbers.NotANumber ex) {
                    c.reply().error(StringCommands.NOT_INTEGER);
                    return;
                }
            }
            opcode[nops] = op;
            signed[nops] = type < 0;
            width[nops] = bits;
            offset[nops] = off;
            arg[nops] = value;
            overflow[nops] = owtype;
            nops++;
            j += op == OP_GET ? 2 : 3;
        }

        Engine engine = c.engine();
        byte[] key = argv[1];
        KeyEntry e;
        byte[] buf;
        boolean grown = false;
        if (!writes) {
            e = engine.lookupRead(c, key);
            if (StringCommands.wrongType(c, e)) {
                return;
            }
            buf = e == null ? null : (byte[]) e.value;
        } else {
            if (readOnlyCommand) {
                c.reply().error("ERR BITFIELD_RO only supports the GET subcommand");
                return;
            }
            e = engine.lookupWrite(c, key);
            if (StringCommands.wrongType(c, e)) {
                return;
            }
            int need = (int) (highestBit >>> 3) + 1;
            byte[] old = e == null ? null : (byte[]) e.value;
            grown = old == null || old.length < need;
            buf = old == null ? new byte[need] : Arrays.copyOf(old, Math.max(old.length, need));
        }

        c.reply().array(nops);
        long changes = 0;
        for (int k = 0; k < nops; k++) {
            int bits = width[k];
            long off = offset[k];
            if (opcode[k] == OP_GET) {
                long v = buf == null ? 0 : readField(buf, off, bits);
                c.reply().integer(signed[k] ? signExtend(v, bits) : v);
                continue;
            }
            boolean incr = opcode[k] == OP_INCRBY;
            long oldVal = readField(buf, off, bits);
            long newVal;
            boolean failed;
            if (signed[k]) {
                oldVal = signExtend(oldVal, bits);
                long fmax = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
                long fmin = -fmax - 1;
                long base = incr ? oldVal : arg[k];
                long delta = incr ? arg[k] : 0;
                long sum = base + delta;
                int dir;
                if (((base ^ sum) & (delta ^ sum)) < 0) {
                    dir = delta > 0 ? 1 : -1;
                } else {
                    dir = sum > fmax ? 1 : sum < fmin ? -1 : 0;
                }
                newVal = dir == 0 ? sum : overflow[k] == SAT ? (dir > 0 ? fmax : fmin) : signExtend(sum, bits);
                failed = dir != 0 && overflow[k] == FAIL;
            } else {
                long fmax = (1L << bits) - 1;
                int dir;
                long sum;
                if (incr) {
                    long delta = arg[k];
                    dir = delta > 0 && delta > fmax - oldVal ? 1 : delta < 0 && delta < -oldVal ? -1 : 0;
                    sum = oldVal + delta;
                } else {
                    sum = arg[k];
                    dir = sum < 0 || sum > fmax ? 1 : 0;
                }
                newVal = dir == 0 ? sum : overflow[k] == SAT ? (dir > 0 ? fmax : 0) : sum & fmax;
                failed = dir != 0 && overflow[k] == FAIL;
            }
            if (failed) {
                c.reply().nullBulk();
                continue;
            }
            c.reply().integer(incr ? newVal : oldVal);
            writeField(buf, off, bits, newVal);
            if (grown || oldVal != newVal) {
                changes++;
            }
        }
        if (writes && (grown || changes > 0)) {
            if (e == null) {
                c.db().add(key, buf);
            } else {
                c.db().setValue(e, buf);
            }
        }
        if (changes > 0) {
            engine.keyspaceEvent(KeyspaceEvents.STRING, "setbit", key, c.dbIndex());
            engine.addDirty(changes);
        }
    }

    /**
     * Parses a field type: {@code iN} (1..64) gives -N, {@code uN} (1..63) gives N (lower-case letters only, as
     * Redis 7.0), anything else 0. As in C, the width's digits end at a NUL byte.
     */
    private static int bitfieldType(byte[] t) {
        if (t.length == 0) {
            return 0;
        }
        boolean sign;
        if (t[0] == 'i') {
            sign = true;
        } else if (t[0] == 'u') {
            sign = false;
        } else {
            return 0;
        }
        int end = 1;
        while (end < t.length && t[end] != 0) {
            end++;
        }
        long bits;
        try {
            bits = Numbers.parseLong(Arrays.copyOfRange(t, 1, end));
        } catch (Numbers.NotANumber e) {
            return 0;
        }
        if (bits < 1 || (sign && bits > 64) || (!sign && bits > 63)) {
            return 0;
        }
        return sign ? -(int) bits : (int) bits;
    }

    /** The {@code bits}-wide unsigned field at bit {@code offset}, most significant bit first; bytes past the end are 0. */
    private static long readField(byte[] s, long offset, int bits) {
        long v = 0;
        for (int i = 0; i < bits; i++) {
            v = (v << 1) | bitAt(s, offset + i);
        }
        return v;
    }

    /** Writes the low {@code bits} of {@code v} at bit {@code offset} (inside {@code s}). */
    private static void writeField(byte[] s, long offset, int bits, long v) {
        for (int i = 0; i < bits; i++) {
            long b = offset + i;
            int idx = (int) (b >>> 3);
            int mask = 1 << (7 - (int) (b & 7));
            if (((v >>> (bits - 1 - i)) & 1) != 0) {
                s[idx] |= mask;
            } else {
                s[idx] &= ~mask;
            }
        }
    }

    private static long signExtend(long v, int bits) {
        return bits == 64 ? v : (v << (64 - bits)) >> (64 - bits);
    }
}
