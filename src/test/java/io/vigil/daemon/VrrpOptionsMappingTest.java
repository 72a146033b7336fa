package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.vrrp.InstanceOptions;
import io.vigil.vrrp.VrrpInstanceSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** keepalived's per-instance VRRP options and their global_defs defaults, from the configuration text to the runtime's settings. */
class VrrpOptionsMappingTest {

    static String conf(String global, String instance) {
        return "global_defs {\n  router_id R1\n" + global + "}\n"
                + "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n  priority 100\n" + instance
                + "  virtual_ipaddress {\n    198.18.0.100/24\n  }\n}\n"
                + "vrrp_instance VI_2 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 52\n  priority 100\n"
                + "  virtual_ipaddress {\n    198.18.0.101/24\n  }\n}\n";
    }

    static KeepalivedConfig load(String text) {
        var result = ConfigLoader.loadText("test.conf", text, LoadOptions.defaults());
        assertThat(result.diagnostics()).noneMatch(io.vigil.config.Diagnostic::isError);
        return result.config().orElseThrow();
    }

    static VrrpInstanceSettings settings(String text, int index) {
        return VrrpConfigMapper.instances(load(text), (i, f) -> InetAddress.ofLiteral("198.18.0.11")).get(index);
    }

    @Test
    void lowerAndHigherPrioOptionsDefaultAndTheInstanceWinsOverGlobalDefs() {
        // keepalived's defaults but higher_prio_send_advert, which is on in Vigil (docs/migrating.md)
        assertThat(settings(conf("", ""), 0).options()).isEqualTo(new InstanceOptions(false, true));
        assertThat(settings(conf("  vrrp_higher_prio_send_advert false\n", ""), 0).options()).isEqualTo(InstanceOptions.KEEPALIVED_DEFAULTS);
        assertThat(settings(conf("", "  higher_prio_send_advert off\n"), 0).options()).isEqualTo(InstanceOptions.KEEPALIVED_DEFAULTS);
        assertThat(settings(conf("", "  lower_prio_no_advert\n  higher_prio_send_advert\n"), 0).options())
                .isEqualTo(new InstanceOptions(true, true));
        String global = conf("  vrrp_lower_prio_no_advert\n  vrrp_higher_prio_send_advert true\n", "  lower_prio_no_advert false\n");
        assertThat(settings(global, 0).options()).isEqualTo(new InstanceOptions(false, true));
        assertThat(settings(global, 1).options()).isEqualTo(new InstanceOptions(true, true));
    }

    @Test
    void unicastOptionsReachTheRuntimeAndCheckUnicastSrcPerInstanceOrGlobal() {
        String peers = "  unicast_src_ip 198.18.0.11\n  unicast_peer {\n    198.18.0.12 min_ttl 5 max_ttl 20\n    198.18.0.13\n  }\n";
        VrrpInstanceSettings s = settings(conf("", peers + "  unicast_ttl 10\n  check_unicast_src\n  unicast_fault_no_peer\n"), 0);
        assertThat(s.checkUnicastSource()).isTrue();
        assertThat(s.options().unicastTtl()).isEqualTo(10);
        assertThat(s.options().peerTtls()).containsExactly(new InstanceOptions.PeerTtl(InetAddress.ofLiteral("198.18.0.12"), 5, 20));
        assertThat(s.options().configFault()).isNull();
        assertThat(settings(conf("", peers), 0).checkUnicastSource()).isFalse();
        assertThat(settings(conf("  vrrp_check_unicast_src\n", peers), 0).checkUnicastSource()).isTrue();
        // unicast_fault_no_peer without peers: FAULT for good, as keepalived ("Cannot use unicast without any peers").
        assertThat(settings(conf("", "  unicast_fault_no_peer\n"), 0).options().configFault()).contains("without any peers");
        // unicast_ttl without peers: a warning, and multicast keeps TTL 255.
        var r = ConfigLoader.loadText("test.conf", conf("", "  unicast_ttl 10\n"), LoadOptions.defaults());
        assertThat(r.diagnostics()).anyMatch(d -> !d.isError() && d.toString().startsWith("test.conf:9:3:") && d.toString().contains("unicast_ttl without unicast_peer"));
        assertThat(settings(conf("", "  unicast_ttl 10\n"), 0).options().unicastTtl()).isEqualTo(-1);
    }

