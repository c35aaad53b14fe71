package io.vigil.config;

import io.vigil.util.Glob;
import io.vigil.util.RedisArgs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link Config} from {@code redis-server}-style command-line arguments and config
 * files, with Redis 7.0's rules and error messages.
 *
 * <p>Argument forms ({@code argv} excludes the program name):
 * <pre>
 * vigil-server [/path/to/redis.conf] [--directive value ...]... [-]
 * vigil-server -v | --version
 * vigil-server -h | --help
 * </pre>
 * The file is read first, then (with {@code -} as the first or last argument) standard input,
 * then the {@code --name args} options as extra lines, each argument quoted; so line numbers in
 * errors count file lines first. {@code --save} without a value means {@code save ""};
 * {@code --sentinel} is reported in {@link LoadResult#sentinelMode()} (the caller decides what
 * to do) and allows {@code sentinel} lines.
 *
 * <p>Config lines are split with {@link RedisArgs#split}; blank lines and lines starting with
 * {@code #} are ignored; {@code include} (paths relative to the current {@code dir}, glob
 * patterns allowed) loads another file whose errors report that file's line numbers.
 *
 * <p>Errors are {@link ConfigException}s whose message is Redis's text, normally the fatal block:
 * <pre>
 * *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
 * Reading the configuration file, at line 2
 * &gt;&gt;&gt; 'port "abc"'
 * argument couldn't be parsed into an integer
 * </pre>
 * The caller prints {@link ConfigException#stderrText()} and exits with status 1.
 */
public final class ConfigLoader {

    /** The Redis version quoted in fatal config errors. */
    public static final String REDIS_VERSION = "7.0.15";

    private static final int MAX_INCLUDE_DEPTH = 64;

    private ConfigLoader() {
    }

    /**
     * Validation hooks for directives whose meaning belongs to other subsystems. Each returns
     * null to accept or the error reason printed in the fatal block.
     */
    public interface LoadHooks {

        /**
         * Checks {@code rename-command <name> <newName>} (called in file order, so it can track
         * renames). Redis's reasons: {@code No such command in rename-command},
         * {@code Target command name already exists}.
         *
         * @param name    the command to rename
         * @param newName the new name, empty to disable the command
         * @return null or the error reason
         */
        default String checkRenameCommand(String name, String newName) {
            return null;
        }

        /**
         * Checks the arguments of a {@code user} line (user name first). Redis's reason for a
         * bad rule is {@code Error in user declaration 'user': Syntax error}. Duplicate users
         * are detected by the loader itself.
         *
         * @param args the arguments
         * @return null or the error reason
         */
        default String checkUser(List<String> args) {
            return null;
        }

        /**
         * The stream read for the {@code -} argument.
         *
         * @return standard input by default
         */
        default InputStream stdin() {
            return System.in;
        }
    }

    /** Hooks that accept everything and read the real standard input. */
    public static final LoadHooks DEFAULT_HOOKS = new LoadHooks() {
    };

    /**
     * The outcome of {@link #load}.
     *
     * @param config           the configuration (null when only version or help was asked)
     * @param configFile       the absolute path of the config file, or null
     * @param sentinelMode     whether {@code --sentinel} was given
     * @param readStdin        whether the configuration was also read from standard input
     * @param versionRequested {@code -v}/{@code --version}: print the version, exit 0
     * @param helpRequested    {@code -h}/{@code --help}: print {@link #usage()}, exit 1
     */
    public record LoadResult(Config config, Path configFile, boolean sentinelMode,
                             boolean readStdin, boolean versionRequested, boolean helpRequested) {
    }

    /**
     * Loads the configuration from command-line arguments with {@link #DEFAULT_HOOKS}.
     *
     * @param argv the arguments, without the program name
     * @return the result
     * @throws ConfigException with Redis's error text
     */
    public static LoadResult load(String[] argv) throws ConfigException {
        return load(argv, DEFAULT_HOOKS);
    }

    /**
     * Loads the configuration from command-line arguments.
     *
     * @param argv  the arguments, without the program name (as given to {@code main}; they are
     *              converted to byte strings with the platform charset)
     * @param hooks validation hooks
     * @return the result
     * @throws ConfigException with Redis's error text
     */
    public static LoadResult load(String[] argv, LoadHooks hooks) throws ConfigException {
        String[] args = new String[argv.length];
        Charset native_ = nativeCharset();
        for (int i = 0; i < argv.length; i++) {
            args[i] = new String(argv[i].getBytes(native_), StandardCharsets.ISO_8859_1);
        }
        int n = args.length;
        boolean sentinel = false;
        for (String a : args) {
            if (a.equals("--sentinel")) {
                sentinel = true;
            }
        }
        int j = 0;
        String configFileArg = null;
        if (n >= 1) {
            String a0 = args[0];
            if (a0.equals("-v") || a0.equals("--version")) {
                return new LoadResult(null, null, sentinel, false, true, false);
            }
            if (a0.equals("-h") || a0.equals("--help")) {
                return new LoadResult(null, null, sentinel, false, false, true);
            }
            if (!a0.startsWith("-")) {
                configFileArg = a0;
                j = 1;
            }
        }
        boolean fromStdin = false;
        boolean handledLast = true;
        StringBuilder options = new StringBuilder();
        for (; j < n; j++) {
            String a = args[j];
            if (a.equals("-") && (j == 0 || j == n - 1)) {
                fromStdin = true;
            } else if (handledLast && a.startsWith("--")) {
                if (options.length() > 0) {
                    options.append('\n');
                }
                options.append(a, 2, a.length()).append(' ');
                List<String> parts = RedisArgs.split(a);
                if (parts != null && parts.size() == 1) {
                    handledLast = false;
                    boolean last = j == n - 1;
                    boolean nextIsOption = !last && args[j + 1].startsWith("--");
                    if (a.equalsIgnoreCase("--save")) {
                        if (nextIsOption) {
                            options.append("\"\"");
                            handledLast = true;
                        } else if (last) {
                            options.append("\"\"");
                        }
                    } else if (a.equalsIgnoreCase("--sentinel") && nextIsOption) {
                        handledLast = true;
                    }
                } else {
                    handledLast = true;
                }
            } else {
                options.append(RedisArgs.repr(a)).append(' ');
                handledLast = true;
            }
        }

        Config cfg = Config.defaults();
        Loader loader = new Loader(cfg, sentinel, hooks);
        StringBuilder content = new StringBuilder();
        Path configPath = null;
        if (configFileArg != null) {
            configPath = Paths.get(Types.fromByteString(configFileArg)).toAbsolutePath();
            cfg.setConfigFile(configPath);
            loader.appendFile(configFileArg, content);
        }
        if (fromStdin) {
            try {
                content.append(new String(hooks.stdin().readAllBytes(),
                        StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new ConfigException("Fatal error, can't read config from stdin: "
                        + e.getMessage());
            }
        }
        content.append('\n').append(options);
        loader.parse(content.toString(), 0);
        loader.finish();
        return new LoadResult(cfg, configPath, sentinel, fromStdin, false, false);
    }

    /**
     * Builds a configuration from config-file text (as if it were a config file's content,
     * but with no file remembered for {@code CONFIG REWRITE}).
     *
     * @param text the configuration text
     * @return the configuration
     * @throws ConfigException with Redis's error text
     */
    public static Config fromString(String text) throws ConfigException {
        return fromString(text, DEFAULT_HOOKS, false);
    }

    /**
     * Builds a configuration from config-file text.
     *
     * @param text         the configuration text (byte string)
     * @param hooks        validation hooks
     * @param sentinelMode whether {@code sentinel} lines are allowed
     * @return the configuration
     * @throws ConfigException with Redis's error text
     */
    public static Config fromString(String text, LoadHooks hooks, boolean sentinelMode)
            throws ConfigException {
        Config cfg = Config.defaults();
        Loader loader = new Loader(cfg, sentinelMode, hooks);
        loader.parse(text, 0);
        loader.finish();
        return cfg;
    }

    /**
     * The usage text {@code -h} prints (to standard error, before exiting with status 1).
     *
     * @return the text, ending with a newline
     */
    public static String usage() {
        String p = "./vigil-server";
        return "Usage: " + p + " [/path/to/redis.conf] [options] [-]\n"
                + "       " + p + " - (read config from stdin)\n"
                + "       " + p + " -v or --version\n"
                + "       " + p + " -h or --help\n"
                + "\n"
                + "Examples:\n"
                + "       " + p + " (run the server with default conf)\n"
                + "       echo 'maxmemory 128mb' | " + p + " -\n"
                + "       " + p + " /etc/redis/6379.conf\n"
                + "       " + p + " --port 7777\n"
                + "       " + p + " --port 7777 --replicaof 127.0.0.1 8888\n"
                + "       " + p + " /etc/myredis.conf --loglevel verbose -\n"
                + "       " + p + " /etc/myredis.conf --loglevel verbose\n"
                + "\n"
                + "Sentinel mode:\n"
                + "       " + p + " /etc/sentinel.conf --sentinel\n";
    }

    /** Trims spaces, tabs, CR and LF at both ends, as Redis trims config lines. */
    static String trim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isTrim(s.charAt(b))) {
            b++;
        }
        while (e > b && isTrim(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    private static boolean isTrim(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static Charset nativeCharset() {
        String enc = System.getProperty("sun.jnu.encoding");
        try {
            return enc == null ? Charset.defaultCharset() : Charset.forName(enc);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    static String fatal(int line, String text, String reason) {
        return "*** FATAL CONFIG FILE ERROR (Redis " + REDIS_VERSION + ") ***\n"
                + "Reading the configuration file, at line " + line + "\n"
                + ">>> '" + text + "'\n"
                + reason;
    }

    /** The state of one load: options seen, users declared, include depth. */
    private static final class Loader {
        private final Config cfg;
        private final boolean sentinelMode;
        private final LoadHooks hooks;
        private final Set<Option<?>> seen = new HashSet<>();
        private final Set<String> users = new HashSet<>();

        Loader(Config cfg, boolean sentinelMode, LoadHooks hooks) {
            this.cfg = cfg;
            this.sentinelMode = sentinelMode;
            this.hooks = hooks;
        }

        /** Reads a file (or the files a glob pattern matches) into {@code out}. */
        void appendFile(String name, StringBuilder out) throws ConfigException {
            for (Path p : resolve(name)) {
                try {
                    out.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new ConfigException("Fatal error, can't open config file '" + name
                            + "': " + strerror(e));
                }
            }
        }

        private List<Path> resolve(String name) throws ConfigException {
            Path base = Types.fsPath(cfg.get(Options.DIR));
            String fsName = Types.fromByteString(name);
            if (!Glob.hasSpecialChars(fsName)) {
                return List.of(base.resolve(fsName));
            }
            try {
                List<Path> found = globFiles(base, fsName);
                found.sort(null);
                return found;
            } catch (IOException e) {
                throw new ConfigException("Fatal error, can't open config file '" + name
                        + "': " + strerror(e));
            }
        }

        void parse(String content, int depth) throws ConfigException {
            if (content.isEmpty()) {
                return;
            }
            String[] lines = content.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = trim(lines[i]);
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                List<String> argv = RedisArgs.split(line);
                if (argv == null) {
                    throw fatalAt(i, line, "Unbalanced quotes in configuration line");
                }
                if (argv.isEmpty()) {
                    continue;
                }
                String name = Types.lowerAscii(argv.get(0));
                List<String> args = argv.subList(1, argv.size());
                String err = directive(name, args, depth);
                if (err != null) {
                    throw fatalAt(i, line, err);
                }
            }
        }

        private ConfigException fatalAt(int i, String line, String reason) {
            return new ConfigException(fatal(i + 1, line, reason), true);
        }

        /** Applies one directive; returns an error reason or null. */
        private String directive(String name, List<String> args, int depth)
                throws ConfigException {
            Option<?> o = Options.byName(name);
            if (o != null) {
                if (!o.type().multiArg() && args.size() != 1) {
                    return "wrong number of arguments";
                }
                if (o.type().multiArg() && args.size() == 1 && !args.get(0).isEmpty()) {
                    // a single non-empty argument of a multi-argument option is split again
                    List<String> split = RedisArgs.split(args.get(0));
                    args = split == null ? List.of() : split;
                }
                boolean first = seen.add(o);
                try {
                    cfg.loadFileValue(o, args, first);
                } catch (ConfigException e) {
                    return e.getMessage();
                }
                return null;
            }
            switch (name) {
                case "include":
                    if (args.size() != 1) {
                        return "Bad directive or wrong number of arguments";
                    }
                    if (depth >= MAX_INCLUDE_DEPTH) {
                        throw new ConfigException("Fatal error, can't open config file '"
                                + args.get(0) + "': Too many levels of include");
                    }
                    cfg.addInclude(args.get(0));
                    for (Path p : resolve(args.get(0))) {
                        String text;
                        try {
                            text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                        } catch (IOException e) {
                            throw new ConfigException("Fatal error, can't open config file '"
                                    + args.get(0) + "': " + strerror(e));
                        }
                        parse(text, depth + 1);
                    }
                    return null;
                case "rename-command": {
                    if (args.size() != 2) {
                        return "Bad directive or wrong number of arguments";
                    }
                    String err = hooks.checkRenameCommand(args.get(0), args.get(1));
                    if (err != null) {
                        return err;
                    }
                    cfg.addRenameCommand(args);
                    return null;
                }
                case "user": {
                    if (args.isEmpty()) {
                        return "Bad directive or wrong number of arguments";
                    }
                    String err = hooks.checkUser(args);
                    if (err != null) {
                        return err;
                    }
                    if (!users.add(args.get(0))) {
                        return "Error in user declaration '" + args.get(0) + "': Duplicate user "
                                + "found. A user can only be defined once in config files";
                    }
                    cfg.addUserLine(args);
                    return null;
                }
                case "loadmodule":
                    if (args.isEmpty()) {
                        return "Bad directive or wrong number of arguments";
                    }
                    cfg.addLoadModule(args);
                    return null;
                case "sentinel":
                    if (args.isEmpty()) {
                        return null;
                    }
                    if (!sentinelMode) {
                        return "sentinel directive while not in sentinel mode";
                    }
                    cfg.addSentinelLine(args);
                    return null;
                default:
                    break;
            }
            if (Options.DEPRECATED_DIRECTIVES.contains(name)) {
                return args.size() == 1 ? null : "Bad directive or wrong number of arguments";
            }
            if (name.indexOf('.') >= 0) {
                if (args.isEmpty()) {
                    return "Module config specified without value";
                }
                List<String> all = new ArrayList<>();
                all.add(name);
                all.addAll(args);
                cfg.addModuleConfig(all);
                return null;
            }
            return "Bad directive or wrong number of arguments";
        }

        /** Checks done after all lines, as Redis does (the log file must be openable). */
        void finish() throws ConfigException {
            String logfile = cfg.get(Options.LOGFILE);
            if (!logfile.isEmpty()) {
                Path p = Types.fsPath(cfg.get(Options.DIR)).resolve(Types.fromByteString(logfile));
                try (OutputStream os = Files.newOutputStream(p, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
                    os.flush();
                } catch (IOException e) {
                    throw new ConfigException("*** FATAL CONFIG FILE ERROR (Redis " + REDIS_VERSION
                            + ") ***\nCan't open the log file: " + strerror(e), true);
                }
            }
        }
    }

    /** Lists the regular files matching a glob pattern (wildcards allowed in any component). */
    static List<Path> globFiles(Path base, String pattern) throws IOException {
        Path pat = Paths.get(pattern);
        Path start;
        if (pat.isAbsolute()) {
            start = pat.getRoot();
        } else {
            start = base;
        }
        List<Path> current = new ArrayList<>();
        current.add(start);
        int count = pat.getNameCount();
        for (int k = 0; k < count; k++) {
            String comp = pat.getName(k).toString();
            boolean lastComp = k == count - 1;
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!Glob.hasSpecialChars(comp)) {
                    Path p = dir.resolve(comp);
                    if (lastComp ? Files.isRegularFile(p) : Files.isDirectory(p)) {
                        next.add(p);
                    }
                    continue;
                }
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path child : ds) {
                        String fn = child.getFileName().toString();
                        if (fn.startsWith(".") && !comp.startsWith(".")) {
                            continue;
                        }
                        if (!Glob.match(comp, fn, false)) {
                            continue;
                        }
                        if (lastComp ? Files.isRegularFile(child) : Files.isDirectory(child)) {
                            next.add(child);
                        }
                    }
                }
            }
            current = next;
        }
        return current;
    }

    static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException) {
            String r = ((FileSystemException) e).getReason();
            if (r != null) {
                if (r.contains("Is a directory")) {
                    return "Is a directory";
                }
                return r;
            }
        }
        return e.getMessage() == null ? "Input/output error" : e.getMessage();
    }
}
