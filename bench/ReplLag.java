import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Replica lag under a steady write rate (bench/replication.sh runs it with `java bench/ReplLag.java`).
 *
 * <p>Writes {@code rate} SETs per second to the master for {@code seconds}; every millisecond it also PUBLISHes
 * its send time on channel {@code repl-lag}. PUBLISH travels in the replication stream in order with the writes,
 * and the replica delivers it to its own subscribers when it applies it: the subscriber on the replica sees the
 * message exactly when the replica has caught up to that point, so receive time minus send time is the
 * replication lag (same machine, same clock). Prints p50, p99, max in ms and the write rate reached.
 *
 * <p>Usage: {@code java ReplLag.java masterHost masterPort replicaHost replicaPort rate seconds}
 */
public class ReplLag {
    public static void main(String[] a) throws Exception {
        String mh = a[0];
        int mp = Integer.parseInt(a[1]);
        String rh = a[2];
        int rp = Integer.parseInt(a[3]);
        int rate = Integer.parseInt(a[4]);
        int seconds = Integer.parseInt(a[5]);

        Socket sub = new Socket(rh, rp);
        sub.setTcpNoDelay(true);
        OutputStream so = sub.getOutputStream();
        so.write(cmd("SUBSCRIBE", "repl-lag"));
        so.flush();
        InputStream si = new BufferedInputStream(sub.getInputStream());
        readReply(si); // subscribe confirmation

        int probes = seconds * 1000;
        long[] lag = new long[probes];
        int[] got = {0};
        Thread reader = new Thread(() -> {
            try {
                while (got[0] < probes) {
                    Object r = readReply(si);
                    long now = System.nanoTime();
                    if (r instanceof Object[] arr && arr.length == 3) {
                        long sent = Long.parseLong((String) arr[2]);
                        lag[got[0]++] = now - sent;
                    }
                }
            } catch (IOException e) {
                // socket closed at the end
            }
        });
        reader.setDaemon(true);
        reader.start();

        Socket m = new Socket(mh, mp);
        m.setTcpNoDelay(true);
        OutputStream mo = m.getOutputStream();
        InputStream mi = new BufferedInputStream(m.getInputStream(), 1 << 16);
        long[] replies = {0};
        Thread drain = new Thread(() -> {
            try {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = mi.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            replies[0]++;
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            }
        });
        drain.setDaemon(true);
        drain.start();

        int perMs = Math.max(1, rate / 1000);
        byte[] payload = "x".repeat(32).getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        long writes = 0;
        for (int tick = 0; tick < probes; tick++) {
            long due = start + tick * 1_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                // Sleep, not spin: on a small machine a spinning driver steals a core from the servers.
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < perMs; i++) {
                sb.append(new String(cmd("SET", "lag:" + ((writes + i) % 100000), new String(payload, StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII));
            }
            writes += perMs;
            sb.append(new String(cmd("PUBLISH", "repl-lag", Long.toString(System.nanoTime())), StandardCharsets.US_ASCII));
            mo.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            mo.flush();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long deadline = System.currentTimeMillis() + 30_000;
        while (got[0] < probes && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        int n = got[0];
        long[] s = Arrays.copyOf(lag, n);
        Arrays.sort(s);
        System.out.printf("writes_per_sec=%.0f probes=%d lag_p50_ms=%.3f lag_p99_ms=%.3f lag_max_ms=%.3f%n",
                writes / elapsed, n, pct(s, 50), pct(s, 99), n == 0 ? -1 : s[n - 1] / 1e6);
        m.close();
        sub.close();
    }

    private static double pct(long[] s, int p) {
        if (s.length == 0) {
            return -1;
        }
        return s[Math.min(s.length - 1, (int) Math.ceil(s.length * p / 100.0) - 1)] / 1e6;
    }

    private static byte[] cmd(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String x : args) {
            sb.append('$').append(x.length()).append("\r\n").append(x).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static Object readReply(InputStream in) throws IOException {
        String l = line(in);
        switch (l.charAt(0)) {
            case '*': {
                int n = Integer.parseInt(l.substring(1));
                Object[] out = new Object[Math.max(n, 0)];
                for (int i = 0; i < n; i++) {
                    out[i] = readReply(in);
                }
                return out;
            }
            case '$': {
                int n = Integer.parseInt(l.substring(1));
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.US_ASCII);
            }
            default:
                return l;
        }
    }
}
