package io.vigil.keyspace;

import static io.vigil.keyspace.DictTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Lookups and overwrites must not allocate (checked with the JVM's per-thread allocation counter). */
class HotPathAllocationTest {

    @Test
    void lookupsAndOverwritesDoNotAllocate() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(tmx.isThreadAllocatedMemorySupported() && tmx.isThreadAllocatedMemoryEnabled());

        ManualClock clock = new ManualClock(1_700_000_000_000L);
        EvictionSettings settings = new EvictionSettings();
        Keyspace ks = new Keyspace(1, clock, settings, 1);
        Database db = ks.db(0);
        int n = 10_000;
        byte[][] keys = new byte[n][];
        byte[][] missing = new byte[n][];
        byte[] value = new byte[32];
        for (int i = 0; i < n; i++) {
            keys[i] = b(String.format("key:%012d", i));
            missing[i] = b(String.format("nope:%012d", i));
            KeyEntry e = db.put(keys[i], value);
            if (i % 3 == 0) {
                db.setExpire(e, clock.millis() + 1_000_000);
            }
        }
        for (EvictionPolicy p : new EvictionPolicy[] {EvictionPolicy.ALLKEYS_LRU, EvictionPolicy.ALLKEYS_LFU}) {
            settings.policy(p);
            long sink = 0;
            for (int round = 0; round < 40; round++) { // warm up the JIT
                sink += work(db, keys, missing, value);
            }
            long tid = Thread.currentThread().getId();
            long before = tmx.getThreadAllocatedBytes(tid);
            for (int round = 0; round < 10; round++) {
                sink += work(db, keys, missing, value);
            }
            long allocated = tmx.getThreadAllocatedBytes(tid) - before;
            assertThat(sink).isPositive();
            // 10 rounds x 40,000 operations: allow a few hundred bytes of unrelated noise.
            assertThat(allocated).as("bytes allocated under %s", p).isLessThan(4096);
        }
    }

    private static long work(Database db, byte[][] keys, byte[][] missing, byte[] value) {
        long found = 0;
        for (int i = 0; i < keys.length; i++) {
            if (db.lookup(keys[i]) != null) {
                found++;
            }
            if (db.lookupNoTouch(missing[i]) == null) {
                found++;
            }
            if (db.exists(keys[i])) {
                found++;
            }
            db.putKeepTtl(keys[i], value);
        }
        return found;
    }
}
