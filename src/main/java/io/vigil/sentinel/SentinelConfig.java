package io.vigil.sentinel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code sentinel ...} directives of sentinel.conf: reading them into a {@link Sentinel}
 * (sentinelHandleConfiguration) and writing the sentinel's state back as the lines Redis 7.0 writes on
 * every rewrite (myid, monitor and per-master settings, epochs, known replicas and sentinels).
 */
public final class SentinelConfig {
    private SentinelConfig() {
    }

    /**
     * Applies one {@code sentinel} line (the words after {@code sentinel}).
     *
     * @throws IllegalArgumentException with Redis's message when the line is wrong
     */
    public static void apply(Sentinel s, List<String> a) {
        if (a.isEmpty()) {
            throw new IllegalArgumentException("Unrecognized sentinel configuration statement.");
        }
        String what = a.get(0).toLowerCase(Locale.ROOT);
        int n = a.size();
        switch (what) {
            case "monitor" -> {
                need(n == 5);
                int quorum = parseInt(a.get(4));
                if (quorum <= 0) {
                    throw new IllegalArgumentException("Quorum must be 1 or greater.");
                }
                if (s.masters.containsKey(a.get(1))) {
                    throw new IllegalArgumentException("Duplicated master name.");
                }
                s.createMaster(a.get(1), a.get(2), port(a.get(3)), quorum);
            }
            case "down-after-milliseconds" -> {
                need(n == 3);
                Instance m = master(s, a.get(1));
                m.downAfterPeriod = positive(a.get(2));
                m.slaves.values().forEach(x -> x.downAfterPeriod = m.downAfterPeriod);
                m.sentinels.values().forEach(x -> x.downAfterPeriod = m.downAfterPeriod);
            }
            case "failover-timeout" -> {
                need(n == 3);
                master(s, a.get(1)).failoverTimeout = positive(a.get(2));
            }
            case "parallel-syncs" -> {
                need(n == 3);
                master(s, a.get(1)).parallelSyncs = parseInt(a.get(2));
            }
            case "notification-script", "client-reconfig-script" -> {
                need(n == 3);
                Instance m = master(s, a.get(1));
                if (s.denyScriptsReconfig && s.started()) {
                    throw new IllegalArgumentException("Reconfiguration of scripts path is denied for security reasons. "
                            + "Check the deny-scripts-reconfig configuration directive in your config file for more info.");
                }
                if (!Scripts.executable(a.get(2))) {
                    throw new IllegalArgumentException(what.equals("notification-script")
                            ? "Notification script seems non existing or non executable."
                            : "Client reconfiguration script seems non existing or non executable.");
                }
                if (what.equals("notification-script")) {
                    m.notificationScript = a.get(2);
                } else {
                    m.clientReconfigScript = a.get(2);
                }
            }
            case "auth-pass" -> {
                need(n == 3);
                master(s, a.get(1)).authPass = a.get(2);
            }
            case "auth-user" -> {
                need(n == 3);
                master(s, a.get(1)).authUser = a.get(2);
            }
            case "current-epoch" -> {
                need(n == 2);
                long e = parseLong(a.get(1));
                if (e > s.currentEpoch) {
                    s.currentEpoch = e;
                }
            }
            case "myid" -> {
                need(n == 2);
                if (a.get(1).length() != 40) {
                    throw new IllegalArgumentException("Malformed Sentinel id in myid option.");
                }
                s.myid(a.get(1));
            }
            case "config-epoch" -> {
                need(n == 3);
                Instance m = master(s, a.get(1));
                m.configEpoch = parseLong(a.get(2));
                if (m.configEpoch > s.currentEpoch) {
                    s.currentEpoch = m.configEpoch;
                }
            }
            case "leader-epoch" -> {
                need(n == 3);
                master(s, a.get(1)).leaderEpoch = parseLong(a.get(2));
            }
            case "known-slave", "known-replica" -> {
                need(n == 4);
                Instance m = master(s, a.get(1));
                if (s.addSlave(m, a.get(2), port(a.get(3))) == null) {
                    throw new IllegalArgumentException("Wrong hostname or port for replica.");
                }
            }
            case "known-sentinel" -> {
                need(n == 4 || n == 5);
                Instance m = master(s, a.get(1));
                if (n == 5) {
                    if (a.get(4).equals(s.myid)) {
                        break;
                    }
                    s.addSentinel(m, a.get(4), a.get(2), port(a.get(3)));
                }
            }
            case "rename-command" -> {
                need(n == 4);
                master(s, a.get(1)).renamedCommands.put(a.get(2).toLowerCase(Locale.ROOT), a.get(3));
            }
            case "announce-ip" -> {
                need(n == 2);
                s.announceIp = a.get(1).isEmpty() ? null : a.get(1);
            }
            case "announce-port" -> {
                need(n == 2);
                s.announcePort = parseInt(a.get(1));
            }
            case "deny-scripts-reconfig" -> {
                need(n == 2);
                s.denyScriptsReconfig = yesNo(a.get(1));
            }
            case "resolve-hostnames" -> {
                need(n == 2);
                s.resolveHostnames = yesNo(a.get(1));
            }
            case "announce-hostnames" -> {
                need(n == 2);
                s.announceHostnames = yesNo(a.get(1));
            }
            case "sentinel-user" -> {
                need(n == 2);
                s.sentinelUser = a.get(1).isEmpty() ? null : a.get(1);
            }
            case "sentinel-pass" -> {
                need(n == 2);
                s.sentinelPass = a.get(1).isEmpty() ? null : a.get(1);
            }
            case "master-reboot-down-after-period" -> {
                need(n == 3);
                master(s, a.get(1)).masterRebootDownAfterPeriod = nonNegative(a.get(2));
            }
            default -> throw new IllegalArgumentException("Unrecognized sentinel configuration statement.");
        }
    }

