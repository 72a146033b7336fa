package io.vigil.bfd.kernel;

import io.vigil.bfd.BfdDiag;
import io.vigil.bfd.BfdSettings;
import io.vigil.bfd.BfdState;
import io.vigil.lab.Lab;
import io.vigil.sys.NetNs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Vigil's BFD against real peers in namespaces: BIRD 2 ({@code protocol bfd} with a static {@code neighbor}),
 * keepalived 2.2.7's own BFD ({@code bfd_instance}) and Vigil itself over IPv6. Each: session Up, Down when the peer
 * is killed (detection-time expiry), back Up when it returns, Down on a link cut, Up again once the link is back.
 */
class BfdInteropLabTest {
    static final Duration CEILING = Duration.ofSeconds(30);
    @TempDir
    Path dir;

    /** A Vigil BFD service started in a namespace, with the Up/Down events it reported. */
    record Vigil(BfdService service, List<String> events) implements AutoCloseable {
        static Vigil start(Lab.Host host, BfdSettings settings) {
            List<String> events = new CopyOnWriteArrayList<>();
            BfdService s = NetNs.call(host.ns(), () -> {
                BfdService svc = new BfdService(List.of(settings), role -> { }, (name, up) -> events.add(name + (up ? " up" : " down")));
                svc.start();
                return svc;
            });
            return new Vigil(s, events);
        }

        BfdService.Status status() {
            return service.status().getFirst();
        }

        void awaitState(BfdState state) {
            await().atMost(CEILING).pollInterval(Duration.ofMillis(20)).until(() -> status().state() == state);
        }

        @Override
        public void close() {
            service.close();
        }
    }

    static BfdSettings fast(String name, String neighbor, String source) {
        return BfdSettings.of(name, InetAddress.ofLiteral(neighbor)).withSource(InetAddress.ofLiteral(source)).withTimers(50_000, 50_000, 3);
    }

    static void assumeInstalled(Lab.Host h, String command) {
        Assumptions.assumeTrue(h.trySh("command -v " + command, 5).exit() == 0, "SKIPPED: " + command + " is not installed");
    }

    /**
     * The second half of every interop run: a's cable cut (the session goes Down) and mended (Up again), after one
     * Down and Up before it; returns the diagnostic the session had while Down.
     */
    static BfdDiag cableCutAndMended(Lab.Host a, Vigil v) {
        a.cable(false);
        v.awaitState(BfdState.DOWN);
        BfdDiag whileDown = v.status().localDiag();
        a.cable(true);
        v.awaitState(BfdState.UP);
        assertThat(v.events()).containsExactly("b1 up", "b1 down", "b1 up", "b1 down", "b1 up");
        return whileDown;
    }

    @Test
    void birdPeerUpDownOnKillAndLinkCutAndBackUp() throws Exception {
        try (Lab lab = Lab.create("bb")) {
            Lab.Host a = lab.host("a", "198.18.0.1/24");
            Lab.Host b = lab.host("b", "198.18.0.2/24");
            assumeInstalled(b, "bird");
            Path conf = dir.resolve("bird.conf");
            Files.writeString(conf, """
                    router id 198.18.0.2;
                    protocol device { }
                    protocol bfd {
                        interface "eth0" { min rx interval 50 ms; min tx interval 50 ms; multiplier 3; };
                        neighbor 198.18.0.1;
                    }
                    """);
            Path sock = dir.resolve("bird.ctl");
            List<String> birdArgv = List.of("bird", "-f", "-c", conf.toString(), "-s", sock.toString(), "-P", dir.resolve("bird.pid").toString());
            Process bird = b.spawn(birdArgv, dir.resolve("bird-1.log"));
            try (Vigil v = Vigil.start(a, fast("b1", "198.18.0.2", "198.18.0.1"))) {
                v.awaitState(BfdState.UP);
                await().atMost(CEILING).until(() -> b.trySh("birdc -s " + sock + " show bfd sessions", 5).output().contains("Up"));
                // BIRD asks for 50 ms with multiplier 3, as we do: detection 150 ms once the poll sequence is done.
                await().atMost(CEILING).until(() -> v.status().detectionTimeMicros() == 150_000);
                assertThat(v.events()).containsExactly("b1 up");

                bird.destroyForcibly().waitFor();
                v.awaitState(BfdState.DOWN);
                assertThat(v.status().localDiag()).isEqualTo(BfdDiag.EXPIRED);
                assertThat(v.events()).containsExactly("b1 up", "b1 down");

                b.spawn(birdArgv, dir.resolve("bird-2.log"));
                v.awaitState(BfdState.UP);

                assertThat(cableCutAndMended(a, v)).isEqualTo(BfdDiag.EXPIRED);
                assertThat(v.service().drops().total()).as("drops: %s", v.service().drops()).isZero();
            }
        }
    }

