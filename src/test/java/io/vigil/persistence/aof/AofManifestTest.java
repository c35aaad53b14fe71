package io.vigil.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The manifest's text form: Redis's line format, its error texts, and the rewrite transitions. */
class AofManifestTest {

    @Test
    void formatsRedisLines() {
        AofManifest m = new AofManifest();
        m.newBase("appendonly.aof", true, 0);
        m.addNewIncr("appendonly.aof");
        assertThat(m.format()).isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n"
                + "file appendonly.aof.1.incr.aof seq 1 type i\n");
    }

    @Test
    void rewriteMakesOldFilesHistoryKeepingTheNewestIncr() {
        AofManifest m = new AofManifest();
        m.newBase("appendonly.aof", true, 0);
        m.addNewIncr("appendonly.aof");
        m.addNewIncr("appendonly.aof"); // opened at rewrite start
        m.newBase("appendonly.aof", false, 1);
        assertThat(m.format()).isEqualTo("file appendonly.aof.2.base.aof seq 2 type b\n"
                + "file appendonly.aof.1.base.rdb seq 1 type h\n"
                + "file appendonly.aof.1.incr.aof seq 1 type h\n"
                + "file appendonly.aof.2.incr.aof seq 2 type i\n");
        m.clearHistory();
        assertThat(m.history()).isEmpty();
    }

    @Test
    void parsesWhatItFormatsAndSkipsCommentsAndUnknownKeys() throws AofException {
        AofManifest m = AofManifest.parse("# comment\nfile a.1.base.rdb seq 1 type b extra x\n"
                + "file a.1.incr.aof seq 1 type h\nfile a.2.incr.aof seq 2 type i\nfile a.3.incr.aof seq 3 type i\n");
        assertThat(m.base().name()).isEqualTo("a.1.base.rdb");
        assertThat(m.history()).extracting(AofManifest.Entry::name).containsExactly("a.1.incr.aof");
        assertThat(m.incrs()).extracting(AofManifest.Entry::seq).containsExactly(2L, 3L);
        assertThat(m.addNewIncr("a").name()).isEqualTo("a.4.incr.aof");
    }

    @Test
    void quotedNamesRoundTrip() throws AofException {
        AofManifest m = AofManifest.parse("file \"my file\\x41.aof\" seq 1 type i\n");
        assertThat(m.incrs().get(0).name()).isEqualTo("my fileA.aof");
        assertThat(m.format()).isEqualTo("file \"my fileA.aof\" seq 1 type i\n");
        assertThat(AofManifest.parse(m.format()).incrs().get(0).name()).isEqualTo("my fileA.aof");
    }

    @Test
    void rejectsBadManifestsWithRedisTexts() {
        assertThatThrownBy(() -> AofManifest.parse("")).hasMessage("Found an empty AOF manifest");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 1\n"))
                .hasMessageEndingWith("Invalid AOF manifest file format");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 1 type b\nfile b seq 2 type b\n"))
                .hasMessageContaining("at line 2").hasMessageEndingWith("Found duplicate base file information");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 2 type i\nfile b seq 1 type i\n"))
                .hasMessageEndingWith("Found a non-monotonic sequence number");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 1 type x\n")).hasMessageEndingWith("Unknown AOF file type");
        assertThatThrownBy(() -> AofManifest.parse("file dir/a seq 1 type i\n"))
                .hasMessageEndingWith("File can't be a path, just a filename");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 1 type i\n\n"))
                .hasMessageEndingWith("Invalid AOF manifest file format");
    }
}
