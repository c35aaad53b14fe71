/**
 * Sentinel: Redis Sentinel 7.0's algorithm, so that Vigil sentinels, real redis-sentinel processes and
 * Sentinel-aware clients interoperate, and so that Vigil sentinels can manage real Redis servers. Sentinel
 * talks to the servers it monitors only over the wire (never keyspace or replication internals).
 *
 * <ul>
 *   <li>{@link io.vigil.sentinel.Sentinel}: the algorithm, laid out like Redis's sentinel.c — links
 *       (a command and a pub/sub link per master and replica, a command link per other sentinel), PING every
 *       second, INFO every 10 s (every second around a failover), hello messages on
 *       {@code __sentinel__:hello} every 2 s, SDOWN, ODOWN through {@code SENTINEL IS-MASTER-DOWN-BY-ADDR},
 *       leader election per epoch, the failover state machine (one method per state), TILT, events.</li>
 *   <li>{@link io.vigil.sentinel.Instance}: a master, replica or sentinel as Sentinel sees it.</li>
 *   <li>{@link io.vigil.sentinel.Link}: an asynchronous RESP2 client connection (Netty, netty-codec-redis
 *       for reply decoding) whose callbacks run on the sentinel's event loop.</li>
 *   <li>{@link io.vigil.sentinel.SentinelCommands}: the sentinel-mode command table (SENTINEL and its
 *       subcommands, ROLE, PUBLISH for hellos, plus the standard commands redis-sentinel keeps) and the
 *       INFO {@code sentinel} section.</li>
 *   <li>{@link io.vigil.sentinel.SentinelConfig}: the {@code sentinel ...} directives read and written;
 *       the file itself is rewritten by {@code io.vigil.config.Config} (temp file, fsync, rename), keeping
 *       the user's lines and comments in place.</li>
 *   <li>{@link io.vigil.sentinel.Scripts}: notification and client-reconfig scripts with Redis's queue,
 *       retries and timeout.</li>
 * </ul>
 *
 * <p>Threading: everything runs on the server's single main event loop — the timer (a random 10–19 Hz, as
 * Redis), link callbacks and the commands — so the state needs no locks.
 */
package io.vigil.sentinel;