    @Test
    void startupDelayAndPromoteSecondariesAreRead() {
        KeepalivedConfig c = load(conf("  vrrp_startup_delay 2.5\n", "  promote_secondaries\n"));
        assertThat(c.globalDefs().vrrpOptions().startupDelay()).isEqualTo(java.time.Duration.ofMillis(2500));
        assertThat(c.vrrpInstances().get(0).options().promoteSecondaries()).isTrue();
        assertThat(c.vrrpInstances().get(1).options().promoteSecondaries()).isFalse();
        assertThat(load(conf("", "")).globalDefs().vrrpOptions().startupDelay()).isZero();
    }

    @Test
    void multicastGroupsComeFromMcastDstIpElseTheGlobalGroupAndAreCheckedAsKeepalivedDoes() {
        InetAddress g99 = InetAddress.ofLiteral("224.0.0.99"), g88 = InetAddress.ofLiteral("224.0.0.88");
        String c = conf("  vrrp_mcast_group4 224.0.0.88\n", "  mcast_dst_ip 224.0.0.99\n");
        assertThat(settings(c, 0).options().group(io.vigil.vrrp.AddressFamily.IPV4)).isEqualTo(g99);
        assertThat(settings(c, 1).options().group(io.vigil.vrrp.AddressFamily.IPV4)).isEqualTo(g88);
        assertThat(settings(conf("", ""), 0).options().group(io.vigil.vrrp.AddressFamily.IPV4)).isEqualTo(InetAddress.ofLiteral("224.0.0.18"));
        // A unicast instance drops mcast_dst_ip (warned) and keeps the global group for its old-form checksum.
        String peers = "  unicast_src_ip 198.18.0.11\n  unicast_peer {\n    198.18.0.12\n  }\n";
        var u = ConfigLoader.loadText("test.conf", conf("  vrrp_mcast_group4 224.0.0.88\n", peers + "  mcast_dst_ip 224.0.0.99\n"), LoadOptions.defaults());
        assertThat(u.diagnostics()).anyMatch(d -> !d.isError() && d.toString().contains("mcast_dst_ip with unicast_peer"));
        assertThat(settings(conf("  vrrp_mcast_group4 224.0.0.88\n", peers + "  mcast_dst_ip 224.0.0.99\n"), 0).options().group(io.vigil.vrrp.AddressFamily.IPV4))
                .isEqualTo(g88);
        // keepalived's checks: IPv4 and multicast for group4, IPv6 link-local multicast for an IPv6 mcast_dst_ip, the family of the instance.
        for (String bad : new String[] {conf("  vrrp_mcast_group4 198.18.0.1\n", ""), conf("  vrrp_mcast_group4 ff02::12\n", ""),
                conf("  vrrp_mcast_group6 224.0.0.18\n", ""), conf("", "  mcast_dst_ip ff05::12\n"), conf("", "  mcast_dst_ip ff02::12\n"),
                conf("", "  mcast_dst_ip 198.18.0.1\n")})
            assertThat(ConfigLoader.loadText("test.conf", bad, LoadOptions.defaults()).diagnostics()).as(bad).anyMatch(io.vigil.config.Diagnostic::isError);
        assertThat(ConfigLoader.loadText("test.conf", conf("  vrrp_mcast_group6 ff05::12\n", ""), LoadOptions.defaults()).diagnostics())
                .anyMatch(d -> !d.isError() && d.toString().contains("should be a link-local multicast address"));
    }

