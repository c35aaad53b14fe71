package io.vigil.persistence.rdb;

/** Constants of the RDB format: version, opcodes and value types, with Redis's numbers. */
public final class Rdb {
    private Rdb() {
    }

    /** The RDB version Redis 7.0 writes, and the highest it loads. */
    public static final int VERSION = 10;

    // ---------------------------------------------------------------- opcodes
    /** A function library (Redis 7.0 GA format): one string, the library's code. */
    public static final int OPCODE_FUNCTION2 = 245;
    /** The pre-GA function format of Redis 7.0 release candidates (Redis 7.0 refuses it). */
    public static final int OPCODE_FUNCTION_PRE_GA = 246;
    /** Module auxiliary data. */
    public static final int OPCODE_MODULE_AUX = 247;
    /** LRU idle time of the next key, in seconds (a length). */
    public static final int OPCODE_IDLE = 248;
    /** LFU counter of the next key (one byte). */
    public static final int OPCODE_FREQ = 249;
    /** An auxiliary field: two strings. */
    public static final int OPCODE_AUX = 250;
    /** Hash table size hints for the current database: two lengths. */
    public static final int OPCODE_RESIZEDB = 251;
    /** Expire time of the next key in unix milliseconds, 8 bytes little endian. */
    public static final int OPCODE_EXPIRETIME_MS = 252;
    /** Expire time of the next key in unix seconds, 4 bytes little endian (old files). */
    public static final int OPCODE_EXPIRETIME = 253;
    /** Switch to a database: a length. */
    public static final int OPCODE_SELECTDB = 254;
    /** End of the data; the 8-byte checksum follows (RDB 5 and later). */
    public static final int OPCODE_EOF = 255;

    // ---------------------------------------------------------------- value types
    public static final int TYPE_STRING = 0;
    public static final int TYPE_LIST = 1;
    public static final int TYPE_SET = 2;
    public static final int TYPE_ZSET = 3;
    public static final int TYPE_HASH = 4;
    public static final int TYPE_ZSET_2 = 5;
    public static final int TYPE_MODULE_PRE_GA = 6;
    public static final int TYPE_MODULE_2 = 7;
    public static final int TYPE_HASH_ZIPMAP = 9;
    public static final int TYPE_LIST_ZIPLIST = 10;
    public static final int TYPE_SET_INTSET = 11;
    public static final int TYPE_ZSET_ZIPLIST = 12;
    public static final int TYPE_HASH_ZIPLIST = 13;
    public static final int TYPE_LIST_QUICKLIST = 14;
    public static final int TYPE_STREAM_LISTPACKS = 15;
    public static final int TYPE_HASH_LISTPACK = 16;
    public static final int TYPE_ZSET_LISTPACK = 17;
    public static final int TYPE_LIST_QUICKLIST_2 = 18;
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;
    /** Redis 7.2 (RDB 11): a set as a listpack. Not loadable by Redis 7.0. */
    public static final int TYPE_SET_LISTPACK = 20;
    /** Redis 7.2 (RDB 11): streams, third format. Not loadable by Redis 7.0. */
    public static final int TYPE_STREAM_LISTPACKS_3 = 21;

    /** Quicklist 2 node container: one element stored as is. */
    public static final int QUICKLIST_NODE_PLAIN = 1;
    /** Quicklist 2 node container: a listpack of elements. */
    public static final int QUICKLIST_NODE_PACKED = 2;

    // ---------------------------------------------------------------- length / string encodings
    static final int LEN_6BIT = 0;
    static final int LEN_14BIT = 1;
    static final int LEN_32BIT = 0x80;
    static final int LEN_64BIT = 0x81;
    static final int ENC_INT8 = 0;
    static final int ENC_INT16 = 1;
    static final int ENC_INT32 = 2;
    static final int ENC_LZF = 3;

    /** Module value opcodes (the self-describing serialization of module data). */
    static final int MODULE_OPCODE_EOF = 0;
    static final int MODULE_OPCODE_SINT = 1;
    static final int MODULE_OPCODE_UINT = 2;
    static final int MODULE_OPCODE_FLOAT = 3;
    static final int MODULE_OPCODE_DOUBLE = 4;
    static final int MODULE_OPCODE_STRING = 5;

    /** A readable name of a value type, for messages. */
    public static String typeName(int type) {
        switch (type) {
            case TYPE_STRING: return "string";
            case TYPE_LIST: return "list";
            case TYPE_SET: return "set";
            case TYPE_ZSET: return "zset";
            case TYPE_HASH: return "hash";
            case TYPE_ZSET_2: return "zset-2";
            case TYPE_MODULE_PRE_GA: return "module-pre-ga";
            case TYPE_MODULE_2: return "module-2";
            case TYPE_HASH_ZIPMAP: return "hash-zipmap";
            case TYPE_LIST_ZIPLIST: return "list-ziplist";
            case TYPE_SET_INTSET: return "set-intset";
            case TYPE_ZSET_ZIPLIST: return "zset-ziplist";
            case TYPE_HASH_ZIPLIST: return "hash-ziplist";
            case TYPE_LIST_QUICKLIST: return "list-quicklist";
            case TYPE_STREAM_LISTPACKS: return "stream-listpacks";
            case TYPE_HASH_LISTPACK: return "hash-listpack";
            case TYPE_ZSET_LISTPACK: return "zset-listpack";
            case TYPE_LIST_QUICKLIST_2: return "list-quicklist-2";
            case TYPE_STREAM_LISTPACKS_2: return "stream-listpacks-2";
            case TYPE_SET_LISTPACK: return "set-listpack";
            case TYPE_STREAM_LISTPACKS_3: return "stream-listpacks-3";
            default: return "unknown";
        }
    }

    /** The module name encoded in a 64-bit module type id (9 characters; the low 10 bits are the encoding version). */
    public static String moduleName(long moduleId) {
        String charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char[] name = new char[9];
        long id = moduleId >>> 10;
        for (int j = 8; j >= 0; j--) {
            name[j] = charset.charAt((int) (id & 63));
            id >>>= 6;
        }
        return new String(name);
    }
}
