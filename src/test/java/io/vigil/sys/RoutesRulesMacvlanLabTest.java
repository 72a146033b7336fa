package io.vigil.sys;

import io.vigil.lab.Lab;
import io.vigil.netlink.Link;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.Route;
import io.vigil.netlink.Rtnl;
import io.vigil.netlink.Rule;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routes, rules and the use_vmac macvlan through rtnetlink in a lab namespace, checked with iproute2. */
class RoutesRulesMacvlanLabTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void routesAreAddedSeenAndDeleted() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24", "2001:2::11/64");
            try (Rtnetlink rt = NetNs.call(a.ns(), Rtnetlink::open)) {
                int eth0 = rt.indexOf("eth0");
                a.sh("ip addr add 198.18.0.100/32 dev eth0");
                Route via = Route.to(ip("198.18.5.0"), 24).via(ip("198.18.0.1")).dev(eth0).table(100).metric(10).src(ip("198.18.0.100"));
                Route blackhole = Route.to(ip("198.18.6.0"), 24).type(Rtnl.RTN_BLACKHOLE).table(100);
                Route unreachable6 = Route.to(ip("2001:2:0:1::"), 64).type(Rtnl.RTN_UNREACHABLE).metric(5);
                Route bigTable = Route.to(ip("198.18.9.0"), 24).dev(eth0).table(1000);
                rt.addRoute(via);
                rt.addRoute(blackhole);
                rt.addRoute(unreachable6);
                rt.addRoute(bigTable);

                String t100 = a.sh("ip -j route show table 100");
                assertThat(t100).contains("\"dst\":\"198.18.5.0/24\",\"gateway\":\"198.18.0.1\",\"dev\":\"eth0\"")
                        .contains("\"protocol\":\"keepalived\"").contains("\"prefsrc\":\"198.18.0.100\"").contains("\"metric\":10")
                        .contains("\"type\":\"blackhole\",\"dst\":\"198.18.6.0/24\"");
                assertThat(a.sh("ip -j -6 route show")).contains("\"type\":\"unreachable\",\"dst\":\"2001:2:0:1::/64\"");
                assertThat(a.sh("ip -j route show table 1000")).contains("\"dst\":\"198.18.9.0/24\",\"dev\":\"eth0\"").contains("\"scope\":\"link\"");

                assertThat(rt.routes(Rtnl.AF_INET, 100)).contains(via.scope(Rtnl.RT_SCOPE_UNIVERSE), blackhole.scope(Rtnl.RT_SCOPE_UNIVERSE));
                assertThat(rt.routes(Rtnl.AF_INET, 1000)).singleElement().satisfies(r -> assertThat(r.outIfIndex()).isEqualTo(eth0));
                assertThatThrownBy(() -> rt.addRoute(via)).isInstanceOf(NetlinkException.class)
                        .satisfies(e -> assertThat(((NetlinkException) e).alreadyExists()).isTrue());
                rt.replaceRoute(via.metric(10));

                rt.deleteRoute(via);
                rt.deleteRoute(blackhole);
                rt.deleteRoute(unreachable6);
                rt.deleteRoute(bigTable);
                assertThat(a.sh("ip -j route show table 100")).doesNotContain("198.18.5.0").doesNotContain("198.18.6.0");
                assertThat(a.sh("ip -j -6 route show")).doesNotContain("2001:2:0:1::");
                assertThat(rt.deleteRouteIfPresent(via)).isFalse();
            }
        }
    }

    @Test
    void rulesAreAddedSeenAndDeleted() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            try (Rtnetlink rt = NetNs.call(a.ns(), Rtnetlink::open)) {
                Rule r = Rule.lookup(Rtnl.AF_INET, 100).from(ip("198.18.0.100"), 32).to(ip("198.18.7.0"), 24).priority(100).fwmark(0x10, 0xff);
                Rule r6 = Rule.lookup(Rtnl.AF_INET6, 1000).from(ip("2001:2::100"), 128).priority(200);
                rt.addRule(r);
                rt.addRule(r6);
                assertThat(a.sh("ip -j rule show")).contains("\"priority\":100,\"src\":\"198.18.0.100\"")
                        .contains("\"dst\":\"198.18.7.0\",\"dstlen\":24").contains("\"fwmark\":\"0x10\",\"fwmask\":\"0xff\"")
                        .contains("\"table\":\"100\"");
                assertThat(a.sh("ip -j -6 rule show")).contains("\"priority\":200,\"src\":\"2001:2::100\"").contains("\"table\":\"1000\"");
                assertThat(rt.rules(Rtnl.AF_INET)).anySatisfy(x -> {
                    assertThat(x.priority()).isEqualTo(100);
                    assertThat(x.table()).isEqualTo(100);
                    assertThat(x.fwmark()).isEqualTo(0x10);
                });
                rt.deleteRule(r);
                rt.deleteRule(r6);
                assertThat(a.sh("ip -j rule show")).doesNotContain("198.18.0.100");
                assertThat(a.sh("ip -j -6 rule show")).doesNotContain("2001:2::100");
                assertThat(rt.deleteRuleIfPresent(r)).isFalse();
            }
        }
    }

    @Test
    void vmacMacvlanIsCreatedAndRemoved() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            try (Rtnetlink rt = NetNs.call(a.ns(), Rtnetlink::open)) {
                int eth0 = rt.indexOf("eth0");
                int vmac = rt.createMacvlan("vrrp.51", eth0, Link.vrrpVirtualMac(51, false), Rtnl.MACVLAN_MODE_PRIVATE);
                rt.setLinkUp(vmac, true);
                String json = a.sh("ip -d -j link show dev vrrp.51");
                assertThat(json).contains("\"address\":\"00:00:5e:00:01:33\"").contains("\"info_kind\":\"macvlan\"")
                        .contains("\"mode\":\"private\"").contains("\"link\":\"eth0\"");
                Link l = rt.link("vrrp.51").orElseThrow();
                assertThat(l.kind()).isEqualTo("macvlan");
                assertThat(l.linkIndex()).isEqualTo(eth0);
                assertThat(l.up()).isTrue();

                int bridged = rt.createMacvlan("vrrp6.52", eth0, Link.vrrpVirtualMac(52, true), Rtnl.MACVLAN_MODE_BRIDGE);
                assertThat(a.sh("ip -d -j link show dev vrrp6.52")).contains("\"mode\":\"bridge\"").contains("00:00:5e:00:02:34");

                java.util.Map<String, String> saved = NetNs.call(a.ns(), () -> Sysctl.configureVmac("vrrp.51", "eth0"));
                assertThat(saved).containsEntry("net/ipv4/conf/eth0/arp_ignore", "0").containsEntry("net/ipv4/conf/eth0/arp_filter", "0");
                assertThat(a.sh("sysctl -n net.ipv4.conf.vrrp/51.arp_ignore net.ipv4.conf.vrrp/51.accept_local"
                        + " net.ipv4.conf.vrrp/51.rp_filter net.ipv4.conf.eth0.arp_ignore net.ipv4.conf.eth0.arp_filter"))
                        .isEqualTo("1\n1\n0\n1\n1\n");
                NetNs.run(a.ns(), () -> Sysctl.restore(saved));
                assertThat(a.sh("sysctl -n net.ipv4.conf.eth0.arp_ignore net.ipv4.conf.eth0.arp_filter")).isEqualTo("0\n0\n");

                rt.deleteLink(vmac);
                rt.deleteLink(bridged);
                assertThat(rt.link("vrrp.51")).isEmpty();
                assertThat(a.trySh("ip link show dev vrrp.51", 5).exit()).isNotZero();
            }
        }
    }
}
