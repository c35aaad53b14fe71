package io.vigil.keyspace;

/** The outcome of {@link Evictor#performEvictions(long, long)}, as Redis's {@code performEvictions}. */
public enum EvictResult {
    /** Memory is under the limit (or there is no limit): the command may run. */
    OK,
    /**
     * Some keys were evicted but the per-call time budget ran out while memory is still over the
     * limit. The caller should let the command run and call again soon (Redis keeps evicting from a
     * timer event until it stops returning {@code RUNNING}).
     */
    RUNNING,
    /**
     * Memory is over the limit and nothing (more) can be evicted: the policy is
     * {@code noeviction}, or there are no candidate keys. A command that may grow memory must be
     * refused with {@code -OOM}.
     */
    FAIL
}
