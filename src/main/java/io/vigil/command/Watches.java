package io.vigil.command;

import io.vigil.keyspace.Database;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WATCH bookkeeping: which clients watch which keys. Touching a watched key flags the watchers'
 * transactions so their EXEC fails ({@link Client#DIRTY_CAS}).
 */
final class Watches {
    private final Map<KeyRef, List<Client>> watchers = new HashMap<>();

    boolean isEmpty() {
        return watchers.isEmpty();
    }

    void watch(Client c, KeyRef key) {
        if (c.watched.contains(key)) {
            return;
        }
        c.watched.add(key);
        watchers.computeIfAbsent(key, k -> new ArrayList<>(2)).add(c);
    }

    void unwatchAll(Client c) {
        for (KeyRef k : c.watched) {
            List<Client> l = watchers.get(k);
            if (l != null) {
                l.remove(c);
                if (l.isEmpty()) {
                    watchers.remove(k);
                }
            }
        }
        c.watched.clear();
        c.clear(Client.DIRTY_CAS);
    }

    void touch(KeyRef key) {
        List<Client> l = watchers.get(key);
        if (l != null) {
            for (Client c : l) {
                c.set(Client.DIRTY_CAS);
            }
        }
    }

    /**
     * Database {@code db} is being emptied (FLUSHDB/FLUSHALL) or swapped with {@code replacement}: every
     * watched key of it that exists in either is touched.
     */
    void touchDb(Database db, Database replacement) {
        for (Map.Entry<KeyRef, List<Client>> e : watchers.entrySet()) {
            KeyRef k = e.getKey();
            if (k.db() != db.id()) {
                continue;
            }
            if (db.exists(k.key()) || (replacement != null && replacement.exists(k.key()))) {
                for (Client c : e.getValue()) {
                    c.set(Client.DIRTY_CAS);
                }
            }
        }
    }
}
