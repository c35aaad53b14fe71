package io.vigil.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/** The circular backlog against a plain copy of the whole stream. */
class BacklogTest {

    @Test
    void holdsTheLastSizeBytesAcrossWraps() {
        Random rnd = new Random(7);
        Backlog b = new Backlog(16 * 1024, 100);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        assertThat(b.firstByteOffset()).isEqualTo(101);
        assertThat(b.histlen()).isZero();
        assertThat(b.covers(101)).isTrue();
        assertThat(b.covers(102)).isFalse();
        for (int i = 0; i < 500; i++) {
            byte[] chunk = new byte[rnd.nextInt(i % 50 == 0 ? 40_000 : 700)];
            rnd.nextBytes(chunk);
            b.append(chunk, 0, chunk.length);
            all.write(chunk, 0, chunk.length);
            byte[] stream = all.toByteArray();
            long end = 100 + stream.length;
            assertThat(b.histlen()).isEqualTo(Math.min(stream.length, 16 * 1024));
            assertThat(b.firstByteOffset()).isEqualTo(end - b.histlen() + 1);
            long from = b.firstByteOffset() + rnd.nextInt((int) b.histlen() + 1);
            assertThat(b.covers(from)).isTrue();
            assertThat(b.from(from)).isEqualTo(Arrays.copyOfRange(stream, (int) (from - 101), stream.length));
            assertThat(b.covers(b.firstByteOffset() - 1)).isFalse();
            assertThat(b.covers(end + 2)).isFalse();
        }
    }

    @Test
    void resizeKeepsTheMostRecentHistory() {
        Backlog b = new Backlog(32 * 1024, 0);
        byte[] data = new byte[30_000];
        new Random(1).nextBytes(data);
        b.append(data, 0, data.length);
        b.resize(16 * 1024);
        assertThat(b.histlen()).isEqualTo(16 * 1024);
        assertThat(b.from(b.firstByteOffset())).isEqualTo(Arrays.copyOfRange(data, data.length - 16 * 1024, data.length));
        b.resize(64 * 1024);
        b.append(data, 0, 100);
        assertThat(b.histlen()).isEqualTo(16 * 1024 + 100);
        assertThat(b.firstByteOffset()).isEqualTo(30_000 + 100 - b.histlen() + 1);
    }
}
