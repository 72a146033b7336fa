package io.vigil.check;

import java.util.List;
import java.util.Optional;

/**
 * The real servers that should be in a virtual server's pool now, with their weights. A member with weight 0 is
 * present but takes no new connections (inhibit_on_failure, an inhibited sorry server).
 *
 * @param quorumUp          the live weight reaches the quorum
 * @param sorryServerActive the sorry server replaces the real servers (quorum lost)
 */
public record DesiredPool(VirtualServerKey vs, List<Member> members, boolean quorumUp, boolean sorryServerActive) {
    public DesiredPool {
        members = List.copyOf(members);
    }

    public record Member(RealServerKey rs, int weight, boolean sorryServer) {}

    public Optional<Member> member(RealServerKey rs) {
        return members.stream().filter(m -> m.rs().equals(rs)).findFirst();
    }

    /** Weight of {@code rs} in the pool, or -1 when it is not in the pool. */
    public int weightOf(RealServerKey rs) {
        return member(rs).map(Member::weight).orElse(-1);
    }
}
