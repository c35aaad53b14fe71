package io.vigil.keyspace;

/**
 * Source of time for the keyspace.
 *
 * <p>{@link #millis()} is the wall-clock time (unix milliseconds) used to decide whether a key has
 * expired and to drive the LRU/LFU clocks; the command layer may supply a clock that returns a
 * cached per-command time (as Redis freezes time during a command or script).
 * {@link #nanoTime()} is a monotonic time used only to bound how long background work
 * (active expiry, eviction, rehashing) runs; tests can override both to make time deterministic.
 */
@FunctionalInterface
public interface Clock {

    /** The system clock: {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
    Clock SYSTEM = System::currentTimeMillis;

    /**
     * Returns the current time in unix milliseconds.
     *
     * @return milliseconds since the epoch
     */
    long millis();

    /**
     * Returns a monotonic time in nanoseconds, used for time budgets only.
     *
     * @return monotonic nanoseconds (arbitrary origin)
     */
    default long nanoTime() {
        return System.nanoTime();
    }

    /**
     * Returns the system clock.
     *
     * @return {@link #SYSTEM}
     */
    static Clock system() {
        return SYSTEM;
    }
}
