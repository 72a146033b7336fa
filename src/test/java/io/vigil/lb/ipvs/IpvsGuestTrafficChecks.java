package io.vigil.lb.ipvs;

import io.vigil.lab.UmlGuest;
import io.vigil.lb.Counters;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Forwarding;
import io.vigil.lb.Persistence;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.ServiceStats;
import io.vigil.lb.VirtualService;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.lab.UmlGuest.sh;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs INSIDE the user-mode-linux guest (see {@link IpvsGuestTest}): real TCP traffic through Vigil's IPVS rules.
 * The guest's root namespace is the director; clients and real servers are namespaces built here.
 *
 * <pre>
 * NAT:  c (198.18.0.2) --veth-- director [VIP 198.18.0.100 on lo] --veth-- rs1 (198.18.11.2), --veth-- rs2 (198.18.12.2)
 *       real servers route back through the director, as IPVS NAT requires. IPv6 on the same links:
 *       2001:2:0:10::/64 (client), 2001:2:0:11::/64 and 2001:2:0:12::/64 (real servers), VIP 2001:2::100.
 * DR:   one bridge br0 on the director (198.18.20.1, VIP 198.18.20.100): client d (.2), dr1 (.11), dr2 (.12);
 *       the real servers hold the VIP on lo with arp_ignore=1/arp_announce=2 and answer the client directly.
 * </pre>
 * Each real server answers every TCP connection on port 80 with its own name.
 */
public final class IpvsGuestTrafficChecks {
    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    static final ServiceKey NAT_VIP = new ServiceKey.Ip(Protocol.TCP, ip("198.18.0.100"), 80);
    static final ServiceKey DR_VIP = new ServiceKey.Ip(Protocol.TCP, ip("198.18.20.100"), 80);
    static final RealServer.Key RS1 = new RealServer.Key(ip("198.18.11.2"), 80), RS2 = new RealServer.Key(ip("198.18.12.2"), 80);

