package io.vigil.persistence.rdb;

import io.vigil.testing.Resp;
import io.vigil.testing.Resp.Reply;
import io.vigil.util.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/** Fills a real Redis with data of every type and encoding, and reads keys back in a canonical text form. */
public final class RedisData {
    private RedisData() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes as a string, one char per byte (binary safe, comparable). */
    static String latin(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static Reply ok(Resp r, Object... args) {
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            raw[i] = args[i] instanceof byte[] x ? x : b(args[i].toString());
        }
        Reply reply = r.send(raw);
        if (reply.isError()) {
            throw new AssertionError("error from " + latin(raw[0]) + ": " + reply);
        }
        return reply;
    }

    /** Several databases with every type and encoding Redis 7.0 has; returns nothing, all keys are in Redis. */
    public static void populate(Resp r, long now) {
        Random rnd = new Random(7);
        ok(r, "SELECT", 0);
        // strings
        ok(r, "SET", "str:plain", "hello");
        ok(r, "SET", "str:int", "12345");
        ok(r, "SET", "str:neg", "-7");
        ok(r, "SET", "str:int16", "-30000");
        ok(r, "SET", "str:int32", "2000000000");
        ok(r, "SET", "str:int64", "9223372036854775807");
        ok(r, "SET", "str:nonint", "007");
        ok(r, "SET", "str:empty", "");
        ok(r, "SET", b("str:bin\u0000"), new byte[] {0, (byte) 0xff, 1, '\r', '\n'});
        ok(r, "SET", "str:compressible", "abc".repeat(1000));
        ok(r, "SET", "str:random", RdbTestData.random(rnd, 500));
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 200_000; i++) {
            big.append("line ").append(i % 97).append(' ');
        }
        ok(r, "SET", "str:big", big.toString());
        ok(r, "SET", "str:ttl", "temporary");
        ok(r, "PEXPIREAT", "str:ttl", now + 3_600_000L);
        ok(r, "SET", "str:ttl2", "42");
        ok(r, "PEXPIREAT", "str:ttl2", now + 86_400_000L + 123);
        ok(r, "SETRANGE", "str:raw", 0, "x".repeat(50)); // raw encoding
        // lists
        ok(r, "RPUSH", "list:small", "a", "1", "-1", "hello", "", "128", "-70000", "007");
        List<Object> args = new ArrayList<>(List.of("RPUSH", "list:big"));
        for (int i = 0; i < 5000; i++) {
            args.add(i % 3 == 0 ? Integer.toString(i * 7919 - 1_000_000) : "element-" + i);
        }
        ok(r, args.toArray());
        args = new ArrayList<>(List.of("RPUSH", "list:bigelems"));
        for (int i = 0; i < 12; i++) {
            args.add(("e" + i).repeat(3000));
        }
        ok(r, args.toArray());
        ok(r, "LPUSH", "list:ttl", "x", "y");
        ok(r, "PEXPIREAT", "list:ttl", now + 7_200_000L);
        // sets
        ok(r, "SADD", "set:int", "3", "1", "-2", "100000");
        ok(r, "SADD", "set:int64", "9223372036854775807", "-9223372036854775808", "0");
        ok(r, "SADD", "set:str", "apple", "banana", "1", "cherry");
        args = new ArrayList<>(List.of("SADD", "set:bigint"));
        for (int i = 0; i < 600; i++) {
            args.add(Integer.toString(i * 3));
        }
        ok(r, args.toArray());
        args = new ArrayList<>(List.of("SADD", "set:intset512"));
        for (int i = 0; i < 512; i++) {
            args.add(Integer.toString(-i));
        }
        ok(r, args.toArray());
        // hashes
        ok(r, "HSET", "hash:small", "f1", "v1", "n", "12", "e", "", "neg", "-5", "big", "123456789012");
        args = new ArrayList<>(List.of("HSET", "hash:big"));
        for (int i = 0; i < 200; i++) {
            args.add("field" + i);
            args.add(i % 2 == 0 ? Integer.toString(i) : "value-" + i);
        }
        ok(r, args.toArray());
        args = new ArrayList<>(List.of("HSET", "hash:huge"));
        for (int i = 0; i < 600; i++) {
            args.add("f" + i);
            args.add("v" + i);
        }
        ok(r, args.toArray());
        ok(r, "HSET", "hash:longval", "f", "v".repeat(65), "g", "short");
        ok(r, "HSET", "hash:ttl", "a", "b");
        ok(r, "PEXPIREAT", "hash:ttl", now + 1_000_000L);
        // sorted sets
        ok(r, "ZADD", "zset:small", "1.5", "a", "0.1", "b", "3", "c", "-5", "d", "1e300", "e",
                "4503599627370496", "f", "inf", "g", "-inf", "h", "0", "zero", "-2.5e-10", "tiny", "1.5", "a2",
                "7", "123");
        args = new ArrayList<>(List.of("ZADD", "zset:big"));
        for (int i = 0; i < 200; i++) {
            args.add(Double.toString(i * 0.37 - 20));
            args.add("member-" + i);
        }
        ok(r, args.toArray());
        ok(r, "ZADD", "zset:longmember", "1", "m".repeat(65), "2", "n");
        ok(r, "ZADD", "zset:ttl", "1", "x");
        ok(r, "PEXPIREAT", "zset:ttl", now + 5_000_000L);
        // other databases
        ok(r, "SELECT", 1);
        ok(r, "SET", "db1:str", "one");
        ok(r, "RPUSH", "db1:list", "1", "2", "3");
        ok(r, "SELECT", 5);
        ok(r, "HSET", "db5:hash", "a", "1");
        ok(r, "SADD", "db5:set", "x");
        ok(r, "SET", "db5:ttl", "v");
        ok(r, "PEXPIREAT", "db5:ttl", now + 9_000_000L);
        ok(r, "SELECT", 15);
        ok(r, "ZADD", "db15:zset", "1", "one");
        ok(r, "SELECT", 0);
    }

    /** All keys of the current database. */
    public static List<byte[]> keys(Resp r) {
        List<byte[]> out = new ArrayList<>();
        for (Reply k : ok(r, "KEYS", "*").asList()) {
            out.add(((Resp.Bulk) k).bytes());
        }
        return out;
    }

    /** A key's value in canonical text form, read with commands. */
    static String canonicalFromRedis(Resp r, byte[] key) {
        String type = ok(r, "TYPE", key).asString();
        switch (type) {
            case "string":
                return "string:" + latin(((Resp.Bulk) ok(r, "GET", key)).bytes());
            case "list": {
                List<String> items = new ArrayList<>();
                for (Reply x : ok(r, "LRANGE", key, 0, -1).asList()) {
                    items.add(latin(((Resp.Bulk) x).bytes()));
                }
                return "list:" + items;
            }
            case "set": {
                List<String> items = new ArrayList<>();
                for (Reply x : ok(r, "SMEMBERS", key).asList()) {
                    items.add(latin(((Resp.Bulk) x).bytes()));
                }
                Collections.sort(items);
                return "set:" + items;
            }
            case "hash": {
                TreeMap<String, String> m = new TreeMap<>();
                List<Reply> flat = ok(r, "HGETALL", key).asList();
                for (int i = 0; i < flat.size(); i += 2) {
                    m.put(latin(((Resp.Bulk) flat.get(i)).bytes()), latin(((Resp.Bulk) flat.get(i + 1)).bytes()));
                }
                return "hash:" + m;
            }
            case "zset": {
                List<String> items = new ArrayList<>();
                List<Reply> flat = ok(r, "ZRANGE", key, 0, -1, "WITHSCORES").asList();
                for (int i = 0; i < flat.size(); i += 2) {
                    double score = Numbers.parseDouble(((Resp.Bulk) flat.get(i + 1)).bytes());
                    items.add(latin(((Resp.Bulk) flat.get(i)).bytes()) + "=" + Numbers.formatDouble(score));
                }
                return "zset:" + items;
            }
            default:
                throw new AssertionError("type " + type);
        }
    }

    /** A value in the same canonical text form. */
    static String canonical(RdbValue v) {
        if (v instanceof RdbValue.Str s) {
            return "string:" + latin(s.value());
        } else if (v instanceof RdbValue.ListValue l) {
            List<String> items = new ArrayList<>();
            for (byte[] x : l.elements()) {
                items.add(latin(x));
            }
            return "list:" + items;
        } else if (v instanceof RdbValue.SetValue s) {
            List<String> items = new ArrayList<>();
            for (byte[] x : s.members()) {
                items.add(latin(x));
            }
            Collections.sort(items);
            return "set:" + items;
        } else if (v instanceof RdbValue.HashValue h) {
            TreeMap<String, String> m = new TreeMap<>();
            for (byte[][] p : h.pairs()) {
                m.put(latin(p[0]), latin(p[1]));
            }
            return "hash:" + m;
        } else {
            List<ZSetEntry> entries = new ArrayList<>(((RdbValue.ZSetValue) v).entries());
            entries.sort(RdbWriter.ZSET_ORDER);
            List<String> items = new ArrayList<>();
            for (ZSetEntry e : entries) {
                items.add(latin(e.member()) + "=" + Numbers.formatDouble(e.score()));
            }
            return "zset:" + items;
        }
    }

    /** The RDB type Redis 7.0 writes for an OBJECT ENCODING of a TYPE. */
    static int rdbTypeFor(String type, String encoding) {
        switch (type + "/" + encoding) {
            case "string/int":
            case "string/embstr":
            case "string/raw":
                return Rdb.TYPE_STRING;
            case "list/quicklist":
                return Rdb.TYPE_LIST_QUICKLIST_2;
            case "set/intset":
                return Rdb.TYPE_SET_INTSET;
            case "set/hashtable":
                return Rdb.TYPE_SET;
            case "hash/listpack":
                return Rdb.TYPE_HASH_LISTPACK;
            case "hash/hashtable":
                return Rdb.TYPE_HASH;
            case "zset/listpack":
                return Rdb.TYPE_ZSET_LISTPACK;
            case "zset/skiplist":
                return Rdb.TYPE_ZSET_2;
            default:
                throw new AssertionError(type + "/" + encoding);
        }
    }
}
