package io.vigil.command;

import io.vigil.cli.Node;
import io.vigil.command.ServerTestSupport.Err;
import io.vigil.command.ServerTestSupport.Resp;
import io.vigil.command.ServerTestSupport.Verbatim;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.vigil.command.ServerTestSupport.infoFieldNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** INFO, CONFIG, TIME, LASTSAVE, SLOWLOG, MONITOR, DEBUG, WAIT, SHUTDOWN through the wire on an embedded node. */
class ServerCommandsTest {
    static Node node;

    @BeforeAll
    static void start() {
        node = ServerTestSupport.startVigil();
    }

    @AfterAll
    static void stop() {
        node.stop();
    }

    static Resp connect() {
        return new Resp(node.port());
    }

    static List<String> titles(String info) {
        List<String> out = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                out.add(line.substring(2));
            }
        }
        return out;
    }

    static Map<String, String> fields(String info) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : info.split("\r\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // INFO

    @Test
    void infoSectionSelectionAndOrder() {
        try (Resp r = connect()) {
            List<String> dflt = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                    "Modules", "Errorstats", "Cluster", "Keyspace");
            List<String> all = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                    "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace");
            assertThat(titles((String) r.call("INFO"))).isEqualTo(dflt);
            assertThat(titles((String) r.call("INFO", "default"))).isEqualTo(dflt);
            assertThat(titles((String) r.call("INFO", "all"))).isEqualTo(all);
            assertThat(titles((String) r.call("INFO", "everything"))).isEqualTo(all);
            assertThat(titles((String) r.call("INFO", "cpu", "SERVER", "cpu"))).containsExactly("Server", "CPU");
            assertThat(titles((String) r.call("INFO", "default", "commandstats"))).contains("Commandstats")
                    .doesNotContain("Latencystats");
            assertThat(r.call("INFO", "nosuchsection")).isEqualTo("");
            assertThat(r.raw("INFO", "cluster")).isEqualTo("$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n");
            assertThat(r.raw("INFO", "modules")).isEqualTo("$11\r\n# Modules\r\n\r\n");
        }
    }

    @Test
    void infoIsVerbatimInResp3AndSectionsAreSeparatedByBlankLines() {
        try (Resp r = connect()) {
            r.call("HELLO", "3");
            Object reply = r.call("INFO", "server", "clients");
            assertThat(reply).isInstanceOf(Verbatim.class);
            Verbatim v = (Verbatim) reply;
            assertThat(v.format()).isEqualTo("txt");
            assertThat(v.text()).startsWith("# Server\r\nredis_version:7.0.15\r\n").contains("\r\n\r\n# Clients\r\n")
                    .endsWith("\r\n").doesNotContain("\r\n\r\n\r\n");
        }
    }

    @Test
    void serverSectionReportsRedisVersionAndVigil() {
        try (Resp r = connect()) {
            Map<String, String> f = fields((String) r.call("INFO", "server"));
            assertThat(f.get("redis_version")).isEqualTo("7.0.15");
            assertThat(f.get("vigil_version")).isEqualTo(ProcessInfo.VIGIL_VERSION);
            assertThat(f.get("redis_mode")).isEqualTo("standalone");
            assertThat(f.get("tcp_port")).isEqualTo(Integer.toString(node.port()));
            assertThat(f.get("process_id")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThat(f.get("run_id")).matches("[0-9a-f]{40}");
            assertThat(f.get("arch_bits")).isEqualTo("64");
            assertThat(Long.parseLong(f.get("server_time_usec")) / 1000)
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.api.Assertions.within(5000L));
            assertThat(f.get("hz")).isEqualTo("10");
            assertThat(f.get("configured_hz")).isEqualTo("10");
        }
    }

    @Test
    void statsKeyspaceAndPersistenceFollowTheCommands() {
        try (Resp r = connect()) {
            r.call("SELECT", "9");
            Map<String, String> before = fields((String) r.call("INFO", "stats", "persistence"));
            r.call("SET", "info:k1", "v");
            r.call("SET", "info:k2", "v", "EX", "1000");
            r.call("GET", "info:k1");
            r.call("GET", "info:missing");
            Map<String, String> after = fields((String) r.call("INFO", "stats", "persistence", "keyspace"));
            assertThat(Long.parseLong(after.get("keyspace_hits")) - Long.parseLong(before.get("keyspace_hits")))
                    .isEqualTo(1);
            assertThat(Long.parseLong(after.get("keyspace_misses")) - Long.parseLong(before.get("keyspace_misses")))
                    .isEqualTo(1);
            assertThat(Long.parseLong(after.get("rdb_changes_since_last_save"))
                    - Long.parseLong(before.get("rdb_changes_since_last_save"))).isEqualTo(2);
            assertThat(Long.parseLong(after.get("total_commands_processed")))
                    .isGreaterThan(Long.parseLong(before.get("total_commands_processed")));
            assertThat(after.get("db9")).matches("keys=2,expires=1,avg_ttl=\\d+");
            assertThat(after.get("loading")).isEqualTo("0");
            assertThat(Long.parseLong(after.get("total_net_input_bytes"))).isPositive();
            assertThat(Long.parseLong(after.get("total_net_output_bytes"))).isPositive();
        }
    }

    @Test
    void memorySectionAddsUp() {
        try (Resp r = connect()) {
            Map<String, String> f = fields((String) r.call("INFO", "memory"));
            long used = Long.parseLong(f.get("used_memory"));
            assertThat(used).isEqualTo(Long.parseLong(f.get("used_memory_overhead"))
                    + Long.parseLong(f.get("used_memory_dataset")));
            assertThat(Long.parseLong(f.get("used_memory_startup"))).isEqualTo(Info.STARTUP_BYTES);
            assertThat(Long.parseLong(f.get("used_memory_peak"))).isGreaterThanOrEqualTo(used);
            assertThat(Long.parseLong(f.get("used_memory_rss"))).isPositive();
            assertThat(f.get("used_memory_human")).matches("\\d+(\\.\\d\\d[KMGTP])?B?");
            assertThat(f.get("maxmemory_policy")).isEqualTo("noeviction");
            assertThat(f.get("mem_fragmentation_ratio")).matches("\\d+\\.\\d\\d");
        }
    }

    @Test
    void errorAndCommandStats() {
        try (Resp r = connect()) {
            r.call("CONFIG", "RESETSTAT");
            r.call("NOSUCHCOMMAND");
            r.call("GET");
            r.call("GET", "x");
            r.call("GET", "x");
            String info = (String) r.call("INFO", "errorstats", "commandstats", "stats");
            assertThat(info).contains("errorstat_ERR:count=2\r\n");
            assertThat(info).containsPattern(
                    "cmdstat_get:calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=1,failed_calls=0\r\n");
            assertThat(fields(info).get("total_error_replies")).isEqualTo("2");
        }
    }

    @Test
    void replicationSectionIsAMasterWithoutReplicasAndReplaceable() throws Exception {
        try (Resp r = connect()) {
            Map<String, String> f = fields((String) r.call("INFO", "replication"));
            assertThat(f.keySet()).containsExactly("role", "connected_slaves", "master_failover_state",
                    "master_replid", "master_replid2", "master_repl_offset", "second_repl_offset",
                    "repl_backlog_active", "repl_backlog_size", "repl_backlog_first_byte_offset",
                    "repl_backlog_histlen");
            assertThat(f.get("role")).isEqualTo("master");
            assertThat(f.get("master_replid")).matches("[0-9a-f]{40}").isNotEqualTo(fields((String) r.call("INFO",
                    "server")).get("run_id"));
            assertThat(f.get("master_replid2")).isEqualTo("0".repeat(40));
            assertThat(f.get("second_repl_offset")).isEqualTo("-1");
            assertThat(f.get("repl_backlog_size")).isEqualTo("1048576");
        }
        Node other = ServerTestSupport.startVigil();
        try (Resp r = new Resp(other.port())) {
            other.server().onMain(() -> {
                other.engine().infoSection("replication", sb -> sb.append("role:slave\r\n"));
                return null;
            });
            String info = (String) r.call("INFO");
            assertThat(titles(info)).containsSubsequence("Stats", "Replication", "CPU");
            assertThat(info).contains("# Replication\r\nrole:slave\r\n\r\n# CPU");
        } finally {
            other.stop();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // CONFIG

    @Test
    void configGetSetAndErrors() {
        try (Resp r = connect()) {
            assertThat(r.call("CONFIG", "GET", "maxmemory")).isEqualTo(List.of("maxmemory", "0"));
            assertThat(r.call("CONFIG", "SET", "slowlog-max-len", "200", "timeout", "0")).isEqualTo("OK");
            assertThat(r.call("CONFIG", "GET", "slowlog-max-len")).isEqualTo(List.of("slowlog-max-len", "200"));
            assertThat(r.call("CONFIG", "GET", "nosuchoption")).isEqualTo(List.of());
            assertThat(r.call("CONFIG", "SET", "slowlog-max-len", "128", "timeout")).isEqualTo(new Err("ERR syntax error"));
            assertThat(r.call("CONFIG", "SET", "nosuch", "1")).isEqualTo(
                    new Err("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"));
            assertThat(r.call("CONFIG", "SET", "slowlog-max-len", "128")).isEqualTo("OK");
            assertThat(r.call("CONFIG", "REWRITE")).isEqualTo(new Err("ERR The server is running without a config file"));
            assertThat((List<?>) r.call("CONFIG", "HELP")).hasSize(11);
            r.call("HELLO", "3");
            assertThat(r.call("CONFIG", "GET", "maxmemory")).isEqualTo(Map.of("maxmemory", "0"));
        }
    }

    @Test
    void resetstatClearsStatsButNotTheSlowLog() {
        try (Resp r = connect()) {
            r.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
            try {
                r.call("PING");
                r.call("NOSUCH");
                long slow = (Long) r.call("SLOWLOG", "LEN");
                assertThat(slow).isPositive();
                assertThat(r.call("CONFIG", "RESETSTAT")).isEqualTo("OK");
                String info = (String) r.call("INFO", "all");
                assertThat(info).contains("# Errorstats\r\n\r\n");
                assertThat(info).doesNotContain("cmdstat_ping");
                assertThat(fields(info).get("total_error_replies")).isEqualTo("0");
                assertThat((Long) r.call("SLOWLOG", "LEN")).isGreaterThanOrEqualTo(slow);
            } finally {
                r.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // TIME, LASTSAVE, SLOWLOG

    @Test
    void timeAndLastsave() {
        try (Resp r = connect()) {
            List<?> t = (List<?>) r.call("TIME");
            long secs = Long.parseLong((String) t.get(0));
            long micros = Long.parseLong((String) t.get(1));
            assertThat(secs).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.api.Assertions.within(5L));
            assertThat(micros).isBetween(0L, 999_999L);
            assertThat((Long) r.call("LASTSAVE")).isEqualTo(node.engine().startMillis() / 1000);
        }
    }

    @Test
    void slowlogRecordsEntriesInRedisShape() {
        try (Resp r = connect()) {
            r.call("CLIENT", "SETNAME", "slowpoke");
            r.call("SLOWLOG", "RESET");
            r.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
            try {
                r.call("ECHO", "hello");
                List<?> entries = (List<?>) r.call("SLOWLOG", "GET", "1");
                assertThat(entries).hasSize(1);
                List<?> e = (List<?>) entries.get(0);
                assertThat(e).hasSize(6);
                assertThat(e.get(3)).isEqualTo(List.of("ECHO", "hello"));
                assertThat((String) e.get(4)).startsWith("127.0.0.1:");
                assertThat(e.get(5)).isEqualTo("slowpoke");
                assertThat((List<?>) r.call("SLOWLOG", "GET", "-1")).hasSizeGreaterThanOrEqualTo(2);
                assertThat(r.call("SLOWLOG", "GET", "-2"))
                        .isEqualTo(new Err("ERR count should be greater than or equal to -1"));
                assertThat(r.call("SLOWLOG", "RESET")).isEqualTo("OK");
            } finally {
                r.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            }
            assertThat((Long) r.call("SLOWLOG", "LEN")).isLessThanOrEqualTo(1L);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // MONITOR

    @Test
    void monitorStreamsOtherClientsCommands() {
        try (Resp mon = connect(); Resp r = connect()) {
            assertThat(mon.call("MONITOR")).isEqualTo("OK");
            r.call("SET", "mon:key", "a b");
            String line = (String) mon.read();
            assertThat(line).matches("\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"SET\" \"mon:key\" \"a b\"");
            r.call("CONFIG", "GET", "hz");
            r.call("ECHO", "after-admin");
            assertThat((String) mon.read()).endsWith("\"ECHO\" \"after-admin\"");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // WAIT

    @Test
    void waitAnswersZeroWithoutReplicasAfterTheTimeout() {
        try (Resp r = connect()) {
            assertThat(r.call("WAIT", "0", "0")).isEqualTo(0L);
            long start = System.nanoTime();
            r.send("WAIT", "1", "150");
            r.send("PING");
            assertThat(r.read()).isEqualTo(0L);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(140);
            assertThat(r.read()).isEqualTo("PONG");
            assertThat(r.call("WAIT", "0", "-1")).isEqualTo(new Err("ERR timeout is negative"));
            assertThat(r.call("WAIT", "x", "0")).isEqualTo(new Err("ERR value is not an integer or out of range"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // DEBUG

    @Test
    void debugIsRefusedByDefault() {
        try (Resp r = connect()) {
            assertThat(r.call("DEBUG", "SLEEP", "0")).isEqualTo(new Err("ERR DEBUG command not allowed. If the "
                    + "enable-debug-command option is set to \"local\", you can run it from a local connection, "
                    + "otherwise you need to set this option in the configuration file, and then restart the "
                    + "server."));
        }
    }

    @Test
    void debugWhenEnabledLocally() {
        Node n = ServerTestSupport.startVigil("--enable-debug-command", "local");
        try (Resp r = new Resp(n.port())) {
            long start = System.nanoTime();
            assertThat(r.call("DEBUG", "SLEEP", "0.1")).isEqualTo("OK");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(95);
            assertThat(r.call("DEBUG", "SLEEP", "abc")).isEqualTo("OK");
            r.call("SET", "small", "123");
            assertThat((String) r.call("DEBUG", "OBJECT", "small")).matches(
                    "Value at:0x[0-9a-f]+ refcount:2147483647 encoding:int serializedlength:2 lru:\\d+ "
                            + "lru_seconds_idle:\\d+");
            r.call("SET", "word", "hello");
            assertThat((String) r.call("DEBUG", "OBJECT", "word"))
                    .contains(" refcount:1 encoding:embstr serializedlength:6 ");
            r.call("SET", "long", "x".repeat(50));
            assertThat((String) r.call("DEBUG", "OBJECT", "long")).contains(" encoding:raw ");
            assertThat(r.call("DEBUG", "OBJECT", "missing")).isEqualTo(new Err("ERR no such key"));
            assertThat(r.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("OK");
            assertThat(n.engine().settings().activeExpire()).isFalse();
            assertThat(r.call("DEBUG", "SET-ACTIVE-EXPIRE", "1")).isEqualTo("OK");
            assertThat(r.call("DEBUG", "sleep")).isEqualTo(new Err(
                    "ERR unknown subcommand or wrong number of arguments for 'sleep'. Try DEBUG HELP."));
            assertThat((List<?>) r.call("DEBUG", "HELP")).first().isEqualTo(
                    "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        } finally {
            n.stop();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // SHUTDOWN

    @Test
    void shutdownStopsTheServerWithoutReply() {
        Node n = ServerTestSupport.startVigil();
        int port = n.port();
        try (Resp r = new Resp(port)) {
            assertThat(r.call("SHUTDOWN", "ABORT")).isEqualTo(new Err("ERR No shutdown in progress."));
            assertThat(r.call("SHUTDOWN", "NOSAVE", "SAVE")).isEqualTo(new Err("ERR syntax error"));
            r.send("SHUTDOWN", "NOSAVE");
            assertThat(r.closedByServer(10_000)).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return false;
            } catch (java.io.IOException e) {
                return true;
            }
        });
    }
}
