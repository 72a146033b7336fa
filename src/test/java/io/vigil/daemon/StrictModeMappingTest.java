package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.vrrp.VrrpInstanceSettings;
import io.vigil.vrrp.VrrpPacket;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** vrrp_strict / strict_mode as keepalived 2.2.7 applies them (vrrp.c), from the configuration text to the runtime's settings. */
class StrictModeMappingTest {

    static String conf(String global, String instance) {
        return "global_defs {\n  router_id R1\n" + global + "}\n"
                + "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n" + instance
                + "  virtual_ipaddress {\n    198.18.0.100/24\n  }\n}\n";
    }

    static LoadResult load(String text) {
        return ConfigLoader.loadText("test.conf", text, LoadOptions.defaults());
    }

    static VrrpInstanceSettings settings(String text) {
        var r = load(text);
        assertThat(r.diagnostics()).noneMatch(io.vigil.config.Diagnostic::isError);
        return VrrpConfigMapper.instances(r.config().orElseThrow(), (i, f) -> InetAddress.ofLiteral("198.18.0.11")).getFirst();
    }

    @Test
    void strictModeImpliesNoAcceptAndTheRfcAdvertRulesAndResetsWhatItForbids() {
        String text = conf("  vrrp_strict\n", "  priority 100\n  preempt_delay 5\n  garp_lower_prio_repeat 2\n  higher_prio_send_advert\n"
                + "  authentication {\n    auth_type PASS\n    auth_pass secret\n  }\n");
        var r = load(text);
        assertThat(r.warnings()).extracting(Object::toString).anyMatch(w -> w.contains("does not support authentication"))
                .anyMatch(w -> w.contains("preempt_delay is incompatible with strict mode"))
                .anyMatch(w -> w.contains("no lower-priority GARPs"))
                .anyMatch(w -> w.contains("higher_prio_send_advert to be clear"));
        VrrpInstanceSettings s = settings(text);
        assertThat(s.auth().type()).isEqualTo(VrrpPacket.AUTH_NONE);
        assertThat(s.preemptDelayMillis()).isZero();
        assertThat(s.garp().lowerPrioRepeat()).isZero();
        assertThat(s.options().lowerPrioNoAdvert()).isTrue();
        assertThat(s.options().higherPrioSendAdvert()).isFalse();
        var i = r.config().orElseThrow().vrrpInstances().getFirst();
        assertThat(i.options().noAccept()).isTrue();
        assertThat(i.accept()).isFalse();
    }

    @Test
    void acceptOwnerAndInstanceOverride() {
        // The address owner always accepts; VRRPv3 may keep an explicit accept; VRRPv2 may not.
        assertThat(load(conf("  vrrp_strict\n", "  priority 255\n  state MASTER\n")).config().orElseThrow().vrrpInstances().getFirst().options().noAccept()).isFalse();
        assertThat(load(conf("  vrrp_strict\n  vrrp_version 3\n", "  priority 100\n  accept\n")).config().orElseThrow().vrrpInstances().getFirst().options().noAccept()).isFalse();
        var v2 = load(conf("  vrrp_strict\n", "  priority 100\n  accept\n"));
        assertThat(v2.config().orElseThrow().vrrpInstances().getFirst().options().noAccept()).isTrue();
        assertThat(v2.warnings()).extracting(Object::toString).anyMatch(w -> w.contains("does not comply with RFC 3768"));
        // strict_mode false on the instance wins over global vrrp_strict.
        assertThat(load(conf("  vrrp_strict\n", "  priority 100\n  strict_mode false\n")).config().orElseThrow().vrrpInstances().getFirst().options().noAccept()).isFalse();
        // down_timer_adverts is reset to the RFC's 3.
        var dt = load(conf("  vrrp_strict\n", "  priority 100\n  down_timer_adverts 5\n"));
        assertThat(dt.warnings()).extracting(Object::toString).anyMatch(w -> w.contains("down_timer_adverts is incompatible with strict mode"));
        assertThat(dt.config().orElseThrow().vrrpInstances().getFirst().options().downTimerAdverts()).isEqualTo(3);
        // A state that does not match the priority is reset.
        var st = load(conf("", "  strict_mode\n  state MASTER\n  priority 100\n"));
        assertThat(st.warnings()).extracting(Object::toString).anyMatch(w -> w.contains("state MASTER must match being address owner"));
    }

    @Test
    void unicastPeersAreErrorsInStrictModeAndIpv6VipsGetNoAccept() {
        assertThat(load(conf("  vrrp_strict\n", "  priority 100\n  unicast_peer {\n    198.18.0.12\n  }\n")).errors())
                .extracting(Object::toString).anyMatch(e -> e.contains("unicast peers are not supported in strict mode"));
        String v6 = "global_defs {\n  vrrp_strict\n}\nvrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority 100\n"
                + "  virtual_ipaddress {\n    fe80::100/64\n  }\n}\n";
        // IPv6 VIPs: no_accept as for IPv4, through the ip6 table (VipFirewall6LabTest).
        var r = load(v6);
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().orElseThrow().vrrpInstances().getFirst().options().noAccept()).isTrue();
    }
}
