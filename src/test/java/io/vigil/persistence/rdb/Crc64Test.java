package io.vigil.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {

    @Test
    void checkValue() {
        assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xe9c6d914c4b8d9caL);
        assertThat(Crc64.of(new byte[0])).isZero();
    }

    @Test
    void sliceBy8MatchesBytewise() {
        Random r = new Random(1);
        for (int n = 0; n < 200; n++) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            Crc64 bytewise = new Crc64();
            for (byte x : b) {
                bytewise.update(x);
            }
            assertThat(Crc64.of(b)).isEqualTo(bytewise.value());
            // split anywhere
            int cut = n / 3;
            long c = Crc64.update(0, b, 0, cut);
            c = Crc64.update(c, b, cut, n - cut);
            assertThat(c).isEqualTo(bytewise.value());
        }
    }

    @Test
    void redisDumpOfAString() {
        // DUMP of the string "bar" from Redis 7.0: type 0, "bar", version 10, CRC-64 e6be4960ee66fd17 (LE).
        byte[] payload = {0x00, 0x03, 'b', 'a', 'r', 0x0a, 0x00,
            (byte) 0xe6, (byte) 0xbe, 0x49, 0x60, (byte) 0xee, 0x66, (byte) 0xfd, 0x17};
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        assertThat(crc).isEqualTo(Bytes.i64le(payload, payload.length - 8));
    }
}
