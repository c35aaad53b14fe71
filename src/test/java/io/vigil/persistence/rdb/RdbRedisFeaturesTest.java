package io.vigil.persistence.rdb;

import static io.vigil.persistence.rdb.RedisData.b;
import static io.vigil.persistence.rdb.RedisData.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.persistence.rdb.RdbTestData.Key;
import io.vigil.persistence.rdb.RdbTestData.Recorder;
import io.vigil.testing.FreePort;
import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LRU/LFU opcodes, function libraries, streams and module AUX data, against real Redis 7.0. */
class RdbRedisFeaturesTest {

    private static final String LIBRARY = "#!lua name=mylib\n"
            + "redis.register_function('myfunc', function(keys, args) return 1 end)";

    @TempDir
    Path tmp;

    private Path write(String name, RdbTestData.Body body) throws Exception {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            RdbWriter w = new RdbWriter(out);
            w.writeHeader();
            w.writeStandardAux(System.currentTimeMillis() / 1000, 1000, null, false);
            body.write(w);
            w.finish();
        }
        RdbRedisInteropTest.checkRdb(file);
        return file;
    }

    private ServerProcess load(Path file, String... args) {
        ServerProcess.Builder b = ServerProcess.redis().name("rdb-features").arg("dir", tmp.toString())
                .arg("dbfilename", file.getFileName().toString());
        for (int i = 0; i < args.length; i += 2) {
            b.arg(args[i], args[i + 1]);
        }
        return b.start();
    }

    @Test
    void lfuCountersBothWays() throws Exception {
        // Redis → reader: FREQ opcodes equal OBJECT FREQ.
        try (ServerProcess redis = ServerProcess.redis().name("rdb-lfu").arg("maxmemory-policy", "allkeys-lfu")
                .arg("lfu-log-factor", "0").arg("lfu-decay-time", "0").start();
             Resp c = redis.connect()) {
            for (int i = 0; i < 5; i++) {
                ok(c, "SET", "k" + i, "v");
                for (int j = 0; j < i * 10; j++) {
                    ok(c, "GET", "k" + i);
                }
            }
            ok(c, "SAVE");
            Recorder r = new Recorder();
            RdbReader.read(redis.dir().resolve("dump.rdb"), r);
            assertThat(r.keys).hasSize(5);
            for (Key k : r.keys) {
                assertThat((long) k.meta().lfuFreq()).as(k.name())
                        .isEqualTo(ok(c, "OBJECT", "FREQ", k.key()).asLong()).isGreaterThanOrEqualTo(5);
                assertThat(k.meta().lruIdleSeconds()).isEqualTo(-1);
            }
        }
        // writer → Redis: OBJECT FREQ equals what was written.
        int[] freqs = {0, 7, 100, 255};
        Path file = write("lfu.rdb", w -> {
            w.selectDb(0);
            for (int f : freqs) {
                w.writeString(b("f" + f), b("v"), KeyMeta.NONE.withLfuFreq(f));
            }
        });
        try (ServerProcess redis = load(file, "maxmemory-policy", "allkeys-lfu", "lfu-decay-time", "0");
             Resp c = redis.connect()) {
            for (int f : freqs) {
                assertThat(ok(c, "OBJECT", "FREQ", "f" + f).asLong()).isEqualTo(f);
            }
        }
    }

    @Test
    void lruIdleTimesBothWays() throws Exception {
        Path file = write("lru.rdb", w -> {
            w.selectDb(0);
            w.writeString(b("idle1000"), b("v"), KeyMeta.NONE.withLruIdle(1000));
            w.writeList(b("idle5000"), List.of(b("x")), KeyMeta.expireAt(System.currentTimeMillis() + 3_600_000)
                    .withLruIdle(5000));
        });
        try (ServerProcess redis = load(file, "maxmemory-policy", "allkeys-lru"); Resp c = redis.connect()) {
            assertThat(ok(c, "OBJECT", "IDLETIME", "idle1000").asLong()).isBetween(1000L, 1003L);
            assertThat(ok(c, "OBJECT", "IDLETIME", "idle5000").asLong()).isBetween(5000L, 5003L);
            assertThat(ok(c, "PTTL", "idle5000").asLong()).isPositive();
            ok(c, "SAVE");
            Recorder r = new Recorder();
            RdbReader.read(file, r); // SAVE wrote over the file it loaded
            assertThat(r.get(0, "idle1000").meta().lruIdleSeconds()).isBetween(1000L, 1005L);
            assertThat(r.get(0, "idle5000").meta().lruIdleSeconds()).isBetween(5000L, 5005L);
            assertThat(r.get(0, "idle5000").meta().expireAtMs()).isPositive();
            assertThat(r.get(0, "idle1000").meta().lfuFreq()).isEqualTo(-1);
        }
    }

    @Test
    void functionLibrariesAndStreams() throws Exception {
        byte[] dump;
        try (ServerProcess redis = ServerProcess.redis().name("rdb-func").start(); Resp c = redis.connect()) {
            ok(c, "FUNCTION", "LOAD", LIBRARY);
            ok(c, "SET", "s", "v");
            ok(c, "SAVE");
            dump = Files.readAllBytes(redis.dir().resolve("dump.rdb"));
            // By default a file with functions is refused, with a clear reason.
            assertThatThrownBy(() -> RdbReader.read(dump, new Recorder())).isInstanceOf(RdbFormatException.class)
                    .hasMessageContaining("function");
            // A visitor that takes them gets the library's code.
            List<String> libs = new ArrayList<>();
            Recorder withFunctions = new Recorder() {
                @Override
                public void function(byte[] code) {
                    libs.add(RdbTestData.s(code));
                }
            };
            RdbReader.read(dump, withFunctions);
            assertThat(libs).containsExactly(LIBRARY);
            assertThat(withFunctions.keys).hasSize(1);

            ok(c, "XADD", "stream", "*", "a", "1");
            ok(c, "SAVE");
            byte[] withStream = Files.readAllBytes(redis.dir().resolve("dump.rdb"));
            assertThatThrownBy(() -> RdbReader.read(withStream, withFunctions))
                    .isInstanceOf(RdbFormatException.class)
                    .hasMessageContaining("unsupported RDB type 19 (stream-listpacks-2)")
                    .hasMessageContaining("\"stream\"");
            byte[] payload = ((Resp.Bulk) ok(c, "DUMP", "stream")).bytes();
            assertThatThrownBy(() -> DumpPayload.parse(payload)).isInstanceOf(DumpPayload.InvalidPayload.class)
                    .hasMessage("ERR Bad data format")
                    .satisfies(e -> assertThat(((DumpPayload.InvalidPayload) e).reason()).contains("stream"));
        }
        // Writer → Redis: a library written with writeFunction is loaded.
        Path file = write("func.rdb", w -> {
            w.writeFunction(b(LIBRARY));
            w.selectDb(0);
            w.writeString(b("k"), b("v"), -1);
        });
        try (ServerProcess redis = load(file); Resp c = redis.connect()) {
            assertThat(ok(c, "FCALL", "myfunc", "0").asLong()).isEqualTo(1);
            assertThat(ok(c, "GET", "k").asString()).isEqualTo("v");
        }
    }

    /** A module type id: 9 name characters of 6 bits each, then a 10-bit encoding version. */
    static long moduleId(String name, int encver) {
        String charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        long id = 0;
        for (char ch : name.toCharArray()) {
            id = (id << 6) | charset.indexOf(ch);
        }
        return (id << 10) | encver;
    }

    @Test
    void moduleAuxDataIsSkippedOrRefused() throws Exception {
        long id = moduleId("mymodule1", 3);
        assertThat(Rdb.moduleName(id)).isEqualTo("mymodule1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out);
        w.writeHeader();
        w.writeByte(Rdb.OPCODE_MODULE_AUX);
        w.writeUnsignedLength(id);
        w.writeLength(Rdb.MODULE_OPCODE_UINT);
        w.writeLength(2); // REDISMODULE_AUX_AFTER_RDB
        w.writeLength(Rdb.MODULE_OPCODE_UINT);
        w.writeLength(123456);
        w.writeLength(Rdb.MODULE_OPCODE_STRING);
        w.writeStringBytes(b("module data"));
        w.writeLength(Rdb.MODULE_OPCODE_DOUBLE);
        w.writeRaw(new byte[8]);
        w.writeLength(Rdb.MODULE_OPCODE_FLOAT);
        w.writeRaw(new byte[4]);
        w.writeLength(Rdb.MODULE_OPCODE_SINT);
        w.writeUnsignedLength(-7);
        w.writeLength(Rdb.MODULE_OPCODE_EOF);
        w.selectDb(0);
        w.writeString(b("after"), b("module"), -1);
        w.finish();
        byte[] file = out.toByteArray();

        assertThatThrownBy(() -> RdbReader.read(file, new Recorder())).isInstanceOf(RdbFormatException.class)
                .hasMessage("The RDB file contains AUX module data I can't load: no matching module 'mymodule1'");
        List<String> seen = new ArrayList<>();
        Recorder skipping = new Recorder() {
            @Override
            public void moduleAux(String moduleName, long moduleId, int when) {
                seen.add(moduleName + "/" + when);
            }
        };
        RdbReader.read(file, skipping);
        assertThat(seen).containsExactly("mymodule1/2");
        assertThat(skipping.get(0, "after")).isNotNull();

        // redis-check-rdb reads past module AUX data too; redis-server refuses it without the module.
        Path path = tmp.resolve("module.rdb");
        Files.write(path, file);
        RdbRedisInteropTest.checkRdb(path);
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(FreePort.find()), "--bind",
                "127.0.0.1", "--dir", tmp.toString(), "--dbfilename", "module.rdb", "--save", "")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("module.log").toFile()).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly(); // by PID, in case it did not exit
        }
        String log = Files.readString(tmp.resolve("module.log"));
        assertThat(p.exitValue()).isNotZero();
        assertThat(log).contains("The RDB file contains AUX module data I can't load: no matching module 'mymodule1'");
    }
}
