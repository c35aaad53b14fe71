package io.vigil.command;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Differential test of the bitmap commands against a real Redis 7.0 (see {@link StringDifferentialTest.Rig}):
 * hand-written edge cases, then seeded random ranges and fields over random strings.
 */
class BitDifferentialTest {

    private static StringDifferentialTest.Rig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = StringDifferentialTest.Rig.start();
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void setbitGetbit() throws Exception {
        rig.flush();
        rig.run(
                "SETBIT b 7 1", "GET b", "SETBIT b 7 1", "SETBIT b 7 0", "SETBIT b 0 0", "SETBIT b 100 0", "GET b",
                "STRLEN b", "SETBIT b 100 1", "GETBIT b 100", "GETBIT b 99", "GETBIT b 1000000", "GETBIT missing 5",
                "SETBIT n 0 0", "GET n", "SETBIT b -1 1", "SETBIT b x 1", "SETBIT b 1.5 1", "SETBIT b #1 1",
                "SETBIT b 1 2", "SETBIT b 1 -1", "SETBIT b 1 x", "SETBIT b 1 \"\"", "SETBIT b 4294967296 1",
                "SETBIT b 4294967295 x", "SETBIT b 9223372036854775807 1", "GETBIT b -1", "GETBIT b x",
                "GETBIT b 4294967296", "GETBIT b 4294967295", "GETBIT b #1", "~hash h", "SETBIT h 0 1",
                "SETBIT h -1 1", "SETBIT h 0 5", "GETBIT h 0", "GETBIT h -1", "SET t v EX 100", "SETBIT t 0 1",
                "~ttl t", "SETBIT t 0 1", "SETBIT", "SETBIT b 1", "GETBIT b", "GETBIT b 1 2");
    }

    @Test
    void bitcountAndBitpos() throws Exception {
        rig.flush();
        rig.run(
                "SET s foobar", "BITCOUNT s", "BITCOUNT s 0 0", "BITCOUNT s 1 1", "BITCOUNT s 1 -2", "BITCOUNT s -1 -5",
                "BITCOUNT s 5 30 BIT", "BITCOUNT s 5 30 bit", "BITCOUNT s 0 -1 BYTE", "BITCOUNT s -100 100",
                "BITCOUNT s 1", "BITCOUNT s a b", "BITCOUNT s 0 a", "BITCOUNT s 0 1 FOO", "BITCOUNT s 0 1 BIT x",
                "BITCOUNT missing", "BITCOUNT missing a b", "BITCOUNT missing 1", "BITCOUNT missing 0 1 FOO",
                "~hash h", "BITCOUNT h", "BITCOUNT h a", "SET e \"\"", "BITCOUNT e", "BITCOUNT e 0 -1",
                "BITCOUNT e 0 -1 BIT", "BITCOUNT s -9223372036854775808 9223372036854775807 BIT",
                "BITCOUNT s 9223372036854775807 -9223372036854775808", "BITCOUNT s 7 7 BIT", "BITCOUNT s 47 47 BIT",
                "BITCOUNT s 48 100 BIT",
                "SET f \"\\xff\\xf0\\x00\"", "BITPOS f 0", "BITPOS f 1", "BITPOS f 0 1", "BITPOS f 0 2",
                "BITPOS f 1 2", "BITPOS f 1 2 -1", "BITPOS f 0 0 0", "BITPOS f 0 0 -1 BIT", "BITPOS f 1 7 15 BIT",
                "BITPOS f 0 7 11 BIT", "BITPOS f 0 12 16 bit", "BITPOS f 1 12 100 BIT", "BITPOS f 0 -5 -1 BIT",
                "BITPOS f 1 -1 -2", "BITPOS f 0 3", "BITPOS f 0 -100", "SET ff \"\\xff\\xff\\xff\"", "BITPOS ff 0",
                "BITPOS ff 0 0", "BITPOS ff 0 1", "BITPOS ff 0 0 -1", "BITPOS ff 0 0 2", "BITPOS ff 0 0 -1 BIT",
                "BITPOS ff 0 3 BIT", "BITPOS ff 0 3 23 BIT", "BITPOS ff 0 3 22 BIT", "BITPOS ff 1 0 -1 BIT",
                "BITPOS e 0", "BITPOS e 1", "BITPOS e 0 0", "BITPOS e 0 0 -1", "BITPOS missing 0",
                "BITPOS missing 1", "BITPOS missing 1 5 10", "BITPOS missing 1 a b c d e", "BITPOS missing 2",
                "BITPOS missing x", "BITPOS f 2", "BITPOS f -1", "BITPOS f x", "BITPOS f 1 x", "BITPOS f 1 0 x",
                "BITPOS f 1 0 x foo", "BITPOS f 1 x 0 foo", "BITPOS f 0 0 1 2 3", "BITPOS f 1 0 1 BYTES",
                "BITPOS h 1", "BITPOS h 1 x", "BITPOS h 5", "SET z \"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01\"",
                "BITPOS z 1", "BITPOS z 0", "BITPOS z 1 3", "BITPOS z 1 3 9", "BITPOS z 1 0 -1 BIT",
                "BITCOUNT z", "BITPOS", "BITPOS f", "BITCOUNT");
    }

