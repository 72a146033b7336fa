package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.vigil.lab.vrrp.VrrpLab.mac;
import static io.vigil.lab.vrrp.VrrpLab.neighbour;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code use_vmac} and {@code vmac_xmit_base} with real daemons in namespaces and a client beside them: the client
 * learns the VIP at the virtual router MAC 00:00:5e:00:01:VRID (GARPs and ARP replies come from the macvlan, never from
 * a base interface), and after the master dies it reaches the VIP on the new master without its neighbour entry
 * changing. Vigil pairs, and mixed pairs with keepalived 2.2.7 (the same keepalived.conf text) both ways round.
 */
class VmacLabTest {
    private static final String VIP = "198.18.0.100";
    private static final String VMAC = "00:00:5e:00:01:33"; // VRID 51
    private static final String MASTER = "MASTER", BACKUP = "BACKUP";

    private static VrrpConf conf(int priority, String extra) {
        return VrrpConf.fast(priority, VIP + "/32").withAdvert(3, "0.5").withExtra("", "  use_vmac\n" + extra);
    }

    private static Router router(VrrpLab v, String kind, Lab.Host host, String name, VrrpConf conf) {
        return kind.equals("vigil") ? v.vigil(host, name, conf) : v.keepalived(host, name, conf);
    }

    @Test
    @Timeout(240)
    void vigilPairClientsSeeTheVirtualMacBeforeAndAfterFailover() {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24"), client = v.host("c", "198.18.0.10/24");
            Capture wire = v.capture(client);
            Capture reports = Capture.start(client, v.dir.resolve("reports.txt"), "igmp");
            Router a = v.vigil(ha, "a", conf(200, "")), b = v.vigil(hb, "b", conf(100, ""));
            String macA = mac(ha), macB = mac(hb);
            b.start();
            a.start();
            v.awaitStates(a, MASTER, b, BACKUP);

            // Both routers made the macvlan and set keepalived's sysctls on it and on the base interface.
            for (Lab.Host h : List.of(ha, hb)) {
                String link = h.sh("ip -d -j link show dev vrrp.51");
                assertThat(link).as(h.ns()).contains("\"address\":\"" + VMAC + "\"").contains("\"info_kind\":\"macvlan\"")
                        .contains("\"mode\":\"private\"").contains("\"link\":\"eth0\"").contains("\"UP\"");
                assertThat(sysctls(h, "ipv4/conf/vrrp.51/arp_ignore", "ipv4/conf/vrrp.51/accept_local", "ipv4/conf/vrrp.51/rp_filter",
                        "ipv4/conf/vrrp.51/promote_secondaries", "ipv6/conf/vrrp.51/disable_ipv6", "ipv4/conf/eth0/arp_ignore",
                        "ipv4/conf/eth0/arp_filter", "ipv4/conf/eth0/arp_announce")).as(h.ns()).containsExactly("1", "1", "0", "1", "1", "1", "1", "2");
            }
            v.awaitOrDump("the VIP on a's macvlan only", Duration.ofSeconds(10), () -> {
                assertThat(addresses(ha, "vrrp.51")).contains(VIP);
                assertThat(addresses(ha, "eth0")).doesNotContain(VIP);
                assertThat(addresses(hb, "vrrp.51")).doesNotContain(VIP);
            });
            v.awaitOrDump("GARPs from the virtual MAC", Duration.ofSeconds(10), () -> assertThat(wire.garpsFrom(VIP, VMAC, 0)).isGreaterThanOrEqualTo(5));
            assertThat(wire.garps(VIP)).as(wire.text()).allSatisfy(f -> assertThat(f.sourceMac()).isEqualTo(VMAC));
            // Each router joined 224.0.0.18 on its macvlan: the kernel's IGMP reports left from the base interfaces
            // (keepalived's nftables redirection), never from the virtual MAC a switch would then move to a backup.
            v.awaitOrDump("b's IGMP report, from its base interface", Duration.ofSeconds(10),
                    () -> assertThat(reports.frames()).anySatisfy(f -> assertThat(f.sourceMac()).isEqualTo(macB)));
            assertThat(reports.frames()).as(reports.text()).noneMatch(f -> f.sourceMac().equals(VMAC));
            assertThat(ha.sh("nft list table ip vigil_vmac")).contains("oifname \"vrrp.51\" ip protocol igmp dup to ip daddr device \"eth0\" drop");
            assertThat(advertMacs(wire, "198.18.0.11")).as("a's adverts leave from the macvlan").containsOnly(VMAC);

            // The client asks (ARP) for the VIP: only the macvlan answers, the base interfaces keep quiet (arp_ignore).
            client.sh("ip neigh flush dev eth0");
            assertThat(client.trySh("ping -c2 -W2 " + VIP, 10).exit()).as("client reaches the VIP").isZero();
            assertThat(neighbour(client, VIP)).as(wire.text()).isEqualTo(VMAC);
            assertThat(askedInTheVipsName(wire, macA)).as("a's base asks for the client in its own name (arp_announce 2)\n%s", wire.text()).isFalse();
            v.awaitOrDump("an ARP reply for the VIP", Duration.ofSeconds(5), () -> assertThat(arpReplies(wire)).isNotEmpty());
            assertThat(arpReplies(wire)).as(wire.text()).allSatisfy(f -> {
                assertThat(f.sourceMac()).isEqualTo(VMAC);
                assertThat(f.text()).contains("is-at " + VMAC);
            });

            // The master dies and its cable is cut (its kernel keeps the VIP: nobody removes it after SIGKILL). The
            // backup takes over; the client reaches the VIP with the neighbour entry it had, not a new MAC.
            double killed = VrrpLab.nowEpochSeconds();
            a.killAll();
            ha.cable(false);
            v.awaitStates(b, MASTER);
            v.awaitOrDump("VIP on b's macvlan", Duration.ofSeconds(10), () -> assertThat(addresses(hb, "vrrp.51")).contains(VIP));
            v.awaitOrDump("b's GARPs, from the same virtual MAC", Duration.ofSeconds(10),
                    () -> assertThat(wire.garpsFrom(VIP, VMAC, killed)).isGreaterThanOrEqualTo(5));
            assertThat(neighbour(client, VIP)).isEqualTo(VMAC);
            assertThat(client.trySh("ping -c2 -W2 " + VIP, 10).exit()).as("client reaches the VIP on b").isZero();
            assertThat(neighbour(client, VIP)).as("the neighbour entry never changed MAC").isEqualTo(VMAC);
            assertThat(advertMacs(wire, "198.18.0.12")).as("b's adverts leave from the macvlan").containsOnly(VMAC);
            assertThat(wire.frames()).as("no ARP for the VIP from a base interface")
                    .noneMatch(f -> (f.sourceMac().equals(macA) || f.sourceMac().equals(macB)) && f.text().contains(VIP + " is-at"));

            // A graceful stop deletes the macvlan and puts the base interface's ARP settings back.
            b.terminate();
            assertThat(hb.trySh("ip link show dev vrrp.51", 10).exit()).as("vrrp.51 deleted on b").isNotZero();
            assertThat(hb.trySh("nft list table ip vigil_vmac", 10).exit()).as("the report table deleted on b").isNotZero();
            assertThat(reports.frames()).as(reports.text()).noneMatch(f -> f.sourceMac().equals(VMAC));
            assertThat(sysctls(hb, "ipv4/conf/eth0/arp_ignore", "ipv4/conf/eth0/arp_filter", "ipv4/conf/eth0/arp_announce")).containsExactly("0", "0", "0");
        }
    }

    /**
     * Mixed pair: the master (Vigil or keepalived 2.2.7) and the backup (the other) each run use_vmac from the same
     * text; they elect each other over the virtual MAC's adverts, and after the failover the new master's GARPs give the
     * client 00:00:5e:00:01:33 again. One difference shows: answering the client's first ping, keepalived's base
     * interface asks for the client's MAC "tell VIP" from its own MAC, so the client re-learns the VIP there; Vigil's
     * base asks in its own address's name (arp_announce 2), and the client keeps the virtual MAC (docs/migrating.md).
     */
    @ParameterizedTest(name = "master {0}")
    @CsvSource({"vigil, keepalived", "keepalived, vigil"})
    @Timeout(240)
    void mixedPairWithKeepalivedMovesTheVipWithItsVirtualMac(String masterKind, String backupKind) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24"), client = v.host("c", "198.18.0.10/24");
            Capture wire = v.capture(client);
            Router a = router(v, masterKind, ha, "a", conf(200, "")), b = router(v, backupKind, hb, "b", conf(100, ""));
            String macA = mac(ha);
            b.start();
            v.awaitStates(b, MASTER);
            a.start();
            v.awaitStates(a, MASTER, b, BACKUP);
            v.awaitOrDump("the VIP on a's macvlan only", Duration.ofSeconds(10), () -> {
                assertThat(addresses(ha, "vrrp.51")).contains(VIP);
                assertThat(addresses(hb, "vrrp.51")).doesNotContain(VIP);
            });
            assertThat(hb.sh("ip -d -j link show dev vrrp.51")).contains("\"address\":\"" + VMAC + "\"").contains("\"mode\":\"private\"");
            assertThat(advertMacs(wire, "198.18.0.11")).as("a's adverts leave from the macvlan").isNotEmpty().containsOnly(VMAC);
            v.awaitOrDump("a's GARPs from the virtual MAC", Duration.ofSeconds(10), () -> assertThat(wire.garpsFrom(VIP, VMAC, 0)).isGreaterThanOrEqualTo(5));
            client.sh("ip neigh flush dev eth0");
            assertThat(client.trySh("ping -c2 -W2 " + VIP, 10).exit()).as("client reaches the VIP on a").isZero();
            assertThat(arpReplies(wire)).as(wire.text()).isNotEmpty().allSatisfy(f -> assertThat(f.sourceMac()).isEqualTo(VMAC));
            if (masterKind.equals("vigil")) {
                assertThat(askedInTheVipsName(wire, macA)).as(wire.text()).isFalse();
                assertThat(neighbour(client, VIP)).as(wire.text()).isEqualTo(VMAC);
            } else {
                assertThat(askedInTheVipsName(wire, macA)).as("keepalived 2.2.7 asks 'tell VIP' from its base MAC\n%s", wire.text()).isTrue();
            }

            double killed = VrrpLab.nowEpochSeconds();
            a.killAll();
            ha.cable(false);
            v.awaitStates(b, MASTER);
            v.awaitOrDump("VIP on b's macvlan", Duration.ofSeconds(10), () -> assertThat(addresses(hb, "vrrp.51")).contains(VIP));
            v.awaitOrDump("b's GARPs from the virtual MAC", Duration.ofSeconds(10),
                    () -> assertThat(wire.garpsFrom(VIP, VMAC, killed)).isGreaterThanOrEqualTo(1));
            v.awaitOrDump("the client's entry at the virtual MAC", Duration.ofSeconds(10), () -> assertThat(neighbour(client, VIP)).isEqualTo(VMAC));
            assertThat(client.trySh("ping -c2 -W2 " + VIP, 10).exit()).as("client reaches the VIP on b").isZero();
            if (backupKind.equals("vigil")) assertThat(neighbour(client, VIP)).as(wire.text()).isEqualTo(VMAC);
        }
    }

    /**
     * {@code vmac_xmit_base}: adverts leave from the base interface's MAC (and are heard there), while the VIP, its GARPs
     * and ARP replies stay on the macvlan. Subject Vigil or keepalived, the peer the other (both with the setting).
     */
    @ParameterizedTest(name = "master {0}")
    @CsvSource({"vigil, keepalived", "keepalived, vigil", "vigil, vigil"})
    @Timeout(240)
    void vmacXmitBaseSendsAdvertsFromTheBaseInterface(String masterKind, String backupKind) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24"), client = v.host("c", "198.18.0.10/24");
            Capture wire = v.capture(client);
            Router a = router(v, masterKind, ha, "a", conf(200, "  vmac_xmit_base\n")), b = router(v, backupKind, hb, "b", conf(100, "  vmac_xmit_base\n"));
            String macA = mac(ha), macB = mac(hb);
            b.start();
            a.start();
            v.awaitStates(a, MASTER, b, BACKUP);
            v.awaitOrDump("the VIP on a's macvlan", Duration.ofSeconds(10), () -> assertThat(addresses(ha, "vrrp.51")).contains(VIP));
            v.awaitOrDump("a's adverts", Duration.ofSeconds(10), () -> assertThat(advertMacs(wire, "198.18.0.11")).hasSizeGreaterThanOrEqualTo(3));
            assertThat(advertMacs(wire, "198.18.0.11")).as("a's adverts leave from its base interface").containsOnly(macA);
            v.awaitOrDump("GARPs from the virtual MAC", Duration.ofSeconds(10), () -> assertThat(wire.garpsFrom(VIP, VMAC, 0)).isGreaterThanOrEqualTo(1));
            client.sh("ip neigh flush dev eth0");
            assertThat(client.trySh("ping -c2 -W2 " + VIP, 10).exit()).as("client reaches the VIP on a").isZero();
            assertThat(arpReplies(wire)).as(wire.text()).isNotEmpty().allSatisfy(f -> assertThat(f.sourceMac()).isEqualTo(VMAC));
            // keepalived's base then asks for the client "tell VIP" (see the mixed test above): only Vigil's entry must hold.
            if (masterKind.equals("vigil")) assertThat(neighbour(client, VIP)).as(wire.text()).isEqualTo(VMAC);

            double killed = VrrpLab.nowEpochSeconds();
            a.killAll();
            ha.cable(false);
            v.awaitStates(b, MASTER);
            v.awaitOrDump("b's adverts from its base interface", Duration.ofSeconds(10),
                    () -> assertThat(advertMacs(wire, "198.18.0.12")).isNotEmpty().containsOnly(macB));
            v.awaitOrDump("b's GARPs from the virtual MAC", Duration.ofSeconds(10),
                    () -> assertThat(wire.garpsFrom(VIP, VMAC, killed)).isGreaterThanOrEqualTo(1));
            v.awaitOrDump("the client's entry at the virtual MAC", Duration.ofSeconds(10), () -> assertThat(neighbour(client, VIP)).isEqualTo(VMAC));
            assertThat(client.trySh("ping -c2 -W2 " + VIP, 10).exit()).as("client reaches the VIP on b").isZero();
            if (backupKind.equals("vigil")) assertThat(neighbour(client, VIP)).as(wire.text()).isEqualTo(VMAC);
        }
    }

    /**
     * IPv6 (VRRPv3 over ff02::12): the macvlan has 00:00:5e:00:02:VRID, no address generated from it, the base's
     * link-local address to send adverts from; the client learns the VIP at the virtual MAC from the unsolicited NAs and
     * keeps it across the failover. Vigil pair, and mixed with keepalived both ways.
     */
    @ParameterizedTest(name = "master {0}, backup {1}")
    @CsvSource({"vigil, vigil", "vigil, keepalived", "keepalived, vigil"})
    @Timeout(240)
    void ipv6VmacKeepsTheClientsNeighbourEntry(String masterKind, String backupKind) {
        String vip6 = "2001:2::100", vmac6 = "00:00:5e:00:02:33";
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24", "2001:2::11/64"), hb = v.host("b", "198.18.0.12/24", "2001:2::12/64");
            Lab.Host client = v.host("c", "198.18.0.10/24", "2001:2::10/64");
            Capture reports6 = Capture.start(client, v.dir.resolve("reports6.txt"), "ip6 and ip6[6] == 0 and ip6[48] == 143");
            VrrpConf conf = VrrpConf.fast(200, vip6 + "/128").withAdvert(3, "0.5").withExtra("", "  use_vmac\n");
            Router a = router(v, masterKind, ha, "a", conf), b = router(v, backupKind, hb, "b", conf.withPriority(100));
            b.start();
            v.awaitStates(b, MASTER);
            a.start();
            v.awaitStates(a, MASTER, b, BACKUP);
            String linkLocalA = linkLocal(ha, "eth0");
            v.awaitOrDump("the VIP on a's macvlan with a's link-local", Duration.ofSeconds(10), () -> {
                String addrs = ha.sh("ip -j -6 addr show dev vrrp.51");
                assertThat(addrs).contains("\"local\":\"" + vip6 + "\"").contains("\"local\":\"" + linkLocalA + "\"");
            });
            assertThat(ha.sh("ip -d -j link show dev vrrp.51")).contains("\"address\":\"" + vmac6 + "\"").contains("\"mode\":\"private\"");
            assertThat(hb.sh("ip -j -6 addr show dev vrrp.51")).doesNotContain(vip6).doesNotContain("fe80::200:5eff");
            if (backupKind.equals("vigil") && masterKind.equals("vigil"))
                assertThat(reports6.frames()).as("no MLD report from the virtual MAC\n%s", reports6.text()).isNotEmpty().noneMatch(f -> f.sourceMac().equals(vmac6));
            client.sh("ip -6 neigh flush dev eth0");
            v.awaitOrDump("client reaches the VIP on a", Duration.ofSeconds(20),
                    () -> assertThat(client.trySh("ping -6 -c1 -W1 " + vip6, 5).exit()).isZero());
            assertThat(neighbour6(client, vip6)).isEqualTo(vmac6);

            a.killAll();
            ha.cable(false);
            v.awaitStates(b, MASTER);
            v.awaitOrDump("VIP on b's macvlan", Duration.ofSeconds(10), () -> assertThat(hb.sh("ip -j -6 addr show dev vrrp.51")).contains(vip6));
            v.awaitOrDump("client reaches the VIP on b", Duration.ofSeconds(20),
                    () -> assertThat(client.trySh("ping -6 -c1 -W1 " + vip6, 5).exit()).isZero());
            assertThat(neighbour6(client, vip6)).as("the neighbour entry keeps the virtual MAC").isEqualTo(vmac6);
        }
    }

    private static String linkLocal(Lab.Host host, String dev) {
        Matcher m = Pattern.compile("\"local\":\"(fe80::[^\"]+)\"").matcher(host.sh("ip -j -6 addr show dev " + dev));
        assertThat(m.find()).as("a link-local address on " + dev).isTrue();
        return m.group(1);
    }

    private static String neighbour6(Lab.Host client, String ip) {
        Matcher m = Pattern.compile("\"lladdr\":\"([^\"]+)\"").matcher(client.trySh("ip -j -6 neigh show " + ip + " dev eth0", 10).output());
        return m.find() ? m.group(1) : "";
    }

    /**
     * {@code garp_extra_if all 1} with vmac_xmit_base and an address on another interface (lo): as MASTER, one GARP a
     * second from the VMAC (its adverts leave from the base, so these keep switches pointing the virtual MAC at it),
     * besides the usual bursts. The subject alone, Vigil or keepalived 2.2.7 with the same text.
     */
    @ParameterizedTest(name = "subject {0}")
    @CsvSource({"vigil", "keepalived"})
    @Timeout(180)
    void garpExtraIfRefreshesTheVmacEverySecond(String kind) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), client = v.host("c", "198.18.0.10/24");
            Capture wire = v.capture(client);
            VrrpConf c = conf(200, "  vmac_xmit_base\n  garp_extra_if all 1\n  garp_master_refresh 0\n  garp_master_delay 0\n"
                    + "  virtual_ipaddress_excluded {\n    198.18.0.150/32 dev lo\n  }\n");
            Router a = router(v, kind, ha, "a", c);
            a.start();
            v.awaitStates(a, MASTER);
            v.awaitOrDump("the first burst", Duration.ofSeconds(10), () -> assertThat(wire.garpsFrom(VIP, VMAC, 0)).isGreaterThanOrEqualTo(5));
            double burst = wire.garps(VIP).get(4).epochSeconds();
            v.awaitOrDump("four GARPs from the VMAC after the burst", Duration.ofSeconds(15),
                    () -> assertThat(wire.garpsFrom(VIP, VMAC, burst + 0.5)).isGreaterThanOrEqualTo(4));
            List<Double> times = wire.garps(VIP).stream().filter(f -> f.epochSeconds() > burst + 0.5).map(Capture.Frame::epochSeconds).toList();
            for (int i = 1; i < times.size(); i++)
                assertThat(times.get(i) - times.get(i - 1)).as("one a second\n%s", wire.text()).isGreaterThan(0.5);
        }
    }

    /**
     * {@code use_vmac_addr}: an IPv4 instance with use_vmac whose excluded address is IPv6 (the other family) puts that
     * address on a VMAC of its own, named as keepalived names it (vrrp.51 is the instance's, so vrrp6.51) with
     * 00:00:5e:00:02:VRID; the client reaches it there before and after the failover. Vigil pair, and mixed with
     * keepalived both ways (both name and address it alike).
     */
    @ParameterizedTest(name = "master {0}, backup {1}")
    @CsvSource({"vigil, vigil", "vigil, keepalived", "keepalived, vigil"})
    @Timeout(240)
    void useVmacAddrPutsTheOtherFamilysAddressOnAVmacOfItsOwn(String masterKind, String backupKind) {
        String evip = "2001:2::150", vmac6 = "00:00:5e:00:02:33";
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24", "2001:2::11/64"), hb = v.host("b", "198.18.0.12/24", "2001:2::12/64");
            Lab.Host client = v.host("c", "198.18.0.10/24", "2001:2::10/64");
            VrrpConf c = conf(200, "  use_vmac_addr\n  virtual_ipaddress_excluded {\n    " + evip + "/128\n  }\n");
            Router a = router(v, masterKind, ha, "a", c), b = router(v, backupKind, hb, "b", c.withPriority(100));
            b.start();
            v.awaitStates(b, MASTER);
            a.start();
            v.awaitStates(a, MASTER, b, BACKUP);
            v.awaitOrDump("the IPv6 address on a's vrrp6.51, the IPv4 VIP on vrrp.51", Duration.ofSeconds(10), () -> {
                assertThat(ha.sh("ip -j -6 addr show dev vrrp6.51")).contains("\"local\":\"" + evip + "\"");
                assertThat(addresses(ha, "vrrp.51")).contains(VIP);
            });
            for (Lab.Host h : List.of(ha, hb))
                assertThat(h.sh("ip -d -j link show dev vrrp6.51")).as(h.ns()).contains("\"address\":\"" + vmac6 + "\"")
                        .contains("\"mode\":\"private\"").contains("\"link\":\"eth0\"");
            assertThat(hb.sh("ip -j -6 addr show dev vrrp6.51")).doesNotContain(evip);
            client.sh("ip -6 neigh flush dev eth0");
            v.awaitOrDump("client reaches the address on a", Duration.ofSeconds(20),
                    () -> assertThat(client.trySh("ping -6 -c1 -W1 " + evip, 5).exit()).isZero());
            assertThat(neighbour6(client, evip)).isEqualTo(vmac6);

            a.killAll();
            ha.cable(false);
            v.awaitStates(b, MASTER);
            v.awaitOrDump("the address on b's vrrp6.51", Duration.ofSeconds(10), () -> assertThat(hb.sh("ip -j -6 addr show dev vrrp6.51")).contains(evip));
            v.awaitOrDump("client reaches the address on b", Duration.ofSeconds(20),
                    () -> assertThat(client.trySh("ping -6 -c1 -W1 " + evip, 5).exit()).isZero());
            assertThat(neighbour6(client, evip)).as("the neighbour entry keeps the virtual MAC").isEqualTo(vmac6);
        }
    }

    /** The IPv4 addresses on one interface of a host; none when it does not exist. */
    static List<String> addresses(Lab.Host host, String dev) {
        Lab.Result r = host.trySh("ip -j -4 addr show dev " + dev, 10);
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"local\":\"([^\"]+)\"").matcher(r.output());
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static List<String> sysctls(Lab.Host host, String... keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) out.add(host.sh("cat /proc/sys/net/" + k).trim());
        return out;
    }

    /** Source MACs of the VRRP adverts from one IP source. */
    private static List<String> advertMacs(Capture wire, String source) {
        return wire.frames().stream().filter(f -> f.text().contains(source + " > 224.0.0.18") && f.text().contains("VRRP"))
                .map(Capture.Frame::sourceMac).toList();
    }

    /** An ARP request from {@code mac} that names the VIP as its sender (what makes a client re-learn the VIP there). */
    private static boolean askedInTheVipsName(Capture wire, String mac) {
        return wire.frames().stream().anyMatch(f -> f.sourceMac().equals(mac) && f.text().contains("tell " + VIP + ","));
    }

    private static List<Capture.Frame> arpReplies(Capture wire) {
        return wire.frames().stream().filter(f -> f.text().contains("Reply " + VIP + " is-at")).toList();
    }
}
