package io.vigil.config;

/**
 * The master a replica follows, as given by {@code replicaof <host> <port>}.
 *
 * @param host the master host, as written
 * @param port the master port (0-65535)
 */
public record ReplicaOf(String host, int port) {

    /**
     * Renders the value as {@code CONFIG GET replicaof} does.
     *
     * @return {@code "host port"}
     */
    @Override
    public String toString() {
        return host + " " + port;
    }
}
