package io.vigil.check;

import io.vigil.check.probe.Probe;
import io.vigil.lab.Lab;
import io.vigil.sys.ScriptRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PING_CHECK across a real link: a JVM inside lab host "a" pings host "b" (IPv4 and IPv6) and an address nobody
 * owns, which must time out.
 */
class PingInNamespaceTest {
    /** Run inside the namespace: prints one line per address, "UP|DOWN address description". */
    public static void main(String[] args) {
        for (String a : args) {
            var ping = new CheckerSettings.Ping(new CheckerSettings.Timing(1000, 0, 1000, 0), CheckerSettings.Connect.toRealServer().withTimeout(700));
            ProbeResult r = Probe.of(ping, RealServerSettings.of(RealServerKey.of(a, 0)), new ScriptRunner()).check();
            System.out.println((r.success() ? "UP " : "DOWN ") + a + " " + r.describe());
        }
    }

    @Test
    void pingUpAndDownAcrossALabLink() {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24", "2001:2::11/64");
            lab.host("b", "198.18.0.12/24", "2001:2::12/64");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), PingInNamespaceTest.class.getName(),
                    "198.18.0.12", "198.18.0.13", "2001:2::12", "2001:2::13"));
            String quoted = String.join(" ", cmd.stream().map(s -> "'" + s + "'").toList());
            Lab.Result r = a.trySh(quoted, 60);
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).as(r.output())
                    .containsPattern("(?m)^UP 198\\.18\\.0\\.12 ")
                    .containsPattern("(?m)^DOWN 198\\.18\\.0\\.13 PING_CHECK 198\\.18\\.0\\.13: no echo reply within 700 ms")
                    .containsPattern("(?m)^UP 2001:2::12 ")
                    .containsPattern("(?m)^DOWN 2001:2::13 ");
        }
    }
}
