package io.vigil.command;

/** Enforces maxmemory before a command runs (the eviction policy lives behind it). */
@FunctionalInterface
public interface MemoryGuard {
    /** Evicts as the policy says; false if memory is still over the limit. */
    boolean freeMemoryIfNeeded();
}
