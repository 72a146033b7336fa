package io.vigil.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A line of virtual_routes / static_routes: {@code [src IP] [to] PREFIX [via IP] [or IP] [dev IF] [scope S]
 * [table N] [metric N] [no_track] ...} or {@code TYPE PREFIX} for blackhole/unreachable/prohibit/throw routes.
 *
 * @param options further ip-route options kept as written (mtu, advmss, protocol, ...)
 */
public record VirtualRoute(Optional<String> type, IpPrefix destination, Optional<InetAddress> source, Optional<InetAddress> via,
                           List<InetAddress> alternativeVias, Optional<String> device, Optional<String> scope, Optional<String> table,
                           Optional<Integer> metric, boolean noTrack, boolean onlink, Map<String, String> options, SourcePos pos) {
    public String format() {
        StringBuilder sb = new StringBuilder();
        source.ifPresent(s -> sb.append("src ").append(Addresses.format(s)).append(' '));
        type.ifPresent(t -> sb.append(t).append(' '));
        sb.append(destination);
        via.ifPresent(v -> sb.append(" via ").append(Addresses.format(v)));
        alternativeVias.forEach(v -> sb.append(" or ").append(Addresses.format(v)));
        device.ifPresent(d -> sb.append(" dev ").append(d));
        scope.ifPresent(s -> sb.append(" scope ").append(s));
        table.ifPresent(t -> sb.append(" table ").append(t));
        metric.ifPresent(m -> sb.append(" metric ").append(m));
        options.forEach((k, v) -> sb.append(' ').append(k).append(v.isEmpty() ? "" : " " + v));
        if (onlink) {
            sb.append(" onlink");
        }
        if (noTrack) {
            sb.append(" no_track");
        }
        return sb.toString();
    }
}
