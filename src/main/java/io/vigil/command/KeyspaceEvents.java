package io.vigil.command;

/**
 * Receives keyspace notifications ({@code notify-keyspace-events}); the pub/sub layer implements it.
 * The class bits are Redis's: generic, string, list, set, hash, zset, expired, evicted, ...
 */
@FunctionalInterface
public interface KeyspaceEvents {
    /** Generic commands (DEL, EXPIRE, RENAME...): {@code g}. */
    int GENERIC = 1 << 2;
    /** String commands: {@code $}. */
    int STRING = 1 << 3;
    /** List commands: {@code l}. */
    int LIST = 1 << 4;
    /** Set commands: {@code s}. */
    int SET = 1 << 5;
    /** Hash commands: {@code h}. */
    int HASH = 1 << 6;
    /** Sorted set commands: {@code z}. */
    int ZSET = 1 << 7;
    /** Expired events: {@code x}. */
    int EXPIRED = 1 << 8;
    /** Evicted events: {@code e}. */
    int EVICTED = 1 << 9;
    /** Stream commands: {@code t}. */
    int STREAM = 1 << 10;
    /** Key-miss events: {@code m}. */
    int KEY_MISS = 1 << 11;
    /** New-key events: {@code n}. */
    int NEW = 1 << 13;

    /** Event {@code event} of class {@code type} happened to {@code key} in database {@code db}. */
    void notify(int type, String event, byte[] key, int db);

    /** Notifications off. */
    KeyspaceEvents NONE = (type, event, key, db) -> { };
}