    @Test
    void oldUnicastChecksumModes() {
        assertThat(settings(conf("", ""), 0).options().unicastChecksum()).isEqualTo(InstanceOptions.UnicastChecksum.RFC);
        assertThat(settings(conf("", "  old_unicast_checksum\n"), 0).options().unicastChecksum()).isEqualTo(InstanceOptions.UnicastChecksum.OLD);
        assertThat(settings(conf("", "  old_unicast_checksum never\n"), 0).options().unicastChecksum()).isEqualTo(InstanceOptions.UnicastChecksum.RFC_ONLY);
        assertThat(ConfigLoader.loadText("test.conf", conf("", "  old_unicast_checksum always\n"), LoadOptions.defaults()).diagnostics())
                .anyMatch(io.vigil.config.Diagnostic::isError);
    }

    @Test
    void vrrpIptablesAndIpsetsSayWhichNftablesTableStandsInForThem() {
        var r = ConfigLoader.loadText("test.conf", conf("  vrrp_iptables VIN VOUT\n  vrrp_ipsets keepalived\n  nftables vg\n", "  no_accept\n"),
                LoadOptions.defaults());
        assertThat(r.diagnostics()).noneMatch(io.vigil.config.Diagnostic::isError)
                .anyMatch(d -> d.toString().contains("the iptables chains VIN/VOUT are replaced by nftables table ip vg"))
                .anyMatch(d -> d.toString().contains("set vips of nftables table ip vg"));
        assertThat(r.config().orElseThrow().globalDefs().vrrpOptions().firewall().table()).isEqualTo("vg");
    }

    @Test
    void nativeIpv6MakesTheInstanceIpv6AndRefusesIpv4Vips() {
        String v6 = "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  native_ipv6\n  virtual_ipaddress {\n    2001:2::100/64\n  }\n"
                + "  virtual_ipaddress_excluded {\n    198.18.0.100/24\n  }\n}\n";
        var i = load(v6).vrrpInstances().getFirst();
        assertThat(i.isIpv6()).isTrue();
        assertThat(VrrpConfigMapper.instances(load(v6), (n, f) -> InetAddress.ofLiteral(f == io.vigil.vrrp.AddressFamily.IPV6 ? "fe80::11" : "198.18.0.11"))
                .getFirst().family()).isEqualTo(io.vigil.vrrp.AddressFamily.IPV6);
        var r = ConfigLoader.loadText("test.conf", conf("", "  native_ipv6\n"), LoadOptions.defaults());
        assertThat(r.diagnostics()).anyMatch(d -> d.isError() && d.toString().contains("native_ipv6 cannot have IPv4 virtual_ipaddress"));
    }

    @Test
    void useVmacNamesAndMacsAsKeepalived() {
        io.vigil.vrrp.Vmac plain = settings(conf("", "  use_vmac\n"), 0).vmac();
        assertThat(plain).isEqualTo(new io.vigil.vrrp.Vmac("vrrp.51", "00:00:5e:00:01:33", false));
        assertThat(settings(conf("", "  use_vmac\n"), 0).vipInterface()).isEqualTo("vrrp.51");
        assertThat(settings(conf("", "  use_vmac\n"), 0).advertInterface()).isEqualTo("vrrp.51");
        VrrpInstanceSettings base = settings(conf("  vmac_prefix vip\n", "  use_vmac 02:aa:bb:cc:dd\n  vmac_xmit_base\n"), 0);
        assertThat(base.vmac()).isEqualTo(new io.vigil.vrrp.Vmac("vip.51", "02:aa:bb:cc:dd:33", true));
        assertThat(base.advertInterface()).isEqualTo("eth0");
        assertThat(base.vipInterface()).isEqualTo("vip.51");
        // A name another instance gave is not chosen: keepalived's next name is PREFIX1.VRID.
        String two = conf("", "  use_vmac\n").replace("virtual_router_id 52\n",
                "virtual_router_id 52\n  use_vmac vrrp.51\n");
        assertThat(settings(two, 0).vmac().name()).isEqualTo("vrrp1.51");
        assertThat(settings(two, 1).vmac().name()).isEqualTo("vrrp.51");
        assertThat(settings(conf("", ""), 0).vmac()).isNull();
    }

