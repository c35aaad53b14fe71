package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConfigGetTest {

    private static Map<String, String> redisDefaults() throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (InputStream in = Objects.requireNonNull(
                ConfigGetTest.class.getResourceAsStream("redis-7.0.15-defaults.tsv"));
             BufferedReader r = new BufferedReader(
                     new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                m.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return m;
    }

    private static Map<String, String> toMap(List<String[]> pairs) {
        Map<String, String> m = new TreeMap<>();
        for (String[] p : pairs) {
            assertThat(m.put(p[0], p[1])).as("duplicate %s", p[0]).isNull();
        }
        return m;
    }

    @Test
    void defaultsMatchRedisConfigGetStar() throws IOException {
        Map<String, String> expected = redisDefaults();
        Config c = Config.defaults();
        Map<String, String> actual = toMap(c.getMatching(List.of("*")));
        assertThat(actual.remove("dir")).isNotEmpty();
        // Vigil's own directives, which Redis does not have
        for (Option<?> own : Options.VIGIL_OWN) {
            assertThat(actual).containsKey(own.name());
            assertThat(expected).doesNotContainKey(own.name());
            actual.remove(own.name());
        }
        // hidden options are not listed by patterns but answer by name
        Map<String, String> hidden = new TreeMap<>();
        for (String h : List.of("key-load-delay", "rdb-key-save-delay",
                "loading-process-events-interval-bytes", "use-exit-on-panic", "watchdog-period")) {
            assertThat(actual).doesNotContainKey(h);
            hidden.put(h, expected.remove(h));
            assertThat(c.getString(h)).isEqualTo(hidden.get(h));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void aliasesAreListedUnderBothNames() {
        Config c = Config.defaults();
        assertThat(toMap(c.getMatching(List.of("*priority*"))))
                .containsOnlyKeys("replica-priority", "slave-priority");
        assertThat(toMap(c.getMatching(List.of("slave-pri*")))).containsOnlyKeys("slave-priority");
    }

    @Test
    void exactNamesAreReportedAsGivenAndDeduplicated() {
        Config c = Config.defaults();
        List<String[]> r = c.getMatching(List.of("SLAVE-PRIORITY", "Port*", "PORT", "port",
                "slave-priority", "nonexistent", "include", "key-load-delay"));
        List<String> names = new ArrayList<>();
        for (String[] p : r) {
            names.add(p[0]);
        }
        assertThat(names).containsExactly("SLAVE-PRIORITY", "port", "key-load-delay");
        assertThat(r.get(0)[1]).isEqualTo("100");
    }

    @Test
    void backslashWithoutWildcardIsAnExactName() {
        Config c = Config.defaults();
        assertThat(c.getMatching(List.of("p\\ort"))).isEmpty();
        assertThat(c.getMatching(List.of("p\\*"))).isEmpty();
        assertThat(c.getMatching(List.of("por[t"))).hasSize(1);
    }

    @Test
    void renderings() throws ConfigException {
        Config c = Config.defaults();
        assertThat(c.getString("save")).isEqualTo("3600 1 300 100 60 10000");
        assertThat(c.getString("bind")).isEqualTo("* -::*");
        assertThat(c.getString("client-output-buffer-limit"))
                .isEqualTo("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        assertThat(c.getString("unixsocketperm")).isEqualTo("0");
        assertThat(c.getString("notify-keyspace-events")).isEmpty();
        assertThat(c.getString("replicaof")).isEmpty();
        assertThat(c.getString("slaveof")).isEmpty();
        assertThat(c.getString("nope")).isNull();
        c.set("maxmemory", "1gb");
        assertThat(c.getString("maxmemory")).isEqualTo("1073741824");
        c.set("maxmemory", "1g");
        assertThat(c.getString("maxmemory")).isEqualTo("1000000000");
        c.set("maxmemory", "99999999999999999999");
        assertThat(c.getString("maxmemory")).isEqualTo("18446744073709551615");
        c.set("maxmemory-clients", "5%");
        assertThat(c.getString("maxmemory-clients")).isEqualTo("5%");
        assertThat(c.get(Options.MAXMEMORY_CLIENTS)).isEqualTo(-5L);
        c.set("maxmemory-policy", "ALLKEYS-LRU");
        assertThat(c.getString("maxmemory-policy")).isEqualTo("allkeys-lru");
        c.set("oom-score-adj", "relative");
        assertThat(c.getString("oom-score-adj")).isEqualTo("yes");
        c.set("hz", "1000");
        assertThat(c.getString("hz")).isEqualTo("500");
        c.set("hz", "0");
        assertThat(c.getString("hz")).isEqualTo("1");
        c.set("latency-tracking-info-percentiles", "99.9999999 0.0000001 12.3456789 0.5 -0");
        assertThat(c.getString("latency-tracking-info-percentiles"))
                .isEqualTo("100 0 12.345679 0.5 -0");
        c.set("shutdown-on-sigint", "now force nosave");
        assertThat(c.getString("shutdown-on-sigint")).isEqualTo("nosave now force");
        c.set("shutdown-on-sigint", "default now");
        assertThat(c.getString("shutdown-on-sigint")).isEqualTo("now");
        c.set("client-output-buffer-limit", "NORMAL 0 0 0 pubsub 1 1 1 normal 5 5 5 slave 1mb 2MB 3");
        assertThat(c.getString("client-output-buffer-limit"))
                .isEqualTo("normal 5 5 5 slave 1048576 2097152 3 pubsub 1 1 1");
        c.set("save", "100 01 50 +2");
        assertThat(c.getString("save")).isEqualTo("100 1 50 2");
    }

    @Test
    void keyspaceEventsRendering() throws ConfigException {
        Config c = Config.defaults();
        String[][] cases = {
            {"KEA", "AKE"}, {"Ex", "xE"}, {"g$lshzxetdmnA", "Am"}, {"KEmn", "nKEm"},
            {"Kn", "nK"}, {"KEt", "tKE"}, {"ndtexzhsl$gmEK", "AKEm"}, {"g$lshzxetd", "A"},
            {"g$lshzxet", "g$lshzxet"}, {"", ""}, {"dn", "dn"},
        };
        for (String[] t : cases) {
            c.set("notify-keyspace-events", t[0]);
            assertThat(c.getString("notify-keyspace-events")).as(t[0]).isEqualTo(t[1]);
        }
    }
}
