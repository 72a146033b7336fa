package io.vigil.daemon;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real daemon with the checkers on loopback: the userspace proxy runs in its own child, so killing the checker
 * child (SIGKILL) does not fail a single request while the watchdog brings the checkers back.
 */
class ProxyChildProcessTest {
    @TempDir
    Path dir;
    private Process vigil;
    private final LoopbackHttp http = new LoopbackHttp();

    @AfterEach
    void tearDown() {
        if (vigil != null && vigil.isAlive()) {
            vigil.descendants().forEach(ProcessHandle::destroyForcibly);
            vigil.destroyForcibly();
        }
        http.close();
    }

    private long checkerPid() {
        try {
            return Long.parseLong(Files.readString(dir.resolve("checkers.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring"})
    void killingTheCheckerChildFailsNoRequest(String engine) throws Exception {
        HttpServer rs1 = http.backend("rs1");
        HttpServer rs2 = http.backend("rs2");
        int vip = LoopbackHttp.freePort();
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, """
                global_defs {
                    vigil_data_plane proxy
                    vigil_proxy_engine %s
                }
                virtual_server 127.0.0.1 %d {
                    delay_loop 1
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """.formatted(engine, vip, rs1.getAddress().getPort(), rs2.getAddress().getPort()));
        String java = ProcessHandle.current().info().command().orElse("java");
        vigil = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-n", "-l", "-G", "-C", "-f", conf.toString(), "-p", dir.resolve("vigil.pid").toString(),
                "-r", dir.resolve("vrrp.pid").toString(), "-c", dir.resolve("checkers.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();

        await().atMost(Duration.ofSeconds(60)).until(() -> LoopbackHttp.get(vip).startsWith("hello from"));
        String engineSeen = engine.equals("io_uring") && !io.vigil.sys.IoUring.probe().available() ? "epoll" : engine;
        assertThat(LoopbackHttp.control(dir.resolve("vigil.pid"), "status"))
                .contains("Vigil data plane: proxy (TCP engine: " + engineSeen + ")", "127.0.0.1:" + vip);

        // The proxy child's counters reach the picture through the checker child (issue #11): each real server's bytes
        // in the status document, as IPVS's would be.
        for (int i = 0; i < 10; i++) LoopbackHttp.get(vip);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(LoopbackHttp.control(dir.resolve("vigil.pid"), "status-json"))
                .containsPattern("\"realServer\":\"\\[127\\.0\\.0\\.1\\]:" + rs1.getAddress().getPort() + "\"(?:(?!\"realServer\").)*\"bytesOut\":[1-9]")
                .containsPattern("\"realServer\":\"\\[127\\.0\\.0\\.1\\]:" + rs2.getAddress().getPort() + "\"(?:(?!\"realServer\").)*\"bytesOut\":[1-9]"));

        long before = checkerPid();
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        List<String> failures = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        int requests = 0;
        while (System.nanoTime() < until) {
            String answer = LoopbackHttp.get(vip);
            requests++;
            if (!answer.startsWith("hello from")) failures.add(answer);
        }
        assertThat(failures).as("requests failed while the checker child was dead, out of " + requests).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> checkerPid() != before && checkerPid() > 0);
        assertThat(Files.readString(dir.resolve("log"))).contains("Keepalived_healthcheckers child process(" + before + ") died");
        await().atMost(Duration.ofSeconds(10)).until(() -> LoopbackHttp.get(vip).startsWith("hello from"));
    }

    /** The real servers of an ipvsadm-style listing, without their counters. */
    private static java.util.Set<String> servers(String listing) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String line : listing.split("\n")) {
            String t = line.trim();
            if (t.startsWith("-> ") && !t.startsWith("-> RemoteAddress")) out.add(t.substring(3).trim().split("\\s+")[0]);
        }
        return out;
    }

    private static String config(int vip, int... ports) {
        StringBuilder rs = new StringBuilder();
        for (int p : ports) rs.append("""
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                """.formatted(p));
        return CheckerOnLoopback.proxyConf("", vip, rs.toString());
    }

    private void startVigil(Path conf) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        vigil = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-n", "-l", "-G", "-C", "-f", conf.toString(), "-p", dir.resolve("vigil.pid").toString(),
                "-r", dir.resolve("vrrp.pid").toString(), "-c", dir.resolve("checkers.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    }

    @Test
    void reloadUnderLoadAddsAndRemovesServersWithoutFailingARequestAndABrokenConfigChangesNothing() throws Exception {
        HttpServer rs1 = http.backend("rs1");
        HttpServer rs2 = http.backend("rs2");
        HttpServer rs3 = http.backend("rs3");
        int vip = LoopbackHttp.freePort();
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, config(vip, rs1.getAddress().getPort(), rs2.getAddress().getPort()));
        startVigil(conf);
        await().atMost(Duration.ofSeconds(60)).until(() -> LoopbackHttp.get(vip).startsWith("hello from"));

        // A client loop runs through both reloads; every answer must be a real server's.
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        Thread client = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                String a = LoopbackHttp.get(vip);
                requests.incrementAndGet();
                if (a.startsWith("hello from")) seen.add(a);
                else failures.add(a);
            }
        });
        try {
            Thread.sleep(500);
            // rs3 added, rs1 removed, rs2 unchanged.
            Files.writeString(conf, config(vip, rs2.getAddress().getPort(), rs3.getAddress().getPort()));
            new ProcessBuilder("kill", "-HUP", Long.toString(vigil.pid())).start().waitFor();
            await().atMost(Duration.ofSeconds(30)).until(() -> LoopbackHttp.control(dir.resolve("vigil.pid"), "status").contains("127.0.0.1:" + rs3.getAddress().getPort())
                    && !LoopbackHttp.control(dir.resolve("vigil.pid"), "status").contains("127.0.0.1:" + rs1.getAddress().getPort() + " "));
            seen.clear();
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("hello from rs3") && seen.contains("hello from rs2"));
            assertThat(seen).doesNotContain("hello from rs1");

            // A broken file: rejected with its diagnostic, the running configuration stays.
            String before = LoopbackHttp.control(dir.resolve("vigil.pid"), "status");
            Files.writeString(conf, config(vip, rs1.getAddress().getPort()).replace("delay_loop 1", "delay_lop 1"));
            new ProcessBuilder("kill", "-HUP", Long.toString(vigil.pid())).start().waitFor();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(dir.resolve("log")).contains("Reload rejected"));
            assertThat(Files.readString(dir.resolve("log"))).contains("delay_lop");
            Thread.sleep(1500);
            assertThat(servers(LoopbackHttp.control(dir.resolve("vigil.pid"), "status"))).as("servers after a rejected reload").isEqualTo(servers(before))
                    .containsExactlyInAnyOrder("127.0.0.1:" + rs2.getAddress().getPort(), "127.0.0.1:" + rs3.getAddress().getPort());
        } finally {
            running.set(false);
            client.join(10_000);
        }
        assertThat(failures).as("failed requests during the reloads, out of " + requests.get()).isEmpty();
        assertThat(vigil.isAlive()).isTrue();
    }
}
