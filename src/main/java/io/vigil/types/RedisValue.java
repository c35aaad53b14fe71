package io.vigil.types;

import io.vigil.keyspace.Sized;

/** A stored value of a non-string type: its TYPE name and its OBJECT ENCODING in Redis 7.0's words. */
public interface RedisValue extends Sized {
    /** TYPE's answer: "list", "hash", "set", "zset". */
    String typeName();

    /** OBJECT ENCODING's answer, e.g. "quicklist", "listpack", "intset", "hashtable", "skiplist". */
    String encoding();

    /** Number of elements (an empty collection is deleted by the command that emptied it). */
    int size();

    /** A deep copy (COPY, and later snapshots): sharing no mutable state with this value. */
    RedisValue copy();
}
