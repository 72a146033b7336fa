package io.vigil.lb.ipvs;

import io.vigil.lab.UmlGuest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.lab.UmlGuest.sh;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs inside a user-mode-linux guest (see {@link IpvsNamespaceGuestTest}): the Vigil daemon (checkers only) with
 * {@code net_namespace_ipvs} programs its virtual server into that namespace's IPVS, not the one it runs in, and
 * removes it there when stopped.
 */
public final class IpvsNamespaceGuestChecks {
    private IpvsNamespaceGuestChecks() {}

    public static void main(String[] args) {
        int failed = UmlGuest.runChecks(List.of(new UmlGuest.Check("net-namespace-ipvs", IpvsNamespaceGuestChecks::netNamespaceIpvs)));
        System.exit(Math.min(failed, 100));
    }

    private static Map<String, Set<String>> inNamespace() {
        return IpvsGuestChecks.listing(UmlGuest.shResult("ip netns exec vigilipvs ipvsadm -Ln").output());
    }

    static void netNamespaceIpvs() throws Exception {
        sh("ip netns add vigilipvs");
        // IPVS takes a NAT real server only where it is routable: a route to it in that namespace
        sh("ip -n vigilipvs link set lo up && ip -n vigilipvs addr add 198.18.1.254/24 dev lo");
        Path conf = Path.of("/tmp/net-namespace-ipvs.conf");
        Files.writeString(conf, """
                global_defs {
                    vigil_data_plane ipvs
                    net_namespace_ipvs vigilipvs
                }
                virtual_server 198.18.0.10 80 {
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 198.18.1.1 80 {
                        weight 1
                    }
                }
                """);
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        UmlGuest.spawn(javaBin + " -XX:UseAVX=0 -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -cp " + System.getProperty("java.class.path")
                + " io.vigil.daemon.Main -n -l -C -f " + conf, Path.of("/tmp/vigil.log"));
        boolean up = UmlGuest.await(90_000, () -> inNamespace().getOrDefault("TCP 198.18.0.10:80 rr", Set.of())
                .contains("-> 198.18.1.1:80 Masq 1 0 0"));
        assertThat(up).as("the service and its real server in vigilipvs:\n%s\n%s\nmain namespace:\n%s",
                UmlGuest.shResult("ip netns exec vigilipvs ipvsadm -Ln").output(), UmlGuest.shResult("cat /tmp/vigil.log").output(),
                UmlGuest.shResult("ipvsadm -Ln").output()).isTrue();
        assertThat(inNamespace()).containsOnlyKeys("TCP 198.18.0.10:80 rr");
        assertThat(IpvsGuestChecks.listing(sh("ipvsadm -Ln"))).as("nothing in the daemon's own namespace").isEmpty();
        assertThat(sh("cat /tmp/vigil.log")).contains("IPVS in network namespace /run/netns/vigilipvs");
        UmlGuest.killAll(); // SIGTERM: Vigil removes what it owns, in that namespace
        assertThat(UmlGuest.await(30_000, () -> inNamespace().isEmpty()))
                .as("removed on SIGTERM:\n%s", UmlGuest.shResult("tail -20 /tmp/vigil.log").output()).isTrue();
    }
}
