package io.vigil.persistence.rdb;

import static io.vigil.persistence.rdb.RdbTestData.b;
import static io.vigil.persistence.rdb.RdbTestData.bytesList;
import static io.vigil.persistence.rdb.RdbTestData.pairs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DumpPayloadTest {

    private static final List<RdbValue> VALUES = List.of(
            new RdbValue.Str(b("hello"), 0),
            new RdbValue.Str(b("x".repeat(100)), 0),
            new RdbValue.Str(b("-12345"), 0),
            new RdbValue.ListValue(bytesList("a", "1", "b"), 18),
            new RdbValue.SetValue(bytesList("-1", "5", "9"), 11),
            new RdbValue.SetValue(bytesList("a", "b"), 2),
            new RdbValue.HashValue(pairs("f", "v", "g", "1"), 16),
            new RdbValue.HashValue(pairs("f", "v".repeat(100)), 4),
            new RdbValue.ZSetValue(List.of(new ZSetEntry(b("a"), 1), new ZSetEntry(b("b"), 2.5)), 17),
            new RdbValue.ZSetValue(List.of(new ZSetEntry(b("m".repeat(80)), 1)), 5));

    @Test
    void roundTrips() throws Exception {
        for (RdbValue v : VALUES) {
            byte[] p = DumpPayload.create(v);
            assertThat(DumpPayload.version(p)).isEqualTo(10);
            RdbValue back = DumpPayload.parse(p);
            assertThat(back).isEqualTo(v);
            assertThat(back.rdbType()).isEqualTo(v.rdbType());
        }
        byte[] p = DumpPayload.create(w -> w.writeStringValue(b("bar")));
        assertThat(p).containsExactly(0, 3, 'b', 'a', 'r', 10, 0, 0xe6, 0xbe, 0x49, 0x60, 0xee, 0x66, 0xfd, 0x17);
    }

    @Test
    void footerErrors() throws Exception {
        byte[] good = DumpPayload.create(VALUES.get(0));
        assertThatThrownBy(() -> DumpPayload.parse(new byte[9])).isInstanceOf(DumpPayload.InvalidPayload.class)
                .hasMessage(DumpPayload.ERR_VERSION_OR_CHECKSUM);
        byte[] crc = good.clone();
        crc[crc.length - 1] ^= 0x40;
        assertThatThrownBy(() -> DumpPayload.parse(crc)).hasMessage(DumpPayload.ERR_VERSION_OR_CHECKSUM)
                .satisfies(e -> assertThat(((DumpPayload.InvalidPayload) e).reason()).contains("checksum"));
        byte[] v11 = RdbRedisInteropTest.withFooter(Arrays.copyOf(good, good.length - 10), 11);
        assertThatThrownBy(() -> DumpPayload.parse(v11)).hasMessage(DumpPayload.ERR_VERSION_OR_CHECKSUM)
                .satisfies(e -> assertThat(((DumpPayload.InvalidPayload) e).reason()).contains("version 11"));
        // older versions are fine
        byte[] v9 = RdbRedisInteropTest.withFooter(Arrays.copyOf(good, good.length - 10), 9);
        assertThat(DumpPayload.parse(v9)).isEqualTo(VALUES.get(0));
        byte[] empty = RdbRedisInteropTest.withFooter(new byte[] {Rdb.TYPE_LIST_QUICKLIST_2, 0}, 10);
        assertThatThrownBy(() -> DumpPayload.parse(empty)).hasMessage(DumpPayload.ERR_BAD_DATA)
                .satisfies(e -> assertThat(((DumpPayload.InvalidPayload) e).reason()).contains("empty"));
    }

    @Test
    void mutatedPayloadsFailCleanly() {
        Random r = new Random(5);
        for (RdbValue v : VALUES) {
            byte[] good = DumpPayload.create(w -> w.writeValue(v));
            byte[] body = Arrays.copyOf(good, good.length - 10);
            for (int round = 0; round < 3000; round++) {
                byte[] m = body.clone();
                int at = r.nextInt(m.length);
                m[at] = (byte) (r.nextBoolean() ? r.nextInt(256) : m[at] ^ (1 << r.nextInt(8)));
                if (r.nextInt(4) == 0) {
                    m = Arrays.copyOf(m, r.nextInt(m.length + 1));
                }
                byte[] payload = RdbRedisInteropTest.withFooter(m, 10);
                try {
                    DumpPayload.parse(payload);
                } catch (DumpPayload.InvalidPayload e) {
                    assertThat(e.getMessage()).isEqualTo(DumpPayload.ERR_BAD_DATA);
                    assertThat(e.reason()).isNotBlank();
                } catch (Throwable t) {
                    fail("unexpected " + t + " for " + Arrays.toString(payload), t);
                }
            }
        }
    }
}
