package io.vigil.sentinel;

import io.vigil.command.Client;
import io.vigil.command.CommandSpec;
import io.vigil.command.CommandTable;
import io.vigil.command.Engine;
import io.vigil.protocol.Reply;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The commands of a sentinel: SENTINEL and its subcommands, ROLE, and PUBLISH (which only accepts hello
 * messages), plus the INFO {@code sentinel} section. Every handler runs on the event loop that owns the
 * {@link Sentinel}.
 */
public final class SentinelCommands {
    /** The commands redis-sentinel 7.0 keeps from the standard table (everything else is unknown). */
    public static final List<String> KEPT = List.of("auth", "client", "command", "hello", "info", "ping",
            "psubscribe", "punsubscribe", "shutdown", "subscribe", "unsubscribe", "acl");

    private final Sentinel s;

    private SentinelCommands(Sentinel s) {
        this.s = s;
    }

    /** A command table for sentinel mode: the kept standard commands plus SENTINEL, ROLE and PUBLISH. */
    public static CommandTable table(Sentinel sentinel) {
        CommandTable std = CommandTable.standard();
        CommandTable t = new CommandTable();
        for (String name : KEPT) {
            CommandSpec spec = std.lookup(name);
            if (spec != null) {
                t.add(spec);
            }
        }
        SentinelCommands c = new SentinelCommands(sentinel);
        String f = "admin sentinel";
        t.add(CommandSpec.container("sentinel", -2, f)
                .sub(CommandSpec.of("masters", 2, f, 0, 0, 0, c::masters))
                .sub(CommandSpec.of("master", 3, f, 0, 0, 0, c::master))
                .sub(CommandSpec.of("replicas", 3, f, 0, 0, 0, c::replicas))
                .sub(CommandSpec.of("slaves", 3, f, 0, 0, 0, c::replicas))
                .sub(CommandSpec.of("sentinels", 3, f, 0, 0, 0, c::sentinels))
                .sub(CommandSpec.of("is-master-down-by-addr", 6, f, 0, 0, 0, c::isMasterDownByAddr))
                .sub(CommandSpec.of("reset", 3, f, 0, 0, 0, c::reset))
                .sub(CommandSpec.of("get-master-addr-by-name", 3, f, 0, 0, 0, c::getMasterAddrByName))
                .sub(CommandSpec.of("failover", 3, f, 0, 0, 0, c::failover))
                .sub(CommandSpec.of("pending-scripts", 2, f, 0, 0, 0, c::pendingScripts))
                .sub(CommandSpec.of("monitor", 6, f, 0, 0, 0, c::monitor))
                .sub(CommandSpec.of("flushconfig", 2, f, 0, 0, 0, c::flushconfig))
                .sub(CommandSpec.of("remove", 3, f, 0, 0, 0, c::remove))
                .sub(CommandSpec.of("ckquorum", 3, f, 0, 0, 0, c::ckquorum))
                .sub(CommandSpec.of("set", -3, f, 0, 0, 0, c::set))
                .sub(CommandSpec.of("info-cache", -2, f, 0, 0, 0, c::infoCache))
                .sub(CommandSpec.of("simulate-failure", -3, f, 0, 0, 0, c::simulateFailure))
                .sub(CommandSpec.of("config", -3, f, 0, 0, 0, c::config))
                .sub(CommandSpec.of("debug", -2, f, 0, 0, 0, c::debug))
                .sub(CommandSpec.of("myid", 2, f, 0, 0, 0, c::myid))
                .sub(CommandSpec.of("help", 2, "loading stale sentinel", 0, 0, 0, c::help)));
        t.add(CommandSpec.of("role", 1, "noscript loading stale fast sentinel", 0, 0, 0, c::role));
        t.add(CommandSpec.of("publish", 3, "pubsub loading stale fast may_replicate sentinel", 0, 0, 0, c::publish));
        return t;
    }

