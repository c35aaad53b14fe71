package io.vigil.sentinel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * notification-script and client-reconfig-script as Redis Sentinel runs them: a queue of at most 256
 * jobs, at most 16 running at once, a job that exits with 1 retried up to 10 times (the delay doubling from
 * script-retry-delay), one that runs longer than script-max-runtime killed with SIGKILL.
 */
final class Scripts {
    private static final Logger LOG = LoggerFactory.getLogger("vigil");
    static final int MAX_QUEUE = 256;
    static final int MAX_RUNNING = 16;
    static final int MAX_RETRY = 10;

    /** One queued or running script. */
    static final class Job {
        final List<String> argv;
        int retryNum;
        long startTime;
        Process process;

        Job(List<String> argv) {
            this.argv = argv;
        }
    }

    private final Sentinel sentinel;
    final List<Job> queue = new ArrayList<>();
    int running;

    Scripts(Sentinel sentinel) {
        this.sentinel = sentinel;
    }

    /** Queues a script run with {@code args}; the oldest idle job is dropped when the queue is full. */
    void schedule(String path, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(path);
        argv.addAll(List.of(args));
        queue.add(new Job(argv));
        if (queue.size() > MAX_QUEUE) {
            for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
                Job j = it.next();
                if (j.process == null) {
                    it.remove();
                    break;
                }
            }
        }
    }

    /** client-reconfig-script arguments: master-name role state from-ip from-port to-ip to-port. */
    void clientReconfig(Instance m, String role, String state, Instance from, Instance to) {
        clientReconfig(m, role, state, from.host, from.port, to.host, to.port);
    }

    void clientReconfig(Instance m, String role, String state, String fromHost, int fromPort, String toHost,
                        int toPort) {
        if (m.clientReconfigScript == null) {
            return;
        }
        schedule(m.clientReconfigScript, m.name, role, state, fromHost, Integer.toString(fromPort), toHost,
                Integer.toString(toPort));
    }

    void runPending() {
        long now = System.currentTimeMillis();
        for (Job j : queue) {
            if (running >= MAX_RUNNING) {
                return;
            }
            if (j.process != null || j.startTime > now) {
                continue;
            }
            try {
                j.process = new ProcessBuilder(j.argv).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                j.startTime = now;
                j.retryNum++;
                running++;
                sentinel.event(Sentinel.Level.DEBUG, "+script-child", null, Long.toString(j.process.pid()));
            } catch (IOException e) {
                sentinel.event(Sentinel.Level.WARNING, "-script-error", null, j.argv.get(0) + " 99 0");
                j.startTime = Long.MAX_VALUE; // dropped below
            }
        }
        queue.removeIf(j -> j.process == null && j.startTime == Long.MAX_VALUE);
    }

    void collectTerminated() {
        for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
            Job j = it.next();
            if (j.process == null || j.process.isAlive()) {
                continue;
            }
            int code = j.process.exitValue();
            boolean bySignal = code > 128;
            sentinel.event(Sentinel.Level.DEBUG, "-script-child", null, j.process.pid() + " " + code + " "
                    + (bySignal ? code - 128 : 0));
            running--;
            if ((code == 1 || bySignal) && j.retryNum != MAX_RETRY) {
                j.process = null;
                j.startTime = System.currentTimeMillis() + retryDelay(j.retryNum);
            } else {
                if (code != 0 || bySignal) {
                    sentinel.event(Sentinel.Level.WARNING, "-script-error", null, j.argv.get(0) + " "
                            + (bySignal ? 0 : code) + " " + (bySignal ? code - 128 : 0));
                }
                it.remove();
            }
        }
    }

    private long retryDelay(int retryNum) {
        long delay = sentinel.timing.scriptRetryDelay;
        for (int i = 1; i < retryNum; i++) {
            delay *= 2;
        }
        return delay;
    }

    void killTimedOut() {
        long now = System.currentTimeMillis();
        for (Job j : queue) {
            if (j.process != null && j.process.isAlive() && now - j.startTime > sentinel.timing.scriptMaxRuntime) {
                sentinel.event(Sentinel.Level.WARNING, "-script-timeout", null, j.argv.get(0) + " " + j.process.pid());
                j.process.destroyForcibly();
            }
        }
    }

    void killAll() {
        for (Job j : queue) {
            if (j.process != null) {
                j.process.destroyForcibly();
            }
        }
    }

    /** Whether {@code path} names an executable file (checked when a script is configured). */
    static boolean executable(String path) {
        File f = new File(path);
        return f.isFile() && f.canExecute();
    }
}
