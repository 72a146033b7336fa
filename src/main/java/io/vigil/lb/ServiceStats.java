package io.vigil.lb;

import java.util.Map;

/** Counters of one virtual service and of each of its real servers (keys of the servers currently configured). */
public record ServiceStats(ServiceKey service, Counters total, Map<RealServer.Key, Counters> servers) {
    public ServiceStats {
        servers = Map.copyOf(servers);
    }

    public Counters server(RealServer.Key key) {
        return servers.getOrDefault(key, Counters.ZERO);
    }
}
