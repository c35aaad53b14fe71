package io.vigil.sentinel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A monitored instance as Redis Sentinel sees it (sentinelRedisInstance): a master, one of its replicas, or
 * another sentinel watching it. Masters also hold their replicas, their sentinels and the failover state.
 * Touched only on the sentinel's event loop.
 */
final class Instance {
    // Flags (SRI_*).
    /** The instance is a master. */
    static final int MASTER = 1;
    /** The instance is a replica. */
    static final int SLAVE = 1 << 1;
    /** The instance is another sentinel. */
    static final int SENTINEL = 1 << 2;
    /** Subjectively down: no valid PING reply for down-after-milliseconds. */
    static final int S_DOWN = 1 << 3;
    /** Objectively down: quorum sentinels agree the master is down. */
    static final int O_DOWN = 1 << 4;
    /** A sentinel that told us the master is down (IS-MASTER-DOWN-BY-ADDR). */
    static final int MASTER_DOWN = 1 << 5;
    /** A failover of this master is in progress. */
    static final int FAILOVER_IN_PROGRESS = 1 << 6;
    /** The replica chosen for promotion. */
    static final int PROMOTED = 1 << 7;
    /** REPLICAOF sent to this replica during reconfiguration. */
    static final int RECONF_SENT = 1 << 8;
    /** The replica is syncing with the new master. */
    static final int RECONF_INPROG = 1 << 9;
    /** The replica is reconfigured. */
    static final int RECONF_DONE = 1 << 10;
    /** A failover forced by SENTINEL FAILOVER (no election). */
    static final int FORCE_FAILOVER = 1 << 11;
    /** The master rebooted recently (master-reboot-down-after-period). */
    static final int MASTER_REBOOT = 1 << 13;

    // Failover states (SENTINEL_FAILOVER_STATE_*).
    /** No failover in progress. */
    static final int FS_NONE = 0;
    /** Waiting to be elected leader for the failover epoch. */
    static final int FS_WAIT_START = 1;
    /** Choosing the replica to promote. */
    static final int FS_SELECT_SLAVE = 2;
    /** Sending REPLICAOF NO ONE to the chosen replica. */
    static final int FS_SEND_SLAVEOF_NOONE = 3;
    /** Waiting for INFO to show the replica promoted. */
    static final int FS_WAIT_PROMOTION = 4;
    /** Pointing the other replicas at the new master. */
    static final int FS_RECONF_SLAVES = 5;
    /** Done: switch the monitored master to the promoted replica. */
    static final int FS_UPDATE_CONFIG = 6;

    int flags;
    String name;
    String host;
    int port;
    String runId;
    long configEpoch;
    /** The master this replica or sentinel belongs to (null for masters). */
    Instance master;

    // Link state (instanceLink).
    Link cc;
    Link pc;
    long actPingTime;
    long lastPingTime;
    long lastPongTime;
    long lastAvailTime;
    long lastReconnTime;
    long lastPubTime;
    long lastHelloTime;
    long lastMasterDownReplyTime;

    long sDownSinceTime;
    long oDownSinceTime;
    long downAfterPeriod;
    long masterRebootDownAfterPeriod;
    long masterRebootSinceTime;

    // From INFO.
    String info = "";
    long infoRefresh;
    int roleReported;
    long roleReportedTime;
    long slaveConfChangeTime;
    long masterLinkDownTime;
    String slaveMasterHost;
    int slaveMasterPort;
    boolean slaveMasterLinkUp;
    int slavePriority = 100;
    long slaveReplOffset;
    boolean replicaAnnounced = true;
    long slaveReconfSentTime;

    // Master-only.
    final Map<String, Instance> sentinels = new LinkedHashMap<>();
    final Map<String, Instance> slaves = new LinkedHashMap<>();
    int quorum;
    int parallelSyncs = 1;
    String authPass;
    String authUser;
    String notificationScript;
    String clientReconfigScript;
    final Map<String, String> renamedCommands = new LinkedHashMap<>();
    /** The leader this sentinel voted for (masters), or the vote a sentinel reported. */
    String leader;
    long leaderEpoch;
    long failoverEpoch;
    int failoverState = FS_NONE;
    long failoverStateChangeTime;
    long failoverStartTime;
    long failoverTimeout;
    long failoverDelayLogged;
    Instance promotedSlave;

    Instance(int kind, String name, String host, int port, Instance master) {
        this.flags = kind;
        this.host = host;
        this.port = port;
        this.master = master;
        this.name = name != null ? name : host + ":" + port;
        long now = System.currentTimeMillis();
        this.lastAvailTime = now;
        this.lastPongTime = now;
        this.roleReported = kind == SENTINEL ? SENTINEL : kind;
        this.roleReportedTime = now;
    }

    boolean is(int flag) {
        return (flags & flag) != 0;
    }

    /** Whether either link is missing (Redis's link->disconnected). */
    boolean disconnected() {
        return cc == null || (!is(SENTINEL) && pc == null);
    }

    /** "master", "slave" or "sentinel" as in events. */
    String typeName() {
        return is(MASTER) ? "master" : is(SLAVE) ? "slave" : "sentinel";
    }

    /** The name of a command as renamed on this instance (sentinel rename-command). */
    String cmd(String command) {
        Instance m = is(MASTER) ? this : master;
        if (m != null && !is(SENTINEL)) {
            String r = m.renamedCommands.get(command.toLowerCase(java.util.Locale.ROOT));
            if (r != null) {
                return r;
            }
        }
        return command;
    }

    boolean addrEquals(String h, int p) {
        return port == p && host.equalsIgnoreCase(h);
    }
}
