package io.vigil.lab.seed;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #6 in namespaces: SIGHUP under load applies only the difference. One director runs the whole Vigil daemon
 * (userspace proxy, the default) with three VRRP instances; nginx real servers count their requests; a client runs
 * {@code wrk} (a new connection per request, so every request is scheduled afresh) through the VIP for the whole test.
 * The new configuration adds a real server, removes one, leaves VI_1 (the VIP in use) unchanged, restarts VI_2
 * (priority changed), readdresses VI_3 (VIP changed), removes VI_5 and adds VI_4 on an interface no instance used
 * before (new raw socket and link watch in the running child). Then a broken file is HUPed, which must change nothing.
 */
class ReloadLabTest {
    static final String VIP = "198.18.1.2";

    @Test
    @Timeout(180)
    void sighupUnderLoadKeepsUnchangedInstancesAndDropsNoRequest() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "SKIPPED: the reload lab needs root (network namespaces)");
        for (String tool : List.of("wrk", "nginx", "ss")) SeedLabs.assume(tool);
        Path dir = Files.createTempDirectory("vigil-reload-lab");
        SeedDirector lb = null;
        try (Lab lab = Lab.create("rl")) {
            Lab.Host lbHost = lab.host("lb", "198.18.1.101/24");
            List<Lab.Host> rs = new ArrayList<>();
            for (int n = 1; n <= 3; n++) rs.add(lab.host("rs" + n, rs(n) + "/24"));
            Lab.Host cl = lab.host("cl", "198.18.1.10/24");
            // The proxy listens on the VIP before holding it (as HAProxy set-ups do).
            lbHost.sh("sysctl -qw net.ipv4.ip_nonlocal_bind=1");
            // A second interface for the instance the reload adds (a veth pair inside the director: no dummy devices here).
            lbHost.sh("ip link add eth1 type veth peer name eth1p && ip link set eth1p up && ip link set eth1 up && ip addr add 198.18.3.101/24 dev eth1");
            // A connection per request: keep client ports and TIME_WAIT from running out over the run.
            cl.sh("sysctl -qw net.ipv4.ip_local_port_range='1024 65000' net.ipv4.tcp_tw_reuse=1");
            lbHost.sh("sysctl -qw net.ipv4.ip_local_port_range='1024 65000' net.ipv4.tcp_tw_reuse=1");
            for (int n = 1; n <= 3; n++) startNginx(rs.get(n - 1), dir, n); // rs3 runs but is not configured yet

            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, config(100, "198.18.1.4", false, 1, 2));
            lb = new SeedDirector(lbHost, "rl1", dir, conf, List.of());
            lb.start();
            SeedDirector d = lb;
            awaitTrue(() -> state(d, "VI_1").equals("MASTER 100") && state(d, "VI_2").equals("MASTER 100") && state(d, "VI_3").equals("MASTER 100")
                            && state(d, "VI_5").equals("MASTER 100") && eth(lbHost, "eth0").contains(" 198.18.1.6/"),
                    60_000, "the instances never became MASTER", d);
            awaitTrue(() -> cl.trySh("curl -s -m 1 http://" + VIP + "/", 5).output().startsWith("rs"), 30_000, "no answer through the VIP", d);

            Path wrkOut = dir.resolve("wrk.txt");
            Process wrk = cl.spawn(List.of("wrk", "-t1", "-c2", "-d25s", "--timeout", "5s", "-H", "Connection: close", "http://" + VIP + "/"), wrkOut);
            Thread.sleep(4_000);

            // 1. The new configuration: rs3 added, rs2 removed, VI_1 unchanged, VI_2 priority 100 -> 110, VI_3 VIP .4 -> .5,
            // VI_4 added on eth1, VI_5 removed.
            int hupOffset = lb.log().length();
            long hupAt = System.currentTimeMillis();
            Files.writeString(conf, config(110, "198.18.1.5", true, 1, 3));
            lb.signal("HUP");
            awaitTrue(() -> after(d, hupOffset).contains("VRRP reload applied") && servers(d).contains(rs(3) + ":80")
                    && !servers(d).contains(rs(2) + ":80"), 20_000, "the reload was not applied", d);
            long appliedAt = System.currentTimeMillis();
            awaitTrue(() -> state(d, "VI_2").equals("MASTER 110"), 20_000, "VI_2 did not come back as MASTER with priority 110", d);
            awaitTrue(() -> state(d, "VI_4").equals("MASTER 100") && eth(lbHost, "eth1").contains(" 198.18.3.4/"), 20_000,
                    "VI_4 (added on eth1) did not become MASTER with its VIP", d);
            awaitTrue(() -> lbHost.trySh("ip -o -4 addr show dev eth0", 5).output().contains(" 198.18.1.5/"), 5_000, "VI_3's new VIP is missing", d);
            Thread.sleep(3_000);
            String reloadLog = after(lb, hupOffset);
            long doneAt = System.currentTimeMillis();

            // 2. A broken file: rejected with its diagnostic, the running configuration stays.
            String statusBefore = vrrpStates(lb) + " " + servers(lb);
            int brokenOffset = lb.log().length();
            Files.writeString(conf, config(120, "198.18.1.7", false, 1, 2).replace("delay_loop 1", "delay_lop 1"));
            lb.signal("HUP");
            awaitTrue(() -> after(d, brokenOffset).contains("Reload rejected"), 20_000, "the broken file was not rejected", d);
            Thread.sleep(1_500);
            String brokenLog = after(lb, brokenOffset);
            String statusAfterBroken = vrrpStates(lb) + " " + servers(lb);

            if (!wrk.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) throw new AssertionError("wrk did not finish");
            String wrkText = Files.readString(wrkOut);
            WrkResult w = WrkResult.parse(wrkText);
            List<Long> rs1 = requestTimes(dir, 1), rs2 = requestTimes(dir, 2), rs3 = requestTimes(dir, 3);
            String eth0 = eth(lbHost, "eth0");
            System.out.printf(Locale.ROOT, "[reload-lab] wrk: %d requests, %d socket errors, %d non-2xx/3xx%n", w.requests, w.socketErrors, w.non2xx);
            System.out.printf(Locale.ROOT, "[reload-lab] reload applied %d ms after the HUP (as polled); rs1 %d requests, rs2 %d (last %d ms after the reload was seen applied), rs3 %d (first %d ms after the HUP)%n",
                    appliedAt - hupAt, rs1.size(), rs2.size(), rs2.isEmpty() ? 0 : rs2.getLast() - appliedAt, rs3.size(), rs3.isEmpty() ? -1 : rs3.getFirst() - hupAt);
            (reloadLog + brokenLog).lines().forEach(l -> System.out.println("[reload-lab] " + l));

            assertThat(w.requests).as("wrk output:\n" + wrkText).isGreaterThan(100);
            assertThat(w.socketErrors).as("socket errors, wrk output:\n" + wrkText).isZero();
            assertThat(w.non2xx).as("non-2xx/3xx answers, wrk output:\n" + wrkText).isZero();

            // VI_1 untouched: said so, and no transition; VI_3 kept its state; VI_2 restarted and re-elected.
            assertThat(reloadLog).contains("(VI_1) reload: kept unchanged",
                    "(VI_2) reload: restarted (priority 100 -> 110)",
                    "(VI_3) reload: kept its state, addresses updated (virtualAddresses +198.18.1.5/32 -198.18.1.4/32)",
                    "(VI_4) reload: added (new in the configuration)",
                    "(VI_5) reload: removed (no longer configured)",
                    "VRRP reloaded: 1 kept, 1 addresses updated, 1 restarted, 1 added, 1 removed");
            assertThat(reloadLog.lines().filter(l -> l.contains("(VI_1) Entering") || l.contains("(VI_3) Entering")).toList()).isEmpty();
            assertThat(reloadLog).contains("(VI_2) Entering MASTER STATE");
            assertThat(reloadLog).contains("(VI_5) Entering STOP STATE", "(VI_4) Entering BACKUP STATE", "(VI_4) Entering MASTER STATE");
            assertThat(eth0).contains(" " + VIP + "/", " 198.18.1.3/", " 198.18.1.5/").doesNotContain(" 198.18.1.4/", " 198.18.1.6/");

            // The servers: rs3 only after the HUP, rs2 not after the reload was applied (one second for in-flight requests).
            assertThat(rs1).isNotEmpty();
            assertThat(rs2.stream().filter(t -> t < hupAt).count()).as("rs2 served before the HUP").isPositive();
            assertThat(rs2.stream().filter(t -> t > appliedAt + 1_000).toList()).as("rs2 requests after its removal").isEmpty();
            assertThat(rs3.stream().filter(t -> t < hupAt).toList()).as("rs3 requests before it was configured").isEmpty();
            assertThat(rs3.stream().filter(t -> t > appliedAt && t < doneAt).count()).as("rs3 requests after the reload").isPositive();

            // The broken file: diagnostics with the place, nothing changed, no transition.
            assertThat(brokenLog).contains("Reload rejected", "delay_lop", conf.getFileName().toString() + ":");
            assertThat(brokenLog).doesNotContain("Entering", "VRRP reload applied");
            assertThat(statusAfterBroken).isEqualTo(statusBefore).isEqualTo("MASTER 100, MASTER 110, MASTER 100, MASTER 100 [198.18.1.103:80, 198.18.1.105:80]");
        } catch (Throwable t) {
            if (lb != null) System.out.println("--- director log ---\n" + lb.log());
            throw t;
        } finally {
            SeedScenario.deleteTree(dir);
        }
    }

    static String rs(int n) {
        return "198.18.1." + (102 + n);
    }

    static String config(int vi2Priority, String vi3Vip, boolean vi4NotVi5, int... servers) {
        StringBuilder c = new StringBuilder("""
                global_defs {
                    router_id RELOAD_LAB
                    vigil_data_plane proxy
                }
                """);
        c.append(instance("VI_1", "eth0", 51, 100, VIP)).append(instance("VI_2", "eth0", 52, vi2Priority, "198.18.1.3"))
                .append(instance("VI_3", "eth0", 53, 100, vi3Vip));
        c.append(vi4NotVi5 ? instance("VI_4", "eth1", 54, 100, "198.18.3.4") : instance("VI_5", "eth0", 55, 100, "198.18.1.6"));
        c.append("""
                virtual_server 198.18.1.2 80 {
                    delay_loop 1
                    lb_algo rr
                    lb_kind DR
                    protocol TCP
                """);
        for (int n : servers) {
            c.append("    real_server ").append(rs(n)).append(" 80 {\n        weight 1\n")
                    .append("        TCP_CHECK {\n            connect_timeout 2\n            connect_port 80\n        }\n    }\n");
        }
        return c.append("}\n").toString();
    }

    static String instance(String name, String ifname, int vrid, int priority, String vip) {
        return "vrrp_instance " + name + " {\n    state BACKUP\n    interface " + ifname + "\n    virtual_router_id " + vrid + "\n    priority " + priority
                + "\n    advert_int 1\n    virtual_ipaddress {\n        " + vip + "\n    }\n}\n";
    }

    /** nginx answering "rsN", logging each request's time (epoch seconds with milliseconds) to rsN-access.log. */
    static void startNginx(Lab.Host host, Path dir, int n) throws Exception {
        Path conf = dir.resolve("rs" + n + "-nginx.conf");
        Path tmp = dir.resolve("rs" + n + "-tmp");
        Files.createDirectories(tmp);
        Files.writeString(conf, """
                user root;
                worker_processes 1;
                daemon off;
                pid %1$s/rs%2$d.pid;
                error_log %1$s/rs%2$d-error.log;
                events { worker_connections 1024; }
                http {
                    log_format t '$msec';
                    access_log %1$s/rs%2$d-access.log t;
                    client_body_temp_path %3$s/body;
                    proxy_temp_path %3$s/proxy;
                    fastcgi_temp_path %3$s/fastcgi;
                    uwsgi_temp_path %3$s/uwsgi;
                    scgi_temp_path %3$s/scgi;
                    server {
                        listen 80;
                        location / { return 200 "rs%2$d\\n"; }
                    }
                }
                """.formatted(dir, n, tmp));
        host.spawn(List.of("nginx", "-c", conf.toString(), "-p", dir.toString(), "-e", dir.resolve("rs" + n + "-error.log").toString()),
                dir.resolve("rs" + n + "-nginx.out"));
        long end = System.currentTimeMillis() + 10_000;
        while (!host.trySh("ss -Hltn 'sport = :80'", 5).output().contains(":80")) {
            if (System.currentTimeMillis() > end) throw new AssertionError("nginx on rs" + n + " never listened: " + Files.readString(dir.resolve("rs" + n + "-nginx.out")));
            Thread.sleep(50);
        }
    }

    /** The epoch milliseconds of every request rsN answered. */
    static List<Long> requestTimes(Path dir, int n) throws IOException {
        Path log = dir.resolve("rs" + n + "-access.log");
        if (!Files.exists(log)) return List.of();
        List<Long> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) continue;
            out.add(Math.round(Double.parseDouble(line.trim()) * 1000));
        }
        out.sort(null);
        return out;
    }

    /** The state and priority ("MASTER 100") of an instance in the daemon's status, or "?". */
    static String state(SeedDirector d, String instance) {
        Matcher m = Pattern.compile("^\\s+" + instance + "\\s+([A-Z]+)\\s+priority\\s+(\\d+)", Pattern.MULTILINE).matcher(d.control("status"));
        return m.find() ? m.group(1) + " " + m.group(2) : "?";
    }

    static String vrrpStates(SeedDirector d) {
        return state(d, "VI_1") + ", " + state(d, "VI_2") + ", " + state(d, "VI_3") + ", " + state(d, "VI_4");
    }

    static String eth(Lab.Host host, String ifname) {
        return host.trySh("ip -o -4 addr show dev " + ifname, 5).output();
    }

    /** The real servers in the daemon's status. */
    static List<String> servers(SeedDirector d) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(198\\.18\\.1\\.10[3-5]:80)").matcher(d.control("status"));
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static String after(SeedDirector d, int offset) {
        String log = d.log();
        return log.length() > offset ? log.substring(offset) : "";
    }

    static void awaitTrue(BooleanSupplier condition, long millis, String message, SeedDirector d) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(50);
        }
        throw new AssertionError(message + "\n--- status ---\n" + d.control("status"));
    }

    /** wrk's summary: requests, socket errors (connect + read + write + timeout), non-2xx/3xx answers. */
    record WrkResult(long requests, long socketErrors, long non2xx) {
        static WrkResult parse(String text) {
            Matcher req = Pattern.compile("(\\d+) requests in").matcher(text);
            if (!req.find()) throw new AssertionError("no request count in wrk's output:\n" + text);
            long errors = 0;
            Matcher sock = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(text);
            if (sock.find()) for (int g = 1; g <= 4; g++) errors += Long.parseLong(sock.group(g));
            Matcher bad = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(text);
            return new WrkResult(Long.parseLong(req.group(1)), errors, bad.find() ? Long.parseLong(bad.group(1)) : 0);
        }
    }
}
