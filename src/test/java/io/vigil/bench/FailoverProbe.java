package io.vigil.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.JedisSentinelPool;

/**
 * Measures one automatic failover of a {@code bin/vigil up} cluster (Vigil or Redis): Jedis (JedisSentinelPool) and
 * Lettuce (sentinel RedisURI) clients write every 10 ms; the probe SIGKILLs the master (its PID from the run
 * directory) and reports the milliseconds from the kill until all three sentinels name the same new master, and
 * until each client's first successful write.
 *
 * <p>{@code FailoverProbe <runDir> <sentinelPort> <masterName>}; prints {@code agree_ms=.. jedis_ms=.. lettuce_ms=..}.
 * Used by {@code bench/failover.sh}; bounded: gives up 60 s after the kill.
 */
public final class FailoverProbe {
    private static final List<String> HOSTS = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        int sentinelPort = Integer.parseInt(args[1]);
        String name = args[2];
        String oldMaster = masterOf(HOSTS.get(0), sentinelPort, name);
        Set<String> sentinels = new HashSet<>();
        for (String h : HOSTS) {
            sentinels.add(h + ":" + sentinelPort);
        }
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong jedisFirst = new AtomicLong();
        AtomicLong lettuceFirst = new AtomicLong();
        JedisPoolConfig cfg = new JedisPoolConfig();
        cfg.setMaxTotal(4);
        try (JedisSentinelPool pool = new JedisSentinelPool(name, sentinels, cfg, 1000, null, 0)) {
            RedisURI.Builder b = RedisURI.builder().withSentinelMasterId(name).withTimeout(Duration.ofSeconds(1));
            for (String h : HOSTS) {
                b.withSentinel(h, sentinelPort);
            }
            RedisClient lettuce = RedisClient.create(b.build());
            try (StatefulRedisConnection<String, String> conn = lettuce.connect()) {
                Thread jw = writer("jedis", killedAt, jedisFirst, i -> {
                    try (Jedis j = pool.getResource()) {
                        j.set("probe:jedis", Long.toString(i));
                    }
                });
                Thread lw = writer("lettuce", killedAt, lettuceFirst, i -> conn.sync().set("probe:lettuce", Long.toString(i)));
                jw.start();
                lw.start();
                Thread.sleep(500); // both writers running against the old master before the kill
                String host = oldMaster.substring(0, oldMaster.indexOf(':'));
                long pid = Long.parseLong(Files.readString(run.resolve(host).resolve("redis.pid")).trim());
                ProcessHandle master = ProcessHandle.of(pid).orElseThrow();
                killedAt.set(System.nanoTime());
                master.destroyForcibly();
                long agree = -1;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline) {
                    if (agree < 0 && allAgreeOnOtherThan(oldMaster, sentinelPort, name)) {
                        agree = System.nanoTime();
                    }
                    if (agree >= 0 && jedisFirst.get() != 0 && lettuceFirst.get() != 0) {
                        break;
                    }
                    Thread.sleep(20); // poll period of the measurement
                }
                jw.interrupt();
                lw.interrupt();
                jw.join(5000);
                lw.join(5000);
                long k = killedAt.get();
                System.out.printf("agree_ms=%d jedis_ms=%d lettuce_ms=%d%n", ms(agree, k), ms(jedisFirst.get(), k),
                        ms(lettuceFirst.get(), k));
            } finally {
                lettuce.shutdown();
            }
        }
    }

    private static long ms(long t, long k) {
        return t <= 0 ? -1 : (t - k) / 1_000_000;
    }

    /** A write attempt numbered {@code i}. */
    private interface Write {
        void run(long i) throws Exception;
    }

    private static Thread writer(String name, AtomicLong killedAt, AtomicLong first, Write w) {
        Thread t = new Thread(() -> {
            for (long i = 0; !Thread.currentThread().isInterrupted(); i++) {
                try {
                    w.run(i);
                    long now = System.nanoTime();
                    if (now > killedAt.get() && first.get() == 0) {
                        first.set(now);
                    }
                } catch (Exception e) {
                    // the master is gone or the client is switching: try again
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "probe-" + name);
        t.setDaemon(true);
        return t;
    }

    private static boolean allAgreeOnOtherThan(String old, int port, String name) {
        String seen = null;
        for (String h : HOSTS) {
            String m;
            try {
                m = masterOf(h, port, name);
            } catch (RuntimeException e) {
                return false;
            }
            if (m == null || m.equals(old) || seen != null && !seen.equals(m)) {
                return false;
            }
            seen = m;
        }
        return true;
    }

    private static String masterOf(String host, int port, String name) {
        try (Jedis s = new Jedis(host, port, 500)) {
            List<String> a = s.sentinelGetMasterAddrByName(name);
            return a == null || a.size() < 2 ? null : a.get(0) + ":" + a.get(1);
        }
    }
}
