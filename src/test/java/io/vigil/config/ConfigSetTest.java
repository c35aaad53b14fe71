package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CONFIG SET semantics; every expected text was produced by Redis 7.0.15. */
class ConfigSetTest {

    private static List<String[]> pairs(String... kv) {
        List<String[]> l = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            l.add(new String[] {kv[i], kv[i + 1]});
        }
        return l;
    }

    private static String err(Config c, String... kv) {
        try {
            c.set(pairs(kv));
        } catch (ConfigException e) {
            return e.getMessage();
        }
        return "OK";
    }

    private static String failed(String name, String reason) {
        return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
    }

    @Test
    void checkOrder() {
        Config c = Config.defaults();
        assertThat(err(c, "foo", "1")).isEqualTo(
                "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
        assertThat(err(c, "databases", "1", "databases", "2"))
                .isEqualTo(failed("databases", "can't set immutable config"));
        assertThat(err(c, "foo", "1", "databases", "2")).isEqualTo(
                "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
        assertThat(err(c, "databases", "1", "foo", "2"))
                .isEqualTo(failed("databases", "can't set immutable config"));
        assertThat(err(c, "port", "abc", "port", "1"))
                .isEqualTo(failed("port", "duplicate parameter"));
        assertThat(err(c, "timeout", "1", "TIMEOUT", "2"))
                .isEqualTo(failed("TIMEOUT", "duplicate parameter"));
        assertThat(err(c, "slave-priority", "1", "replica-priority", "2")).isEqualTo("OK");
        assertThat(c.get(Options.REPLICA_PRIORITY)).isEqualTo(2);
        assertThat(err(c, "port", "abc", "timeout", "xyz")).isEqualTo(
                failed("port", "argument couldn't be parsed into an integer"));
        assertThat(err(c, "timeout", "xyz", "port", "abc")).isEqualTo(
                failed("timeout", "argument couldn't be parsed into an integer"));
        assertThat(err(c, "include", "x")).isEqualTo(
                "ERR Unknown option or number of arguments for CONFIG SET - 'include'");
        assertThat(err(c, "list-max-ziplist-entries", "5")).isEqualTo(
                "ERR Unknown option or number of arguments for CONFIG SET - "
                        + "'list-max-ziplist-entries'");
    }

    @Test
    void failedSetChangesNothing() {
        Config c = Config.defaults();
        assertThat(err(c, "timeout", "5", "port", "abc")).startsWith("ERR CONFIG SET failed");
        assertThat(c.get(Options.TIMEOUT)).isZero();
    }

    @Test
    void immutableAndProtected() throws Exception {
        Config c = Config.defaults();
        for (String n : List.of("aclfile", "always-show-logo", "aof_rewrite_cpulist",
                "appenddirname", "appendfilename", "bgsave_cpulist", "bio_cpulist",
                "cluster-config-file", "cluster-enabled", "cluster-port", "daemonize", "databases",
                "disable-thp", "enable-debug-command", "enable-module-command",
                "enable-protected-configs", "io-threads", "io-threads-do-reads", "logfile",
                "pidfile", "rdbchecksum", "replicaof", "server_cpulist", "set-proc-title",
                "slaveof", "socket-mark-id", "supervised", "syslog-enabled", "syslog-facility",
                "syslog-ident", "tcp-backlog", "unixsocket", "unixsocketperm")) {
            assertThat(err(c, n, "x")).isEqualTo(failed(n, "can't set immutable config"));
        }
        for (String n : List.of("dir", "dbfilename")) {
            assertThat(err(c, n, "x")).isEqualTo(failed(n, "can't set protected config"));
        }
        Config local = ConfigLoader.fromString("enable-protected-configs local");
        assertThat(err(local, "dbfilename", "x.rdb"))
                .isEqualTo(failed("dbfilename", "can't set protected config"));
        local.set(pairs("dbfilename", "x.rdb"), true);
        assertThat(local.get(Options.DBFILENAME)).isEqualTo("x.rdb");
        Config yes = ConfigLoader.fromString("enable-protected-configs yes");
        assertThat(err(yes, "dbfilename", "a/b"))
                .isEqualTo(failed("dbfilename", "dbfilename can't be a path, just a filename"));
        assertThat(err(yes, "dir", "/nonexistent-vigil"))
                .isEqualTo(failed("dir", "No such file or directory"));
        yes.set("dir", "/tmp");
        assertThat(yes.getString("dir"))
                .isEqualTo(java.nio.file.Paths.get("/tmp").toRealPath().toString());
    }

    @Test
    void integerErrors() {
        Config c = Config.defaults();
        for (String v : List.of("+5", " 5", "05", "5.0", "0x10", "-0", "00", "5 ", "1e3", "",
                "1kb", "5%", "9223372036854775808")) {
            assertThat(err(c, "timeout", v)).as(v).isEqualTo(
                    failed("timeout", "argument couldn't be parsed into an integer"));
        }
        assertThat(err(c, "timeout", "-1"))
                .isEqualTo(failed("timeout", "argument must be between 0 and 2147483647 inclusive"));
        assertThat(err(c, "hz", "99999999999999"))
                .isEqualTo(failed("hz", "argument must be between 0 and 2147483647 inclusive"));
        assertThat(err(c, "port", "70000"))
                .isEqualTo(failed("port", "argument must be between 0 and 65535 inclusive"));
        assertThat(err(c, "maxclients", "0"))
                .isEqualTo(failed("maxclients", "argument must be between 1 and 4294967295 inclusive"));
        assertThat(err(c, "slowlog-log-slower-than", "-2")).isEqualTo(failed(
                "slowlog-log-slower-than",
                "argument must be between -1 and 9223372036854775807 inclusive"));
        assertThat(err(c, "active-expire-effort", "11")).isEqualTo(
                failed("active-expire-effort", "argument must be between 1 and 10 inclusive"));
        assertThat(err(c, "acllog-max-len", "2147483648")).isEqualTo("OK");
        assertThat(err(c, "list-max-listpack-size", "-2147483649")).isEqualTo(failed(
                "list-max-listpack-size",
                "argument must be between -2147483648 and 2147483647 inclusive"));
    }

    @Test
    void memoryValues() {
        Config c = Config.defaults();
        String[][] ok = {{"1k", "1000"}, {"1K", "1000"}, {"1kb", "1024"}, {"1Kb", "1024"},
            {"1m", "1000000"}, {"1mb", "1048576"}, {"1g", "1000000000"}, {"1gb", "1073741824"},
            {"1b", "1"}, {"1B", "1"}, {"", "0"}, {"01", "1"}, {"k", "0"},
            {"18446744073709551616", "18446744073709551615"},
            {"9223372036854775808", "9223372036854775808"}};
        for (String[] t : ok) {
            assertThat(err(c, "maxmemory", t[0])).as(t[0]).isEqualTo("OK");
            assertThat(c.getString("maxmemory")).as(t[0]).isEqualTo(t[1]);
        }
        for (String v : List.of("1t", "1tb", " 1", "+1", "-0", "1kk", "10x", "-1", "1.5g")) {
            assertThat(err(c, "maxmemory", v)).as(v)
                    .isEqualTo(failed("maxmemory", "argument must be a memory value"));
        }
        assertThat(err(c, "client-query-buffer-limit", "1kb")).isEqualTo(failed(
                "client-query-buffer-limit",
                "argument must be between 1048576 and 9223372036854775807 inclusive"));
        assertThat(err(c, "repl-backlog-size", "9223372036854775808")).isEqualTo(failed(
                "repl-backlog-size", "argument must be between 1 and 9223372036854775807 inclusive"));
        assertThat(err(c, "cluster-link-sendbuf-limit", "18446744073709551616")).isEqualTo("OK");
        assertThat(c.getString("cluster-link-sendbuf-limit")).isEqualTo("18446744073709551615");
    }

    @Test
    void memoryOrPercent() {
        Config c = Config.defaults();
        String bad = failed("maxmemory-clients", "argument must be a memory or percent value");
        String over = failed("maxmemory-clients", "percentage argument must be less or equal to 100");
        assertThat(err(c, "maxmemory-clients", "100%")).isEqualTo("OK");
        assertThat(err(c, "maxmemory-clients", "101%")).isEqualTo(over);
        assertThat(err(c, "maxmemory-clients", "0%")).isEqualTo("OK");
        assertThat(c.getString("maxmemory-clients")).isEqualTo("0");
        for (String v : List.of("-5%", "1kb%", "%", "5.5%", "abc", "-1")) {
            assertThat(err(c, "maxmemory-clients", v)).as(v).isEqualTo(bad);
        }
        assertThat(err(c, "maxmemory-clients", "9223372036854775808")).isEqualTo(over);
        assertThat(err(c, "maxmemory-clients", "18446744073709551616")).isEqualTo("OK");
        assertThat(c.getString("maxmemory-clients")).isEqualTo("1%");
        assertThat(err(c, "maxmemory-clients", "1kb")).isEqualTo("OK");
        assertThat(c.getString("maxmemory-clients")).isEqualTo("1024");
    }

    @Test
    void boolsAndEnums() {
        Config c = Config.defaults();
        assertThat(err(c, "protected-mode", "YES")).isEqualTo("OK");
        assertThat(err(c, "protected-mode", "1"))
                .isEqualTo(failed("protected-mode", "argument must be 'yes' or 'no'"));
        assertThat(err(c, "maxmemory-policy", "foo")).isEqualTo(failed("maxmemory-policy",
                "argument(s) must be one of the following: volatile-lru, volatile-lfu, "
                        + "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, "
                        + "allkeys-random, noeviction"));
        assertThat(err(c, "appendfsync", "foo")).isEqualTo(failed("appendfsync",
                "argument(s) must be one of the following: everysec, always, no"));
        assertThat(err(c, "loglevel", "foo")).isEqualTo(failed("loglevel",
                "argument(s) must be one of the following: debug, verbose, notice, warning"));
        assertThat(err(c, "oom-score-adj", "zzz")).isEqualTo(failed("oom-score-adj",
                "argument(s) must be one of the following: no, yes, relative, absolute"));
        assertThat(err(c, "tls-auth-clients", "zzz")).isEqualTo(failed("tls-auth-clients",
                "argument(s) must be one of the following: no, yes, optional"));
        String sig = failed("shutdown-on-sigint",
                "argument(s) must be one of the following: default, save, nosave, now, force");
        assertThat(err(c, "shutdown-on-sigint", "")).isEqualTo(sig);
        assertThat(err(c, "shutdown-on-sigint", "now  force")).isEqualTo(sig);
        assertThat(err(c, "shutdown-on-sigint", "save nosave")).isEqualTo(failed(
                "shutdown-on-sigint", "shutdown options SAVE and NOSAVE can't be used simultaneously"));
    }

    @Test
    void specialTypes() {
        Config c = Config.defaults();
        String save = failed("save", "Invalid save parameters");
        for (String v : List.of("100", "a b", "100 -1", "  100   1  ", "0 0", "\"100 1\"",
                "100  1", "100 1 ", " ")) {
            assertThat(err(c, "save", v)).as(v).isEqualTo(save);
        }
        assertThat(err(c, "save", "")).isEqualTo("OK");
        assertThat(c.getString("save")).isEmpty();
        assertThat(err(c, "save", "1 0 100 1 100 2")).isEqualTo("OK");
        assertThat(c.getString("save")).isEqualTo("1 0 100 1 100 2");

        String cls = "Invalid client class specified in buffer limit configuration.";
        String num = "Wrong number of arguments in buffer limit configuration.";
        String val = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
        String cobl = "client-output-buffer-limit";
        assertThat(err(c, cobl, "foo 1 2 3")).isEqualTo(failed(cobl, cls));
        assertThat(err(c, cobl, "master 1 1 1")).isEqualTo(failed(cobl, cls));
        assertThat(err(c, cobl, "normal 1 2")).isEqualTo(failed(cobl, num));
        assertThat(err(c, cobl, "normal  1 2 3")).isEqualTo(failed(cobl, num));
        for (String v : List.of("normal a 2 3", "normal 1 2 -3", "normal -1 2 3", "normal 1 2 3k",
                "normal 1 2 2147483648", "normal 7 7 7 pubsub x 1 1")) {
            assertThat(err(c, cobl, v)).as(v).isEqualTo(failed(cobl, val));
        }
        assertThat(c.getString(cobl)).startsWith("normal 0 0 0 ");
        assertThat(err(c, cobl, "normal 7 7 7 foo 1 1 1")).isEqualTo(failed(cobl, cls));
        assertThat(c.getString(cobl)).startsWith("normal 0 0 0 ");
        assertThat(err(c, cobl, "normal 1 2 ")).isEqualTo("OK");
        assertThat(c.getString(cobl)).startsWith("normal 1 2 0 ");
        assertThat(err(c, cobl, "")).isEqualTo("OK");

        assertThat(err(c, "notify-keyspace-events", "y")).isEqualTo(failed(
                "notify-keyspace-events", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."));
        assertThat(err(c, "oom-score-adj-values", "1 2"))
                .isEqualTo(failed("oom-score-adj-values", "wrong number of arguments"));
        assertThat(err(c, "oom-score-adj-values", "-2001 2 3")).isEqualTo(failed(
                "oom-score-adj-values",
                "Invalid oom-score-adj-values, elements must be between -2000 and 2000."));
        assertThat(err(c, "oom-score-adj-values", "100 50 3")).isEqualTo("OK");
        String lt = "latency-tracking-info-percentiles";
        assertThat(err(c, lt, "101")).isEqualTo(failed(lt,
                "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"));
        assertThat(err(c, lt, "abc"))
                .isEqualTo(failed(lt, "Invalid latency-tracking-info-percentiles parameters"));
        assertThat(err(c, lt, "50  99"))
                .isEqualTo(failed(lt, "Invalid latency-tracking-info-percentiles parameters"));
        for (String v : List.of("nan", "1e999", "1e-999", " 50", "50 ")) {
            assertThat(err(c, lt, v)).as(v)
                    .isEqualTo(failed(lt, "Invalid latency-tracking-info-percentiles parameters"));
        }
        assertThat(err(c, lt, "inf")).isEqualTo(failed(lt,
                "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"));
        assertThat(err(c, lt, "0e5 +50 .5 5. 0x10 -0.0 1e-5 1e2")).isEqualTo("OK");
        assertThat(c.getString(lt)).isEqualTo("0 50 0.5 5 16 -0 0.00001 100");
        assertThat(err(c, "repl-backlog-size", "1kb")).isEqualTo("OK");
        assertThat(c.getString("repl-backlog-size")).isEqualTo("16384");
        assertThat(err(c, "watchdog-period", "100")).isEqualTo("OK");
        assertThat(c.getString("watchdog-period")).isEqualTo("200");
        assertThat(err(c, lt, "")).isEqualTo("OK");
        assertThat(c.getString(lt)).isEmpty();
        assertThat(err(c, "bind", "a b c d e f g h i j k l m n o p q"))
                .isEqualTo(failed("bind", "Too many bind addresses specified."));
        assertThat(err(c, "bind", "127.0.0.1 -::1")).isEqualTo("OK");
        assertThat(c.get(Options.BIND)).containsExactly("127.0.0.1", "-::1");

        String ptt = "proc-title-template";
        String bad = failed(ptt, "template format is invalid or contains unknown variables");
        for (String v : List.of("{title}", "{foo}", "", "{", "{server-mode}", "{unixsocket}",
                " {title} ", "a{b}c", "{TITLE} x", "{ title} x")) {
            assertThat(err(c, ptt, v)).as(v).isEqualTo(bad);
        }
        for (String v : List.of("{title} x", "{listen-addr}", "{port}", "abc", "{{title}", "}",
                "{config-file}", "{title} {listen-addr} {server-mode}")) {
            assertThat(err(c, ptt, v)).as(v).isEqualTo("OK");
        }
        assertThat(err(c, "cluster-announce-hostname", "a_b")).isEqualTo(failed(
                "cluster-announce-hostname",
                "Hostnames may only contain alphanumeric characters, hyphens or dots"));
        assertThat(err(c, "cluster-announce-hostname", "a.b-c")).isEqualTo("OK");
    }

    @Test
    void callbacksSeeOldAndNewAndCanVeto() {
        Config c = Config.defaults();
        List<String> log = new ArrayList<>();
        c.onApply(Options.TIMEOUT, (o, n) -> log.add("timeout " + o + "->" + n));
        c.onApply(Options.PORT, (o, n) -> {
            log.add("port " + o + "->" + n + " timeout=" + c.get(Options.TIMEOUT));
            if (n == 1) {
                throw new ConfigException("Unable to listen on this port");
            }
        });
        assertThat(err(c, "timeout", "5", "port", "7000")).isEqualTo("OK");
        assertThat(log).containsExactly("timeout 0->5", "port 6379->7000 timeout=5");
        log.clear();
        assertThat(err(c, "timeout", "6", "port", "1"))
                .isEqualTo(failed("port", "Unable to listen on this port"));
        assertThat(log).containsExactly("timeout 5->6", "port 7000->1 timeout=6", "timeout 6->5");
        assertThat(c.get(Options.TIMEOUT)).isEqualTo(5);
        assertThat(c.get(Options.PORT)).isEqualTo(7000);
        log.clear();
        assertThat(err(c, "timeout", "5")).isEqualTo("OK"); // unchanged: no callback
        assertThat(log).isEmpty();
    }

    @Test
    void callbacksAreNotRunWhileLoading() throws ConfigException {
        Config c = ConfigLoader.fromString("port 7000\n");
        assertThat(c.get(Options.PORT)).isEqualTo(7000);
    }

    @Test
    void internalUpdate() {
        Config c = Config.defaults();
        c.update(Options.REPLICAOF, new ReplicaOf("10.0.0.1", 6380));
        assertThat(c.getString("replicaof")).isEqualTo("10.0.0.1 6380");
        assertThat(c.getString("slaveof")).isEqualTo("10.0.0.1 6380");
    }

    @Test
    void optionsRegisteredLaterGetTheirDefault() throws ConfigException {
        Config c = Config.defaults();
        Option<Integer> extra = Option.define("vigil-test-extra-option", Options.integer(0, 9), 3)
                .flags(Option.Flag.HIDDEN).register();
        assertThat(c.get(extra)).isEqualTo(3);
        c.set("vigil-test-extra-option", "4");
        assertThat(c.get(extra)).isEqualTo(4);
        assertThat(c.getString("VIGIL-TEST-EXTRA-OPTION")).isEqualTo("4");
    }
}
