package io.vigil.lb.ipvs;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.daemon.CheckerConfigMapper;
import io.vigil.daemon.LbStateMapper;
import io.vigil.lab.UmlGuest;
import io.vigil.lb.Change;
import io.vigil.lb.DataPlaneException;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Persistence;
import io.vigil.lb.Plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.vigil.lab.UmlGuest.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs INSIDE the user-mode-linux guest (see {@link IpvsPersistenceEngineGuestTest}): {@code persistence_engine sip}
 * from configuration text to the kernel's service, as keepalived 2.2.7 sets it on the same file.
 */
public final class IpvsPersistenceEngineGuestChecks {
    static final String CONF = """
            virtual_server 198.18.20.1 5060 {
                protocol UDP
                lb_algo rr
                lb_kind NAT
                persistence_timeout 120
                persistence_engine sip
                real_server 198.18.21.1 5060 {
                    weight 1
                }
            }
            """;
    static final String SERVICE_LINE = "UDP  198.18.20.1:5060 rr persistent 120 pe sip";

    public static void main(String[] args) {
        String[] byKeepalived = new String[1];
        int failed = UmlGuest.runChecks(List.of(
                new UmlGuest.Check("keepalived-sets-sip", () -> byKeepalived[0] = keepalivedServiceLine()),
                new UmlGuest.Check("vigil-sets-edits-and-reads-back-sip", () -> vigil(byKeepalived[0])),
                new UmlGuest.Check("unknown-engine-refused-by-the-kernel", IpvsPersistenceEngineGuestChecks::unknownEngine)));
        System.exit(Math.min(failed, 100));
    }

    /** keepalived 2.2.7 on CONF: the service line ipvsadm shows for it. */
    static String keepalivedServiceLine() throws Exception {
        Files.writeString(Path.of("/tmp/pe.conf"), CONF);
        UmlGuest.spawn("keepalived -n -l -D -C -f /tmp/pe.conf -p /tmp/kape.pid -c /tmp/kape-check.pid", Path.of("/tmp/kape.log"));
        boolean up = UmlGuest.await(20_000, () -> UmlGuest.shResult("ipvsadm -Ln").output().contains("198.18.21.1:5060"));
        assertThat(up).as("keepalived installed its service:\n%s", UmlGuest.shResult("cat /tmp/kape.log").output()).isTrue();
        String line = serviceLine(sh("ipvsadm -Ln"));
        UmlGuest.killAll(); // TERM: keepalived removes its service
        assertThat(UmlGuest.await(10_000, () -> !UmlGuest.shResult("ipvsadm -Ln").output().contains("198.18.20.1"))).isTrue();
        assertThat(line).isEqualTo(SERVICE_LINE);
        return line;
    }

    static void vigil(String keepalivedLine) {
        assertThat(keepalivedLine).as("keepalived's line from the previous check").isNotNull();
        DesiredState withSip = desired(CONF), withoutSip = desired(CONF.replace("persistence_engine sip\n", ""));
        assertThat(withSip.services().getFirst().persistence()).isEqualTo(new Persistence(120, 32, "sip"));
        try (IpvsDataPlane dp = IpvsDataPlane.open(null).orElseThrow(() -> new AssertionError("no IPVS in the guest kernel"))) {
            dp.reconcile(withSip);
            assertThat(serviceLine(sh("ipvsadm -Ln"))).isEqualTo(keepalivedLine);
            assertThat(sh("cat /proc/modules")).as("the kernel loaded the engine").contains("ip_vs_pe_sip ");
            // the netlink dump carries the engine back: the same state again is no change
            assertThat(dp.current().services().getFirst().persistence().engine()).isEqualTo("sip");
            assertThat(dp.reconcile(withSip).isEmpty()).isTrue();

            Plan off = dp.reconcile(withoutSip);
            assertThat(off.changes()).singleElement().isInstanceOf(Change.EditService.class);
            assertThat(serviceLine(sh("ipvsadm -Ln"))).isEqualTo("UDP  198.18.20.1:5060 rr persistent 120");
            assertThat(dp.current().services().getFirst().persistence().hasEngine()).isFalse();

            Plan on = dp.reconcile(withSip);
            assertThat(on.changes()).singleElement().isInstanceOf(Change.EditService.class);
            assertThat(serviceLine(sh("ipvsadm -Ln"))).isEqualTo(keepalivedLine);
            assertThat(dp.reconcile(withSip).isEmpty()).isTrue();
        }
        assertThat(sh("ipvsadm -Ln")).doesNotContain("198.18.20.1");
    }

    /** An engine the kernel has no module for: the kernel refuses the service, and Vigil says which and why. */
    static void unknownEngine() {
        DesiredState nosuch = desired(CONF.replace("persistence_engine sip", "persistence_engine nosuch"));
        try (IpvsDataPlane dp = IpvsDataPlane.open(null).orElseThrow(() -> new AssertionError("no IPVS in the guest kernel"))) {
            assertThatThrownBy(() -> dp.reconcile(nosuch)).isInstanceOf(DataPlaneException.class)
                    .hasMessageStartingWith("IPVS refused adding service UDP 198.18.20.1:5060");
            assertThat(sh("ipvsadm -Ln")).doesNotContain("198.18.20.1");
        }
    }

    static DesiredState desired(String text) {
        LoadResult r = ConfigLoader.loadText("pe.conf", text, LoadOptions.defaults());
        assertThat(r.errors()).isEmpty();
        KeepalivedConfig config = r.config().orElseThrow();
        return LbStateMapper.desired(config, CheckerConfigMapper.initialPools(config));
    }

    static String serviceLine(String listing) {
        return listing.lines().filter(l -> l.startsWith("UDP  198.18.20.1:5060")).findFirst()
                .orElseThrow(() -> new AssertionError("no service 198.18.20.1:5060 in\n" + listing)).stripTrailing();
    }
}
