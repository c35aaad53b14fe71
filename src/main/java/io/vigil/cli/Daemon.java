package io.vigil.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code daemonize yes}: a JVM cannot fork, so the launcher process starts a detached copy of itself
 * (same JVM, same arguments, in a new session via {@code setsid}, standard streams to /dev/null or the
 * log file) and exits 0, as the parent of Redis's fork does. The copy writes the pidfile.
 */
final class Daemon {
    private Daemon() {
    }

    static int respawn(String logfile) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(info.command().orElse("java"));
        info.arguments().ifPresent(a -> cmd.addAll(List.of(a)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("VIGIL_DAEMONIZED", "1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        File out = logfile == null || logfile.isEmpty() ? new File("/dev/null") : new File(logfile);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(out));
        try {
            pb.start();
            return 0;
        } catch (java.io.IOException e) {
            System.err.println("Can't daemonize: " + e.getMessage());
            return 1;
        }
    }
}
