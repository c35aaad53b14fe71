package io.vigil.replication;

/**
 * Where this server stands with its master (Redis's {@code repl_state}). The handshake walks these states in
 * order; any error goes back to {@link #CONNECT} and the cron tries again a second later.
 */
enum ReplicaLinkState {
    /** Not a replica (a master). */
    NONE("none"),
    /** A replica that must open a connection to its master (the cron does it). */
    CONNECT("connect"),
    /** The TCP connection is being established. */
    CONNECTING("connecting"),
    /** PING sent; waiting for +PONG (or an auth error, which is fine: AUTH comes next). */
    RECEIVE_PING_REPLY("handshake"),
    /** AUTH sent with REPLCONF listening-port / ip-address / capa pipelined after it; waiting for +OK. */
    RECEIVE_AUTH_REPLY("handshake"),
    /** Waiting for the reply to REPLCONF listening-port (an error is not fatal). */
    RECEIVE_PORT_REPLY("handshake"),
    /** Waiting for the reply to REPLCONF ip-address (only sent with replica-announce-ip). */
    RECEIVE_IP_REPLY("handshake"),
    /** Waiting for the reply to REPLCONF capa eof capa psync2. */
    RECEIVE_CAPA_REPLY("handshake"),
    /** PSYNC sent; waiting for +FULLRESYNC, +CONTINUE or an error (newlines meanwhile are keepalives). */
    RECEIVE_PSYNC_REPLY("handshake"),
    /** +FULLRESYNC received: reading the RDB ($len or $EOF:mark form). */
    TRANSFER("sync"),
    /** In sync: the command stream is being applied. */
    CONNECTED("connected");

    /** The name ROLE reports. */
    final String roleName;

    ReplicaLinkState(String roleName) {
        this.roleName = roleName;
    }

    /** Whether the handshake is under way (Redis's slaveIsInHandshakeState). */
    boolean inHandshake() {
        return ordinal() >= RECEIVE_PING_REPLY.ordinal() && ordinal() <= RECEIVE_PSYNC_REPLY.ordinal();
    }
}
