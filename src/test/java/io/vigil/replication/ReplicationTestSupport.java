package io.vigil.replication;

import io.vigil.testing.Resp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Helpers of the replication tests: a workload over every data type, and a dataset snapshot to compare. */
final class ReplicationTestSupport {
    private ReplicationTestSupport() {
    }

    /**
     * Writes keys of every type (compact and large encodings), in databases 0 and 3, with expiries, a
     * transaction, commands propagated rewritten (SET EX, INCRBYFLOAT, SPOP) and deletions.
     */
    static void writeAllTypes(Resp r, String p) {
        r.send("SELECT", "0");
        r.send("SET", p + "str", "hello");
        r.send("SET", p + "int", "12345");
        r.send("INCRBY", p + "int", "10");
        r.send("APPEND", p + "str", " world");
        r.send("SET", p + "ex", "v", "EX", "1000");
        r.send("INCRBYFLOAT", p + "float", "1.5");
        r.send("RPUSH", p + "list", "a", "b", "c", "1", "2");
        r.send("LPUSH", p + "list", "z");
        List<String> big = new ArrayList<>(List.of("RPUSH", p + "biglist"));
        for (int i = 0; i < 300; i++) {
            big.add("element-" + i + "-" + "x".repeat(i % 70));
        }
        r.send(big);
        r.send("HSET", p + "hash", "f1", "v1", "f2", "2");
        List<String> bigHash = new ArrayList<>(List.of("HSET", p + "bighash"));
        for (int i = 0; i < 600; i++) {
            bigHash.add("field" + i);
            bigHash.add("value" + i);
        }
        r.send(bigHash);
        r.send("SADD", p + "intset", "1", "2", "3", "100000");
        r.send("SADD", p + "set", "x", "y", "z");
        r.send("SPOP", p + "set");
        r.send("ZADD", p + "zset", "1", "a", "2.5", "b", "-3", "c");
        List<String> bigZ = new ArrayList<>(List.of("ZADD", p + "bigzset"));
        for (int i = 0; i < 200; i++) {
            bigZ.add(Integer.toString(i * 7 % 113));
            bigZ.add("member" + i);
        }
        r.send(bigZ);
        r.send("ZINCRBY", p + "zset", "10", "a");
        r.send("MULTI");
        r.send("SET", p + "tx1", "1");
        r.send("INCR", p + "tx1");
        r.send("LPUSH", p + "txlist", "q");
        r.send("EXEC");
        r.send("SET", p + "gone", "1");
        r.send("DEL", p + "gone");
        r.send("EXPIRE", p + "hash", "5000");
        r.send("SELECT", "3");
        r.send("SET", p + "db3", "three");
        r.send("HSET", p + "db3hash", "a", "b");
        r.send("SELECT", "0");
    }

    /** Every key of every database: type, value in a canonical form and absolute expire time. */
    static Map<String, String> snapshot(Resp r) {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            r.send("SELECT", Integer.toString(db));
            Resp.Reply keys = r.send("KEYS", "*");
            for (Resp.Reply k : ((Resp.Arr) keys).asList()) {
                String key = ((Resp.Bulk) k).asString();
                String type = ((Resp.Simple) r.send("TYPE", key)).asString();
                String value = switch (type) {
                    case "string" -> r.send("GET", key).toString();
                    case "list" -> r.send("LRANGE", key, "0", "-1").toString();
                    case "hash" -> pairs(r.send("HGETALL", key));
                    case "set" -> sorted(r.send("SMEMBERS", key));
                    case "zset" -> r.send("ZRANGE", key, "0", "-1", "WITHSCORES").toString();
                    default -> type;
                };
                out.put(db + ":" + key, type + " " + value + " expire=" + r.send("PEXPIRETIME", key));
            }
        }
        r.send("SELECT", "0");
        return out;
    }

    private static String sorted(Resp.Reply arr) {
        List<String> items = new ArrayList<>();
        for (Resp.Reply x : ((Resp.Arr) arr).asList()) {
            items.add(x.toString());
        }
        items.sort(null);
        return items.toString();
    }

    private static String pairs(Resp.Reply arr) {
        List<Resp.Reply> flat = ((Resp.Arr) arr).asList();
        List<String> items = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            items.add(flat.get(i) + "=" + flat.get(i + 1));
        }
        items.sort(null);
        return items.toString();
    }

    /** INFO section as name → value. */
    static Map<String, String> info(Resp r, String section) {
        String text = ((Resp.Bulk) r.send("INFO", section)).asString();
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                m.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return m;
    }
}
