package io.vigil.lb;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes of a {@link Plan} in an operator's words, for the log: what is added, edited or removed, with the
 * settings that matter (scheduler, persistence, weight, forwarding), and for an edit what moved ("weight 1 -> 0").
 * One line for the whole plan, changes separated by "; " (a syslog line stays one line).
 */
public final class PlanText {
    private PlanText() {}

    /** Every change of the plan, in order: {@code add service TCP 198.18.1.100:80 (rr); add real server ...}. */
    public static String of(Plan plan) {
        List<String> parts = new ArrayList<>(plan.changes().size());
        for (Change c : plan.changes()) parts.add(of(c));
        return String.join("; ", parts);
    }

    /** One change with its settings. */
    public static String of(Change c) {
        return switch (c) {
            case Change.AddService a -> "add service " + a.service() + " (" + settings(a.settings()) + ")";
            case Change.EditService e -> "edit service " + e.service() + ": " + settings(e.before()) + " -> " + settings(e.settings());
            case Change.RemoveService r -> "remove service " + r.service();
            case Change.AddServer a -> "add real server " + a.server().key() + " (" + server(a.server()) + ") to " + a.service();
            case Change.EditServer e -> "edit real server " + e.server().key() + " in " + e.service() + ": " + serverDiff(e.before(), e.server());
            case Change.RemoveServer r -> "remove real server " + r.before().key() + " from " + r.service();
        };
    }

    /** What the change does, without settings (for an error message: "IPVS refused adding service ..."). */
    public static String brief(Change c) {
        return switch (c) {
            case Change.AddService a -> "adding service " + a.service();
            case Change.EditService e -> "editing service " + e.service();
            case Change.RemoveService r -> "removing service " + r.service();
            case Change.AddServer a -> "adding real server " + a.server().key() + " to " + a.service();
            case Change.EditServer e -> "editing real server " + e.server().key() + " in " + e.service();
            case Change.RemoveServer r -> "removing real server " + r.before().key() + " from " + r.service();
        };
    }

    /** A service's scheduling: {@code rr [FALLBACK], persistent 300 s /32, ops}. */
    public static String settings(VirtualService v) {
        StringBuilder sb = new StringBuilder(v.scheduler().ipvsName());
        if (!v.schedulerFlags().isEmpty()) sb.append(' ').append(v.schedulerFlags());
        if (v.persistence().enabled()) sb.append(", persistent ").append(v.persistence().timeoutSeconds()).append(" s /")
                .append(v.persistence().granularityPrefixLength()).append(v.persistence().hasEngine() ? " pe " + v.persistence().engine() : "");
        if (v.onePacket()) sb.append(", ops");
        return sb.toString();
    }

    /** A real server's settings: {@code weight 1, NAT}, thresholds and the tunnel when set. */
    static String server(RealServer r) {
        StringBuilder sb = new StringBuilder("weight ").append(r.weight()).append(", ").append(r.forwarding());
        if (r.forwarding() == Forwarding.TUN && !r.tunnel().equals(Tunnel.NONE_IPIP)) sb.append(' ').append(tunnel(r.tunnel()));
        if (r.upperThreshold() > 0) sb.append(", uthreshold ").append(r.upperThreshold());
        if (r.lowerThreshold() > 0) sb.append(", lthreshold ").append(r.lowerThreshold());
        return sb.toString();
    }

    /** {@code GUE port 6080 CSUM}. */
    private static String tunnel(Tunnel t) {
        return t.type() + (t.port() > 0 ? " port " + t.port() : "") + " " + t.checksum();
    }

    /** What differs between two versions of a real server: {@code weight 1 -> 0}. */
    static String serverDiff(RealServer before, RealServer after) {
        List<String> d = new ArrayList<>();
        if (before.weight() != after.weight()) d.add("weight " + before.weight() + " -> " + after.weight());
        if (before.forwarding() != after.forwarding()) d.add(before.forwarding() + " -> " + after.forwarding());
        if (!before.tunnel().equals(after.tunnel())) d.add("tunnel " + tunnel(before.tunnel()) + " -> " + tunnel(after.tunnel()));
        if (before.upperThreshold() != after.upperThreshold())
            d.add("uthreshold " + before.upperThreshold() + " -> " + after.upperThreshold());
        if (before.lowerThreshold() != after.lowerThreshold())
            d.add("lthreshold " + before.lowerThreshold() + " -> " + after.lowerThreshold());
        return d.isEmpty() ? server(after) : String.join(", ", d);
    }
}
