package io.vigil.command;

import io.vigil.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Connection commands: PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO. (CLIENT lives in
 * {@link ClientCommands}.)
 */
final class ConnectionCommands {
    private ConnectionCommands() {
    }

    static final String REDIS_VERSION = "7.0.15";

    static void register(CommandTable t) {
        t.add(CommandSpec.of("ping", -1, "fast sentinel", 0, 0, 0, ConnectionCommands::ping)
                .acl("@connection").doc("connection", "1.0.0", "O(1)", "Returns the server's liveliness response.")
                .args("[message]"));
        t.add(CommandSpec.of("echo", 2, "loading stale fast", 0, 0, 0, ConnectionCommands::echo)
                .acl("@connection").doc("connection", "1.0.0", "O(1)", "Returns the given string.").args("message"));
        t.add(CommandSpec.of("quit", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0,
                ConnectionCommands::quit)
                .acl("@connection").doc("connection", "1.0.0", "O(1)", "Closes the connection."));
        t.add(CommandSpec.of("reset", 1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0,
                ConnectionCommands::reset)
                .acl("@connection").doc("connection", "6.2.0", "O(1)", "Resets the connection."));
        t.add(CommandSpec.of("select", 2, "loading stale fast", 0, 0, 0, ConnectionCommands::select)
                .acl("@connection").doc("connection", "1.0.0", "O(1)", "Changes the selected database.")
                .args("index"));
        t.add(CommandSpec.of("auth", -2, "noscript loading stale fast no_auth sentinel allow_busy", 0, 0, 0,
                ConnectionCommands::auth)
                .acl("@connection").doc("connection", "1.0.0", "O(N) where N is the number of passwords defined for the user",
                        "Authenticates the connection.").args("[username]", "password"));
        t.add(CommandSpec.of("hello", -1, "noscript loading stale fast no_auth sentinel allow_busy", 0, 0, 0,
                ConnectionCommands::hello)
                .acl("@connection").doc("connection", "6.0.0", "O(1)", "Handshakes with the Redis server.")
                .args("[protover [AUTH username password] [SETNAME clientname]]"));
    }

    /** PING [message] */
    static void ping(Client c, byte[][] argv) {
        if (argv.length > 2) {
            c.reply().error("ERR wrong number of arguments for 'ping' command");
            return;
        }
        if (c.has(Client.PUBSUB) && c.protocol() == 2) {
            c.reply().array(2);
            c.reply().bulk("pong");
            c.reply().bulk(argv.length == 2 ? argv[1] : new byte[0]);
        } else if (argv.length == 2) {
            c.reply().bulk(argv[1]);
        } else {
            c.reply().simple("PONG");
        }
    }

    /** ECHO message */
    static void echo(Client c, byte[][] argv) {
        c.reply().bulk(argv[1]);
    }

    /** QUIT */
    static void quit(Client c, byte[][] argv) {
        c.reply().ok();
        c.set(Client.CLOSE_AFTER_REPLY);
    }

    /** RESET */
    static void reset(Client c, byte[][] argv) {
        c.engine().resetClient(c);
        c.reply().simple("RESET");
    }

    /** SELECT index */
    static void select(Client c, byte[][] argv) {
        long idx;
        try {
            idx = Numbers.parseLong(argv[1]);
        } catch (Numbers.NotANumber e) {
            c.reply().error("ERR value is not an integer or out of range");
            return;
        }
        if (idx < 0 || idx >= c.engine().keyspace().count()) {
            c.reply().error("ERR DB index is out of range");
            return;
        }
        c.select((int) idx);
        c.reply().ok();
    }

    /** AUTH [username] password */
    static void auth(Client c, byte[][] argv) {
        if (argv.length > 3) {
            c.reply().error("ERR syntax error");
            return;
        }
        if (argv.length == 2 && c.engine().settings().requirePass() == null) {
            c.reply().error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
            return;
        }
        String user = argv.length == 3 ? new String(argv[1], StandardCharsets.UTF_8) : "default";
        byte[] pass = argv[argv.length - 1];
        if (checkPassword(c.engine(), user, pass)) {
            c.authenticate(user);
            c.reply().ok();
        } else {
            c.reply().error("WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    /** Whether {@code user}/{@code pass} is valid: today only the default user and requirepass. */
    static boolean checkPassword(Engine engine, String user, byte[] pass) {
        if (!user.equals("default")) {
            return false;
        }
        String required = engine.settings().requirePass();
        if (required == null) {
            return true; // the default user is "nopass"
        }
        return MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8), pass);
    }

    /** HELLO [protover [AUTH username password] [SETNAME clientname]] */
    static void hello(Client c, byte[][] argv) {
        int ver = 0;
        int i = 1;
        if (argv.length >= 2) {
            long v;
            try {
                v = Numbers.parseLong(argv[1]);
            } catch (Numbers.NotANumber e) {
                c.reply().error("ERR Protocol version is not an integer or out of range");
                return;
            }
            if (v < 2 || v > 3) {
                c.reply().error("NOPROTO unsupported protocol version");
                return;
            }
            ver = (int) v;
            i = 2;
        }
        String authUser = null;
        byte[] authPass = null;
        String setName = null;
        for (; i < argv.length; i++) {
            String opt = Engine.lower(argv[i]);
            if (opt.equals("auth") && argv.length - i - 1 >= 2) {
                authUser = new String(argv[i + 1], StandardCharsets.UTF_8);
                authPass = argv[i + 2];
                i += 2;
            } else if (opt.equals("setname") && argv.length - i - 1 >= 1) {
                setName = new String(argv[i + 1], StandardCharsets.UTF_8);
                i += 1;
            } else {
                c.reply().error("ERR Syntax error in HELLO option '" + Engine.str(argv[i]) + "'");
                return;
            }
        }
        if (authUser != null) {
            if (!checkPassword(c.engine(), authUser, authPass)) {
                c.reply().error("WRONGPASS invalid username-password pair or user is disabled.");
                return;
            }
            c.authenticate(authUser);
        }
        if (!c.authenticated()) {
            c.reply().error("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
            return;
        }
        if (setName != null) {
            String err = ClientCommands.validateName(setName);
            if (err != null) {
                c.reply().error(err);
                return;
            }
            c.name(setName);
        }
        if (ver != 0) {
            c.reply().protocol(ver);
        }
        // redis-sentinel leaves the role out of HELLO.
        boolean sentinel = c.engine().mode().equals("sentinel");
        c.reply().map(sentinel ? 6 : 7);
        c.reply().bulk("server");
        c.reply().bulk("redis");
        c.reply().bulk("version");
        c.reply().bulk(REDIS_VERSION);
        c.reply().bulk("proto");
        c.reply().integer(c.protocol());
        c.reply().bulk("id");
        c.reply().integer(c.id());
        c.reply().bulk("mode");
        c.reply().bulk(c.engine().mode());
        if (!sentinel) {
            c.reply().bulk("role");
            c.reply().bulk(c.engine().role());
        }
        c.reply().bulk("modules");
        c.reply().array(0);
    }

    static String upper(byte[] b) {
        return Engine.str(b).toUpperCase(Locale.ROOT);
    }
}
