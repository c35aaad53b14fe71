package io.vigil.command;

import io.vigil.keyspace.KeyEntry;
import io.vigil.util.Numbers;

import java.nio.charset.StandardCharsets;

/**
 * The string type's commands. A string value is stored as a plain {@code byte[]}.
 */
final class StringCommands {
    private StringCommands() {
    }

    static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PXAT = "PXAT".getBytes(StandardCharsets.US_ASCII);

    static void register(CommandTable t) {
        t.add(CommandSpec.of("get", 2, "readonly fast", 1, 1, 1, StringCommands::get)
                .acl("@string").doc("string", "1.0.0", "O(1)", "Returns the string value of a key.").args("key"));
        t.add(CommandSpec.of("set", -3, "write denyoom", 1, 1, 1, StringCommands::set)
                .acl("@string").doc("string", "1.0.0", "O(1)",
                        "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.")
                .args("key", "value", "[NX | XX]", "[GET]",
                        "[EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]"));
    }

    /** The string value of {@code e}, or null after replying WRONGTYPE if it holds another type. */
    static byte[] stringValue(Client c, KeyEntry e) {
        if (e.value instanceof byte[] b) {
            return b;
        }
        c.reply().error(Engine.WRONGTYPE);
        return null;
    }

    /** GET key */
    static void get(Client c, byte[][] argv) {
        KeyEntry e = c.engine().lookupRead(c, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        byte[] v = stringValue(c, e);
        if (v != null) {
            c.reply().bulk(v);
        }
    }

    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GET = 4;
    private static final int KEEPTTL = 8;
    private static final int EX = 16;
    private static final int PX = 32;
    private static final int EXAT = 64;
    private static final int PXAT_FLAG = 128;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT_FLAG;

    /** SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT s | PXAT ms | KEEPTTL] */
    static void set(Client c, byte[][] argv) {
        int flags = 0;
        byte[] expireArg = null;
        for (int i = 3; i < argv.length; i++) {
            String opt = Engine.lower(argv[i]);
            boolean hasNext = i + 1 < argv.length;
            int f = switch (opt) {
                case "nx" -> NX;
                case "xx" -> XX;
                case "get" -> GET;
                case "keepttl" -> KEEPTTL;
                case "ex" -> EX;
                case "px" -> PX;
                case "exat" -> EXAT;
                case "pxat" -> PXAT_FLAG;
                default -> 0;
            };
            boolean conflict = f == 0
                    || (f == NX && (flags & XX) != 0) || (f == XX && (flags & NX) != 0)
                    || (f == KEEPTTL && (flags & ANY_EXPIRE) != 0)
                    || ((f & ANY_EXPIRE) != 0 && ((flags & (ANY_EXPIRE | KEEPTTL)) != 0 || !hasNext));
            if (conflict) {
                c.reply().error("ERR syntax error");
                return;
            }
            flags |= f;
            if ((f & ANY_EXPIRE) != 0) {
                expireArg = argv[++i];
            }
        }
        long whenMs = -1;
        if (expireArg != null) {
            long v;
            try {
                v = Numbers.parseLong(expireArg);
            } catch (Numbers.NotANumber e) {
                c.reply().error("ERR value is not an integer or out of range");
                return;
            }
            if (v <= 0 || ((flags & (EX | EXAT)) != 0 && v > Long.MAX_VALUE / 1000)) {
                c.reply().error("ERR invalid expire time in 'set' command");
                return;
            }
            long ms = (flags & (EX | EXAT)) != 0 ? v * 1000 : v;
            if ((flags & (EX | PX)) != 0) {
                long now = c.engine().clock().millis();
                if (ms > Long.MAX_VALUE - now) {
                    c.reply().error("ERR invalid expire time in 'set' command");
                    return;
                }
                ms += now;
            }
            whenMs = ms;
        }
        KeyEntry old = c.engine().lookupWrite(c, argv[1]);
        byte[] oldValue = null;
        if ((flags & GET) != 0 && old != null) {
            oldValue = stringValue(c, old);
            if (oldValue == null) {
                return;
            }
        }
        if (((flags & NX) != 0 && old != null) || ((flags & XX) != 0 && old == null)) {
            if ((flags & GET) != 0) {
                c.reply().bulkOrNull(oldValue);
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        KeyEntry e = (flags & KEEPTTL) != 0 ? c.db().putKeepTtl(argv[1], argv[2]) : c.db().put(argv[1], argv[2]);
        c.engine().addDirty(1);
        c.engine().keyspaceEvent(KeyspaceEvents.STRING, "set", argv[1], c.dbIndex());
        if (whenMs >= 0) {
            c.db().setExpire(e, whenMs);
            c.engine().keyspaceEvent(KeyspaceEvents.GENERIC, "expire", argv[1], c.dbIndex());
            if ((flags & PXAT_FLAG) == 0) {
                c.propagateAs(new byte[][] {SET, argv[1], argv[2], PXAT,
                        Long.toString(whenMs).getBytes(StandardCharsets.US_ASCII)});
            }
        }
        if ((flags & GET) != 0) {
            c.reply().bulkOrNull(oldValue);
        } else {
            c.reply().ok();
        }
    }
}