    private static void need(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("Unrecognized sentinel configuration statement.");
        }
    }

    private static Instance master(Sentinel s, String name) {
        Instance m = s.masters.get(name);
        if (m == null) {
            throw new IllegalArgumentException("No such master with specified name.");
        }
        return m;
    }

    static int parseInt(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid argument '" + v + "'");
        }
    }

    static long parseLong(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid argument '" + v + "'");
        }
    }

    private static long positive(String v) {
        long l = parseLong(v);
        if (l <= 0) {
            throw new IllegalArgumentException("negative or zero time parameter.");
        }
        return l;
    }

    private static long nonNegative(String v) {
        long l = parseLong(v);
        if (l < 0) {
            throw new IllegalArgumentException("negative time parameter.");
        }
        return l;
    }

    private static int port(String v) {
        int p = parseInt(v);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("Invalid port number");
        }
        return p;
    }

    private static boolean yesNo(String v) {
        if (v.equalsIgnoreCase("yes")) {
            return true;
        }
        if (v.equalsIgnoreCase("no")) {
            return false;
        }
        throw new IllegalArgumentException("Please specify yes or no for the " + v + " option.");
    }

    private static String q(String v) {
        return v;
    }

    /**
     * The {@code sentinel ...} lines describing the sentinel's state, in the order Redis 7.0 writes them.
     * Each line's first two words are its key: a rewrite replaces old lines with the same key in place.
     */
    public static List<String> lines(Sentinel s) {
        List<String> out = new ArrayList<>();
        out.add("sentinel myid " + s.myid);
        if (!s.denyScriptsReconfig) {
            out.add("sentinel deny-scripts-reconfig no");
        }
        if (s.resolveHostnames) {
            out.add("sentinel resolve-hostnames yes");
        }
        if (s.announceHostnames) {
            out.add("sentinel announce-hostnames yes");
        }
        if (s.announceIp != null) {
            out.add("sentinel announce-ip " + q(s.announceIp));
        }
        if (s.announcePort != 0) {
            out.add("sentinel announce-port " + s.announcePort);
        }
        if (s.sentinelUser != null) {
            out.add("sentinel sentinel-user " + q(s.sentinelUser));
        }
        if (s.sentinelPass != null) {
            out.add("sentinel sentinel-pass " + q(s.sentinelPass));
        }
        List<String> known = new ArrayList<>();
        for (Instance m : s.masters.values()) {
            Instance addr = Sentinel.currentMasterAddress(m);
            out.add("sentinel monitor " + m.name + " " + addr.host + " " + addr.port + " " + m.quorum);
            if (m.downAfterPeriod != Sentinel.DEFAULT_DOWN_AFTER) {
                out.add("sentinel down-after-milliseconds " + m.name + " " + m.downAfterPeriod);
            }
            if (m.failoverTimeout != Sentinel.DEFAULT_FAILOVER_TIMEOUT) {
                out.add("sentinel failover-timeout " + m.name + " " + m.failoverTimeout);
            }
            if (m.parallelSyncs != 1) {
                out.add("sentinel parallel-syncs " + m.name + " " + m.parallelSyncs);
            }
            if (m.notificationScript != null) {
                out.add("sentinel notification-script " + m.name + " " + q(m.notificationScript));
            }
            if (m.clientReconfigScript != null) {
                out.add("sentinel client-reconfig-script " + m.name + " " + q(m.clientReconfigScript));
            }
            if (m.authPass != null) {
                out.add("sentinel auth-pass " + m.name + " " + q(m.authPass));
            }
            if (m.authUser != null) {
                out.add("sentinel auth-user " + m.name + " " + q(m.authUser));
            }
            if (m.masterRebootDownAfterPeriod != 0) {
                out.add("sentinel master-reboot-down-after-period " + m.name + " " + m.masterRebootDownAfterPeriod);
            }
            out.add("sentinel config-epoch " + m.name + " " + m.configEpoch);
            out.add("sentinel leader-epoch " + m.name + " " + m.leaderEpoch);
            for (Instance r : m.slaves.values()) {
                Instance a = r;
                // During a failover the promoted replica is the advertised master: list the old master instead.
                if (a.addrEquals(addr.host, addr.port)) {
                    a = m;
                }
                known.add("sentinel known-replica " + m.name + " " + a.host + " " + a.port);
            }
            for (Instance se : m.sentinels.values()) {
                if (se.runId == null || se.port == 0) {
                    continue;
                }
                known.add("sentinel known-sentinel " + m.name + " " + se.host + " " + se.port + " " + se.runId);
            }
            for (var e : m.renamedCommands.entrySet()) {
                known.add("sentinel rename-command " + m.name + " " + e.getKey() + " " + e.getValue());
            }
        }
        out.add("sentinel current-epoch " + s.currentEpoch);
        out.addAll(known);
        return out;
    }
}
