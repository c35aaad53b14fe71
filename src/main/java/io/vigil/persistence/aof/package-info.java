/**
 * The append-only file, Redis 7.0's multi-part layout: a directory ({@code appenddirname} under {@code dir})
 * holding a manifest ({@code <appendfilename>.manifest}), one base file (an RDB snapshot when
 * {@code aof-use-rdb-preamble yes}, else commands) and the incremental files of the commands run since
 * that base; history files (the previous base and incrs) are deleted once a rewrite has replaced them.
 *
 * <ul>
 *   <li>{@link io.vigil.persistence.aof.AppendOnlyFile} receives every change from the engine
 *   ({@link io.vigil.command.Propagator}), encodes it as RESP (with SELECT when the database changes) into a
 *   buffer that is written once per event-loop iteration before the replies go out
 *   ({@link io.vigil.command.ReplyBarrier}, Redis's beforeSleep), fsyncs as {@code appendfsync} says
 *   (always: before the replies; everysec: on a background thread once a second), rewrites the files
 *   (BGREWRITEAOF, automatic rewrites, CONFIG SET appendonly yes: a new incr file first, then a base that
 *   holds the dataset as of that instant, written in the background by the persistence layer's fork-less
 *   {@link io.vigil.persistence.BackgroundSnapshot} when it is RDB) and reports INFO's aof_* fields.</li>
 *   <li>{@link io.vigil.persistence.aof.AofManifest} reads and writes the manifest in Redis's line format.</li>
 *   <li>{@link io.vigil.persistence.aof.AofLoader} replays the files at start-up through the engine with a
 *   pseudo client, with Redis's handling of a torn tail ({@code aof-load-truncated}) and its log lines.</li>
 *   <li>{@link io.vigil.persistence.aof.AofRewriter} writes a dataset as commands (a base without RDB
 *   preamble); {@link io.vigil.persistence.aof.RdbBase} is the RDB codec the base uses with the preamble.</li>
 * </ul>
 *
 * <p>Depends on command, keyspace, config and persistence; knows nothing of the network server or of
 * replication. Everything but the background fsync runs on the engine's execution thread.
 */
package io.vigil.persistence.aof;
