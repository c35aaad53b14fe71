package io.vigil.command;

/**
 * Work that must be done after commands ran and before their replies leave the server: Redis's beforeSleep,
 * where the AOF buffer is written (and, with {@code appendfsync always}, fsynced) before any client is sent
 * the reply to a write, so that a reply means the write is in the file. The network layer asks
 * {@link Engine#repliesHeld()} before it sends replies and, when a barrier is pending, runs
 * {@link Engine#runReplyBarriers()} once for all the replies of the event-loop iteration.
 */
public interface ReplyBarrier {
    /** Whether there is work to do before replies may be sent. Cheap: asked on every reply flush. */
    boolean pending();

    /** Does the work (on the execution thread). Replies are sent afterwards even if it failed. */
    void run();
}
