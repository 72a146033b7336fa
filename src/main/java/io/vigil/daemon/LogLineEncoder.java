package io.vigil.daemon;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * One log line per event, written without Logback's {@code PatternLayout}: that class's initialiser spins ~50
 * converter lambdas at run time (not held by the AOT cache), 100–250 ms of every JVM's start on the path to the
 * first advert (docs/benchmarks/footprint.md, start-up timeline). The two line forms Vigil uses are built here:
 * {@code 2026-12-07 20:48:05.283 vigil[16301]: message} (the daemon's, as keepalived's console log) and
 * {@code 20:48:05.283 INFO  Daemon: message} (before the command line is read). An exception follows its line, as
 * PatternLayout adds it.
 */
final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
    private final String prefix;
    private final boolean daemonForm;
    private final ZoneId zone = ZoneId.systemDefault();

    private LogLineEncoder(String prefix, boolean daemonForm) {
        this.prefix = prefix;
        this.daemonForm = daemonForm;
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS IDENT[PID]: message}. */
    static LogLineEncoder daemon(String ident, long pid) {
        return new LogLineEncoder(" " + ident + "[" + pid + "]: ", true);
    }

    /** {@code HH:mm:ss.SSS LEVEL logger: message} (level padded to 5, the logger's simple name). */
    static LogLineEncoder plain() {
        return new LogLineEncoder("", false);
    }

    String line(ILoggingEvent event) {
        StringBuilder b = new StringBuilder(96);
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), zone);
        if (daemonForm) {
            b.append(t.getYear()).append('-');
            two(b, t.getMonthValue()).append('-');
            two(b, t.getDayOfMonth()).append(' ');
        }
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append('.');
        int millis = t.getNano() / 1_000_000;
        if (millis < 100) b.append('0');
        two(b, millis);
        if (daemonForm) {
            b.append(prefix);
        } else {
            String level = event.getLevel().toString();
            b.append(' ').append(level);
            for (int i = level.length(); i < 5; i++) b.append(' ');
            String logger = event.getLoggerName();
            b.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(": ");
        }
        b.append(event.getFormattedMessage()).append('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) b.append(ThrowableProxyUtil.asString(thrown)); // ends with its own line break
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int n) {
        if (n < 10) b.append('0');
        return b.append(n);
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return line(event).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
