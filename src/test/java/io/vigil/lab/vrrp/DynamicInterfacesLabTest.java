package io.vigil.lab.vrrp;

import io.vigil.lab.KeepalivedNode;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dynamic_interfaces: router a (priority 200, Vigil or keepalived 2.2.7) starts with its instance's interface eth0
 * missing and is in FAULT while Vigil b (100) is MASTER; eth0 created with an address, a takes over; eth0 deleted, a is
 * in FAULT again and b MASTER; eth0 created again with another address, a is MASTER and its adverts come from the new
 * address. keepalived 2.2.7 did all of this when run by hand; Vigil refused the keyword before.
 */
class DynamicInterfacesLabTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(240)
    void instanceOnAnInterfaceCreatedLaterDeletedAndCreatedWithAnotherAddress(String kind) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            VrrpConf conf = VrrpConf.fast(200, "198.18.0.100/24");
            if (kind.equals("keepalived")) KeepalivedNode.assumeInstalled(ha);
            VrrpConf dyn = conf.withExtra("  dynamic_interfaces\n", "");
            ha.sh("ip link del eth0");
            Router a = kind.equals("vigil") ? new VigilNode(ha, "a", v.dir, dyn.text("a")) : new KeepalivedNode(ha, "a", v.dir, dyn.text("a"));
            VigilNode b = new VigilNode(hb, "b", v.dir, conf.withPriority(100).text("b"));
            Capture wire = v.capture(hb);
            try {
                a.start();
                b.start();
                v.awaitStates(a, "FAULT", b, "MASTER");

                createEth0(v, ha, "a2", "198.18.0.11/24");
                v.awaitStates(a, "MASTER", b, "BACKUP");

                ha.sh("ip link del eth0");
                v.awaitStates(a, "FAULT", b, "MASTER");

                double recreated = VrrpLab.nowEpochSeconds();
                createEth0(v, ha, "a3", "198.18.0.13/24");
                v.awaitStates(a, "MASTER", b, "BACKUP");
                v.awaitOrDump("a's adverts from its new address 198.18.0.13", VrrpLab.SETTLE, () ->
                        assertThat(wire.adverts()).anyMatch(ad -> ad.source().equals("198.18.0.13") && ad.priority() == 200
                                && ad.epochSeconds() >= recreated));
                assertThat(wire.adverts()).as("no advert of a from its old address after the re-creation")
                        .noneMatch(ad -> ad.source().equals("198.18.0.11") && ad.epochSeconds() >= recreated + 1);
            } finally {
                b.close();
                a.close();
            }
        }
    }

    /**
     * allow_if_changes: a's eth0 (a veth at start) deleted and made again as a veth, then deleted and made as a macvlan
     * on another veth to the switch. keepalived 2.2.7's source compares an interface added since the start with its
     * kind before (macvlan or not, parent), unless allow_if_changes; run here, it used the macvlan with and without
     * allow_if_changes (a MASTER again), so Vigil does the same: the wire wins over the source.
     */
    @ParameterizedTest(name = "{0} allow_if_changes={1}")
    @CsvSource({"vigil,false", "vigil,true", "keepalived,false", "keepalived,true"})
    @Timeout(240)
    void interfaceBackAsAMacvlan(String kind, boolean allowIfChanges) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            VrrpConf conf = VrrpConf.fast(200, "198.18.0.100/24");
            if (kind.equals("keepalived")) KeepalivedNode.assumeInstalled(ha);
            VrrpConf dyn = conf.withExtra("  dynamic_interfaces" + (allowIfChanges ? " allow_if_changes" : "") + "\n", "");
            Router a = kind.equals("vigil") ? new VigilNode(ha, "a", v.dir, dyn.text("a")) : new KeepalivedNode(ha, "a", v.dir, dyn.text("a"));
            VigilNode b = new VigilNode(hb, "b", v.dir, conf.withPriority(100).text("b"));
            try {
                a.start();
                b.start();
                v.awaitStates(a, "MASTER", b, "BACKUP");
                ha.sh("ip link del eth0");
                v.awaitStates(a, "FAULT", b, "MASTER");
                createEth0(v, ha, "a2", "198.18.0.11/24");
                v.awaitStates(a, "MASTER", b, "BACKUP");
                ha.sh("ip link del eth0");
                v.awaitStates(a, "FAULT", b, "MASTER");
                String sw = v.lab.prefix() + "sw", p = v.lab.prefix() + "a3";
                ha.sh("ip link add up0 type veth peer name " + p + " netns " + sw);
                v.lab.sh(sw, "ip link set " + p + " master br0 && ip link set " + p + " up");
                ha.sh("ip link set up0 up && ip link add eth0 link up0 type macvlan mode bridge"
                        + " && ip addr add 198.18.0.11/24 dev eth0 && ip link set eth0 up");
                v.awaitStates(a, "MASTER", b, "BACKUP");
            } finally {
                b.close();
                a.close();
            }
        }
    }

    /** eth0 in {@code host} again, on the switch through port {@code port}, up with {@code cidr}. */
    private static void createEth0(VrrpLab v, Lab.Host host, String port, String cidr) {
        String sw = v.lab.prefix() + "sw", p = v.lab.prefix() + port;
        host.sh("ip link add eth0 type veth peer name " + p + " netns " + sw);
        v.lab.sh(sw, "ip link set " + p + " master br0 && ip link set " + p + " up");
        host.sh("ip addr add " + cidr + " dev eth0 && ip link set eth0 up");
    }
}
