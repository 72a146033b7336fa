package io.vigil.lab.bfd;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * BFD_CHECK end to end: a whole Vigil daemon on a director (BFD in its VRRP child, the checkers and the nftables data
 * plane in its checker child, the parent relaying the session's states between them) follows a BFD session with
 * BIRD 2 on real server rs1. Without BIRD the session is down and rs1 is out of the data plane; BIRD started, rs1 comes
 * in and takes connections; BIRD killed (no AdminDown: a dead peer), rs1 goes out and rs2 takes every connection;
 * BIRD back, rs1 back. rs2 (TCP_CHECK only) stays in throughout. The same session is the {@code bfd_instance} condition
 * of the virtual server's {@code vigil_announce}: its host route is in table 100 only while the session is Up (rs2 keeps
 * the quorum throughout).
 */
class BfdCheckLabTest {
    private static final String VIP = "198.18.0.100";
    private static final String RS1 = "198.18.0.21", RS2 = "198.18.0.22";
    private static final Duration CEILING = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static final String CONFIG = """
            global_defs {
                router_id director
                vigil_data_plane nftables
            }
            bfd_instance rs1 {
                neighbor_ip 198.18.0.21
                source_ip 198.18.0.11
                min_rx 100
                min_tx 100
                multiplier 3
            }
            virtual_server 198.18.0.100 80 {
                delay_loop 1
                lb_algo rr
                lb_kind NAT
                protocol TCP
                vigil_announce {
                    table 100
                    bfd_instance rs1
                }
                real_server 198.18.0.21 80 {
                    BFD_CHECK {
                        name rs1
                    }
                }
                real_server 198.18.0.22 80 {
                    TCP_CHECK {
                        connect_timeout 1
                    }
                }
            }
            """;

    @Test
    @Timeout(300)
    void aRealServerIsInTheDataPlaneOnlyWhileItsBfdSessionIsUp() throws Exception {
        scenario(false);
    }

    /** With -C there is no VRRP child: the checker child runs the session itself, as keepalived runs its BFD process. */
    @Test
    @Timeout(300)
    void theSameWithTheCheckersOnly() throws Exception {
        scenario(true);
    }

