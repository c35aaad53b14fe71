package io.vigil.command;

import java.util.Map;
import java.util.TreeMap;

/** Server-wide counters reported by INFO stats and reset by CONFIG RESETSTAT. */
public final class Stats {
    /** Commands run. */
    public long commandsProcessed;
    /** Connections accepted. */
    public long connectionsReceived;
    /** Connections refused (maxclients). */
    public long rejectedConnections;
    /** Keys deleted because their TTL passed. */
    public long expiredKeys;
    /** Keys evicted under maxmemory. */
    public long evictedKeys;
    /** Lookups of keys that existed. */
    public long keyspaceHits;
    /** Lookups of keys that did not exist. */
    public long keyspaceMisses;
    /** Bytes read from clients. */
    public long netInputBytes;
    /** Bytes written to clients. */
    public long netOutputBytes;
    /** Error replies sent. */
    public long errorReplies;
    /** Read events processed. */
    public long readsProcessed;
    /** Write events processed. */
    public long writesProcessed;
    /** Clients disconnected for exceeding an output buffer limit. */
    public long clientOutputBufferLimitDisconnections;
    /** Clients disconnected for exceeding the query buffer limit. */
    public long clientQueryBufferLimitDisconnections;
    /** Full resyncs served to replicas (INFO sync_full). */
    public long syncFull;
    /** PSYNC requests answered +CONTINUE (INFO sync_partial_ok). */
    public long syncPartialOk;
    /** PSYNC requests for a history that could not be continued (INFO sync_partial_err). */
    public long syncPartialErr;
    /** Error replies by code. */
    public final Map<String, Long> errorsByCode = new TreeMap<>();

    private final long[] opsSamples = new long[16];
    private final long[] opsSampleTimes = new long[16];
    private int opsSampleIndex;
    private long lastOpsCount;
    private long lastOpsTime;

    /** Counts one error reply of {@code code}. */
    void countError(String code) {
        errorReplies++;
        if (errorsByCode.size() < 128 || errorsByCode.containsKey(code)) {
            errorsByCode.merge(code, 1L, Long::sum);
        }
    }

    /** Takes an instantaneous-ops sample (called by the cron). */
    public void sample(long nowMillis) {
        if (lastOpsTime != 0 && nowMillis > lastOpsTime) {
            long ops = commandsProcessed - lastOpsCount;
            opsSamples[opsSampleIndex] = ops * 1000 / (nowMillis - lastOpsTime);
            opsSampleTimes[opsSampleIndex] = nowMillis;
            opsSampleIndex = (opsSampleIndex + 1) % opsSamples.length;
        }
        lastOpsTime = nowMillis;
        lastOpsCount = commandsProcessed;
    }

    /** Mean of the recent per-second ops samples. */
    public long instantaneousOps() {
        long sum = 0;
        for (long s : opsSamples) {
            sum += s;
        }
        return sum / opsSamples.length;
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        commandsProcessed = 0;
        connectionsReceived = 0;
        rejectedConnections = 0;
        expiredKeys = 0;
        evictedKeys = 0;
        keyspaceHits = 0;
        keyspaceMisses = 0;
        netInputBytes = 0;
        netOutputBytes = 0;
        errorReplies = 0;
        readsProcessed = 0;
        writesProcessed = 0;
        clientOutputBufferLimitDisconnections = 0;
        clientQueryBufferLimitDisconnections = 0;
        syncFull = 0;
        syncPartialOk = 0;
        syncPartialErr = 0;
        errorsByCode.clear();
        java.util.Arrays.fill(opsSamples, 0);
    }
}
