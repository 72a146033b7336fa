package io.vigil.lab.vrrp;

import io.vigil.lab.KeepalivedNode;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code garp_group} beside keepalived 2.2.7, the same keepalived.conf text for both: two instances, one on eth0 and one
 * on a macvlan over it, become MASTER at the same moment; their interfaces share one group with {@code garp_interval
 * 0.5}, so their gratuitous ARPs leave one at a time, each at least the interval after the one before, whichever
 * instance or interface sends it (seen from a neighbour on the segment); and, as keepalived queues an address at most
 * once, a burst of 5 for one VIP goes out as 2 (one at once, one an interval later).
 */
class GarpGroupLabTest {
    private static final String VIP1 = "198.18.0.100", VIP2 = "198.18.0.101";

    private static String conf() {
        StringBuilder c = new StringBuilder("garp_group {\n    garp_interval 0.5\n    interfaces {\n        eth0\n        mv1\n    }\n}\n");
        c.append("global_defs {\n  router_id a\n  vrrp_version 3\n}\n");
        int vrid = 51;
        for (String[] i : new String[][] {{"VI_1", "eth0", VIP1}, {"VI_2", "mv1", VIP2}}) {
            c.append("vrrp_instance ").append(i[0]).append(" {\n  state BACKUP\n  interface ").append(i[1])
                    .append("\n  virtual_router_id ").append(vrid++).append("\n  priority 200\n  advert_int 0.1\n")
                    .append("  virtual_ipaddress {\n    ").append(i[2]).append("/24\n  }\n}\n");
        }
        return c.toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(150)
    void garpsOfTheGroupAreSpacedByItsInterval(String kind) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            ha.sh("ip link add mv1 link eth0 type macvlan mode bridge && ip addr add 198.18.0.21/24 dev mv1 && ip link set mv1 up");
            Capture wire = v.capture(hb);
            if (kind.equals("keepalived")) KeepalivedNode.assumeInstalled(ha);
            Router a = kind.equals("vigil") ? new VigilNode(ha, "a", v.dir, conf()) : new KeepalivedNode(ha, "a", v.dir, conf());
            try {
                a.start();
                v.awaitStates(a, "MASTER");
                // Both bursts (the second 5 s after the first, vrrp_garp_master_delay's default) of both VIPs.
                v.awaitOrDump("two bursts' GARPs for each VIP", Duration.ofSeconds(30), () -> {
                    assertThat(wire.garps(VIP1)).hasSizeGreaterThanOrEqualTo(4);
                    assertThat(wire.garps(VIP2)).hasSizeGreaterThanOrEqualTo(2);
                });
                double first = wire.garps(VIP1).getFirst().epochSeconds();
                assertThat(wire.garps(VIP1).stream().filter(f -> f.epochSeconds() < first + 3)).as(wire.text()).hasSize(2);
                List<Double> times = new ArrayList<>();
                wire.garps(VIP1).forEach(f -> times.add(f.epochSeconds()));
                wire.garps(VIP2).forEach(f -> times.add(f.epochSeconds()));
                times.sort(Double::compare);
                List<Double> gaps = new ArrayList<>();
                for (int i = 1; i < times.size(); i++) gaps.add(times.get(i) - times.get(i - 1));
                // Lower bound only (load can only widen them); 10 ms under the interval for the capture's own stamps.
                assertThat(gaps).as(wire.text()).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(0.49));
            } finally {
                a.close();
            }
        }
    }
}
