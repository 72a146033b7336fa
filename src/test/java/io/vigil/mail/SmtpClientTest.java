package io.vigil.mail;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SMTP client against a real server (aiosmtpd on loopback), a closed port and a server that never greets. */
class SmtpClientTest {
    private static MailMessage message(List<String> to) {
        return new MailMessage("vigil@lb1", to, "[lb1] VRRP Instance VI_1 - Entering MASTER state",
                "=> VRRP Instance is now owning VRRP VIPs <=\n.a line starting with a dot", ZonedDateTime.now());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void deliversToARealServerAndReportsARefusal(@TempDir Path dir) throws Exception {
        String why = SmtpSink.unavailableReason();
        Assumptions.assumeTrue(why == null, why);
        int port = freePort();
        try (SmtpSink sink = SmtpSink.start(List.of(), "127.0.0.1", port, dir.resolve("mail"))) {
            SmtpClient client = new SmtpClient(new MailSettings("lb1", "vigil@lb1", List.of("ops@example.org", "oncall@example.org"), "127.0.0.1",
                    port, "lb1.example", 10_000));
            client.send(message(List.of("ops@example.org", "oncall@example.org")));
            assertThat(sink.messages()).singleElement().satisfies(m -> {
                assertThat(m).contains("X-Envelope-From: vigil@lb1\r\n", "X-Envelope-To: ops@example.org,oncall@example.org\r\n",
                        "X-Helo: lb1.example\r\n", "From: vigil@lb1\r\n", "Subject: [lb1] VRRP Instance VI_1 - Entering MASTER state\r\n",
                        "To: ops@example.org, oncall@example.org\r\n", "X-Mailer: Keepalived\r\n");
                // the server undoes the dot-stuffing: the body arrives as written
                assertThat(m).contains("\r\n\r\n=> VRRP Instance is now owning VRRP VIPs <=\r\n.a line starting with a dot\r\n");
            });
            assertThatThrownBy(() -> client.send(message(List.of("reject-me@example.org"))))
                    .isInstanceOf(IOException.class).hasMessage("RCPT TO:<reject-me@example.org> answered 550 5.1.1 mailbox unavailable");
            assertThat(sink.messages()).hasSize(1);
        }
    }

    @Test
    void aClosedPortAndASilentServerFailWithTheReason() throws Exception {
        int closed = freePort();
        SmtpClient refused = new SmtpClient(new MailSettings("lb1", "a@b", List.of("c@d"), "127.0.0.1", closed, "lb1", 5_000));
        assertThatThrownBy(() -> refused.send(message(List.of("c@d")))).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot connect: ").hasMessageContaining("refused");

        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accepter = Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().read(); // never greets; returns when the client gives up
                } catch (IOException ignored) {
                    // the client closed
                }
            });
            SmtpClient slow = new SmtpClient(new MailSettings("lb1", "a@b", List.of("c@d"), "127.0.0.1", silent.getLocalPort(), "lb1", 300));
            assertThatThrownBy(() -> slow.send(message(List.of("c@d")))).isInstanceOf(IOException.class)
                    .hasMessage("no answer within 300 ms waiting for the greeting");
            accepter.join();
        }
    }
}
