package io.vigil.keyspace;

/** A test clock: wall time set by hand, monotonic time advancing by a fixed step per read. */
final class ManualClock implements Clock {
    long millis;
    long nanos;
    long nanoStep;

    ManualClock(long millis) {
        this.millis = millis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public long nanoTime() {
        nanos += nanoStep;
        return nanos;
    }

    void advance(long ms) {
        millis += ms;
    }
}
