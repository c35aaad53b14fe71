package io.vigil.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Plan}'s validation and the files it writes for the guide's three hosts. */
class PlanTest {

    private static final List<String> GUIDE = List.of("172.31.0.1", "172.31.0.2", "172.31.0.3");

    @Test
    void guideHostsGetTheGuidesLines() throws Exception {
        Plan plan = Plan.of(GUIDE, new Plan.Settings());
        List<Plan.HostFiles> files = plan.files();
        assertThat(files).extracting(Plan.HostFiles::host).containsExactlyElementsOf(GUIDE);
        assertThat(lines(files.get(0).files().get("redis.conf"))).containsExactly("bind 172.31.0.1", "port 6379");
        assertThat(lines(files.get(2).files().get("redis.conf")))
                .containsExactly("bind 172.31.0.3", "port 6379", "slaveof 172.31.0.1 6379");
        assertThat(lines(files.get(1).files().get("sentinel.conf"))).containsExactly(
                "bind 172.31.0.2", "port 16379",
                "sentinel monitor redis-cluster 172.31.0.1 6379 2",
                "sentinel down-after-milliseconds redis-cluster 5000",
                "sentinel failover-timeout redis-cluster 10000");
        assertThat(plan.local()).isFalse();
    }

    @Test
    void loopbackHostsGetTheOneMachineLines() throws Exception {
        Plan plan = Plan.of(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), new Plan.Settings());
        assertThat(plan.local()).isTrue();
        assertThat(lines(plan.redisConf(0))).contains("protected-mode no").noneMatch(l -> l.startsWith("bind-source-addr"));
        assertThat(lines(plan.redisConf(1))).contains("protected-mode no", "bind-source-addr 127.0.0.2");
        assertThat(lines(plan.sentinelConf(2))).contains("sentinel announce-ip 127.0.0.3", "protected-mode no");
    }

    @Test
    void passwordReachesEveryLink() throws Exception {
        Plan.Settings s = new Plan.Settings();
        s.password = "s3cret";
        Plan plan = Plan.of(GUIDE, s);
        assertThat(lines(plan.redisConf(1))).contains("requirepass s3cret", "masterauth s3cret");
        assertThat(lines(plan.sentinelConf(0))).contains("sentinel auth-pass redis-cluster s3cret", "requirepass s3cret");
    }

    @Test
    void hostNamesTurnOnHostnameSupport() throws Exception {
        Plan plan = Plan.of(List.of("db1.example.com", "db2.example.com", "db3.example.com"), new Plan.Settings());
        assertThat(lines(plan.sentinelConf(0)))
                .contains("sentinel resolve-hostnames yes", "sentinel announce-hostnames yes",
                        "sentinel monitor redis-cluster db1.example.com 6379 2");
    }

    @Test
    void refusesPlansThatCannotFailOver() {
        assertThatThrownBy(() -> Plan.of(List.of("10.0.0.1", "10.0.0.2"), new Plan.Settings()))
                .hasMessageContaining("even number");
        assertThatThrownBy(() -> Plan.of(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"), new Plan.Settings()))
                .hasMessageContaining("majority");
        assertThatThrownBy(() -> Plan.of(List.of("10.0.0.1"), new Plan.Settings())).hasMessageContaining("at least 3");
        Plan.Settings q4 = new Plan.Settings();
        q4.quorum = 4;
        assertThatThrownBy(() -> Plan.of(GUIDE, q4)).hasMessageContaining("can never be reached");
        Plan.Settings q3 = new Plan.Settings();
        q3.quorum = 3;
        assertThatThrownBy(() -> Plan.of(GUIDE, q3)).hasMessageContaining("master's host");
        Plan.Settings q0 = new Plan.Settings();
        q0.quorum = 0;
        assertThatThrownBy(() -> Plan.of(GUIDE, q0)).hasMessageContaining("at least 1");
    }

    @Test
    void refusesMalformedAddressesAndDuplicates() {
        for (String bad : List.of("172.31.0.256", "1.2.3", "-bad-.example", "a b", "::g", "host_name")) {
            assertThatThrownBy(() -> Plan.of(List.of(bad, "10.0.0.2", "10.0.0.3"), new Plan.Settings()))
                    .as(bad).isInstanceOf(Plan.InvalidPlan.class).hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> Plan.of(List.of("10.0.0.1", "10.0.0.2", "10.0.0.1"), new Plan.Settings()))
                .hasMessageContaining("twice");
        Plan.Settings port = new Plan.Settings();
        port.port = 60000;
        assertThatThrownBy(() -> Plan.of(GUIDE, port)).hasMessageContaining("+ 10000");
    }

    @Test
    void acceptsIpv6() throws Exception {
        Plan plan = Plan.of(List.of("fd00::1", "fd00::2", "fd00::3"), new Plan.Settings());
        assertThat(lines(plan.redisConf(1))).contains("slaveof fd00::1 6379");
    }

    @Test
    void commandWritesEveryHostsFilesUnitsAndReadme(@TempDir Path out) throws Exception {
        int status = VigilTool.run("plan", "172.31.0.1", "172.31.0.2", "172.31.0.3", "--out", out.toString(),
                "--password", "pw");
        assertThat(status).isZero();
        for (String h : GUIDE) {
            assertThat(out.resolve(h).resolve("redis.conf")).exists();
            assertThat(out.resolve(h).resolve("sentinel.conf")).exists();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(h).resolve("redis.conf"))))
                    .isEqualTo("rw-------");
        }
        assertThat(out.resolve("systemd/vigil-server@.service")).content().contains("ExecStart=/opt/vigil/bin/vigil-server");
        assertThat(out.resolve("systemd/vigil-sentinel@.service")).content().contains("--sentinel");
        assertThat(out.resolve("README.md")).content().contains("Start the master", "connected_slaves:2");
    }

    @Test
    void commandRefusesWithReasonAndStatus2(@TempDir Path out) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            int status = VigilTool.run("plan", "10.0.0.1", "10.0.0.2", "--out", out.resolve("p").toString());
            assertThat(status).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(buf.toString()).contains("refused").contains("even number");
        assertThat(out.resolve("p")).doesNotExist();
    }

    private static List<String> lines(String conf) {
        return conf.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
}
