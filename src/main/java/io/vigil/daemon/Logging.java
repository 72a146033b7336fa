package io.vigil.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Logging as keepalived's flags ask: {@code -l} console, {@code -G} no syslog, {@code -S} facility, {@code -D}
 * detail. Identities: {@code vigil}, {@code vigil-vrrp}, {@code vigil-check}, or with {@code keepalivedIdents}
 * keepalived's own {@code Keepalived}, {@code Keepalived_vrrp}, {@code Keepalived_healthcheckers}, so existing
 * syslog filters and greps keep working unchanged.
 */
public final class Logging {
    private Logging() {}

    public record Settings(boolean console, boolean syslog, String facility, boolean detail, boolean keepalivedIdents,
                           String syslogSocket) {
        /** Passes the settings on to a child as system properties. */
        public java.util.List<String> asSystemProperties() {
            return java.util.List.of("-Dvigil.log.console=" + console, "-Dvigil.log.syslog=" + syslog,
                    "-Dvigil.log.facility=" + (facility == null ? "" : facility), "-Dvigil.log.detail=" + detail,
                    "-Dvigil.log.keepalivedIdents=" + keepalivedIdents, "-Dvigil.log.socket=" + syslogSocket);
        }

        public static Settings fromSystemProperties() {
            return new Settings(Boolean.parseBoolean(System.getProperty("vigil.log.console", "true")),
                    Boolean.parseBoolean(System.getProperty("vigil.log.syslog", "false")),
                    System.getProperty("vigil.log.facility", ""),
                    Boolean.parseBoolean(System.getProperty("vigil.log.detail", "false")),
                    Boolean.parseBoolean(System.getProperty("vigil.log.keepalivedIdents", "false")),
                    System.getProperty("vigil.log.socket", "/dev/log"));
        }
    }

    /** @param kind the child's subsystem, or null for the parent */
    public static void configure(Settings settings, Subsystem.Kind kind) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(Level.INFO);
        ctx.getLogger("io.vigil").setLevel(settings.detail() ? Level.DEBUG : Level.INFO);
        String ident = ident(kind, settings.keepalivedIdents());
        if (settings.console()) {
            LogLineEncoder enc = LogLineEncoder.daemon(ident, ProcessHandle.current().pid());
            enc.setContext(ctx);
            enc.start();
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setContext(ctx);
            console.setTarget("System.err");
            console.setEncoder(enc);
            console.start();
            root.addAppender(console);
        }
        if (settings.syslog()) {
            SyslogAppender syslog = new SyslogAppender(settings.syslogSocket(), SyslogFormat.facility(settings.facility()), ident);
            syslog.setContext(ctx);
            syslog.start();
            root.addAppender(syslog);
        }
    }

    public static String ident(Subsystem.Kind kind, boolean keepalivedIdents) {
        if (kind == null) return keepalivedIdents ? "Keepalived" : "vigil";
        return keepalivedIdents ? kind.keepalivedIdent() : kind.vigilIdent();
    }
}
