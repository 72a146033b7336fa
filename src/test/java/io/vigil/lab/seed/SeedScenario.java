package io.vigil.lab.seed;

import io.vigil.lab.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The seed's scenario end to end (issue #5): {@code examples/seed-lab.conf} on two directors running the whole Vigil
 * daemon, two real servers answering HTTP, a client running a load through the VIP. It checks, in order: traffic spread
 * round robin over both real servers; a real server killed is drained by the checker (no request fails after the
 * checker's removal); the master director's whole process tree SIGKILLed, the other director takes the VIP and serves.
 *
 * <p>Two back ends: the userspace proxy (the seed file as it is) and nftables ({@link #NFTABLES}): the seed file with
 * {@code vigil_data_plane nftables}, {@code lb_kind NAT} (DR cannot be done by DNAT), the real servers on an internal
 * subnet routed through a gateway VIP held by a second VRRP instance in a sync group with the first, as IPVS-NAT set-ups
 * do. Both subnets share the lab's one bridge (two IP subnets on one segment); the real servers have no route to the
 * client's subnet except through the gateway VIP, so replies must go through the active director to be un-NATed.
 */
final class SeedScenario {
    static final String VIP = "198.18.1.2";
    static final String GATEWAY_VIP = "198.18.2.1";
    static final boolean PROXY = false;
    static final boolean NFTABLES = true;

    private final boolean nft;
    private final Lab lab;
    private final Path dir;
    private final List<String> report = new ArrayList<>();
    private SeedDirector lb1;
    private SeedDirector lb2;
    private Process rs2Server;
    private Path loadFile;

    SeedScenario(Lab lab, Path dir, boolean nft) {
        this.lab = lab;
        this.dir = dir;
        this.nft = nft;
    }

    /** The seed file for the proxy; for nftables the same with the changes described above. */
    static String config(boolean nft) throws IOException {
        String seed = Files.readString(Path.of("examples/seed-lab.conf"));
        if (!nft) return seed;
        String c = seed.replace("vigil_data_plane proxy", "vigil_data_plane nftables")
                .replace("lb_kind DR", "lb_kind NAT")
                .replace("real_server 198.18.1.103", "real_server 198.18.2.103")
                .replace("real_server 198.18.1.104", "real_server 198.18.2.104");
        String gateway = """
                vrrp_sync_group VG_1 {
                    group {
                        VI_1
                        VI_2
                    }
                }

                ! The real servers' default gateway: follows VI_1 through the sync group (IPVS-NAT set-ups do the same).
                vrrp_instance VI_2 {
                    state BACKUP
                    interface eth0
                @lb1 mcast_src_ip 198.18.1.101
                @lb2 mcast_src_ip 198.18.1.102
                    virtual_router_id 2
                @lb1 priority 100
                @lb2 priority 50
                    nopreempt
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass 1111
                    }
                    virtual_ipaddress {
                        198.18.2.1/24
                    }
                }

                """;
        int at = c.indexOf("virtual_server ");
        return c.substring(0, at) + gateway + c.substring(at);
    }

    private String rs(int n) {
        return (nft ? "198.18.2." : "198.18.1.") + (102 + n);
    }

    void run() throws Exception {
        Path conf = dir.resolve("seed.conf");
        Files.writeString(conf, config(nft));
        Lab.Host h1 = lab.host("lb1", nft ? new String[] {"198.18.1.101/24", "198.18.2.101/24"} : new String[] {"198.18.1.101/24"});
        Lab.Host h2 = lab.host("lb2", nft ? new String[] {"198.18.1.102/24", "198.18.2.102/24"} : new String[] {"198.18.1.102/24"});
        Lab.Host rs1 = lab.host("rs1", rs(1) + "/24");
        Lab.Host rs2 = lab.host("rs2", rs(2) + "/24");
        Lab.Host cl = lab.host("cl", "198.18.1.10/24");
        for (Lab.Host lb : List.of(h1, h2)) {
            // The proxy listens on the VIP before this director holds it (as HAProxy set-ups do); NAT forwards.
            lb.sh(nft ? "sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.eth0.send_redirects=0"
                    : "sysctl -qw net.ipv4.ip_nonlocal_bind=1");
        }
        if (nft) for (Lab.Host r : List.of(rs1, rs2)) r.sh("ip route add default via " + GATEWAY_VIP);
        startServer(rs1, "rs1");
        rs2Server = startServer(rs2, "rs2");

        lb1 = new SeedDirector(h1, "lb1", dir, conf);
        lb2 = new SeedDirector(h2, "lb2", dir, conf);
        long t0 = System.nanoTime();
        lb1.start();
        lb2.start();
        SeedDirector master = awaitMaster(40_000);
        note("%s holds the VIP %.1f s after both daemons were started", master.id(), (System.nanoTime() - t0) / 1e9);
        if (nft) awaitTrue(() -> master.holds(GATEWAY_VIP), 10_000, master.id() + " never took the gateway VIP through the sync group");

        // 1. Traffic spread round robin over both real servers.
        loadFile = dir.resolve("load.txt");
        Process load = cl.spawn(List.of("sh", "-c", "while :; do s=$(date +%s%N); r=$(curl -s --connect-timeout 0.5 -m 1 http://" + VIP
                + "/ 2>/dev/null | tr -d '\\n'); [ -n \"$r\" ] || r=FAIL; echo \"$s $r\"; sleep 0.05; done >> " + loadFile), null);
        awaitTrue(() -> samples().stream().anyMatch(s -> s.who.equals("rs1")) && samples().stream().anyMatch(s -> s.who.equals("rs2")),
                20_000, "the client never saw both real servers");
        long spreadFrom = nowMillis();
        Thread.sleep(3_000);
        List<Sample> spread = between(spreadFrom, nowMillis());
        long c1 = count(spread, "rs1"), c2 = count(spread, "rs2"), failed = count(spread, "FAIL");
        note("spread over 3 s: %d requests, rs1 %d, rs2 %d, failed %d, alternating pairs %d/%d", spread.size(), c1, c2, failed,
                alternations(spread), Math.max(0, spread.size() - 1));
        assertEquals(0, failed, "requests failed while both real servers were up");
        assertTrue(spread.size() >= 10, "too few requests in 3 s: " + spread.size());
        assertTrue(Math.abs(c1 - c2) <= 1, "rr with one sequential client must alternate: rs1 " + c1 + ", rs2 " + c2);

        // 2. A real server killed is drained by the checker.
        long killRs = nowMillis();
        rs2Server.descendants().forEach(ProcessHandle::destroyForcibly);
        rs2Server.destroyForcibly();
        rs2Server.waitFor();
        String rs2Key = rs(2);
        awaitTrue(() -> master.log().lines().anyMatch(l -> l.contains("Removing service") && l.contains(rs2Key)), 30_000,
                "the checker of " + master.id() + " never removed rs2");
        long detected = nowMillis();
        Thread.sleep(3_000);
        List<Sample> beforeDetection = between(killRs, detected);
        List<Sample> afterDetection = between(detected, nowMillis());
        note("rs2 killed: the checker removed it after %d ms; before that %d requests, %d failed; after it %d requests, rs1 %d, failed %d",
                detected - killRs, beforeDetection.size(), count(beforeDetection, "FAIL"), afterDetection.size(),
                count(afterDetection, "rs1"), count(afterDetection, "FAIL"));
        assertTrue(afterDetection.size() >= 10, "too few requests after the drain: " + afterDetection.size());
        assertEquals(afterDetection.size(), count(afterDetection, "rs1"), "after the checker removed rs2 every request must reach rs1: " + afterDetection);

        // 3. The master director dies (every process of its daemon SIGKILLed at once); the other takes over.
        SeedDirector survivor = master == lb1 ? lb2 : lb1;
        long processes = master.processCount();
        long killLb = nowMillis();
        master.killTree();
        awaitTrue(() -> survivor.holds(VIP), 20_000, survivor.id() + " never took the VIP");
        long took = nowMillis();
        if (nft) awaitTrue(() -> survivor.holds(GATEWAY_VIP), 5_000, survivor.id() + " took the VIP but not the gateway VIP");
        long tookGateway = nowMillis();
        awaitTrue(() -> between(killLb, nowMillis()).stream().anyMatch(s -> !s.who.equals("FAIL") && s.start > took), 20_000,
                "no request succeeded through " + survivor.id());
        Sample firstServed = between(took, nowMillis()).stream().filter(s -> !s.who.equals("FAIL")).findFirst().orElseThrow();
        Thread.sleep(3_000);
        // The client now sends to the survivor (its gratuitous ARPs moved the VIP), and for NAT the real server's replies
        // go back through it: the dead director's kernel keeps its VIPs and, for nftables, its NAT rules (as IPVS
        // rules outlive a SIGKILLed keepalived), so traffic could otherwise still flow through it.
        String survivorMac = survivor.host().sh("cat /sys/class/net/eth0/address").trim();
        assertTrue(cl.sh("ip neigh show " + VIP).contains(survivorMac), "the client's ARP entry for the VIP is not " + survivor.id()
                + "'s MAC " + survivorMac + ": " + cl.sh("ip neigh show " + VIP));
        if (nft) assertTrue(rs1.sh("ip neigh show " + GATEWAY_VIP).contains(survivorMac), "rs1's ARP entry for the gateway VIP is not "
                + survivor.id() + "'s MAC " + survivorMac + ": " + rs1.sh("ip neigh show " + GATEWAY_VIP));
        List<Sample> afterFailover = between(firstServed.start, nowMillis());
        List<Sample> outage = between(killLb, firstServed.start);
        // The longest time without a served request around the failover (request start to request start).
        List<Sample> served = between(killRs, nowMillis()).stream().filter(s -> !s.who.equals("FAIL")).toList();
        long gap = 0;
        for (int i = 1; i < served.size(); i++) {
            if (served.get(i).start >= killLb - 1_000) gap = Math.max(gap, served.get(i).start - served.get(i - 1).start);
        }
        note("%s killed (%d processes): %s took the VIP after %d ms%s; first request served through %s started %d ms after the kill; "
                        + "%d requests failed between kill and then; longest gap between served requests %d ms; afterwards %d requests, rs1 %d, failed %d",
                master.id(), processes, survivor.id(), took - killLb, nft ? " (gateway VIP after " + (tookGateway - killLb) + " ms)" : "",
                survivor.id(), firstServed.start - killLb, count(outage, "FAIL"), gap, afterFailover.size(),
                count(afterFailover, "rs1"), count(afterFailover, "FAIL"));
        assertTrue(afterFailover.size() >= 10, "too few requests after the failover: " + afterFailover.size());
        assertEquals(afterFailover.size(), count(afterFailover, "rs1"), "after the failover every request must reach rs1 (rs2 is still dead): "
                + afterFailover);

        // 4. rs2 comes back: the survivor's checker adds it again and the load spreads over both once more.
        long restart = nowMillis();
        startServer(rs2, "rs2");
        awaitTrue(() -> survivor.log().lines().anyMatch(l -> l.contains("Adding service") && l.contains(rs2Key)
                && survivor.log().lastIndexOf(l) > survivor.log().lastIndexOf("Removing service")), 30_000,
                "the checker of " + survivor.id() + " never added rs2 back");
        long readded = nowMillis();
        Thread.sleep(2_000);
        List<Sample> back = between(readded, nowMillis());
        note("rs2 restarted: %s's checker added it back after %d ms; then %d requests, rs1 %d, rs2 %d, failed %d",
                survivor.id(), readded - restart, back.size(), count(back, "rs1"), count(back, "rs2"), count(back, "FAIL"));
        assertEquals(0, count(back, "FAIL"), "requests failed after rs2 came back: " + back);
        assertTrue(Math.abs(count(back, "rs1") - count(back, "rs2")) <= 1, "rr must alternate again once rs2 is back: " + back);
        load.descendants().forEach(ProcessHandle::destroyForcibly);
        load.destroyForcibly();
    }

    private Process startServer(Lab.Host host, String name) throws IOException {
        Path reply = dir.resolve(name + ".http");
        Files.writeString(reply, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + name + "\n");
        Process p = host.spawn(List.of("socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:cat " + reply + "; sleep 0.05"), null);
        awaitTrue(() -> host.trySh("ss -Hltn 'sport = :80'", 5).output().contains(":80"), 5_000, name + " never listened");
        return p;
    }

    private SeedDirector awaitMaster(long millis) {
        long end = nowMillis() + millis;
        while (nowMillis() < end) {
            if (lb1.holds(VIP)) return lb1;
            if (lb2.holds(VIP)) return lb2;
            sleep(100);
        }
        fail("no director took the VIP in " + millis + " ms");
        return null;
    }

    record Sample(long start, String who) {
        @Override
        public String toString() {
            return start % 100_000 + ":" + who;
        }
    }

    /** The client's requests so far: start time (epoch ms) and who answered (rs1, rs2 or FAIL). */
    List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        try {
            if (loadFile == null || !Files.exists(loadFile)) return out;
            for (String line : Files.readAllLines(loadFile)) {
                String[] f = line.trim().split(" ", 2);
                if (f.length < 2 || !f[0].matches("\\d{19}")) continue;
                String who = f[1].contains("rs1") ? "rs1" : f[1].contains("rs2") ? "rs2" : f[1].equals("FAIL") ? "FAIL" : "other:" + f[1];
                out.add(new Sample(Long.parseLong(f[0]) / 1_000_000, who));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        out.sort(Comparator.comparingLong(Sample::start));
        return out;
    }

    private List<Sample> between(long fromMillis, long toMillis) {
        return samples().stream().filter(s -> s.start >= fromMillis && s.start < toMillis).toList();
    }

    private static long count(List<Sample> samples, String who) {
        return samples.stream().filter(s -> s.who.equals(who)).count();
    }

    private static long alternations(List<Sample> samples) {
        long n = 0;
        for (int i = 1; i < samples.size(); i++) if (!samples.get(i).who.equals(samples.get(i - 1).who)) n++;
        return n;
    }

    private static long nowMillis() {
        return System.currentTimeMillis();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitTrue(BooleanSupplier condition, long millis, String message) {
        long end = nowMillis() + millis;
        while (nowMillis() < end) {
            if (condition.getAsBoolean()) return;
            sleep(20);
        }
        fail(message + "\n--- lb1 log ---\n" + tail(lb1) + "\n--- lb2 log ---\n" + tail(lb2) + "\n--- client ---\n" + samples());
    }

    private static String tail(SeedDirector d) {
        if (d == null) return "(not started)";
        List<String> lines = d.log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private void note(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        report.add(line);
        System.out.println("[seed-lab " + (nft ? "nftables" : "proxy") + "] " + line);
    }

    List<String> report() {
        return report;
    }

    /** Both directors' logs, for a failed test's output. */
    String logs() {
        return "--- lb1 ---\n" + (lb1 == null ? "" : lb1.log()) + "\n--- lb2 ---\n" + (lb2 == null ? "" : lb2.log());
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }
}
