package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import io.vigil.mail.SmtpSink;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert e-mail end to end: the whole daemon (parent, VRRP and checker children) in a namespace mails a real SMTP
 * server (aiosmtpd) in another when it becomes MASTER and when its real server goes down; with the SMTP server gone,
 * the failure is logged with its reason and nothing else changes; a graceful stop still mails "Stopping".
 */
class AlertMailLabTest {
    private static final String VIP = "198.18.0.100";
    private static final String TO = "ops@example.org, oncall@example.org";

    private static String config() {
        return """
                global_defs {
                    router_id lab_a
                    notification_email {
                        ops@example.org
                        oncall@example.org
                    }
                    notification_email_from vigil@lab.example
                    smtp_server 198.18.0.25 2525
                    smtp_helo_name lab-a
                    smtp_connect_timeout 5
                    smtp_alert
                    vigil_data_plane nftables
                }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 200
                    advert_int 1
                    virtual_ipaddress {
                        198.18.0.100/24
                    }
                }
                virtual_server 198.18.0.100 8080 {
                    delay_loop 1
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 198.18.0.31 8080 {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 0
                        }
                    }
                }
                """;
    }

    /** The message whose Subject is {@code subject}, if it arrived. */
    private static Optional<String> mail(SmtpSink sink, String subject) {
        return sink.messages().stream().filter(m -> m.contains("\r\nSubject: " + subject + "\r\n")).findFirst();
    }

    private static void assertMail(String m, String body) {
        assertThat(m).contains("X-Envelope-From: vigil@lab.example\r\n", "X-Envelope-To: ops@example.org,oncall@example.org\r\n",
                "X-Helo: lab-a\r\n", "\r\nFrom: vigil@lab.example\r\n", "\r\nTo: " + TO + "\r\n", "\r\nX-Mailer: Keepalived\r\n",
                "\r\n\r\n" + body + "\r\n");
    }

    @Test
    @Timeout(300)
    void masterAndRealServerDownAreMailedAndADeadSmtpServerChangesNothing() throws Exception {
        String why = SmtpSink.unavailableReason();
        Assumptions.assumeTrue(why == null, why);
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hm = v.host("m", "198.18.0.25/24"), hr = v.host("r", "198.18.0.31/24");
            List<String> inMail = List.of("ip", "netns", "exec", hm.ns());
            SmtpSink sink = SmtpSink.start(inMail, "198.18.0.25", 2525, v.dir.resolve("mail1"));
            Process server = hr.spawn(List.of("socat", "TCP-LISTEN:8080,fork,reuseaddr", "SYSTEM:echo ok"), v.dir.resolve("rs1.log"));
            VigilNode a = new VigilNode(ha, "a", v.dir, config()).withCheckers();
            try {
                a.start();
                v.awaitOrDump("a MASTER", VrrpLab.SETTLE, () -> assertThat(a.state(VrrpConf.INSTANCE)).isEqualTo("MASTER"));

                // BACKUP at start, then MASTER: keepalived's subjects and bodies, our sender, HELO and recipients.
                v.awaitOrDump("MASTER mail", VrrpLab.SETTLE, () -> assertThat(mail(sink, "[lab_a] VRRP Instance VI_1 - Entering MASTER state")).isPresent());
                assertMail(mail(sink, "[lab_a] VRRP Instance VI_1 - Entering MASTER state").orElseThrow(), "=> VRRP Instance is now owning VRRP VIPs <=");
                assertMail(mail(sink, "[lab_a] VRRP Instance VI_1 - Entering BACKUP state").orElseThrow(),
                        "=> VRRP Instance is no longer owning VRRP VIPs <=");

                // The real server dies: its TCP_CHECK mails DOWN, and the virtual server its lost quorum.
                v.awaitOrDump("checkers running", VrrpLab.SETTLE, () -> assertThat(a.log()).contains("Checkers started"));
                server.destroy();
                String rsDown = "[lab_a] Realserver [198.18.0.31]:tcp:8080 of virtual server [198.18.0.100]:tcp:8080 - DOWN";
                v.awaitOrDump("real server DOWN mail", VrrpLab.SETTLE, () -> assertThat(mail(sink, rsDown)).isPresent());
                assertMail(mail(sink, rsDown).orElseThrow(), "=> TCP CHECK failed on service <=");
                v.awaitOrDump("virtual server DOWN mail", VrrpLab.SETTLE,
                        () -> assertThat(mail(sink, "[lab_a] Virtualserver [198.18.0.100]:tcp:8080 - DOWN")).isPresent());
                assertMail(mail(sink, "[lab_a] Virtualserver [198.18.0.100]:tcp:8080 - DOWN").orElseThrow(), "=> Lost quorum 1+0=1 <= 0 <=");
                assertThat(sink.messages()).as("one mail per event").hasSize(4);

                // The SMTP server goes away; the real server comes back: the UP alert fails with its reason, nothing else changes.
                sink.close();
                hr.spawn(List.of("socat", "TCP-LISTEN:8080,fork,reuseaddr", "SYSTEM:echo ok"), v.dir.resolve("rs2.log"));
                v.awaitOrDump("the failed alert logged with its reason", VrrpLab.SETTLE, () -> assertThat(a.log()).contains(
                        "SMTP alert not sent via 198.18.0.25:2525 ([lab_a] Realserver [198.18.0.31]:tcp:8080 of virtual server [198.18.0.100]:tcp:8080 - UP)"
                                + ": cannot connect: Connection refused"));
                assertThat(a.running()).isTrue();
                assertThat(a.state(VrrpConf.INSTANCE)).isEqualTo("MASTER");
                assertThat(VrrpLab.holds(a, VIP)).isTrue();

                // A graceful stop: the VRRP child mails "Stopping" before it exits.
                try (SmtpSink again = SmtpSink.start(inMail, "198.18.0.25", 2525, v.dir.resolve("mail2"))) {
                    a.terminate();
                    assertMail(mail(again, "[lab_a] VRRP Instance VI_1 - Stopping").orElseThrow(() -> new AssertionError("no Stopping mail\n" + a.log())),
                            "=> VRRP Instance stopping <=");
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n---- a ----\n" + a.log(), e);
            } finally {
                a.close();
                sink.close();
            }
        }
    }
}
