package io.vigil.lb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints virtual services the way {@code ipvsadm -Ln} does (pure): the same header, column widths, forwarding
 * names, {@code persistent N [mask M]} and {@code ops} flags, and scheduler flags in parentheses. The first
 * line names the data plane instead of the IPVS version.
 */
public final class StatusFormatter {
    private StatusFormatter() {}

    public static String format(DataPlaneKind kind, DesiredState state, Map<ServiceKey, ServiceStats> stats) {
        StringBuilder out = new StringBuilder();
        out.append("Vigil data plane: ").append(kind.keyword()).append('\n');
        out.append("Prot LocalAddress:Port Scheduler Flags\n");
        out.append("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
        for (VirtualService s : state.services()) {
            out.append(serviceLine(s)).append('\n');
            ServiceStats st = stats.get(s.key());
            for (RealServer r : s.servers()) {
                Counters c = st == null ? Counters.ZERO : st.server(r.key());
                out.append(String.format("  -> %-28s %-7s %-6d %-10d %-10d%n",
                        r.key().toString(), r.forwarding().ipvsadmName(), r.weight(), c.activeConns(), c.inactiveConns()));
            }
        }
        return out.toString();
    }

    static String serviceLine(VirtualService s) {
        StringBuilder line = new StringBuilder();
        switch (s.key()) {
            case ServiceKey.Ip ip -> line.append(String.format("%-4s %s", ip.protocol().name(), Addresses.hostPort(ip.address(), ip.port())));
            case ServiceKey.Fwmark fw -> line.append("FWM  ").append(Integer.toUnsignedString(fw.mark())).append(fw.ipv6() ? " IPv6" : "");
        }
        line.append(' ').append(s.scheduler().ipvsName());
        if (!s.schedulerFlags().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (SchedulerFlag f : SchedulerFlag.values())
                if (s.schedulerFlags().contains(f)) names.add(flagName(s.scheduler(), f));
            line.append(" (").append(String.join(",", names)).append(')');
        }
        Persistence p = s.persistence();
        if (p.enabled()) {
            line.append(" persistent ").append(p.timeoutSeconds());
            if (s.key().ipv6()) {
                // ipvsadm: printf(" mask %i", netmask) for IPv6, a prefix length without a slash.
                if (p.granularityPrefixLength() != 128) line.append(" mask ").append(p.granularityPrefixLength());
            } else if (p.granularityPrefixLength() < 32) {
                int m = p.ipv4Netmask();
                line.append(" mask ").append(m >>> 24).append('.').append((m >>> 16) & 0xff).append('.')
                        .append((m >>> 8) & 0xff).append('.').append(m & 0xff);
            }
            if (p.hasEngine()) line.append(" pe ").append(p.engine());
        }
        if (s.onePacket()) line.append(" ops");
        return line.toString();
    }

    private static String flagName(SchedulerKind k, SchedulerFlag f) {
        if (k == SchedulerKind.SH || k == SchedulerKind.MH) {
            String prefix = k.ipvsName();
            if (f == SchedulerFlag.FALLBACK) return prefix + "-fallback";
            if (f == SchedulerFlag.PORT) return prefix + "-port";
        }
        return switch (f) {
            case FALLBACK -> "flag-1";
            case PORT -> "flag-2";
            case FLAG_3 -> "flag-3";
        };
    }

}
