package io.vigil.command;

/**
 * Facts about the running process that INFO server reports and only the launcher knows.
 */
public final class ProcessInfo {
    /** The Redis version Vigil is compatible with and reports as {@code redis_version}. */
    public static final String REDIS_VERSION = "7.0.15";
    /** Vigil's own version. */
    public static final String VIGIL_VERSION = "0.1.0";

    /** Process id. */
    public long pid = ProcessHandle.current().pid();
    /** TCP port the server listens on. */
    public int tcpPort;
    /** Absolute path of the executable (the launcher script). */
    public String executable = "";
    /** Absolute path of the config file, or "". */
    public String configFile = "";
    /** Transport in use: "epoll" or "nio". */
    public String multiplexingApi = "epoll";
    /** {@code hz}. */
    public int hz = 10;
}
