package io.vigil.lab.vrrp;

import io.vigil.lab.KeepalivedNode;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An instance's interface deleted and created again under the same name (a veth re-made, a VLAN re-created): the
 * instance is in FAULT while it is gone, then runs again on the new interface. Router a (priority 200, Vigil or
 * keepalived 2.2.7) and Vigil b (100): a's eth0 deleted, b takes over; eth0 made again and put back on the switch, a's
 * adverts reach b again, so a is MASTER and b BACKUP. Vigil's socket stayed bound to the deleted interface's index: it
 * said MASTER but every advert failed with ENODEV, and b stayed MASTER too.
 */
class InterfaceRecreateLabTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(200)
    void interfaceDeletedAndCreatedAgain(String kind) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            VrrpConf conf = VrrpConf.fast(200, "198.18.0.100/24");
            if (kind.equals("keepalived")) KeepalivedNode.assumeInstalled(ha);
            Router a = kind.equals("vigil") ? new VigilNode(ha, "a", v.dir, conf.text("a")) : new KeepalivedNode(ha, "a", v.dir, conf.text("a"));
            VigilNode b = new VigilNode(hb, "b", v.dir, conf.withPriority(100).text("b"));
            try {
                a.start();
                b.start();
                v.awaitStates(a, "MASTER", b, "BACKUP");
                ha.sh("ip link del eth0");
                v.awaitStates(a, "FAULT", b, "MASTER");
                String sw = v.lab.prefix() + "sw", port = v.lab.prefix() + "a2";
                ha.sh("ip link add eth0 type veth peer name " + port + " netns " + sw);
                v.lab.sh(sw, "ip link set " + port + " master br0 && ip link set " + port + " up");
                ha.sh("ip link set eth0 up && ip addr add 198.18.0.11/24 dev eth0");
                v.awaitStates(a, "MASTER", b, "BACKUP");
            } finally {
                b.close();
                a.close();
            }
        }
    }
}