    private void scenario(boolean checkersOnly) throws Exception {
        try (Lab lab = Lab.create("bc")) {
            Lab.Host d = lab.host("d", "198.18.0.11/24"), rs1 = lab.host("r1", RS1 + "/24"), rs2 = lab.host("r2", RS2 + "/24");
            Assumptions.assumeTrue(rs1.trySh("command -v bird", 5).exit() == 0, "SKIPPED: bird is not installed");
            Assumptions.assumeTrue(d.trySh("command -v socat && nft list tables", 5).exit() == 0, "SKIPPED: socat or nftables missing");
            rs1.spawn(List.of("socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:echo rs1"), dir.resolve("rs1.log"));
            rs2.spawn(List.of("socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:echo rs2"), dir.resolve("rs2.log"));
            Path birdConf = dir.resolve("bird.conf");
            Files.writeString(birdConf, """
                    router id 198.18.0.21;
                    protocol device { }
                    protocol bfd {
                        interface "eth0" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; };
                        neighbor 198.18.0.11;
                    }
                    """);
            List<String> birdArgv = List.of("bird", "-f", "-c", birdConf.toString(), "-s", dir.resolve("bird.ctl").toString(),
                    "-P", dir.resolve("bird.pid").toString());

            VigilNode v = new VigilNode(d, "d", dir, CONFIG);
            if (checkersOnly) v.checkersOnly();
            else v.withCheckers();
            try {
                v.start();
                // no BFD peer yet: the VRRP child's BFD reports the session Down, the checker child takes rs1 out
                awaitOrDump(v, "rs1 out, rs2 in, with no BFD peer", () -> assertThat(servers(d)).containsExactly(RS2));
                awaitOrDump(v, "the checker child has decided about the route", () -> assertThat(v.log()).contains("Withdrawing " + VIP));
                assertThat(announced(d)).isFalse();

                Process bird = rs1.spawn(birdArgv, dir.resolve("bird-1.log"));
                awaitOrDump(v, "rs1 in once BIRD's session is Up", () -> assertThat(servers(d)).containsExactlyInAnyOrder(RS1, RS2));
                awaitOrDump(v, "connections reach rs1 and rs2", () -> assertThat(answers(d, 6)).contains("rs1", "rs2"));
                awaitOrDump(v, "VIP announced while the session is Up", () -> assertThat(announced(d)).isTrue());

                bird.destroyForcibly().waitFor(); // a dead peer: no AdminDown, the session times out
                awaitOrDump(v, "rs1 out after BIRD died", () -> assertThat(servers(d)).containsExactly(RS2));
                assertThat(answers(d, 6)).containsOnly("rs2");
                assertThat(v.log()).contains("BFD check of [rs1] RS([" + RS1 + "]:80) is DOWN");
                awaitOrDump(v, "VIP withdrawn with the session", () -> assertThat(announced(d)).isFalse());

                if (!checkersOnly) {
                    // a checker child killed while the session is down: its successor starts from the state the parent
                    // relays (--bfd-state=rs1=down), since no new BFD event will come to take rs1 out again
                    Path pidFile = dir.resolve("d-checkers.pid");
                    long old = Long.parseLong(Files.readString(pidFile).strip());
                    ProcessHandle.of(old).ifPresent(ProcessHandle::destroyForcibly);
                    awaitOrDump(v, "a new checker child", () -> assertThat(Files.readString(pidFile).strip()).isNotEqualTo(Long.toString(old)));
                    awaitOrDump(v, "the new checker child started", () -> assertThat(v.log().split("Checkers started", -1)).hasSize(3));
                    Thread.sleep(3000); // the period watched: rs1 must not come back while nothing changes
                    assertThat(servers(d)).containsExactly(RS2);
                    assertThat(announced(d)).isFalse();
                }

                rs1.spawn(birdArgv, dir.resolve("bird-2.log"));
                awaitOrDump(v, "rs1 back with BIRD", () -> assertThat(servers(d)).containsExactlyInAnyOrder(RS1, RS2));
                awaitOrDump(v, "connections reach rs1 again", () -> assertThat(answers(d, 6)).contains("rs1", "rs2"));
                awaitOrDump(v, "VIP announced again", () -> assertThat(announced(d)).isTrue());
            } finally {
                v.close();
            }
        }
    }

    /** The real servers of the VIP in the director's nftables ruleset (Vigil's data plane). */
    private static List<String> servers(Lab.Host d) {
        String ruleset = d.sh("nft list ruleset");
        List<String> out = new ArrayList<>();
        for (String rs : List.of(RS1, RS2)) if (ruleset.contains(rs)) out.add(rs);
        return out;
    }

    /** Whether the director's table 100 holds the VIP's host route (vigil_announce). */
    private static boolean announced(Lab.Host d) {
        return d.trySh("ip route show table 100", 10).output().contains("blackhole " + VIP + " "); // no table yet: none
    }

    /** Who answers {@code n} new connections to the VIP opened on the director (its output hook DNATs them). */
    private static List<String> answers(Lab.Host d, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Lab.Result r = d.trySh("socat -T 2 - TCP:" + VIP + ":80,connect-timeout=2 </dev/null", 10);
            out.add(r.exit() == 0 ? r.output().strip() : "FAIL " + r.output().strip());
        }
        return out;
    }

    private static void awaitOrDump(VigilNode v, String what, ThrowingRunnable assertion) {
        try {
            await(what).atMost(CEILING).pollInterval(Duration.ofMillis(200)).untilAsserted(assertion);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nVigil's log:\n" + v.log(), e);
        }
    }
}
