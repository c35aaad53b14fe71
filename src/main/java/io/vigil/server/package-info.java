/**
 * The network server: Netty bootstrap (epoll where available, NIO otherwise), the per-connection pipeline
 * ({@link io.vigil.protocol.RespDecoder} then {@link io.vigil.server.ClientHandler}), listeners on TCP
 * addresses and a Unix socket, protected mode, maxclients, idle timeouts, and the server cron.
 *
 * <p>All client channels are registered with one single-threaded event loop which is also the execution
 * thread of {@link io.vigil.command.Engine}: see {@code io.vigil.command}'s package documentation for why.
 */
package io.vigil.server;
