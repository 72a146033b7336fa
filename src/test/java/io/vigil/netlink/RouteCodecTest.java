package io.vigil.netlink;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden vectors: iproute2's requests for the same commands (strace -e write=3), d0 = ifindex 3. */
class RouteCodecTest {
    private static String stamped(byte[] m) {
        NetlinkMessage.stamp(m, 0x6b06bb03, 0);
        return Hex.of(m);
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void routeViaGatewayWithTableMetricSrcMatchesIproute2() throws Exception {
        // ip route add 198.18.5.0/24 via 198.18.0.1 dev d0 table 100 metric 10 src 198.18.0.100 proto 18
        Route r = Route.to(ip("198.18.5.0"), 24).via(ip("198.18.0.1")).dev(3).table(100).metric(10).src(ip("198.18.0.100"));
        assertThat(stamped(RouteCodec.addRoute(r))).isEqualTo(Hex.of(Hex.bytes("""
                44 00 00 00 18 00 05 06  03 bb 06 6b 00 00 00 00
                02 18 00 00 64 12 00 01  00 00 00 00 08 00 01 00
                c6 12 05 00 08 00 05 00  c6 12 00 01 08 00 06 00
                0a 00 00 00 08 00 07 00  c6 12 00 64 08 00 04 00
                03 00 00 00""")));
        // ip route del ... (same arguments)
        assertThat(stamped(RouteCodec.deleteRoute(r))).isEqualTo(Hex.of(Hex.bytes("""
                44 00 00 00 19 00 05 00  03 bb 06 6b 00 00 00 00
                02 18 00 00 64 12 ff 00  00 00 00 00 08 00 01 00
                c6 12 05 00 08 00 05 00  c6 12 00 01 08 00 06 00
                0a 00 00 00 08 00 07 00  c6 12 00 64 08 00 04 00
                03 00 00 00""")));
    }

    @Test
    void blackholeUnreachableAndLinkScopeRoutesMatchIproute2() throws Exception {
        // ip route add blackhole 198.18.6.0/24 table 100 proto 18
        assertThat(stamped(RouteCodec.addRoute(Route.to(ip("198.18.6.0"), 24).type(Rtnl.RTN_BLACKHOLE).table(100))))
                .isEqualTo(Hex.of(Hex.bytes("""
                        24 00 00 00 18 00 05 06  03 bb 06 6b 00 00 00 00
                        02 18 00 00 64 12 00 06  00 00 00 00 08 00 01 00
                        c6 12 06 00""")));
        // ip route add unreachable 2001:2::/64 metric 5 proto 18
        assertThat(stamped(RouteCodec.addRoute(Route.to(ip("2001:2::"), 64).type(Rtnl.RTN_UNREACHABLE).metric(5))))
                .isEqualTo(Hex.of(Hex.bytes("""
                        38 00 00 00 18 00 05 06  03 bb 06 6b 00 00 00 00
                        0a 40 00 00 fe 12 00 07  00 00 00 00 14 00 01 00
                        20 01 00 02 00 00 00 00  00 00 00 00 00 00 00 00
                        08 00 06 00 05 00 00 00""")));
        // ip route add 198.18.8.0/24 dev d0 scope link proto 18
        assertThat(stamped(RouteCodec.addRoute(Route.to(ip("198.18.8.0"), 24).dev(3)))).isEqualTo(Hex.of(Hex.bytes("""
                2c 00 00 00 18 00 05 06  03 bb 06 6b 00 00 00 00
                02 18 00 00 fe 12 fd 01  00 00 00 00 08 00 01 00
                c6 12 08 00 08 00 04 00  03 00 00 00""")));
    }

    @Test
    void localBroadcastAnycastMulticastAndThrowRoutesMatchIproute2() throws Exception {
        // ip route add local 198.18.7.1/32 dev d0 table local proto 18: scope host
        assertThat(stamped(RouteCodec.addRoute(Route.to(ip("198.18.7.1"), 32).type(Rtnl.RTN_LOCAL).dev(3).table(Rtnl.RT_TABLE_LOCAL))))
                .isEqualTo(Hex.of(Hex.bytes("""
                        2c 00 00 00 18 00 05 06  03 bb 06 6b 00 00 00 00
                        02 20 00 00 ff 12 fe 02  00 00 00 00 08 00 01 00
                        c6 12 07 01 08 00 04 00  03 00 00 00""")));
        // ip route add broadcast 198.18.7.255/32 dev d0 table local proto 18: scope link
        assertThat(stamped(RouteCodec.addRoute(Route.to(ip("198.18.7.255"), 32).type(Rtnl.RTN_BROADCAST).dev(3).table(Rtnl.RT_TABLE_LOCAL))))
                .isEqualTo(Hex.of(Hex.bytes("""
                        2c 00 00 00 18 00 05 06  03 bb 06 6b 00 00 00 00
                        02 20 00 00 ff 12 fd 03  00 00 00 00 08 00 01 00
                        c6 12 07 ff 08 00 04 00  03 00 00 00""")));
        // ip route add anycast 198.18.7.0/32 dev d0 table local proto 18: scope link
        assertThat(stamped(RouteCodec.addRoute(Route.to(ip("198.18.7.0"), 32).type(Rtnl.RTN_ANYCAST).dev(3).table(Rtnl.RT_TABLE_LOCAL))))
                .isEqualTo(Hex.of(Hex.bytes("""
                        2c 00 00 00 18 00 05 06  03 bb 06 6b 00 00 00 00
                        02 20 00 00 ff 12 fd 04  00 00 00 00 08 00 01 00
                        c6 12 07 00 08 00 04 00  03 00 00 00""")));
        // ip route add throw 198.18.9.0/24 table 100 proto 18: scope universe
        assertThat(stamped(RouteCodec.addRoute(Route.to(ip("198.18.9.0"), 24).type(Rtnl.RTN_THROW).table(100))))
                .isEqualTo(Hex.of(Hex.bytes("""
                        24 00 00 00 18 00 05 06  03 bb 06 6b 00 00 00 00
                        02 18 00 00 64 12 00 09  00 00 00 00 08 00 01 00
                        c6 12 09 00""")));
        // ip route add multicast 224.1.1.0/24 dev d0 proto 18: scope link
        assertThat(stamped(RouteCodec.addRoute(Route.to(ip("224.1.1.0"), 24).type(Rtnl.RTN_MULTICAST).dev(3))))
                .isEqualTo(Hex.of(Hex.bytes("""
                        2c 00 00 00 18 00 05 06  03 bb 06 6b 00 00 00 00
                        02 18 00 00 fe 12 fd 05  00 00 00 00 08 00 01 00
                        e0 01 01 00 08 00 04 00  03 00 00 00""")));
        // the delete names the type (scope nowhere matches any scope, as keepalived's delete does)
        byte[] del = RouteCodec.deleteRoute(Route.to(ip("198.18.7.1"), 32).type(Rtnl.RTN_LOCAL).dev(3).table(Rtnl.RT_TABLE_LOCAL));
        assertThat(del[16 + RouteCodec.OFF_TYPE]).isEqualTo((byte) Rtnl.RTN_LOCAL);
        assertThat(Byte.toUnsignedInt(del[16 + RouteCodec.OFF_SCOPE])).isEqualTo(Rtnl.RT_SCOPE_NOWHERE);
    }

    @Test
    void rulesMatchIproute2() throws Exception {
        // ip rule add from 198.18.0.100/32 to 198.18.7.0/24 table 100 priority 100 fwmark 0x10/0xff
        Rule r = Rule.lookup(Rtnl.AF_INET, 100).from(ip("198.18.0.100"), 32).to(ip("198.18.7.0"), 24).priority(100).fwmark(0x10, 0xff);
        assertThat(stamped(RouteCodec.addRule(r))).isEqualTo(Hex.of(Hex.bytes("""
                44 00 00 00 20 00 05 06  03 bb 06 6b 00 00 00 00
                02 18 20 00 64 00 00 01  00 00 00 00 08 00 02 00
                c6 12 00 64 08 00 01 00  c6 12 07 00 08 00 06 00
                64 00 00 00 08 00 0a 00  10 00 00 00 08 00 10 00
                ff 00 00 00""")));
        assertThat(stamped(RouteCodec.deleteRule(r))).isEqualTo(Hex.of(Hex.bytes("""
                44 00 00 00 21 00 05 00  03 bb 06 6b 00 00 00 00
                02 18 20 00 64 00 00 00  00 00 00 00 08 00 02 00
                c6 12 00 64 08 00 01 00  c6 12 07 00 08 00 06 00
                64 00 00 00 08 00 0a 00  10 00 00 00 08 00 10 00
                ff 00 00 00""")));
        // ip -6 rule add from 2001:2::100/128 table 1000 priority 200
        Rule r6 = Rule.lookup(Rtnl.AF_INET6, 1000).from(ip("2001:2::100"), 128).priority(200);
        assertThat(stamped(RouteCodec.addRule(r6))).isEqualTo(Hex.of(Hex.bytes("""
                40 00 00 00 20 00 05 06  03 bb 06 6b 00 00 00 00
                0a 00 80 00 00 00 00 01  00 00 00 00 14 00 02 00
                20 01 00 02 00 00 00 00  00 00 00 00 00 00 01 00
                08 00 0f 00 e8 03 00 00  08 00 06 00 c8 00 00 00""")));
    }

    @Test
    void decodeRoundTrips() throws Exception {
        Route r = Route.to(ip("198.18.5.0"), 24).via(ip("198.18.0.1")).dev(3).table(1000).metric(10).src(ip("198.18.0.100"));
        Route back = RouteCodec.decodeRoute(NetlinkMessage.decodeAll(RouteCodec.addRoute(r)).getFirst());
        assertThat(back).isEqualTo(r.scope(Rtnl.RT_SCOPE_UNIVERSE));
        Rule u = Rule.lookup(Rtnl.AF_INET, 1000).from(ip("198.18.0.0"), 16).priority(7).interfaces("eth0", null);
        assertThat(RouteCodec.decodeRule(NetlinkMessage.decodeAll(RouteCodec.addRule(u)).getFirst())).isEqualTo(u);
    }
}