    /** The INFO {@code sentinel} section, as redis-sentinel 7.0 prints it. */
    public static void infoSection(Sentinel s, StringBuilder sb) {
        long now = System.currentTimeMillis();
        sb.append("sentinel_masters:").append(s.masters.size()).append("\r\n");
        sb.append("sentinel_tilt:").append(s.tilt ? 1 : 0).append("\r\n");
        sb.append("sentinel_tilt_since_seconds:").append(s.tilt ? (now - s.tiltStartTime) / 1000 : -1).append("\r\n");
        sb.append("sentinel_running_scripts:").append(s.scripts.running).append("\r\n");
        sb.append("sentinel_scripts_queue_length:").append(s.scripts.queue.size()).append("\r\n");
        sb.append("sentinel_simulate_failure_flags:").append(s.simFailureFlags).append("\r\n");
        int i = 0;
        for (Instance m : s.masters.values()) {
            String status = m.is(Instance.O_DOWN) ? "odown" : m.is(Instance.S_DOWN) ? "sdown" : "ok";
            Instance addr = Sentinel.currentMasterAddress(m);
            sb.append("master").append(i++).append(":name=").append(m.name).append(",status=").append(status)
                    .append(",address=").append(addr.host).append(':').append(addr.port)
                    .append(",slaves=").append(m.slaves.size())
                    .append(",sentinels=").append(m.sentinels.size() + 1).append("\r\n");
        }
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private Instance masterOrError(Client c, byte[] name) {
        Instance m = s.masters.get(str(name));
        if (m == null) {
            c.reply().error("ERR No such master with that name");
        }
        return m;
    }

    // ------------------------------------------------------------------------------------ instance replies

    private static final String[] FAILOVER_STATES = {"none", "wait_start", "select_slave", "send_slaveof_noone",
        "wait_promotion", "reconf_slaves", "update_config"};

    /** Writes one instance as SENTINEL MASTER / REPLICAS / SENTINELS do: field names and order as Redis. */
    static void replyInstance(Reply r, Instance ri) {
        long now = System.currentTimeMillis();
        List<Object> kv = new ArrayList<>();
        kv.add("name"); kv.add(ri.name);
        kv.add("ip"); kv.add(ri.host);
        kv.add("port"); kv.add(Integer.toString(ri.port));
        kv.add("runid"); kv.add(ri.runId == null ? "" : ri.runId);
        kv.add("flags"); kv.add(flags(ri));
        kv.add("link-pending-commands"); kv.add(Integer.toString(ri.cc == null ? 0 : ri.cc.pendingCommands()));
        kv.add("link-refcount"); kv.add("1");
        if (ri.failoverState != Instance.FS_NONE) {
            kv.add("failover-state"); kv.add(FAILOVER_STATES[ri.failoverState]);
        }
        kv.add("last-ping-sent"); kv.add(Long.toString(ri.actPingTime != 0 ? now - ri.actPingTime : 0));
        kv.add("last-ok-ping-reply"); kv.add(Long.toString(now - ri.lastAvailTime));
        kv.add("last-ping-reply"); kv.add(Long.toString(now - ri.lastPongTime));
        if (ri.is(Instance.S_DOWN)) {
            kv.add("s-down-time"); kv.add(Long.toString(now - ri.sDownSinceTime));
        }
        if (ri.is(Instance.O_DOWN)) {
            kv.add("o-down-time"); kv.add(Long.toString(now - ri.oDownSinceTime));
        }
        kv.add("down-after-milliseconds"); kv.add(Long.toString(ri.downAfterPeriod));
        if (ri.is(Instance.MASTER) || ri.is(Instance.SLAVE)) {
            kv.add("info-refresh"); kv.add(Long.toString(now - ri.infoRefresh));
            kv.add("role-reported"); kv.add(ri.roleReported == Instance.MASTER ? "master" : "slave");
            kv.add("role-reported-time"); kv.add(Long.toString(now - ri.roleReportedTime));
        }
        if (ri.is(Instance.MASTER)) {
            kv.add("config-epoch"); kv.add(Long.toString(ri.configEpoch));
            kv.add("num-slaves"); kv.add(Integer.toString(ri.slaves.size()));
            kv.add("num-other-sentinels"); kv.add(Integer.toString(ri.sentinels.size()));
            kv.add("quorum"); kv.add(Integer.toString(ri.quorum));
            kv.add("failover-timeout"); kv.add(Long.toString(ri.failoverTimeout));
            kv.add("parallel-syncs"); kv.add(Integer.toString(ri.parallelSyncs));
            if (ri.notificationScript != null) {
                kv.add("notification-script"); kv.add(ri.notificationScript);
            }
            if (ri.clientReconfigScript != null) {
                kv.add("client-reconfig-script"); kv.add(ri.clientReconfigScript);
            }
        }
        if (ri.is(Instance.SLAVE)) {
            kv.add("master-link-down-time"); kv.add(Long.toString(ri.masterLinkDownTime));
            kv.add("master-link-status"); kv.add(ri.slaveMasterLinkUp ? "ok" : "err");
            kv.add("master-host"); kv.add(ri.slaveMasterHost == null ? "?" : ri.slaveMasterHost);
            kv.add("master-port"); kv.add(Integer.toString(ri.slaveMasterPort));
            kv.add("slave-priority"); kv.add(Integer.toString(ri.slavePriority));
            kv.add("slave-repl-offset"); kv.add(Long.toString(ri.slaveReplOffset));
            kv.add("replica-announced"); kv.add(ri.replicaAnnounced ? "1" : "0");
        }
        if (ri.is(Instance.SENTINEL)) {
            kv.add("last-hello-message"); kv.add(Long.toString(now - ri.lastHelloTime));
            kv.add("voted-leader"); kv.add(ri.leader == null ? "?" : ri.leader);
            kv.add("voted-leader-epoch"); kv.add(Long.toString(ri.leaderEpoch));
        }
        r.map(kv.size() / 2);
        for (Object o : kv) {
            r.bulk((String) o);
        }
    }

    static String flags(Instance ri) {
        StringBuilder f = new StringBuilder();
        if (ri.is(Instance.S_DOWN)) f.append("s_down,");
        if (ri.is(Instance.O_DOWN)) f.append("o_down,");
        if (ri.is(Instance.MASTER)) f.append("master,");
        if (ri.is(Instance.SLAVE)) f.append("slave,");
        if (ri.is(Instance.SENTINEL)) f.append("sentinel,");
        if (ri.disconnected()) f.append("disconnected,");
        if (ri.is(Instance.MASTER_DOWN)) f.append("master_down,");
        if (ri.is(Instance.FAILOVER_IN_PROGRESS)) f.append("failover_in_progress,");
        if (ri.is(Instance.PROMOTED)) f.append("promoted,");
        if (ri.is(Instance.RECONF_SENT)) f.append("reconf_sent,");
        if (ri.is(Instance.RECONF_INPROG)) f.append("reconf_inprog,");
        if (ri.is(Instance.RECONF_DONE)) f.append("reconf_done,");
        if (ri.is(Instance.FORCE_FAILOVER)) f.append("force_failover,");
        if (ri.is(Instance.MASTER_REBOOT)) f.append("master_reboot,");
        if (f.length() > 0) {
            f.setLength(f.length() - 1);
        }
        return f.toString();
    }

    // ------------------------------------------------------------------------------------ subcommands

    /** SENTINEL MASTERS */
    private void masters(Client c, byte[][] argv) {
        c.reply().array(s.masters.size());
        for (Instance m : s.masters.values()) {
            replyInstance(c.reply(), m);
        }
    }

    /** SENTINEL MASTER <master-name> */
    private void master(Client c, byte[][] argv) {
        Instance m = masterOrError(c, argv[2]);
        if (m != null) {
            replyInstance(c.reply(), m);
        }
    }

    /** SENTINEL REPLICAS|SLAVES <master-name> */
    private void replicas(Client c, byte[][] argv) {
        Instance m = masterOrError(c, argv[2]);
        if (m != null) {
            c.reply().array(m.slaves.size());
            m.slaves.values().forEach(x -> replyInstance(c.reply(), x));
        }
    }

    /** SENTINEL SENTINELS <master-name> */
    private void sentinels(Client c, byte[][] argv) {
        Instance m = masterOrError(c, argv[2]);
        if (m != null) {
            c.reply().array(m.sentinels.size());
            m.sentinels.values().forEach(x -> replyInstance(c.reply(), x));
        }
    }

    /** SENTINEL IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid> */
    private void isMasterDownByAddr(Client c, byte[][] argv) {
        long port;
        long reqEpoch;
        try {
            port = Long.parseLong(str(argv[3]));
            reqEpoch = Long.parseLong(str(argv[4]));
        } catch (NumberFormatException e) {
            c.reply().error("ERR value is not an integer or out of range");
            return;
        }
        Instance ri = null;
        for (Instance m : s.masters.values()) {
            if (m.addrEquals(str(argv[2]), (int) port)) {
                ri = m;
                break;
            }
        }
        boolean down = !s.tilt && ri != null && ri.is(Instance.S_DOWN);
        String leader = null;
        long[] leaderEpoch = {0};
        String runid = str(argv[5]);
        if (ri != null && !runid.equals("*")) {
            leader = s.voteLeader(ri, reqEpoch, runid, leaderEpoch);
        }
        c.reply().array(3);
        c.reply().integer(down ? 1 : 0);
        c.reply().bulk(leader == null ? "*" : leader);
        c.reply().integer(leaderEpoch[0]);
    }

    /** SENTINEL RESET <pattern> */
    private void reset(Client c, byte[][] argv) {
        Pattern p = globToRegex(str(argv[2]));
        int n = 0;
        for (Instance m : new ArrayList<>(s.masters.values())) {
            if (p.matcher(m.name).matches()) {
                s.resetMaster(m, false, true);
                n++;
            }
        }
        if (n > 0) {
            s.flush();
        }
        c.reply().integer(n);
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }

    /** SENTINEL GET-MASTER-ADDR-BY-NAME <master-name> */
    private void getMasterAddrByName(Client c, byte[][] argv) {
        Instance m = s.masters.get(str(argv[2]));
        if (m == null) {
            c.reply().nullArray();
            return;
        }
        Instance a = Sentinel.currentMasterAddress(m);
        c.reply().array(2);
        c.reply().bulk(a.host);
        c.reply().bulk(Integer.toString(a.port));
    }

    /** SENTINEL FAILOVER <master-name> */
    private void failover(Client c, byte[][] argv) {
        Instance m = masterOrError(c, argv[2]);
        if (m == null) {
            return;
        }
        if (m.is(Instance.FAILOVER_IN_PROGRESS)) {
            c.reply().error("INPROG Failover already in progress");
            return;
        }
        if (s.selectSlave(m) == null) {
            c.reply().error("NOGOODSLAVE No suitable replica to promote");
            return;
        }
        org.slf4j.LoggerFactory.getLogger("vigil").warn("Executing user requested FAILOVER of '{}'", m.name);
        s.startFailover(m);
        m.flags |= Instance.FORCE_FAILOVER;
        c.reply().ok();
    }

    /** SENTINEL PENDING-SCRIPTS */
    private void pendingScripts(Client c, byte[][] argv) {
        Reply r = c.reply();
        long now = System.currentTimeMillis();
        r.array(s.scripts.queue.size());
        for (Scripts.Job j : s.scripts.queue) {
            r.map(5);
            r.bulk("argv");
            r.array(j.argv.size());
            j.argv.forEach(r::bulk);
            r.bulk("flags");
            r.bulk(j.process != null ? "running" : "scheduled");
            r.bulk("pid");
            r.bulk(j.process != null ? Long.toString(j.process.pid()) : "0");
            if (j.process != null) {
                r.bulk("run-time");
                r.bulk(Long.toString(now - j.startTime));
            } else {
                r.bulk("run-delay");
                r.bulk(Long.toString(j.startTime > now ? j.startTime - now : 0));
            }
            r.bulk("retry-num");
            r.bulk(Integer.toString(j.retryNum));
        }
    }

    /** SENTINEL MONITOR <name> <ip> <port> <quorum> */
    private void monitor(Client c, byte[][] argv) {
        String name = str(argv[2]);
        String host = str(argv[3]);
        long port;
        long quorum;
        try {
            port = Long.parseLong(str(argv[4]));
            quorum = Long.parseLong(str(argv[5]));
        } catch (NumberFormatException e) {
            c.reply().error("ERR value is not an integer or out of range");
            return;
        }
        if (quorum <= 0) {
            c.reply().error("ERR Quorum must be 1 or greater.");
            return;
        }
        if (port <= 0 || port > 65535) {
            c.reply().error("ERR Invalid port number");
            return;
        }
        if (!s.resolveHostnames && !isIp(host)) {
            c.reply().error("ERR Invalid IP address or hostname specified");
            return;
        }
        if (s.resolveHostnames) {
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                c.reply().error("ERR Invalid IP address or hostname specified");
                return;
            }
        }
        if (s.masters.containsKey(name)) {
            c.reply().error("ERR Duplicate master name.");
            return;
        }
        Instance m = s.createMaster(name, host, (int) port, (int) quorum);
        s.flush();
        s.event(Sentinel.Level.WARNING, "+monitor", m, "%@ quorum " + m.quorum);
        c.reply().ok();
    }

