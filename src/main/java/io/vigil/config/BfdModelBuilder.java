package io.vigil.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.vigil.config.BfdSchema.*;

/** Builds {@code bfd_instance} records with keepalived 2.2.7's checks (bfd_end_handler). */
final class BfdModelBuilder {
    /** keepalived's BFD_INAME_MAX, including the terminating NUL. */
    static final int NAME_MAX = 32;

    private BfdModelBuilder() {
    }

    static Map<String, BfdInstance> build(List<Section> sections, Diagnostics diags) {
        Map<String, BfdInstance> out = new LinkedHashMap<>();
        for (Section s : sections) {
            String name = s.header();
            if (name.length() >= NAME_MAX) {
                diags.error(s.pos(), "bfd_instance name longer than " + (NAME_MAX - 1) + " characters", name);
                continue;
            }
            if (out.containsKey(name)) {
                diags.error(s.pos(), "bfd_instance defined twice", name);
                continue;
            }
            InetAddress neighbor = s.get(NEIGHBOR_IP);
            if (neighbor == null) {
                diags.error(s.pos(), "bfd_instance has no neighbor_ip", name);
                continue;
            }
            Optional<InetAddress> source = Optional.ofNullable(s.get(SOURCE_IP));
            if (source.isPresent() && (source.get() instanceof Inet4Address) != (neighbor instanceof Inet4Address)) {
                diags.error(s.posOf(SOURCE_IP), "bfd_instance source_ip and neighbor_ip are not of the same family", name);
                continue;
            }
            BfdInstance dup = out.values().stream()
                    .filter(o -> o.neighbor().equals(neighbor) && Objects.equals(o.source(), source)).findFirst().orElse(null);
            if (dup != null) {
                diags.error(s.posOf(NEIGHBOR_IP), "bfd_instance has the same neighbor_ip" + (source.isPresent() ? " and source_ip" : "")
                        + " as " + dup.name(), name);
                continue;
            }
            int ttl = s.isSet(TTL) ? s.get(TTL) : (neighbor instanceof Inet4Address ? 255 : 64);
            int maxHops = s.get(MAX_HOPS) < 0 ? 255 : s.get(MAX_HOPS);
            if (maxHops != 255 && maxHops > ttl) {
                diags.warning(s.posOf(MAX_HOPS), "bfd_instance max_hops exceeds ttl; using ttl " + ttl, name);
                maxHops = ttl;
            }
            boolean vrrp = s.get(VRRP);
            boolean checker = s.get(CHECKER);
            boolean neither = !vrrp && !checker;
            out.put(name, new BfdInstance(name, neighbor, source, s.get(MIN_RX), s.get(MIN_TX), s.get(IDLE_TX), s.get(MULTIPLIER),
                    s.get(PASSIVE), ttl, maxHops, s.get(WEIGHT), vrrp || neither, checker || neither, s.get(VIGIL_MULTIHOP), s.pos()));
        }
        return out;
    }
}
