package io.vigil.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.testing.Resp;
import io.vigil.testing.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A Vigil sentinel and a real redis-sentinel 7.0 side by side over the same real master and replicas: the
 * same reply field names in the same order, the same INFO sentinel fields, the same error texts.
 */
class SentinelCompareIT {

    private static List<String> keys(Map<String, String> m) {
        return new ArrayList<>(m.keySet());
    }

    private static List<String> infoFields(String info) {
        List<String> out = new ArrayList<>();
        for (String l : info.split("\r\n")) {
            if (l.contains(":")) {
                out.add(l.substring(0, l.indexOf(':')));
            } else if (l.startsWith("#")) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void repliesAndErrorsMatchRedisSentinel() {
        try (Fleet f = new Fleet().startServers()) {
            ServerProcess vigil = f.startSentinel(0, false, List.of());
            ServerProcess real = f.startSentinel(1, true, List.of());
            f.awaitDiscovery();
            try (Jedis v = f.jedis(vigil); Jedis r = f.jedis(real)) {
                assertThat(keys(v.sentinelMaster(Fleet.MASTER))).isEqualTo(keys(r.sentinelMaster(Fleet.MASTER)));
                assertThat(keys(v.sentinelReplicas(Fleet.MASTER).get(0)))
                        .isEqualTo(keys(r.sentinelReplicas(Fleet.MASTER).get(0)));
                assertThat(keys(v.sentinelSentinels(Fleet.MASTER).get(0)))
                        .isEqualTo(keys(r.sentinelSentinels(Fleet.MASTER).get(0)));
                assertThat(v.sentinelMaster(Fleet.MASTER).get("flags")).isEqualTo(r.sentinelMaster(Fleet.MASTER).get("flags"));
                assertThat(infoFields(v.info("sentinel"))).isEqualTo(infoFields(r.info("sentinel")));
                String vi = v.info("sentinel");
                String ri = r.info("sentinel");
                assertThat(vi.substring(vi.indexOf("master0:"))).isEqualTo(ri.substring(ri.indexOf("master0:")));
                assertThat(v.sentinelGetMasterAddrByName(Fleet.MASTER)).isEqualTo(r.sentinelGetMasterAddrByName(Fleet.MASTER));
            }
            try (Resp v = new Resp(vigil.host(), vigil.port()); Resp r = new Resp(real.host(), real.port())) {
                List<List<String>> cases = List.of(
                        List.of("GET", "x"), List.of("CONFIG", "GET", "port"), List.of("SET", "a", "b"),
                        List.of("PUBLISH", "a", "b"), List.of("SENTINEL", "MASTER", "nope"),
                        List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "nope"), List.of("SENTINEL", "FOO"),
                        List.of("SENTINEL", "MASTERS", "x"), List.of("SENTINEL", "SET", Fleet.MASTER, "foo", "1"),
                        List.of("SENTINEL", "SET", Fleet.MASTER, "quorum", "x"),
                        List.of("SENTINEL", "MONITOR", Fleet.MASTER, "127.0.0.1", "1", "1"),
                        List.of("SENTINEL", "MONITOR", "x", "1.2.3.a", "1", "1"),
                        List.of("SENTINEL", "MONITOR", "x", "1.2.3.4", "1", "0"),
                        List.of("SENTINEL", "CONFIG", "SET", "foo", "1"),
                        List.of("SENTINEL", "CONFIG", "SET", "announce-port", "x"),
                        List.of("SENTINEL", "CONFIG", "GET", "announce-port", "x"),
                        List.of("SENTINEL", "DEBUG", "foo", "1"), List.of("SENTINEL", "DEBUG", "ping-period", "0"),
                        List.of("SENTINEL", "SIMULATE-FAILURE", "foo"), List.of("SENTINEL", "REMOVE", "nope"),
                        List.of("SENTINEL", "CKQUORUM", Fleet.MASTER), List.of("SENTINEL", "PENDING-SCRIPTS"),
                        List.of("SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "x", "0", "*"),
                        List.of("SENTINEL", "DEBUG"), List.of("SENTINEL", "CONFIG", "GET", "*host*"),
                        List.of("SENTINEL", "RESET", "nomatch*"), List.of("ROLE"), List.of("PING"));
                for (List<String> c : cases) {
                    Resp.Reply vr = v.send(c);
                    Resp.Reply rr = r.send(c);
                    if (c.equals(List.of("SENTINEL", "CKQUORUM", Fleet.MASTER))) {
                        // Each counts itself plus the others it knows: same text, same shape.
                        assertThat(vr.getClass()).as(c.toString()).isEqualTo(rr.getClass());
                        continue;
                    }
                    assertThat(vr).as(c.toString()).isEqualTo(rr);
                }
            }
        }
    }
}
