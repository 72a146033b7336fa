package io.vigil.mail;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure parts: reply parsing, message formatting (headers, dot-stuffing) and the dialogue over scripted replies. */
class SmtpDialogueTest {
    private static final ZonedDateTime DATE = ZonedDateTime.of(2026, 3, 1, 9, 44, 8, 0, ZoneOffset.ofHours(1));
    private static final MailMessage MAIL = new MailMessage("vigil@lb1", List.of("ops@example.org", "oncall@example.org"),
            "[lb1] VRRP Instance VI_1 - Entering MASTER state", "=> VRRP Instance is now owning VRRP VIPs <=", DATE);

    @Test
    void multiLineRepliesAreAssembledAndBadLinesRefused() {
        SmtpReply.Reader r = new SmtpReply.Reader();
        assertThat(r.line("250-mail.example.org")).isNull();
        assertThat(r.line("250-PIPELINING")).isNull();
        SmtpReply reply = r.line("250 HELP");
        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.lines()).containsExactly("mail.example.org", "PIPELINING", "HELP");
        assertThat(r.line("354")).isEqualTo(new SmtpReply(354, List.of("")));
        assertThatThrownBy(() -> r.line("hello")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an SMTP reply line");
        assertThatThrownBy(() -> r.line("25x ok")).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.line("250-a")).isNull();
        assertThatThrownBy(() -> r.line("550 b")).hasMessageContaining("reply code changed");
    }

    @Test
    void messageHasKeepalivedsHeadersCrlfAndDotStuffing() {
        assertThat(MAIL.data()).isEqualTo("Date: Sun, 01 Mar 2026 09:44:08 +0100\r\n"
                + "From: vigil@lb1\r\n"
                + "Subject: [lb1] VRRP Instance VI_1 - Entering MASTER state\r\n"
                + "X-Mailer: Keepalived\r\n"
                + "To: ops@example.org, oncall@example.org\r\n\r\n"
                + "=> VRRP Instance is now owning VRRP VIPs <=\r\n"
                + "\r\n.\r\n");
        MailMessage dots = new MailMessage("a@b", List.of("c@d"), "s", "line one\n.\n..two\r\nend", DATE);
        assertThat(dots.data()).endsWith("\r\n\r\nline one\r\n..\r\n...two\r\nend\r\n\r\n.\r\n");
        assertThatThrownBy(() -> new MailMessage("a@b", List.of("c@d"), "x\r\nBcc: evil@x", "b", DATE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailMessage("a@b", List.of(), "s", "b", DATE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void happyDialogueSendsEachCommandInTurn() {
        SmtpDialogue d = new SmtpDialogue("lb1", MAIL);
        assertThat(d.onReply(reply(220, "mx ESMTP"))).isEqualTo("HELO lb1\r\n");
        assertThat(d.onReply(reply(250, "hello"))).isEqualTo("MAIL FROM:<vigil@lb1>\r\n");
        assertThat(d.onReply(reply(250, "ok"))).isEqualTo("RCPT TO:<ops@example.org>\r\n");
        assertThat(d.onReply(reply(250, "ok"))).isEqualTo("RCPT TO:<oncall@example.org>\r\n");
        assertThat(d.onReply(reply(251, "will forward"))).isEqualTo("DATA\r\n");
        assertThat(d.onReply(reply(354, "go ahead"))).isEqualTo(MAIL.data());
        assertThat(d.delivered()).isFalse();
        assertThat(d.onReply(reply(250, "queued"))).isEqualTo("QUIT\r\n");
        assertThat(d.delivered()).isTrue();
        assertThat(d.done()).isFalse();
        assertThat(d.onReply(reply(221, "bye"))).isNull();
        assertThat(d.done()).isTrue();
        assertThat(d.failure()).isNull();
    }

    @Test
    void aRefusalQuitsWithTheReasonKept() {
        SmtpDialogue d = new SmtpDialogue("lb1", MAIL);
        d.onReply(reply(220, "mx"));
        d.onReply(reply(250, "hello"));
        d.onReply(reply(250, "ok"));
        assertThat(d.onReply(reply(550, "5.1.1 mailbox unavailable"))).isEqualTo("QUIT\r\n");
        assertThat(d.onReply(reply(221, "bye"))).isNull();
        assertThat(d.done()).isTrue();
        assertThat(d.delivered()).isFalse();
        assertThat(d.failure()).isEqualTo("RCPT TO:<ops@example.org> answered 550 5.1.1 mailbox unavailable");

        SmtpDialogue busy = new SmtpDialogue("lb1", MAIL);
        assertThat(busy.onReply(reply(421, "too busy"))).isEqualTo("QUIT\r\n");
        assertThat(busy.failure()).isEqualTo("greeting answered 421 too busy");
    }

    @Test
    void anAbortKeepsTheFirstReasonAndEndsTheDialogue() {
        SmtpDialogue d = new SmtpDialogue("lb1", MAIL);
        d.onReply(reply(220, "mx"));
        assertThat(d.waitingFor()).isEqualTo("the reply to HELO");
        d.abort("no answer within 100 ms waiting for " + d.waitingFor());
        assertThat(d.done()).isTrue();
        assertThat(d.failure()).isEqualTo("no answer within 100 ms waiting for the reply to HELO");
    }

    private static SmtpReply reply(int code, String text) {
        return new SmtpReply(code, List.of(text));
    }
}
