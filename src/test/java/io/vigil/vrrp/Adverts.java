package io.vigil.vrrp;

import io.vigil.net.IpLiteral;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/** Test helpers: build received adverts as a peer would send them. */
final class Adverts {
    private Adverts() {}

    static InetAddress ip(String s) {
        return IpLiteral.parse(s);
    }

    /** An IPv4 advert from {@code src} to 224.0.0.18 matching {@code s}'s VRID/version/interval/auth/addresses. */
    static InboundAdvert from(VrrpInstanceSettings s, String src, int priority) {
        return from(s, src, priority, 1, 0);
    }

    static InboundAdvert from(VrrpInstanceSettings s, String src, int priority, int ipId, int ahSequence) {
        VrrpPacket p = VrrpPacket.advert(s.version(), s.vrid(), priority, s.family(), s.advertIntervalCentis(), s.auth().type(),
                s.auth().type() == VrrpPacket.AUTH_PASS ? s.auth().keyAsLong() : 0, s.advertisedAddresses());
        return datagram(s, p, src, ahSequence);
    }

    static InboundAdvert datagram(VrrpInstanceSettings s, VrrpPacket p, String src, int ahSequence) {
        InetAddress source = ip(src);
        InetAddress dst = s.unicast() ? s.sourceAddress() : Inet.group(s.family());
        if (s.family() == AddressFamily.IPV4) {
            Ipv4AdvertCodec.AhParams ah = s.auth().type() == VrrpPacket.AUTH_AH
                    ? new Ipv4AdvertCodec.AhParams(s.auth().key(), ahSequence, s.unicast()) : null;
            byte[] b = Ipv4AdvertCodec.encode(p, (Inet4Address) source, (Inet4Address) dst, 1, s.checksumAsV2(), ah);
            return new InboundAdvert(b, AddressFamily.IPV4, source, dst, 255, 2);
        }
        return new InboundAdvert(VrrpCodec.encode(p, source, dst, s.checksumAsV2()), AddressFamily.IPV6, source, dst, 255, 2);
    }

    static VrrpInstanceSettings.Builder v2(String name, int prio) {
        return VrrpInstanceSettings.builder(name, 51, "eth0", ip("198.18.0.11")).priority(prio).vip("198.18.0.100/32");
    }

    static VrrpInstanceSettings.Builder v3(String name, int prio, int centis) {
        return v2(name, prio).version(3).advertIntervalCentis(centis);
    }

    static <T extends Action> List<T> of(List<Action> actions, Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static long timer(List<Action> actions, TimerKind kind) {
        return actions.stream().filter(a -> a instanceof Action.ScheduleTimer t && t.kind() == kind)
                .mapToLong(a -> ((Action.ScheduleTimer) a).atNanos()).reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError("no " + kind + " timer in " + actions));
    }
}
