package io.vigil.command;

import io.vigil.util.Numbers;

import java.util.ArrayList;
import java.util.List;

/** CLIENT and its subcommands. */
final class ClientCommands {
    private ClientCommands() {
    }

    /** Client types as CLIENT LIST TYPE / CLIENT KILL TYPE name them. */
    static final int TYPE_NORMAL = 0;
    static final int TYPE_REPLICA = 1;
    static final int TYPE_PUBSUB = 2;
    static final int TYPE_MASTER = 3;

    private static final String ADMIN = "admin noscript loading stale";
    private static final String PLAIN = "noscript loading stale";

    static void register(CommandTable t) {
        t.add(CommandSpec.container("client", -2, "")
                .doc("connection", "2.4.0", "Depends on subcommand.", "Container for the connection commands.")
                .sub(CommandSpec.of("id", 2, PLAIN, 0, 0, 0, ClientCommands::id).acl("@connection")
                        .doc("connection", "5.0.0", "O(1)", "Reports this connection's unique id."))
                .sub(CommandSpec.of("setname", 3, PLAIN, 0, 0, 0, ClientCommands::setname).acl("@connection")
                        .doc("connection", "2.6.9", "O(1)", "Names this connection.")
                        .args("connection-name"))
                .sub(CommandSpec.of("getname", 2, PLAIN, 0, 0, 0, ClientCommands::getname).acl("@connection")
                        .doc("connection", "2.6.9", "O(1)", "Reports this connection's name."))
                .sub(CommandSpec.of("list", -2, ADMIN, 0, 0, 0, ClientCommands::list).acl("@connection")
                        .doc("connection", "2.4.0", "O(N) where N is the number of client connections",
                                "Describes the open connections, one line each.")
                        .args("[TYPE <NORMAL | MASTER | REPLICA | PUBSUB>]", "[ID client-id [client-id ...]]"))
                .sub(CommandSpec.of("info", 2, PLAIN, 0, 0, 0, ClientCommands::info).acl("@connection")
                        .doc("connection", "6.2.0", "O(1)", "Describes this connection as CLIENT LIST would."))
                .sub(CommandSpec.of("kill", -3, ADMIN, 0, 0, 0, ClientCommands::kill).acl("@connection")
                        .doc("connection", "2.4.0", "O(N) where N is the number of client connections",
                                "Closes the connections matching an address or filters.")
                        .args("ip:port | [ID client-id] [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] "
                                + "[USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME <YES | NO>]"))
                .sub(CommandSpec.of("pause", -3, ADMIN, 0, 0, 0, ClientCommands::pause).acl("@connection")
                        .doc("connection", "2.9.50", "O(1)",
                                "Holds the commands of normal clients for a while, all or only writes.")
                        .args("timeout", "[WRITE | ALL]"))
                .sub(CommandSpec.of("unpause", 2, ADMIN, 0, 0, 0, ClientCommands::unpause).acl("@connection")
                        .doc("connection", "6.2.0", "O(N) Where N is the number of paused clients",
                                "Ends a CLIENT PAUSE early."))
                .sub(CommandSpec.of("reply", 3, PLAIN, 0, 0, 0, ClientCommands::reply).acl("@connection")
                        .doc("connection", "3.2.0", "O(1)",
                                "Turns this connection's replies off, on, or off for the next command.")
                        .args("ON | OFF | SKIP"))
                .sub(CommandSpec.of("no-evict", 3, ADMIN, 0, 0, 0, ClientCommands::noEvict).acl("@connection")
                        .doc("connection", "7.0.0", "O(1)",
                                "Exempts this connection from client eviction, or not.")
                        .args("ON | OFF"))
                .sub(CommandSpec.of("unblock", -3, ADMIN, 0, 0, 0, ClientCommands::unblock).acl("@connection")
                        .doc("connection", "5.0.0", "O(log N) where N is the number of client connections",
                                "Wakes a client blocked by a command, as a timeout or with an error.")
                        .args("client-id", "[TIMEOUT | ERROR]"))
                .sub(CommandSpec.of("help", 2, "loading stale", 0, 0, 0, ClientCommands::help).acl("@connection")
                        .doc("connection", "5.0.0", "O(1)", "Lists the CLIENT subcommands.")));
    }

