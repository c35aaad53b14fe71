package io.vigil.testing;

import io.vigil.cli.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * A Vigil node running inside the test JVM on 127.0.0.1 and a free port: much faster to start than a
 * process, for wire tests that do not need process-level behaviour.
 *
 * <pre>{@code
 * try (EmbeddedVigil v = EmbeddedVigil.start("maxmemory", "10mb"); Resp r = v.connect()) { ... }
 * }</pre>
 */
public final class EmbeddedVigil implements AutoCloseable {
    private final Node node;

    private EmbeddedVigil(Node node) {
        this.node = node;
    }

    /** Starts a node with {@code directive value} pairs added to the defaults ({@code --save ''}, loglevel warning). */
    public static EmbeddedVigil start(String... directivePairs) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(FreePort.find()), "--bind", "127.0.0.1",
                "--save", "", "--loglevel", "warning"));
        for (int i = 0; i + 1 < directivePairs.length; i += 2) {
            args.add("--" + directivePairs[i]);
            args.add(directivePairs[i + 1]);
        }
        return new EmbeddedVigil(Node.start(args.toArray(new String[0])));
    }

    /** The node. */
    public Node node() {
        return node;
    }

    /** Host: always 127.0.0.1. */
    public String host() {
        return "127.0.0.1";
    }

    /** The TCP port. */
    public int port() {
        return node.port();
    }

    /** A raw RESP connection. */
    public Resp connect() {
        return new Resp(host(), port());
    }

    @Override
    public void close() {
        node.stop();
    }
}
