package io.vigil.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Unit tests of INFO's formatting helpers. */
class InfoTest {

    @Test
    void humanBytesAsRedisPrintsThem() {
        assertThat(Info.human(0)).isEqualTo("0B");
        assertThat(Info.human(1023)).isEqualTo("1023B");
        assertThat(Info.human(1024)).isEqualTo("1.00K");
        assertThat(Info.human(941184)).isEqualTo("919.12K");
        assertThat(Info.human(12406784)).isEqualTo("11.83M");
        assertThat(Info.human(25276514304L)).isEqualTo("23.54G");
        assertThat(Info.human(1024L * 1024 * 1024 * 1024)).isEqualTo("1.00T");
        assertThat(Info.f2(0.125)).isEqualTo("0.12");
        assertThat(Info.f2(0.375)).isEqualTo("0.38");
        assertThat(Info.f2(1.005)).isEqualTo("1.00");
    }

    @Test
    void sectionTitles() {
        assertThat(Info.title("server")).isEqualTo("Server");
        assertThat(Info.title("cpu")).isEqualTo("CPU");
        assertThat(Info.title("commandstats")).isEqualTo("Commandstats");
        assertThat(Info.title("keyspace")).isEqualTo("Keyspace");
    }

    @Test
    void cpuSecondsHaveSixDecimals() {
        assertThat(Info.seconds(0)).isEqualTo("0.000000");
        assertThat(Info.seconds(10_221_000)).isEqualTo("0.010221");
        assertThat(Info.seconds(2_500_000_000L)).isEqualTo("2.500000");
    }

    @Test
    void residentSetSizeIsReadable() {
        assertThat(Info.residentSetSize(-1)).isPositive();
    }
}
