package io.vigil.daemon;

import io.vigil.check.CheckerStatus;
import io.vigil.check.DesiredPool;
import io.vigil.check.RealServerKey;
import io.vigil.check.VirtualServerKey;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.RealServer;
import io.vigil.config.VirtualServer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checker child's real-server health as text for the parent (the HEALTH line), by configuration position so both
 * sides name servers the same way: {@code vs I QUORUM_UP} and {@code rs I J ALIVE WEIGHT} lines (0-based positions,
 * 1/0 flags). A real server is alive when every one of its checkers says up (keepalived's rule; no checker: alive);
 * its weight is the one in the pool, or the configured one while it is out of the pool.
 */
public final class RealServerHealth {
    private RealServerHealth() {}

    public record Server(boolean alive, int weight) {}

    /** What the parent keeps: per virtual server position its quorum, per (vs, rs) position the server's health. */
    public record Picture(Map<Integer, Boolean> quorumUp, Map<List<Integer>, Server> servers) {
        public static final Picture NONE = new Picture(Map.of(), Map.of());
    }

    public static String encode(KeepalivedConfig config, Map<VirtualServerKey, DesiredPool> pools, List<CheckerStatus> checkers) {
        Map<List<Object>, Boolean> up = new HashMap<>();
        for (CheckerStatus c : checkers) up.merge(List.of(c.vs(), c.rs()), c.up(), Boolean::logicalAnd);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < config.virtualServers().size(); i++) {
            VirtualServer vs = config.virtualServers().get(i);
            VirtualServerKey key = CheckerConfigMapper.key(vs);
            DesiredPool pool = pools.get(key);
            out.append("vs ").append(i).append(' ').append(pool == null || pool.quorumUp() ? 1 : 0).append('\n');
            for (int j = 0; j < vs.realServers().size(); j++) {
                RealServer rs = vs.realServers().get(j);
                RealServerKey rk = CheckerConfigMapper.key(vs, rs);
                boolean alive = up.getOrDefault(List.of(key, rk), true);
                int inPool = pool == null ? -1 : pool.weightOf(rk);
                out.append("rs ").append(i).append(' ').append(j).append(' ').append(alive ? 1 : 0).append(' ')
                        .append(inPool >= 0 ? inPool : rs.weight()).append('\n');
            }
        }
        return out.toString();
    }

    /** Reads what {@link #encode} wrote; lines that do not parse are skipped. */
    public static Picture decode(String text) {
        Map<Integer, Boolean> quorum = new HashMap<>();
        Map<List<Integer>, Server> servers = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            try {
                if (f[0].equals("vs") && f.length == 3) quorum.put(Integer.parseInt(f[1]), f[2].equals("1"));
                if (f[0].equals("rs") && f.length == 5) {
                    servers.put(List.of(Integer.parseInt(f[1]), Integer.parseInt(f[2])), new Server(f[3].equals("1"), Integer.parseInt(f[4])));
                }
            } catch (NumberFormatException e) {
                // a garbled line: skip it
            }
        }
        return new Picture(Map.copyOf(quorum), Map.copyOf(servers));
    }
}
