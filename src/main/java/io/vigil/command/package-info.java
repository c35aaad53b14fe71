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
 * Redis's model, so each command is atomic and the propagation order is the execution order. Measured
 * with redis-benchmark on the 2-core build machine (see BENCHMARKS.md): the client tool itself takes one
 * core, so a second I/O thread has no core to run on, and a hand-off queue between I/O threads and an
 * executor adds a wake-up per request that costs more at {@code -P 1} than decoding does.
 */
package io.vigil.command;