    public static void main(String[] args) {
        IpvsDataPlane dp = IpvsDataPlane.open(null).orElseThrow(() -> new AssertionError("no IPVS in the guest kernel"));
        int failed = UmlGuest.runChecks(List.of(
                new UmlGuest.Check("nat-lab", IpvsGuestTrafficChecks::natLab),
                new UmlGuest.Check("nat-rr-alternates", () -> {
                    dp.reconcile(nat(SchedulerKind.RR, Persistence.NONE, 1, 1));
                    List<String> got = requests("c", "198.18.0.100", 10);
                    assertThat(got).containsOnly("rs1", "rs2");
                    for (int i = 1; i < got.size(); i++) assertThat(got.get(i)).as("rr alternates: %s", got).isNotEqualTo(got.get(i - 1));
                }),
                new UmlGuest.Check("nat-wrr-3-to-1", () -> {
                    dp.reconcile(nat(SchedulerKind.WRR, Persistence.NONE, 3, 1));
                    assertThat(counts(requests("c", "198.18.0.100", 8))).isEqualTo(Map.of("rs1", 6, "rs2", 2));
                }),
                new UmlGuest.Check("nat-weight-0-drains", () -> {
                    dp.reconcile(nat(SchedulerKind.WRR, Persistence.NONE, 3, 0));
                    assertThat(counts(requests("c", "198.18.0.100", 6))).isEqualTo(Map.of("rs1", 6));
                }),
                new UmlGuest.Check("nat-persistence", () -> {
                    dp.reconcile(nat(SchedulerKind.RR, new Persistence(300, 32), 1, 1));
                    assertThat(counts(requests("c", "198.18.0.100", 6)).values()).containsExactly(6);
                }),
                new UmlGuest.Check("nat-stats", () -> {
                    long before = dp.stats().get(NAT_VIP).total().conns();
                    UmlGuest.await(6_000, () -> dp.stats().get(NAT_VIP).total().conns() >= 30); // 10 + 8 + 6 + 6 connections so far
                    ServiceStats s = dp.stats().get(NAT_VIP);
                    System.out.println("NAT stats (" + before + " connections counted at first look): total " + s.total());
                    assertThat(s.total().conns()).isEqualTo(30);
                    Counters c1 = s.server(RS1);
                    System.out.println("  rs1 " + c1 + "\n  rs2 " + s.server(RS2));
                    assertThat(c1.conns()).isGreaterThanOrEqualTo(5);
                    assertThat(c1.packetsIn()).isGreaterThan(c1.conns());
                    assertThat(c1.packetsOut()).as("NAT replies pass the director").isGreaterThan(0);
                    assertThat(c1.bytesOut()).isGreaterThan(0);
                    assertThat(s.total().conns()).isGreaterThanOrEqualTo(c1.conns() + s.server(RS2).conns());
                    assertThat(sh("ipvsadm -Ln --stats -t 198.18.0.100:80")).contains("198.18.11.2:80");
                }),
                new UmlGuest.Check("nat-ipv6-rr", () -> {
                    natLab6();
                    ServiceKey vip6 = new ServiceKey.Ip(Protocol.TCP, ip("2001:2::100"), 80);
                    dp.reconcile(new DesiredState(List.of(nat(SchedulerKind.RR, Persistence.NONE, 1, 1).services().getFirst(),
                            VirtualService.of(vip6, SchedulerKind.RR, List.of(RealServer.nat(ip("2001:2:0:11::2"), 80, 1),
                                    RealServer.nat(ip("2001:2:0:12::2"), 80, 1))))));
                    assertThat(counts(requests("c", "[2001:2::100]", 6))).isEqualTo(Map.of("rs1-v6", 3, "rs2-v6", 3));
                }),
                new UmlGuest.Check("dr-lab", IpvsGuestTrafficChecks::drLab),
                new UmlGuest.Check("dr-rr-alternates", () -> {
                    dp.reconcile(new DesiredState(List.of(nat(SchedulerKind.RR, Persistence.NONE, 1, 1).services().getFirst(),
                            VirtualService.of(DR_VIP, SchedulerKind.RR, List.of(
                                    RealServer.of(ip("198.18.20.11"), 80, 1, Forwarding.DR),
                                    RealServer.of(ip("198.18.20.12"), 80, 1, Forwarding.DR))))));
                    List<String> got = requests("d", "198.18.20.100", 10);
                    assertThat(counts(got)).isEqualTo(Map.of("dr1", 5, "dr2", 5));
                    // The kernel publishes counters from its 2-second estimator: wait for the last connection to show.
                    UmlGuest.await(6_000, () -> dp.stats().get(DR_VIP).total().conns() >= 10);
                    ServiceStats s = dp.stats().get(DR_VIP);
                    System.out.println("DR stats: total " + s.total());
                    assertThat(s.total().conns()).isEqualTo(10);
                    assertThat(s.total().packetsIn()).isGreaterThan(10);
                    assertThat(s.total().packetsOut()).as("DR replies bypass the director").isZero();
                }),
                new UmlGuest.Check("close-removes-rules", () -> {
                    dp.close();
                    assertThat(IpvsGuestChecks.listing(sh("ipvsadm -Ln"))).isEmpty();
                    assertThat(sh("ip netns exec c socat -u -T 2 TCP:198.18.0.100:80,connect-timeout=2 STDOUT 2>&1; echo rc=$?"))
                            .doesNotContain("rs1", "rs2");
                })));
        System.exit(Math.min(failed, 100));
    }

    static DesiredState nat(SchedulerKind k, Persistence p, int w1, int w2) {
        return new DesiredState(List.of(new VirtualService(NAT_VIP, k, Set.of(), p, false,
                List.of(RealServer.nat(RS1.address(), 80, w1), RealServer.nat(RS2.address(), 80, w2)))));
    }

    static void natLab() throws InterruptedException {
        sh("sysctl -qw net.ipv4.ip_forward=1 && ip addr add 198.18.0.100/32 dev lo"
                + " && ip netns add c && ip link add vc type veth peer name eth0 netns c"
                + " && ip addr add 198.18.0.1/24 dev vc && ip link set vc up"
                + " && ip -n c link set lo up && ip -n c addr add 198.18.0.2/24 dev eth0 && ip -n c link set eth0 up"
                + " && ip -n c route add default via 198.18.0.1");
        for (int i = 1; i <= 2; i++) {
            String ns = "rs" + i, net = "198.18.1" + i;
            sh("ip netns add " + ns + " && ip link add vr" + i + " type veth peer name eth0 netns " + ns
                    + " && ip addr add " + net + ".1/24 dev vr" + i + " && ip link set vr" + i + " up"
                    + " && ip -n " + ns + " link set lo up && ip -n " + ns + " addr add " + net + ".2/24 dev eth0"
                    + " && ip -n " + ns + " link set eth0 up && ip -n " + ns + " route add default via " + net + ".1");
        }
        serve("rs1");
        serve("rs2");
    }

