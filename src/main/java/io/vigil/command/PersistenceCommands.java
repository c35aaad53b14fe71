package io.vigil.command;

import io.vigil.keyspace.Database;
import io.vigil.keyspace.KeyEntry;
import io.vigil.persistence.Digest;
import io.vigil.persistence.RdbPersistence;
import io.vigil.persistence.ValueCodec;
import io.vigil.persistence.rdb.DumpPayload;
import io.vigil.persistence.rdb.RdbValue;
import io.vigil.util.Numbers;
import java.nio.charset.StandardCharsets;

/**
 * Persistence commands: SAVE, BGSAVE, DUMP, RESTORE, and the DEBUG subcommands DIGEST, DIGEST-VALUE and RELOAD
 * (called from {@link ServerCommands#debug}). The work is done by {@link RdbPersistence} and the
 * {@code io.vigil.persistence} classes; this family only parses and replies as Redis 7.0.
 */
final class PersistenceCommands {
    private PersistenceCommands() {
    }

    static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    static void register(CommandTable t) {
        t.add(CommandSpec.of("save", 1, "admin noscript no_async_loading no_multi", 0, 0, 0, PersistenceCommands::save)
                .acl("@dangerous").doc("server", "1.0.0", "O(N) where N is the total number of keys in all databases",
                        "Synchronously saves the database(s) to disk."));
        t.add(CommandSpec.of("bgsave", -1, "admin noscript no_async_loading", 0, 0, 0, PersistenceCommands::bgsave)
                .acl("@dangerous").doc("server", "1.0.0", "O(1)", "Asynchronously saves the database(s) to disk.")
                .args("[SCHEDULE]"));
        t.add(CommandSpec.of("dump", 2, "readonly", 1, 1, 1, PersistenceCommands::dump)
                .acl("@keyspace").doc("generic", "2.6.0",
                        "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis "
                                + "objects composing the value and M their average size.",
                        "Returns a serialized representation of the value stored at a key.")
                .args("key"));
        t.add(CommandSpec.of("restore", -4, "write denyoom", 1, 1, 1, PersistenceCommands::restore)
                .acl("@keyspace @dangerous").doc("generic", "2.6.0",
                        "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where "
                                + "N is the number of Redis objects composing the value and M their average size.",
                        "Creates a key from the serialized representation of a value.")
                .args("key", "ttl", "serialized-value", "[REPLACE]", "[ABSTTL]", "[IDLETIME seconds]",
                        "[FREQ frequency]"));
    }

    private static RdbPersistence persistence(Client c) {
        RdbPersistence p = c.engine().persistence();
        if (p == null) {
            c.reply().error("ERR persistence is not configured");
        }
        return p;
    }

    // ---------------------------------------------------------------------------------------------
    // SAVE, BGSAVE

    /** SAVE */
    static void save(Client c, byte[][] argv) {
        RdbPersistence p = persistence(c);
        if (p == null) {
            return;
        }
        if (p.bgsaveInProgress()) {
            c.reply().error("ERR Background save already in progress");
            return;
        }
        if (p.save()) {
            c.reply().ok();
        } else {
            c.reply().error("ERR");
        }
    }

