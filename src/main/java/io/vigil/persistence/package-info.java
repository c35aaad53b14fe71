/**
 * Persistence of the keyspace: RDB snapshots of a {@link io.vigil.keyspace.Keyspace} and loading them back.
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
 *   <li>{@link io.vigil.persistence.RdbLoader#load}: fills a keyspace from an RDB {@code InputStream} (a file, or
 *       a replica's socket during full sync) and returns the AUX fields ({@code repl-id}, {@code repl-offset}...).
 *       The caller empties the keyspace first.</li>
 * </ul>
 *
 * <p>This package depends on keyspace, types, persistence.rdb and config; never on command, server or
 * replication.
 */
package io.vigil.persistence;