    /** IPv6 beside the IPv4 NAT lab: the same namespaces and links, 2001:2:0:N::/64 per link, VIP 2001:2::100 on lo. */
    static void natLab6() throws InterruptedException {
        sh("sysctl -qw net.ipv6.conf.all.forwarding=1 && ip addr add 2001:2::100/128 dev lo"
                + " && ip addr add 2001:2:0:10::1/64 dev vc nodad && ip -n c addr add 2001:2:0:10::2/64 dev eth0 nodad"
                + " && ip -n c route add default via 2001:2:0:10::1");
        for (int i = 1; i <= 2; i++) {
            String ns = "rs" + i, net = "2001:2:0:1" + i + "::";
            sh("ip addr add " + net + "1/64 dev vr" + i + " nodad && ip -n " + ns + " addr add " + net + "2/64 dev eth0 nodad"
                    + " && ip -n " + ns + " route add default via " + net + "1");
            UmlGuest.spawn("ip netns exec " + ns + " socat -t 5 TCP6-LISTEN:80,ipv6only=1,fork,reuseaddr SYSTEM:'echo " + ns + "-v6'",
                    Path.of("/tmp/" + ns + "-v6.log"));
        }
        for (String ns : List.of("rs1", "rs2"))
            assertThat(UmlGuest.await(10_000, () -> UmlGuest.shResult("ip netns exec " + ns + " ss -Hltn6 'sport = :80'").output().contains(":80")))
                    .as("IPv6 responder in %s", ns).isTrue();
    }

    static void drLab() throws InterruptedException {
        sh("ip link add br0 type bridge stp_state 0 forward_delay 0 && ip link set br0 up"
                + " && ip addr add 198.18.20.1/24 dev br0 && ip addr add 198.18.20.100/32 dev br0");
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("d", "198.18.20.2");
        hosts.put("dr1", "198.18.20.11");
        hosts.put("dr2", "198.18.20.12");
        for (Map.Entry<String, String> h : hosts.entrySet()) {
            String ns = h.getKey();
            sh("ip netns add " + ns + " && ip link add b" + ns + " type veth peer name eth0 netns " + ns
                    + " && ip link set b" + ns + " master br0 && ip link set b" + ns + " up"
                    + " && ip -n " + ns + " link set lo up && ip -n " + ns + " addr add " + h.getValue() + "/24 dev eth0"
                    + " && ip -n " + ns + " link set eth0 up");
            if (ns.startsWith("dr"))
                sh("ip netns exec " + ns + " sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2"
                        + " net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2"
                        + " && ip -n " + ns + " addr add 198.18.20.100/32 dev lo");
        }
        serve("dr1");
        serve("dr2");
    }

    /** Starts a TCP responder on port 80 in {@code ns} that answers each connection with the namespace's name. */
    static void serve(String ns) throws InterruptedException {
        UmlGuest.spawn("ip netns exec " + ns + " socat -t 5 TCP-LISTEN:80,fork,reuseaddr SYSTEM:'echo " + ns + "'", Path.of("/tmp/" + ns + ".log"));
        boolean up = UmlGuest.await(10_000, () -> UmlGuest.shResult("ip netns exec " + ns + " ss -Hltn 'sport = :80'").output().contains(":80"));
        assertThat(up).as("responder in %s listening", ns).isTrue();
    }

    /**
     * {@code n} TCP connections from namespace {@code ns} to {@code vip}:80, one after another; each answer's text.
     * The client only reads ({@code -u}): a client that half-closes at once races the responder's fork on this
     * slow guest and sometimes gets an empty answer.
     */
    static List<String> requests(String ns, String vip, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UmlGuest.ShResult r = UmlGuest.shResult("ip netns exec " + ns + " socat -u -T 5 " + (vip.startsWith("[") ? "TCP6:" : "TCP:") + vip + ":80,connect-timeout=3 STDOUT");
            if (r.exitCode() != 0)
                throw new AssertionError("request " + (i + 1) + " of " + n + " to " + vip + " from " + ns + " failed: " + r.output()
                        + "answers so far " + out + "\n" + sh("ipvsadm -Ln; ipvsadm -Lnc; ip addr; ip route; for n in $(ip netns list | cut -d' ' -f1); do echo \"== $n\"; ip netns exec $n ss -ltn; done"));
            out.add(r.output().trim());
        }
        return out;
    }

    static Map<String, Integer> counts(List<String> answers) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String a : answers) m.merge(a, 1, Integer::sum);
        return m;
    }
}
