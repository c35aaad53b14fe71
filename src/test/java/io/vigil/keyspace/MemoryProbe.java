package io.vigil.keyspace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standalone measurement (not a unit test): inserts N keys {@code key:%012d} with distinct 32-byte
 * {@code byte[]} values into database 0 and prints the heap bytes per key (used heap after
 * {@link System#gc()}, before vs after) next to {@link Keyspace#memoryUsage()} per key and the
 * process RSS.
 *
 * <p>Run after {@code mvn -o test-compile}:
 * <pre>java -cp target/classes:target/test-classes io.vigil.keyspace.MemoryProbe [keys]</pre>
 */
public final class MemoryProbe {

    private MemoryProbe() {
    }

    /**
     * Runs the probe.
     *
     * @param args optional key count (default 1,000,000)
     * @throws Exception on I/O errors reading /proc
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Keyspace ks = new Keyspace(16);
        long before = usedAfterGc();
        long rssBefore = rssBytes();
        Database db = ks.db(0);
        for (int i = 0; i < n; i++) {
            byte[] key = String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
            byte[] value = new byte[32];
            value[0] = (byte) i;
            value[1] = (byte) (i >>> 8);
            db.put(key, value);
        }
        while (db.isRehashing()) {
            db.rehashMilliseconds(100);
        }
        long after = usedAfterGc();
        long rssAfter = rssBytes();
        System.out.printf("keys:                    %,d%n", db.size());
        System.out.printf("heap used delta:         %,d bytes = %.1f bytes/key%n", after - before,
                (double) (after - before) / n);
        System.out.printf("memoryUsage():           %,d bytes = %.1f bytes/key%n", ks.memoryUsage(),
                (double) ks.memoryUsage() / n);
        System.out.printf("RSS delta:               %,d bytes = %.1f bytes/key (RSS now %,d)%n",
                rssAfter - rssBefore, (double) (rssAfter - rssBefore) / n, rssAfter);
        if (db.lookup("key:000000000042".getBytes(StandardCharsets.US_ASCII)) == null) {
            throw new AssertionError("lost a key");
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private static long rssBytes() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.trim().split("\\s+");
                return Long.parseLong(parts[1]) * 1024;
            }
        }
        return 0;
    }
}
