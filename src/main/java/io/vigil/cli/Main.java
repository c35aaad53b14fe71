package io.vigil.cli;

import io.vigil.command.ProcessInfo;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;

/**
 * {@code vigil-server [/path/redis.conf] [--port 6380] [--<directive> value...]}: the same argument forms as
 * redis-server. A bad configuration prints Redis's fatal-config block and exits with status 1.
 */
public final class Main {
    private Main() {
    }

    /** Starts the server, or prints version/help. */
    public static void main(String[] args) {
        ConfigLoader.LoadResult loaded;
        try {
            loaded = ConfigLoader.load(args);
        } catch (ConfigException e) {
            if (e.isFatalBlock()) {
                System.err.print(e.stderrText());
                System.err.flush();
            } else {
                io.vigil.logging.RedisLayout.role('C');
                org.slf4j.LoggerFactory.getLogger("vigil").warn(e.getMessage());
            }
            System.exit(1);
            return;
        }
        if (loaded.versionRequested()) {
            System.out.println("Vigil server v=" + ProcessInfo.VIGIL_VERSION + " redis-compatible="
                    + ProcessInfo.REDIS_VERSION + " bits=64 java=" + Runtime.version());
            return;
        }
        if (loaded.helpRequested()) {
            System.err.println("Usage: vigil-server [/path/to/redis.conf] [options] [-]");
            System.err.println("       vigil-server - (read config from stdin)");
            System.err.println("       vigil-server -v or --version");
            System.err.println("       vigil-server -h or --help");
            System.err.println();
            System.err.println("Examples:");
            System.err.println("       vigil-server (run the server with default config)");
            System.err.println("       vigil-server /etc/redis/6379.conf");
            System.err.println("       vigil-server --port 7777");
            System.err.println("       vigil-server --port 7777 --replicaof 127.0.0.1 8888");
            System.err.println("       vigil-server /etc/myredis.conf --loglevel verbose -");
            return;
        }
        if (loaded.sentinelMode()) {
            System.exit(new SentinelNode(loaded.config()).run());
            return;
        }
        int status = new Node(loaded.config()).run();
        System.exit(status);
    }
}
