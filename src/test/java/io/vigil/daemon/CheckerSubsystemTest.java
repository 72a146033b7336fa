package io.vigil.daemon;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The checker child's work end to end on loopback: keepalived.conf read, TCP_CHECK/HTTP_GET running against real
 * servers, the userspace proxy forwarding to the healthy ones, and a dead server drained.
 */
class CheckerSubsystemTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final CheckerOnLoopback checker = new CheckerOnLoopback();
    private final LoopbackHttp http = checker.http;
    private CheckerSubsystem subsystem;

    @Test
    void healthyServersTakeTrafficThroughTheProxyAndADeadOneIsDrained() throws Exception {
        HttpServer rs1 = http.backend("rs1");
        HttpServer rs2 = http.backend("rs2");
        int vip = LoopbackHttp.freePort();
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, CheckerOnLoopback.proxyConf("", vip, """
                    real_server 127.0.0.1 %d {
                        weight 1
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                    real_server 127.0.0.1 %d {
                        weight 1
                        HTTP_GET {
                            url {
                                path /
                                status_code 200
                            }
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                    }
                """.formatted(rs1.getAddress().getPort(), rs2.getAddress().getPort())));
        subsystem = checker.start(conf);

        Map<String, Integer> seen = new HashMap<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            seen.merge(LoopbackHttp.get(vip), 1, Integer::sum);
            return seen.getOrDefault("hello from rs1", 0) >= 2 && seen.getOrDefault("hello from rs2", 0) >= 2;
        });
        assertThat(subsystem.status()).contains("TCP  127.0.0.1:" + vip + " rr", "127.0.0.1:" + rs2.getAddress().getPort());

        rs2.stop(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> !subsystem.status().contains("127.0.0.1:" + rs2.getAddress().getPort()));
        for (int i = 0; i < 6; i++) assertThat(LoopbackHttp.get(vip)).isEqualTo("hello from rs1");
        assertThat(subsystem.dump(false)).contains("RS = [127.0.0.1]:" + rs1.getAddress().getPort());
    }

    private static String conf(int vip, int... ports) {
        StringBuilder rs = new StringBuilder();
        for (int p : ports) rs.append("""
                    real_server 127.0.0.1 %d {
                        weight 1
                        TCP_CHECK {
                            connect_timeout 1
                            retry 0
                        }
                    }
                """.formatted(p));
        return CheckerOnLoopback.proxyConf("", vip, rs.toString());
    }

    @Test
    void reloadAppliesOnlyTheDifferenceAndKeepsHealthState() throws Exception {
        HttpServer rs1 = http.backend("rs1");
        HttpServer rs3 = http.backend("rs3");
        int dead = LoopbackHttp.freePort();
        int vip = LoopbackHttp.freePort();
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, conf(vip, rs1.getAddress().getPort(), dead));
        subsystem = checker.start(conf);
        await().atMost(Duration.ofSeconds(20)).until(() -> !subsystem.status().contains(":" + dead + " "));

        // Add rs3, remove rs1, keep the dead one: after the reload the dead one must not come back, not even briefly.
        Files.writeString(conf, conf(vip, dead, rs3.getAddress().getPort()));
        subsystem.reload();
        String after = subsystem.status();
        assertThat(after).doesNotContain(":" + dead + " ").doesNotContain(":" + rs1.getAddress().getPort() + " ")
                .contains("127.0.0.1:" + rs3.getAddress().getPort());
        for (int i = 0; i < 4; i++) assertThat(LoopbackHttp.get(vip)).isEqualTo("hello from rs3");
    }

    @Test
    void changedServicesNamesAddedRemovedAndChangedOnly() throws Exception {
        var a = new io.vigil.lb.ServiceKey.Ip(io.vigil.lb.Protocol.TCP, java.net.InetAddress.ofLiteral("198.18.0.1"), 80);
        var b = new io.vigil.lb.ServiceKey.Ip(io.vigil.lb.Protocol.TCP, java.net.InetAddress.ofLiteral("198.18.0.2"), 80);
        var c = new io.vigil.lb.ServiceKey.Ip(io.vigil.lb.Protocol.TCP, java.net.InetAddress.ofLiteral("198.18.0.3"), 80);
        var d = new io.vigil.lb.ServiceKey.Ip(io.vigil.lb.Protocol.TCP, java.net.InetAddress.ofLiteral("198.18.0.4"), 80);
        var rs = io.vigil.lb.RealServer.nat(java.net.InetAddress.ofLiteral("198.18.1.1"), 8080, 1);
        java.util.function.Function<io.vigil.lb.ServiceKey, io.vigil.lb.VirtualService> svc =
                k -> io.vigil.lb.VirtualService.of(k, io.vigil.lb.SchedulerKind.RR, java.util.List.of(rs));
        var before = new io.vigil.lb.DesiredState(java.util.List.of(svc.apply(a), svc.apply(b), svc.apply(c)));
        var after = new io.vigil.lb.DesiredState(java.util.List.of(svc.apply(a), svc.apply(b).withWeight(rs.key(), 0), svc.apply(d)));
        assertThat(CheckerSubsystem.changedServices(before, after)).containsExactlyInAnyOrder(b, c, d);
        assertThat(CheckerSubsystem.changedServices(after, after)).isEmpty();
    }
}
