package io.vigil.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formats a log event as Redis does: {@code pid:role date time.ms level message}. */
public final class RedisLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH).withZone(ZoneId.systemDefault());
    private static final long PID = ProcessHandle.current().pid();
    private static volatile char role = 'M';

    /** Sets the role character: {@code M} master, {@code S} replica, {@code X} sentinel, {@code C} child. */
    public static void role(char r) {
        role = r;
    }

    /** The role character in use. */
    public static char role() {
        return role;
    }

    /** The level character Redis prints for a Logback level. */
    static char levelChar(Level l) {
        if (l.toInt() >= Level.WARN_INT) {
            return '#';
        }
        if (l.toInt() >= Level.INFO_INT) {
            return '*';
        }
        if (l.toInt() >= Level.DEBUG_INT) {
            return '-';
        }
        return '.';
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(PID).append(':').append(role).append(' ')
                .append(TIME.format(Instant.ofEpochMilli(e.getTimeStamp()))).append(' ')
                .append(levelChar(e.getLevel())).append(' ').append(e.getFormattedMessage()).append('\n');
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            sb.append(ThrowableProxyUtil.asString(t)).append('\n');
        }
        return sb.toString();
    }
}
