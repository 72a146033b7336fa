package io.vigil.lb;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One virtual service as the data plane should have it: key, scheduler (+ flags), persistence, the one-packet
 * scheduling flag ({@code ops}, UDP only) and its real servers in configuration order (order matters to fo and
 * to ipvsadm's listing). Server keys must be unique.
 */
public record VirtualService(ServiceKey key, SchedulerKind scheduler, Set<SchedulerFlag> schedulerFlags,
                             Persistence persistence, boolean onePacket, List<RealServer> servers) {

    public VirtualService {
        if (key == null || scheduler == null) throw new IllegalArgumentException("key and scheduler are required");
        schedulerFlags = schedulerFlags == null || schedulerFlags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(schedulerFlags));
        if (persistence == null) persistence = Persistence.NONE;
        servers = servers == null ? List.of() : List.copyOf(servers);
        Set<RealServer.Key> seen = new HashSet<>();
        for (RealServer s : servers)
            if (!seen.add(s.key())) throw new IllegalArgumentException("real server " + s.key() + " listed twice in " + key);
        if (onePacket && key instanceof ServiceKey.Ip ip && ip.protocol() != Protocol.UDP)
            throw new IllegalArgumentException("ops (one-packet scheduling) is for UDP services only: " + key);
    }

    /** A service with no flags, no persistence. */
    public static VirtualService of(ServiceKey key, SchedulerKind scheduler, List<RealServer> servers) {
        return new VirtualService(key, scheduler, Set.of(), Persistence.NONE, false, servers);
    }

    public VirtualService withServers(List<RealServer> newServers) {
        return new VirtualService(key, scheduler, schedulerFlags, persistence, onePacket, newServers);
    }

    /** The same service with one server's weight changed (absent server: unchanged). */
    public VirtualService withWeight(RealServer.Key server, int weight) {
        List<RealServer> out = new ArrayList<>(servers.size());
        for (RealServer s : servers) out.add(s.key().equals(server) ? s.withWeight(weight) : s);
        return withServers(out);
    }

    /** The same service without one server. */
    public VirtualService without(RealServer.Key server) {
        return withServers(servers.stream().filter(s -> !s.key().equals(server)).toList());
    }

    /** True when the service-level settings (everything but the server list) are equal. */
    public boolean sameSettings(VirtualService o) {
        return key.equals(o.key) && scheduler == o.scheduler && schedulerFlags.equals(o.schedulerFlags)
                && persistence.equals(o.persistence) && onePacket == o.onePacket;
    }
}
