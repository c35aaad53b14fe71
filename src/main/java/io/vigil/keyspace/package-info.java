/**
 * The keyspace of a Vigil server: numbered databases of binary-safe keys, key expiry (lazy and
 * active), LRU/LFU access tracking and {@code maxmemory} eviction.
 *
 * <h2>Threading</h2>
 * Everything in this package is single-threaded: one thread owns a {@link io.vigil.keyspace.Keyspace}
 * and every object reachable from it. Nothing here locks or publishes safely across threads.
 *
 * <h2>Structure</h2>
 * <ul>
 *   <li>{@link io.vigil.keyspace.Keyspace} holds the {@link io.vigil.keyspace.Database}s.</li>
 *   <li>Each database indexes its {@link io.vigil.keyspace.KeyEntry} objects in a chained hash
 *       table with incremental rehashing (like Redis's {@code dict}); a second table over the same
 *       entry objects indexes only the keys that carry a TTL.</li>
 *   <li>{@link io.vigil.keyspace.ActiveExpire} runs Redis's adaptive expiry cycle from the server
 *       cron and before the event loop sleeps.</li>
 *   <li>{@link io.vigil.keyspace.Evictor} runs the approximated LRU/LFU/TTL/random eviction when
 *       {@code maxmemory} is exceeded, tuned by {@link io.vigil.keyspace.EvictionSettings}.</li>
 *   <li>{@link io.vigil.keyspace.Database#memoryUsage()} is a running, honest estimate of the heap
 *       bytes held by a database (see {@link io.vigil.keyspace.MemorySizes}).</li>
 * </ul>
 *
 * <h2>Hot path</h2>
 * Lookups allocate nothing: keys are hashed with a keyed SipHash-1-2 ({@link io.vigil.keyspace.SipHash})
 * read straight out of the {@code byte[]}, and no boxing, iterators or streams are used.
 *
 * <p>This package depends on the JDK only.
 */
package io.vigil.keyspace;
