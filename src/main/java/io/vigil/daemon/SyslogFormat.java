package io.vigil.daemon;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * RFC 3164 lines as syslog(3) writes them to /dev/log: {@code <PRI>Mmm dd hh:mm:ss IDENT[PID]: MESSAGE}, so rsyslog
 * and journald file them by facility and identity exactly as they file keepalived's.
 */
public final class SyslogFormat {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    /** Syslog severities. */
    public static final int ERR = 3, WARNING = 4, NOTICE = 5, INFO = 6, DEBUG = 7;

    private SyslogFormat() {}

    /**
     * Facility from keepalived's {@code -S}: 0..7 are local0..local7; names (daemon, user, local3...) are accepted too.
     * Returns the facility code (local0 = 16).
     */
    public static int facility(String spec) {
        if (spec == null || spec.isBlank()) return 3; // LOG_DAEMON, keepalived's default
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.matches("[0-7]")) return 16 + Integer.parseInt(s);
        if (s.matches("local[0-7]")) return 16 + (s.charAt(5) - '0');
        return switch (s) {
            case "kern" -> 0;
            case "user" -> 1;
            case "mail" -> 2;
            case "daemon" -> 3;
            case "auth" -> 4;
            case "syslog" -> 5;
            case "authpriv" -> 10;
            default -> throw new IllegalArgumentException("unknown syslog facility '" + spec + "' (0-7, local0-local7, daemon, user, ...)");
        };
    }

    public static String line(int facility, int severity, String ident, long pid, ZonedDateTime time, String message) {
        return "<" + (facility * 8 + severity) + ">" + STAMP.format(time) + " " + ident + "[" + pid + "]: " + message;
    }
}
