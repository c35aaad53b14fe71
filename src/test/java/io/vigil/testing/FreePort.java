package io.vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks a free TCP port on a loopback address such as {@code 127.0.0.1} or {@code 127.0.0.2}.
 *
 * <p>The port is found by binding an ephemeral listener and closing it again, so another process
 * could still take it before the server under test binds it; {@link ServerProcess} retries with a
 * fresh port when that happens. Within one JVM a port is never handed out twice, and ports whose
 * Redis Cluster bus port ({@code port + 10000}) would not fit are skipped.
 */
public final class FreePort {

  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePort() {}

  /** A free port on {@code 127.0.0.1}. */
  public static int find() {
    return find("127.0.0.1");
  }

  /** A free port on {@code host}, which must be a local address (normally 127.0.0.x). */
  public static int find(String host) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (IOException e) {
      throw new UncheckedIOException("unknown host " + host, e);
    }
    IOException last = null;
    for (int attempt = 0; attempt < 200; attempt++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(address, 0), 1);
        int port = socket.getLocalPort();
        if (port + 10000 > 65535) {
          continue;
        }
        synchronized (HANDED_OUT) {
          if (HANDED_OUT.add(port)) {
            return port;
          }
        }
      } catch (IOException e) {
        last = e;
      }
    }
    throw new UncheckedIOException("no free port found on " + host,
        last != null ? last : new IOException("all candidate ports were already handed out"));
  }
}