    /** BGSAVE [SCHEDULE] */
    static void bgsave(Client c, byte[][] argv) {
        boolean schedule = false;
        if (argv.length > 1) {
            if (argv.length == 2 && Engine.lower(argv[1]).equals("schedule")) {
                schedule = true;
            } else {
                c.reply().error(ServerCommands.SYNTAX);
                return;
            }
        }
        RdbPersistence p = persistence(c);
        if (p == null) {
            return;
        }
        switch (p.bgsave(schedule, c.has(Client.IN_EXEC))) {
            case STARTED -> c.reply().simple("Background saving started");
            case SCHEDULED -> c.reply().simple("Background saving scheduled");
            case ALREADY_IN_PROGRESS -> c.reply().error("ERR Background save already in progress");
            case OTHER_CHILD_ACTIVE -> c.reply().error("ERR Another child process is active (AOF?): can't BGSAVE "
                    + "right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
            default -> c.reply().error("ERR");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // DUMP, RESTORE

    /** DUMP key */
    static void dump(Client c, byte[][] argv) {
        KeyEntry e = KeyCommands.readKey(c, c.db(), argv[1], true);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        boolean compression = c.engine().config() == null
                || !"no".equals(c.engine().config().getString("rdbcompression"));
        Object v = e.value;
        c.reply().bulk(DumpPayload.create(ValueCodec.thresholds(c.engine().encodingLimits()), compression,
                w -> ValueCodec.writeValue(w, v)));
    }

    /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency] */
    static void restore(Client c, byte[][] argv) {
        boolean replace = false;
        boolean absttl = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < argv.length; j++) {
            int additional = argv.length - j - 1;
            String opt = Engine.lower(argv[j]);
            if (opt.equals("replace")) {
                replace = true;
            } else if (opt.equals("absttl")) {
                absttl = true;
            } else if (opt.equals("idletime") && additional >= 1 && freq == -1) {
                Long v = longArg(c, argv[j + 1]);
                if (v == null) {
                    return;
                }
                if (v < 0) {
                    c.reply().error("ERR Invalid IDLETIME value, must be >= 0");
                    return;
                }
                idle = v;
                j++;
            } else if (opt.equals("freq") && additional >= 1 && idle == -1) {
                Long v = longArg(c, argv[j + 1]);
                if (v == null) {
                    return;
                }
                if (v < 0 || v > 255) {
                    c.reply().error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                    return;
                }
                freq = v;
                j++;
            } else {
                c.reply().error(ServerCommands.SYNTAX);
                return;
            }
        }
        Database db = c.db();
        byte[] key = argv[1];
        if (!replace && db.lookup(key) != null) {
            c.reply().error(BUSYKEY);
            return;
        }
        Long ttlArg = longArg(c, argv[2]);
        if (ttlArg == null) {
            return;
        }
        long ttl = ttlArg;
        if (ttl < 0) {
            c.reply().error("ERR Invalid TTL value, must be >= 0");
            return;
        }
        RdbValue parsed;
        try {
            parsed = DumpPayload.parse(argv[3]);
        } catch (DumpPayload.InvalidPayload e) {
            c.reply().error(e.getMessage());
            return;
        }
        Object value = ValueCodec.toVigil(parsed, c.engine().encodingLimits());
        boolean deleted = replace && db.delete(key);
        if (ttl != 0 && !absttl) {
            ttl += c.engine().clock().millis();
        }
        if (ttl != 0 && ttl <= c.engine().clock().millis() && c.engine().role().equals("master")) {
            // Already expired: nothing is created; a replaced key is deleted, and that is what propagates.
            if (deleted) {
                c.propagateAs(new byte[][] {DEL, key});
                c.engine().keyspaceEvent(KeyspaceEvents.GENERIC, "del", key, db.id());
                c.engine().addDirty(1);
            } else {
                c.preventPropagation();
            }
            c.reply().ok();
            return;
        }
        KeyEntry e = db.add(key, value);
        if (ttl != 0) {
            db.setExpire(e, ttl);
            if (!absttl) {
                // Propagate the TTL as an absolute time, so replicas and the AOF agree.
                byte[][] rewritten = java.util.Arrays.copyOf(argv, argv.length + 1);
                rewritten[2] = Long.toString(ttl).getBytes(StandardCharsets.US_ASCII);
                rewritten[argv.length] = ABSTTL;
                c.propagateAs(rewritten);
            }
        }
        if (freq >= 0) {
            db.setFrequency(e, (int) freq);
        }
        if (idle >= 0) {
            db.setIdleSeconds(e, idle);
        }
        c.engine().keyspaceEvent(KeyspaceEvents.GENERIC, "restore", key, db.id());
        c.engine().addDirty(1);
        c.reply().ok();
    }

    private static Long longArg(Client c, byte[] arg) {
        try {
            return Numbers.parseLong(arg);
        } catch (Numbers.NotANumber e) {
            c.reply().error("ERR value is not an integer or out of range");
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // DEBUG DIGEST, DIGEST-VALUE, RELOAD

    /**
     * The DEBUG subcommands of this family; false if {@code sub} is not one of them (or has the wrong arguments).
     */
    static boolean debug(Client c, String sub, byte[][] argv) {
        switch (sub) {
            case "digest" -> {
                if (argv.length != 2) {
                    return false;
                }
                c.reply().simple(Digest.dataset(c.engine().keyspace()));
                return true;
            }
            case "digest-value" -> {
                c.reply().array(argv.length - 2);
                for (int j = 2; j < argv.length; j++) {
                    c.reply().simple(Digest.value(c.db().lookupNoTouch(argv[j])));
                }
                return true;
            }
            case "reload" -> {
                debugReload(c, argv);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] */
    private static void debugReload(Client c, byte[][] argv) {
        boolean save = true;
        for (int j = 2; j < argv.length; j++) {
            String opt = Engine.lower(argv[j]);
            switch (opt) {
                case "nosave" -> save = false;
                case "merge", "noflush" -> {
                    c.reply().error("ERR DEBUG RELOAD " + opt.toUpperCase(java.util.Locale.ROOT)
                            + " is not supported");
                    return;
                }
                default -> {
                    c.reply().error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
                    return;
                }
            }
        }
        RdbPersistence p = persistence(c);
        if (p == null) {
            return;
        }
        if (p.bgsaveInProgress()) {
            p.cancelBackgroundSave();
        }
        for (int i = 0; i < c.engine().keyspace().count(); i++) {
            Database db = c.engine().keyspace().db(i);
            c.engine().databaseReplaced(db, db);
        }
        String err = p.debugReload(save);
        if (err != null) {
            c.reply().error(err);
            return;
        }
        c.reply().ok();
    }
}
