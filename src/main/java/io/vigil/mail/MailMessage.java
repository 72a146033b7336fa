package io.vigil.mail;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One alert as keepalived writes it after DATA: the headers {@code Date}, {@code From}, {@code Subject},
 * {@code X-Mailer: Keepalived} (kept for filters written for keepalived) and {@code To} (every recipient, comma
 * separated), an empty line, the body, then the end-of-data line. Lines end in CRLF; a line starting with a dot gets
 * a second one (RFC 5321 4.5.2), so no body can end the message early.
 */
public record MailMessage(String from, List<String> to, String subject, String body, ZonedDateTime date) {
    /** keepalived's strftime "%a, %d %b %Y %H:%M:%S %z" (RFC 5322), in English whatever the locale. */
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);

    public MailMessage {
        to = List.copyOf(to);
        if (to.isEmpty()) throw new IllegalArgumentException("an alert needs at least one recipient");
        for (String s : List.of(from, subject)) {
            if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) throw new IllegalArgumentException("header with a line break: " + s);
        }
        for (String s : to) {
            if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('>') >= 0) throw new IllegalArgumentException("bad recipient: " + s);
        }
    }

    /** What follows the 354 reply, up to and including the lone dot. */
    public String data() {
        StringBuilder out = new StringBuilder();
        out.append("Date: ").append(RFC_5322.format(date)).append("\r\n");
        out.append("From: ").append(from).append("\r\n");
        out.append("Subject: ").append(subject).append("\r\n");
        out.append("X-Mailer: Keepalived\r\n");
        out.append("To: ").append(String.join(", ", to)).append("\r\n\r\n");
        for (String line : body.split("\r\n|\r|\n", -1)) {
            if (line.startsWith(".")) out.append('.');
            out.append(line).append("\r\n");
        }
        // keepalived sends the body line, then an empty line, then the dot.
        out.append("\r\n.\r\n");
        return out.toString();
    }
}