    @Test
    void bitop() throws Exception {
        rig.flush();
        rig.run(
                "SET a \"\\xf0\\x0f\\xaa\"", "SET b \"\\xff\\x00\"", "SET c \"\\x01\"",
                "BITOP AND d a b", "GET d", "BITOP OR d a b c", "GET d", "BITOP XOR d a b c", "GET d",
                "BITOP NOT d a", "GET d", "BITOP and d a missing", "GET d", "BITOP or d missing missing2",
                "GET d", "BITOP OR d a", "BITOP not d missing", "GET d", "BITOP NOT d a b", "BITOP NOT d",
                "BITOP FOO d a", "BITOP AND d", "~hash h", "BITOP AND d a h", "BITOP AND h a", "GET h",
                "BITOP NOT d h", "BITOP FOO d h", "SET t v EX 100", "BITOP OR t a", "~ttl t", "SET e \"\"",
                "BITOP AND d e", "GET d", "BITOP AND d e a", "GET d", "BITOP XOR a a a", "GET a",
                "BITOP AND d missing a", "GET d");
    }

    @Test
    void bitfield() throws Exception {
        rig.flush();
        rig.run(
                "BITFIELD f SET u8 0 255", "BITFIELD f GET u8 0", "BITFIELD f GET i8 0", "BITFIELD f GET u4 4",
                "BITFIELD f INCRBY u8 0 1", "BITFIELD f INCRBY i8 0 -200", "BITFIELD f SET i64 0 -1",
                "BITFIELD f GET u63 0", "BITFIELD f GET i64 0", "BITFIELD f GET u63 1", "GET f",
                "BITFIELD f OVERFLOW SAT INCRBY u8 0 300", "BITFIELD f OVERFLOW SAT INCRBY u8 0 -300",
                "BITFIELD f OVERFLOW FAIL INCRBY u8 0 300", "BITFIELD f OVERFLOW FAIL INCRBY u8 0 -300",
                "BITFIELD f OVERFLOW WRAP INCRBY u8 0 300", "BITFIELD f OVERFLOW SAT INCRBY i8 0 300",
                "BITFIELD f OVERFLOW SAT INCRBY i8 0 -300", "BITFIELD f OVERFLOW FAIL SET i8 0 200",
                "BITFIELD f OVERFLOW SAT SET i8 0 200", "BITFIELD f OVERFLOW SAT SET i8 0 -200",
                "BITFIELD f OVERFLOW WRAP SET i8 0 200", "BITFIELD f OVERFLOW SAT SET u8 0 -1",
                "BITFIELD f OVERFLOW WRAP SET u8 0 -1", "BITFIELD f OVERFLOW FAIL SET u8 0 256",
                "BITFIELD f SET i64 0 9223372036854775807", "BITFIELD f INCRBY i64 0 1",
                "BITFIELD f OVERFLOW SAT INCRBY i64 0 1", "BITFIELD f OVERFLOW FAIL INCRBY i64 0 1",
                "BITFIELD f SET i64 0 -9223372036854775808", "BITFIELD f INCRBY i64 0 -1",
                "BITFIELD f OVERFLOW SAT INCRBY i64 0 -9223372036854775808",
                "BITFIELD f SET u63 0 9223372036854775807", "BITFIELD f INCRBY u63 0 1",
                "BITFIELD f OVERFLOW SAT INCRBY u63 0 9223372036854775807", "BITFIELD f GET u63 0",
                "BITFIELD f OVERFLOW SAT INCRBY u63 0 -9223372036854775808",
                "BITFIELD f SET u1 3 1 GET u1 3 SET i1 5 1 GET i1 5 INCRBY i1 5 1 INCRBY u1 3 1",
                "BITFIELD f SET u8 #1 7 GET u8 #1 GET u8 8 SET i16 #3 -2 GET i16 48",
                "BITFIELD g INCRBY u2 100 1 OVERFLOW SAT INCRBY u2 102 1 GET u2 100", "GET g", "STRLEN g",
                "BITFIELD new OVERFLOW FAIL SET u8 0 256", "GET new", "BITFIELD new2 OVERFLOW FAIL INCRBY i8 8 200",
                "STRLEN new2", "BITFIELD f", "BITFIELD missing", "BITFIELD missing GET u8 0", "BITFIELD f OVERFLOW SAT",
                "BITFIELD f GET u8", "BITFIELD f SET u8 0", "BITFIELD f INCRBY u8 0", "BITFIELD f FOO",
                "BITFIELD f OVERFLOW", "BITFIELD f OVERFLOW BAD GET u8 0", "BITFIELD f GET u64 0",
                "BITFIELD f GET i65 0", "BITFIELD f GET i0 0", "BITFIELD f GET x8 0", "BITFIELD f GET i 0",
                "BITFIELD f GET u8 -1", "BITFIELD f GET u8 x", "BITFIELD f GET u8 #-1", "BITFIELD f GET u8 #",
                "BITFIELD f GET u8 ##1", "BITFIELD f GET u8 4294967296", "BITFIELD f GET u8 4294967295",
                "BITFIELD f GET u8 #536870912", "BITFIELD f GET u8 #536870911", "BITFIELD f GET u8 #1152921504606846976",
                "BITFIELD f SET u8 0 x", "BITFIELD f SET u8 0 1.5", "BITFIELD f INCRBY u8 0 \"\"",
                "BITFIELD f GET U8 0 GET I8 0", "BITFIELD f get u8 0 overflow fail incrby u8 0 1000 set u8 0 1",
                "BITFIELD f SET u8 0 1 FOO", "BITFIELD f GET u8 0 SET u8 0", "BITFIELD f SET u8 0 5 GET u8 0 x",
                "~hash h", "BITFIELD h GET u8 0", "BITFIELD h SET u8 0 1", "BITFIELD h", "BITFIELD h FOO",
                "BITFIELD_RO f GET u8 0 GET i4 4", "BITFIELD_RO f", "BITFIELD_RO missing GET u8 0",
                "BITFIELD_RO f SET u8 0 1", "BITFIELD_RO f INCRBY u8 0 1", "BITFIELD_RO f GET u8 0 SET u8 0 x",
                "BITFIELD_RO f OVERFLOW SAT GET u8 0", "BITFIELD_RO h GET u8 0", "BITFIELD_RO h SET u8 0 1",
                "BITFIELD_RO f FOO", "SET t v EX 100", "BITFIELD t SET u8 0 1", "~ttl t", "BITFIELD", "BITFIELD_RO");
        rig.run("~resp3", "BITFIELD f OVERFLOW FAIL INCRBY u8 0 1000 GET u8 0", "BITFIELD_RO f GET u8 0", "~resp2");
    }

