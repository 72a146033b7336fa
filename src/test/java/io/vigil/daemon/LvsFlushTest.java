package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.GlobalDefs;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.lb.DataPlaneKind;
import io.vigil.lb.DesiredState;
import io.vigil.lb.FakeDataPlane;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lvs_flush and lvs_flush_on_stop from keepalived.conf to the data plane: the IPVS table emptied (the IPVS side against
 * the in-memory kernel is in IpvsDataPlaneTest); back ends without a shared table have nothing to flush.
 */
class LvsFlushTest {
    private static GlobalDefs.LvsFlush flush(String globals) {
        LoadResult r = ConfigLoader.loadText("t.conf", "global_defs {\n" + globals + "}\n", new LoadOptions("n", false));
        assertThat(r.errors()).isEmpty();
        return r.config().orElseThrow().globalDefs().lvsFlush();
    }

    @Test
    void keywordsReadAsKeepalived() {
        assertThat(flush("")).isEqualTo(GlobalDefs.LvsFlush.NONE);
        assertThat(flush(" lvs_flush\n lvs_flush_on_stop\n")).isEqualTo(new GlobalDefs.LvsFlush(true, true));
        assertThat(flush(" lvs_flush_onstop\n").wholeTableAtStop()).as("legacy spelling").isTrue();
        assertThat(flush(" lvs_flush_on_stop VS\n").wholeTableAtStop()).as("VS: only the configured services, Vigil's default").isFalse();
        assertThat(ConfigLoader.loadText("t.conf", "global_defs {\n lvs_flush_on_stop ALL\n}\n", new LoadOptions("n", false)).errors())
                .singleElement().satisfies(d -> assertThat(d.message()).isEqualTo("expected VS or nothing"));
    }

    @Test
    void theIpvsTableIsFlushedAndOtherBackEndsSayTheyHaveNone() throws Exception {
        ServiceKey web = new ServiceKey.Ip(Protocol.TCP, InetAddress.ofLiteral("198.18.0.10"), 80);
        DesiredState one = new DesiredState(List.of(new VirtualService(web, SchedulerKind.RR, Set.of(), null, false,
                List.of(RealServer.nat(InetAddress.ofLiteral("198.18.1.1"), 80, 1)))));
        FakeDataPlane ipvs = new FakeDataPlane(DataPlaneKind.IPVS);
        ipvs.reconcile(one);
        CheckerSubsystem.flush(ipvs, "lvs_flush");
        assertThat(ipvs.flushes()).isEqualTo(1);
        assertThat(ipvs.current().services()).isEmpty();

        FakeDataPlane proxy = new FakeDataPlane(DataPlaneKind.PROXY);
        proxy.reconcile(one);
        CheckerSubsystem.flush(proxy, "lvs_flush_on_stop");
        assertThat(proxy.flushes()).isZero();
        assertThat(proxy.current()).isEqualTo(one);
    }
}