    @Test
    void keepalivedPeerWithVigilPassive() throws Exception {
        try (Lab lab = Lab.create("bk")) {
            Lab.Host a = lab.host("a", "198.18.0.1/24");
            Lab.Host b = lab.host("b", "198.18.0.2/24");
            assumeInstalled(b, "keepalived");
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, """
                    global_defs {
                        router_id ka
                    }
                    bfd_instance kb1 {
                        neighbor_ip 198.18.0.1
                        source_ip 198.18.0.2
                        min_rx 50
                        min_tx 50
                        multiplier 3
                    }
                    """);
            Path bfdPid = dir.resolve("ka-bfd.pid");
            Path log = dir.resolve("keepalived.log");
            b.spawn(List.of("keepalived", "-n", "-l", "-D", "-G", "-f", conf.toString(), "-p", dir.resolve("ka.pid").toString(),
                    "-r", dir.resolve("ka-vrrp.pid").toString(), "-c", dir.resolve("ka-chk.pid").toString(), "-b", bfdPid.toString()), log);
            try (Vigil v = Vigil.start(a, fast("b1", "198.18.0.2", "198.18.0.1").withPassive(true))) {
                v.awaitState(BfdState.UP);
                await().atMost(CEILING).until(() -> Files.readString(log).contains("(kb1) Entering Up state"));

                // Kill keepalived's BFD process: its parent respawns it at once, and the new process's first packet (Down,
                // no discriminator of ours) takes the session down unless the 150 ms detection time ran out first.
                long pid = Long.parseLong(Files.readString(bfdPid).trim());
                Lab.exec(List.of("kill", "-9", Long.toString(pid)));
                await().atMost(CEILING).until(() -> v.events().size() >= 2);
                assertThat(v.events().get(1)).isEqualTo("b1 down");
                v.awaitState(BfdState.UP);

                cableCutAndMended(a, v);
                assertThat(v.service().drops().total()).as("drops: %s", v.service().drops()).isZero();
            }
        }
    }

    @Test
    void frrBfddPeerUpDownOnKillAndLinkCutAndBackUp() throws Exception {
        try (Lab lab = Lab.create("bf")) {
            Lab.Host a = lab.host("a", "198.18.0.1/24");
            Lab.Host b = lab.host("b", "198.18.0.2/24");
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/frr/bfdd")), "SKIPPED: FRR's bfdd is not installed");
            // bfdd drops to user frr before reading its files: a directory frr can enter (JUnit's @TempDir is 0700).
            Path frr = Files.createTempDirectory(Path.of("/tmp"), "vigil-frr-",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx")));
            Files.setPosixFilePermissions(frr, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            Path conf = frr.resolve("bfdd.conf");
            Files.writeString(conf, """
                    bfd
                     peer 198.18.0.1 local-address 198.18.0.2
                      receive-interval 50
                      transmit-interval 50
                      detect-multiplier 3
                     !
                    !
                    """);
            // bfdd drops to user frr (member of frrvty); it needs no zebra for a static peer.
            List<String> argv = List.of("/usr/lib/frr/bfdd", "-f", conf.toString(), "-i", frr.resolve("bfdd.pid").toString(),
                    "--vty_socket", frr.toString(), "-z", frr.resolve("zserv.api").toString(), "--bfdctl", frr.resolve("bfdd.sock").toString(),
                    "-u", "frr", "-g", "frr", "-P", "0", "--log", "stdout");
            Process bfdd = b.spawn(argv, dir.resolve("bfdd-1.log"));
            try (Vigil v = Vigil.start(a, fast("b1", "198.18.0.2", "198.18.0.1"))) {
                v.awaitState(BfdState.UP);
                await().atMost(CEILING).until(() -> v.status().detectionTimeMicros() == 150_000);

                bfdd.destroyForcibly().waitFor();
                v.awaitState(BfdState.DOWN);
                assertThat(v.status().localDiag()).isEqualTo(BfdDiag.EXPIRED);

                b.spawn(argv, dir.resolve("bfdd-2.log"));
                v.awaitState(BfdState.UP);

                cableCutAndMended(a, v);
                // After a Down we pick a fresh discriminator (keepalived does): bfdd keeps addressing the old one until its own
                // session resets, and those packets are counted as NO_SESSION. Nothing else may be dropped.
                assertThat(v.service().drops().snapshot().keySet()).isSubsetOf(io.vigil.bfd.BfdDropReason.NO_SESSION);
            } finally {
                lab.close();
                try (var files = Files.walk(frr)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    @Test
    void multihopPairOnPort4784AndLowTtlIsDropped() {
        try (Lab lab = Lab.create("bm")) {
            Lab.Host a = lab.host("a", "198.18.0.1/24");
            Lab.Host b = lab.host("b", "198.18.0.2/24");
            try (Vigil va = Vigil.start(a, fast("m", "198.18.0.2", "198.18.0.1").withMultihop(true));
                 Vigil vb = Vigil.start(b, fast("m", "198.18.0.1", "198.18.0.2").withMultihop(true))) {
                va.awaitState(BfdState.UP);
                vb.awaitState(BfdState.UP);
                assertThat(a.sh("ss -unl")).contains("0.0.0.0:4784").doesNotContain(":3784");
                // A packet one hop away (TTL 254) fails the GTSM check (max_hops 0) and is counted.
                byte[] down = io.vigil.bfd.BfdCodec.encode(io.vigil.bfd.BfdPacket.control(BfdDiag.NO_DIAG, BfdState.DOWN, false, false,
                        3, 1234, 0, 1_000_000, 50_000));
                NetNs.run(b.ns(), () -> {
                    try (io.vigil.sys.BfdUdpSocket s = io.vigil.sys.BfdUdpSocket.sender(false, InetAddress.ofLiteral("198.18.0.2"), 254,
                            49152, 65535, new java.util.SplittableRandom())) {
                        s.send(down, down.length, InetAddress.ofLiteral("198.18.0.1"), 4784);
                    }
                });
                await().atMost(CEILING).until(() -> va.service().drops().get(io.vigil.bfd.BfdDropReason.TTL) == 1);
                assertThat(va.status().state()).isEqualTo(BfdState.UP);
            }
        }
    }

    @Test
    void vigilPairOverIpv6() {
        try (Lab lab = Lab.create("b6")) {
            Lab.Host a = lab.host("a", "2001:2::1/64");
            Lab.Host b = lab.host("b", "2001:2::2/64");
            try (Vigil va = Vigil.start(a, fast("p", "2001:2::2", "2001:2::1"));
                 Vigil vb = Vigil.start(b, fast("p", "2001:2::1", "2001:2::2"))) {
                va.awaitState(BfdState.UP);
                vb.awaitState(BfdState.UP);
                assertThat(va.status().localPort()).isBetween(49152, 65535);
                // A reload with slower timers on a: a Poll sequence carries them, the session stays Up, and b's
                // detection time becomes a's multiplier x a's new 100 ms.
                va.service().reload(List.of(fast("p", "2001:2::2", "2001:2::1").withTimers(100_000, 100_000, 3)));
                await().atMost(CEILING).until(() -> vb.status().detectionTimeMicros() == 300_000);
                assertThat(va.status().state()).isEqualTo(BfdState.UP);
                assertThat(va.events()).containsExactly("p up");
                vb.close();
                va.awaitState(BfdState.DOWN);
                assertThat(va.status().localDiag()).isEqualTo(BfdDiag.EXPIRED);
                assertThat(va.events()).containsExactly("p up", "p down");
            }
        }
    }
}
