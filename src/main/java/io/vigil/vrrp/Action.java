package io.vigil.vrrp;

import java.net.InetAddress;
import java.util.List;

/** What an instance asks its shell to do. Executed in list order by the runtime (or the simulation). */
public sealed interface Action {
    /** Send these datagrams (one per destination: the multicast group, or each unicast peer). */
    record SendAdvert(int priority, List<OutboundAdvert> datagrams) implements Action {}

    /** Configure the virtual addresses, routes and rules. */
    record AddVips(String interfaceName, List<VirtualAddress> addresses, List<VirtualRoute> routes, List<VirtualRule> rules) implements Action {}

    /** Remove them again. */
    record RemoveVips(String interfaceName, List<VirtualAddress> addresses, List<VirtualRoute> routes, List<VirtualRule> rules) implements Action {}

    /**
     * Send {@code count} rounds of gratuitous ARPs (IPv4) / unsolicited NAs (IPv6) over the addresses, with
     * {@code garpIntervalMicros} / {@code naIntervalMicros} between two messages (0: back to back).
     */
    record SendGarps(String interfaceName, List<InetAddress> addresses, int count, long garpIntervalMicros, long naIntervalMicros)
            implements Action {
        public SendGarps(String interfaceName, List<InetAddress> addresses, int count) {
            this(interfaceName, addresses, count, 0, 0);
        }
    }

    /** Run a notify script off the VRRP thread, killed after {@code timeoutMillis}. */
    record RunNotify(List<String> argv, long timeoutMillis) implements Action {}

    /** Write one line to a notify FIFO, off the VRRP thread. */
    record WriteNotifyFifo(String path, String line) implements Action {}

    /**
     * Send an alert e-mail, off the VRRP thread: {@code subjectTail} follows keepalived's {@code [router_id] } (which the
     * mailer adds, as it knows the router id).
     */
    record MailAlert(String subjectTail, String body) implements Action {}

    /** Arm (or re-arm) the instance's timer of this kind at {@code atNanos} (System.nanoTime scale). */
    record ScheduleTimer(TimerKind kind, long atNanos) implements Action {}

    record CancelTimer(TimerKind kind) implements Action {}

    /**
     * The instance changed state (for sync groups, metrics and status). The runtime logs it in keepalived's wording
     * ({@link #logLines()}) when it gets to this action, after the time-critical ones before it.
     */
    record Transitioned(String instance, VrrpState from, VrrpState to, String reason) implements Action {
        /** The reason, then {@code (VI_1) Entering MASTER STATE}: what keepalived logs, so operators' greps work. */
        public List<String> logLines() {
            return List.of("(" + instance + ") " + reason, "(" + instance + ") Entering " + to.keepalivedName() + " STATE");
        }
    }

    /** The effective priority changed (logged already). */
    record PriorityChanged(String instance, int from, int to, String reason) implements Action {}
}
