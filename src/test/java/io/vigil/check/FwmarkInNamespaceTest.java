package io.vigil.check;

import io.vigil.check.probe.Probe;
import io.vigil.lab.Lab;
import io.vigil.sys.ScriptRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** TCP_CHECK fwmark: the SYN carries SO_MARK, seen by an nftables counter inside a lab namespace. */
class FwmarkInNamespaceTest {
    /** Runs inside the namespace: one TCP_CHECK with fwmark 0x42 and one without, to a local listener. */
    public static void main(String[] args) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            RealServerSettings rs = RealServerSettings.of(new RealServerKey(ss.getInetAddress(), ss.getLocalPort()));
            var t = new CheckerSettings.Timing(1000, 0, 1000, 0);
            var marked = new CheckerSettings.Tcp(t, new CheckerSettings.Connect(null, 0, null, 0, 1000, 0x42));
            var plain = new CheckerSettings.Tcp(t, CheckerSettings.Connect.toRealServer().withTimeout(1000));
            System.out.println("MARKED " + Probe.of(marked, rs, new ScriptRunner()).check());
            System.out.println("PLAIN " + Probe.of(plain, rs, new ScriptRunner()).check());
            int closed;
            try (ServerSocket once = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                closed = once.getLocalPort(); // nobody listens there once closed
            }
            RealServerSettings gone = RealServerSettings.of(new RealServerKey(InetAddress.getByName("127.0.0.1"), closed));
            System.out.println("REFUSED " + Probe.of(marked, gone, new ScriptRunner()).check());
            // the same checker in the scheduler's TCP_CHECK event loop: its SYN is marked too
            var first = new java.util.concurrent.CompletableFuture<ProbeResult>();
            PoolListener observer = new PoolListener() {
                @Override
                public void onPoolChanged(VirtualServerKey vs, DesiredPool pool) {
                }

                @Override
                public void onProbe(VirtualServerKey vs, RealServerKey r, int id, String kind, ProbeResult result, long micros) {
                    first.complete(result);
                }
            };
            // delay_loop 60 s: one check before the scheduler closes
            RealServerSettings looped = RealServerSettings.of(rs.key(), new CheckerSettings.Tcp(new CheckerSettings.Timing(60_000, 0, 1000, 0), marked.connect()));
            try (CheckScheduler s = new CheckScheduler(List.of(VirtualServerSettings.of(VirtualServerKey.of("198.18.0.21", 80, "TCP"), looped)),
                    e -> {}, new ScriptRunner(), java.util.Map.of(), observer)) {
                s.start();
                System.out.println("LOOP " + first.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void theSynCarriesTheMark() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "SKIPPED: nftables (nft) is not installed");
        try (Lab lab = Lab.create()) {
            Lab.Host h = lab.host("a", "198.18.0.21/24");
            h.sh("nft add table inet vgmark && nft add chain inet vgmark out '{ type filter hook output priority 0; }'"
                    + " && nft add rule inet vgmark out meta mark 0x42 tcp flags syn counter");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), FwmarkInNamespaceTest.class.getName()));
            Lab.Result r = h.trySh(String.join(" ", cmd.stream().map(s -> "'" + s + "'").toList()), 60);
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).as(r.output()).containsPattern("(?m)^MARKED Up\\[").containsPattern("(?m)^PLAIN Up\\[")
                    .containsPattern("(?m)^REFUSED Down\\[reason=.*\\(fwmark 66\\) failed: connection refused")
                    .containsPattern("(?m)^LOOP Up\\[");
            // three marked SYNs (the up and the refused check, the event loop's check); the unmarked one is not counted
            assertThat(h.sh("nft list chain inet vgmark out")).containsPattern("counter packets 3 ");
        }
    }
}
