package io.vigil.lb.lab;

import io.vigil.net.IpLiteral;
import io.vigil.lb.Addresses;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Persistence;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.ServiceStats;
import io.vigil.lb.StatusFormatter;
import io.vigil.lb.VirtualService;
import io.vigil.lb.nft.ConnectionTable;
import io.vigil.lb.nft.NftDataPlane;
import io.vigil.lb.nft.NftRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.lb.lab.LbLab.RS1;
import static io.vigil.lb.lab.LbLab.RS2;
import static io.vigil.lb.lab.LbLab.VIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The nftables data plane for real: client → director (DNAT in table ip vigil) → two real servers. */
class NftLabTest {
    static LbLab lab;
    static NftDataPlane nft;
    static final ServiceKey WEB = new ServiceKey.Ip(Protocol.TCP, IpLiteral.parse(VIP), 80);
    static final ServiceKey DNS = new ServiceKey.Ip(Protocol.UDP, IpLiteral.parse(VIP), 53);

    static RealServer rs(String ip, int port, int weight) {
        return RealServer.nat(IpLiteral.parse(ip), port, weight);
    }

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(LbLab.socatAvailable(), "SKIPPED: lab needs socat");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "SKIPPED: nftables (nft) not installed");
        lab = new LbLab();
        // Counts come from the director's conntrack table, read through ctnetlink in its namespace.
        nft = new NftDataPlane(NftRunner.command(List.of("ip", "netns", "exec", lab.director.ns())), ConnectionTable.inNamespace(lab.director.ns()));
        Assumptions.assumeTrue(NftDataPlane.usable(NftRunner.command(List.of("ip", "netns", "exec", lab.director.ns()))), "SKIPPED: nftables not usable here");
    }

    @AfterAll
    static void down() {
        if (nft != null) nft.close();
        if (lab != null) lab.close();
    }

    @BeforeEach
    void reset() {
        nft.reconcile(DesiredState.EMPTY);
    }

    static void serve(VirtualService... s) {
        nft.reconcile(new DesiredState(List.of(s)));
    }

    @Test
    void verdictsAppliedInPlaceMoveTheTraffic() {
        VirtualService two = VirtualService.of(WEB, SchedulerKind.RR, List.of(rs(RS1, 80, 1), rs(RS2, 80, 1)));
        serve(two);
        // what a checker's verdict does: only WEB changed, applied in place (NftDelta)
        nft.reconcile(new DesiredState(List.of(two.withWeight(rs(RS2, 80, 1).key(), 0))), Set.of(WEB));
        assertThat(lab.tcpSpread(6)).containsEntry("rs1", 6).doesNotContainKey("rs2");
        nft.reconcile(new DesiredState(List.of(two.without(rs(RS2, 80, 1).key()))), Set.of(WEB));
        assertThat(lab.tcpSpread(4)).containsEntry("rs1", 4).doesNotContainKey("rs2");
        nft.reconcile(new DesiredState(List.of(two)), Set.of(WEB));
        assertThat(lab.tcpSpread(10)).containsEntry("rs1", 5).containsEntry("rs2", 5);
    }

    @Test
    void rrAlternatesAndWrrFollowsWeights() {
        serve(VirtualService.of(WEB, SchedulerKind.RR, List.of(rs(RS1, 80, 1), rs(RS2, 80, 1))));
        assertThat(lab.tcpSpread(10)).containsEntry("rs1", 5).containsEntry("rs2", 5);
        serve(VirtualService.of(WEB, SchedulerKind.WRR, List.of(rs(RS1, 80, 3), rs(RS2, 80, 1))));
        assertThat(lab.tcpSpread(12)).containsEntry("rs1", 9).containsEntry("rs2", 3);
        ServiceStats st = nft.stats().get(WEB);
        assertThat(st.server(RealServer.Key.class.cast(new RealServer.Key(IpLiteral.parse(RS1), 80))).conns()).isGreaterThanOrEqualTo(9);
        assertThat(st.total().bytesOut()).isPositive();
        // Both directions are counted per server (the counter maps of the forward hook).
        for (String ip : List.of(RS1, RS2)) {
            var c = st.server(new RealServer.Key(IpLiteral.parse(ip), 80));
            assertThat(c.packetsIn()).as("packets to %s", ip).isPositive();
            assertThat(c.packetsOut()).as("packets from %s", ip).isPositive();
            assertThat(c.bytesIn()).isPositive();
        }
        String status = StatusFormatter.format(nft.kind(), nft.current(), nft.stats());
        assertThat(status).contains("TCP  198.18.1.10:80 wrr").contains("  -> 198.18.2.11:80               Masq    3");
    }

    @Test
    void shKeepsOneClientOnOneServerAndPersistenceToo() {
        serve(VirtualService.of(WEB, SchedulerKind.SH, List.of(rs(RS1, 80, 1), rs(RS2, 80, 1))));
        assertThat(lab.tcpSpread(8)).hasSize(1);
        serve(new VirtualService(WEB, SchedulerKind.RR, Set.of(), new Persistence(60, 24), false, List.of(rs(RS1, 80, 1), rs(RS2, 80, 1))));
        assertThat(lab.tcpSpread(8)).hasSize(1).containsValue(8);
    }

    @Test
    void udpIsBalancedPerFlow() {
        serve(VirtualService.of(DNS, SchedulerKind.RR, List.of(rs(RS1, 53, 1), rs(RS2, 53, 1))));
        assertThat(lab.udpSpread(6)).containsEntry("rs1", 3).containsEntry("rs2", 3);
    }

    @Test
    void weightZeroDrainsAndRemovalStopsNewConnectionsWhileOpenOnesContinue() throws Exception {
        serve(VirtualService.of(WEB, SchedulerKind.RR, List.of(rs(RS1, 80, 1), rs(RS2, 80, 1))));
        LbLab.Held held = lab.hold("nft-held");
        String heldOn = held.server();
        assertThat(heldOn).isIn("rs1", "rs2");
        String heldIp = heldOn.equals("rs1") ? RS1 : RS2, other = heldOn.equals("rs1") ? "rs2" : "rs1";
        String otherIp = heldOn.equals("rs1") ? RS2 : RS1;

        serve(VirtualService.of(WEB, SchedulerKind.RR, List.of(rs(heldIp, 80, 0), rs(otherIp, 80, 1))));
        assertThat(lab.tcpSpread(6)).containsOnlyKeys(other);
        held.send("still-there");
        await().until(() -> held.output().contains("still-there"));

        serve(VirtualService.of(WEB, SchedulerKind.RR, List.of(rs(otherIp, 80, 1))));
        assertThat(lab.tcpSpread(4)).containsOnlyKeys(other);
        held.send("after-removal");
        await().until(() -> held.output().contains("after-removal"));
    }

    @Test
    void noServerLeftDropsAndTheTableIsVigilsAlone() {
        lab.director.sh("nft add table ip operator && nft add chain ip operator keep");
        serve(VirtualService.of(WEB, SchedulerKind.RR, List.of(rs(RS1, 80, 0))));
        assertThat(lab.tcpSpread(1)).containsOnlyKeys("FAIL");
        nft.reconcile(DesiredState.EMPTY);
        assertThat(lab.director.sh("nft list tables")).contains("table ip operator").doesNotContain("table ip vigil");
        lab.director.sh("nft delete table ip operator");
    }

    @Test
    void leastConnectionIsRefusedClearly() {
        assertThatThrownBy(() -> serve(VirtualService.of(WEB, SchedulerKind.WLC, List.of(rs(RS1, 80, 1)))))
                .hasMessageContaining("scheduler wlc needs live connection counts");
    }

    @Test
    void heldConnectionsAreActiveThenInactiveOnceClosedAsIpvsCountsThem() throws Exception {
        serve(VirtualService.of(WEB, SchedulerKind.RR, List.of(rs(RS1, 80, 1), rs(RS2, 80, 1))));
        RealServer.Key k1 = new RealServer.Key(IpLiteral.parse(RS1), 80), k2 = new RealServer.Key(IpLiteral.parse(RS2), 80);
        // Connections another test left open still count: start from what is active now.
        ServiceStats before = nft.stats().get(WEB);
        List<LbLab.Held> held = new ArrayList<>();
        Map<RealServer.Key, Long> expected = new HashMap<>(Map.of(k1, before.server(k1).activeConns(), k2, before.server(k2).activeConns()));
        for (int i = 0; i < 3; i++) {
            LbLab.Held h = lab.hold("conntrack-" + i);
            held.add(h);
            expected.merge(h.server().equals("rs1") ? k1 : k2, 1L, Long::sum);
        }
        await().untilAsserted(() -> {
            ServiceStats st = nft.stats().get(WEB);
            assertThat(st.server(k1).activeConns()).isEqualTo(expected.get(k1));
            assertThat(st.server(k2).activeConns()).isEqualTo(expected.get(k2));
            assertThat(st.total().activeConns()).isEqualTo(before.total().activeConns() + 3);
        });
        String status = StatusFormatter.format(nft.kind(), nft.current(), nft.stats());
        assertThat(status).contains(String.format("  -> %-28s %-7s %-6d %-10d", "198.18.2.11:80", "Masq", 1, expected.get(k1)));

        for (LbLab.Held h : held) h.process().getOutputStream().close();   // EOF: socat closes, the server's cat follows
        await().untilAsserted(() -> {
            ServiceStats st = nft.stats().get(WEB);
            assertThat(st.total().activeConns()).isEqualTo(before.total().activeConns());
            // Closed ones linger in TIME_WAIT/CLOSE (inactive); earlier tests' connections may add more.
            assertThat(st.total().inactiveConns()).isGreaterThanOrEqualTo(3);
        });
    }
}
