/**
 * {@code bin/vigil}: the operator's tool around Vigil's data nodes and sentinels.
 *
 * <p>{@link io.vigil.ops.Plan} turns a list of hosts and the guide's settings (port, quorum, down-after,
 * failover-timeout, password) into the files each host needs: {@code redis.conf} and {@code sentinel.conf} in
 * the guide's words, the systemd units and a README of the order to start them. It validates the plan first
 * (addresses, an odd number of sentinels, a reachable quorum) and refuses one that cannot fail over.
 * {@link io.vigil.ops.VigilTool} is the command line (picocli), one subcommand per class.
 *
 * <p>Depends on nothing else in Vigil: the tool talks to servers only over the wire, like an operator.
 */
package io.vigil.ops;
