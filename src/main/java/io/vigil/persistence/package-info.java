/**
 * Persistence of the keyspace: RDB snapshots of a {@link io.vigil.keyspace.Keyspace} written and loaded in Redis
 * 7.0's format, including the fork-less background snapshot that BGSAVE and replication's full sync use.
 *
 * <h2>API for other layers (replication, AOF, commands)</h2>
 * <ul>
 *   <li>{@link io.vigil.persistence.ValueCodec}: the one place that knows both the in-memory values
 *       ({@code io.vigil.types}) and the RDB layer's generic forms: one key or one value written through an
 *       {@link io.vigil.persistence.rdb.RdbWriter}, and an {@link io.vigil.persistence.rdb.RdbValue} turned into
 *       an in-memory value under the current encoding limits.</li>
 *   <li>{@link io.vigil.persistence.RdbSnapshot#write}: the whole keyspace to any {@code OutputStream}, synchronously
 *       on the main loop (SAVE, DEBUG RELOAD, SHUTDOWN). Replication info (repl-id, repl-offset) goes into the AUX
 *       fields through {@link io.vigil.persistence.SaveOptions#withRepl}.</li>
 *   <li>{@link io.vigil.persistence.BackgroundSnapshot#start}: the same snapshot without stopping the server, to any
 *       {@code OutputStream} (a file, a replica's socket), with a completion callback on the main loop. Through the
 *       server, use {@link io.vigil.persistence.RdbPersistence#snapshotTo}, which refuses to start while another
 *       snapshot (e.g. a BGSAVE) runs.</li>
 *   <li>{@link io.vigil.persistence.RdbLoader#load}: fills a keyspace from an RDB {@code InputStream} (a file, or
 *       a replica's socket during full sync) and returns the AUX fields ({@code repl-id}, {@code repl-offset}...).
 *       The caller empties the keyspace first.</li>
 *   <li>{@link io.vigil.persistence.RdbPersistence}: the server's RDB state and policies (SAVE, BGSAVE, save points,
 *       startup load, shutdown save, MISCONF, INFO persistence); {@link io.vigil.persistence.Digest}: DEBUG DIGEST.</li>
 * </ul>
 *
 * <pre>{@code
 * // master, full sync (main loop):
 * persistence.snapshotTo(socketOut, new RdbWriter.ReplicationInfo(db, replId, offset), result -> { ... });
 * // replica (thread that owns the keyspace):
 * keyspace.flushAll();
 * RdbLoader.Result r = RdbLoader.load(socketIn, -1, keyspace, limits, RdbLoader.Options.REPLICA);
 * }</pre>
 *
 * <h2>Background snapshots without fork</h2>
 * Redis forks and lets the kernel's copy-on-write keep the child's view frozen; a JVM cannot fork. Vigil freezes the
 * view per key instead, in the spirit of Dragonfly's versioned snapshots:
 * <ol>
 *   <li><b>Epoch.</b> Starting a snapshot bumps the keyspace's snapshot epoch and installs a
 *       {@link io.vigil.keyspace.SnapshotHook}. Every {@link io.vigil.keyspace.KeyEntry} has an int saying in which
 *       epoch it was captured (it fits the 48-byte entry, see {@code MemorySizes.KEY_ENTRY}); entries created after
 *       the start get the current epoch at birth, so they are never part of the snapshot.</li>
 *   <li><b>Copy on write.</b> Every {@link io.vigil.keyspace.Database} path that hands out an entry that may then be
 *       changed (lookups), or changes or removes one (overwrite, delete, lazy and active expiry, eviction, setValue,
 *       setExpire, persist), first captures an entry not yet captured in this epoch. Whole-database operations
 *       (FLUSHDB, FLUSHALL, SWAPDB, and so RDB loads that flush first) capture the rest of that database
 *       synchronously. Without a running snapshot the cost is one field test.</li>
 *   <li><b>Walker.</b> On the main loop, slices of about 1 ms visit the databases with the scan cursor (which
 *       returns every entry present for the whole scan) and capture what is not captured yet. Each slice is
 *       re-scheduled as a zero-delay timer task, which runs on the next event-loop iteration, so client I/O and
 *       commands interleave. Every entry present at the start is thus captured exactly once, either by the walker
 *       or by the hook before its first change.</li>
 *   <li><b>Capture</b> appends (db, key, value, expire, LRU/LFU) to a queue. Strings are captured by reference: they
 *       are immutable in Vigil (APPEND, SETRANGE, SETBIT, BITFIELD and INCR store a new array). Lists capture their
 *       element spine (elements are immutable too); skiplist sorted sets their entries in order (O(n), where a copy
 *       would rebuild the skiplist); other collections are deep-copied with
 *       {@link io.vigil.types.RedisValue#copy()} (a listpack is one array copy).</li>
 *   <li><b>Writer thread.</b> A background thread does the encoding, LZF, CRC-64 and I/O. Records of different
 *       databases may interleave (the hook captures in any order), so the writer emits {@code SELECTDB} whenever the
 *       database changes and {@code RESIZEDB} (the sizes at the start) once per database; Redis and
 *       redis-check-rdb accept this.</li>
 *   <li><b>Memory.</b> The extra memory is the captured data waiting in the queue. The walker pauses while it
 *       exceeds {@link io.vigil.persistence.BackgroundSnapshot#QUEUE_LIMIT_BYTES}; the hook never waits (a writer
 *       command must not block), so a burst of changes may exceed the bound for a while. INFO reports it as
 *       {@code current_cow_size} / {@code current_cow_peak} and the peak of the last save as
 *       {@code rdb_last_cow_size}: copied collections and the strings captured because they were about to change
 *       (strings captured by the walker are still shared with the keyspace and count only their record).</li>
 * </ol>
 * Costs and limits: capturing a large collection copies it on the main loop (O(n) once per snapshot, like the page
 * copies a forked Redis pays); reads also capture (a command may change what a lookup returned), so a read-heavy load
 * during a snapshot copies the collections it reads, once each. Only one snapshot runs at a time per keyspace.
 *
 * <p>This package depends on keyspace, types, persistence.rdb and config; never on command, server or
 * replication.
 */
package io.vigil.persistence;
