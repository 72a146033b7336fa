package io.vigil.lb.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.vigil.lb.lab.LbLab.RS1;
import static io.vigil.lb.lab.LbLab.RS2;
import static io.vigil.lb.lab.LbLab.VIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The userspace proxy for real: Vigil's proxy (StandaloneProxy, a JVM in the director namespace, driven over its
 * stdin) between a client namespace and two real servers; the TCP tests on both native engines (epoll, io_uring).
 */
class ProxyLabTest {
    static LbLab lab;

    @BeforeAll
    static void up() throws IOException {
        Assumptions.assumeTrue(LbLab.socatAvailable(), "SKIPPED: lab needs socat");
        lab = new LbLab();
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    /** A proxy JVM in the director namespace; commands go to its stdin, answers to its log. */
    record Proxy(Process process, Path log) implements AutoCloseable {
        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        void command(String line) throws IOException {
            int before = output().length();
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            await().until(() -> output().length() > before && (output().endsWith("ok\n") || output().endsWith(".\n") || output().contains("error")));
            assertThat(output().substring(before)).doesNotContain("error");
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    static Proxy start(String name, String... args) throws IOException {
        Path log = lab.logs.resolve(name + ".log");
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.vigil.lb.proxy.StandaloneProxy"));
        argv.addAll(List.of(args));
        Proxy p = new Proxy(lab.director.spawn(argv, log), log);
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> p.output().contains(" ready"));
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "uring"})
    void rrAndWrrSpreadThroughTheProxy(String engine) throws Exception {
        try (Proxy p = start("proxy-rr-" + engine, "--io", engine, "--sched", "rr", VIP + ":80", RS1 + ":80", RS2 + ":80")) {
            assertThat(lab.tcpSpread(10)).containsEntry("rs1", 5).containsEntry("rs2", 5);
            p.command("weight " + RS1 + ":80 3");
        }
        try (Proxy p = start("proxy-wrr-" + engine, "--io", engine, "--sched", "wrr", VIP + ":80", RS1 + ":80@3", RS2 + ":80@1")) {
            assertThat(lab.tcpSpread(12)).containsEntry("rs1", 9).containsEntry("rs2", 3);
            p.command("status");
            assertThat(p.output()).contains("TCP  198.18.1.10:80 wrr").contains("  -> 198.18.2.11:80               Masq    3      0          0");
        }
    }

    @Test
    void udpThroughTheProxy() throws Exception {
        try (Proxy p = start("proxy-udp", "--udp", "--sched", "rr", VIP + ":53", RS1 + ":53", RS2 + ":53")) {
            assertThat(lab.udpSpread(6)).containsEntry("rs1", 3).containsEntry("rs2", 3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "uring"})
    void weightZeroDrainsAndRemovalStopsNewConnectionsWhileOpenOnesContinue(String engine) throws Exception {
        try (Proxy p = start("proxy-drain-" + engine, "--io", engine, "--sched", "rr", VIP + ":80", RS1 + ":80", RS2 + ":80")) {
            LbLab.Held held = lab.hold("proxy-held");
            String heldOn = held.server();
            assertThat(heldOn).isIn("rs1", "rs2");
            String heldIp = heldOn.equals("rs1") ? RS1 : RS2, other = heldOn.equals("rs1") ? "rs2" : "rs1";

            p.command("weight " + heldIp + ":80 0");
            assertThat(lab.tcpSpread(6)).containsOnlyKeys(other);
            held.send("still-there");
            await().until(() -> held.output().contains("still-there"));
            p.command("status");
            assertThat(p.output()).containsPattern(heldIp.replace(".", "\\.") + ":80 +Masq +0 +1 ");

            p.command("remove " + heldIp + ":80");
            assertThat(lab.tcpSpread(4)).containsOnlyKeys(other);
            held.send("after-removal");
            await().until(() -> held.output().contains("after-removal"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "uring"})
    void aConnectTimeoutIsRetriedOnTheOtherServer(String engine) throws Exception {
        // 198.18.2.99 does not exist: connects to it hang (no ARP answer) until the proxy's 500 ms timeout.
        try (Proxy p = start("proxy-retry-" + engine, "--io", engine, "--connect-timeout", "500", "--sched", "rr", VIP + ":80", "198.18.2.99:80", RS2 + ":80")) {
            assertThat(lab.tcpSpread(4)).containsEntry("rs2", 4);
        }
    }
}
