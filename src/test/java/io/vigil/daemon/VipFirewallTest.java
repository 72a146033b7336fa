package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.lb.nft.NftRunner;
import io.vigil.vrrp.Action;
import io.vigil.vrrp.VrrpState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The nft batches of the no_accept VIP firewall, in order, against a recording NftRunner (the real nft: VipFirewallLabTest). */
class VipFirewallTest {

    static KeepalivedConfig load(String global, String instance, int priority) {
        String text = "global_defs {\n" + global + "}\nvrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority " + priority + "\n"
                + instance + "  virtual_ipaddress {\n    198.18.0.100/24\n  }\n  virtual_ipaddress_excluded {\n    198.18.0.101/24\n  }\n}\n";
        var r = ConfigLoader.loadText("test.conf", text, LoadOptions.defaults());
        assertThat(r.diagnostics()).noneMatch(io.vigil.config.Diagnostic::isError);
        return r.config().orElseThrow();
    }

    /** An nft that takes every batch (recorded in order) and has no table yet. */
    static NftRunner recording(List<String> batches) {
        return new NftRunner() {
            @Override
            public Result apply(String jsonBatch) {
                batches.add(jsonBatch);
                return new Result(0, "");
            }

            @Override
            public Result listTable(String family) {
                return new Result(1, "");
            }
        };
    }

    static List<String> run(KeepalivedConfig c) {
        List<String> batches = new CopyOnWriteArrayList<>();
        VipFirewall f = new VipFirewall(recording(batches));
        f.configure(c);
        f.transitioned(new Action.Transitioned("VI_1", VrrpState.INIT, VrrpState.BACKUP, "start"));
        f.transitioned(new Action.Transitioned("VI_1", VrrpState.BACKUP, VrrpState.MASTER, "timeout"));
        f.transitioned(new Action.Transitioned("VI_1", VrrpState.MASTER, VrrpState.BACKUP, "higher priority"));
        f.close();
        return batches;
    }

    @Test
    void noAcceptMakesKeepalivedsTableThenAddsAndRemovesTheVipsAndDeletesTheTable() {
        List<String> b = run(load("  nftables vgtest\n  nftables_priority -5\n  nftables_counters\n", "  no_accept\n", 100));
        assertThat(b).hasSize(4);
        assertThat(b.get(0)).contains("{\"add\":{\"table\":{\"family\":\"ip\",\"name\":\"vgtest\"}}},{\"delete\":{\"table\":")
                .contains("\"hook\":\"input\",\"prio\":-5,\"policy\":\"accept\"").contains("\"hook\":\"output\",\"prio\":-5")
                .contains("\"field\":\"daddr\"}},\"right\":\"@vips\"}},{\"counter\":{\"packets\":0,\"bytes\":0}},{\"drop\":null}")
                .contains("\"field\":\"saddr\"}},\"right\":\"@vips\"}}");
        assertThat(b.get(1)).isEqualTo("{\"nftables\":[{\"add\":{\"element\":{\"family\":\"ip\",\"table\":\"vgtest\",\"name\":\"vips\","
                + "\"elem\":[\"198.18.0.100\",\"198.18.0.101\"]}}}]}");
        assertThat(b.get(2)).startsWith("{\"nftables\":[{\"delete\":{\"element\":");
        assertThat(b.get(3)).isEqualTo("{\"nftables\":[{\"delete\":{\"table\":{\"family\":\"ip\",\"name\":\"vgtest\"}}}]}");
    }

    @Test
    void defaultsAreKeepalivedsTableAndPriorityWithoutCounters() {
        List<String> b = run(load("", "  no_accept\n", 100));
        assertThat(b.get(0)).contains("\"name\":\"keepalived\"").contains("\"prio\":-1").doesNotContain("counter");
    }

    @Test
    void acceptTheDefaultAndTheAddressOwnerNeedNoFirewall() {
        assertThat(run(load("", "", 100))).isEmpty();
        assertThat(run(load("", "  accept\n", 100))).isEmpty();
        assertThat(run(load("", "  no_accept\n  accept\n", 100))).isEmpty();
        assertThat(run(load("", "  no_accept\n", 255))).isEmpty();
    }

    @Test
    void aReloadThatChangesAMastersVipsUpdatesTheSetAndOneThatDropsNoAcceptEmptiesIt() {
        List<String> batches = new CopyOnWriteArrayList<>();
        VipFirewall f = new VipFirewall(recording(batches));
        f.configure(load("", "  no_accept\n", 100));
        f.transitioned(new Action.Transitioned("VI_1", VrrpState.BACKUP, VrrpState.MASTER, "timeout"));
        String text = "global_defs {\n}\nvrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority 100\n  no_accept\n"
                + "  virtual_ipaddress {\n    198.18.0.100/24\n    198.18.0.102/24\n  }\n}\n";
        f.configure(ConfigLoader.loadText("test.conf", text, LoadOptions.defaults()).config().orElseThrow());
        f.configure(load("", "", 100)); // no_accept removed: the set is emptied
        f.close();
        assertThat(batches).hasSize(6);
        assertThat(batches.get(2)).contains("{\"delete\":{\"element\"").contains("198.18.0.101").doesNotContain("198.18.0.100");
        assertThat(batches.get(3)).contains("{\"add\":{\"element\"").contains("198.18.0.102").doesNotContain("198.18.0.100");
        assertThat(batches.get(4)).contains("{\"delete\":{\"element\"").contains("198.18.0.100").contains("198.18.0.102");
        assertThat(batches.get(5)).contains("{\"delete\":{\"table\"");
    }

    @Test
    void ipv6VipsGoToTheIp6TableAndLinkLocalOnesWithTheirInterfaceByIndexOrByName() {
        String text = "global_defs {\n%s}\nvrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority 100\n  no_accept\n%s"
                + "  virtual_ipaddress {\n    2001:2::100/64\n    fe80::100/64\n    fe80::101/64 dev eth1\n  }\n}\n";
        for (String[] c : new String[][] {{"", "", "vips_link_local", "vips_link_local"},
                {"", "  dont_track_primary\n", "vips_link_local_name", "vips_link_local"},
                {"  nftables_ifindex\n", "  dont_track_primary\n", "vips_link_local", "vips_link_local"}}) {
            var r = ConfigLoader.loadText("test.conf", text.formatted(c[0], c[1]), LoadOptions.defaults());
            assertThat(r.diagnostics()).noneMatch(io.vigil.config.Diagnostic::isError);
            List<String> b = run(r.config().orElseThrow());
            assertThat(b.get(0)).contains("{\"add\":{\"table\":{\"family\":\"ip6\",\"name\":\"keepalived\"}}}")
                    .contains("\"name\":\"neighbor-discovery\",\"type\":\"icmpv6_type\",\"flags\":[\"constant\"]")
                    .contains("\"goto\":{\"target\":\"in_link_local\"}").contains("\"name\":\"" + c[2] + "\"");
            assertThat(b.get(1)).contains("\"name\":\"vips\",\"elem\":[\"2001:2::100\"]")
                    .contains("\"name\":\"" + c[2] + "\",\"elem\":[{\"concat\":[\"fe80::100\",\"eth0\"]}")
                    .contains("{\"concat\":[\"fe80::101\",\"eth1\"]}");
            // The VIP on another interface is matched by index (keepalived's rule), in a set made for it if needed.
            assertThat(String.join("", b)).contains("\"name\":\"" + c[3] + "\"");
            assertThat(b.getLast()).isEqualTo("{\"nftables\":[{\"delete\":{\"table\":{\"family\":\"ip6\",\"name\":\"keepalived\"}}}]}");
        }
    }
}
