/**
 * Master–replica replication, wire-compatible with Redis 7.0 (PSYNC2).
 *
 * <p>Master side ({@link io.vigil.replication.Replication}): every change the engine propagates is encoded
 * once as RESP into the {@link io.vigil.replication.Backlog} (a circular buffer of {@code repl-backlog-size}
 * bytes) and into the output of each online replica, with a SELECT whenever the database changes. A replica
 * that asks {@code PSYNC replid offset} for history the backlog still holds, under the current replication
 * id or the previous one ({@code replid2}, up to {@code second_repl_offset}), continues with
 * {@code +CONTINUE}; any other gets {@code +FULLRESYNC} and an RDB of the dataset.
 *
 * <p>Replica side ({@link io.vigil.replication.MasterLink}): the outgoing connection, driven by a commented
 * state machine as Redis's {@code syncWithMaster}: connect, PING, AUTH, REPLCONF, PSYNC, then the RDB, then
 * the command stream, applied through the engine as the MASTER client. The exact bytes applied are fed to
 * this server's own backlog and replicas (chaining), so offsets agree along the chain.
 *
 * <p>Everything here runs on the engine's execution thread: the master link's channel is registered on the
 * same event loop, so its callbacks never race with commands.
 *
 * <p>Depends on command, keyspace, protocol, config (and persistence through {@link
 * io.vigil.replication.RdbTransfer}); nothing there knows of this package.
 */
package io.vigil.replication;
