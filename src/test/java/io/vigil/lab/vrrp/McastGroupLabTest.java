package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vrrp_mcast_group4}, {@code vrrp_mcast_group6} (global_defs) and {@code mcast_dst_ip} (instance) in mixed pairs
 * with keepalived 2.2.7, the same keepalived.conf text for both: the higher-priority router's adverts leave for the
 * configured group (tcpdump on the wire) and the other one, which joined that group, hears them and stays BACKUP. Each
 * implementation is sender once and receiver once. And a router on a non-default group does not hear one on the
 * default group: both become MASTER.
 */
class McastGroupLabTest {
    private static final Pattern DESTINATION = Pattern.compile(" > (\\S+): VRRPv3, Advertisement");

    private static VrrpConf conf(int priority, String setting) {
        boolean v6 = setting.endsWith("6");
        VrrpConf c = VrrpConf.fast(priority, v6 ? "2001:2::100/64" : "198.18.0.100/24").withAdvert(3, "0.5");
        return switch (setting) {
            case "global4" -> c.withExtra("  vrrp_mcast_group4 224.0.0.99\n", "");
            case "instance4" -> c.withExtra("  vrrp_mcast_group4 224.0.0.88\n", "  mcast_dst_ip 224.0.0.99\n");
            case "global6" -> c.withExtra("  vrrp_mcast_group6 ff02::99\n", "");
            case "instance6" -> c.withExtra("  vrrp_mcast_group6 ff02::88\n", "  mcast_dst_ip ff02::99\n");
            default -> c;
        };
    }

    private static Router router(VrrpLab v, String kind, Lab.Host host, String name, VrrpConf conf) {
        return kind.equals("vigil") ? v.vigil(host, name, conf) : v.keepalived(host, name, conf);
    }

    /** The destinations of the adverts captured (tcpdump -n: addresses as numbers). */
    private static Set<String> destinations(Capture wire) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = DESTINATION.matcher(wire.text());
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @ParameterizedTest(name = "sender {0}, {1}")
    @CsvSource({"vigil, global4", "keepalived, global4", "vigil, instance4", "keepalived, instance4",
            "vigil, global6", "keepalived, global6", "vigil, instance6", "keepalived, instance6"})
    @Timeout(150)
    void advertsGoToTheConfiguredGroupAndThePeerHearsThem(String senderKind, String setting) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host hs = v.host("s", "198.18.0.11/24", "2001:2::11/64"), hr = v.host("r", "198.18.0.12/24", "2001:2::12/64");
            Capture wire = v.capture(hs);
            boolean vigilSends = senderKind.equals("vigil");
            Router sender = router(v, senderKind, hs, "s", conf(200, setting));
            Router receiver = router(v, vigilSends ? "keepalived" : "vigil", hr, "r", conf(100, setting));
            receiver.start();
            sender.start();
            v.awaitStates(sender, "MASTER", receiver, "BACKUP");
            String group = setting.endsWith("6") ? "ff02::99" : "224.0.0.99";
            v.awaitOrDump("adverts on the wire", Duration.ofSeconds(20), () -> assertThat(destinations(wire)).contains(group));
            // Longer than the master-down timer (1.5 s + skew): the receiver keeps hearing the sender on that group.
            sleepSeconds(4);
            assertThat(receiver.state(VrrpConf.INSTANCE)).as(v.logs()).isEqualTo("BACKUP");
            assertThat(destinations(wire)).as(wire.text()).containsExactly(group);
        }
    }

    /** A router on group 224.0.0.99 and one on the default 224.0.0.18 do not hear each other. */
    @ParameterizedTest(name = "{0} on the non-default group")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(150)
    void routersOnDifferentGroupsDoNotHearEachOther(String kind) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            Capture wire = v.capture(ha);
            Router a = router(v, kind, ha, "a", conf(200, "global4"));
            Router b = router(v, kind.equals("vigil") ? "keepalived" : "vigil", hb, "b", conf(100, "default"));
            a.start();
            b.start();
            v.awaitStates(a, "MASTER", b, "MASTER");
            assertThat(destinations(wire)).as(wire.text()).containsExactlyInAnyOrder("224.0.0.99", "224.0.0.18");
        }
    }

    /**
     * A reload that moves vrrp_mcast_group4 to another group and removes the only instance on a third (mcast_dst_ip)
     * leaves both old groups: the namespace's memberships ({@code ip maddr}) hold only the new group afterwards, and
     * the instance kept running on it (MASTER, adverts to the new group).
     */
    @Test
    @Timeout(150)
    void reloadLeavesTheGroupsNoInstanceUsesAnyMore() throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24");
            String second = "vrrp_instance VI_2 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 52\n  priority 100\n"
                    + "  advert_int 0.5\n  mcast_dst_ip 224.0.0.66\n  virtual_ipaddress {\n    198.18.0.101/24\n  }\n}\n";
            VrrpConf before = VrrpConf.fast(200, "198.18.0.100/24").withAdvert(3, "0.5").withExtra("  vrrp_mcast_group4 224.0.0.99\n", "");
            VigilNode a = new VigilNode(ha, "a", v.dir, before.text("a") + second);
            try {
                a.start();
                v.awaitStates(a, "MASTER");
                v.awaitOrDump("groups joined", Duration.ofSeconds(20),
                        () -> assertThat(groups(ha)).contains("224.0.0.99", "224.0.0.66").doesNotContain("224.0.0.77"));

                Capture wire = v.capture(ha);
                java.nio.file.Files.writeString(v.dir.resolve("a.conf"),
                        VrrpConf.fast(200, "198.18.0.100/24").withAdvert(3, "0.5").withExtra("  vrrp_mcast_group4 224.0.0.77\n", "").text("a"));
                a.signalParent("HUP");
                v.awaitOrDump("old groups left", Duration.ofSeconds(30),
                        () -> assertThat(groups(ha)).contains("224.0.0.77").doesNotContain("224.0.0.99", "224.0.0.66"));
                v.awaitOrDump("adverts to the new group", Duration.ofSeconds(20), () -> assertThat(destinations(wire)).contains("224.0.0.77"));
                // waited for, not read once: under the suite's load the state read can come before the reload's own report
                v.awaitStates(a, "MASTER");
            } finally {
                a.close();
            }
        }
    }

    /** The IPv4 groups joined on eth0 in the host's namespace, as the kernel lists them. */
    private static List<String> groups(Lab.Host h) {
        List<String> out = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("inet\\s+(\\S+)").matcher(h.sh("ip -4 maddr show dev eth0"));
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** Watching that nothing changes for a period longer than the master-down timer. */
    private static void sleepSeconds(int s) {
        try {
            Thread.sleep(s * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
