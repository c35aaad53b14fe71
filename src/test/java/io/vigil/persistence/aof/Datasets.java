package io.vigil.persistence.aof;

import io.vigil.testing.Resp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole dataset of a server read over the wire, as comparable text: per database and key its type, its
 * value (set members and hash fields sorted) and whether it has a TTL. Works the same on Redis and Vigil.
 */
final class Datasets {
    private Datasets() {
    }

    static Map<String, String> dump(Resp r) {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            r.send("SELECT", Integer.toString(db));
            for (Resp.Reply k : r.send("KEYS", "*").asList()) {
                String key = k.asString();
                String type = r.send("TYPE", key).asString();
                String value = switch (type) {
                    case "string" -> r.send("GET", key).asString();
                    case "list" -> strings(r.send("LRANGE", key, "0", "-1")).toString();
                    case "set" -> sorted(strings(r.send("SMEMBERS", key))).toString();
                    case "hash" -> new TreeMap<>(pairs(strings(r.send("HGETALL", key)))).toString();
                    case "zset" -> strings(r.send("ZRANGE", key, "0", "-1", "WITHSCORES")).toString();
                    default -> "?";
                };
                long pttl = r.send("PTTL", key).asLong();
                out.put(db + ":" + key, type + ":" + value + (pttl >= 0 ? " ttl" : ""));
            }
        }
        r.send("SELECT", "0");
        return out;
    }

    private static List<String> strings(Resp.Reply arr) {
        List<String> s = new ArrayList<>();
        for (Resp.Reply x : arr.asList()) {
            s.add(x.asString());
        }
        return s;
    }

    private static List<String> sorted(List<String> l) {
        l.sort(null);
        return l;
    }

    private static Map<String, String> pairs(List<String> flat) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            m.put(flat.get(i), flat.get(i + 1));
        }
        return m;
    }

    /** Writes a dataset with every type, small and large collections, TTLs, several databases, a transaction. */
    static void fill(Resp r, int scale) {
        r.send("SET", "str", "hello");
        r.send("SET", "int", "12345");
        r.send("SET", "ttl", "v", "EX", "1000");
        r.send("INCRBY", "counter", "7");
        r.send("APPEND", "str", " world");
        for (int i = 0; i < scale; i++) {
            r.send("RPUSH", "biglist", "e" + i);
            r.send("SADD", "bigset", "m" + i);
            r.send("HSET", "bighash", "f" + i, "v" + i);
            r.send("ZADD", "bigzset", Double.toString(i * 1.5), "z" + i);
            r.send("SADD", "intset", Integer.toString(i));
        }
        r.send("RPUSH", "list", "a", "b", "c");
        r.send("LPOP", "list");
        r.send("HSET", "hash", "f", "v", "g", "w");
        r.send("ZADD", "zset", "1", "a", "2.5", "b", "-inf", "c");
        r.send("SADD", "set", "x", "y");
        r.send("SREM", "set", "x");
        r.send("SELECT", "5");
        r.send("SET", "in5", "five");
        r.send("EXPIRE", "in5", "5000");
        r.send("SELECT", "0");
        r.send("MULTI");
        r.send("SET", "tx1", "1");
        r.send("INCR", "tx1");
        r.send("SELECT", "2");
        r.send("SET", "tx2", "2");
        r.send("EXEC");
        r.send("SELECT", "0");
        r.send("SET", "gone", "x");
        r.send("DEL", "gone");
    }
}
