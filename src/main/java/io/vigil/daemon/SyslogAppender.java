package io.vigil.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vigil.sys.NativeException;
import io.vigil.sys.UnixDatagramSender;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;

/**
 * Logback appender writing to the local syslog socket (default {@code /dev/log}) with a facility and a
 * per-process identity. Each event is one synchronous datagram, so nothing is buffered and lost at shutdown.
 * When no syslog daemon listens, it says so once on stderr and drops lines until one appears.
 */
public final class SyslogAppender extends AppenderBase<ILoggingEvent> {
    private final String socketPath;
    private final int facility;
    private final String ident;
    private final long pid = ProcessHandle.current().pid();
    private UnixDatagramSender sender;
    private boolean warned;

    public SyslogAppender(String socketPath, int facility, String ident) {
        this.socketPath = socketPath;
        this.facility = facility;
        this.ident = ident;
        setName("syslog");
    }

    @Override
    public void start() {
        sender = new UnixDatagramSender(socketPath);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (event.getThrowableProxy() != null) message += ": " + event.getThrowableProxy().getMessage();
        String line = SyslogFormat.line(facility, severity(event.getLevel()), ident, pid, ZonedDateTime.now(), message);
        try {
            sender.send(line.getBytes(StandardCharsets.UTF_8));
            warned = false;
        } catch (NativeException e) {
            if (!warned) {
                warned = true;
                System.err.println("vigil: syslog socket " + socketPath + " unavailable (" + e.getMessage() + "); use -l for console logs");
            }
        }
    }

    static int severity(Level level) {
        return switch (level.levelInt) {
            case Level.ERROR_INT -> SyslogFormat.ERR;
            case Level.WARN_INT -> SyslogFormat.WARNING;
            case Level.INFO_INT -> SyslogFormat.INFO;
            default -> SyslogFormat.DEBUG;
        };
    }

    @Override
    public void stop() {
        super.stop();
        if (sender != null) sender.close();
    }
}