    @Test
    void randomRanges() throws Exception {
        rig.flush();
        Random rnd = new Random(20240607);
        List<String> cases = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            int len = rnd.nextInt(round < 3 ? 3 : 40);
            StringBuilder value = new StringBuilder("SET r \"");
            for (int i = 0; i < len; i++) {
                int kind = rnd.nextInt(4);
                int b = kind == 0 ? 0 : kind == 1 ? 0xff : rnd.nextInt(256);
                value.append(String.format("\\x%02x", b));
            }
            cases.add(value.append('"').toString());
            for (int i = 0; i < 25; i++) {
                boolean bits = rnd.nextBoolean();
                int span = bits ? len * 8 + 4 : len + 2;
                long start = rnd.nextInt(2 * span + 1) - span;
                long end = rnd.nextInt(2 * span + 1) - span;
                String unit = bits ? " BIT" : rnd.nextBoolean() ? " BYTE" : "";
                cases.add("BITCOUNT r " + start + " " + end + unit);
                int bit = rnd.nextInt(2);
                switch (rnd.nextInt(4)) {
                    case 0 -> cases.add("BITPOS r " + bit);
                    case 1 -> cases.add("BITPOS r " + bit + " " + start);
                    case 2 -> cases.add("BITPOS r " + bit + " " + start + " " + end);
                    default -> cases.add("BITPOS r " + bit + " " + start + " " + end + (bits ? " BIT" : " BYTE"));
                }
            }
            for (int i = 0; i < 15; i++) {
                StringBuilder bf = new StringBuilder("BITFIELD r");
                int ops = 1 + rnd.nextInt(3);
                for (int k = 0; k < ops; k++) {
                    boolean signed = rnd.nextBoolean();
                    int width = 1 + rnd.nextInt(signed ? 64 : 63);
                    String type = (signed ? "i" : "u") + width;
                    String offset = rnd.nextInt(5) == 0 ? "#" + rnd.nextInt(8) : String.valueOf(rnd.nextInt(len * 8 + 70));
                    if (rnd.nextInt(4) == 0) {
                        bf.append(" OVERFLOW ").append(new String[] {"WRAP", "SAT", "FAIL"}[rnd.nextInt(3)]);
                    }
                    long value2 = switch (rnd.nextInt(4)) {
                        case 0 -> rnd.nextInt(256) - 128;
                        case 1 -> rnd.nextLong();
                        case 2 -> (1L << Math.min(62, width)) + rnd.nextInt(3) - 1;
                        default -> -(1L << Math.min(62, width)) + rnd.nextInt(3) - 1;
                    };
                    switch (rnd.nextInt(3)) {
                        case 0 -> bf.append(" GET ").append(type).append(' ').append(offset);
                        case 1 -> bf.append(" SET ").append(type).append(' ').append(offset).append(' ').append(value2);
                        default -> bf.append(" INCRBY ").append(type).append(' ').append(offset).append(' ')
                                .append(value2);
                    }
                }
                cases.add(bf.toString());
            }
            cases.add("GET r");
            cases.add("BITOP " + new String[] {"AND", "OR", "XOR", "NOT"}[round % 4] + " d r"
                    + (round % 4 == 3 ? "" : " r2"));
            cases.add("GET d");
            cases.add("SETBIT r2 " + rnd.nextInt(300) + " 1");
        }
        rig.run(cases.toArray(new String[0]));
    }
}
