package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The VIP firewall of {@code no_accept} for IPv6 VIPs, keepalived 2.2.7 then Vigil on the same host with the same
 * keepalived.conf text: a lone MASTER holding 2001:2::100 and the link-local fe80::100 (excluded from adverts). Both
 * build the same {@code ip6 keepalived} table (compared set by set and chain by chain): neighbour discovery accepted,
 * link-local VIPs matched with their interface, by index, or by name for {@code dont_track_primary} unless
 * {@code nftables_ifindex}. A client's pings to both VIPs get no answer while the router's own address answers, and
 * after SIGTERM the table is gone.
 */
class VipFirewall6LabTest {
    private static final String VIP = "2001:2::100", LINK_LOCAL_VIP = "fe80::100";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no_accept", "dont_track_primary", "nftables_ifindex"})
    @Timeout(200)
    void bothBuildKeepalivedsIpv6TableAndDropTheClientsTraffic(String variant) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host h = v.host("r", "198.18.0.11/24", "2001:2::11/64"), client = v.host("c", "198.18.0.10/24", "2001:2::10/64");
            String global = variant.equals("nftables_ifindex") ? "  nftables\n  nftables_ifindex\n  nftables_counters\n" : "  nftables\n";
            String instance = "  no_accept\n" + (variant.equals("no_accept") ? "" : "  dont_track_primary\n")
                    + "  virtual_ipaddress_excluded {\n    " + LINK_LOCAL_VIP + "/64\n  }\n";
            VrrpConf conf = VrrpConf.fast(100, VIP + "/64").withExtra(global, instance);
            List<List<String>> tables = new ArrayList<>();
            for (String kind : List.of("keepalived", "vigil")) {
                Router r = kind.equals("vigil") ? v.vigil(h, "r" + kind, conf) : v.keepalived(h, "r" + kind, conf);
                r.start();
                v.awaitStates(r, "MASTER");
                String set = variant.equals("dont_track_primary") ? "vips_link_local_name" : "vips_link_local";
                v.awaitOrDump(kind + ": the VIPs in the firewall's sets", Duration.ofSeconds(20), () -> {
                    assertThat(h.trySh("nft list set ip6 keepalived vips", 10).output()).contains(VIP);
                    assertThat(h.trySh("nft list set ip6 keepalived " + set, 10).output()).contains(LINK_LOCAL_VIP + " . \"eth0\"");
                });
                tables.add(normalized(h.sh("nft list table ip6 keepalived")));
                assertThat(client.trySh("ping -6 -c 2 -W 1 " + VIP, 10).exit()).as(kind + ": ping to the VIP is dropped").isNotZero();
                assertThat(client.trySh("ping -6 -c 2 -W 1 " + LINK_LOCAL_VIP + "%eth0", 10).exit()).as(kind + ": ping to the link-local VIP is dropped")
                        .isNotZero();
                assertThat(client.trySh("ping -6 -c 1 -W 2 2001:2::11", 10).exit()).as(kind + ": the router's own address answers").isZero();
                if (variant.equals("nftables_ifindex"))
                    assertThat(h.sh("nft list table ip6 keepalived")).containsPattern("ip6 daddr @vips counter packets [1-9]");
                r.terminate();
                v.awaitOrDump(kind + ": the table is gone", Duration.ofSeconds(20),
                        () -> assertThat(h.trySh("nft list tables", 10).output()).doesNotContain("table ip6 keepalived"));
            }
            // Sets vips, neighbor-discovery and the link-local one; chains in, out, in_link_local, out_link_local.
            assertThat(tables.get(0)).as(String.join("", tables.get(0))).hasSize(7);
            assertThat(tables.get(1)).as("Vigil's table is keepalived's").isEqualTo(tables.get(0));
        }
    }

    /** The table's sets and chains, each as listed, sorted (creation order aside), counters' values dropped. */
    static List<String> normalized(String table) {
        List<String> blocks = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : table.split("\n")) {
            String l = line.strip().replaceAll("counter packets \\d+ bytes \\d+", "counter");
            if (l.startsWith("set ") || l.startsWith("chain ")) cur = new StringBuilder();
            if (cur == null || l.isEmpty()) continue;
            cur.append(l).append('\n');
            if (l.equals("}")) {
                blocks.add(cur.toString());
                cur = null;
            }
        }
        return blocks.stream().sorted().toList();
    }
}
