package io.vigil.web;

import io.vigil.client.RespClient;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the status page shows, read from one sentinel over the wire: every monitored master with its replicas and
 * the other sentinels, and the latest events the sentinel published (kept from a {@code PSUBSCRIBE *} link).
 */
final class SentinelView implements AutoCloseable {

    /** One master and what the sentinel knows around it. */
    record Master(Map<String, String> fields, List<Map<String, String>> replicas, List<Map<String, String>> sentinels,
                  long masterOffset, Map<String, Long> replicaOffsets) {
        String name() {
            return fields.get("name");
        }
    }

    /** One published event. */
    record Event(long unixMillis, String type, String text) {
    }

    private static final int KEEP_EVENTS = 100;

    private final String host;
    private final int port;
    private final String password;
    private final Deque<Event> events = new ArrayDeque<>();
    private volatile boolean closed;
    private volatile RespClient subscriber;
    private final Thread listener;

    SentinelView(String host, int port, String password) {
        this.host = host;
        this.port = port;
        this.password = password;
        listener = new Thread(this::listen, "vigil-status-events");
        listener.setDaemon(true);
        listener.start();
    }

    /** The masters, now; empty if the sentinel does not answer. */
    List<Master> masters() {
        List<Master> out = new ArrayList<>();
        try (RespClient c = connect(2000)) {
            for (Object m : list(c.call("SENTINEL", "MASTERS"))) {
                Map<String, String> f = map(m);
                String name = f.get("name");
                List<Map<String, String>> replicas = new ArrayList<>();
                for (Object r : list(c.call("SENTINEL", "REPLICAS", name))) {
                    replicas.add(map(r));
                }
                List<Map<String, String>> sentinels = new ArrayList<>();
                for (Object s : list(c.call("SENTINEL", "SENTINELS", name))) {
                    sentinels.add(map(s));
                }
                Map<String, Long> offsets = new LinkedHashMap<>();
                for (Map<String, String> r : replicas) {
                    offsets.put(r.get("ip") + ":" + r.get("port"), offset(r, "slave_repl_offset:"));
                }
                out.add(new Master(f, replicas, sentinels, offset(f, "master_repl_offset:"), offsets));
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return out;
    }

    /** The latest events, newest last. */
    List<Event> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    /**
     * A server's live replication offset ({@code field} of its INFO replication), when it answers INFO without a
     * password (else -1): the sentinel's own copy is refreshed only every 10 s, too old to show lag.
     */
    private static long offset(Map<String, String> server, String field) {
        if (server.getOrDefault("flags", "").contains("down")) {
            return -1;
        }
        try (RespClient c = new RespClient(server.get("ip"), Integer.parseInt(server.get("port")), 500)) {
            for (String line : c.text("INFO", "replication").split("\r\n")) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // down, or protected by a password the page does not have
        }
        return -1;
    }

    private RespClient connect(int timeoutMillis) throws IOException {
        RespClient c = new RespClient(host, port, timeoutMillis);
        if (password != null && !password.isEmpty()) {
            Object r = c.call("AUTH", password);
            if (r instanceof RespClient.ErrorReply e) {
                c.close();
                throw new IOException(e.message());
            }
        }
        return c;
    }

    /** Keeps a PSUBSCRIBE * link to the sentinel and records its events; reconnects after a second when lost. */
    private void listen() {
        while (!closed) {
            try (RespClient c = connect(0)) {
                subscriber = c;
                c.call("PSUBSCRIBE", "*");
                while (!closed) {
                    List<Object> msg = list(c.read());
                    if (msg.size() == 4 && "pmessage".equals(msg.get(0))) {
                        String channel = String.valueOf(msg.get(2));
                        if (!channel.startsWith("__sentinel__")) {
                            record(new Event(System.currentTimeMillis(), channel, String.valueOf(msg.get(3))));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                try {
                    Thread.sleep(1000); // reconnect period
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void record(Event e) {
        synchronized (events) {
            events.addLast(e);
            while (events.size() > KEEP_EVENTS) {
                events.removeFirst();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object reply) {
        return reply instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static Map<String, String> map(Object flat) {
        Map<String, String> m = new LinkedHashMap<>();
        List<Object> l = list(flat);
        for (int i = 0; i + 1 < l.size(); i += 2) {
            m.put(String.valueOf(l.get(i)), String.valueOf(l.get(i + 1)));
        }
        return m;
    }

    @Override
    public void close() {
        closed = true;
        RespClient s = subscriber;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        listener.interrupt();
    }
}
