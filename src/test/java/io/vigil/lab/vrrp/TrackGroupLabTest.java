package io.vigil.lab.vrrp;

import io.vigil.lab.KeepalivedNode;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * keepalived's static track groups beside keepalived 2.2.7, the same keepalived.conf text for both: VI_1 is in
 * {@code track_group TG}, named by a static address on eth1, a static route on eth2 and a static rule with iif eth3.
 * Each of those interfaces set down puts VI_1 in FAULT; up again, VI_1 is MASTER again. eth4's static address names
 * TG too but with no_track: it is not tracked, so with eth4 down VI_1 still becomes MASTER.
 */
class TrackGroupLabTest {
    private static final String STATICS = """
            track_group TG {
                group {
                    VI_1
                }
            }
            static_ipaddress {
                198.18.5.1/24 dev eth1 track_group TG
                198.18.8.1/24 dev eth4 track_group TG no_track
            }
            static_routes {
                198.18.6.0/24 dev eth2 track_group TG
            }
            static_rules {
                iif eth3 table 100 preference 1000 track_group TG
            }
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(200)
    void staticEntryInterfaceDownPutsTheGroupInFault(String kind) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24");
            ha.sh("for i in eth1 eth2 eth3 eth4; do ip link add $i type veth peer name ${i}p && ip link set ${i}p up && ip link set $i up; done");
            String text = VrrpConf.fast(200, "198.18.0.100/24").text("a") + STATICS;
            if (kind.equals("keepalived")) KeepalivedNode.assumeInstalled(ha);
            Router a = kind.equals("vigil") ? new VigilNode(ha, "a", v.dir, text) : new KeepalivedNode(ha, "a", v.dir, text);
            try {
                a.start();
                v.awaitStates(a, "MASTER");
                for (String tracked : new String[] {"eth1", "eth2", "eth3"}) {
                    ha.sh("ip link set " + tracked + " down");
                    v.awaitStates(a, "FAULT");
                    ha.sh("ip link set " + tracked + " up");
                    v.awaitStates(a, "MASTER");
                }
                // no_track: eth4 down leaves VI_1 running; cycling eth1 shows it reaches MASTER with eth4 still down
                ha.sh("ip link set eth4 down");
                ha.sh("ip link set eth1 down");
                v.awaitStates(a, "FAULT");
                ha.sh("ip link set eth1 up");
                v.awaitStates(a, "MASTER");
            } finally {
                a.close();
            }
        }
    }
}
