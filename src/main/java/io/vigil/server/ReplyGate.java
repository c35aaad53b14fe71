package io.vigil.server;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.vigil.command.Engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds the replies of an event-loop iteration while the engine has work to do before replies may leave
 * ({@link io.vigil.command.ReplyBarrier}: the AOF write), then runs that work once and sends them all: Redis's
 * beforeSleep order (AOF write and fsync, then the clients' pending writes), so that one write and one fsync
 * cover every client served in the iteration. With no barrier pending a flush goes out at once, as before.
 *
 * <p>The held flushes run as a Netty tail task (after the I/O and the tasks of the current iteration). Used
 * on the main event loop only.
 */
final class ReplyGate implements Runnable {
    private final Engine engine;
    private final List<ClientHandler> held = new ArrayList<>();
    private boolean scheduled;

    ReplyGate(Engine engine) {
        this.engine = engine;
    }

    /** Holds {@code h}'s flush if a barrier is pending (true), or lets the caller flush now (false). */
    boolean hold(ClientHandler h, EventLoop loop) {
        if (!scheduled && !engine.repliesHeld()) {
            return false;
        }
        if (!h.held) {
            h.held = true;
            held.add(h);
        }
        if (!scheduled) {
            scheduled = true;
            if (loop instanceof SingleThreadEventLoop st) {
                st.executeAfterEventLoopIteration(this);
            } else {
                loop.execute(this);
            }
        }
        return true;
    }

    /** The end of the iteration: the barrier's work, then every held flush, in the order they were held. */
    @Override
    public void run() {
        scheduled = false;
        engine.runReplyBarriers();
        for (ClientHandler h : held) {
            h.held = false;
            h.flushNow();
        }
        held.clear();
    }
}
