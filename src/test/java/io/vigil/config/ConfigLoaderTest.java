package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading from argv and files; every expected text was produced by redis-server 7.0.15. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static String block(int line, String text, String reason) {
        return "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line " + line + "\n"
                + ">>> '" + text + "'\n" + reason;
    }

    private int files;

    private String file(String content) throws Exception {
        Path p = dir.resolve("redis" + (files++) + ".conf");
        Files.writeString(p, content, StandardCharsets.ISO_8859_1);
        return p.toString();
    }

    private static String loadError(String... argv) {
        try {
            ConfigLoader.load(argv);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        return "OK";
    }

    private static String[] argv(String first, String... rest) {
        String[] a = new String[rest.length + 1];
        a[0] = first;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }

    @Test
    void fatalBlockShape() throws Exception {
        String f = file("# comment\nport \"abc\"\n");
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions
                .catchThrowable(() -> ConfigLoader.load(new String[] {f}));
        assertThat(e.getMessage()).isEqualTo(
                block(2, "port \"abc\"", "argument couldn't be parsed into an integer"));
        assertThat(e.isFatalBlock()).isTrue();
        assertThat(e.stderrText()).isEqualTo("\n" + e.getMessage() + "\n");
        assertThat(loadError(file("foo bar\n")))
                .isEqualTo(block(1, "foo bar", "Bad directive or wrong number of arguments"));
        assertThat(loadError(file("port \"abc\n")))
                .isEqualTo(block(1, "port \"abc", "Unbalanced quotes in configuration line"));
        assertThat(loadError(file("port 'ab'c\n")))
                .isEqualTo(block(1, "port 'ab'c", "Unbalanced quotes in configuration line"));
        assertThat(loadError(file("timeout 1 2\n")))
                .isEqualTo(block(1, "timeout 1 2", "wrong number of arguments"));
    }

    @Test
    void commandLineOptionsAreAppendedAfterTheFile() throws Exception {
        String noNl = file("port 7460");
        assertThat(loadError(noNl, "--timeout", "x"))
                .isEqualTo(block(2, "timeout \"x\"", "argument couldn't be parsed into an integer"));
        String nl = file("port 7460\n");
        assertThat(loadError(nl, "--timeout", "x"))
                .isEqualTo(block(3, "timeout \"x\"", "argument couldn't be parsed into an integer"));
        assertThat(loadError(file("\n\n"), "--port", "abc"))
                .isEqualTo(block(4, "port \"abc\"", "argument couldn't be parsed into an integer"));
        assertThat(loadError(file("\n\n"), "--foo", "1"))
                .isEqualTo(block(4, "foo \"1\"", "Bad directive or wrong number of arguments"));
        assertThat(loadError("--port", "7460", "--timeout", "abc"))
                .isEqualTo(block(3, "timeout \"abc\"", "argument couldn't be parsed into an integer"));
        assertThat(loadError("--port", "abc"))
                .isEqualTo(block(2, "port \"abc\"", "argument couldn't be parsed into an integer"));
        assertThat(loadError(nl, "--maxmemory", "1", "--timeout", "a\"b\\n c", "--x"))
                .isEqualTo(block(4, "timeout \"a\\\"b\\\\n c\"",
                        "argument couldn't be parsed into an integer"));
        assertThat(loadError(nl, "--replicaof", "127.0.0.1", "x y", "--foo"))
                .isEqualTo(block(3, "replicaof \"127.0.0.1\" \"x y\"", "Invalid master port"));
        assertThat(loadError(nl, "--timeout"))
                .isEqualTo(block(3, "timeout", "wrong number of arguments"));
        assertThat(loadError(nl, "--timeout", "1", "2", "3"))
                .isEqualTo(block(3, "timeout \"1\" \"2\" \"3\"", "wrong number of arguments"));
        assertThat(loadError(nl, "--save", "--timeout", "x"))
                .isEqualTo(block(4, "timeout \"x\"", "argument couldn't be parsed into an integer"));
        assertThat(loadError(nl, "--timeout", "--5"))
                .isEqualTo(block(3, "timeout \"--5\"", "argument couldn't be parsed into an integer"));
        assertThat(loadError(nl, "--timeout 5", "--port", "x"))
                .isEqualTo(block(4, "port \"x\"", "argument couldn't be parsed into an integer"));
        assertThat(loadError(nl, "--port", "7460", "extra1"))
                .isEqualTo(block(3, "port \"7460\" \"extra1\"", "wrong number of arguments"));
        assertThat(loadError(nl, "other.conf"))
                .isEqualTo(block(3, "\"other.conf\"", "Module config specified without value"));
        assertThat(loadError("--timeout", "x", nl))
                .isEqualTo(block(2, "timeout \"x\" \"" + nl + "\"", "wrong number of arguments"));
        assertThat(loadError(nl, "--sentinel", "--timeout", "x"))
                .isEqualTo(block(4, "timeout \"x\"", "argument couldn't be parsed into an integer"));
        assertThat(loadError(nl, "--timeout  x  y"))
                .isEqualTo(block(3, "timeout  x  y", "wrong number of arguments"));
        assertThat(loadError(nl, "--", "x"))
                .isEqualTo(block(3, "\"x\"", "Bad directive or wrong number of arguments"));
        assertThat(loadError(nl, "--timeout", "'"))
                .isEqualTo(block(3, "timeout \"'\"", "argument couldn't be parsed into an integer"));
    }

    @Test
    void commandLineValues() throws Exception {
        ConfigLoader.LoadResult r = ConfigLoader.load(new String[] {"--port", "6380", "--bind",
            "127.0.0.2", "--replicaof", "127.0.0.1", "7499", "--save", "", "--loglevel", "verbose"});
        Config c = r.config();
        assertThat(c.get(Options.PORT)).isEqualTo(6380);
        assertThat(c.get(Options.BIND)).containsExactly("127.0.0.2");
        assertThat(c.get(Options.REPLICAOF)).isEqualTo(new ReplicaOf("127.0.0.1", 7499));
        assertThat(c.get(Options.SAVE)).isEmpty();
        assertThat(c.get(Options.LOGLEVEL)).isEqualTo("verbose");
        assertThat(r.configFile()).isNull();
        assertThat(c.configFile()).isNull();
        assertThat(r.sentinelMode()).isFalse();

        c = ConfigLoader.load(new String[] {"--save"}).config();
        assertThat(c.get(Options.SAVE)).isEmpty();
        c = ConfigLoader.load(new String[] {"--save", "60 1", "--bind", "127.0.0.1 ::1"}).config();
        assertThat(c.getString("save")).isEqualTo("60 1");
        assertThat(c.get(Options.BIND)).containsExactly("127.0.0.1", "::1");
        String f = file("save 1 1\n");
        c = ConfigLoader.load(new String[] {f, "--save", "2", "2"}).config();
        assertThat(c.getString("save")).isEqualTo("1 1 2 2");
        c = ConfigLoader.load(new String[] {f, "--save", ""}).config();
        assertThat(c.getString("save")).isEmpty();
        ConfigLoader.LoadResult withFile = ConfigLoader.load(new String[] {f});
        assertThat(withFile.configFile()).isEqualTo(Path.of(f).toAbsolutePath());
        assertThat(withFile.config().configFile()).isEqualTo(Path.of(f).toAbsolutePath());
    }

    @Test
    void versionAndHelp() {
        assertThat(loadResult("-v").versionRequested()).isTrue();
        assertThat(loadResult("--version").versionRequested()).isTrue();
        assertThat(loadResult("-h").helpRequested()).isTrue();
        assertThat(loadResult("--help").helpRequested()).isTrue();
        assertThat(loadResult("--help").config()).isNull();
        assertThat(loadError("--port", "7460", "-v"))
                .isEqualTo(block(2, "port \"7460\" \"-v\"", "wrong number of arguments"));
        assertThat(ConfigLoader.usage()).startsWith("Usage: ./vigil-server [/path/to/redis.conf]");
    }

    private static ConfigLoader.LoadResult loadResult(String... argv) {
        try {
            return ConfigLoader.load(argv);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static ConfigLoader.LoadHooks stdin(String text) {
        return new ConfigLoader.LoadHooks() {
            @Override
            public InputStream stdin() {
                return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
            }
        };
    }

    private static String loadError(ConfigLoader.LoadHooks hooks, String... argv) {
        try {
            ConfigLoader.load(argv, hooks);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        return "OK";
    }

    @Test
    void stdinIsReadAfterTheFile() throws Exception {
        String bad = "argument couldn't be parsed into an integer";
        assertThat(loadError(stdin("timeout abc\n"), "-"))
                .isEqualTo(block(1, "timeout abc", bad));
        String nl = file("port 7460\n");
        assertThat(loadError(stdin("timeout abc\n"), nl, "-"))
                .isEqualTo(block(2, "timeout abc", bad));
        assertThat(loadError(stdin("timeout abc\n"), "-", "--port", "7460"))
                .isEqualTo(block(1, "timeout abc", bad));
        assertThat(loadError(stdin("timeout abc"), file("port 7460"), "-"))
                .isEqualTo(block(1, "port 7460timeout abc", "wrong number of arguments"));
        assertThat(loadError(stdin("timeout abc\n"), nl, "--timeout", "5", "-"))
                .isEqualTo(block(2, "timeout abc", bad));
        // "-" in the middle is an ordinary argument
        assertThat(loadError(stdin("timeout abc\n"), nl, "--timeout", "1", "-", "--maxmemory",
                "x")).isEqualTo(block(3, "timeout \"1\" \"-\"", "wrong number of arguments"));
        ConfigLoader.LoadResult r = ConfigLoader.load(new String[] {"-"}, stdin("port 7001\n"));
        assertThat(r.readStdin()).isTrue();
        assertThat(r.config().get(Options.PORT)).isEqualTo(7001);
    }

    @Test
    void includes() throws Exception {
        Path inc = Files.createDirectory(dir.resolve("inc"));
        Files.writeString(inc.resolve("a.conf"), "timeout 5\n");
        Files.writeString(inc.resolve("b.conf"), "timeout 6\nmaxmemory 1mb\n");
        Files.writeString(inc.resolve(".hidden.conf"), "timeout 99\n");
        Files.writeString(dir.resolve("inc2.conf"), "\ntimeout bad\n");
        Config c = ConfigLoader.load(new String[] {file("include " + inc + "/*.conf\n")}).config();
        assertThat(c.get(Options.TIMEOUT)).isEqualTo(6);
        assertThat(c.get(Options.MAXMEMORY)).isEqualTo(1L << 20);
        assertThat(c.includes()).containsExactly(inc + "/*.conf");
        c = ConfigLoader.load(new String[] {file("include " + inc + "/[a]*.conf\n")}).config();
        assertThat(c.get(Options.TIMEOUT)).isEqualTo(5);
        c = ConfigLoader.load(new String[] {file("include " + dir + "/nomatch*.conf\n")}).config();
        assertThat(c.get(Options.TIMEOUT)).isZero();
        // an error in an included file reports that file's line
        assertThat(loadError(file("port 7460\n\ninclude " + dir + "/inc2.conf\nport 7421\n")))
                .isEqualTo(block(2, "timeout bad", "argument couldn't be parsed into an integer"));
        // relative includes are resolved against the current dir
        c = ConfigLoader.load(new String[] {file("dir " + inc + "\ninclude a.conf\n")}).config();
        assertThat(c.get(Options.TIMEOUT)).isEqualTo(5);
        assertThat(loadError(file("include /nonexistent-vigil.conf\n"))).isEqualTo(
                "Fatal error, can't open config file '/nonexistent-vigil.conf': "
                        + "No such file or directory");
        assertThat(loadError("/nonexistent-vigil.conf")).isEqualTo(
                "Fatal error, can't open config file '/nonexistent-vigil.conf': "
                        + "No such file or directory");
        assertThat(loadError(file("include\n")))
                .isEqualTo(block(1, "include", "Bad directive or wrong number of arguments"));
        assertThat(loadError(file("include a b\n")))
                .isEqualTo(block(1, "include a b", "Bad directive or wrong number of arguments"));
        Path loop = dir.resolve("loop.conf");
        Files.writeString(loop, "include " + loop + "\n");
        assertThat(loadError(loop.toString())).startsWith("Fatal error, can't open config file");
    }

    @Test
    void sentinelLines() throws Exception {
        String f = file("port 7460\nsentinel monitor mymaster 127.0.0.1 6379 2\nsentinel\n");
        assertThat(loadError(f)).isEqualTo(block(2, "sentinel monitor mymaster 127.0.0.1 6379 2",
                "sentinel directive while not in sentinel mode"));
        ConfigLoader.LoadResult r = ConfigLoader.load(new String[] {f, "--sentinel"});
        assertThat(r.sentinelMode()).isTrue();
        assertThat(r.config().sentinelLines())
                .containsExactly(List.of("monitor", "mymaster", "127.0.0.1", "6379", "2"));
        assertThat(ConfigLoader.load(new String[] {file("sentinel\n")}).config().sentinelLines())
                .isEmpty();
    }

    @Test
    void specialDirectives() throws Exception {
        Config c = ConfigLoader.fromString("rename-command KEYS MYKEYS\nrename-command FLUSHALL \"\"\n"
                + "loadmodule /x/m.so a b\nfoo.bar 1 2\nlist-max-ziplist-entries 5\n"
                + "list-max-ziplist-value 5\nlua-replicate-commands yes\nuser bob on\n");
        assertThat(c.renameCommands()).containsExactly(List.of("KEYS", "MYKEYS"),
                List.of("FLUSHALL", ""));
        assertThat(c.loadModules()).containsExactly(List.of("/x/m.so", "a", "b"));
        assertThat(c.moduleConfigs()).containsExactly(List.of("foo.bar", "1", "2"));
        assertThat(c.userLines()).containsExactly(List.of("bob", "on"));
        String bad = "Bad directive or wrong number of arguments";
        assertThat(fromStringError("rename-command get\n")).isEqualTo(block(1, "rename-command get", bad));
        assertThat(fromStringError("rename-command a b c\n"))
                .isEqualTo(block(1, "rename-command a b c", bad));
        assertThat(fromStringError("user\n")).isEqualTo(block(1, "user", bad));
        assertThat(fromStringError("loadmodule\n")).isEqualTo(block(1, "loadmodule", bad));
        assertThat(fromStringError("list-max-ziplist-entries\n"))
                .isEqualTo(block(1, "list-max-ziplist-entries", bad));
        assertThat(fromStringError("list-max-ziplist-value 5 6\n"))
                .isEqualTo(block(1, "list-max-ziplist-value 5 6", bad));
        assertThat(fromStringError("foo.bar\n"))
                .isEqualTo(block(1, "foo.bar", "Module config specified without value"));
        assertThat(fromStringError("user foo on\nuser foo off\n")).isEqualTo(block(2, "user foo off",
                "Error in user declaration 'foo': Duplicate user found. A user can only be "
                        + "defined once in config files"));
    }

    private static String fromStringError(String text) {
        try {
            ConfigLoader.fromString(text);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        return "OK";
    }

    @Test
    void hooksValidateRenameCommandAndUser() {
        ConfigLoader.LoadHooks hooks = new ConfigLoader.LoadHooks() {
            private final List<String> commands = new ArrayList<>(List.of("get", "set"));

            @Override
            public String checkRenameCommand(String name, String newName) {
                if (!commands.contains(name.toLowerCase())) {
                    return "No such command in rename-command";
                }
                if (commands.contains(newName.toLowerCase())) {
                    return "Target command name already exists";
                }
                commands.remove(name.toLowerCase());
                if (!newName.isEmpty()) {
                    commands.add(newName.toLowerCase());
                }
                return null;
            }

            @Override
            public String checkUser(List<String> args) {
                return args.contains("badrule") ? "Error in user declaration 'user': Syntax error"
                        : null;
            }
        };
        assertThatThrownBy(() -> ConfigLoader.fromString("rename-command get set\n", hooks, false))
                .hasMessage(block(1, "rename-command get set", "Target command name already exists"));
        assertThatThrownBy(() -> ConfigLoader.fromString(
                "rename-command GET foo\nrename-command get bar\n", hooks, false))
                .hasMessage(block(2, "rename-command get bar", "No such command in rename-command"));
        assertThatThrownBy(() -> ConfigLoader.fromString("user foo badrule\n", hooks, false))
                .hasMessage(block(1, "user foo badrule",
                        "Error in user declaration 'user': Syntax error"));
    }

    @Test
    void postLoadChecks() throws Exception {
        assertThat(fromStringError("logfile /nonexistent-vigil/x.log\n")).isEqualTo(
                "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                        + "Can't open the log file: No such file or directory");
        Path log = dir.resolve("v.log");
        ConfigLoader.fromString("logfile " + log + "\n");
        assertThat(log).exists();
    }

    @Test
    void parsingAndQuoting() throws Exception {
        Config c = ConfigLoader.fromString("  # indented comment\n\n   port   7443  \r\n"
                + "\"timeout\" 7\nrequirepass \"a\\x41\\tb\"\nmasterauth 'it\\'s \\n'\n"
                + "PORT 7444\nbind 127.0.0.1\tb\n");
        assertThat(c.get(Options.PORT)).isEqualTo(7444);
        assertThat(c.get(Options.TIMEOUT)).isEqualTo(7);
        assertThat(c.get(Options.REQUIREPASS)).isEqualTo("aA\tb");
        assertThat(c.get(Options.MASTERAUTH)).isEqualTo("it's \\n");
        assertThat(c.get(Options.BIND)).containsExactly("127.0.0.1", "b");
        assertThat(fromStringError("port 7442 # comment\n"))
                .isEqualTo(block(1, "port 7442 # comment", "wrong number of arguments"));
    }

    @Test
    void multiArgumentSemanticsInFiles() throws Exception {
        String[][] cases = {
            {"save 900 1\nsave 300 10 20 30\n", "save", "900 1 300 10 20 30"},
            {"save 900 1\nsave\n", "save", "900 1"},
            {"save\n", "save", ""},
            {"save\nsave 1 1\n", "save", "1 1"},
            {"save 900 1\nsave \"\"\nsave 5 5\n", "save", "5 5"},
            {"save 900 1\nsave \" \"\n", "save", "900 1"},
            {"save 900 1\nsave \"5 5\"\n", "save", "900 1 5 5"},
            {"save 900 1\nsave \"\\\"\\\"\"\n", "save", ""},
            {"save '\"900 1'\n", "save", ""},
            {"bind 127.0.0.1 ::1\nbind 127.0.0.1\n", "bind", "127.0.0.1"},
            {"bind \"127.0.0.1 ::1\"\n", "bind", "127.0.0.1 ::1"},
            {"client-output-buffer-limit normal 1 1 1\nclient-output-buffer-limit\n"
                + "client-output-buffer-limit replica 1mb 2 3\n", "client-output-buffer-limit",
                "normal 1 1 1 slave 1048576 2 3 pubsub 33554432 8388608 60"},
            {"latency-tracking-info-percentiles\n", "latency-tracking-info-percentiles", ""},
            {"shutdown-on-sigterm \"now  nosave\"\n", "shutdown-on-sigterm", "nosave now"},
            {"oom-score-adj-values \"1 2 3\"\n", "oom-score-adj-values", "1 2 3"},
            {"replicaof \"127.0.0.1 7499\"\n", "replicaof", "127.0.0.1 7499"},
            {"slaveof 127.0.0.1 7499\n", "slaveof", "127.0.0.1 7499"},
            {"replicaof a 1\nreplicaof no one\n", "replicaof", ""},
            {"unixsocketperm 0777\n", "unixsocketperm", "777"},
            {"unixsocketperm \"\"\n", "unixsocketperm", "0"},
            {"slave-priority 5\nreplica-priority 6\n", "slave-priority", "6"},
            {"hz 0\nmaxmemory-clients 10%\n", "hz", "1"},
            {"daemonize NO\nloglevel WARNING\n", "loglevel", "warning"},
            {"oom-score-adj relative\n", "oom-score-adj", "yes"},
        };
        for (String[] t : cases) {
            assertThat(ConfigLoader.fromString(t[0]).getString(t[1])).as(t[0]).isEqualTo(t[2]);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        save 900                                  | Invalid save parameters
        save 900 1 300                            | Invalid save parameters
        save 0 1                                  | Invalid save parameters
        save a b                                  | Invalid save parameters
        databases 0                               | argument must be between 1 and 2147483647 inclusive
        databases 2147483648                      | argument must be between 1 and 2147483647 inclusive
        io-threads 129                            | argument must be between 1 and 128 inclusive
        tcp-backlog -1                            | argument must be between 0 and 2147483647 inclusive
        unixsocketperm 999                        | argument couldn't be parsed as an octal number
        unixsocketperm abc                        | argument couldn't be parsed as an octal number
        unixsocketperm 7777                       | argument must be between 0 and 777 inclusive
        socket-mark-id -1                         | argument must be between 0 and 4294967295 inclusive
        cluster-port 70000                        | argument must be between 0 and 65535 inclusive
        bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 | Too many bind addresses specified.
        replicaof                                 | wrong number of arguments
        replicaof a                               | wrong number of arguments
        replicaof a b                             | Invalid master port
        replicaof a 70000                         | Invalid master port
        replicaof a 1 2                           | wrong number of arguments
        slaveof a x                               | Invalid master port
        loglevel foo                              | argument(s) must be one of the following: debug, verbose, notice, warning
        daemonize maybe                           | argument must be 'yes' or 'no'
        maxmemory 1x                              | argument must be a memory value
        maxmemory-clients 200%                    | percentage argument must be less or equal to 100
        client-output-buffer-limit normal 1 2     | Wrong number of arguments in buffer limit configuration.
        client-output-buffer-limit foo 1 2 3      | Invalid client class specified in buffer limit configuration.
        notify-keyspace-events y                  | Invalid event class character. Use 'Ag$lshzxeKEtmdn'.
        oom-score-adj-values 1 2                  | wrong number of arguments
        oom-score-adj-values 1 2 3 4              | wrong number of arguments
        oom-score-adj-values 1 2 x                | Invalid oom-score-adj-values, elements must be between -2000 and 2000.
        latency-tracking-info-percentiles 101     | latency-tracking-info-percentiles parameters should sit between [0.0,100.0]
        shutdown-on-sigint save nosave            | shutdown options SAVE and NOSAVE can't be used simultaneously
        shutdown-on-sigint                        | argument(s) must be one of the following: default, save, nosave, now, force
        dir /nonexistent-vigil                    | No such file or directory
        dir /etc/passwd                           | Not a directory
        dir                                       | wrong number of arguments
        dir a b                                   | wrong number of arguments
        `dir ""`                                  | No such file or directory
        requirepass                               | wrong number of arguments
        maxmemory                                 | wrong number of arguments
        notify-keyspace-events                    | wrong number of arguments
        slave-read-only                           | wrong number of arguments
        dbfilename a/b                            | dbfilename can't be a path, just a filename
        appendfilename a/b                        | appendfilename can't be a path, just a filename
        `appendfilename ""`                       | appendfilename can't be empty
        appenddirname a/b                         | appenddirname can't be a path, just a dirname
        `appenddirname ""`                        | appenddirname can't be empty
        `proc-title-template "{foo}"`             | template format is invalid or contains unknown variables
        `proc-title-template "{title"`            | template format is invalid or contains unknown variables
        `cluster-announce-hostname "a b"`         | Hostnames may only contain alphanumeric characters, hyphens or dots
        syslog-facility local9                    | argument(s) must be one of the following: user, local0, local1, local2, local3, local4, local5, local6, local7
        PORT abc                                  | argument couldn't be parsed into an integer
        `timeout "1"x`                            | Unbalanced quotes in configuration line
        """)
    void fileErrors(String line, String reason) {
        assertThat(fromStringError("port 7460\n" + line + "\n"))
                .isEqualTo(block(2, line, reason));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        save 900 1 300 10
        save
        unixsocketperm 0777
        replicaof a 0
        replicaof no one
        replicaof "" 5
        client-output-buffer-limit
        client-output-buffer-limit normal 1 2 3 slave 1 1 1
        latency-tracking-info-percentiles
        shutdown-on-sigint now force
        hz 0
        user foo on >pw ~* +@all
        rename-command get ""
        `"port" 7442`
        `po"rt" 7442`
        port '7442'
        `port "7\\x34"`
        enable-protected-configs local
        sentinel
        `dbfilename ""`
        `unixsocket ""`
        """)
    void fileAccepts(String line) {
        assertThat(fromStringError("port 7460\n" + line + "\n")).isEqualTo("OK");
    }
}
