package io.vigil.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A minimal raw RESP2/RESP3 client over a plain socket, for differential and protocol tests.
 *
 * <p>Every reply is parsed into a {@link Reply} tree whose {@code equals} compares exactly what went
 * over the wire (a RESP2 null bulk differs from a null array, a simple string from a bulk string,
 * a RESP3 double is compared by its text), and whose {@code toString()} is readable:
 *
 * <pre>
 *   +OK   -ERR wrong number...   :42   "bulk\x00bytes"   (nil)   (nil array)   (null)
 *   [a, b]   {"k" => "v"}   ~{a, b}   ,3.14   #t   (12345   =txt:"..."   >["message", ...]
 * </pre>
 *
 * <p>All reads have a timeout (10 s unless changed); a timeout or a closed connection is thrown
 * as an {@link UncheckedIOException}. Not thread-safe: use one {@code Resp} per thread.
 */
public final class Resp implements AutoCloseable {

  /** Default connect and read timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final String host;
  private final int port;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private Duration timeout;

  public Resp(String host, int port) {
    this(host, port, DEFAULT_TIMEOUT);
  }

  public Resp(String host, int port, Duration timeout) {
    this.host = host;
    this.port = port;
    this.timeout = timeout;
    try {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), millis(timeout));
      socket.setSoTimeout(millis(timeout));
      in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
    }
  }

  /** Connects to a running server. */
  public static Resp connect(ServerProcess server) {
    return new Resp(server.host(), server.port());
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The read timeout used from now on. */
  public Resp timeout(Duration newTimeout) {
    this.timeout = newTimeout;
    setSoTimeout(newTimeout);
    return this;
  }

  public Duration timeout() {
    return timeout;
  }

  // ---------------------------------------------------------------- commands

  /** Sends one command (as a RESP array of bulk strings, UTF-8) and reads its reply. */
  public Reply send(String... args) {
    write(args);
    return readReply();
  }

  /** Sends one command made of raw byte arguments and reads its reply. */
  public Reply send(byte[]... args) {
    write(args);
    return readReply();
  }

  /** Sends one command and reads its reply. */
  public Reply send(List<String> args) {
    return send(args.toArray(new String[0]));
  }

  /** Writes one command without reading a reply (for pipelining; read later with {@link #readReply()}). */
  public Resp write(String... args) {
    byte[][] raw = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return write(raw);
  }

  /** Writes one command of raw byte arguments without reading a reply. */
  public Resp write(byte[]... args) {
    sendRaw(encode(args));
    return this;
  }

  /** Writes arbitrary bytes (inline commands, malformed input, partial frames...). */
  public Resp sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("write to " + host + ":" + port + " failed", e);
    }
    return this;
  }

  /** Writes the UTF-8 bytes of {@code text} as they are (no CRLF added). */
  public Resp sendRaw(String text) {
    return sendRaw(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends several commands in one write and reads all their replies, in order. */
  public List<Reply> pipeline(List<List<String>> commands) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    for (List<String> cmd : commands) {
      byte[][] raw = cmd.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
      buf.writeBytes(encode(raw));
    }
    sendRaw(buf.toByteArray());
    List<Reply> replies = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      replies.add(readReply());
    }
    return replies;
  }

  /** The RESP array-of-bulk-strings encoding of a command. */
  public static byte[] encode(byte[]... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] arg : args) {
      buf.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buf.writeBytes(arg);
      buf.writeBytes(CRLF);
    }
    return buf.toByteArray();
  }

  // ---------------------------------------------------------------- reading

  /** Reads the next reply, waiting at most the current timeout. */
  public Reply readReply() {
    try {
      return parse(readByte());
    } catch (IOException e) {
      throw new UncheckedIOException("reading a reply from " + host + ":" + port + " failed", e);
    }
  }

  /**
   * Reads the next reply if one starts arriving within {@code wait}; empty if nothing came.
   * Once the first byte arrives the rest is read with the normal timeout, so a reply is never cut.
   */
  public Optional<Reply> pollReply(Duration wait) {
    int first;
    try {
      setSoTimeout(wait);
      try {
        first = readByte();
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      } finally {
        setSoTimeout(timeout);
      }
      return Optional.of(parse(first));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a reply from " + host + ":" + port + " failed", e);
    }
  }

  /**
   * True if the server closes the connection within {@code wait} (any bytes that arrive before
   * the close are discarded); false if it is still open when {@code wait} is over.
   */
  public boolean awaitClosed(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        setSoTimeout(Duration.ofNanos(Math.max(left, 1_000_000)));
        try {
          if (in.read() < 0) {
            return true;
          }
        } catch (SocketTimeoutException e) {
          return false;
        }
      }
    } catch (IOException e) {
      return true; // reset by peer counts as closed
    } finally {
      if (!socket.isClosed()) {
        setSoTimeout(timeout);
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  @Override
  public String toString() {
    return "Resp[" + host + ":" + port + "]";
  }

  private static final byte[] CRLF = {'\r', '\n'};

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("connection closed by " + host + ":" + port);
    }
    return b;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(32);
    while (true) {
      int b = readByte();
      if (b == '\r') {
        int next = readByte();
        if (next == '\n') {
          return line.toString(StandardCharsets.UTF_8);
        }
        line.write(b);
        line.write(next);
      } else {
        line.write(b);
      }
    }
  }

  private long readLong() throws IOException {
    String line = readLine();
    try {
      return Long.parseLong(line);
    } catch (NumberFormatException e) {
      throw new IOException("bad RESP number: " + line, e);
    }
  }

  private byte[] readExactly(int n) throws IOException {
    byte[] data = in.readNBytes(n);
    if (data.length != n) {
      throw new EOFException("connection closed by " + host + ":" + port + " in the middle of a reply");
    }
    return data;
  }

  private byte[] readBulkBody(long len) throws IOException {
    if (len > Integer.MAX_VALUE - 8) {
      throw new IOException("bulk too large: " + len);
    }
    byte[] data = readExactly((int) len);
    byte[] crlf = readExactly(2);
    if (crlf[0] != '\r' || crlf[1] != '\n') {
      throw new IOException("bulk of " + len + " bytes not followed by CRLF");
    }
    return data;
  }

  private List<Reply> readElements(long n) throws IOException {
    List<Reply> items = new ArrayList<>((int) Math.min(n, 1024));
    for (long i = 0; i < n; i++) {
      items.add(parse(readByte()));
    }
    return items;
  }

  private Reply parse(int type) throws IOException {
    switch (type) {
      case '+':
        return new Simple(readLine());
      case '-':
        return new Err(readLine());
      case ':':
        return new Int(readLong());
      case '$': {
        long len = readLong();
        return len < 0 ? Null.BULK : new Bulk(readBulkBody(len));
      }
      case '*': {
        long n = readLong();
        return n < 0 ? Null.ARRAY : new Arr(readElements(n));
      }
      case '_':
        readLine();
        return Null.RESP3;
      case ',':
        return new Dbl(readLine());
      case '#': {
        String v = readLine();
        if (!v.equals("t") && !v.equals("f")) {
          throw new IOException("bad RESP3 boolean: " + v);
        }
        return v.equals("t") ? Bool.TRUE : Bool.FALSE;
      }
      case '(':
        return new BigNum(readLine());
      case '!':
        return new Err(new String(readBulkBody(readLong()), StandardCharsets.UTF_8));
      case '=': {
        byte[] body = readBulkBody(readLong());
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.length() >= 4 && text.charAt(3) == ':') {
          return new Verbatim(text.substring(0, 3), text.substring(4));
        }
        return new Verbatim("", text);
      }
      case '%': {
        List<Reply> flat = readElements(readLong() * 2);
        return new RMap(pairs(flat));
      }
      case '~':
        return new RSet(readElements(readLong()));
      case '>':
        return new Push(readElements(readLong()));
      case '|': {
        List<Reply> flat = readElements(readLong() * 2);
        Reply value = parse(readByte());
        return new Attributed(pairs(flat), value);
      }
      default: {
        // Show what was there, to make protocol bugs easy to read in a failure.
        byte[] rest = in.available() > 0 ? in.readNBytes(Math.min(in.available(), 64)) : new byte[0];
        byte[] all = new byte[rest.length + 1];
        all[0] = (byte) type;
        System.arraycopy(rest, 0, all, 1, rest.length);
        throw new IOException("unknown RESP type byte in: " + Bulk.quote(all));
      }
    }
  }

  private static List<Pair> pairs(List<Reply> flat) {
    List<Pair> pairs = new ArrayList<>(flat.size() / 2);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      pairs.add(new Pair(flat.get(i), flat.get(i + 1)));
    }
    return pairs;
  }

  private void setSoTimeout(Duration d) {
    try {
      socket.setSoTimeout(millis(d));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int millis(Duration d) {
    long ms = d.toMillis();
    if (ms <= 0) {
      return 1;
    }
    return (int) Math.min(ms, Integer.MAX_VALUE);
  }

  // ================================================================ reply tree

  /**
   * A parsed reply. Implementations are immutable values: {@code equals} is exact wire-level
   * equality, {@code toString()} is readable and distinguishes every type.
   */
  public sealed interface Reply
      permits Simple, Err, Int, Bulk, Null, Arr, RMap, RSet, Dbl, Bool, BigNum, Verbatim, Push,
          Attributed {

    /** Text of a simple string, bulk, verbatim string, error, double or big number; else fails. */
    default String asString() {
      throw new IllegalStateException("not a string reply: " + this);
    }

    /** Value of an integer reply (or a bulk / simple string holding an integer); else fails. */
    default long asLong() {
      throw new IllegalStateException("not an integer reply: " + this);
    }

    /** Elements of an array, set or push reply; else fails. */
    default List<Reply> asList() {
      throw new IllegalStateException("not an aggregate reply: " + this);
    }

    default boolean isError() {
      return false;
    }

    default boolean isNull() {
      return false;
    }

    /** Applies {@code f} to every node bottom-up (children first), rebuilding aggregates. */
    default Reply transform(UnaryOperator<Reply> f) {
      return f.apply(this);
    }
  }

  /** RESP simple string {@code +OK}. */
  public record Simple(String value) implements Reply {
    @Override
    public String asString() {
      return value;
    }

    @Override
    public long asLong() {
      return Long.parseLong(value);
    }

    @Override
    public String toString() {
      return "+" + value;
    }
  }

  /** RESP error (simple {@code -} or RESP3 blob {@code !}), with its full text, e.g. {@code ERR syntax error}. */
  public record Err(String message) implements Reply {
    /** The first word, e.g. {@code ERR}, {@code WRONGTYPE}, {@code NOAUTH}. */
    public String code() {
      int sp = message.indexOf(' ');
      return sp < 0 ? message : message.substring(0, sp);
    }

    @Override
    public String asString() {
      return message;
    }

    @Override
    public boolean isError() {
      return true;
    }

    @Override
    public String toString() {
      return "-" + message;
    }
  }

  /** RESP integer {@code :42}. */
  public record Int(long value) implements Reply {
    @Override
    public long asLong() {
      return value;
    }

    @Override
    public String toString() {
      return ":" + value;
    }
  }

  /** RESP bulk string, as raw bytes. */
  public static final class Bulk implements Reply {
    private final byte[] bytes;

    public Bulk(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    public Bulk(String utf8) {
      this(utf8.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public String asString() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public long asLong() {
      return Long.parseLong(asString());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bulk b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return quote(bytes);
    }

    /** redis-cli style quoting: printable ASCII as is, {@code \n \r \t \" \\}, others as {@code \xNN}. */
    static String quote(byte[] data) {
      StringBuilder sb = new StringBuilder(data.length + 2).append('"');
      for (byte value : data) {
        int c = value & 0xff;
        switch (c) {
          case '\\' -> sb.append("\\\\");
          case '"' -> sb.append("\\\"");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c >= 0x20 && c < 0x7f) {
              sb.append((char) c);
            } else {
              sb.append(String.format("\\x%02x", c));
            }
          }
        }
      }
      return sb.append('"').toString();
    }
  }

  /** The three nulls: RESP2 null bulk {@code $-1}, RESP2 null array {@code *-1}, RESP3 null {@code _}. */
  public enum Null implements Reply {
    BULK("(nil)"),
    ARRAY("(nil array)"),
    RESP3("(null)");

    private final String shown;

    Null(String shown) {
      this.shown = shown;
    }

    @Override
    public boolean isNull() {
      return true;
    }

    @Override
    public String toString() {
      return shown;
    }
  }

  /** RESP array {@code *n}. */
  public record Arr(List<Reply> items) implements Reply {
    public Arr {
      items = List.copyOf(items);
    }

    @Override
    public List<Reply> asList() {
      return items;
    }

    @Override
    public Reply transform(UnaryOperator<Reply> f) {
      return f.apply(new Arr(items.stream().map(r -> r.transform(f)).toList()));
    }

    @Override
    public String toString() {
      return join("[", items, "]");
    }
  }

  /** A key/value entry of a RESP3 map or attribute. */
  public record Pair(Reply key, Reply value) {
    @Override
    public String toString() {
      return key + " => " + value;
    }
  }

  /** RESP3 map {@code %n}; entries keep the server's order (equality is order-sensitive). */
  public record RMap(List<Pair> entries) implements Reply {
    public RMap {
      entries = List.copyOf(entries);
    }

    /** The value of the first entry whose key's text is {@code key}, if any. */
    public Optional<Reply> get(String key) {
      for (Pair p : entries) {
        if (p.key() instanceof Simple || p.key() instanceof Bulk || p.key() instanceof Verbatim) {
          if (p.key().asString().equals(key)) {
            return Optional.of(p.value());
          }
        }
      }
      return Optional.empty();
    }

    @Override
    public Reply transform(UnaryOperator<Reply> f) {
      return f.apply(new RMap(entries.stream()
          .map(p -> new Pair(p.key().transform(f), p.value().transform(f))).toList()));
    }

    @Override
    public String toString() {
      return join("{", entries, "}");
    }
  }

  /** RESP3 set {@code ~n}; elements keep the server's order (equality is order-sensitive). */
  public record RSet(List<Reply> items) implements Reply {
    public RSet {
      items = List.copyOf(items);
    }

    @Override
    public List<Reply> asList() {
      return items;
    }

    @Override
    public Reply transform(UnaryOperator<Reply> f) {
      return f.apply(new RSet(items.stream().map(r -> r.transform(f)).toList()));
    }

    @Override
    public String toString() {
      return join("~{", items, "}");
    }
  }

  /** RESP3 double {@code ,3.14}, kept as the server's text so formatting differences show up. */
  public record Dbl(String text) implements Reply {
    public double value() {
      return switch (text) {
        case "inf", "+inf" -> Double.POSITIVE_INFINITY;
        case "-inf" -> Double.NEGATIVE_INFINITY;
        case "nan", "-nan" -> Double.NaN;
        default -> Double.parseDouble(text);
      };
    }

    @Override
    public String asString() {
      return text;
    }

    @Override
    public String toString() {
      return "," + text;
    }
  }

  /** RESP3 boolean {@code #t} / {@code #f}. */
  public enum Bool implements Reply {
    TRUE,
    FALSE;

    public boolean value() {
      return this == TRUE;
    }

    @Override
    public String toString() {
      return this == TRUE ? "#t" : "#f";
    }
  }

  /** RESP3 big number {@code (123...}. */
  public record BigNum(String text) implements Reply {
    @Override
    public String asString() {
      return text;
    }

    @Override
    public String toString() {
      return "(" + text;
    }
  }

  /** RESP3 verbatim string {@code =15\r\ntxt:...}; {@code format} is e.g. {@code txt} or {@code mkd}. */
  public record Verbatim(String format, String text) implements Reply {
    @Override
    public String asString() {
      return text;
    }

    @Override
    public String toString() {
      return "=" + format + ":" + Bulk.quote(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** RESP3 push {@code >n} (pub/sub messages, invalidations...). */
  public record Push(List<Reply> items) implements Reply {
    public Push {
      items = List.copyOf(items);
    }

    @Override
    public List<Reply> asList() {
      return items;
    }

    @Override
    public Reply transform(UnaryOperator<Reply> f) {
      return f.apply(new Push(items.stream().map(r -> r.transform(f)).toList()));
    }

    @Override
    public String toString() {
      return join(">[", items, "]");
    }
  }

  /** A RESP3 attribute {@code |n} followed by the reply it annotates. */
  public record Attributed(List<Pair> attributes, Reply value) implements Reply {
    public Attributed {
      attributes = List.copyOf(attributes);
      Objects.requireNonNull(value);
    }

    @Override
    public Reply transform(UnaryOperator<Reply> f) {
      return f.apply(new Attributed(attributes.stream()
          .map(p -> new Pair(p.key().transform(f), p.value().transform(f))).toList(),
          value.transform(f)));
    }

    @Override
    public String toString() {
      return join("|{", attributes, "}") + " " + value;
    }
  }

  private static String join(String open, List<?> items, String close) {
    StringBuilder sb = new StringBuilder(open);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(items.get(i));
    }
    return sb.append(close).toString();
  }

  // ---------------------------------------------------------------- building expected replies

  /** Shorthands for expected values in assertions, e.g. {@code assertThat(r).isEqualTo(Resp.bulk("v"))}. */
  public static Reply ok() {
    return new Simple("OK");
  }

  public static Reply simple(String s) {
    return new Simple(s);
  }

  public static Reply error(String message) {
    return new Err(message);
  }

  public static Reply integer(long v) {
    return new Int(v);
  }

  public static Reply bulk(String s) {
    return new Bulk(s);
  }

  public static Reply array(Reply... items) {
    return new Arr(Arrays.asList(items));
  }

  /** An array of bulk strings. */
  public static Reply bulks(String... items) {
    List<Reply> list = new ArrayList<>(items.length);
    for (String s : items) {
      list.add(new Bulk(s));
    }
    return new Arr(list);
  }

  public static Reply emptyArray() {
    return new Arr(Collections.emptyList());
  }
}
