package io.vigil.replication;

import io.vigil.command.Client;

/**
 * Master side: what the master knows of one replica connection, from its first REPLCONF on.
 */
final class ConnectedReplica {
    /** Asked for a full resync; waits for the RDB to be produced (diskless delay, or the next cron tick). */
    static final int WAIT_BGSAVE = 0;
    /** The RDB is queued on the connection and not yet fully sent. */
    static final int SEND_BULK = 1;
    /** Receiving the command stream. */
    static final int ONLINE = 2;

    final Client client;
    /** The port the replica listens on (REPLCONF listening-port), as INFO and ROLE report it. */
    int listeningPort;
    /** The address the replica announced (REPLCONF ip-address), or null for its peer address. */
    String announcedIp;
    /** It understands the diskless {@code $EOF:<mark>} RDB form. */
    boolean capaEof;
    /** It understands {@code +CONTINUE <replid>} (PSYNC2). */
    boolean capaPsync2;
    /** Sent SYNC rather than PSYNC: no +FULLRESYNC line before the RDB. */
    boolean preSync;
    /** Whether PSYNC/SYNC made it a replica (before that it is a client in the handshake). */
    boolean attached;
    int state = WAIT_BGSAVE;
    /** The offset the replica last acknowledged (REPLCONF ACK). */
    long ackOffset;
    /** When (unix ms) it last acknowledged. */
    long ackMillis;
    /** The client's reply total once the RDB was queued: the bulk is sent when that many bytes left. */
    long bulkEnd = -1;
    /**
     * Got the RDB in the EOF-mark form: the stream is held back until its first ACK, since a replica finds
     * the mark only at the end of what it has read (Redis's repl_start_cmd_stream_on_ack).
     */
    boolean streamOnAck;
    /** The stream held back meanwhile. */
    java.io.ByteArrayOutputStream held;
    /** Since when (unix ms) its output has been over the soft limit, 0 when it is not. */
    long softLimitSince;

    ConnectedReplica(Client client) {
        this.client = client;
    }

    /** The state as INFO's slaveN line shows it. */
    String stateName() {
        return switch (state) {
            case WAIT_BGSAVE -> "wait_bgsave";
            case SEND_BULK -> "send_bulk";
            default -> "online";
        };
    }

    /** The address INFO and ROLE show: the announced one, else the peer's. */
    String ip() {
        if (announcedIp != null) {
            return announcedIp;
        }
        String a = client.connection().remoteAddress();
        int colon = a.lastIndexOf(':');
        return colon > 0 ? a.substring(0, colon) : a;
    }

    /** Redis's replicationGetSlaveName: {@code ip:listening-port}, or the peer address before REPLCONF. */
    String name() {
        return listeningPort > 0 ? ip() + ":" + listeningPort : client.connection().remoteAddress();
    }
}
