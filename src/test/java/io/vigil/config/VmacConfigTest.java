package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.vigil.config.Configs.errors;
import static io.vigil.config.Configs.load;
import static io.vigil.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** use_vmac [NAME] [MAC], vmac_xmit_base and vmac_prefix as keepalived 2.2.7's vrrp_parser.c and vrrp.c read them. */
class VmacConfigTest {
    private static String instance(String body) {
        return "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  198.18.0.100\n }\n" + body + "}\n";
    }

    private static Vrrp.Vmac vmac(String body) {
        return valid(instance(body)).vrrpInstances().getFirst().vmac().orElseThrow();
    }

    @Test
    void nameAndMacInEitherOrder() {
        assertThat(vmac(" use_vmac\n")).isEqualTo(new Vrrp.Vmac(Optional.empty(), Optional.empty(), false, false));
        assertThat(vmac(" use_vmac vip51\n").name()).contains("vip51");
        Vrrp.Vmac both = vmac(" use_vmac 02:AA:bb:0:1:2 vip51\n");
        assertThat(both.name()).contains("vip51");
        assertThat(both.mac()).contains("02:aa:bb:00:01:02");
        assertThat(both.macPlusVrid()).isFalse();
        Vrrp.Vmac five = vmac(" use_vmac 02:aa:bb:cc:dd\n");
        assertThat(five.macPlusVrid()).as("five octets: keepalived appends the VRID").isTrue();
        assertThat(vmac(" use_vmac 02:aa:bb:cc:dd:\n").macPlusVrid()).isTrue();
        assertThat(valid(instance(" use_vmac\n")).vrrpInstances().getFirst().options().promoteSecondaries()).isFalse();
    }

    @Test
    void badNamesAndMacsAreErrorsAtTheirPosition() {
        assertThat(Configs.formatted(errors(instance(" use_vmac 01:00:5e:00:00:12\n")))).contains("test.conf:7:11").contains("multicast");
        assertThat(Configs.formatted(errors(instance(" use_vmac 00:00:5e:00:01:33\n")))).contains("RFC 5798");
        assertThat(Configs.formatted(errors(instance(" use_vmac 02:zz:00:00:00:01\n")))).contains("invalid VMAC address");
        assertThat(Configs.formatted(errors(instance(" use_vmac 02:00:01\n")))).contains("invalid VMAC address");
        assertThat(Configs.formatted(errors(instance(" use_vmac a_name_far_too_long\n")))).contains("invalid VMAC interface name");
        assertThat(Configs.formatted(errors(instance(" use_vmac one two\n")))).contains("name already given");
        assertThat(Configs.formatted(errors(instance(" use_vmac v1\n") + instance(" use_vmac v1\n").replace("VI_1", "VI_2")
                .replace("virtual_router_id 51", "virtual_router_id 52")))).contains("VI_1 already uses VMAC interface v1");
    }

    @Test
    void xmitBaseFollowsKeepalivedsRules() {
        assertThat(vmac(" use_vmac\n vmac_xmit_base\n").xmitBase()).isTrue();
        LoadResult unicast = load(instance(" use_vmac\n unicast_peer {\n  198.18.0.12\n }\n"));
        assertThat(unicast.isValid()).isTrue();
        assertThat(unicast.config().orElseThrow().vrrpInstances().getFirst().vmac().orElseThrow().xmitBase()).isTrue();
        assertThat(Configs.formatted(unicast.diagnostics())).contains("unicast with use_vmac requires vmac_xmit_base; setting it");
        LoadResult strict = load(instance(" use_vmac\n vmac_xmit_base\n strict_mode\n"));
        assertThat(strict.config().orElseThrow().vrrpInstances().getFirst().vmac().orElseThrow().xmitBase()).isFalse();
        assertThat(Configs.formatted(strict.diagnostics())).contains("vmac_xmit_base is incompatible with strict mode");
        LoadResult alone = load(instance(" vmac_xmit_base\n"));
        assertThat(alone.config().orElseThrow().vrrpInstances().getFirst().vmac()).isEmpty();
        assertThat(Configs.formatted(alone.diagnostics())).contains("vmac_xmit_base is only valid with a vmac");
    }

