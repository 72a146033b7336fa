package io.vigil.daemon;

import io.vigil.check.DesiredPool;
import io.vigil.check.VirtualServerKey;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.RealServer;
import io.vigil.config.VirtualServer;
import io.vigil.config.VirtualServerGroup;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Forwarding;
import io.vigil.lb.Persistence;
import io.vigil.lb.Protocol;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data plane's desired state (pure): each configured virtual server becomes one service per key (a
 * virtual_server_group gives several), and its servers are the checkers' current pool with their weights.
 */
public final class LbStateMapper {
    private LbStateMapper() {}

    /** Upper bound on the services one group range may expand to, so a typo cannot make millions. */
    static final int MAX_RANGE_ADDRESSES = 65_536;

    public static DesiredState desired(KeepalivedConfig config, Map<VirtualServerKey, DesiredPool> pools) {
        Map<ServiceKey, VirtualService> services = new LinkedHashMap<>();
        for (VirtualServer vs : config.virtualServers()) {
            DesiredPool pool = pools.get(CheckerConfigMapper.key(vs));
            List<io.vigil.lb.RealServer> servers = pool == null ? List.of() : servers(vs, pool);
            for (ServiceKey key : serviceKeys(config, vs)) {
                boolean ops = vs.onePacket() && key instanceof ServiceKey.Ip ip && ip.protocol() == Protocol.UDP;
                services.putIfAbsent(key, new VirtualService(key, scheduler(vs), schedulerFlags(vs), persistence(vs), ops, servers));
            }
        }
        return new DesiredState(new ArrayList<>(services.values()));
    }

    static List<io.vigil.lb.RealServer> servers(VirtualServer vs, DesiredPool pool) {
        List<io.vigil.lb.RealServer> out = new ArrayList<>();
        for (DesiredPool.Member m : pool.members()) {
            Forwarding forwarding = m.sorryServer()
                    ? forwarding(vs.sorryServer().flatMap(VirtualServer.SorryServer::method).orElse(vs.method()))
                    : forwarding(configured(vs, m).map(RealServer::method).orElse(vs.method()));
            Optional<RealServer> rs = configured(vs, m);
            out.add(new io.vigil.lb.RealServer(m.rs().address(), m.rs().port(), m.weight(), forwarding, null,
                    rs.flatMap(RealServer::upperThreshold).orElse(0), rs.flatMap(RealServer::lowerThreshold).orElse(0)));
        }
        return out;
    }

    private static Optional<RealServer> configured(VirtualServer vs, DesiredPool.Member m) {
        return vs.realServers().stream().filter(rs -> CheckerConfigMapper.key(vs, rs).equals(m.rs())).findFirst();
    }

    static Forwarding forwarding(VirtualServer.Method method) {
        return switch (method) {
            case NAT -> Forwarding.NAT;
            case DR -> Forwarding.DR;
            case TUN -> Forwarding.TUN;
        };
    }

    /** keepalived's flag-1/2/3 (sh-fallback, sh-port...) as IPVS's scheduler flags. */
    static java.util.Set<io.vigil.lb.SchedulerFlag> schedulerFlags(VirtualServer vs) {
        java.util.Set<io.vigil.lb.SchedulerFlag> out = java.util.EnumSet.noneOf(io.vigil.lb.SchedulerFlag.class);
        for (int f : vs.schedulerFlags()) {
            out.add(switch (f) {
                case 1 -> io.vigil.lb.SchedulerFlag.FALLBACK;
                case 2 -> io.vigil.lb.SchedulerFlag.PORT;
                default -> io.vigil.lb.SchedulerFlag.FLAG_3;
            });
        }
        return out;
    }

    static SchedulerKind scheduler(VirtualServer vs) {
        return SchedulerKind.parse(vs.scheduler().name());
    }

    static Persistence persistence(VirtualServer vs) {
        int timeout = vs.persistenceTimeout().map(d -> (int) d.toSeconds()).orElse(0);
        int prefix = vs.persistenceGranularity().map(g -> g.contains(".") ? Persistence.prefixLengthOf(g) : Integer.parseInt(g)).orElse(32);
        // as keepalived, an engine without a timeout is not sent (the config loader warns about it)
        return timeout == 0 ? Persistence.NONE : new Persistence(timeout, prefix, vs.persistenceEngine().orElse(""));
    }

    static List<ServiceKey> serviceKeys(KeepalivedConfig config, VirtualServer vs) {
        Protocol protocol = Protocol.parse(vs.protocol().name());
        return switch (vs.address()) {
            case VirtualServer.IpPort ip -> List.of(new ServiceKey.Ip(protocol, ip.ip(), ip.port().orElse(0)));
            case VirtualServer.Fwmark fw -> List.of(new ServiceKey.Fwmark((int) fw.mark(), vs.ipFamily().map("inet6"::equals).orElse(false)));
            case VirtualServer.Group g -> {
                VirtualServerGroup group = config.virtualServerGroups().get(g.name());
                List<ServiceKey> keys = new ArrayList<>();
                if (group == null) yield keys;
                for (VirtualServerGroup.Entry e : group.entries()) {
                    switch (e) {
                        case VirtualServerGroup.AddressRange r -> {
                            for (InetAddress a : range(r.first(), r.last())) keys.add(new ServiceKey.Ip(protocol, a, r.port().orElse(0)));
                        }
                        case VirtualServerGroup.Fwmark f -> keys.add(new ServiceKey.Fwmark((int) f.mark(), f.family().map("inet6"::equals).orElse(false)));
                    }
                }
                yield keys;
            }
        };
    }

    static List<InetAddress> range(InetAddress first, InetAddress last) {
        BigInteger from = new BigInteger(1, first.getAddress());
        BigInteger to = new BigInteger(1, last.getAddress());
        int length = first instanceof Inet6Address ? 16 : 4;
        List<InetAddress> out = new ArrayList<>();
        for (BigInteger a = from; a.compareTo(to) <= 0 && out.size() < MAX_RANGE_ADDRESSES; a = a.add(BigInteger.ONE)) {
            byte[] raw = a.toByteArray();
            byte[] bytes = new byte[length];
            System.arraycopy(raw, Math.max(0, raw.length - length), bytes, Math.max(0, length - raw.length), Math.min(length, raw.length));
            try {
                out.add(InetAddress.getByAddress(bytes));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
