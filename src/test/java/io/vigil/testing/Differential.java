package io.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.Resp.Arr;
import io.vigil.testing.Resp.Bulk;
import io.vigil.testing.Resp.Err;
import io.vigil.testing.Resp.Pair;
import io.vigil.testing.Resp.RMap;
import io.vigil.testing.Resp.RSet;
import io.vigil.testing.Resp.Reply;
import io.vigil.testing.Resp.Simple;
import io.vigil.testing.Resp.Verbatim;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * Runs the same commands against real Redis and Vigil and asserts the replies are equal.
 *
 * <pre>{@code
 * try (Differential diff = Differential.connect(redis, vigil)) {
 *   diff.check("SET", "k", "v");
 *   diff.check(Normalizer.sorted(), "SMEMBERS", "s");
 *   diff.checkAll(List.of(
 *       Differential.cmd("HELLO", "3").normalize(Normalizer.field("id", Normalizer.ignore())),
 *       Differential.cmd("GET", "k")));
 *   diff.script("""
 *       RPUSH l a b "c d"
 *       LRANGE l 0 -1
 *       """);
 * }
 * }</pre>
 *
 * <p>A mismatch fails with a message naming the command and both replies, raw and, if a
 * normalizer changed them, normalized. {@link #check} stops at the first mismatch;
 * {@link #checkAll} and {@link #script} run everything and report every mismatch at once.
 */
public final class Differential implements AutoCloseable {

  private final Resp redis;
  private final Resp vigil;
  private final boolean owned;
  private String redisLabel = "redis";
  private String vigilLabel = "vigil";
  private Normalizer defaultNormalizer = Normalizer.none();

  /** Compares replies of {@code redis} (the reference) with those of {@code vigil}. */
  public Differential(Resp redis, Resp vigil) {
    this(redis, vigil, false);
  }

  private Differential(Resp redis, Resp vigil, boolean owned) {
    this.redis = redis;
    this.vigil = vigil;
    this.owned = owned;
  }

  /** Opens one connection to each server; {@link #close()} closes them. */
  public static Differential connect(ServerProcess redis, ServerProcess vigil) {
    Resp a = redis.connect();
    try {
      return new Differential(a, vigil.connect(), true).labels(redis.name(), vigil.name());
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
  }

  /** Names used in failure messages (default {@code redis} and {@code vigil}). */
  public Differential labels(String redisName, String vigilName) {
    this.redisLabel = redisName;
    this.vigilLabel = vigilName;
    return this;
  }

  /** A normalizer applied to every reply before the per-command one. */
  public Differential defaultNormalizer(Normalizer n) {
    this.defaultNormalizer = n;
    return this;
  }

  public Resp redis() {
    return redis;
  }

  public Resp vigil() {
    return vigil;
  }

  // ================================================================ commands

  /** One command plus its normalizer. */
  public record Cmd(List<byte[]> args, Normalizer normalizer) {
    public Cmd {
      args = List.copyOf(args);
    }

    /** This command with {@code n} applied (after any normalizer it already has). */
    public Cmd normalize(Normalizer n) {
      return new Cmd(args, normalizer.andThen(n));
    }

    @Override
    public String toString() {
      return args.stream().map(Differential::show).collect(Collectors.joining(" "));
    }
  }

  /** A command to compare. */
  public static Cmd cmd(String... args) {
    return new Cmd(Arrays.stream(args).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(), Normalizer.none());
  }

  /** A command of raw byte arguments to compare. */
  public static Cmd cmd(byte[]... args) {
    return new Cmd(Arrays.asList(args), Normalizer.none());
  }

  /** Both replies to one command, unnormalized. */
  public record Replies(Reply redis, Reply vigil) {}

  /** Sends {@code args} to both servers and returns both replies without comparing them. */
  public Replies both(String... args) {
    return both(cmd(args));
  }

  public Replies both(Cmd cmd) {
    byte[][] raw = cmd.args().toArray(new byte[0][]);
    return new Replies(redis.send(raw), vigil.send(raw));
  }

  /** Runs the command on both servers, asserts equal replies, returns Redis' raw reply. */
  public Reply check(String... args) {
    return check(cmd(args));
  }

  /** Like {@link #check(String...)}, with a normalizer for this command. */
  public Reply check(Normalizer n, String... args) {
    return check(cmd(args).normalize(n));
  }

  public Reply check(Cmd cmd) {
    Replies r = both(cmd);
    compare(cmd.toString(), cmd.normalizer(), r).ifPresent(msg -> {
      throw new AssertionError(msg);
    });
    return r.redis();
  }

  /** Sends the same raw bytes to both servers, reads one reply from each, asserts they are equal. */
  public Reply checkRaw(byte[] bytes, Normalizer n) {
    Replies r = new Replies(redis.sendRaw(bytes).readReply(), vigil.sendRaw(bytes).readReply());
    compare("raw " + Bulk.quote(bytes), n, r).ifPresent(msg -> {
      throw new AssertionError(msg);
    });
    return r.redis();
  }

  public Reply checkRaw(byte[] bytes) {
    return checkRaw(bytes, Normalizer.none());
  }

  /** Runs every command and then fails once, listing every mismatch (if any). */
  public void checkAll(List<Cmd> cmds) {
    SoftAssertions soft = new SoftAssertions();
    for (Cmd cmd : cmds) {
      Replies r = both(cmd);
      compare(cmd.toString(), cmd.normalizer(), r).ifPresent(soft::fail);
    }
    soft.assertAll();
  }

  public void checkAll(Cmd... cmds) {
    checkAll(Arrays.asList(cmds));
  }

  /**
   * Runs a script of commands, one per line, split like redis-cli does ({@code "double quoted"}
   * with {@code \n \t \" \\ \xNN} escapes, {@code 'single quoted'}, bare words); blank lines and
   * lines starting with {@code #} are skipped. Every mismatch is reported at once.
   */
  public void script(String text) {
    List<Cmd> cmds = new ArrayList<>();
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      cmds.add(new Cmd(splitArgs(t), Normalizer.none()));
    }
    checkAll(cmds);
  }

  @Override
  public void close() {
    if (owned) {
      redis.close();
      vigil.close();
    }
  }

  private java.util.Optional<String> compare(String what, Normalizer n, Replies r) {
    Normalizer all = defaultNormalizer.andThen(n);
    Reply a = all.normalize(r.redis());
    Reply b = all.normalize(r.vigil());
    if (a.equals(b)) {
      return java.util.Optional.empty();
    }
    StringBuilder msg = new StringBuilder()
        .append("\nreplies differ for command: ").append(what).append('\n')
        .append("  ").append(redisLabel).append(": ").append(r.redis()).append('\n')
        .append("  ").append(vigilLabel).append(": ").append(r.vigil());
    if (!a.equals(r.redis()) || !b.equals(r.vigil())) {
      msg.append("\n  normalized ").append(redisLabel).append(": ").append(a)
          .append("\n  normalized ").append(vigilLabel).append(": ").append(b);
    }
    // Let AssertJ build the error so IDEs can show a diff of the two replies.
    try {
      assertThat(b.toString()).withFailMessage(msg.toString()).isEqualTo(a.toString());
    } catch (AssertionError e) {
      return java.util.Optional.of(e.getMessage());
    }
    return java.util.Optional.of(msg.toString()); // equal text but different structure
  }

  static String show(byte[] arg) {
    boolean plain = arg.length > 0;
    for (byte b : arg) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '\\') {
        plain = false;
        break;
      }
    }
    return plain ? new String(arg, StandardCharsets.US_ASCII) : Bulk.quote(arg);
  }

  /** Splits a command line like redis-cli / sdssplitargs. */
  public static List<byte[]> splitArgs(String line) {
    List<byte[]> out = new ArrayList<>();
    byte[] s = line.getBytes(StandardCharsets.UTF_8);
    int i = 0;
    while (true) {
      while (i < s.length && Character.isWhitespace(s[i])) {
        i++;
      }
      if (i >= s.length) {
        return out;
      }
      java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        if (inDouble) {
          if (i >= s.length) {
            throw new IllegalArgumentException("unbalanced quotes in: " + line);
          }
          byte c = s[i];
          if (c == '\\' && i + 3 < s.length && s[i + 1] == 'x' && isHex(s[i + 2]) && isHex(s[i + 3])) {
            cur.write(Integer.parseInt(new String(s, i + 2, 2, StandardCharsets.US_ASCII), 16));
            i += 3;
          } else if (c == '\\' && i + 1 < s.length) {
            i++;
            switch (s[i]) {
              case 'n' -> cur.write('\n');
              case 'r' -> cur.write('\r');
              case 't' -> cur.write('\t');
              case 'b' -> cur.write('\b');
              case 'a' -> cur.write(7);
              default -> cur.write(s[i]);
            }
          } else if (c == '"') {
            if (i + 1 < s.length && !Character.isWhitespace(s[i + 1])) {
              throw new IllegalArgumentException("closing quote must be followed by a space in: " + line);
            }
            done = true;
          } else {
            cur.write(c);
          }
        } else if (inSingle) {
          if (i >= s.length) {
            throw new IllegalArgumentException("unbalanced quotes in: " + line);
          }
          byte c = s[i];
          if (c == '\\' && i + 1 < s.length && s[i + 1] == '\'') {
            i++;
            cur.write('\'');
          } else if (c == '\'') {
            if (i + 1 < s.length && !Character.isWhitespace(s[i + 1])) {
              throw new IllegalArgumentException("closing quote must be followed by a space in: " + line);
            }
            done = true;
          } else {
            cur.write(c);
          }
        } else {
          if (i >= s.length) {
            done = true;
            break;
          }
          byte c = s[i];
          if (Character.isWhitespace(c)) {
            done = true;
          } else if (c == '"') {
            inDouble = true;
          } else if (c == '\'') {
            inSingle = true;
          } else {
            cur.write(c);
          }
        }
        if (i < s.length) {
          i++;
        }
      }
      out.add(cur.toByteArray());
    }
  }

  private static boolean isHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  // ================================================================ normalizers

  /**
   * Rewrites a reply before comparison, for parts that legitimately differ between servers
   * (run ids, timings, ports, hash ordering...). Applied to both replies alike.
   */
  @FunctionalInterface
  public interface Normalizer {
    Reply normalize(Reply reply);

    default Normalizer andThen(Normalizer next) {
      return r -> next.normalize(normalize(r));
    }

    /** Leaves the reply alone. */
    static Normalizer none() {
      return r -> r;
    }

    /** Replaces the whole reply with a placeholder: only "it answered without a connection error" is compared. */
    static Normalizer ignore() {
      return r -> new Simple("<ignored>");
    }

    /** Keeps only the types and shape (aggregate sizes), not the values. */
    static Normalizer shape() {
      return r -> r.transform(n -> {
        if (n instanceof Arr || n instanceof RMap || n instanceof RSet || n instanceof Resp.Push
            || n instanceof Resp.Attributed || n instanceof Resp.Null) {
          return n;
        }
        return new Simple("<" + n.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ">");
      });
    }

    /** Sorts arrays, sets and map entries (at every level) by their text: for unordered replies. */
    static Normalizer sorted() {
      Comparator<Object> byText = Comparator.comparing(Object::toString);
      return r -> r.transform(n -> {
        if (n instanceof Arr a) {
          return new Arr(a.items().stream().sorted(byText).toList());
        }
        if (n instanceof RSet set) {
          return new RSet(set.items().stream().sorted(byText).toList());
        }
        if (n instanceof RMap m) {
          return new RMap(m.entries().stream().sorted(byText).toList());
        }
        return n;
      });
    }

    /**
     * Sorts a flat array of key/value pairs (RESP2 HGETALL, CONFIG GET...) by pair, and a RESP3
     * map by key; nested replies are left alone.
     */
    static Normalizer sortedPairs() {
      return r -> {
        if (r instanceof Arr a && a.items().size() % 2 == 0) {
          List<List<Reply>> pairs = new ArrayList<>();
          for (int i = 0; i < a.items().size(); i += 2) {
            pairs.add(List.of(a.items().get(i), a.items().get(i + 1)));
          }
          pairs.sort(Comparator.comparing(Object::toString));
          return new Arr(pairs.stream().flatMap(List::stream).toList());
        }
        if (r instanceof RMap m) {
          return new RMap(m.entries().stream().sorted(Comparator.comparing(Object::toString)).toList());
        }
        return r;
      };
    }

    /** Compares errors by their code only ({@code ERR}, {@code WRONGTYPE}...), at any level. */
    static Normalizer errorCode() {
      return r -> r.transform(n -> n instanceof Err e ? new Err(e.code()) : n);
    }

    /** Regex replace in the text of simple strings, bulk strings, verbatim strings and errors, at any level. */
    static Normalizer replaceAll(String regex, String replacement) {
      Pattern p = Pattern.compile(regex);
      return r -> r.transform(n -> {
        if (n instanceof Simple s) {
          return new Simple(p.matcher(s.value()).replaceAll(replacement));
        }
        if (n instanceof Err e) {
          return new Err(p.matcher(e.message()).replaceAll(replacement));
        }
        if (n instanceof Bulk b) {
          return new Bulk(p.matcher(b.asString()).replaceAll(replacement));
        }
        if (n instanceof Verbatim v) {
          return new Verbatim(v.format(), p.matcher(v.text()).replaceAll(replacement));
        }
        return n;
      });
    }

    /**
     * Applies {@code n} to the value under {@code key} in a RESP3 map, or in a flat RESP2
     * key/value array (HELLO, CONFIG GET, XINFO...), at any level.
     */
    static Normalizer field(String key, Normalizer n) {
      return r -> r.transform(node -> {
        if (node instanceof RMap m) {
          return new RMap(m.entries().stream()
              .map(p -> isText(p.key(), key) ? new Pair(p.key(), n.normalize(p.value())) : p).toList());
        }
        if (node instanceof Arr a && a.items().size() % 2 == 0) {
          List<Reply> items = new ArrayList<>(a.items());
          boolean changed = false;
          for (int i = 0; i < items.size(); i += 2) {
            if (isText(items.get(i), key)) {
              items.set(i + 1, n.normalize(items.get(i + 1)));
              changed = true;
            }
          }
          return changed ? new Arr(items) : a;
        }
        return node;
      });
    }

    /** In INFO-style text ({@code name:value} lines), replaces the values of the named fields with {@code <ignored>}. */
    static Normalizer infoFields(String... names) {
      Set<String> set = Set.of(names);
      Pattern line = Pattern.compile("(?m)^([A-Za-z0-9_]+):(.*?)(\r?)$");
      return r -> r.transform(node -> {
        if (node instanceof Bulk || node instanceof Verbatim) {
          Matcher m = line.matcher(node.asString());
          StringBuilder sb = new StringBuilder();
          while (m.find()) {
            String v = set.contains(m.group(1)) ? "<ignored>" : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + ":" + v + m.group(3)));
          }
          m.appendTail(sb);
          return node instanceof Verbatim vb ? new Verbatim(vb.format(), sb.toString()) : new Bulk(sb.toString());
        }
        return node;
      });
    }

    /** INFO-style text reduced to its section headers and field names, in order (values dropped). */
    static Normalizer infoFieldNames() {
      return r -> {
        if (r instanceof Bulk || r instanceof Verbatim) {
          List<Reply> names = new ArrayList<>();
          for (String l : r.asString().split("\r?\n")) {
            if (l.startsWith("#")) {
              names.add(new Simple(l.strip()));
            } else if (l.indexOf(':') > 0) {
              names.add(new Simple(l.substring(0, l.indexOf(':'))));
            }
          }
          return new Arr(names);
        }
        return r;
      };
    }

    private static boolean isText(Reply r, String text) {
      return (r instanceof Simple || r instanceof Bulk || r instanceof Verbatim) && r.asString().equals(text);
    }
  }
}
