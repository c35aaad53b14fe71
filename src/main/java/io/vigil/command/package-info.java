/**
 * Commands: their declarative table, the connection state they act on, and the one place that runs them.
 *
 * <p>Every command is a {@link io.vigil.command.CommandSpec}: data (name, arity, flags, key positions, ACL
 * categories, documentation) plus a handler. The table is bound explicitly, family by family
 * ({@link io.vigil.command.CommandTable#standard()}); COMMAND, COMMAND DOCS, the arity check and the
 * write/read-only decisions of the dispatcher all read the same specs.
 *
 * <p>{@link io.vigil.command.Engine#execute} is Redis's processCommand plus call(): it checks (unknown
 * command, arity, authentication, transaction queueing, pub/sub context, out of memory, read-only replica)
 * before anything runs, runs the handler, times it for the command stats and the slow log, and when the
 * dataset changed hands the command (or the deterministic rewrite the handler asked for, e.g. SET EX as
 * SET PXAT) to the {@link io.vigil.command.Propagator}. Commands never feed replicas themselves.
 *
 * <h2>Execution model</h2>
 * All commands run on one thread, the server's main event loop, which also owns every client connection's
 * I/O: decoding, executing and encoding happen on that thread with no hand-off and no lock, exactly
 * Redis's model, so each command is atomic and the propagation order is the execution order.
 *
 * <p>Why, as measured on the 2-core build machine with {@code bench/compare.sh} (figures in BENCHMARKS.md):
 * redis-benchmark itself keeps one core busy, so a second I/O thread has no core of its own to run on, and
 * the single loop already reaches Redis's throughput at {@code -P 1} (GET and INCR at 1.0–1.1×) where a
 * hand-off to an executor would add a cross-thread wake-up to every request. What costs throughput today
 * is allocation and GC in the JVM (a fixed young generation moved pipelined SET from ~0.55× to ~0.8×),
 * not the threading model. Per request, what the event-loop thread allocates is now mostly the decoded
 * request itself: for INCR, JFR's per-thread allocation counter went from ~92 to ~60 bytes per command once
 * the command name array is reused by the decoder and stored integers 0..9999 share their digit arrays
 * (the rest is the argument array and the key). A multi-threaded I/O variant ({@code io-threads}) has not been measured yet:
 * on machines with more cores it is the next experiment.
 */
package io.vigil.command;
