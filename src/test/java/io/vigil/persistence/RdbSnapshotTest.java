package io.vigil.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.keyspace.Keyspace;
import io.vigil.persistence.rdb.RdbFormatException;
import io.vigil.persistence.rdb.RdbWriter;
import io.vigil.types.EncodingLimits;
import io.vigil.types.HashValue;
import io.vigil.types.ListValue;
import io.vigil.types.SetValue;
import io.vigil.types.ZSetValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Whole-keyspace RDB write and load through {@link ValueCodec}: values, encodings, TTLs, AUX fields. */
class RdbSnapshotTest {

    private static final EncodingLimits LIMITS = new EncodingLimits();

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A keyspace with every type, small (compact encodings) and large ones, in two databases. */
    static Keyspace sample() {
        Keyspace ks = new Keyspace();
        Database db0 = ks.db(0);
        db0.put(b("str"), b("hello"));
        db0.put(b("int"), b("12345"));
        db0.put(b("long"), b("x".repeat(1000)));
        KeyEntry ttl = db0.put(b("ttl"), b("v"));
        db0.setExpire(ttl, System.currentTimeMillis() + 100_000);
        ListValue l = new ListValue();
        for (int i = 0; i < 3; i++) {
            l.pushTail(b("e" + i));
        }
        db0.put(b("list"), l);
        ListValue big = new ListValue();
        for (int i = 0; i < 5000; i++) {
            big.pushTail(b("element-" + i));
        }
        db0.put(b("biglist"), big);
        SetValue ints = SetValue.emptyIntset();
        for (int i = 0; i < 10; i++) {
            ints.add(b(Integer.toString(i * 7)), 512);
        }
        db0.put(b("intset"), ints);
        SetValue strs = SetValue.forFirstMember(b("a"));
        for (int i = 0; i < 1000; i++) {
            strs.add(b("m" + i), 512);
        }
        db0.put(b("set"), strs);
        HashValue h = HashValue.create();
        h.set(b("f1"), b("v1"), 512, 64);
        h.set(b("f2"), b("2"), 512, 64);
        db0.put(b("hash"), h);
        HashValue bigh = HashValue.create();
        for (int i = 0; i < 1000; i++) {
            bigh.set(b("f" + i), b("v" + i), 512, 64);
        }
        db0.put(b("bighash"), bigh);
        Database db3 = ks.db(3);
        ZSetValue z = ZSetValue.createListpack(0);
        z.insertNew(1.5, b("a"), LIMITS);
        z.insertNew(-2, b("b"), LIMITS);
        db3.put(b("zset"), z);
        ZSetValue bigz = ZSetValue.createListpack(0);
        for (int i = 0; i < 500; i++) {
            bigz.insertNew(i * 0.25, b("m" + i), LIMITS);
        }
        db3.put(b("bigzset"), bigz);
        return ks;
    }

    static byte[] save(Keyspace ks, SaveOptions o) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbSnapshot.write(ks, out, o);
        return out.toByteArray();
    }

    @Test
    void everyTypeAndTtlSurvivesAWriteAndLoad() throws Exception {
        Keyspace ks = sample();
        byte[] rdb = save(ks, SaveOptions.DEFAULTS);
        Keyspace back = new Keyspace();
        RdbLoader.Result r = RdbLoader.load(new ByteArrayInputStream(rdb), rdb.length, back, LIMITS,
                RdbLoader.Options.MASTER);
        assertThat(r.keysLoaded()).isEqualTo(ks.keyCount());
        assertThat(r.rdbVersion()).isEqualTo(10);
        assertThat(r.redisVersion()).isEqualTo(RdbWriter.REDIS_VERSION);
        assertThat(back.db(0).size()).isEqualTo(ks.db(0).size());
        assertThat(back.db(3).size()).isEqualTo(2);
        assertThat(Digest.dataset(back)).isEqualTo(Digest.dataset(ks));
        assertThat(back.db(0).findRaw(b("ttl")).expireAt()).isEqualTo(ks.db(0).findRaw(b("ttl")).expireAt());
        assertThat(((SetValue) back.db(0).findRaw(b("intset")).value).encoding()).isEqualTo("intset");
        assertThat(((SetValue) back.db(0).findRaw(b("set")).value).encoding()).isEqualTo("hashtable");
        assertThat(((HashValue) back.db(0).findRaw(b("hash")).value).encoding()).isEqualTo("listpack");
        assertThat(((HashValue) back.db(0).findRaw(b("bighash")).value).encoding()).isEqualTo("hashtable");
        assertThat(((ZSetValue) back.db(3).findRaw(b("zset")).value).encoding()).isEqualTo("listpack");
        assertThat(((ZSetValue) back.db(3).findRaw(b("bigzset")).value).encoding()).isEqualTo("skiplist");
        assertThat(((ListValue) back.db(0).findRaw(b("biglist")).value).get(4999)).isEqualTo(b("element-4999"));
    }

    @Test
    void replicationInfoComesBackFromTheAuxFields() throws Exception {
        String id = "8c3e0a2b7d1f4e6a9b0c5d2e1f3a4b5c6d7e8f90";
        byte[] rdb = save(sample(), SaveOptions.DEFAULTS.withRepl(new RdbWriter.ReplicationInfo(0, id, 123456789L)));
        RdbLoader.Result r = RdbLoader.load(new ByteArrayInputStream(rdb), -1, new Keyspace(), LIMITS,
                RdbLoader.Options.REPLICA);
        assertThat(r.replId()).isEqualTo(id);
        assertThat(r.replOffset()).isEqualTo(123456789L);
        assertThat(r.replStreamDb()).isEqualTo(0);
        assertThat(r.bytesRead()).isEqualTo(rdb.length);
    }

    @Test
    void aMasterDropsExpiredKeysAReplicaKeepsThem() throws Exception {
        Keyspace ks = new Keyspace();
        KeyEntry e = ks.db(0).put(b("old"), b("v"));
        ks.db(0).setExpire(e, 1000);
        ks.db(0).put(b("live"), b("v"));
        byte[] rdb = save(ks, SaveOptions.DEFAULTS);
        Keyspace master = new Keyspace();
        RdbLoader.Result r = RdbLoader.load(new ByteArrayInputStream(rdb), rdb.length, master, LIMITS,
                RdbLoader.Options.MASTER);
        assertThat(r.keysExpired()).isEqualTo(1);
        assertThat(master.keyCount()).isEqualTo(1);
        Keyspace replica = new Keyspace();
        RdbLoader.load(new ByteArrayInputStream(rdb), rdb.length, replica, LIMITS, RdbLoader.Options.REPLICA);
        assertThat(replica.keyCount()).isEqualTo(2);
    }

    @Test
    void tooManyDatabasesAndDuplicateKeysAreRefused() throws Exception {
        byte[] rdb = save(sample(), SaveOptions.DEFAULTS);
        assertThatThrownBy(() -> RdbLoader.load(new ByteArrayInputStream(rdb), rdb.length, new Keyspace(2), LIMITS,
                RdbLoader.Options.MASTER)).isInstanceOf(RdbFormatException.class).hasMessageContaining("databases");
        Keyspace twice = new Keyspace();
        RdbLoader.load(new ByteArrayInputStream(rdb), rdb.length, twice, LIMITS, RdbLoader.Options.MASTER);
        assertThatThrownBy(() -> RdbLoader.load(new ByteArrayInputStream(rdb), rdb.length, twice, LIMITS,
                RdbLoader.Options.MASTER)).isInstanceOf(RdbFormatException.class).hasMessageContaining("duplicated key");
    }
}
