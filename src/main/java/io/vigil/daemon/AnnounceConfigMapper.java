package io.vigil.daemon;

import io.vigil.config.KeepalivedConfig;
import io.vigil.config.VirtualServer;
import io.vigil.lb.announce.AnnounceRule;
import io.vigil.lb.announce.HostRoute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * vigil_announce blocks as {@link AnnounceRule}s: one rule per route (address, table, metric), listing every virtual
 * server on that address that announces it (the loader has checked that they agree), by the checkers' key text.
 */
final class AnnounceConfigMapper {
    private AnnounceConfigMapper() {}

    static List<AnnounceRule> rules(KeepalivedConfig config) {
        Map<HostRoute, Set<String>> services = new LinkedHashMap<>();
        Map<HostRoute, VirtualServer.Announce> settings = new LinkedHashMap<>();
        for (VirtualServer vs : config.virtualServers()) {
            if (vs.announce().isEmpty() || !(vs.address() instanceof VirtualServer.IpPort ip)) continue;
            VirtualServer.Announce a = vs.announce().get();
            HostRoute route = new HostRoute(ip.ip(), a.table(), a.metric().map(OptionalInt::of).orElse(OptionalInt.empty()), a.protocol());
            services.computeIfAbsent(route, r -> new LinkedHashSet<>()).add(CheckerConfigMapper.key(vs).toString());
            settings.putIfAbsent(route, a);
        }
        List<AnnounceRule> rules = new ArrayList<>();
        services.forEach((route, keys) -> {
            VirtualServer.Announce a = settings.get(route);
            rules.add(new AnnounceRule(route, keys, a.vrrpInstance(), a.bfdInstance(), a.delay().toMillis()));
        });
        return List.copyOf(rules);
    }
}
