package io.vigil.mail;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The queue in front of the SMTP client, with a fake transport: never blocks the caller, drops when full, survives failures. */
class AlertMailerTest {
    private static final MailSettings SETTINGS = new MailSettings("lb1", "vigil@lb1", List.of("ops@example.org"), "198.18.0.25", 25, "lb1", 1000);

    /** Blocks in send until released; records what it was given. */
    static final class StuckTransport implements AlertMailer.Transport {
        final CountDownLatch release = new CountDownLatch(1);
        final List<MailMessage> sent = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public void send(MailMessage m) throws IOException {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException("interrupted");
            }
            if (m.body().contains("fail")) throw new IOException("cannot connect: Connection refused");
            sent.add(m);
        }

        @Override
        public String server() {
            return "198.18.0.25:25";
        }
    }

    @Test
    void aStuckServerNeverBlocksTheCallerAndAFullQueueDrops() throws Exception {
        StuckTransport t = new StuckTransport();
        AtomicLong now = new AtomicLong();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(AlertMailer.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        AlertMailer m = new AlertMailer(SETTINGS, t, 2, now::get);
        try {
            assertThat(m.alert("VRRP Instance VI_1 - Entering BACKUP state", "first")).isTrue();
            assertThat(t.entered.await(30, TimeUnit.SECONDS)).isTrue(); // the sender holds the first one
            assertThat(m.alert("second", "b")).isTrue();
            assertThat(m.alert("third", "fail")).isTrue();
            assertThat(m.pending()).isEqualTo(2);
            // Full: these return at once (the transport is still stuck) and are dropped.
            assertThat(m.alert("fourth", "d")).isFalse();
            assertThat(m.alert("fifth", "e")).isFalse();
            now.addAndGet(61_000_000_000L);
            assertThat(m.alert("sixth-dropped", "e")).isFalse();
            // One line for the first drop, the next one a minute later with the count since.
            assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).filteredOn(l -> l.contains("queue full"))
                    .containsExactly("SMTP alert queue full (2 waiting for 198.18.0.25:25): 1 alert(s) dropped, the latest: [lb1] fourth",
                            "SMTP alert queue full (2 waiting for 198.18.0.25:25): 2 alert(s) dropped, the latest: [lb1] sixth-dropped");
            t.release.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> t.sent.size() == 2 && m.pending() == 0);
            assertThat(t.sent).extracting(MailMessage::subject).containsExactly("[lb1] VRRP Instance VI_1 - Entering BACKUP state", "[lb1] second");
            // A failed one (the third) is logged and the next still goes out.
            assertThat(m.alert("sixth", "f")).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> t.sent.size() == 3);
            assertThat(t.sent.get(2).to()).containsExactly("ops@example.org");
            assertThat(t.sent.get(2).from()).isEqualTo("vigil@lb1");
            assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .contains("SMTP alert not sent via 198.18.0.25:25 ([lb1] third): cannot connect: Connection refused");
        } finally {
            m.close();
            logger.detachAppender(logged);
        }
        assertThat(m.alert("after close", "x")).isFalse();
    }

    @Test
    void closeWaitsForQueuedAlertsWithinItsBound() {
        List<MailMessage> sent = new CopyOnWriteArrayList<>();
        AlertMailer m = new AlertMailer(SETTINGS, new AlertMailer.Transport() {
            @Override
            public void send(MailMessage message) {
                sent.add(message);
            }

            @Override
            public String server() {
                return "x:25";
            }
        }, 8, System::nanoTime);
        m.alert("VRRP Instance VI_1 - Stopping", "=> VRRP Instance stopping <=");
        m.close(30_000);
        assertThat(sent).extracting(MailMessage::subject).containsExactly("[lb1] VRRP Instance VI_1 - Stopping");
    }
}
