package io.vigil.config;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A line of virtual_ipaddress / virtual_ipaddress_excluded / static_ipaddress:
 * {@code ADDR[/LEN] [brd IP] [dev IF] [scope SCOPE] [label LABEL] [peer IP] [home] [-nodad] [noprefixroute] [autojoin] [no_track] [track_group NAME]} (track_group: static_ipaddress only).
 */
public record VirtualIp(IpPrefix address, Optional<InetAddress> broadcast, Optional<String> device, Optional<String> scope,
                        Optional<String> label, Optional<InetAddress> peer, boolean home, boolean noDad, boolean noPrefixRoute,
                        boolean autoJoin, boolean noTrack, Optional<String> trackGroup, SourcePos pos) {
    /** The configuration text of this entry (what -d prints). */
    public String format() {
        StringBuilder sb = new StringBuilder(address.toString());
        broadcast.ifPresent(b -> sb.append(" brd ").append(Addresses.format(b)));
        device.ifPresent(d -> sb.append(" dev ").append(d));
        scope.ifPresent(s -> sb.append(" scope ").append(s));
        label.ifPresent(l -> sb.append(" label ").append(l));
        peer.ifPresent(p -> sb.append(" peer ").append(Addresses.format(p)));
        if (home) {
            sb.append(" home");
        }
        if (noDad) {
            sb.append(" -nodad");
        }
        if (noPrefixRoute) {
            sb.append(" noprefixroute");
        }
        if (autoJoin) {
            sb.append(" autojoin");
        }
        if (noTrack) {
            sb.append(" no_track");
        }
        trackGroup.ifPresent(g -> sb.append(" track_group ").append(g));
        return sb.toString();
    }
}
