package io.vigil.command;

import io.vigil.cli.Node;
import io.vigil.testing.FreePort;
import io.vigil.testing.RedisCli;
import io.vigil.testing.ServerProcess;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the server/client command tests, over the shared {@code io.vigil.testing} harness (free
 * ports, redis-server processes, redis-cli): an embedded node, and a raw RESP client that returns replies
 * as plain Java values or as their exact bytes (differential tests compare those).
 */
final class ServerTestSupport {
    private ServerTestSupport() {
    }

    /** A free TCP port on 127.0.0.1. */
    static int freePort() {
        return FreePort.find();
    }

    /** An embedded Vigil node on 127.0.0.1 and a free port, with extra redis-server style arguments. */
    static Node startVigil(String... extra) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(freePort()), "--bind", "127.0.0.1",
                "--save", "", "--loglevel", "warning"));
        args.addAll(List.of(extra));
        return Node.start(args.toArray(new String[0]));
    }

    /** A RESP error reply. */
    record Err(String text) {
        @Override
        public String toString() {
            return "-" + text;
        }
    }

    /** A RESP3 verbatim string. */
    record Verbatim(String format, String text) {
    }

    /** A raw RESP connection: sends commands, reads one reply each, parsed or as exact bytes. */
    static final class Resp implements Closeable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private ByteArrayOutputStream capture;

        Resp(int port) {
            this("127.0.0.1", port, null);
        }

        /** A connection to {@code host:port} from local address {@code from} (null = any). */
        Resp(String host, int port, String from) {
            try {
                socket = new Socket();
                if (from != null) {
                    socket.bind(new java.net.InetSocketAddress(from, 0));
                }
                socket.connect(new java.net.InetSocketAddress(host, port), 10_000);
                socket.setSoTimeout(10_000);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Sends a command without reading the reply. */
        void send(String... args) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String a : args) {
                byte[] v = a.getBytes(StandardCharsets.ISO_8859_1);
                b.writeBytes(("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                b.writeBytes(v);
                b.writeBytes(new byte[] {'\r', '\n'});
            }
            try {
                out.write(b.toByteArray());
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Sends a command and returns the parsed reply. */
        Object call(String... args) {
            send(args);
            return read();
        }

        /** Sends a command and returns the exact bytes of its reply (as ISO-8859-1 text). */
        String raw(String... args) {
            send(args);
            return readRaw();
        }

        /** Reads one reply's exact bytes. */
        String readRaw() {
            capture = new ByteArrayOutputStream();
            try {
                read();
                return capture.toString(StandardCharsets.ISO_8859_1);
            } finally {
                capture = null;
            }
        }

        /** Reads one parsed reply. */
        Object read() {
            try {
                return parse();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Whether the server closed the connection (reads until EOF or timeout). */
        boolean closedByServer(int timeoutMillis) {
            try {
                socket.setSoTimeout(timeoutMillis);
                return in.read() < 0;
            } catch (IOException e) {
                return e instanceof java.net.SocketException;
            }
        }

        /** Whether a reply is readable within {@code millis}. */
        boolean replyWithin(int millis) {
            try {
                socket.setSoTimeout(millis);
                in.mark(1);
                int b = in.read();
                in.reset();
                return b >= 0;
            } catch (IOException e) {
                return false;
            } finally {
                try {
                    socket.setSoTimeout(10_000);
                } catch (IOException ignored) {
                    // closed
                }
            }
        }

        private int readByte() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (capture != null) {
                capture.write(b);
            }
            return b;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int b = readByte();
                if (b == '\r') {
                    readByte();
                    return sb.toString();
                }
                sb.append((char) b);
            }
        }

        private String bytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (capture != null) {
                capture.writeBytes(b);
            }
            readByte();
            readByte();
            return new String(b, StandardCharsets.ISO_8859_1);
        }

        private Object parse() throws IOException {
            int type = readByte();
            String l = line();
            switch (type) {
                case '+':
                    return l;
                case '-':
                    return new Err(l);
                case ':':
                    return Long.parseLong(l);
                case '_':
                    return null;
                case '#':
                    return l.equals("t");
                case ',':
                    return Double.parseDouble(l);
                case '$': {
                    int n = Integer.parseInt(l);
                    return n < 0 ? null : bytes(n);
                }
                case '=': {
                    String s = bytes(Integer.parseInt(l));
                    return new Verbatim(s.substring(0, 3), s.substring(4));
                }
                case '*':
                case '~':
                case '>': {
                    int n = Integer.parseInt(l);
                    if (n < 0) {
                        return null;
                    }
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(parse());
                    }
                    return list;
                }
                case '%': {
                    int n = Integer.parseInt(l);
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        m.put(parse(), parse());
                    }
                    return m;
                }
                default:
                    throw new IOException("bad reply type " + (char) type + l);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** A real redis-server 7.0 process on 127.0.0.1 and a free port; {@link #close()} stops it by PID. */
    static final class RealRedis implements Closeable {
        final int port;
        private final ServerProcess process;

        RealRedis(String... directivePairs) {
            ServerProcess.Builder b = ServerProcess.redis();
            for (int i = 0; i + 1 < directivePairs.length; i += 2) {
                b.arg(directivePairs[i], directivePairs[i + 1].split(" "));
            }
            process = b.start();
            port = process.port();
        }

        @Override
        public void close() {
            process.stop();
        }
    }

    /** Whether redis-server is installed (differential tests need it). */
    static boolean redisAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    /** Runs redis-cli against 127.0.0.1:{@code port} with {@code args} and returns its standard output. */
    static String redisCli(int port, String... args) {
        return new RedisCli("127.0.0.1", port).run(args);
    }

    /** The field names of INFO text, grouped by section title. */
    static Map<String, List<String>> infoFieldNames(String info) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String section = null;
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                section = line.substring(2);
                out.put(section, new ArrayList<>());
            } else if (!line.isEmpty() && section != null) {
                out.get(section).add(line.substring(0, line.indexOf(':')));
            }
        }
        return out;
    }
}
