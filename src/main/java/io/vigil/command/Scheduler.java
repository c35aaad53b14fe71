package io.vigil.command;

/** Runs tasks later on the execution thread (blocking-command timeouts, CLIENT PAUSE ends). */
public interface Scheduler {
    /** A scheduled task that can be cancelled. */
    interface Handle {
        /** Cancels the task if it has not run. */
        void cancel();
    }

    /** Runs {@code task} on the execution thread after {@code delayMillis}. */
    Handle schedule(Runnable task, long delayMillis);

    /** A scheduler that never runs anything (engines without a server, in unit tests). */
    Scheduler NONE = (task, delay) -> () -> { };
}
