package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a MASTER's GARPs/NAs go: bursts per VMAC with use_vmac_addr, garp_extra_if as keepalived's vrrp_send_vmac_update. */
class GarpPlanTest {
    private static final InetAddress SRC = InetAddress.ofLiteral("198.18.0.11");

    private static VirtualAddress on(String cidr, String dev) {
        VirtualAddress v = VirtualAddress.parse(cidr);
        return new VirtualAddress(v.address(), v.prefixLength(), dev, null, null, null);
    }

    private static List<String> sends(List<Action> out) {
        return out.stream().map(a -> (Action.SendGarps) a).map(g -> g.interfaceName() + " " + g.addresses().stream()
                .map(InetAddress::getHostAddress).toList() + " x" + g.count()).toList();
    }

    private static InstanceOptions extra(long millis, boolean all) {
        return new InstanceOptions(false, false, -1, List.of(), null, 3, false, null, InstanceOptions.UnicastChecksum.RFC, false, millis, all);
    }

    @Test
    void burstsGoOutOfEachAddresssVmacWithUseVmacAddr() {
        VrrpInstanceSettings s = VrrpInstanceSettings.builder("VI_1", 51, "eth0", SRC).useVmac(null)
                .addressVmac(new AddressVmac(new Vmac("vrrp1.51", "00:00:5e:00:01:33", false), "eth1", AddressFamily.IPV4))
                .vip("198.18.0.100/32").excludedVip(on("198.18.1.100/32", "vrrp1.51")).build();
        List<Action> out = new ArrayList<>();
        GarpPlan.bursts(s, List.of(s.virtualAddresses().getFirst(), s.excludedAddresses().getFirst()), 5, out);
        assertThat(sends(out)).containsExactly("vrrp.51 [198.18.0.100] x5", "vrrp1.51 [198.18.1.100] x5");
    }

    @Test
    void extraInterfacesFollowKeepalived() {
        VrrpInstanceSettings.Builder b = VrrpInstanceSettings.builder("VI_1", 51, "eth0", SRC).vip("198.18.0.100/32")
                .excludedVip(on("198.18.2.1/32", "lo")).excludedVip(on("198.18.2.2/32", "lo"));
        List<Action> out = new ArrayList<>();
        VrrpInstanceSettings all = b.options(extra(1000, true)).build();
        GarpPlan.extraInterfaces(all, List.of(all.virtualAddresses().getFirst(), all.excludedAddresses().get(0), all.excludedAddresses().get(1)), out);
        assertThat(sends(out)).as("one per other interface, its first address; not the instance's own").containsExactly("lo [198.18.2.1] x1");
        out.clear();
        VrrpInstanceSettings notAll = b.options(extra(1000, false)).build();
        GarpPlan.extraInterfaces(notAll, List.of(notAll.excludedAddresses().get(0)), out);
        assertThat(out).as("without 'all' only VMACs count").isEmpty();
        VrrpInstanceSettings xmitBase = b.options(extra(1000, true)).vmac(new Vmac("vrrp.51", "00:00:5e:00:01:33", true)).build();
        GarpPlan.extraInterfaces(xmitBase, List.of(xmitBase.virtualAddresses().getFirst(), xmitBase.excludedAddresses().get(0)), out);
        assertThat(sends(out)).as("with vmac_xmit_base its own VMAC too").containsExactly("vrrp.51 [198.18.0.100] x1", "lo [198.18.2.1] x1");
    }
}
