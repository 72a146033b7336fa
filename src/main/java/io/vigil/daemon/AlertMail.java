package io.vigil.daemon;

import io.vigil.config.GlobalDefs;
import io.vigil.mail.AlertMailer;
import io.vigil.mail.MailSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Alert e-mail of one child (VRRP or checker): its own {@link AlertMailer}, so a slow SMTP server never holds up the
 * other child, and neither child's event thread (they only queue). Mail is sent only with both
 * {@code notification_email} and {@code smtp_server} set, as keepalived.
 */
final class AlertMail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertMail.class);
    /** How long a stopping child waits for its last alerts (keepalived's "Stopping" mails). */
    private static final long STOP_DRAIN_MILLIS = 3000;

    private volatile AlertMailer mailer;

    /** keepalived's defaults: router_id, HELO name and sender domain from the host name; sender user from the uid. */
    static Optional<MailSettings> settings(GlobalDefs g, String hostName, String userName) {
        if (g.notificationEmails().isEmpty() || g.smtpHostPort().isEmpty()) return Optional.empty();
        var hostPort = g.smtpHostPort().get();
        return Optional.of(new MailSettings(g.routerId().orElse(hostName), g.notificationEmailFrom().orElse(userName + "@" + hostName),
                g.notificationEmails(), hostPort.getKey(), hostPort.getValue(), g.smtpHeloName().orElse(hostName),
                Math.max(1, g.smtpConnectTimeout().toMillis())));
    }

    /** uname's node name, as keepalived takes it (per UTS namespace). */
    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Starts, replaces (settings changed by a reload) or stops the mailer. */
    synchronized void configure(GlobalDefs g) {
        Optional<MailSettings> next = settings(g, hostName(), System.getProperty("user.name", "root"));
        AlertMailer old = mailer;
        if (old != null && next.isPresent() && old.settings().equals(next.get())) return;
        mailer = next.map(AlertMailer::smtp).orElse(null);
        next.ifPresent(s -> LOG.info("Alert e-mail via {} from {} to {}", s.server(), s.from(), String.join(", ", s.to())));
        if (old != null) Thread.ofVirtual().start(() -> old.close(STOP_DRAIN_MILLIS));
    }

    /** Queues one alert (never blocks); without settings it is dropped at debug level. */
    void alert(String subjectTail, String body) {
        AlertMailer m = mailer;
        if (m != null) m.alert(subjectTail, body);
        else LOG.debug("alert e-mail not configured: {}", subjectTail);
    }

    @Override
    public synchronized void close() {
        AlertMailer m = mailer;
        mailer = null;
        if (m != null) m.close(STOP_DRAIN_MILLIS);
    }
}
