package io.vigil.daemon;

import io.vigil.net.Json;
import io.vigil.vrrp.Vmac;
import io.vigil.vrrp.VrrpInstanceSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The nft batch that sends the VMACs' IGMP/MLD reports out of their base interfaces (keepalived's VMAC rules). */
class VmacReportsTest {
    private static VrrpInstanceSettings instance(String name, int vrid, String source, String vip, Vmac vmac) {
        return VrrpInstanceSettings.builder(name, vrid, "eth0", InetAddress.ofLiteral(source)).vip(vip).vmac(vmac).build();
    }

    @Test
    void oneRulePerVmacAndFamily() {
        String batch = Json.write(VmacReports.batch(List.of(
                instance("VI_1", 51, "198.18.0.11", "198.18.0.100/32", new Vmac("vrrp.51", "00:00:5e:00:01:33", false)),
                instance("VI_2", 52, "fe80::1", "2001:2::100/128", new Vmac("vrrp.52", "00:00:5e:00:02:34", false)),
                instance("VI_3", 53, "198.18.0.11", "198.18.0.101/32", null)), List.of()));
        assertThat(batch).contains("{\"add\":{\"table\":{\"family\":\"ip\",\"name\":\"vigil_vmac\"}}}")
                .contains("\"right\":\"vrrp.51\"}},{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"protocol\"}},\"right\":\"igmp\"}},"
                        + "{\"dup\":{\"addr\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"daddr\"}},\"dev\":\"eth0\"}},{\"drop\":null}")
                .contains("\"right\":\"mld2-listener-report\"").contains("\"right\":\"nd-router-solicit\"}},{\"drop\":null}")
                .doesNotContain("vrrp.53");
    }

    @Test
    void nothingWithoutVmacsAndTablesGoWhenTheLastVmacDoes() {
        VrrpInstanceSettings plain = instance("VI_1", 51, "198.18.0.11", "198.18.0.100/32", null);
        assertThat(VmacReports.batch(List.of(plain), List.of())).isNull();
        String gone = Json.write(VmacReports.batch(List.of(plain), List.of("ip")));
        assertThat(gone).contains("\"delete\":{\"table\":{\"family\":\"ip\",\"name\":\"vigil_vmac\"}}").doesNotContain("\"chain\"");
    }
}
