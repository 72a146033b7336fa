package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.net.IpLiteral;
import io.vigil.vrrp.VrrpInstanceSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dynamic_interfaces in the mapping: where an instance sends from when its interface is missing or has no address. */
class DynamicInterfacesMappingTest {
    private static final String INSTANCE = "vrrp_instance VI_1 {\n interface dyn0\n virtual_router_id 51\n priority 100\n"
            + " virtual_ipaddress {\n  198.18.0.100/24\n }\n";

    private static KeepalivedConfig load(String text) {
        var result = ConfigLoader.loadText("test.conf", text, LoadOptions.defaults());
        assertThat(result.diagnostics()).noneMatch(io.vigil.config.Diagnostic::isError);
        return result.config().orElseThrow();
    }

    @Test
    void withoutItAnInterfaceWithoutAnAddressIsStillAnError() {
        KeepalivedConfig c = load(INSTANCE + "}\n");
        assertThatThrownBy(() -> VrrpConfigMapper.instances(c, (i, f) -> null))
                .hasMessage("VI_1: interface dyn0 has no IPV4 address to send from");
        assertThat(VrrpConfigMapper.instances(c, (i, f) -> IpLiteral.parse("198.18.0.11")).getFirst().sourceFromInterface()).isFalse();
    }

    @Test
    void withItTheSourceIsUnspecifiedUntilTheInterfaceHasAnAddressAndFollowsIt() {
        KeepalivedConfig c = load("global_defs {\n dynamic_interfaces\n}\n" + INSTANCE + "}\n");
        VrrpInstanceSettings missing = VrrpConfigMapper.instances(c, (i, f) -> null).getFirst();
        assertThat(missing.sourceMissing()).isTrue();
        assertThat(missing.sourceFromInterface()).isTrue();
        VrrpInstanceSettings present = VrrpConfigMapper.instances(c, (i, f) -> IpLiteral.parse("198.18.0.11")).getFirst();
        assertThat(present.sourceAddress()).isEqualTo(IpLiteral.parse("198.18.0.11"));
        assertThat(present.sourceFromInterface()).isTrue();
    }

    @Test
    void aConfiguredSourceStaysTheSource() {
        KeepalivedConfig c = load("global_defs {\n dynamic_interfaces allow_if_changes\n}\n" + INSTANCE + " mcast_src_ip 198.18.0.21\n}\n");
        VrrpInstanceSettings s = VrrpConfigMapper.instances(c, (i, f) -> null).getFirst();
        assertThat(s.sourceAddress()).isEqualTo(IpLiteral.parse("198.18.0.21"));
        assertThat(s.sourceFromInterface()).isFalse();
    }
}
