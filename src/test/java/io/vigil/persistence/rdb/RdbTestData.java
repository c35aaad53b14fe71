package io.vigil.persistence.rdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Helpers shared by the RDB tests. */
final class RdbTestData {
    private RdbTestData() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static List<byte[]> bytesList(String... items) {
        List<byte[]> l = new ArrayList<>();
        for (String i : items) {
            l.add(b(i));
        }
        return l;
    }

    static List<byte[][]> pairs(String... kv) {
        List<byte[][]> l = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            l.add(new byte[][] {b(kv[i]), b(kv[i + 1])});
        }
        return l;
    }

    static byte[] random(Random r, int n) {
        byte[] x = new byte[n];
        r.nextBytes(x);
        return x;
    }

    /** A key recorded by {@link Recorder}. */
    record Key(int db, byte[] key, RdbValue value, KeyMeta meta) {
        String name() {
            return s(key);
        }

        @Override
        public String toString() {
            return db + ":" + name() + "=" + value + " " + meta;
        }
    }

    /** A visitor that records everything. */
    static class Recorder implements RdbVisitor {
        final List<Key> keys = new ArrayList<>();
        final List<String> aux = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        int version;
        int db;
        long checksum = -1;

        @Override
        public void start(int rdbVersion) {
            version = rdbVersion;
        }

        @Override
        public void aux(byte[] key, byte[] value) {
            aux.add(s(key) + "=" + s(value));
        }

        @Override
        public void selectDb(int db) {
            this.db = db;
            events.add("select " + db);
        }

        @Override
        public void resizeDb(long dbSize, long expiresSize) {
            events.add("resize " + dbSize + " " + expiresSize);
        }

        @Override
        public void keyValue(byte[] key, RdbValue value, KeyMeta meta) {
            keys.add(new Key(db, key, value, meta));
        }

        @Override
        public void emptyKeySkipped(byte[] key, int rdbType) {
            events.add("empty " + s(key));
        }

        @Override
        public void end(long storedChecksum) {
            checksum = storedChecksum;
        }

        Key get(int db, String name) {
            for (Key k : keys) {
                if (k.db == db && Arrays.equals(k.key, b(name))) {
                    return k;
                }
            }
            return null;
        }
    }

    static Recorder read(byte[] rdb) throws IOException {
        Recorder r = new Recorder();
        RdbReader.read(rdb, r);
        return r;
    }

    interface Body {
        void write(RdbWriter w) throws IOException;
    }

    /** A whole RDB file: header, the body's content in db 0, EOF, checksum. */
    static byte[] file(Body body) throws IOException {
        return file(RdbThresholds.DEFAULTS, true, body);
    }

    static byte[] file(RdbThresholds t, boolean compression, Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out).thresholds(t).compression(compression);
        w.writeHeader();
        w.writeStandardAux(1_700_000_000L, 1234567, null, false);
        w.selectDb(0);
        body.write(w);
        w.finish();
        return out.toByteArray();
    }
}
