package io.vigil.daemon;

import io.vigil.observe.ObsEvent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One notable event as a line for {@code vigil events}. */
final class EventText {
    private EventText() {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    static String line(ObsEvent e) {
        String what = switch (e) {
            case ObsEvent.VrrpTransition t -> "(" + t.instance() + ") " + t.from() + " -> " + t.to() + " priority " + t.priority() + ": " + t.reason();
            case ObsEvent.PriorityChange p -> "(" + p.instance() + ") priority " + p.from() + " -> " + p.to() + ": " + p.reason();
            case ObsEvent.HealthChange h -> h.virtualServer() + " " + h.realServer() + " " + (h.up() ? "UP" : "DOWN") + " (" + h.checker() + "): " + h.reason();
            case ObsEvent.NotifyExit n -> "notify " + n.script() + " of " + n.instance() + " ended with status " + n.exitStatus()
                    + (n.timedOut() ? " (timed out)" : "");
            case ObsEvent.ChildLife c -> c.child() + (c.alive() ? " started, pid " + c.pid() : " died (" + c.how() + "), pid " + c.pid());
            case ObsEvent.Reload r -> "reload " + r.outcome() + (r.detail() == null || r.detail().isEmpty() ? "" : ": " + r.detail());
            case ObsEvent.Removed r -> r.kind() + " " + r.name() + " removed";
            case ObsEvent.VrrpCounters c -> "(" + c.instance() + ") counters";
            case ObsEvent.RealServerCounters c -> c.virtualServer() + " " + c.realServer() + " counters";
            case ObsEvent.VirtualServiceCounters c -> c.virtualServer() + " counters";
        };
        return TIME.format(Instant.ofEpochMilli(e.atMillis())) + " " + what;
    }
}
