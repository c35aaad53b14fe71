package io.vigil.sentinel;

import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Redis Sentinel's algorithm: links to every monitored instance, periodic PING / INFO / hello, subjective and
 * objective down, leader election per epoch, the failover state machine, TILT, and the events it emits.
 * The structure follows Redis's sentinel.c, section by section, so the two can be compared.
 *
 * <p>Runs on one event loop (the server's main loop): the 100 ms timer, link callbacks and the SENTINEL
 * command all touch the state from that thread only.
 */
public final class Sentinel {
    private static final Logger LOG = LoggerFactory.getLogger("vigil");
    static final String HELLO_CHANNEL = "__sentinel__:hello";
    static final int MAX_PENDING_COMMANDS = 100;
    static final long DEFAULT_DOWN_AFTER = 30000;
    static final long DEFAULT_FAILOVER_TIMEOUT = 180000;

    /** Simulated failures (SENTINEL SIMULATE-FAILURE). */
    static final int SIMFAILURE_CRASH_AFTER_ELECTION = 1;
    static final int SIMFAILURE_CRASH_AFTER_PROMOTION = 2;

    /** Log levels of events: Redis's LL_WARNING, LL_NOTICE, LL_VERBOSE, LL_DEBUG. */
    enum Level { WARNING, NOTICE, VERBOSE, DEBUG }

    /** Redis's timing parameters, changeable with SENTINEL DEBUG. */
    static final class Timing {
        long infoPeriod = 10000;
        long pingPeriod = 1000;
        long askPeriod = 1000;
        long publishPeriod = 2000;
        long defaultDownAfter = DEFAULT_DOWN_AFTER;
        long tiltTrigger = 2000;
        long tiltPeriod = 30000;
        long slaveReconfTimeout = 10000;
        long minLinkReconnectPeriod = 15000;
        long maxDesync = 1000;
        long electionTimeout = 10000;
        long scriptMaxRuntime = 60000;
        long scriptRetryDelay = 30000;
        long defaultFailoverTimeout = DEFAULT_FAILOVER_TIMEOUT;
    }

    final Timing timing = new Timing();
    final Map<String, Instance> masters = new LinkedHashMap<>();
    String myid;
    long currentEpoch;
    /** Failovers this sentinel led to their end (+failover-end), for the metrics. */
    private long failoversLed;
    String announceIp;
    int announcePort;
    boolean denyScriptsReconfig = true;
    boolean resolveHostnames;
    boolean announceHostnames;
    String sentinelUser;
    String sentinelPass;
    boolean tilt;
    long tiltStartTime;
    long previousTime = System.currentTimeMillis();
    int simFailureFlags;
    final Scripts scripts;

    private EventLoopGroup loop;
    private boolean epoll;
    private int myPort;
    private BiConsumer<String, String> publisher = (c, m) -> { };
    private Runnable flushConfig = () -> { };
    private Runnable crash = () -> Runtime.getRuntime().halt(99);
    private boolean started;

    /** A sentinel with no masters; {@link #attach} gives it its event loop before {@link #start()}. */
    public Sentinel() {
        this.scripts = new Scripts(this);
    }

    /**
     * Links run on {@code loop} ({@code epoll}: whether that loop uses the epoll transport); {@code myPort}
     * is the sentinel's own TCP port (announced in hello messages unless announce-port is set).
     */
    public void attach(EventLoopGroup loop, boolean epoll, int myPort) {
        this.loop = loop;
        this.epoll = epoll;
        this.myPort = myPort;
    }

    /** Where events are published (the sentinel's own pub/sub: channel = event type). */
    public void publisher(BiConsumer<String, String> p) {
        this.publisher = p;
    }

    /** What saves the configuration file (called after every state change). */
    public void flushConfig(Runnable r) {
        this.flushConfig = r;
    }

    /**
     * Lines for the metrics endpoint that INFO sentinel does not print (Redis has no such fields):
     * {@code sentinel_current_epoch} and {@code sentinel_failovers} (failovers this sentinel led to their end).
     */
    public String metricsLines() {
        return "sentinel_current_epoch:" + currentEpoch + "\r\nsentinel_failovers:" + failoversLed + "\r\n";
    }

    /** The sentinel's run id (SENTINEL MYID). */
    public String myid() {
        return myid;
    }

    /** Sets the run id, or generates one when {@code id} is null. */
    void myid(String id) {
        if (id == null) {
            byte[] b = new byte[20];
            new SecureRandom().nextBytes(b);
            id = HexFormat.of().formatHex(b);
        }
        this.myid = id;
    }

    /** Logs "Sentinel ID is", the +monitor events, and starts the 100 ms timer (Redis's sentinelIsRunning). */
    public void start() {
        if (myid == null) {
            myid(null);
            flush();
        }
        started = true;
        long now = System.currentTimeMillis();
        previousTime = now;
        for (Instance m : masters.values()) {
            List<Instance> all = new ArrayList<>(m.slaves.values());
            all.addAll(m.sentinels.values());
            all.add(m);
            for (Instance i : all) {
                i.lastAvailTime = now;
                i.lastPongTime = now;
            }
        }
        LOG.warn("Sentinel ID is {}", myid);
        for (Instance m : masters.values()) {
            event(Level.WARNING, "+monitor", m, "%@ quorum " + m.quorum);
        }
        scheduleTimer();
    }

    void flush() {
        flushConfig.run();
    }

    /** Whether {@link #start()} ran (configuration lines after start are runtime changes). */
    boolean started() {
        return started;
    }

    // =========================================================================================== instances

    /** Creates a monitored master (config or SENTINEL MONITOR). */
    Instance createMaster(String name, String host, int port, int quorum) {
        Instance m = new Instance(Instance.MASTER, name, host, port, null);
        m.quorum = quorum;
        m.downAfterPeriod = timing.defaultDownAfter;
        m.failoverTimeout = timing.defaultFailoverTimeout;
        masters.put(name, m);
        return m;
    }

    /** Adds a replica of {@code master} unless one with this address exists; returns it or null. */
    Instance addSlave(Instance master, String host, int port) {
        String key = host + ":" + port;
        if (master.slaves.containsKey(key)) {
            return null;
        }
        Instance s = new Instance(Instance.SLAVE, key, host, port, master);
        s.downAfterPeriod = master.downAfterPeriod;
        master.slaves.put(key, s);
        return s;
    }

    /** Adds a sentinel of {@code master} with run id {@code runid}. */
    Instance addSentinel(Instance master, String runid, String host, int port) {
        Instance s = new Instance(Instance.SENTINEL, runid, host, port, master);
        s.runId = runid;
        s.downAfterPeriod = master.downAfterPeriod;
        master.sentinels.put(runid, s);
        return s;
    }

    static Instance slaveByAddr(Instance master, String host, int port) {
        return master.slaves.get(host + ":" + port);
    }

    /** The address clients should use for this master: the promoted replica once reconfiguration began. */
    static Instance currentMasterAddress(Instance m) {
        if ((m.flags & Instance.FAILOVER_IN_PROGRESS) != 0 && m.promotedSlave != null
                && m.failoverState >= Instance.FS_RECONF_SLAVES) {
            return m.promotedSlave;
        }
        return m;
    }

    private void releaseLinks(Instance ri) {
        Link cc = ri.cc;
        Link pc = ri.pc;
        ri.cc = null;
        ri.pc = null;
        if (cc != null) {
            cc.close();
        }
        if (pc != null) {
            pc.close();
        }
    }

    /** SENTINEL RESET / a switch of master: forget replicas (and sentinels), failover state and links. */
    void resetMaster(Instance m, boolean keepSentinels, boolean generateEvent) {
        for (Instance s : m.slaves.values()) {
            releaseLinks(s);
        }
        m.slaves.clear();
        if (!keepSentinels) {
            for (Instance s : m.sentinels.values()) {
                releaseLinks(s);
            }
            m.sentinels.clear();
        }
        releaseLinks(m);
        m.flags &= Instance.MASTER;
        m.leader = null;
        m.failoverState = Instance.FS_NONE;
        m.failoverStateChangeTime = 0;
        m.failoverStartTime = 0;
        m.promotedSlave = null;
        m.runId = null;
        m.info = "";
        m.infoRefresh = 0;
        m.roleReported = Instance.MASTER;
        m.roleReportedTime = System.currentTimeMillis();
        m.sDownSinceTime = 0;
        m.oDownSinceTime = 0;
        m.lastAvailTime = System.currentTimeMillis();
        m.lastPongTime = System.currentTimeMillis();
        m.actPingTime = 0;
        if (generateEvent) {
            event(Level.WARNING, "+reset-master", m, "%@");
        }
    }

    /**
     * Points {@code m} at a new address: its replicas become the old replicas (minus the new master) plus
     * the old master, each announced with +slave (sentinelResetMasterAndChangeAddress).
     */
    void resetMasterAndChangeAddress(Instance m, String host, int port) {
        List<String[]> slaves = new ArrayList<>();
        for (Instance s : m.slaves.values()) {
            if (!s.addrEquals(host, port)) {
                slaves.add(new String[] {s.host, Integer.toString(s.port)});
            }
        }
        if (!m.addrEquals(host, port)) {
            slaves.add(new String[] {m.host, Integer.toString(m.port)});
        }
        resetMaster(m, true, false);
        m.host = host;
        m.port = port;
        for (String[] a : slaves) {
            Instance s = addSlave(m, a[0], Integer.parseInt(a[1]));
            if (s != null) {
                event(Level.NOTICE, "+slave", s, "%@");
            }
        }
        flush();
    }

    // =========================================================================================== events

    /**
     * Logs and publishes an event as sentinelEvent does: a format starting with {@code %@} is preceded by
     * the instance ({@code <type> <name> <ip> <port>} plus {@code @ <master> <ip> <port>} for non-masters).
     * Warnings about an instance also run the master's notification script.
     */
    void event(Level level, String type, Instance ri, String fmt) {
        if (type.equals("+failover-end")) {
            failoversLed++;
        }
        StringBuilder msg = new StringBuilder();
        String rest = fmt;
        if (fmt.startsWith("%@")) {
            Instance master = ri.is(Instance.MASTER) ? null : ri.master;
            msg.append(ri.typeName()).append(' ').append(ri.name).append(' ').append(ri.host).append(' ')
                    .append(ri.port);
            if (master != null) {
                msg.append(" @ ").append(master.name).append(' ').append(master.host).append(' ')
                        .append(master.port);
            }
            rest = fmt.substring(2);
        }
        msg.append(rest);
        String text = msg.toString();
        String line = type + " " + text;
        switch (level) {
            case WARNING -> LOG.warn(line);
            case NOTICE -> LOG.info(line);
            case VERBOSE -> LOG.debug(line);
            default -> LOG.trace(line);
        }
        if (level != Level.DEBUG) {
            publisher.accept(type, text);
        }
        if (level == Level.WARNING && ri != null) {
            Instance master = ri.is(Instance.MASTER) ? ri : ri.master;
            if (master != null && master.notificationScript != null) {
                scripts.schedule(master.notificationScript, type, text);
            }
        }
    }

    // =========================================================================================== links

    private String[] authFor(Instance ri) {
        if (ri.is(Instance.SENTINEL)) {
            if (sentinelPass == null) {
                return null;
            }
            return sentinelUser == null ? new String[] {"AUTH", sentinelPass}
                    : new String[] {"AUTH", sentinelUser, sentinelPass};
        }
        Instance m = ri.is(Instance.MASTER) ? ri : ri.master;
        if (m.authPass == null) {
            return null;
        }
        return m.authUser == null ? new String[] {ri.cmd("AUTH"), m.authPass}
                : new String[] {ri.cmd("AUTH"), m.authUser, m.authPass};
    }

    /** Opens the missing links of {@code ri}, at most once per ping period (sentinelReconnectInstance). */
    private void reconnectInstance(Instance ri) {
        if (!ri.disconnected() || ri.port == 0) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now - ri.lastReconnTime < timing.pingPeriod) {
            return;
        }
        ri.lastReconnTime = now;
        String shortId = myid.substring(0, 8);
        if (ri.cc == null) {
            Link[] holder = new Link[1];
            Link l = Link.connect(loop, epoll, ri.host, ri.port, null, () -> {
                if (ri.cc == holder[0]) {
                    ri.cc = null;
                }
            });
            holder[0] = l;
            ri.cc = l;
            String[] auth = authFor(ri);
            if (auth != null) {
                l.send(null, auth);
            }
            l.send(null, ri.cmd("CLIENT"), "SETNAME", "sentinel-" + shortId + "-cmd");
            sendPing(ri);
        }
        if (ri.pc == null && !ri.is(Instance.SENTINEL)) {
            Link[] holder = new Link[1];
            Link l = Link.connect(loop, epoll, ri.host, ri.port, null, () -> {
                if (ri.pc == holder[0]) {
                    ri.pc = null;
                }
            });
            holder[0] = l;
            ri.pc = l;
            String[] auth = authFor(ri);
            if (auth != null) {
                l.send(null, auth);
            }
            l.send(null, ri.cmd("CLIENT"), "SETNAME", "sentinel-" + shortId + "-pubsub");
            l.onPush(push -> receiveHello(ri, push));
            l.send(null, ri.cmd("SUBSCRIBE"), HELLO_CHANNEL);
        }
    }

    private void receiveHello(Instance ri, List<Object> push) {
        if (push.size() == 3 && "message".equals(push.get(0)) && push.get(2) instanceof String payload) {
            if (!payload.contains(myid)) {
                processHello(payload);
            }
        }
    }

    // =========================================================================================== periodic

    private boolean sendPing(Instance ri) {
        if (ri.cc == null) {
            return false;
        }
        boolean ok = ri.cc.send(r -> pingReply(ri, r), ri.cmd("PING"));
        if (ok) {
            long now = System.currentTimeMillis();
            ri.lastPingTime = now;
            if (ri.actPingTime == 0) {
                ri.actPingTime = now;
            }
        }
        return ok;
    }

    private void pingReply(Instance ri, Object r) {
        long now = System.currentTimeMillis();
        if (r instanceof String s && (s.equals("PONG") || s.startsWith("LOADING") || s.startsWith("MASTERDOWN"))) {
            ri.lastAvailTime = now;
            ri.actPingTime = 0;
        } else if (r instanceof Link.Err e && (e.message().startsWith("LOADING")
                || e.message().startsWith("MASTERDOWN"))) {
            ri.lastAvailTime = now;
            ri.actPingTime = 0;
        }
        ri.lastPongTime = now;
    }

    /** Sends a hello about {@code ri}'s master on {@code ri}'s command link (sentinelSendHello). */
    private boolean sendHello(Instance ri) {
        if (ri.cc == null) {
            return false;
        }
        Instance master = ri.is(Instance.MASTER) ? ri : ri.master;
        Instance addr = currentMasterAddress(master);
        String ip = announceIp != null ? announceIp : ri.cc.localIp();
        if (ip == null) {
            return false;
        }
        int port = announcePort != 0 ? announcePort : myPort;
        String payload = ip + "," + port + "," + myid + "," + currentEpoch + "," + master.name + "," + addr.host
                + "," + addr.port + "," + master.configEpoch;
        return ri.cc.send(r -> {
            if (!(r instanceof Link.Err)) {
                ri.lastPubTime = System.currentTimeMillis();
            }
        }, ri.cmd("PUBLISH"), HELLO_CHANNEL, payload);
    }

    /** Makes the next timer tick send hellos for {@code master} everywhere (sentinelForceHelloUpdateForMaster). */
    private void forceHelloUpdate(Instance master) {
        long t = System.currentTimeMillis() - timing.publishPeriod - 1;
        master.lastPubTime = t;
        master.slaves.values().forEach(s -> s.lastPubTime = t);
        master.sentinels.values().forEach(s -> s.lastPubTime = t);
    }

    private void sendPeriodicCommands(Instance ri) {
        long now = System.currentTimeMillis();
        if (ri.disconnected() || ri.cc.pendingCommands() >= MAX_PENDING_COMMANDS) {
            return;
        }
        long infoPeriod;
        if (ri.is(Instance.SLAVE) && ((ri.master.flags & (Instance.O_DOWN | Instance.FAILOVER_IN_PROGRESS)) != 0
                || ri.masterLinkDownTime != 0)) {
            infoPeriod = 1000;
        } else {
            infoPeriod = timing.infoPeriod;
        }
        long pingPeriod = Math.min(ri.downAfterPeriod, timing.pingPeriod);
        if (!ri.is(Instance.SENTINEL) && (ri.infoRefresh == 0 || now - ri.infoRefresh > infoPeriod)) {
            ri.cc.send(r -> {
                if (r instanceof String s) {
                    refreshInstanceInfo(ri, s);
                }
            }, ri.cmd("INFO"));
        }
        if (now - ri.lastPongTime > pingPeriod && now - ri.lastPingTime > pingPeriod / 2) {
            sendPing(ri);
        }
        if (now - ri.lastPubTime > timing.publishPeriod) {
            sendHello(ri);
        }
    }

    // =========================================================================================== INFO

    /** Parses an INFO reply and acts on it (sentinelRefreshInstanceInfo). */
    void refreshInstanceInfo(Instance ri, String info) {
        long now = System.currentTimeMillis();
        int role = 0;
        ri.info = info;
        ri.masterLinkDownTime = 0;
        boolean newSlaves = false;
        for (String raw : info.split("\r\n")) {
            String l = raw.trim();
            if (l.startsWith("run_id:") && l.length() >= 47) {
                String id = l.substring(7, 47);
                if (ri.runId == null || !ri.runId.equals(id)) {
                    if (ri.runId != null) {
                        event(Level.NOTICE, "+reboot", ri, "%@");
                        if (ri.is(Instance.MASTER) && ri.masterRebootDownAfterPeriod != 0) {
                            ri.flags |= Instance.MASTER_REBOOT;
                            ri.masterRebootSinceTime = now;
                        }
                    }
                    ri.runId = id;
                }
            }
            if (ri.is(Instance.MASTER) && l.startsWith("slave") && l.indexOf(':') > 5
                    && isDigits(l.substring(5, l.indexOf(':')))) {
                String[] hp = slaveAddr(l.substring(l.indexOf(':') + 1));
                if (hp != null) {
                    Instance s = slaveByAddr(ri, hp[0], Integer.parseInt(hp[1]));
                    if (s == null) {
                        s = addSlave(ri, hp[0], Integer.parseInt(hp[1]));
                        if (s != null) {
                            event(Level.NOTICE, "+slave", s, "%@");
                            newSlaves = true;
                        }
                    }
                }
            }
            if (l.startsWith("master_link_down_since_seconds:")) {
                ri.masterLinkDownTime = parseLong(l.substring(31)) * 1000;
            }
            if (l.equals("role:master")) {
                role = Instance.MASTER;
            } else if (l.equals("role:slave")) {
                role = Instance.SLAVE;
            }
            if (role == Instance.SLAVE) {
                if (l.startsWith("master_host:")) {
                    String h = l.substring(12);
                    if (ri.slaveMasterHost == null || !ri.slaveMasterHost.equalsIgnoreCase(h)) {
                        ri.slaveMasterHost = h;
                        ri.slaveConfChangeTime = now;
                    }
                } else if (l.startsWith("master_port:")) {
                    int p = (int) parseLong(l.substring(12));
                    if (ri.slaveMasterPort != p) {
                        ri.slaveMasterPort = p;
                        ri.slaveConfChangeTime = now;
                    }
                } else if (l.startsWith("master_link_status:")) {
                    ri.slaveMasterLinkUp = l.substring(19).equalsIgnoreCase("up");
                } else if (l.startsWith("slave_priority:")) {
                    ri.slavePriority = (int) parseLong(l.substring(15));
                } else if (l.startsWith("slave_repl_offset:")) {
                    ri.slaveReplOffset = parseLong(l.substring(18));
                } else if (l.startsWith("replica_announced:")) {
                    ri.replicaAnnounced = parseLong(l.substring(18)) != 0;
                }
            }
        }
        ri.infoRefresh = now;
        if (newSlaves) {
            flush();
        }
        if (role != 0 && role != ri.roleReported) {
            ri.roleReportedTime = now;
            ri.roleReported = role;
            if (role == Instance.SLAVE) {
                ri.slaveConfChangeTime = now;
            }
            if ((ri.is(Instance.MASTER) && role == Instance.SLAVE) || (ri.is(Instance.SLAVE) && role == Instance.MASTER)) {
                event(Level.VERBOSE, (ri.flags & (Instance.MASTER | Instance.SLAVE)) == role ? "+role-change"
                        : "-role-change", ri, "%@ new reported role is " + (role == Instance.MASTER ? "master" : "slave"));
            }
        }
        if (role == 0 || tilt) {
            return;
        }
        // A replica turned master: the promoted one moves the failover on, any other is turned back.
        if (ri.is(Instance.SLAVE) && role == Instance.MASTER) {
            Instance m = ri.master;
            if (ri.is(Instance.PROMOTED) && m.is(Instance.FAILOVER_IN_PROGRESS)
                    && m.failoverState == Instance.FS_WAIT_PROMOTION) {
                m.configEpoch = m.failoverEpoch;
                m.failoverState = Instance.FS_RECONF_SLAVES;
                m.failoverStateChangeTime = now;
                flush();
                event(Level.WARNING, "+promoted-slave", ri, "%@");
                if ((simFailureFlags & SIMFAILURE_CRASH_AFTER_PROMOTION) != 0) {
                    simFailureCrash();
                }
                event(Level.WARNING, "+failover-state-reconf-slaves", m, "%@");
                scripts.clientReconfig(m, "leader", "start", m, ri);
                forceHelloUpdate(m);
            } else {
                long wait = timing.publishPeriod * 4;
                if (!ri.is(Instance.PROMOTED) && masterLooksSane(m) && noDownFor(ri, wait)
                        && now - ri.roleReportedTime > wait) {
                    if (sendSlaveOf(ri, m.host, m.port)) {
                        event(Level.NOTICE, "+convert-to-slave", ri, "%@");
                    }
                }
            }
        }
        // A replica replicating from the wrong address.
        if (ri.is(Instance.SLAVE) && role == Instance.SLAVE && ri.slaveMasterHost != null
                && (ri.slaveMasterPort != ri.master.port || !ri.master.host.equalsIgnoreCase(ri.slaveMasterHost))) {
            long wait = ri.master.failoverTimeout;
            if (masterLooksSane(ri.master) && noDownFor(ri, wait) && now - ri.slaveConfChangeTime > wait) {
                if (sendSlaveOf(ri, ri.master.host, ri.master.port)) {
                    event(Level.NOTICE, "+fix-slave-config", ri, "%@");
                }
            }
        }
        // A replica being reconfigured moved on.
        if (ri.is(Instance.SLAVE) && role == Instance.SLAVE
                && (ri.flags & (Instance.RECONF_SENT | Instance.RECONF_INPROG)) != 0
                && ri.master.promotedSlave != null) {
            Instance p = ri.master.promotedSlave;
            if (ri.is(Instance.RECONF_SENT) && ri.slaveMasterHost != null
                    && p.addrEquals(ri.slaveMasterHost, ri.slaveMasterPort)) {
                ri.flags &= ~Instance.RECONF_SENT;
                ri.flags |= Instance.RECONF_INPROG;
                event(Level.NOTICE, "+slave-reconf-inprog", ri, "%@");
            }
            if (ri.is(Instance.RECONF_INPROG) && ri.slaveMasterLinkUp) {
                ri.flags &= ~Instance.RECONF_INPROG;
                ri.flags |= Instance.RECONF_DONE;
                event(Level.NOTICE, "+slave-reconf-done", ri, "%@");
            }
        }
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** ip and port of an INFO {@code slaveN:} value, new ({@code ip=..,port=..}) or old ({@code ip,port,state}) form. */
    private static String[] slaveAddr(String v) {
        if (v.contains("=")) {
            String ip = null;
            String port = null;
            for (String kv : v.split(",")) {
                if (kv.startsWith("ip=")) {
                    ip = kv.substring(3);
                } else if (kv.startsWith("port=")) {
                    port = kv.substring(5);
                }
            }
            return ip != null && port != null && isDigits(port) ? new String[] {ip, port} : null;
        }
        String[] p = v.split(",");
        return p.length >= 2 && isDigits(p[1]) ? new String[] {p[0], p[1]} : null;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private boolean masterLooksSane(Instance m) {
        return m.is(Instance.MASTER) && m.roleReported == Instance.MASTER
                && (m.flags & (Instance.S_DOWN | Instance.O_DOWN)) == 0
                && System.currentTimeMillis() - m.infoRefresh < timing.infoPeriod * 2;
    }

    private static boolean noDownFor(Instance ri, long ms) {
        long mostRecent = Math.max(ri.sDownSinceTime, ri.oDownSinceTime);
        return mostRecent == 0 || System.currentTimeMillis() - mostRecent > ms;
    }

    // =========================================================================================== hello

    /** Handles a hello from another sentinel, received on a server's channel or by PUBLISH to us. */
    void processHello(String hello) {
        String[] t = hello.split(",", -1);
        if (t.length != 8) {
            return;
        }
        Instance master = masters.get(t[4]);
        if (master == null) {
            return;
        }
        int port;
        int masterPort;
        long epoch;
        long masterConfigEpoch;
        try {
            port = Integer.parseInt(t[1]);
            masterPort = Integer.parseInt(t[6]);
            epoch = Long.parseLong(t[3]);
            masterConfigEpoch = Long.parseLong(t[7]);
        } catch (NumberFormatException e) {
            return;
        }
        String ip = t[0];
        String runid = t[2];
        if (runid.equals(myid)) {
            return;
        }
        Instance si = master.sentinels.get(runid);
        if (si != null && !si.addrEquals(ip, port)) {
            // Same sentinel at a new address.
            releaseLinks(si);
            master.sentinels.remove(runid);
            si = addSentinel(master, runid, ip, port);
            event(Level.NOTICE, "+sentinel-address-switch", master, "%@ ip " + ip + " port " + port + " for " + runid);
            flush();
        } else if (si == null) {
            for (Instance other : master.sentinels.values()) {
                if (other.addrEquals(ip, port)) {
                    event(Level.NOTICE, "+sentinel-invalid-addr", other, "%@");
                    other.port = 0;
                    releaseLinks(other);
                }
            }
            si = addSentinel(master, runid, ip, port);
            event(Level.NOTICE, "+sentinel", si, "%@");
            flush();
        }
        if (epoch > currentEpoch) {
            currentEpoch = epoch;
            flush();
            event(Level.WARNING, "+new-epoch", master, Long.toString(currentEpoch));
        }
        if (master.configEpoch < masterConfigEpoch) {
            master.configEpoch = masterConfigEpoch;
            if (masterPort != master.port || !master.host.equalsIgnoreCase(t[5])) {
                event(Level.WARNING, "+config-update-from", si, "%@");
                event(Level.WARNING, "+switch-master", master, master.name + " " + master.host + " " + master.port
                        + " " + t[5] + " " + masterPort);
                String oldHost = master.host;
                int oldPort = master.port;
                resetMasterAndChangeAddress(master, t[5], masterPort);
                scripts.clientReconfig(master, "observer", "start", oldHost, oldPort, master.host, master.port);
            } else {
                flush();
            }
        }
        si.lastHelloTime = System.currentTimeMillis();
    }

    // =========================================================================================== SDOWN / ODOWN

    private void checkSubjectivelyDown(Instance ri) {
        long now = System.currentTimeMillis();
        long elapsed = 0;
        if (ri.actPingTime != 0) {
            elapsed = now - ri.actPingTime;
        } else if (ri.disconnected()) {
            elapsed = now - ri.lastAvailTime;
        }
        // A link that stopped answering is reopened (at most every min-link-reconnect-period).
        if (ri.cc != null && now - ri.cc.connectTime > timing.minLinkReconnectPeriod && ri.actPingTime != 0
                && now - ri.actPingTime > ri.downAfterPeriod / 2 && now - ri.lastPongTime > ri.downAfterPeriod / 2) {
            Link l = ri.cc;
            ri.cc = null;
            l.close();
        }
        if (ri.pc != null && now - ri.pc.connectTime > timing.minLinkReconnectPeriod
                && now - ri.pc.lastActivity > timing.publishPeriod * 3) {
            Link l = ri.pc;
            ri.pc = null;
            l.close();
        }
        if (elapsed > ri.downAfterPeriod
                || (ri.is(Instance.MASTER) && ri.roleReported == Instance.SLAVE
                        && now - ri.roleReportedTime > ri.downAfterPeriod + timing.infoPeriod * 2)
                || (ri.is(Instance.MASTER_REBOOT) && now - ri.masterRebootSinceTime > ri.masterRebootDownAfterPeriod)) {
            if (!ri.is(Instance.S_DOWN)) {
                event(Level.WARNING, "+sdown", ri, "%@");
                ri.sDownSinceTime = now;
                ri.flags |= Instance.S_DOWN;
            }
        } else if (ri.is(Instance.S_DOWN)) {
            event(Level.WARNING, "-sdown", ri, "%@");
            ri.flags &= ~Instance.S_DOWN;
        }
    }

    private void checkObjectivelyDown(Instance m) {
        int quorum = 0;
        boolean odown = false;
        if (m.is(Instance.S_DOWN)) {
            quorum = 1;
            for (Instance s : m.sentinels.values()) {
                if (s.is(Instance.MASTER_DOWN)) {
                    quorum++;
                }
            }
            odown = quorum >= m.quorum;
        }
        if (odown) {
            if (!m.is(Instance.O_DOWN)) {
                event(Level.WARNING, "+odown", m, "%@ #quorum " + quorum + "/" + m.quorum);
                m.flags |= Instance.O_DOWN;
                m.oDownSinceTime = System.currentTimeMillis();
            }
        } else if (m.is(Instance.O_DOWN)) {
            event(Level.WARNING, "-odown", m, "%@");
            m.flags &= ~Instance.O_DOWN;
        }
    }

    /** Asks the other sentinels whether {@code m} is down, and for their vote once a failover started. */
    private void askMasterStateToOtherSentinels(Instance m, boolean forced) {
        long now = System.currentTimeMillis();
        for (Instance ri : m.sentinels.values()) {
            if (now - ri.lastMasterDownReplyTime > timing.askPeriod * 5) {
                ri.flags &= ~Instance.MASTER_DOWN;
                ri.leader = null;
            }
            if (!m.is(Instance.S_DOWN) || ri.disconnected()) {
                continue;
            }
            if (!forced && now - ri.lastMasterDownReplyTime < timing.askPeriod) {
                continue;
            }
            ri.cc.send(r -> isMasterDownReply(ri, r), "SENTINEL", "is-master-down-by-addr", m.host,
                    Integer.toString(m.port), Long.toString(currentEpoch),
                    m.failoverState > Instance.FS_NONE ? myid : "*");
        }
    }

    private void isMasterDownReply(Instance ri, Object r) {
        if (r instanceof List<?> l && l.size() == 3 && l.get(0) instanceof Long down && l.get(1) instanceof String
                && l.get(2) instanceof Long epoch) {
            ri.lastMasterDownReplyTime = System.currentTimeMillis();
            if (down == 1) {
                ri.flags |= Instance.MASTER_DOWN;
            } else {
                ri.flags &= ~Instance.MASTER_DOWN;
            }
            String leader = (String) l.get(1);
            if (!leader.equals("*")) {
                if (ri.leaderEpoch != epoch) {
                    LOG.warn("{} voted for {} {}", ri.name, leader, epoch);
                }
                ri.leader = leader;
                ri.leaderEpoch = epoch;
            }
        }
    }

    // =========================================================================================== election

    /** Votes for {@code reqRunid} in {@code reqEpoch} unless we already voted in that epoch; returns our vote. */
    String voteLeader(Instance m, long reqEpoch, String reqRunid, long[] leaderEpoch) {
        if (reqEpoch > currentEpoch) {
            currentEpoch = reqEpoch;
            flush();
            event(Level.WARNING, "+new-epoch", m, Long.toString(currentEpoch));
        }
        if (m.leaderEpoch < reqEpoch && currentEpoch <= reqEpoch) {
            m.leader = reqRunid;
            m.leaderEpoch = currentEpoch;
            flush();
            event(Level.WARNING, "+vote-for-leader", m, m.leader + " " + m.leaderEpoch);
            if (!m.leader.equalsIgnoreCase(myid)) {
                m.failoverStartTime = System.currentTimeMillis() + ThreadLocalRandom.current().nextLong(timing.maxDesync);
            }
        }
        leaderEpoch[0] = m.leaderEpoch;
        return m.leader;
    }

    /** The leader for {@code epoch} if one has a majority of all known sentinels and at least quorum votes. */
    private String getLeader(Instance m, long epoch) {
        Map<String, Integer> counters = new HashMap<>();
        int voters = m.sentinels.size() + 1;
        for (Instance ri : m.sentinels.values()) {
            if (ri.leader != null && ri.leaderEpoch == currentEpoch) {
                counters.merge(ri.leader, 1, Integer::sum);
            }
        }
        String winner = null;
        int maxVotes = 0;
        for (Map.Entry<String, Integer> e : counters.entrySet()) {
            if (e.getValue() > maxVotes) {
                maxVotes = e.getValue();
                winner = e.getKey();
            }
        }
        long[] le = new long[1];
        String myvote = voteLeader(m, epoch, winner != null ? winner : myid, le);
        if (myvote != null && le[0] == epoch) {
            int votes = counters.merge(myvote, 1, Integer::sum);
            if (votes > maxVotes) {
                maxVotes = votes;
                winner = myvote;
            }
        }
        int votersQuorum = voters / 2 + 1;
        if (winner != null && (maxVotes < votersQuorum || maxVotes < m.quorum)) {
            winner = null;
        }
        return winner;
    }

    // =========================================================================================== failover

    private boolean startFailoverIfNeeded(Instance m) {
        if (!m.is(Instance.O_DOWN) || m.is(Instance.FAILOVER_IN_PROGRESS)) {
            return false;
        }
        if (System.currentTimeMillis() - m.failoverStartTime < m.failoverTimeout * 2) {
            if (m.failoverDelayLogged != m.failoverStartTime) {
                m.failoverDelayLogged = m.failoverStartTime;
                String when = new SimpleDateFormat("EEE MMM d HH:mm:ss yyyy")
                        .format(new Date(m.failoverStartTime + m.failoverTimeout * 2));
                LOG.warn("Next failover delay: I will not start a failover before {}", when);
            }
            return false;
        }
        startFailover(m);
        return true;
    }

    void startFailover(Instance m) {
        m.failoverState = Instance.FS_WAIT_START;
        m.flags |= Instance.FAILOVER_IN_PROGRESS;
        m.failoverEpoch = ++currentEpoch;
        event(Level.WARNING, "+new-epoch", m, Long.toString(currentEpoch));
        event(Level.WARNING, "+try-failover", m, "%@");
        m.failoverStartTime = System.currentTimeMillis() + ThreadLocalRandom.current().nextLong(timing.maxDesync);
        m.failoverStateChangeTime = System.currentTimeMillis();
    }

    /** The failover state machine: one method per state, driven by the timer. */
    private void failoverStateMachine(Instance m) {
        if (!m.is(Instance.MASTER) || !m.is(Instance.FAILOVER_IN_PROGRESS)) {
            return;
        }
        switch (m.failoverState) {
            case Instance.FS_WAIT_START -> failoverWaitStart(m);
            case Instance.FS_SELECT_SLAVE -> failoverSelectSlave(m);
            case Instance.FS_SEND_SLAVEOF_NOONE -> failoverSendSlaveOfNoOne(m);
            case Instance.FS_WAIT_PROMOTION -> failoverWaitPromotion(m);
            case Instance.FS_RECONF_SLAVES -> failoverReconfNextSlave(m);
            default -> { }
        }
    }

    private void failoverWaitStart(Instance m) {
        String leader = getLeader(m, m.failoverEpoch);
        boolean isLeader = leader != null && leader.equalsIgnoreCase(myid);
        if (!isLeader && !m.is(Instance.FORCE_FAILOVER)) {
            long electionTimeout = Math.min(timing.electionTimeout, m.failoverTimeout);
            if (System.currentTimeMillis() - m.failoverStartTime > electionTimeout) {
                event(Level.WARNING, "-failover-abort-not-elected", m, "%@");
                abortFailover(m);
            }
            return;
        }
        event(Level.WARNING, "+elected-leader", m, "%@");
        if ((simFailureFlags & SIMFAILURE_CRASH_AFTER_ELECTION) != 0) {
            simFailureCrash();
        }
        m.failoverState = Instance.FS_SELECT_SLAVE;
        m.failoverStateChangeTime = System.currentTimeMillis();
        event(Level.WARNING, "+failover-state-select-slave", m, "%@");
    }

    private void failoverSelectSlave(Instance m) {
        Instance slave = selectSlave(m);
        if (slave == null) {
            event(Level.WARNING, "-failover-abort-no-good-slave", m, "%@");
            abortFailover(m);
            return;
        }
        event(Level.WARNING, "+selected-slave", slave, "%@");
        slave.flags |= Instance.PROMOTED;
        m.promotedSlave = slave;
        m.failoverState = Instance.FS_SEND_SLAVEOF_NOONE;
        m.failoverStateChangeTime = System.currentTimeMillis();
        event(Level.NOTICE, "+failover-state-send-slaveof-noone", slave, "%@");
    }

    private void failoverSendSlaveOfNoOne(Instance m) {
        Instance p = m.promotedSlave;
        if (p.disconnected()) {
            if (System.currentTimeMillis() - m.failoverStateChangeTime > m.failoverTimeout) {
                event(Level.WARNING, "-failover-abort-slave-timeout", m, "%@");
                abortFailover(m);
            }
            return;
        }
        if (!sendSlaveOf(p, null, 0)) {
            return;
        }
        event(Level.NOTICE, "+failover-state-wait-promotion", p, "%@");
        m.failoverState = Instance.FS_WAIT_PROMOTION;
        m.failoverStateChangeTime = System.currentTimeMillis();
    }

    private void failoverWaitPromotion(Instance m) {
        if (System.currentTimeMillis() - m.failoverStateChangeTime > m.failoverTimeout) {
            event(Level.WARNING, "-failover-abort-slave-timeout", m, "%@");
            abortFailover(m);
        }
    }

    private void failoverReconfNextSlave(Instance m) {
        int inProgress = 0;
        for (Instance s : m.slaves.values()) {
            if ((s.flags & (Instance.RECONF_SENT | Instance.RECONF_INPROG)) != 0) {
                inProgress++;
            }
        }
        long now = System.currentTimeMillis();
        for (Instance s : m.slaves.values()) {
            if (inProgress >= m.parallelSyncs) {
                break;
            }
            if ((s.flags & (Instance.PROMOTED | Instance.RECONF_DONE)) != 0) {
                continue;
            }
            if (s.is(Instance.RECONF_SENT) && now - s.slaveReconfSentTime > timing.slaveReconfTimeout) {
                event(Level.NOTICE, "-slave-reconf-sent-timeout", s, "%@");
                s.flags &= ~Instance.RECONF_SENT;
                s.flags |= Instance.RECONF_DONE;
            }
            if ((s.flags & (Instance.RECONF_SENT | Instance.RECONF_INPROG | Instance.RECONF_DONE)) != 0) {
                continue;
            }
            if (s.disconnected()) {
                continue;
            }
            if (sendSlaveOf(s, m.promotedSlave.host, m.promotedSlave.port)) {
                s.flags |= Instance.RECONF_SENT;
                s.slaveReconfSentTime = now;
                event(Level.NOTICE, "+slave-reconf-sent", s, "%@");
                inProgress++;
            }
        }
        failoverDetectEnd(m);
    }

    private void failoverDetectEnd(Instance m) {
        if (m.promotedSlave == null || m.promotedSlave.is(Instance.S_DOWN)) {
            return;
        }
        int notReconfigured = 0;
        for (Instance s : m.slaves.values()) {
            if ((s.flags & (Instance.PROMOTED | Instance.RECONF_DONE)) != 0 || s.is(Instance.S_DOWN)) {
                continue;
            }
            notReconfigured++;
        }
        boolean timeout = false;
        if (System.currentTimeMillis() - m.failoverStateChangeTime > m.failoverTimeout) {
            notReconfigured = 0;
            timeout = true;
            event(Level.WARNING, "+failover-end-for-timeout", m, "%@");
        }
        if (notReconfigured == 0) {
            event(Level.WARNING, "+failover-end", m, "%@");
            m.failoverState = Instance.FS_UPDATE_CONFIG;
            m.failoverStateChangeTime = System.currentTimeMillis();
        }
        if (timeout) {
            for (Instance s : m.slaves.values()) {
                if ((s.flags & (Instance.PROMOTED | Instance.RECONF_DONE | Instance.RECONF_SENT)) != 0
                        || s.disconnected()) {
                    continue;
                }
                if (sendSlaveOf(s, m.promotedSlave.host, m.promotedSlave.port)) {
                    event(Level.NOTICE, "+slave-reconf-sent-be", s, "%@");
                    s.flags |= Instance.RECONF_SENT;
                }
            }
        }
    }

    private void switchToPromotedSlave(Instance m) {
        Instance ref = m.promotedSlave != null ? m.promotedSlave : m;
        event(Level.WARNING, "+switch-master", m, m.name + " " + m.host + " " + m.port + " " + ref.host + " "
                + ref.port);
        String oldHost = m.host;
        int oldPort = m.port;
        String newHost = ref.host;
        int newPort = ref.port;
        resetMasterAndChangeAddress(m, newHost, newPort);
        scripts.clientReconfig(m, "leader", "end", oldHost, oldPort, newHost, newPort);
    }

    void abortFailover(Instance m) {
        m.flags &= ~(Instance.FAILOVER_IN_PROGRESS | Instance.FORCE_FAILOVER);
        m.failoverState = Instance.FS_NONE;
        m.failoverStateChangeTime = System.currentTimeMillis();
        if (m.promotedSlave != null) {
            m.promotedSlave.flags &= ~Instance.PROMOTED;
            m.promotedSlave = null;
        }
    }

    /** The best replica to promote: lowest priority, then highest offset, then smallest run id. */
    Instance selectSlave(Instance m) {
        long now = System.currentTimeMillis();
        long maxMasterDownTime = 0;
        if (m.is(Instance.S_DOWN)) {
            maxMasterDownTime += now - m.sDownSinceTime;
        }
        maxMasterDownTime += m.downAfterPeriod * 10;
        List<Instance> candidates = new ArrayList<>();
        for (Instance s : m.slaves.values()) {
            if ((s.flags & (Instance.S_DOWN | Instance.O_DOWN)) != 0 || s.disconnected()) {
                continue;
            }
            if (now - s.lastAvailTime > timing.pingPeriod * 5 || s.slavePriority == 0) {
                continue;
            }
            long infoValidity = m.is(Instance.S_DOWN) ? timing.pingPeriod * 5 : timing.infoPeriod * 3;
            if (now - s.infoRefresh > infoValidity || s.masterLinkDownTime > maxMasterDownTime) {
                continue;
            }
            candidates.add(s);
        }
        candidates.sort((a, b) -> {
            if (a.slavePriority != b.slavePriority) {
                return Integer.compare(a.slavePriority, b.slavePriority);
            }
            if (a.slaveReplOffset != b.slaveReplOffset) {
                return a.slaveReplOffset > b.slaveReplOffset ? -1 : 1;
            }
            if (a.runId == null) {
                return b.runId == null ? 0 : 1;
            }
            return b.runId == null ? -1 : a.runId.compareToIgnoreCase(b.runId);
        });
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    /**
     * Reconfigures an instance as Redis Sentinel does, in one transaction: MULTI, REPLICAOF (NO ONE when
     * {@code host} is null), CONFIG REWRITE, CLIENT KILL TYPE normal and pubsub (so clients look the master
     * up again), EXEC.
     */
    boolean sendSlaveOf(Instance ri, String host, int port) {
        Link l = ri.cc;
        if (l == null || !l.open()) {
            return false;
        }
        String h = host == null ? "NO" : host;
        String p = host == null ? "ONE" : Integer.toString(port);
        l.send(null, ri.cmd("MULTI"));
        l.send(null, ri.cmd("SLAVEOF"), h, p);
        l.send(null, ri.cmd("CONFIG"), "REWRITE");
        l.send(null, ri.cmd("CLIENT"), "KILL", "TYPE", "normal");
        l.send(null, ri.cmd("CLIENT"), "KILL", "TYPE", "pubsub");
        return l.send(null, ri.cmd("EXEC"));
    }

    private void simFailureCrash() {
        LOG.warn("Sentinel simulated crash. Exiting...");
        crash.run();
    }

    // =========================================================================================== timer

    /**
     * The timer runs at a random 10..19 Hz, re-drawn every tick, as Redis does, so that sentinels started
     * together do not act in lockstep (fewer split votes).
     */
    private void scheduleTimer() {
        int hz = 10 + ThreadLocalRandom.current().nextInt(10);
        loop.next().schedule(this::timerSafe, 1000 / hz, TimeUnit.MILLISECONDS);
    }

    private void timerSafe() {
        if (closed) {
            return;
        }
        try {
            timer();
        } catch (RuntimeException e) {
            LOG.warn("Sentinel timer failed", e);
        }
        scheduleTimer();
    }

    /** Every 100 ms: TILT check, every instance, running scripts (sentinelTimer). */
    void timer() {
        if (!started) {
            return;
        }
        checkTiltCondition();
        handleInstances();
        scripts.runPending();
        scripts.collectTerminated();
        scripts.killTimedOut();
    }

    private void checkTiltCondition() {
        long now = System.currentTimeMillis();
        long delta = now - previousTime;
        if (delta < 0 || delta > timing.tiltTrigger) {
            tilt = true;
            tiltStartTime = now;
            event(Level.WARNING, "+tilt", null, "#tilt mode entered");
        }
        previousTime = now;
    }

    private void handleInstances() {
        List<Instance> switchTo = new ArrayList<>();
        for (Instance m : new ArrayList<>(masters.values())) {
            handleInstance(m);
            for (Instance s : new ArrayList<>(m.slaves.values())) {
                handleInstance(s);
            }
            for (Instance s : new ArrayList<>(m.sentinels.values())) {
                handleInstance(s);
            }
            if (m.failoverState == Instance.FS_UPDATE_CONFIG) {
                switchTo.add(m);
            }
        }
        for (Instance m : switchTo) {
            switchToPromotedSlave(m);
        }
    }

    private void handleInstance(Instance ri) {
        reconnectInstance(ri);
        sendPeriodicCommands(ri);
        if (tilt) {
            if (System.currentTimeMillis() - tiltStartTime < timing.tiltPeriod) {
                return;
            }
            tilt = false;
            event(Level.WARNING, "-tilt", null, "#tilt mode exited");
        }
        checkSubjectivelyDown(ri);
        if (ri.is(Instance.MASTER)) {
            checkObjectivelyDown(ri);
            if (startFailoverIfNeeded(ri)) {
                askMasterStateToOtherSentinels(ri, true);
            }
            failoverStateMachine(ri);
            askMasterStateToOtherSentinels(ri, false);
        }
    }

    private volatile boolean closed;

    /** Closes every link (shutdown). */
    public void close() {
        closed = true;
        for (Instance m : masters.values()) {
            m.slaves.values().forEach(this::releaseLinks);
            m.sentinels.values().forEach(this::releaseLinks);
            releaseLinks(m);
        }
        scripts.killAll();
    }

    /** Removes a master and closes its links (SENTINEL REMOVE). */
    void removeMaster(Instance m) {
        resetMaster(m, false, false);
        masters.remove(m.name);
    }
}