    @Test
    void vmacPrefixIsAGlobalDefault() {
        KeepalivedConfig c = valid("global_defs {\n vmac_prefix vip\n}\n" + instance(" use_vmac\n"));
        assertThat(c.vrrpInstances().getFirst().options().vmacPrefix()).isEqualTo("vip");
        assertThat(valid(instance(" use_vmac\n")).vrrpInstances().getFirst().options().vmacPrefix()).isEqualTo("vrrp");
    }

    @Test
    void garpExtraIfAndItsGlobalDefault() {
        assertThat(valid(instance(" garp_extra_if all 10\n")).vrrpInstances().getFirst().options().garpExtraIf())
                .contains(new Vrrp.GarpExtraIf(true, java.time.Duration.ofSeconds(10)));
        assertThat(valid(instance(" vmac_garp_intvl 5 all\n")).vrrpInstances().getFirst().options().garpExtraIf())
                .as("the legacy spelling, words in either order").contains(new Vrrp.GarpExtraIf(true, java.time.Duration.ofSeconds(5)));
        KeepalivedConfig global = valid("global_defs {\n vrrp_garp_extra_if all 7\n}\n" + instance("") + instance(" garp_extra_if all 2\n")
                .replace("VI_1", "VI_2").replace("virtual_router_id 51", "virtual_router_id 52"));
        assertThat(global.vrrpInstances().get(0).options().garpExtraIf()).contains(new Vrrp.GarpExtraIf(true, java.time.Duration.ofSeconds(7)));
        assertThat(global.vrrpInstances().get(1).options().garpExtraIf()).contains(new Vrrp.GarpExtraIf(true, java.time.Duration.ofSeconds(2)));
        assertThat(valid("global_defs {\n vrrp_vmac_garp_intvl 3\n}\n" + instance("")).vrrpInstances().getFirst().options().garpExtraIf())
                .contains(new Vrrp.GarpExtraIf(false, java.time.Duration.ofSeconds(3)));
        assertThat(Configs.formatted(load(instance(" garp_extra_if 10\n")).diagnostics())).contains("without 'all' has no effect without use_vmac_addr");
        assertThat(Configs.formatted(errors(instance(" garp_extra_if all\n")))).contains("specified without time");
        assertThat(Configs.formatted(errors(instance(" garp_extra_if 86401\n")))).contains("SECONDS 0..86400");
    }

    @Test
    void useVmacAddrAndVmacAddrPrefix() {
        KeepalivedConfig c = valid("global_defs {\n vmac_addr_prefix va\n}\n" + instance(" use_vmac_addr\n"));
        assertThat(c.vrrpInstances().getFirst().options().useVmacAddr()).isTrue();
        assertThat(c.vrrpInstances().getFirst().options().vmacAddrPrefix()).contains("va");
        assertThat(valid(instance("")).vrrpInstances().getFirst().options().useVmacAddr()).isFalse();
    }

    @Test
    void dumpReadsBack() {
        String text = "global_defs {\n vrrp_garp_extra_if all 7\n}\n" + instance(" use_vmac 02:aa:bb:cc:dd vip51\n vmac_xmit_base\n")
                + instance(" use_vmac\n garp_extra_if 3\n use_vmac_addr\n").replace("VI_1", "VI_2").replace("virtual_router_id 51", "virtual_router_id 52");
        assertThat(valid(text).vrrpInstances()).hasSize(2);
        String dump = load(text).effectiveConfig();
        assertThat(dump).contains("use_vmac vip51 02:aa:bb:cc:dd\n").contains("use_vmac\n").contains("vrrp_garp_extra_if all 7\n")
                .contains("garp_extra_if 3\n").contains("vmac_xmit_base\n");
        // as DumpRoundTripTest: defaults are explicit in the dump, so only their comments may differ
        assertThat(load(dump).effectiveConfig().replaceAll(" {3}# [a-z ,]+(Vigil)?\n", "\n")).isEqualTo(dump.replaceAll(" {3}# [a-z ,]+(Vigil)?\n", "\n"));
    }
}