    static boolean isIp(String h) {
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String p : h.split("\\.")) {
                if (Integer.parseInt(p) > 255) {
                    return false;
                }
            }
            return true;
        }
        return h.contains(":") && h.matches("[0-9a-fA-F:.]+");
    }

    /** SENTINEL FLUSHCONFIG */
    private void flushconfig(Client c, byte[][] argv) {
        s.flush();
        c.reply().ok();
    }

    /** SENTINEL REMOVE <master-name> */
    private void remove(Client c, byte[][] argv) {
        Instance m = masterOrError(c, argv[2]);
        if (m == null) {
            return;
        }
        s.event(Sentinel.Level.WARNING, "-monitor", m, "%@");
        s.removeMaster(m);
        s.flush();
        c.reply().ok();
    }

    /** SENTINEL CKQUORUM <master-name> */
    private void ckquorum(Client c, byte[][] argv) {
        Instance m = masterOrError(c, argv[2]);
        if (m == null) {
            return;
        }
        int usable = 1;
        int voters = m.sentinels.size() + 1;
        for (Instance x : m.sentinels.values()) {
            if ((x.flags & (Instance.S_DOWN | Instance.O_DOWN)) == 0) {
                usable++;
            }
        }
        boolean noQuorum = usable < m.quorum;
        boolean noAuth = usable < voters / 2 + 1;
        if (!noQuorum && !noAuth) {
            c.reply().simple("OK " + usable + " usable Sentinels. Quorum and failover authorization can be reached");
            return;
        }
        StringBuilder e = new StringBuilder("NOQUORUM " + usable + " usable Sentinels. ");
        if (noQuorum) {
            e.append("Not enough available Sentinels to reach the specified quorum for this master");
        }
        if (noAuth) {
            if (noQuorum) {
                e.append(". ");
            }
            e.append("Not enough available Sentinels to reach the majority and authorize a failover");
        }
        c.reply().error(e.toString());
    }

    /** SENTINEL SET <master-name> <option> <value> [<option> <value> ...] */
    private void set(Client c, byte[][] argv) {
        Instance m = masterOrError(c, argv[2]);
        if (m == null) {
            return;
        }
        int changes = 0;
        int j = 3;
        try {
            for (; j < argv.length; j++) {
                String opt = str(argv[j]).toLowerCase(Locale.ROOT);
                int left = argv.length - j - 1;
                String val = left >= 1 ? str(argv[j + 1]) : null;
                switch (opt) {
                    case "down-after-milliseconds", "failover-timeout", "parallel-syncs", "quorum",
                         "master-reboot-down-after-period" -> {
                        if (left < 1) {
                            throw new Unknown(opt);
                        }
                        long v = parseOrInvalid(val, opt);
                        if (opt.equals("master-reboot-down-after-period") ? v < 0 : v <= 0) {
                            throw new Invalid(val, opt);
                        }
                        switch (opt) {
                            case "down-after-milliseconds" -> {
                                m.downAfterPeriod = v;
                                m.slaves.values().forEach(x -> x.downAfterPeriod = v);
                                m.sentinels.values().forEach(x -> x.downAfterPeriod = v);
                            }
                            case "failover-timeout" -> m.failoverTimeout = v;
                            case "parallel-syncs" -> m.parallelSyncs = (int) v;
                            case "quorum" -> m.quorum = (int) v;
                            default -> m.masterRebootDownAfterPeriod = v;
                        }
                        s.event(Sentinel.Level.WARNING, "+set", m, "%@ " + opt + " " + val);
                        j++;
                    }
                    case "notification-script", "client-reconfig-script" -> {
                        if (left < 1) {
                            throw new Unknown(opt);
                        }
                        if (s.denyScriptsReconfig) {
                            c.reply().error("ERR Reconfiguration of scripts path is denied for security reasons. "
                                    + "Check the deny-scripts-reconfig configuration directive in your Sentinel "
                                    + "configuration");
                            return;
                        }
                        if (!val.isEmpty() && !Scripts.executable(val)) {
                            c.reply().error("ERR " + (opt.equals("notification-script")
                                    ? "Notification script seems non existing or non executable"
                                    : "Client reconfiguration script seems non existing or non executable"));
                            return;
                        }
                        if (opt.equals("notification-script")) {
                            m.notificationScript = val.isEmpty() ? null : val;
                        } else {
                            m.clientReconfigScript = val.isEmpty() ? null : val;
                        }
                        s.event(Sentinel.Level.WARNING, "+set", m, "%@ " + opt + " " + val);
                        j++;
                    }
                    case "auth-pass", "auth-user" -> {
                        if (left < 1) {
                            throw new Unknown(opt);
                        }
                        if (opt.equals("auth-pass")) {
                            m.authPass = val.isEmpty() ? null : val;
                        } else {
                            m.authUser = val.isEmpty() ? null : val;
                        }
                        s.event(Sentinel.Level.WARNING, "+set", m, "%@ " + opt + " " + val);
                        j++;
                    }
                    case "rename-command" -> {
                        if (left < 2) {
                            throw new Unknown(opt);
                        }
                        String renamed = str(argv[j + 2]);
                        m.renamedCommands.put(val.toLowerCase(Locale.ROOT), renamed);
                        s.event(Sentinel.Level.WARNING, "+set", m, "%@ " + opt + " " + val + " " + renamed);
                        j += 2;
                    }
                    default -> throw new Unknown(opt);
                }
                changes++;
            }
        } catch (Unknown e) {
            c.reply().error("ERR Unknown option or number of arguments for SENTINEL SET '" + e.getMessage() + "'");
            if (changes > 0) {
                s.flush();
            }
            return;
        } catch (Invalid e) {
            c.reply().error("ERR Invalid argument '" + e.value + "' for SENTINEL SET '" + e.getMessage() + "'");
            if (changes > 0) {
                s.flush();
            }
            return;
        }
        s.flush();
        c.reply().ok();
    }

    private static final class Unknown extends Exception {
        Unknown(String opt) {
            super(opt, null, false, false);
        }
    }

    private static final class Invalid extends Exception {
        final String value;

        Invalid(String value, String opt) {
            super(opt, null, false, false);
            this.value = value;
        }
    }

    private static long parseOrInvalid(String v, String opt) throws Invalid {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new Invalid(v, opt);
        }
    }

    /** SENTINEL INFO-CACHE [<master-name> ...] */
    private void infoCache(Client c, byte[][] argv) {
        List<Instance> ms = new ArrayList<>();
        if (argv.length == 2) {
            ms.addAll(s.masters.values());
        } else {
            for (int i = 2; i < argv.length; i++) {
                Instance m = s.masters.get(str(argv[i]));
                if (m != null) {
                    ms.add(m);
                }
            }
        }
        Reply r = c.reply();
        long now = System.currentTimeMillis();
        r.array(ms.size() * 2);
        for (Instance m : ms) {
            r.bulk(m.name);
            r.array(m.slaves.size() + 1);
            List<Instance> all = new ArrayList<>();
            all.add(m);
            all.addAll(m.slaves.values());
            for (Instance x : all) {
                r.array(2);
                r.integer(x.infoRefresh == 0 ? 0 : now - x.infoRefresh);
                if (x.info.isEmpty()) {
                    r.nullBulk();
                } else {
                    r.bulk(x.info);
                }
            }
        }
    }

    /** SENTINEL SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP] */
    private void simulateFailure(Client c, byte[][] argv) {
        s.simFailureFlags = 0;
        for (int j = 2; j < argv.length; j++) {
            String a = str(argv[j]).toLowerCase(Locale.ROOT);
            switch (a) {
                case "crash-after-election" -> {
                    s.simFailureFlags |= Sentinel.SIMFAILURE_CRASH_AFTER_ELECTION;
                    org.slf4j.LoggerFactory.getLogger("vigil").warn("Failure simulation: this Sentinel will crash after being successfully elected as failover leader");
                }
                case "crash-after-promotion" -> {
                    s.simFailureFlags |= Sentinel.SIMFAILURE_CRASH_AFTER_PROMOTION;
                    org.slf4j.LoggerFactory.getLogger("vigil").warn("Failure simulation: this Sentinel will crash after promoting the selected replica to master");
                }
                case "help" -> {
                    c.reply().array(2);
                    c.reply().bulk("crash-after-election");
                    c.reply().bulk("crash-after-promotion");
                    return;
                }
                default -> {
                    c.reply().error("ERR Unknown failure simulation specified");
                    return;
                }
            }
        }
        c.reply().ok();
    }

    private static final String[] CONFIG_PARAMS = {"resolve-hostnames", "announce-hostnames", "announce-ip",
        "announce-port", "sentinel-user", "sentinel-pass"};

    private String configValue(String p) {
        return switch (p) {
            case "resolve-hostnames" -> s.resolveHostnames ? "yes" : "no";
            case "announce-hostnames" -> s.announceHostnames ? "yes" : "no";
            case "announce-ip" -> s.announceIp == null ? "" : s.announceIp;
            case "announce-port" -> Integer.toString(s.announcePort);
            case "sentinel-user" -> s.sentinelUser == null ? "" : s.sentinelUser;
            default -> s.sentinelPass == null ? "" : s.sentinelPass;
        };
    }

    /** SENTINEL CONFIG GET <param> | SENTINEL CONFIG SET <param> <value> */
    private void config(Client c, byte[][] argv) {
        String sub = str(argv[2]).toLowerCase(Locale.ROOT);
        if (sub.equals("get") && argv.length == 4) {
            Pattern p = globToRegex(str(argv[3]).toLowerCase(Locale.ROOT));
            List<String> match = new ArrayList<>();
            for (String name : CONFIG_PARAMS) {
                if (p.matcher(name).matches()) {
                    match.add(name);
                }
            }
            c.reply().map(match.size());
            for (String name : match) {
                c.reply().bulk(name);
                c.reply().bulk(configValue(name));
            }
            return;
        }
        if (sub.equals("set") && argv.length == 5) {
            String name = str(argv[3]).toLowerCase(Locale.ROOT);
            String val = str(argv[4]);
            switch (name) {
                case "resolve-hostnames", "announce-hostnames" -> {
                    if (!val.equalsIgnoreCase("yes") && !val.equalsIgnoreCase("no")) {
                        c.reply().error("ERR Invalid value '" + val + "' to SENTINEL CONFIG SET '" + name + "'");
                        return;
                    }
                    if (name.equals("resolve-hostnames")) {
                        s.resolveHostnames = val.equalsIgnoreCase("yes");
                    } else {
                        s.announceHostnames = val.equalsIgnoreCase("yes");
                    }
                }
                case "announce-ip" -> s.announceIp = val.isEmpty() ? null : val;
                case "announce-port" -> {
                    int p;
                    try {
                        p = Integer.parseInt(val);
                    } catch (NumberFormatException e) {
                        p = -1;
                    }
                    if (p < 0 || p > 65535) {
                        c.reply().error("ERR Invalid value '" + val + "' to SENTINEL CONFIG SET '" + name + "'");
                        return;
                    }
                    s.announcePort = p;
                }
                case "sentinel-user" -> s.sentinelUser = val.isEmpty() ? null : val;
                case "sentinel-pass" -> s.sentinelPass = val.isEmpty() ? null : val;
                default -> {
                    c.reply().error("ERR Invalid argument '" + name + "' to SENTINEL CONFIG SET");
                    return;
                }
            }
            s.flush();
            c.reply().ok();
            return;
        }
        c.reply().error("ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.");
    }

    /** SENTINEL DEBUG [<param> <value> ...] */
    private void debug(Client c, byte[][] argv) {
        Sentinel.Timing t = s.timing;
        if (argv.length == 2) {
            Object[][] rows = {{"INFO-PERIOD", t.infoPeriod}, {"PING-PERIOD", t.pingPeriod},
                {"ASK-PERIOD", t.askPeriod}, {"PUBLISH-PERIOD", t.publishPeriod},
                {"DEFAULT-DOWN-AFTER", t.defaultDownAfter}, {"DEFAULT-FAILOVER-TIMEOUT", t.defaultFailoverTimeout},
                {"TILT-TRIGGER", t.tiltTrigger}, {"TILT-PERIOD", t.tiltPeriod},
                {"SLAVE-RECONF-TIMEOUT", t.slaveReconfTimeout},
                {"MIN-LINK-RECONNECT-PERIOD", t.minLinkReconnectPeriod},
                {"ELECTION-TIMEOUT", t.electionTimeout}, {"SCRIPT-MAX-RUNTIME", t.scriptMaxRuntime},
                {"SCRIPT-RETRY-DELAY", t.scriptRetryDelay}};
            c.reply().map(rows.length);
            for (Object[] row : rows) {
                c.reply().bulk((String) row[0]);
                c.reply().bulk(row[1].toString());
            }
            return;
        }
        for (int j = 2; j < argv.length; j += 2) {
            String name = str(argv[j]).toLowerCase(Locale.ROOT);
            if (j + 1 >= argv.length || !DEBUG_PARAMS.contains(name)) {
                c.reply().error("ERR Unknown option or number of arguments for SENTINEL DEBUG '" + name + "'");
                return;
            }
            long v;
            try {
                v = Long.parseLong(str(argv[j + 1]));
            } catch (NumberFormatException e) {
                v = 0;
            }
            if (v <= 0) {
                c.reply().error("ERR Invalid argument '" + str(argv[j + 1]) + "' for SENTINEL DEBUG '" + name + "'");
                return;
            }
        }
        for (int j = 2; j < argv.length; j += 2) {
            long v = Long.parseLong(str(argv[j + 1]));
            switch (str(argv[j]).toLowerCase(Locale.ROOT)) {
                case "info-period" -> t.infoPeriod = v;
                case "ping-period" -> t.pingPeriod = v;
                case "ask-period" -> t.askPeriod = v;
                case "publish-period" -> t.publishPeriod = v;
                case "default-down-after" -> t.defaultDownAfter = v;
                case "default-failover-timeout" -> t.defaultFailoverTimeout = v;
                case "tilt-trigger" -> t.tiltTrigger = v;
                case "tilt-period" -> t.tiltPeriod = v;
                case "slave-reconf-timeout" -> t.slaveReconfTimeout = v;
                case "min-link-reconnect-period" -> t.minLinkReconnectPeriod = v;
                case "election-timeout" -> t.electionTimeout = v;
                case "script-max-runtime" -> t.scriptMaxRuntime = v;
                case "script-retry-delay" -> t.scriptRetryDelay = v;
                case "max-desync" -> t.maxDesync = v;
                default -> { }
            }
        }
        c.reply().ok();
    }

    private static final List<String> DEBUG_PARAMS = List.of("info-period", "ping-period", "ask-period",
            "publish-period", "default-down-after", "default-failover-timeout", "tilt-trigger", "tilt-period",
            "slave-reconf-timeout", "min-link-reconnect-period", "election-timeout", "script-max-runtime",
            "script-retry-delay", "max-desync");

    /** SENTINEL MYID */
    private void myid(Client c, byte[][] argv) {
        c.reply().bulk(s.myid);
    }

    /** SENTINEL HELP */
    private void help(Client c, byte[][] argv) {
        String[] lines = {
            "SENTINEL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CKQUORUM <master-name>",
            "    Check if the current Sentinel configuration is able to reach the quorum",
            "    needed to failover a master and the majority needed to authorize the",
            "    failover.",
            "CONFIG SET <param> <value>",
            "    Set a global Sentinel configuration parameter.",
            "CONFIG GET <param>",
            "    Get global Sentinel configuration parameter.",
            "DEBUG [<param> <value> ...]",
            "    Show a list of configurable time parameters and their values (milliseconds).",
            "    Or update current configurable parameters values (one or more).",
            "GET-MASTER-ADDR-BY-NAME <master-name>",
            "    Return the ip and port number of the master with that name.",
            "FAILOVER <master-name>",
            "    Manually failover a master node without asking for agreement from other",
            "    Sentinels",
            "FLUSHCONFIG",
            "    Force Sentinel to rewrite its configuration on disk, including the current",
            "    Sentinel state.",
            "INFO-CACHE <master-name>",
            "    Return last cached INFO output from masters and all its replicas.",
            "IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid>",
            "    Check if the master specified by ip:port is down from current Sentinel's",
            "    point of view.",
            "MASTER <master-name>",
            "    Show the state and info of the specified master.",
            "MASTERS",
            "    Show a list of monitored masters and their state.",
            "MONITOR <name> <ip> <port> <quorum>",
            "    Start monitoring a new master with the specified name, ip, port and quorum.",
            "MYID",
            "    Return the ID of the Sentinel instance.",
            "PENDING-SCRIPTS",
            "    Get pending scripts information.",
            "REMOVE <master-name>",
            "    Remove master from Sentinel's monitor list.",
            "REPLICAS <master-name>",
            "    Show a list of replicas for this master and their state.",
            "RESET <pattern>",
            "    Reset masters for specific master name matching this pattern.",
            "SENTINELS <master-name>",
            "    Show a list of Sentinel instances for this master and their state.",
            "SET <master-name> <option> <value> [<option> <value> ...]",
            "    Set configuration paramters for certain masters.",
            "SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP]",
            "    Simulate a Sentinel crash.",
            "HELP",
            "    Print this help."};
        c.reply().array(lines.length);
        for (String l : lines) {
            c.reply().simple(l);
        }
    }

    /** ROLE: {@code sentinel} and the names of the monitored masters. */
    private void role(Client c, byte[][] argv) {
        c.reply().array(2);
        c.reply().bulk("sentinel");
        c.reply().array(s.masters.size());
        s.masters.keySet().forEach(c.reply()::bulk);
    }

    /** PUBLISH <channel> <message>: only hello messages, which are processed at once. */
    private void publish(Client c, byte[][] argv) {
        if (!str(argv[1]).equals(Sentinel.HELLO_CHANNEL)) {
            c.reply().error("ERR Only HELLO messages are accepted by Sentinel instances.");
            return;
        }
        s.processHello(str(argv[2]));
        c.reply().integer(1);
    }

    /** The engine helper used for lower-casing (keeps the dependency explicit). */
    static String lower(byte[] b) {
        return Engine.lower(b);
    }
}
