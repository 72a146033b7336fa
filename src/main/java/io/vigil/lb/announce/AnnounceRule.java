package io.vigil.lb.announce;

import java.util.Optional;
import java.util.Set;

/**
 * When {@link #route} is announced: while every service in {@link #services} has its quorum, the VRRP instance
 * (if named) is MASTER, the BFD session (if named) is Up, and all of it has held for {@link #delayMillis}.
 *
 * @param services the virtual servers on this address that announce it (their keys as text)
 */
public record AnnounceRule(HostRoute route, Set<String> services, Optional<String> vrrpInstance, Optional<String> bfdSession,
                           long delayMillis) {
    public AnnounceRule {
        services = Set.copyOf(services);
        if (services.isEmpty()) throw new IllegalArgumentException("an announcement needs at least one service");
        if (delayMillis < 0) throw new IllegalArgumentException("negative delay");
    }

    /** Without a BFD condition. */
    public AnnounceRule(HostRoute route, Set<String> services, Optional<String> vrrpInstance, long delayMillis) {
        this(route, services, vrrpInstance, Optional.empty(), delayMillis);
    }
}
