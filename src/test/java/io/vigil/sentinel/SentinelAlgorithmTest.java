package io.vigil.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pieces of the Sentinel algorithm that need no network: INFO parsing, hello handling, votes, event text. */
class SentinelAlgorithmTest {
    private final List<String> published = new ArrayList<>();

    private Sentinel sentinel() {
        Sentinel s = new Sentinel();
        s.myid("ffffffffffffffffffffffffffffffffffffffff");
        s.publisher((channel, msg) -> published.add(channel + " " + msg));
        return s;
    }

    @Test
    void infoOfAMasterDiscoversReplicasAndInfoOfAReplicaFillsItsState() {
        Sentinel s = sentinel();
        Instance m = s.createMaster("redis-cluster", "172.31.0.1", 6379, 2);
        s.refreshInstanceInfo(m, "# Server\r\nrun_id:0123456789012345678901234567890123456789\r\n# Replication\r\n"
                + "role:master\r\nconnected_slaves:2\r\n"
                + "slave0:ip=172.31.0.2,port=6379,state=online,offset=2807213,lag=1\r\n"
                + "slave1:ip=172.31.0.3,port=6379,state=online,offset=2807213,lag=0\r\nmaster_repl_offset:2807357\r\n");
        assertThat(m.runId).isEqualTo("0123456789012345678901234567890123456789");
        assertThat(m.slaves).containsOnlyKeys("172.31.0.2:6379", "172.31.0.3:6379");
        assertThat(published).containsExactly(
                "+slave slave 172.31.0.2:6379 172.31.0.2 6379 @ redis-cluster 172.31.0.1 6379",
                "+slave slave 172.31.0.3:6379 172.31.0.3 6379 @ redis-cluster 172.31.0.1 6379");

        Instance r = m.slaves.get("172.31.0.3:6379");
        s.refreshInstanceInfo(r, "# Replication\r\nrole:slave\r\nmaster_host:172.31.0.1\r\nmaster_port:6379\r\n"
                + "master_link_status:up\r\nmaster_last_io_seconds_ago:0\r\nslave_repl_offset:2838239\r\n"
                + "slave_priority:100\r\nslave_read_only:1\r\nreplica_announced:1\r\n");
        assertThat(r.roleReported).isEqualTo(Instance.SLAVE);
        assertThat(r.slaveMasterHost).isEqualTo("172.31.0.1");
        assertThat(r.slaveMasterPort).isEqualTo(6379);
        assertThat(r.slaveMasterLinkUp).isTrue();
        assertThat(r.slaveReplOffset).isEqualTo(2838239);
        assertThat(r.slavePriority).isEqualTo(100);
    }

    @Test
    void votesOncePerEpoch() {
        Sentinel s = sentinel();
        Instance m = s.createMaster("mym", "127.0.0.1", 6379, 2);
        long[] epoch = new long[1];
        assertThat(s.voteLeader(m, 1, "aaaa", epoch)).isEqualTo("aaaa");
        assertThat(epoch[0]).isEqualTo(1);
        assertThat(s.voteLeader(m, 1, "bbbb", epoch)).isEqualTo("aaaa");
        assertThat(s.voteLeader(m, 2, "bbbb", epoch)).isEqualTo("bbbb");
        assertThat(epoch[0]).isEqualTo(2);
        assertThat(s.currentEpoch).isEqualTo(2);
        assertThat(published).contains("+new-epoch 1", "+vote-for-leader aaaa 1", "+vote-for-leader bbbb 2");
    }

    @Test
    void helloAddsSentinelsAndANewerConfigSwitchesTheMaster() {
        Sentinel s = sentinel();
        Instance m = s.createMaster("mym", "127.0.0.1", 6379, 2);
        s.addSlave(m, "127.0.0.2", 6379);
        String other = "1111111111111111111111111111111111111111";
        s.processHello("127.0.0.3,26379," + other + ",0,mym,127.0.0.1,6379,0");
        assertThat(m.sentinels).containsOnlyKeys(other);
        assertThat(published).contains("+sentinel sentinel " + other + " 127.0.0.3 26379 @ mym 127.0.0.1 6379");
        // Our own hello (relayed by a server) is ignored.
        s.processHello("127.0.0.1,26379," + s.myid() + ",0,mym,127.0.0.1,6379,0");
        assertThat(m.sentinels).hasSize(1);

        s.processHello("127.0.0.3,26379," + other + ",3,mym,127.0.0.2,6379,3");
        assertThat(s.currentEpoch).isEqualTo(3);
        assertThat(m.configEpoch).isEqualTo(3);
        assertThat(m.host).isEqualTo("127.0.0.2");
        assertThat(m.slaves).containsOnlyKeys("127.0.0.1:6379");
        assertThat(published).contains("+new-epoch 3",
                "+config-update-from sentinel " + other + " 127.0.0.3 26379 @ mym 127.0.0.1 6379",
                "+switch-master mym 127.0.0.1 6379 127.0.0.2 6379",
                "+slave slave 127.0.0.1:6379 127.0.0.1 6379 @ mym 127.0.0.2 6379");
        // An older config changes nothing.
        s.processHello("127.0.0.3,26379," + other + ",3,mym,127.0.0.1,6379,2");
        assertThat(m.host).isEqualTo("127.0.0.2");
    }
}
