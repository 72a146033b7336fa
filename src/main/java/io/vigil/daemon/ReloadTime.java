package io.vigil.daemon;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * The first line of keepalived's {@code reload_time_file}: when the scheduled reload is. Exactly {@code HH:MM:SS},
 * {@code YY-MM-DD HH:MM:SS} or {@code YYYY-MM-DD HH:MM:SS}, each optionally ending in {@code Z} (UTC; else local time).
 * A time alone that has passed today means tomorrow; a date and time that has passed is refused. Pure: the present
 * moment is passed in.
 */
final class ReloadTime {
    private ReloadTime() {}

    sealed interface Parsed {
        /** @param dateGiven the line had a date: the file is deleted at the reload even with reload_repeat */
        record At(Instant when, boolean dateGiven) implements Parsed {}

        record Invalid(String reason) implements Parsed {}

        record Past() implements Parsed {}
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    /** strptime's %y: 69..99 are 1969..1999, 00..68 are 2000..2068. */
    private static final DateTimeFormatter SHORT = new DateTimeFormatterBuilder()
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1969).appendPattern("-MM-dd HH:mm:ss")
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    static Parsed parse(String line, ZonedDateTime now) {
        boolean utc = line.endsWith("Z");
        String text = utc ? line.substring(0, line.length() - 1) : line;
        ZoneId zone = utc ? ZoneOffset.UTC : now.getZone();
        LocalDateTime at;
        try {
            at = switch (text.length()) {
                case 8 -> LocalDateTime.of(now.withZoneSameInstant(zone).toLocalDate(), LocalTime.parse(text, TIME));
                case 17 -> LocalDateTime.parse(text, SHORT);
                case 19 -> LocalDateTime.parse(text, LONG);
                default -> null;
            };
        } catch (DateTimeException e) {
            return new Parsed.Invalid("'" + line + "' is not a valid time");
        }
        if (at == null) return new Parsed.Invalid("'" + line + "' is not HH:MM:SS, YY-MM-DD HH:MM:SS or YYYY-MM-DD HH:MM:SS (each optionally ending in Z)");
        long nowSeconds = now.toEpochSecond();
        Instant when = instant(at, zone);
        if (when == null) return new Parsed.Invalid("'" + line + "' does not exist in the local time zone " + zone);
        if (when.getEpochSecond() <= nowSeconds) {
            if (text.length() != 8) return new Parsed.Past();
            LocalDate tomorrow = at.toLocalDate().plusDays(1);
            // as keepalived's mktime of the next day: a time that day's clock change skips moves on by the gap
            when = LocalDateTime.of(tomorrow, at.toLocalTime()).atZone(zone).toInstant();
        }
        return new Parsed.At(when, text.length() != 8);
    }

    /** Null for a local time that a daylight-saving jump skips. */
    private static Instant instant(LocalDateTime at, ZoneId zone) {
        if (zone.getRules().getValidOffsets(at).isEmpty()) return null;
        return at.atZone(zone).toInstant();
    }
}