    /** Null if {@code name} is a valid connection name, else Redis's error text. */
    static String validateName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '!' || ch > '~') {
                return "ERR Client names cannot contain spaces, newlines or special characters.";
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Describing clients

    /** The client's type (MASTER, REPLICA, PUBSUB, else NORMAL; a MONITOR client is NORMAL). */
    static int type(Client c) {
        if (c.has(Client.MASTER)) {
            return TYPE_MASTER;
        }
        if (c.has(Client.REPLICA) && !c.has(Client.MONITOR)) {
            return TYPE_REPLICA;
        }
        if (c.has(Client.PUBSUB)) {
            return TYPE_PUBSUB;
        }
        return TYPE_NORMAL;
    }

    /** The type named {@code name} (normal, master, replica/slave, pubsub), or -1. */
    static int typeByName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "normal" -> TYPE_NORMAL;
            case "slave", "replica" -> TYPE_REPLICA;
            case "pubsub" -> TYPE_PUBSUB;
            case "master" -> TYPE_MASTER;
            default -> -1;
        };
    }

    /** The flags field of CLIENT LIST, letters in Redis's order ({@code N} when none). */
    static String flags(Client c) {
        StringBuilder f = new StringBuilder(4);
        if (c.has(Client.MONITOR)) {
            f.append('O');
        } else if (c.has(Client.REPLICA)) {
            f.append('S');
        }
        if (c.has(Client.MASTER)) {
            f.append('M');
        }
        if (c.has(Client.PUBSUB)) {
            f.append('P');
        }
        if (c.has(Client.MULTI)) {
            f.append('x');
        }
        if (c.has(Client.BLOCKED)) {
            f.append('b');
        }
        if (c.has(Client.DIRTY_EXEC)) {
            f.append('d');
        }
        if (c.has(Client.CLOSE_AFTER_REPLY)) {
            f.append('c');
        }
        Connection conn = c.connection();
        if (conn != null && conn.isUnixSocket()) {
            f.append('U');
        }
        if (c.has(Client.NO_EVICT)) {
            f.append('e');
        }
        if (f.length() == 0) {
            f.append('N');
        }
        return f.toString();
    }

    /**
     * Appends one CLIENT LIST line (without the newline), fields in Redis 7.0's order: id addr laddr fd name
     * age idle flags db sub psub ssub multi qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem
     * events cmd user redir resp.
     */
    static void describe(Client c, Client caller, StringBuilder sb) {
        long now = System.currentTimeMillis();
        Connection conn = c.connection();
        long argvMem = 0;
        byte[][] argv = c.currentArgv();
        if (argv != null && (c.has(Client.BLOCKED) || c == caller)) {
            for (byte[] a : argv) {
                argvMem += a.length;
            }
        }
        int qbuf = conn == null ? 0 : conn.queryBufferBytes();
        int obl = c.reply().pendingBytes();
        long omem = conn == null ? 0 : Math.max(0, conn.pendingOutputBytes() - obl);
        String events = conn != null && omem > 0 ? "rw" : "r";
        CommandSpec last = c.lastCommand();
        sb.append("id=").append(c.id())
                .append(" addr=").append(conn == null ? "" : conn.remoteAddress())
                .append(" laddr=").append(conn == null ? "" : conn.localAddress())
                .append(" fd=").append(conn == null ? -1 : conn.fd())
                .append(" name=").append(c.name())
                .append(" age=").append(Math.max(0, (now - c.createdMillis()) / 1000))
                .append(" idle=").append(Math.max(0, (now - c.lastInteraction()) / 1000))
                .append(" flags=").append(flags(c))
                .append(" db=").append(c.dbIndex())
                .append(" sub=").append(c.engine().pubsub().channelsOf(c))
                .append(" psub=").append(c.engine().pubsub().patternsOf(c))
                .append(" ssub=").append(c.engine().pubsub().shardChannelsOf(c))
                .append(" multi=").append(c.queuedCommands())
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=0")
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=0")
                .append(" rbs=").append(c.reply().pendingCapacity())
                .append(" rbp=").append(obl)
                .append(" obl=").append(obl)
                .append(" oll=").append(omem > 0 ? 1 : 0)
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(Info.clientMemory(c))
                .append(" events=").append(events)
                .append(" cmd=").append(last == null ? "NULL" : last.name())
                .append(" user=").append(c.user())
                .append(" redir=-1")
                .append(" resp=").append(c.protocol());
    }

    /** CLIENT LIST lines of every client (of {@code type}, or all for -1), as seen by {@code caller}. */
    private static String describeAll(Engine e, Client caller, int type) {
        StringBuilder sb = new StringBuilder(256 * Math.max(1, e.clients().size()));
        for (Client other : e.clients()) {
            if (type != -1 && type(other) != type) {
                continue;
            }
            describe(other, caller, sb);
            sb.append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Subcommands

    /** CLIENT ID */
    static void id(Client c, byte[][] argv) {
        c.reply().integer(c.id());
    }

    /** CLIENT SETNAME connection-name */
    static void setname(Client c, byte[][] argv) {
        String name = Engine.str(argv[2]);
        String err = validateName(name);
        if (err != null) {
            c.reply().error(err);
            return;
        }
        c.name(name);
        c.reply().ok();
    }

    /** CLIENT GETNAME */
    static void getname(Client c, byte[][] argv) {
        if (c.name().isEmpty()) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(c.name().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    /** CLIENT LIST [TYPE NORMAL | MASTER | REPLICA | PUBSUB] [ID client-id [client-id ...]] */
    static void list(Client c, byte[][] argv) {
        Engine e = c.engine();
        String out;
        if (argv.length == 4 && Engine.lower(argv[2]).equals("type")) {
            int type = typeByName(Engine.str(argv[3]));
            if (type == -1) {
                c.reply().error("ERR Unknown client type '" + Engine.str(argv[3]) + "'");
                return;
            }
            out = describeAll(e, c, type);
        } else if (argv.length > 3 && Engine.lower(argv[2]).equals("id")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 3; i < argv.length; i++) {
                long id;
                try {
                    id = Numbers.parseLong(argv[i]);
                } catch (Numbers.NotANumber ex) {
                    c.reply().error("ERR Invalid client ID");
                    return;
                }
                Client other = e.client(id);
                if (other != null) {
                    describe(other, c, sb);
                    sb.append('\n');
                }
            }
            out = sb.toString();
        } else if (argv.length != 2) {
            c.reply().error(ServerCommands.SYNTAX);
            return;
        } else {
            out = describeAll(e, c, -1);
        }
        c.reply().verbatim(out, "txt");
    }

    /** CLIENT INFO */
    static void info(Client c, byte[][] argv) {
        StringBuilder sb = new StringBuilder(256);
        describe(c, c, sb);
        sb.append('\n');
        c.reply().verbatim(sb.toString(), "txt");
    }

    /**
     * CLIENT KILL ip:port, or CLIENT KILL [ID id] [TYPE type] [USER user] [ADDR ip:port] [LADDR ip:port]
     * [SKIPME YES|NO]. The old form answers OK or an error and may kill the caller; the new form answers
     * the number killed and skips the caller unless SKIPME NO.
     */
    static void kill(Client c, byte[][] argv) {
        String addr = null;
        String laddr = null;
        String user = null;
        int type = -1;
        long id = 0;
        boolean skipme = true;
        if (argv.length == 3) {
            addr = Engine.str(argv[2]);
            skipme = false;
        } else {
            for (int i = 2; i < argv.length; i += 2) {
                String opt = Engine.lower(argv[i]);
                boolean more = i + 1 < argv.length;
                if (!more) {
                    c.reply().error(ServerCommands.SYNTAX);
                    return;
                }
                switch (opt) {
                    case "id" -> {
                        long v;
                        try {
                            v = Numbers.parseLong(argv[i + 1]);
                        } catch (Numbers.NotANumber ex) {
                            v = 0;
                        }
                        if (v < 1) {
                            c.reply().error("ERR client-id should be greater than 0");
                            return;
                        }
                        id = v;
                    }
                    case "type" -> {
                        type = typeByName(Engine.str(argv[i + 1]));
                        if (type == -1) {
                            c.reply().error("ERR Unknown client type '" + Engine.str(argv[i + 1]) + "'");
                            return;
                        }
                    }
                    case "addr" -> addr = Engine.str(argv[i + 1]);
                    case "laddr" -> laddr = Engine.str(argv[i + 1]);
                    case "user" -> {
                        user = Engine.str(argv[i + 1]);
                        if (!user.equals("default")) {
                            c.reply().error("ERR No such user '" + user + "'");
                            return;
                        }
                    }
                    case "skipme" -> {
                        String v = Engine.lower(argv[i + 1]);
                        if (v.equals("yes")) {
                            skipme = true;
                        } else if (v.equals("no")) {
                            skipme = false;
                        } else {
                            c.reply().error(ServerCommands.SYNTAX);
                            return;
                        }
                    }
                    default -> {
                        c.reply().error(ServerCommands.SYNTAX);
                        return;
                    }
                }
            }
        }
        List<Client> victims = new ArrayList<>();
        boolean killSelf = false;
        for (Client other : c.engine().clients()) {
            Connection conn = other.connection();
            if (addr != null && (conn == null || !addr.equals(conn.remoteAddress()))) {
                continue;
            }
            if (laddr != null && (conn == null || !laddr.equals(conn.localAddress()))) {
                continue;
            }
            if (type != -1 && type(other) != type) {
                continue;
            }
            if (id != 0 && other.id() != id) {
                continue;
            }
            if (user != null && !user.equals(other.user())) {
                continue;
            }
            if (other == c && skipme) {
                continue;
            }
            if (other == c) {
                killSelf = true;
            } else {
                victims.add(other);
            }
        }
        int killed = victims.size() + (killSelf ? 1 : 0);
        for (Client v : victims) {
            if (v.connection() != null) {
                v.connection().close();
            }
        }
        if (argv.length == 3) {
            if (killed == 0) {
                c.reply().error("ERR No such client");
            } else {
                c.reply().ok();
            }
        } else {
            c.reply().integer(killed);
        }
        if (killSelf) {
            c.set(Client.CLOSE_AFTER_REPLY);
        }
    }

    /** CLIENT PAUSE timeout [WRITE | ALL] */
    static void pause(Client c, byte[][] argv) {
        if (argv.length > 4) {
            ServerCommands.subcommandSyntaxError(c, argv);
            return;
        }
        boolean all = true;
        if (argv.length == 4) {
            String mode = Engine.lower(argv[3]);
            if (mode.equals("write")) {
                all = false;
            } else if (!mode.equals("all")) {
                c.reply().error("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        long end = ServerCommands.timeoutMillis(c, argv[2]);
        if (end < 0) {
            return;
        }
        if (end == 0) {
            end = System.currentTimeMillis();
        }
        c.engine().pauseClients(end, all);
        c.reply().ok();
    }

    /** CLIENT UNPAUSE */
    static void unpause(Client c, byte[][] argv) {
        c.engine().unpauseClients();
        c.reply().ok();
    }

    /** CLIENT REPLY ON | OFF | SKIP */
    static void reply(Client c, byte[][] argv) {
        switch (Engine.lower(argv[2])) {
            case "on" -> {
                c.replyMode(Client.ReplyMode.ON);
                c.replyMark = -1;
                c.reply().ok();
            }
            case "off" -> c.replyMode(Client.ReplyMode.OFF);
            case "skip" -> {
                if (c.replyMode() != Client.ReplyMode.OFF) {
                    c.replyMode(Client.ReplyMode.SKIP);
                }
            }
            default -> c.reply().error(ServerCommands.SYNTAX);
        }
    }

    /** CLIENT NO-EVICT ON | OFF */
    static void noEvict(Client c, byte[][] argv) {
        switch (Engine.lower(argv[2])) {
            case "on" -> {
                c.set(Client.NO_EVICT);
                c.reply().ok();
            }
            case "off" -> {
                c.clear(Client.NO_EVICT);
                c.reply().ok();
            }
            default -> c.reply().error(ServerCommands.SYNTAX);
        }
    }

    /** CLIENT UNBLOCK client-id [TIMEOUT | ERROR] */
    static void unblock(Client c, byte[][] argv) {
        if (argv.length > 4) {
            ServerCommands.subcommandSyntaxError(c, argv);
            return;
        }
        boolean error = false;
        if (argv.length == 4) {
            String reason = Engine.lower(argv[3]);
            if (reason.equals("error")) {
                error = true;
            } else if (!reason.equals("timeout")) {
                c.reply().error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
                return;
            }
        }
        long id;
        try {
            id = Numbers.parseLong(argv[2]);
        } catch (Numbers.NotANumber ex) {
            c.reply().error("ERR value is not an integer or out of range");
            return;
        }
        Client target = c.engine().client(id);
        c.reply().integer(target != null && c.engine().unblockClient(target, error) ? 1 : 0);
    }

    /** CLIENT HELP */
    static void help(Client c, byte[][] argv) {
        ServerCommands.help(c, "CLIENT",
                "GETNAME",
                "    Return the name of the current connection.",
                "ID",
                "    Return the ID of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "KILL <ip:port>",
                "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are:",
                "    * ADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made from the specified address",
                "    * LADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made to specified local address",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Kill connections by type.",
                "    * USER <username>",
                "      Kill connections authenticated by <username>.",
                "    * SKIPME (YES|NO)",
                "      Skip killing current connection (default: yes).",
                "LIST [options ...]",
                "    Return information about client connections. Options:",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Return clients of specified type.",
                "UNPAUSE",
                "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]",
                "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)",
                "    Control the replies sent to the current connection.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                "    Unblock the specified blocked client.",
                "NO-EVICT (ON|OFF)",
                "    Protect current client connection from eviction.");
    }
}
