package io.vigil.vrrp.kernel;

import io.vigil.net.IpLiteral;
import io.vigil.lab.Lab;
import io.vigil.sys.NetNs;
import io.vigil.vrrp.AddressFamily;
import io.vigil.vrrp.AuthSettings;
import io.vigil.vrrp.Inet;
import io.vigil.vrrp.VrrpInstanceSettings;
import io.vigil.vrrp.VrrpService;
import io.vigil.vrrp.VrrpState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * VrrpService on the real kernel ports in network namespaces: two Vigil nodes, and Vigil with real keepalived 2.2.7
 * both ways round, with VRRPv3 0.1 s, VRRPv2 PASS and AH, unicast peers and IPv6. Skips without root or keepalived.
 */
class VrrpKernelLabTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    final List<VrrpService> services = new ArrayList<>();
    Lab lab;

    @AfterEach
    void tearDown() {
        services.forEach(VrrpService::close);
        if (lab != null) lab.close();
    }

    VrrpService vigil(Lab.Host h, VrrpInstanceSettings s) {
        VrrpService svc = NetNs.call(h.ns(), () -> {
            VrrpService v = new VrrpService(List.of(s), List.of(), KernelPorts.open());
            v.start(false);
            return v;
        });
        services.add(svc);
        return svc;
    }

    static VrrpInstanceSettings.Builder settings(String src, int prio, String variant) {
        VrrpInstanceSettings.Builder b = VrrpInstanceSettings.builder("VI_1", 51, "eth0", IpLiteral.parse(src)).priority(prio);
        return switch (variant) {
            case "v3" -> b.version(3).advertIntervalCentis(10).vip("198.18.0.100/24");
            case "v2pass" -> b.auth(AuthSettings.pass("secret12")).vip("198.18.0.100/24");
            case "v2ah" -> b.auth(AuthSettings.ah("secret")).vip("198.18.0.100/24");
            case "v3unicast" -> b.version(3).advertIntervalCentis(10).vip("198.18.0.100/24")
                    .unicastPeers(List.of(IpLiteral.parse(src.endsWith(".11") ? "198.18.0.12" : "198.18.0.11")));
            case "v3ipv6" -> b.version(3).advertIntervalCentis(10).vip("2001:2::100/64");
            default -> throw new IllegalArgumentException(variant);
        };
    }

    static String keepalivedBody(String variant, String self) {
        String peer = self.endsWith(".11") ? "198.18.0.12" : "198.18.0.11";
        return switch (variant) {
            case "v3" -> "  version 3\n  advert_int 0.1\n  virtual_ipaddress {\n    198.18.0.100/24\n  }\n";
            case "v2pass" -> "  advert_int 1\n  authentication {\n    auth_type PASS\n    auth_pass secret12\n  }\n  virtual_ipaddress {\n    198.18.0.100/24\n  }\n";
            case "v2ah" -> "  advert_int 1\n  authentication {\n    auth_type AH\n    auth_pass secret\n  }\n  virtual_ipaddress {\n    198.18.0.100/24\n  }\n";
            case "v3unicast" -> "  version 3\n  advert_int 0.1\n  unicast_src_ip " + self + "\n  unicast_peer {\n    " + peer + "\n  }\n"
                    + "  virtual_ipaddress {\n    198.18.0.100/24\n  }\n";
            case "v3ipv6" -> "  version 3\n  advert_int 0.1\n  virtual_ipaddress {\n    2001:2::100/64\n  }\n";
            default -> throw new IllegalArgumentException(variant);
        };
    }

    /** Starts keepalived in {@code h}; returns its log file. */
    Path keepalived(Lab.Host h, String self, int prio, String variant) throws Exception {
        Path dir = Files.createTempDirectory("vigil-ka");
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "global_defs {\n  router_id " + h.ns() + "\n}\nvrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority "
                + prio + "\n  state BACKUP\n" + keepalivedBody(variant, self) + "}\n");
        Path log = dir.resolve("keepalived.log");
        h.spawn(List.of("keepalived", "-n", "-l", "-D", "-G", "-f", conf.toString(), "-p", dir.resolve("k.pid").toString(),
                "-r", dir.resolve("v.pid").toString(), "-c", dir.resolve("c.pid").toString()), log);
        return log;
    }

    /** Drops everything to and from {@code h}'s switch port with an nftables bridge filter (links stay up). */
    void partition(Lab.Host h, boolean cut) {
        String sw = lab.prefix() + "sw";
        String port = h.ns() + "s";
        if (cut) lab.sh(sw, "nft add table bridge vigilpart && nft add chain bridge vigilpart pfilter '{ type filter hook forward priority 0; }'"
                + " && nft add rule bridge vigilpart pfilter iifname " + port + " drop && nft add rule bridge vigilpart pfilter oifname " + port + " drop");
        else lab.sh(sw, "nft delete table bridge vigilpart");
    }

    /** keepalived's last state change in its log ("BACKUP", "MASTER", ...), or "" before the first. */
    static String lastState(Path log) throws Exception {
        String last = "";
        if (!Files.exists(log)) return last;
        for (String l : Files.readAllLines(log)) {
            int i = l.indexOf("Entering ");
            if (i >= 0) last = l.substring(i + 9).split(" ")[0];
        }
        return last;
    }

    /** keepalived never logged dropping one of our adverts (bad ttl, checksum, auth, interval, address list...). */
    static void keepalivedAcceptedEverything(Path log) throws Exception {
        for (String l : Files.readAllLines(log))
            assertThat(l).as("keepalived dropped an advert").doesNotContainIgnoringCase("invalid").doesNotContain("mismatch")
                    .doesNotContain("IPSEC-AH").doesNotContain("not present in MASTER advert").doesNotContain("passwd");
    }

    static int count(Path log, String text) throws Exception {
        return Files.exists(log) ? (int) Files.readAllLines(log).stream().filter(l -> l.contains(text)).count() : 0;
    }

    Lab.Host[] hosts(String variant) {
        lab = Lab.create();
        boolean v6 = variant.equals("v3ipv6");
        Lab.Host a = lab.host("a", v6 ? new String[] {"198.18.0.11/24", "2001:2::11/64"} : new String[] {"198.18.0.11/24"});
        Lab.Host b = lab.host("b", v6 ? new String[] {"198.18.0.12/24", "2001:2::12/64"} : new String[] {"198.18.0.12/24"});
        Lab.Host c = lab.host("c", v6 ? new String[] {"198.18.0.50/24", "2001:2::50/64"} : new String[] {"198.18.0.50/24"});
        return new Lab.Host[] {a, b, c};
    }

    /** The link-local address of eth0 in {@code h} (waits for it: IPv6 DAD). */
    static String linkLocal(Lab.Host h) {
        await().atMost(WAIT).until(() -> {
            String o = h.sh("ip -6 -o addr show dev eth0 scope link");
            return o.contains("fe80") && !o.contains("tentative");
        });
        String out = h.sh("ip -6 -o addr show dev eth0 scope link");
        return out.substring(out.indexOf("fe80"), out.indexOf('/', out.indexOf("fe80")));
    }

    static String source(Lab.Host h, String v4, String variant) {
        return variant.equals("v3ipv6") ? linkLocal(h) : v4;
    }

    static boolean hasVip(Lab.Host h, String variant) {
        return h.sh("ip -o addr show dev eth0").contains(variant.equals("v3ipv6") ? "2001:2::100/64" : "198.18.0.100/24");
    }

    static void clientReaches(Lab.Host c, String variant) {
        String target = variant.equals("v3ipv6") ? "2001:2::100" : "198.18.0.100";
        await().atMost(WAIT).until(() -> c.trySh("ping -c1 -W1 " + target, 5).exit() == 0);
    }

    @Test
    void twoVigilNodesElectFailOverPreemptAndHealASplitBrain() {
        Lab.Host[] h = hosts("v3");
        VrrpService a = vigil(h[0], settings("198.18.0.11", 100, "v3").build());
        VrrpService b = vigil(h[1], settings("198.18.0.12", 50, "v3").build());
        await().atMost(WAIT).until(() -> a.state("VI_1") == VrrpState.MASTER && b.state("VI_1") == VrrpState.BACKUP);
        assertThat(hasVip(h[0], "v3")).isTrue();
        assertThat(hasVip(h[1], "v3")).isFalse();
        clientReaches(h[2], "v3");

        // Graceful stop: priority 0, VIP removed, b takes over.
        a.close();
        assertThat(hasVip(h[0], "v3")).isFalse();
        await().atMost(WAIT).until(() -> b.state("VI_1") == VrrpState.MASTER);
        assertThat(hasVip(h[1], "v3")).isTrue();
        clientReaches(h[2], "v3");

        // a comes back with the higher priority and preempts.
        VrrpService a2 = vigil(h[0], settings("198.18.0.11", 100, "v3").build());
        await().atMost(WAIT).until(() -> a2.state("VI_1") == VrrpState.MASTER && b.state("VI_1") == VrrpState.BACKUP);
        assertThat(hasVip(h[1], "v3")).isFalse();

        // Split brain: drop a's frames in the bridge (its link stays up); both become MASTER; heal: one MASTER (a) again.
        partition(h[0], true);
        await().atMost(WAIT).until(() -> b.state("VI_1") == VrrpState.MASTER);
        assertThat(a2.state("VI_1")).isEqualTo(VrrpState.MASTER);
        partition(h[0], false);
        await().atMost(WAIT).until(() -> b.state("VI_1") == VrrpState.BACKUP);
        assertThat(a2.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(hasVip(h[1], "v3")).isFalse();
        clientReaches(h[2], "v3");

        // Link down on a: FAULT, b takes over; link up: a preempts again.
        h[0].sh("ip link set eth0 down");
        await().atMost(WAIT).until(() -> a2.state("VI_1") == VrrpState.FAULT && b.state("VI_1") == VrrpState.MASTER);
        h[0].sh("ip link set eth0 up");
        await().atMost(WAIT).until(() -> a2.state("VI_1") == VrrpState.MASTER && b.state("VI_1") == VrrpState.BACKUP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3", "v2pass", "v2ah", "v3unicast", "v3ipv6"})
    void vigilMasterKeepalivedBackup(String variant) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/keepalived")), "SKIPPED: keepalived not installed");
        Lab.Host[] h = hosts(variant);
        VrrpService a = vigil(h[0], settings(source(h[0], "198.18.0.11", variant), 150, variant).build());
        await().atMost(WAIT).until(() -> a.state("VI_1") == VrrpState.MASTER);
        Path klog = keepalived(h[1], "198.18.0.12", 50, variant);
        await().atMost(WAIT).until(() -> count(klog, "Entering BACKUP STATE") >= 1);
        // Well past keepalived's master-down timer: it stays BACKUP because it accepts our adverts.
        Thread.sleep(4000);
        assertThat(lastState(klog)).as("keepalived log:\n%s", Files.readString(klog)).isEqualTo("BACKUP");
        keepalivedAcceptedEverything(klog);
        assertThat(a.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(hasVip(h[0], variant)).isTrue();
        assertThat(hasVip(h[1], variant)).isFalse();
        clientReaches(h[2], variant);

        int masters = count(klog, "Entering MASTER STATE");
        a.close(); // priority 0: keepalived takes over after its skew time
        await().atMost(WAIT).until(() -> count(klog, "Entering MASTER STATE") > masters && lastState(klog).equals("MASTER"));
        await().atMost(WAIT).until(() -> hasVip(h[1], variant));
        assertThat(hasVip(h[0], variant)).isFalse();
        clientReaches(h[2], variant);

        VrrpService a2 = vigil(h[0], settings(source(h[0], "198.18.0.11", variant), 150, variant).build());
        await().atMost(WAIT).until(() -> a2.state("VI_1") == VrrpState.MASTER && lastState(klog).equals("BACKUP"));
        await().atMost(WAIT).until(() -> !hasVip(h[1], variant));
        keepalivedAcceptedEverything(klog);
        clientReaches(h[2], variant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3", "v2pass", "v2ah", "v3unicast", "v3ipv6"})
    void keepalivedMasterVigilBackup(String variant) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/keepalived")), "SKIPPED: keepalived not installed");
        Lab.Host[] h = hosts(variant);
        Path klog = keepalived(h[1], "198.18.0.12", 150, variant);
        await().atMost(WAIT).until(() -> count(klog, "Entering MASTER STATE") >= 1);
        VrrpService a = vigil(h[0], settings(source(h[0], "198.18.0.11", variant), 50, variant).build());
        await().atMost(WAIT).until(() -> a.state("VI_1") == VrrpState.BACKUP);
        Thread.sleep(4000);
        assertThat(a.state("VI_1")).as("drops: %s", a.drops("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(a.drops("VI_1").total()).as("drops: %s", a.drops("VI_1")).isZero();

        // keepalived stops (SIGTERM: priority 0): Vigil takes over.
        h[1].sh("kill -TERM $(cat " + klog.getParent().resolve("k.pid") + ")");
        await().atMost(WAIT).until(() -> a.state("VI_1") == VrrpState.MASTER);
        await().atMost(WAIT).until(() -> hasVip(h[0], variant));
        clientReaches(h[2], variant);

        // keepalived returns with the higher priority and preempts; Vigil yields.
        await().atMost(WAIT).until(() -> h[1].trySh("test -e " + klog.getParent().resolve("k.pid"), 5).exit() != 0);
        Path klog2 = keepalived(h[1], "198.18.0.12", 150, variant);
        await().atMost(WAIT).until(() -> count(klog2, "Entering MASTER STATE") >= 1);
        await().atMost(WAIT).until(() -> a.state("VI_1") == VrrpState.BACKUP);
        assertThat(hasVip(h[0], variant)).isFalse();
        keepalivedAcceptedEverything(klog2);
        clientReaches(h[2], variant);
    }
}
