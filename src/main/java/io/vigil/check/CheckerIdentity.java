package io.vigil.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names a checker across a reload: its virtual server, real server, kind and rank among that server's checkers of
 * the same kind (the 2nd HTTP_GET of [192.0.2.1]:80). A checker whose identity survives a reload keeps its state,
 * even if its options changed (keepalived migrates checker state in the same way).
 */
public record CheckerIdentity(VirtualServerKey vs, RealServerKey rs, String kind, int rank) {
    /** The identities of {@code rs}'s checkers, in the order of {@link RealServerSettings#checkers()}. */
    public static List<CheckerIdentity> of(VirtualServerKey vs, RealServerSettings rs) {
        Map<String, Integer> seen = new HashMap<>();
        List<CheckerIdentity> out = new ArrayList<>();
        for (CheckerSettings c : rs.checkers()) out.add(new CheckerIdentity(vs, rs.key(), c.kind(), seen.merge(c.kind(), 1, Integer::sum) - 1));
        return out;
    }
}
