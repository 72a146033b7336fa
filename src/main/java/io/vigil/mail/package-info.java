/**
 * Alert e-mail as keepalived sends it ({@code notification_email}, {@code smtp_server}, {@code smtp_alert}).
 *
 * <pre>
 *  VRRP child: VrrpService ──Action.MailAlert──┐                       (pure cores decide what to mail and word it)
 *  checker child: CheckCoordinator ─PoolAction.SmtpAlert─┤
 *                                               ▼
 *                   AlertMailer: bounded queue, offer never blocks (full: dropped, logged at most once a minute)
 *                                               │ one virtual thread, one message at a time
 *                                               ▼
 *                   SmtpClient (socket shell) ── SmtpDialogue (pure state machine over SmtpReply) ── MailMessage
 * </pre>
 * A small client rather than a mail library: keepalived speaks plain SMTP without TLS or AUTH (HELO, MAIL, RCPT,
 * DATA, QUIT), which takes 10 classes (31 KB) here. Eclipse Angus Mail 2.0.3 with its APIs and Activation is 829 KB of
 * jars, and one alert sent through it loaded 1623 classes (188 of them its own) where this client loaded 1173 (16),
 * measured 2026-12-07 in a JVM that did only that; each child JVM would pay it.
 */
package io.vigil.mail;
