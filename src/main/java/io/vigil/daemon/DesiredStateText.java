package io.vigil.daemon;

import io.vigil.lb.Counters;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Forwarding;
import io.vigil.lb.Persistence;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerFlag;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.ServiceStats;
import io.vigil.lb.Tunnel;
import io.vigil.lb.VirtualService;
import io.vigil.net.Json;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A data plane's desired state as one line of JSON, for the checker child to hand its pools to the proxy child
 * through the parent (which keeps the last one, so a restarted proxy child serves at once); and the proxy child's
 * counters the other way ({@link #encodeStats}), so the checker child reports the proxy's traffic as IPVS's.
 */
public final class DesiredStateText {
    private DesiredStateText() {}

    public static String encode(DesiredState state) {
        List<Object> services = new ArrayList<>();
        for (VirtualService s : state.services()) {
            List<Object> servers = new ArrayList<>();
            for (RealServer r : s.servers()) {
                servers.add(Json.obj("addr", r.address().getHostAddress(), "port", r.port(), "weight", r.weight(),
                        "fwd", r.forwarding().name(), "tun", r.tunnel().type().name(), "tunPort", r.tunnel().port(),
                        "tunCsum", r.tunnel().checksum().name(), "uthr", r.upperThreshold(), "lthr", r.lowerThreshold()));
            }
            Map<String, Object> key = keyJson(s.key());
            List<Object> flags = new ArrayList<>();
            s.schedulerFlags().forEach(f -> flags.add(f.name()));
            services.add(Json.obj("key", key, "sched", s.scheduler().name(), "flags", flags,
                    "persist", s.persistence().timeoutSeconds(), "granularity", s.persistence().granularityPrefixLength(),
                    "pe", s.persistence().engine(),
                    "ops", s.onePacket(), "servers", servers));
        }
        return Json.write(Json.obj("services", services));
    }

    @SuppressWarnings("unchecked")
    public static DesiredState decode(String text) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(text);
        List<VirtualService> services = new ArrayList<>();
        for (Object o : (List<Object>) root.get("services")) {
            Map<String, Object> s = (Map<String, Object>) o;
            ServiceKey key = key((Map<String, Object>) s.get("key"));
            List<RealServer> servers = new ArrayList<>();
            for (Object ro : (List<Object>) s.get("servers")) {
                Map<String, Object> r = (Map<String, Object>) ro;
                servers.add(new RealServer(address((String) r.get("addr")), num(r, "port"), num(r, "weight"),
                        Forwarding.valueOf((String) r.get("fwd")),
                        new Tunnel(Tunnel.Type.valueOf((String) r.get("tun")), num(r, "tunPort"), Tunnel.Checksum.valueOf((String) r.get("tunCsum"))),
                        num(r, "uthr"), num(r, "lthr")));
            }
            Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
            for (Object f : (List<Object>) s.get("flags")) flags.add(SchedulerFlag.valueOf((String) f));
            Persistence persistence = num(s, "persist") == 0 ? Persistence.NONE
                    : new Persistence(num(s, "persist"), num(s, "granularity"), s.get("pe") instanceof String pe ? pe : "");
            services.add(new VirtualService(key, SchedulerKind.valueOf((String) s.get("sched")), flags, persistence,
                    Boolean.TRUE.equals(s.get("ops")), servers));
        }
        return new DesiredState(services);
    }

    /** The proxy's counters per service and real server. */
    public static String encodeStats(Map<ServiceKey, ServiceStats> stats) {
        List<Object> services = new ArrayList<>();
        for (ServiceStats s : stats.values()) {
            List<Object> servers = new ArrayList<>();
            s.servers().forEach((k, c) -> servers.add(Json.obj("addr", k.address().getHostAddress(), "port", k.port(), "c", counters(c))));
            services.add(Json.obj("key", keyJson(s.service()), "total", counters(s.total()), "servers", servers));
        }
        return Json.write(Json.obj("stats", services));
    }

    @SuppressWarnings("unchecked")
    public static Map<ServiceKey, ServiceStats> decodeStats(String text) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(text);
        Map<ServiceKey, ServiceStats> out = new LinkedHashMap<>();
        for (Object o : (List<Object>) root.get("stats")) {
            Map<String, Object> s = (Map<String, Object>) o;
            ServiceKey key = key((Map<String, Object>) s.get("key"));
            Map<RealServer.Key, Counters> servers = new LinkedHashMap<>();
            for (Object ro : (List<Object>) s.get("servers")) {
                Map<String, Object> r = (Map<String, Object>) ro;
                servers.put(new RealServer.Key(address((String) r.get("addr")), num(r, "port")), counters((List<Object>) r.get("c")));
            }
            out.put(key, new ServiceStats(key, counters((List<Object>) s.get("total")), servers));
        }
        return out;
    }

    private static List<Object> counters(Counters c) {
        return List.of(c.activeConns(), c.inactiveConns(), c.conns(), c.packetsIn(), c.packetsOut(), c.bytesIn(), c.bytesOut());
    }

    private static Counters counters(List<Object> v) {
        long[] n = v.stream().mapToLong(x -> ((Number) x).longValue()).toArray();
        if (n.length != 7) throw new IllegalArgumentException("counters need 7 numbers, got " + n.length);
        return new Counters(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
    }

    private static Map<String, Object> keyJson(ServiceKey key) {
        return switch (key) {
            case ServiceKey.Ip ip -> Json.obj("proto", ip.protocol().name(), "addr", ip.address().getHostAddress(), "port", ip.port());
            case ServiceKey.Fwmark fw -> Json.obj("fwmark", fw.mark(), "ipv6", fw.ipv6());
        };
    }

    private static ServiceKey key(Map<String, Object> k) {
        return k.containsKey("fwmark")
                ? new ServiceKey.Fwmark(num(k, "fwmark"), Boolean.TRUE.equals(k.get("ipv6")))
                : new ServiceKey.Ip(Protocol.valueOf((String) k.get("proto")), address((String) k.get("addr")), num(k, "port"));
    }

    private static int num(Map<String, Object> m, String field) {
        return ((Number) m.get(field)).intValue();
    }

    private static InetAddress address(String literal) {
        return io.vigil.net.IpLiteral.parse(literal);
    }
}
