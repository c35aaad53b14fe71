package io.vigil.server;

import java.util.List;

/**
 * Where and how the server listens, taken from the configuration.
 *
 * @param bind         addresses as in {@code bind}: an address, {@code *} (all IPv4), {@code ::*} (all IPv6);
 *                     a leading {@code -} makes an address optional (no error if unavailable)
 * @param port         TCP port, 0 = no TCP listener
 * @param unixSocket   Unix socket path, or null
 * @param unixSocketPerm permission bits of the socket file (octal as in the config), 0 = leave as created
 * @param backlog      {@code tcp-backlog}
 * @param keepAliveSeconds {@code tcp-keepalive}, 0 = off
 */
public record Listeners(List<String> bind, int port, String unixSocket, int unixSocketPerm, int backlog,
                        int keepAliveSeconds) {
}
