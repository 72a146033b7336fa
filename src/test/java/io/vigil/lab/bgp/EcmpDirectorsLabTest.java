package io.vigil.lab.bgp;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Active-active directors over BGP/ECMP (issue #13, docs/scale-out.md), with the shipped example files: a router
 * namespace running BIRD 2 (examples/bgp/bird-router.conf) with BGP and BFD sessions to three directors, each running
 * the whole Vigil daemon (examples/bgp/vigil-director.conf: proxy back end, mh, vigil_announce into table 100) and BIRD
 * (examples/bgp/bird-director.conf) exporting that table; four real servers; a client behind the router, whose kernel
 * hashes on L4 (fib_multipath_hash_policy=1). One bridge carries every subnet; the router sends no redirects.
 * <p>Shows, in order: the router has one ECMP route with the three directors and new connections spread over all
 * three; a director's cable cut -> its route is withdrawn (time measured) and new connections go to the other two,
 * with the long flows through the others counted (broken or not) against those the dead one carried; one director's
 * pool losing quorum (its checks rejected locally) withdraws only its route while its BGP session stays up, and its
 * route comes back with the quorum; the cut director comes back and is added.
 */
class EcmpDirectorsLabTest {
    private static final String VIP = "198.18.2.100";
    private static final String ROUTER = "198.18.0.1";
    private static final List<String> DIRECTORS = List.of("198.18.0.11", "198.18.0.12", "198.18.0.13");
    private static final Duration CEILING = Duration.ofSeconds(180);
    private static final Pattern VIA = Pattern.compile("via (\\S+)");
    private static final Pattern COUNT = Pattern.compile("\"([^\"]+)\": (\\d+)");
    private static final Path EXAMPLES = Path.of("examples/bgp");

    @TempDir
    Path dir;

    private final List<String> report = new ArrayList<>();

    @Test
    void threeDirectorsSpreadFailOverLoseQuorumAndComeBack() throws Exception {
        try (Lab lab = Lab.create("bg")) {
            Assumptions.assumeTrue(Lab.run(List.of("sh", "-c", "command -v bird && command -v birdc"), 5).exit() == 0,
                    "SKIPPED: BIRD 2 is not installed (bin/setup --tests)");
            Lab.Host router = lab.host("r", ROUTER + "/24", "198.18.1.1/24");
            router.sh("sysctl -qw net.ipv4.ip_forward=1 net.ipv4.fib_multipath_hash_policy=1 net.ipv4.conf.all.send_redirects=0"
                    + " net.ipv4.conf.eth0.send_redirects=0");
            Lab.Host client = lab.host("c", "198.18.1.10/24");
            client.sh("sysctl -qw net.ipv4.conf.all.accept_redirects=0 net.ipv4.conf.eth0.accept_redirects=0 && ip route add default via 198.18.1.1");
            for (int i = 1; i <= 4; i++) {
                Lab.Host rs = lab.host("rs" + i, "198.18.0.2" + i + "/24");
                rs.sh("ip route add 198.18.1.0/24 via " + ROUTER);
                rs.spawn(EcmpTools.server("rs" + i), dir.resolve("rs" + i + ".log"));
            }
            List<Lab.Host> hosts = new ArrayList<>();
            List<VigilNode> vigils = new ArrayList<>();
            String vigilConf = Files.readString(EXAMPLES.resolve("vigil-director.conf"));
            String birdConf = Files.readString(EXAMPLES.resolve("bird-director.conf"));
            for (int i = 0; i < 3; i++) {
                String address = DIRECTORS.get(i);
                Lab.Host d = lab.host("d" + (i + 1), address + "/24");
                d.sh("ip route add 198.18.1.0/24 via " + ROUTER);
                hosts.add(d);
                Path conf = dir.resolve("bird-d" + (i + 1) + ".conf");
                Files.writeString(conf, birdConf.replace("198.18.0.11", address));
                d.spawn(List.of("bird", "-f", "-c", conf.toString(), "-s", dir.resolve("d" + (i + 1) + ".ctl").toString(),
                        "-P", dir.resolve("bird-d" + (i + 1) + ".pid").toString()), dir.resolve("bird-d" + (i + 1) + ".log"));
                VigilNode v = new VigilNode(d, "d" + (i + 1), dir, vigilConf.replace("router_id DIRECTOR", "router_id d" + (i + 1)))
                        .withCheckers();
                v.start();
                vigils.add(v);
            }
            Path routerConf = dir.resolve("bird-router.conf");
            Files.copy(EXAMPLES.resolve("bird-router.conf"), routerConf);
            router.spawn(List.of("bird", "-f", "-c", routerConf.toString(), "-s", dir.resolve("r.ctl").toString(), "-P",
                    dir.resolve("bird-r.pid").toString()), dir.resolve("bird-r.log"));
            try {
                scenario(lab, router, client, hosts, vigils);
            } catch (Throwable t) {
                report.add("FAILED; router: " + router.trySh("ip route; timeout 5 birdc -s " + dir.resolve("r.ctl") + " show protocols </dev/null", 10).output());
                for (int i = 0; i < 3; i++) {
                    report.add("d" + (i + 1) + ": " + hosts.get(i).trySh("ip route show table 100; ip -4 addr show dev lo; timeout 5 birdc -s "
                            + dir.resolve("d" + (i + 1) + ".ctl") + " show route table vigil all </dev/null", 10).output());
                    String log = vigils.get(i).log();
                    report.add("d" + (i + 1) + " log (end): " + log.substring(Math.max(0, log.length() - 4000)));
                }
                throw t;
            } finally {
                System.out.println(String.join("\n", report));
                for (VigilNode v : vigils) {
                    if (v.running()) v.terminate();
                }
            }
        }
    }

    private void scenario(Lab lab, Lab.Host router, Lab.Host client, List<Lab.Host> hosts, List<VigilNode> vigils) throws Exception {
        // 1. every director announces; the router has one route with three next hops
        await().atMost(CEILING).pollInterval(Duration.ofMillis(500)).until(() -> nextHops(router).size() == 3);
        // the route comes with the checker child; the proxy child listens a little later (docs/scale-out.md)
        for (Lab.Host d : hosts) {
            await().atMost(CEILING).pollInterval(Duration.ofMillis(500)).until(() -> d.trySh("curl -s -m 2 http://" + VIP + "/", 10).output().startsWith("rs"));
        }
        assertThat(hosts.get(0).sh("ip route show table 100")).contains("blackhole " + VIP).contains("proto keepalived");
        assertThat(hosts.get(0).sh("ip -4 addr show dev lo")).contains(VIP + "/32"); // static_ipaddress
        report.add("router route: " + router.sh("ip route show " + VIP).strip().replace('\n', ' '));
        Map<String, Integer> spread = spread(client, 150);
        report.add("150 new connections, 3 directors: " + spread);
        for (String d : DIRECTORS) assertThat(spread.getOrDefault(d, 0)).as("connections through %s", d).isGreaterThan(10);
        assertThat(spread.getOrDefault("FAIL", 0)).isZero();

        // 2. director 3 loses its cable (a dead box): BFD at the router ends the session, its route goes
        Path flows = dir.resolve("flows-cut");
        Process flowClient = client.spawn(EcmpTools.flows(VIP, 60, 12, flows), dir.resolve("flows-cut.log"));
        await().atMost(CEILING).until(() -> Files.exists(Path.of(flows + ".ready")) || !flowClient.isAlive());
        assertThat(Files.exists(Path.of(flows + ".ready"))).as("flows opened: %s", readOr(dir.resolve("flows-cut.log"))).isTrue();
        Thread.sleep(2000); // the flows run a while before the cut
        long millis = withdrawalMillis(lab, hosts.get(2), router, DIRECTORS.get(2), false);
        report.add("cable of d3 cut -> d3's next hop gone from the router's route after " + millis + " ms");
        assertThat(nextHops(router)).containsExactlyInAnyOrder(DIRECTORS.get(0), DIRECTORS.get(1));
        await().atMost(CEILING).until(() -> Files.exists(flows));
        report.add("flows across the cut: " + flowSummary(Files.readAllLines(flows)));
        spread = spread(client, 100);
        report.add("100 new connections after the cut: " + spread);
        assertThat(spread).doesNotContainKey(DIRECTORS.get(2)).doesNotContainKey("FAIL");
        assertThat(spread.getOrDefault(DIRECTORS.get(0), 0)).isGreaterThan(10);
        assertThat(spread.getOrDefault(DIRECTORS.get(1), 0)).isGreaterThan(10);

        // 3. director 1's pool loses its quorum (its checks to the real servers are rejected there): only its route goes
        hosts.get(0).sh("nft add table ip lab && nft add chain ip lab out '{ type filter hook output priority 0; }'"
                + " && nft add rule ip lab out ip daddr 198.18.0.20/30 tcp dport 80 reject with tcp reset"
                + " && nft add rule ip lab out ip daddr 198.18.0.24 tcp dport 80 reject with tcp reset");
        long t0 = System.nanoTime();
        await().atMost(CEILING).pollInterval(Duration.ofMillis(100)).until(() -> nextHops(router).equals(Set.of(DIRECTORS.get(1))));
        report.add("d1's checks rejected -> d1's route withdrawn after " + (System.nanoTime() - t0) / 1_000_000 + " ms (check timing included)");
        assertThat(hosts.get(0).sh("ip route show table 100")).doesNotContain(VIP);
        assertThat(router.trySh("timeout 5 birdc -s " + dir.resolve("r.ctl") + " show protocols d1 </dev/null", 10).output())
                .as("d1's BGP session stays up").contains("Established");
        assertThat(vigils.get(0).log()).contains("Withdrawing " + VIP + "/32 table 100");
        hosts.get(0).sh("nft delete table ip lab");
        t0 = System.nanoTime();
        await().atMost(CEILING).pollInterval(Duration.ofMillis(100))
                .until(() -> nextHops(router).equals(Set.of(DIRECTORS.get(0), DIRECTORS.get(1))));
        report.add("d1's checks pass again -> d1's route back after " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        // 4. director 3 comes back: its session comes up again and it is added, with flows on the others counted
        Path flows2 = dir.resolve("flows-back");
        Process flowClient2 = client.spawn(EcmpTools.flows(VIP, 60, 20, flows2), dir.resolve("flows-back.log"));
        await().atMost(CEILING).until(() -> Files.exists(Path.of(flows2 + ".ready")) || !flowClient2.isAlive());
        assertThat(Files.exists(Path.of(flows2 + ".ready"))).as("flows opened: %s", readOr(dir.resolve("flows-back.log"))).isTrue();
        Thread.sleep(1000);
        t0 = System.nanoTime();
        hosts.get(2).cable(true);
        await().atMost(CEILING).pollInterval(Duration.ofMillis(100)).until(() -> nextHops(router).size() == 3);
        report.add("cable of d3 back -> d3 in the router's route after " + (System.nanoTime() - t0) / 1_000_000
                + " ms (BGP connect retry and BFD included)");
        await().atMost(CEILING).until(() -> Files.exists(flows2));
        report.add("flows across the return: " + flowSummary(Files.readAllLines(flows2)));
        spread = spread(client, 150);
        report.add("150 new connections after the return: " + spread);
        for (String d : DIRECTORS) assertThat(spread.getOrDefault(d, 0)).as("connections through %s", d).isGreaterThan(10);

        // 5. a director stopped (SIGTERM) withdraws its route itself
        t0 = System.nanoTime();
        vigils.get(1).terminate();
        await().atMost(CEILING).pollInterval(Duration.ofMillis(50)).until(() -> !nextHops(router).contains(DIRECTORS.get(1)));
        report.add("d2 stopped (SIGTERM) -> its route gone from the router after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(hosts.get(1).sh("ip route show table 100")).doesNotContain(VIP);
    }

    /**
     * Cuts the director's cable and returns the milliseconds until the router's kernel route has lost its next hop,
     * measured by a shell loop in the root namespace (no JVM in the loop).
     */
    private long withdrawalMillis(Lab lab, Lab.Host director, Lab.Host router, String nextHop, boolean connect) {
        String sw = lab.prefix() + "sw";
        String port = director.ns() + "s";
        String out = Lab.exec(List.of("sh", "-c", "t0=$(date +%s%N); ip netns exec " + sw + " ip link set " + port + (connect ? " up" : " down")
                + "; while ip -n " + router.ns() + " route show " + VIP + " | grep -q 'via " + nextHop + " '; do :; done;"
                + " echo $(( ($(date +%s%N) - t0) / 1000000 ))"));
        return Long.parseLong(out.strip());
    }

    private static Set<String> nextHops(Lab.Host router) {
        Set<String> out = new TreeSet<>();
        Matcher m = VIA.matcher(router.trySh("ip route show " + VIP, 10).output());
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static Map<String, Integer> spread(Lab.Host client, int connections) {
        Lab.Result r = client.trySh(EcmpTools.spreadCommand(VIP, connections), 300);
        assertThat(r.exit()).as("spread client: %s", r.output()).isZero();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Matcher m = COUNT.matcher(r.output());
        while (m.find()) counts.put(m.group(1), Integer.parseInt(m.group(2)));
        return counts;
    }

    /** Per director: flows it carried and how many of them broke. */
    private static String flowSummary(List<String> lines) {
        Map<String, int[]> by = new java.util.TreeMap<>();
        for (String l : lines) {
            String[] f = l.split(" ", 4);
            int[] c = by.computeIfAbsent(f[0], k -> new int[2]);
            c[0]++;
            if (!f[3].equals("ok")) c[1]++;
        }
        StringBuilder out = new StringBuilder();
        by.forEach((d, c) -> out.append(d).append(": ").append(c[1]).append(" of ").append(c[0]).append(" broken; "));
        return out.toString();
    }

    private static String readOr(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
