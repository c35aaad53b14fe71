package io.vigil.cli;

import io.vigil.command.Engine;
import io.vigil.command.Settings;
import io.vigil.config.Config;
import io.vigil.config.ConfigException;
import io.vigil.config.Option;
import io.vigil.config.Options;
import io.vigil.keyspace.ActiveExpire;
import io.vigil.keyspace.EvictionPolicy;
import io.vigil.keyspace.EvictionSettings;
import io.vigil.types.EncodingLimits;
import io.vigil.logging.LogSetup;
import io.vigil.server.Listeners;
import io.vigil.server.VigilServer;

import java.io.IOException;
import java.util.List;

/**
 * Keeps the running server in step with the configuration: copies the options the hot path reads into
 * {@link Settings} at start-up and on every CONFIG SET, and applies the ones that need action (rebinding
 * the listeners, changing the log level).
 */
final class ConfigBinding {
    private final Config config;
    private final Engine engine;
    private final VigilServer server;

    ConfigBinding(Config config, Engine engine, VigilServer server) {
        this.config = config;
        this.engine = engine;
        this.server = server;
    }

    private String s(String name) {
        String v = config.getString(name);
        return v == null ? "" : v;
    }

    private long l(String name) {
        return Long.parseLong(s(name));
    }

    /** Copies every bound option and registers the apply callbacks. */
    void bindAll() {
        refreshSettings();
        for (String name : List.of("requirepass", "maxmemory", "slowlog-log-slower-than", "slowlog-max-len",
                "lazyfree-lazy-expire", "lazyfree-lazy-eviction", "proto-max-bulk-len", "client-query-buffer-limit",
                "maxclients", "timeout", "protected-mode", "hz", "maxmemory-policy", "maxmemory-samples",
                "lfu-log-factor", "lfu-decay-time", "maxmemory-eviction-tenacity", "activerehashing",
                "hash-max-listpack-entries", "hash-max-listpack-value", "set-max-intset-entries",
                "zset-max-listpack-entries", "zset-max-listpack-value", "list-max-listpack-size",
                "list-compress-depth", "notify-keyspace-events", "client-output-buffer-limit")) {
            on(name, this::refreshSettings);
        }
        on("loglevel", () -> LogSetup.setLevel(s("loglevel")));
        for (String name : List.of("port", "bind", "unixsocket", "unixsocketperm")) {
            on(name, this::relisten);
        }
    }

    /** Keeps {@code active-expire-effort} applied to the active expiry cycle. */
    void bindActiveExpire(ActiveExpire activeExpire) {
        activeExpire.setEffort((int) l("active-expire-effort"));
        on("active-expire-effort", () -> activeExpire.setEffort((int) l("active-expire-effort")));
    }

    /** An action that may veto a CONFIG SET. */
    private interface Action {
        void run() throws ConfigException;
    }

    @SuppressWarnings("unchecked")
    private void on(String name, Action action) {
        Option<Object> o = (Option<Object>) Options.byName(name);
        if (o == null) {
            throw new IllegalStateException("no such option " + name);
        }
        config.onApply(o, (oldV, newV) -> action.run());
    }

    private void relisten() throws ConfigException {
        try {
            server.relisten(listeners());
            engine.processInfo().tcpPort = server.boundPort();
        } catch (IOException e) {
            throw new ConfigException("Unable to listen on this port: " + e.getMessage());
        }
    }

    private void refreshSettings() {
        Settings st = engine.settings();
        st.requirePass(s("requirepass"));
        st.maxmemory(l("maxmemory"));
        st.slowlogLogSlowerThan(l("slowlog-log-slower-than"));
        st.slowlogMaxLen((int) l("slowlog-max-len"));
        st.lazyfreeLazyExpire(s("lazyfree-lazy-expire").equals("yes"));
        st.lazyfreeLazyEviction(s("lazyfree-lazy-eviction").equals("yes"));
        st.protoMaxBulkLen(l("proto-max-bulk-len"));
        st.clientQueryBufferLimit(l("client-query-buffer-limit"));
        st.maxclients((int) l("maxclients"));
        st.timeoutSeconds(l("timeout"));
        st.protectedMode(s("protected-mode").equals("yes"));
        engine.processInfo().hz = (int) l("hz");
        st.activeRehashing(s("activerehashing").equals("yes"));
        EvictionSettings ev = engine.keyspace().settings();
        ev.policy(EvictionPolicy.fromConfigName(s("maxmemory-policy")));
        ev.maxmemorySamples((int) l("maxmemory-samples"));
        ev.lfuLogFactor((int) l("lfu-log-factor"));
        ev.lfuDecayTime((int) l("lfu-decay-time"));
        ev.tenacity((int) l("maxmemory-eviction-tenacity"));
        EncodingLimits lim = engine.encodingLimits();
        lim.hashMaxListpackEntries = (int) l("hash-max-listpack-entries");
        lim.hashMaxListpackValue = (int) l("hash-max-listpack-value");
        lim.setMaxIntsetEntries = (int) l("set-max-intset-entries");
        lim.zsetMaxListpackEntries = (int) l("zset-max-listpack-entries");
        lim.zsetMaxListpackValue = (int) l("zset-max-listpack-value");
        lim.listMaxListpackSize = (int) l("list-max-listpack-size");
        lim.listCompressDepth = (int) l("list-compress-depth");
        st.notifyKeyspaceEvents(config.get(io.vigil.config.Options.NOTIFY_KEYSPACE_EVENTS));
        io.vigil.config.OutputBufferLimits.Limit pubsub = config.get(io.vigil.config.Options.CLIENT_OUTPUT_BUFFER_LIMIT)
                .pubsub();
        st.pubsubOutputBufferLimit(pubsub.hardBytes(), pubsub.softBytes(), pubsub.softSeconds());
    }

    /** The listeners the configuration asks for. */
    Listeners listeners() {
        String perm = s("unixsocketperm");
        return new Listeners(Node.words(s("bind")), (int) l("port"), s("unixsocket"),
                perm.isEmpty() ? 0 : Integer.parseInt(perm, 8), (int) l("tcp-backlog"), (int) l("tcp-keepalive"));
    }
}
