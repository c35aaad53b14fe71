package io.vigil.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** Applies {@code loglevel} and {@code logfile} to Logback at start-up and on CONFIG SET. */
public final class LogSetup {
    private LogSetup() {
    }

    /** The Logback level for a Redis {@code loglevel} name (debug, verbose, notice, warning, nothing). */
    public static Level level(String redisLevel) {
        return switch (redisLevel.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.TRACE;
            case "verbose" -> Level.DEBUG;
            case "notice" -> Level.INFO;
            case "warning" -> Level.WARN;
            case "nothing" -> Level.OFF;
            default -> throw new IllegalArgumentException("unknown loglevel " + redisLevel);
        };
    }

    /** Sends logs to {@code logfile} (empty or null = standard output) at {@code loglevel}. */
    public static void configure(String loglevel, String logfile) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        RedisLayout layout = new RedisLayout();
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
        enc.setContext(ctx);
        enc.setLayout(layout);
        enc.start();
        OutputStreamAppender<ILoggingEvent> app;
        if (logfile == null || logfile.isEmpty()) {
            ConsoleAppender<ILoggingEvent> c = new ConsoleAppender<>();
            c.setImmediateFlush(true);
            app = c;
        } else {
            FileAppender<ILoggingEvent> f = new FileAppender<>();
            f.setFile(logfile);
            f.setAppend(true);
            f.setImmediateFlush(true);
            app = f;
        }
        app.setContext(ctx);
        app.setName("redis");
        app.setEncoder(enc);
        app.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(app);
        root.setLevel(level(loglevel));
        ctx.getLogger("io.netty").setLevel(Level.WARN);
    }

    /** Changes the level only (CONFIG SET loglevel). */
    public static void setLevel(String loglevel) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level(loglevel));
    }
}