    @Test
    void withUseVmacAddressesGoWhereKeepalivedPutsThem() {
        String text = conf("", "  use_vmac\n  virtual_ipaddress_excluded {\n    198.18.0.102/32 dev eth0\n    198.18.0.103/32 dev eth1\n"
                + "    2001:2::100/128\n  }\n");
        VrrpInstanceSettings s = settings(text, 0);
        assertThat(s.excludedAddresses()).extracting(io.vigil.vrrp.VirtualAddress::device)
                .as("own interface: on the vmac; another: stays; the other family: on the interface").containsExactly(null, "eth1", "eth0");
        assertThat(settings(conf("", "  virtual_ipaddress_excluded {\n    198.18.0.102/32 dev eth0\n  }\n"), 0).excludedAddresses().getFirst().device())
                .isEqualTo("eth0");
    }

    @Test
    void garpExtraIfActsOnlyWithAllAndAnAddressOnAnotherInterface() {
        String elsewhere = "  virtual_ipaddress_excluded {\n    198.18.0.150/32 dev lo\n  }\n";
        assertThat(settings(conf("", "  garp_extra_if all 3\n" + elsewhere), 0).options().garpExtraIfMillis()).isEqualTo(3000);
        assertThat(settings(conf("  vrrp_garp_extra_if all 3\n", elsewhere), 0).options().garpExtraIfMillis()).as("global default").isEqualTo(3000);
        assertThat(settings(conf("", "  garp_extra_if all 3\n"), 0).options().garpExtraIfMillis()).as("no other interface").isZero();
        assertThat(settings(conf("", "  garp_extra_if 3\n" + elsewhere), 0).options().garpExtraIfMillis()).as("without all").isZero();
        assertThat(settings(conf("", "  use_vmac\n  garp_extra_if all 3\n  virtual_ipaddress_excluded {\n    198.18.0.150/32 dev eth0\n  }\n"), 0)
                .options().garpExtraIfMillis()).as("dev eth0 goes on the vmac: not another interface").isZero();
    }

    @Test
    void useVmacAddrGivesOtherInterfacesAndTheOtherFamilyVmacsOfTheirOwn() {
        String text = conf("  vmac_addr_prefix va\n", "  use_vmac\n  use_vmac_addr\n  garp_extra_if 5\n  virtual_ipaddress_excluded {\n"
                + "    198.18.0.102/32 dev eth1\n    198.18.0.103/32 dev eth1\n    2001:2::100/128\n    198.18.0.104/32\n  }\n");
        VrrpInstanceSettings s = settings(text, 0);
        assertThat(s.vmac().name()).isEqualTo("vrrp.51");
        assertThat(s.addressVmacs()).containsExactly(
                new io.vigil.vrrp.AddressVmac(new io.vigil.vrrp.Vmac("va.51", "00:00:5e:00:01:33", false), "eth1", io.vigil.vrrp.AddressFamily.IPV4),
                // va.51 is taken by the first: the IPv6 one is va6.51, as keepalived's create_vmac_name.
                new io.vigil.vrrp.AddressVmac(new io.vigil.vrrp.Vmac("va6.51", "00:00:5e:00:02:33", false), "eth0", io.vigil.vrrp.AddressFamily.IPV6));
        assertThat(s.excludedAddresses()).extracting(io.vigil.vrrp.VirtualAddress::device).containsExactly("va.51", "va.51", "va6.51", null);
        assertThat(s.options().garpExtraIfMillis()).as("extra VMACs: garp_extra_if acts without 'all'").isEqualTo(5000);
        assertThat(s.options().garpExtraIfAll()).isFalse();
        // Without use_vmac, the instance's own interface keeps its addresses; the other family still gets a VMAC.
        VrrpInstanceSettings plain = settings(conf("", "  use_vmac_addr\n  virtual_ipaddress_excluded {\n    198.18.0.102/32 dev eth0\n"
                + "    2001:2::100/128\n  }\n"), 0);
        assertThat(plain.vmac()).isNull();
        assertThat(plain.addressVmacs()).extracting(a -> a.vmac().name()).containsExactly("vrrp.51");
        assertThat(plain.excludedAddresses()).extracting(io.vigil.vrrp.VirtualAddress::device).containsExactly("eth0", "vrrp.51");
    }
}
