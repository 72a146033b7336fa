package io.vigil.lab.seed;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue #11 end to end: the seed's pair (examples/seed-lab.conf, its vigil_http moved from loopback to each
 * director's own address, with a bearer token) scraped by a real Prometheus (Debian's) in a client namespace. PromQL
 * through Prometheus' HTTP API names the MASTER and a real server's health before and after the real server dies and
 * after the MASTER dies; the endpoint refuses requests without the token and answers bad paths with 404;
 * {@code vigil status} (control socket) shows the dead real server with its reason, {@code vigil status --json} the
 * document, and {@code vigil events} on the other director the takeover as it happens.
 */
class ObservabilityLabTest {
    static final String VIP = SeedPlane.VIP;
    static final String RS2 = "[198.18.1.104]:80", RS1 = "[198.18.1.103]:80";
    static final String TOKEN = "lab-token-4f2c9a";

    @Test
    @Timeout(300)
    void prometheusSeesTheMasterAndRealServerHealthAcrossAFailover() throws Exception {
        SeedLabs.assumeTools();
        SeedLabs.assume("prometheus");
        Path dir = Files.createTempDirectory("vigil-observe-lab");
        SeedDirector lb1 = null, lb2 = null;
        try (Lab lab = Lab.create()) {
            Path token = dir.resolve("http.token");
            Files.writeString(token, TOKEN + "\n");
            String seed = Files.readString(Path.of("examples/seed-lab.conf"));
            assertTrue(seed.contains("vigil_http 127.0.0.1:9165"), "the seed no longer binds vigil_http to loopback");
            Path conf = dir.resolve("seed.conf");
            Files.writeString(conf, seed.replace("vigil_http 127.0.0.1:9165", "vigil_http_token " + token
                    + "\n@lb1 vigil_http 198.18.1.101:9165\n@lb2 vigil_http 198.18.1.102:9165"));
            Lab.Host h1 = lab.host("lb1", "198.18.1.101/24"), h2 = lab.host("lb2", "198.18.1.102/24");
            Lab.Host rs1 = lab.host("rs1", "198.18.1.103/24"), rs2 = lab.host("rs2", "198.18.1.104/24");
            Lab.Host cl = lab.host("cl", "198.18.1.10/24");
            for (Lab.Host lb : List.of(h1, h2)) lb.sh(SeedPlane.PROXY.directorSetup());
            server(rs1, dir, "rs1");
            Process rs2Server = server(rs2, dir, "rs2");
            // systemd's notify socket stood in for by socat, one per director (a path: any namespace reaches it); the
            // datagrams land in the file back to back. STATUS= is the line systemctl status shows.
            java.util.Map<String, Path> heard = new java.util.HashMap<>();
            for (String id : List.of("lb1", "lb2")) {
                Path sock = dir.resolve(id + "-notify.sock");
                heard.put(id, dir.resolve(id + "-notify.heard"));
                cl.spawn(List.of("socat", "-u", "UNIX-RECV:" + sock, "OPEN:" + heard.get(id) + ",creat,append"), null);
                await(() -> Files.exists(sock), 10_000, "socat did not bind " + sock);
            }
            lb1 = new SeedDirector(h1, "lb1", dir, conf).withSystemdNotify(dir.resolve("lb1-notify.sock"));
            lb2 = new SeedDirector(h2, "lb2", dir, conf).withSystemdNotify(dir.resolve("lb2-notify.sock"));
            lb1.start();
            lb2.start();
            SeedDirector a = lb1, b = lb2;
            await(() -> a.holds(VIP) || b.holds(VIP), 60_000, "no director took the VIP");
            SeedDirector master = lb1.holds(VIP) ? lb1 : lb2, backup = master == lb1 ? lb2 : lb1;
            String masterTarget = target(master), backupTarget = target(backup);

            // Prometheus in the client's namespace scrapes both directors every second, with the bearer token.
            Path promConf = dir.resolve("prometheus.yml");
            Files.writeString(promConf, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 900ms
                    scrape_configs:
                      - job_name: vigil
                        authorization:
                          type: Bearer
                          credentials_file: %s
                        static_configs:
                          - targets: ['198.18.1.101:9165', '198.18.1.102:9165']
                    """.formatted(token));
            Files.createDirectories(dir.resolve("tsdb"));
            Process prometheus = cl.spawn(List.of("prometheus", "--config.file=" + promConf, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:9090", "--log.level=warn"), dir.resolve("prometheus.log"));
            try {
                // 1. Both targets up; the MASTER's state and both real servers up, as PromQL sees them.
                await(() -> query(cl, "count(up{job=\"vigil\"} == 1)").contains("\"2\""), 60_000, "Prometheus never scraped both directors: "
                        + query(cl, "up") + "\n" + read(dir.resolve("prometheus.log")));
                await(() -> masters(cl).equals(List.of(masterTarget)), 30_000, "PromQL never named " + masterTarget + " MASTER: " + masters(cl));
                await(() -> upOn(cl, RS2, masterTarget, "1"), 30_000, "rs2 never up on the MASTER: " + query(cl, "vigil_real_server_up"));
                await(() -> read(heard.get(master.id())).contains("STATUS=VI_1 MASTER; 2/2 real servers up"), 30_000,
                        "systemd never heard the MASTER's status line: " + read(heard.get(master.id())));
                await(() -> read(heard.get(backup.id())).contains("STATUS=VI_1 BACKUP; 2/2 real servers up"), 30_000,
                        "systemd never heard the BACKUP's status line: " + read(heard.get(backup.id())));
                assertTrue(query(cl, "keepalived_vrrp_state{iname=\"VI_1\",ip_address=\"198.18.1.2\",instance=\"" + masterTarget + "\"}")
                        .contains("\"2\""), "keepalived_vrrp_state of the MASTER is not 2");

                // 2. The endpoint from another namespace: 401 without the token, 404 for a bad path, 200 with it.
                assertEquals("401", cl.sh("curl -s -o /dev/null -w '%{http_code}' http://" + masterTarget + "/metrics").trim());
                assertEquals("401", cl.sh("curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer wrong' http://" + masterTarget + "/metrics").trim());
                assertEquals("404", cl.sh("curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer " + TOKEN + "' http://" + masterTarget + "/nope").trim());
                assertEquals("405", cl.sh("curl -s -o /dev/null -w '%{http_code}' -X DELETE -H 'Authorization: Bearer " + TOKEN + "' http://" + masterTarget + "/metrics").trim());

                // 3. rs2 dies: PromQL sees it down on the MASTER; the status document and vigil status give the reason.
                rs2Server.descendants().forEach(ProcessHandle::destroyForcibly);
                rs2Server.destroyForcibly();
                rs2Server.waitFor();
                await(() -> upOn(cl, RS2, masterTarget, "0"), 60_000, "rs2 never down on the MASTER: " + query(cl, "vigil_real_server_up"));
                assertTrue(upOn(cl, RS1, masterTarget, "1"), "rs1 not up on the MASTER: " + query(cl, "vigil_real_server_up"));
                await(() -> read(heard.get(master.id())).contains("STATUS=VI_1 MASTER; 1/2 real servers up"), 30_000,
                        "systemd never heard rs2 down in the MASTER's status line: " + read(heard.get(master.id())));
                String status = cl.sh("curl -s -H 'Authorization: Bearer " + TOKEN + "' http://" + masterTarget + "/api/v1/status");
                int at = status.indexOf("\"realServer\":\"" + RS2 + "\"");
                assertTrue(at > 0, "rs2 missing from the status document: " + status);
                String rs2Json = status.substring(at, status.indexOf("\"recentChecks\"", at));
                assertTrue(rs2Json.contains("\"health\":\"down\"") && rs2Json.contains("\"inPool\":false") && !rs2Json.contains("\"reason\":null"),
                        "rs2 is not down, out of the pool, with a reason: " + rs2Json);
                String text = master.control("status");
                assertTrue(text.contains(RS2) && text.contains("DOWN") && text.contains("reason: "), "vigil status hides rs2 or its reason:\n" + text);

                String json = master.control("status-json");
                assertTrue(json.startsWith("{\"apiVersion\":1,") && json.contains("\"realServer\":\"" + RS2 + "\",\"health\":\"down\""),
                        "vigil status --json is not the status document: " + json);

                // 4. The MASTER dies: Prometheus loses it and names the other director MASTER; rs2 is down there too.
                // Meanwhile `vigil events` (the control socket's stream) follows the other director.
                java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
                java.io.OutputStream sink = new java.io.OutputStream() {
                    private final StringBuilder line = new StringBuilder();

                    @Override
                    public void write(int b) {
                        if (b == '\n') {
                            events.add(line.toString());
                            line.setLength(0);
                        } else line.append((char) b);
                    }
                };
                Thread follower = Thread.ofVirtual().start(() -> {
                    try {
                        io.vigil.daemon.ControlServer.stream(dir.resolve(backup.id() + ".ctl"), "events", sink);
                    } catch (java.io.IOException e) {
                        events.add("stream ended: " + e.getMessage());
                    }
                });
                assertTrue(String.valueOf(events.poll(30, java.util.concurrent.TimeUnit.SECONDS)).startsWith("# events of "), "vigil events did not start");
                master.killTree();
                await(() -> masters(cl).equals(List.of(backupTarget)), 60_000, "PromQL never named " + backupTarget + " MASTER: " + masters(cl));
                await(() -> upOn(cl, RS2, backupTarget, "0") && upOn(cl, RS1, backupTarget, "1"), 30_000,
                        "after the failover rs1/rs2 not up/down on " + backupTarget + ": " + query(cl, "vigil_real_server_up"));
                assertTrue(query(cl, "up{instance=\"" + masterTarget + "\"}").contains("\"0\""), "the dead director's target is not down");
                String seen = "";
                for (long end = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < end && !seen.contains("(VI_1) BACKUP -> MASTER"); ) {
                    String l = events.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                    if (l != null) seen += l + "\n";
                }
                assertTrue(seen.lines().anyMatch(l -> l.contains("(VI_1) BACKUP -> MASTER priority ") && l.endsWith(": Receive advertisement timeout")), "vigil events never showed the takeover:\n" + seen);
                follower.interrupt();
                String after = query(cl, "vigil_vrrp_transitions_total{instance=\"" + backupTarget + "\",from=\"BACKUP\",to=\"MASTER\"}");
                assertTrue(after.contains("Receive advertisement timeout"), "the new MASTER's transition reason is missing: " + after);
            } finally {
                prometheus.descendants().forEach(ProcessHandle::destroyForcibly);
                prometheus.destroyForcibly();
                prometheus.waitFor();
            }
        } catch (Throwable t) {
            if (lb1 != null) System.out.println("---- lb1\n" + lb1.log());
            if (lb2 != null) System.out.println("---- lb2\n" + lb2.log());
            throw t;
        } finally {
            SeedScenario.deleteTree(dir);
        }
    }

    static String target(SeedDirector d) {
        return (d.id().equals("lb1") ? "198.18.1.101" : "198.18.1.102") + ":9165";
    }

    /** A PromQL instant query through Prometheus' HTTP API (JSON text). */
    static String query(Lab.Host cl, String promql) {
        Lab.Result r = cl.trySh("curl -s -G --data-urlencode 'query=" + promql + "' http://127.0.0.1:9090/api/v1/query", 20);
        return r.exit() == 0 ? r.output() : "";
    }

    /** The targets whose VI_1 is MASTER now. */
    static List<String> masters(Lab.Host cl) {
        String json = query(cl, "vigil_vrrp_state{vrrp_instance=\"VI_1\",state=\"MASTER\"} == 1");
        return java.util.regex.Pattern.compile("\"instance\":\"([^\"]+)\"").matcher(json).results().map(m -> m.group(1)).sorted().toList();
    }

    static boolean upOn(Lab.Host cl, String realServer, String target, String value) {
        String json = query(cl, "vigil_real_server_up{real_server=\"" + realServer + "\",instance=\"" + target + "\"}");
        return json.contains("\"instance\":\"" + target + "\"") && json.matches("(?s).*\"value\":\\[[0-9.]+,\"" + value + "\"\\].*");
    }

    static Process server(Lab.Host host, Path dir, String name) throws Exception {
        Path reply = dir.resolve(name + ".http");
        Files.writeString(reply, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + name + "\n");
        Process p = host.spawn(List.of("socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:cat " + reply + "; sleep 0.05"), null);
        await(() -> host.trySh("ss -Hltn 'sport = :80'", 5).output().contains(":80"), 10_000, name + " never listened");
        return p;
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static void await(BooleanSupplier condition, long millis, String message) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(250);
        }
        if (!condition.getAsBoolean()) fail(message);
    }
}
