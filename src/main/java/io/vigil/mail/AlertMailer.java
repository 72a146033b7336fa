package io.vigil.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Sends alerts off the caller's thread: {@link #alert} only offers to a bounded queue (a full queue drops the alert,
 * logged at most once a minute with the number dropped), one virtual thread sends them one after another. A server
 * that cannot be reached, refuses or stalls costs one WARN line with the reason and changes nothing else.
 */
public final class AlertMailer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertMailer.class);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Delivers one message (blocking); {@link SmtpClient}, or a fake in tests. */
    public interface Transport {
        void send(MailMessage message) throws IOException;

        /** host:port for log lines. */
        String server();
    }

    private final MailSettings settings;
    private final Transport transport;
    private final BlockingQueue<MailMessage> queue;
    private final LongSupplier nanos;
    private final Thread sender;
    private final Object dropLock = new Object();
    private long droppedSinceLog;
    private long lastDropLogNanos;
    private boolean droppedEver;
    private volatile boolean closing;
    /** Queued plus being sent. */
    private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();

    public AlertMailer(MailSettings settings, Transport transport, int capacity, LongSupplier nanos) {
        this.settings = settings;
        this.transport = transport;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.nanos = nanos;
        this.sender = Thread.ofVirtual().name("smtp-alert").start(this::drain);
    }

    /** Real SMTP, queue of 64 alerts. */
    public static AlertMailer smtp(MailSettings settings) {
        return new AlertMailer(settings, new SmtpClient(settings), 64, System::nanoTime);
    }

    public MailSettings settings() {
        return settings;
    }

    /**
     * Queues an alert whose subject is {@code [router_id] subjectTail}, as keepalived words it. Never blocks.
     *
     * @return false when it was dropped (queue full or closing)
     */
    public boolean alert(String subjectTail, String body) {
        MailMessage m = new MailMessage(settings.from(), settings.to(), "[" + settings.routerId() + "] " + subjectTail, body, ZonedDateTime.now());
        outstanding.incrementAndGet();
        if (!closing && queue.offer(m)) return true;
        outstanding.decrementAndGet();
        dropped(m);
        return false;
    }

    private void dropped(MailMessage m) {
        synchronized (dropLock) {
            droppedSinceLog++;
            long now = nanos.getAsLong();
            if (droppedEver && now - lastDropLogNanos < DROP_LOG_INTERVAL_NANOS) return;
            droppedEver = true;
            lastDropLogNanos = now;
            log.warn("SMTP alert queue full ({} waiting for {}): {} alert(s) dropped, the latest: {}", queue.size(), transport.server(),
                    droppedSinceLog, m.subject());
            droppedSinceLog = 0;
        }
    }

    private void drain() {
        while (true) {
            MailMessage m;
            try {
                m = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                transport.send(m);
                log.info("SMTP alert sent via {} to {}: {}", transport.server(), String.join(", ", m.to()), m.subject());
            } catch (IOException | RuntimeException e) {
                log.warn("SMTP alert not sent via {} ({}): {}", transport.server(), m.subject(), e.getMessage());
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }

    /** Alerts waiting to be sent (the one being sent excluded). */
    public int pending() {
        return queue.size();
    }

    /** Stops taking alerts; waits up to {@code drainMillis} for the queued ones (stop alerts), then gives up on the rest. */
    public void close(long drainMillis) {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
        try {
            while (outstanding.get() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = outstanding.get();
        if (left > 0) log.warn("{} SMTP alert(s) not sent at stop: {} did not take them in time", left, transport.server());
        sender.interrupt();
    }

    @Override
    public void close() {
        close(0);
    }
}
