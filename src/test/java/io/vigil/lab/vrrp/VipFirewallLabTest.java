package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The VIP firewall of {@code no_accept}, Vigil and keepalived 2.2.7 with the same keepalived.conf text and the same
 * assertions: a lone MASTER holding 198.18.0.100; a client in its own namespace pings the VIP. With no_accept the
 * router's nftables table (keepalived's layout: {@code ip keepalived}, or the {@code nftables} name, chains at
 * {@code nftables_priority}, {@code counter} with {@code nftables_counters}) holds the VIP in its set {@code vips} and
 * the ping gets no answer; with {@code accept} there is no table and the ping is answered. After SIGTERM the table is gone.
 * {@code vrrp_iptables} and {@code vrrp_ipsets} (no iptables here) drive the same nftables table, as keepalived built
 * without iptables does, and both say so at start.
 */
class VipFirewallLabTest {
    private static final String VIP = "198.18.0.100";

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"vigil, no_accept", "vigil, no_accept tuned", "vigil, accept", "vigil, vrrp_strict", "vigil, strict_mode", "vigil, no_accept iptables",
            "keepalived, no_accept", "keepalived, no_accept tuned", "keepalived, accept", "keepalived, vrrp_strict", "keepalived, strict_mode",
            "keepalived, no_accept iptables"})
    @Timeout(150)
    void noAcceptDropsTrafficToTheVipWhileMaster(String kind, String mode) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host h = v.host("r", "198.18.0.11/24"), client = v.host("c", "198.18.0.10/24");
            // vrrp_strict (global) and strict_mode (instance) imply no_accept for a router that is not the address owner.
            boolean tuned = mode.endsWith("tuned"), drop = !mode.equals("accept");
            String table = tuned ? "vgtest" : "keepalived";
            // vrrp_iptables/vrrp_ipsets: iptables is not installed; keepalived (built with nftables only, as Debian's) and Vigil map them
            // onto the nftables table keepalived. Debian's keepalived does not know vrrp_ipsets (no libipset) and skips it.
            boolean iptables = mode.endsWith("iptables");
            VrrpConf conf = VrrpConf.fast(100, VIP + "/24")
                    .withExtra(tuned ? "  nftables vgtest\n  nftables_priority -5\n  nftables_counters\n" : mode.equals("vrrp_strict") ? "  vrrp_strict\n"
                                    : iptables ? "  vrrp_iptables\n  vrrp_ipsets keepalived\n" : "",
                            switch (mode) {
                                case "accept" -> "  accept\n";
                                case "strict_mode" -> "  strict_mode\n";
                                case "vrrp_strict" -> "";
                                default -> "  no_accept\n";
                            });
            Router r = kind.equals("vigil") ? v.vigil(h, "r", conf) : v.keepalived(h, "r", conf);
            r.start();
            v.awaitStates(r, "MASTER");
            v.awaitOrDump("the VIP", Duration.ofSeconds(10), () -> assertThat(VrrpLab.holds(r, VIP)).isTrue());
            if (drop) {
                v.awaitOrDump("the VIP in the firewall's set", Duration.ofSeconds(20),
                        () -> assertThat(h.trySh("nft list set ip " + table + " vips", 10).output()).contains(VIP));
                String t = h.sh("nft list table ip " + table);
                assertThat(t).contains("type filter hook input priority filter - " + (tuned ? "5" : "1") + "; policy accept;")
                        .contains("type filter hook output priority filter - " + (tuned ? "5" : "1") + "; policy accept;")
                        .contains(tuned ? "ip daddr @vips counter packets" : "ip daddr @vips drop")
                        .contains(tuned ? "ip saddr @vips counter packets" : "ip saddr @vips drop");
                assertThat(client.trySh("ping -c 2 -W 1 " + VIP, 10).exit()).as("ping to the VIP is dropped").isNotZero();
                assertThat(client.trySh("ping -c 1 -W 2 198.18.0.11", 10).exit()).as("the router's own address still answers").isZero();
                if (tuned) assertThat(h.sh("nft list table ip " + table)).containsPattern("ip daddr @vips counter packets [1-9]");
                if (iptables && kind.equals("vigil"))
                    assertThat(r.log()).contains("the iptables chains INPUT/OUTPUT are replaced by nftables table ip keepalived")
                            .contains("ipsets are not used: the VIPs are kept in set vips of nftables table ip keepalived");
                if (iptables && kind.equals("keepalived")) assertThat(r.log()).contains("iptables not supported, using nftables instead");
            } else {
                assertThat(h.trySh("nft list tables", 10).output()).doesNotContain("keepalived");
                assertThat(client.trySh("ping -c 1 -W 2 " + VIP, 10).exit()).as("ping to the VIP is answered").isZero();
            }
            r.terminate();
            v.awaitOrDump("the table is gone", Duration.ofSeconds(20),
                    () -> assertThat(h.trySh("nft list tables", 10).output()).doesNotContain("table ip " + table));
        }
    }
}
