package io.vigil.lab.vrrp;

import io.vigil.lab.KeepalivedNode;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link Lab} (random prefix) for VRRP scenarios: hosts, Vigil and keepalived routers with their files in a
 * per-test directory, and waits that fail with the routers' logs. Closing stops the routers, deletes the
 * namespaces and the directory.
 */
public final class VrrpLab implements AutoCloseable {
    /** How long a state may take to show: JVM starts on a busy 2-core machine, master-down timers (v2: ~3.6 s). */
    public static final Duration SETTLE = Duration.ofSeconds(40);

    public final Lab lab;
    public final Path dir;
    private final List<Router> routers = new ArrayList<>();
    private final List<Capture> captures = new ArrayList<>();

    private VrrpLab(Lab lab, Path dir) {
        this.lab = lab;
        this.dir = dir;
    }

    /** Skips the test (with the reason) unless root with namespaces and tcpdump. */
    public static VrrpLab create() {
        Lab lab = Lab.create();
        if (Lab.run(List.of("sh", "-c", "command -v tcpdump"), 5).exit() != 0) {
            lab.close();
            org.junit.jupiter.api.Assumptions.abort("SKIPPED: tcpdump is not installed (apt-get install -y tcpdump)");
        }
        try {
            return new VrrpLab(lab, Files.createTempDirectory("vigil-vrrplab-" + lab.prefix()));
        } catch (IOException e) {
            lab.close();
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Lab.Host host(String name, String... cidrs) {
        return lab.host(name, cidrs);
    }

    public VigilNode vigil(Lab.Host host, String name, VrrpConf conf) {
        VigilNode n = new VigilNode(host, name, dir, conf.text(name));
        routers.add(n);
        return n;
    }

    public KeepalivedNode keepalived(Lab.Host host, String name, VrrpConf conf) {
        KeepalivedNode.assumeInstalled(host);
        KeepalivedNode n = new KeepalivedNode(host, name, dir, conf.text(name));
        routers.add(n);
        return n;
    }

    private boolean filterReady;

    /**
     * Stops (or lets through again) every frame the switch would forward from {@code from}'s port to {@code to}'s, in
     * one direction only, with an nftables bridge filter in the switch namespace: no link changes state, and everyone
     * else still reaches both. Uses the lab's naming: switch namespace {@code <prefix>sw}, a host's port
     * {@code <host namespace>s}. ({@link Lab.Host#cable} takes the switch side down instead: carrier loss on the host.)
     */
    public void block(Lab.Host from, Lab.Host to, boolean blocked) {
        String sw = lab.prefix() + "sw";
        if (!filterReady) {
            lab.sh(sw, "nft add table bridge vglab && nft add chain bridge vglab pass '{ type filter hook forward priority 0; policy accept; }'"
                    + " && nft add set bridge vglab cut '{ type ifname . ifname; }' && nft add rule bridge vglab pass iifname . oifname @cut drop");
            filterReady = true;
        }
        lab.sh(sw, "nft " + (blocked ? "add" : "delete") + " element bridge vglab cut '{ \"" + from.ns() + "s\" . \"" + to.ns() + "s\" }'");
    }

    public Capture capture(Lab.Host host) {
        Capture c = Capture.start(host, dir.resolve(host.ns() + ".pcap.txt"));
        captures.add(c);
        return c;
    }

    /** Waits until every router reports the expected state of {@code VI_1}; fails with their logs. */
    public void awaitStates(Object... routerThenState) {
        Map<Router, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < routerThenState.length; i += 2) expected.put((Router) routerThenState[i], (String) routerThenState[i + 1]);
        awaitOrDump("states " + describe(expected), SETTLE, () -> {
            expected.forEach((r, s) -> assertThat(r.state(VrrpConf.INSTANCE)).as(r.name()).isEqualTo(s));
        });
    }

    private static String describe(Map<Router, String> m) {
        StringBuilder s = new StringBuilder();
        m.forEach((r, st) -> s.append(r.name()).append('=').append(st).append(' '));
        return s.toString().trim();
    }

    /** Waits for an assertion to hold; on time-out fails with the routers' logs. */
    public void awaitOrDump(String what, Duration atMost, org.awaitility.core.ThrowingRunnable assertion) {
        try {
            await(what).atMost(atMost).pollInterval(Duration.ofMillis(50)).untilAsserted(assertion);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + logs(), e);
        }
    }

    /** Every router's state and log tail, for failure messages. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        for (Router r : routers) {
            String[] lines = r.log().split("\n");
            out.append("---- ").append(r.name()).append(" (").append(r.state(VrrpConf.INSTANCE)).append(", addresses ")
                    .append(addresses(r.host())).append(") ----\n");
            for (int i = Math.max(0, lines.length - 40); i < lines.length; i++) out.append(lines[i]).append('\n');
        }
        for (Capture c : captures) {
            String[] lines = c.text().split("\n");
            out.append("---- capture (last lines) ----\n");
            for (int i = Math.max(0, lines.length - 30); i < lines.length; i++) out.append(lines[i]).append('\n');
        }
        return out.toString();
    }

    /** The addresses on a host's eth0 ({@code ip -j addr}). */
    public static List<String> addresses(Lab.Host host) {
        Lab.Result r = host.trySh("ip -j addr show dev eth0", 10);
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"local\":\"([^\"]+)\"").matcher(r.output());
        while (m.find()) out.add(m.group(1));
        return out;
    }

    public static boolean holds(Router r, String address) {
        return addresses(r.host()).contains(address);
    }

    /** The VIP is on {@code master} and on none of {@code others}. */
    public static void assertVipOnlyOn(String vip, Router master, Router... others) {
        assertThat(addresses(master.host())).as("addresses of " + master.name()).contains(vip);
        for (Router o : others) assertThat(addresses(o.host())).as("addresses of " + o.name()).doesNotContain(vip);
    }

    public static String mac(Lab.Host host) {
        return host.sh("cat /sys/class/net/eth0/address").trim();
    }

    /** The link-layer address a client's neighbour table holds for an IP, or "" when none. */
    public static String neighbour(Lab.Host client, String ip) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"lladdr\":\"([^\"]+)\"")
                .matcher(client.trySh("ip -j neigh show " + ip + " dev eth0", 10).output());
        return m.find() ? m.group(1) : "";
    }

    public static double nowEpochSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void close() {
        for (Router r : routers) {
            try {
                r.close();
            } catch (RuntimeException e) {
                // the lab kills what is left, by pid
            }
        }
        lab.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
