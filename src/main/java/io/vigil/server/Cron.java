package io.vigil.server;

import io.vigil.command.Client;
import io.vigil.command.Engine;
import io.vigil.keyspace.ActiveExpire;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's serverCron, run {@code hz} times a second on the execution thread: the slow active-expire cycle,
 * incremental rehashing, the instantaneous-ops sample, and closing clients idle past {@code timeout}.
 */
public final class Cron {
    private final Engine engine;
    private final VigilServer server;
    private final ActiveExpire activeExpire;
    private long ticks;

    /** A cron for {@code engine}, scheduled on {@code server}'s execution thread. */
    public Cron(Engine engine, VigilServer server, ActiveExpire activeExpire) {
        this.engine = engine;
        this.server = server;
        this.activeExpire = activeExpire;
    }

    /** Schedules the cron. */
    public void start() {
        int hz = Math.max(1, Math.min(500, engine.processInfo().hz));
        server.every(1000 / hz, this::tick);
    }

    /** One cron iteration. */
    void tick() {
        ticks++;
        int hz = Math.max(1, engine.processInfo().hz);
        long now = engine.clock().millis();
        // Replicas never expire keys themselves: the master's DEL arrives in the stream (Redis's iAmMaster()).
        if (engine.settings().activeExpire() && "master".equals(engine.role())) {
            activeExpire.slowCycle(hz);
        }
        engine.keyspace().databasesCron(engine.settings().activeRehashing());
        if (engine.persistence() != null) {
            engine.persistence().cron(); // save points, scheduled BGSAVE
        }
        if (ticks % Math.max(1, hz / 10) == 0) {
            engine.stats().sample(now);
        }
        if (ticks % hz == 0) {
            closeIdleClients(now);
        }
    }

    private void closeIdleClients(long now) {
        long timeout = engine.settings().timeoutSeconds();
        if (timeout <= 0) {
            return;
        }
        List<Client> idle = new ArrayList<>();
        for (Client c : engine.clients()) {
            boolean exempt = c.has(Client.MASTER) || c.has(Client.REPLICA) || c.has(Client.PUBSUB)
                    || c.has(Client.BLOCKED) || c.has(Client.MONITOR);
            if (!exempt && now - c.lastInteraction() > timeout * 1000) {
                idle.add(c);
            }
        }
        for (Client c : idle) {
            c.connection().close();
        }
    }
}
