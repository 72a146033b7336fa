package io.vigil.lab.vrrp;

import io.vigil.daemon.ControlServer;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.vigil.lab.vrrp.VrrpLab.assertVipOnlyOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile adverts (issue #12): from an attacker namespace, datagrams that each break one receive check of RFC 3768
 * §7.1 (v2, with PASS authentication) or RFC 5798 §7.1 (v3), multicast so that a MASTER and a BACKUP get each one,
 * then a flood of 10,000 a second with the instance's VRID for longer than the backup's master-down interval. Every
 * datagram must be dropped and counted under its reason (read back through the control socket's {@code dump-stats}),
 * nothing may change state, and the MASTER's own adverts, captured on its switch port, must never pause for as long
 * as the backup's master-down interval (a correctness bound: beyond it the backup would take over).
 */
class HostileAdvertLabTest {
    private static final String VIP = "198.18.0.100", A = "198.18.0.11", B = "198.18.0.12", X = "198.18.0.66";
    private static final int A_PRIORITY = 200, B_PRIORITY = 100, EACH = 20;
    private static final Pattern COUNTER = Pattern.compile("([A-Z_]+)=(\\d+)");
    private static final Pattern WIRE = Pattern.compile("^(\\d+\\.\\d+) IP (\\S+) > \\S+: VRRPv\\d, Advertisement, vrid (\\d+), prio (\\d+)");

    /** The reason each kind of the script must be counted under, and whether no instance claims it (no VRID to match). */
    private static String reason(String kind) {
        return switch (kind) {
            case "ADDRESS_COUNT" -> "ADDRESS_LIST";
            case "AUTH_TYPE_UNKNOWN" -> "AUTH_TYPE";
            case "CHECKSUM_NO_PSEUDO_HEADER" -> "CHECKSUM";
            default -> kind;
        };
    }

    private static boolean unrouted(String kind) {
        return kind.equals("VRID") || kind.equals("TOO_SHORT");
    }

    @ParameterizedTest(name = "VRRPv{0}")
    @ValueSource(ints = {2, 3})
    @Timeout(600)
    void everyBrokenAdvertIsDroppedAndCountedAndTheMasterKeepsAdvertising(int version) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", A + "/24"), hb = v.host("b", B + "/24"), hx = v.host("x", X + "/24");
            VrrpConf conf = version == 2 ? VrrpConf.fast(A_PRIORITY, VIP + "/24").withAdvert(2, "1").withAuth("PASS", "vigil123")
                    : VrrpConf.fast(A_PRIORITY, VIP + "/24");
            int intervalCentis = version == 2 ? 100 : 10;
            // The backup's Master_Down_Interval (RFC 3768 §6.1 / RFC 5798 §6.1), in seconds.
            double masterDown = version == 2 ? 3.0 + (256 - B_PRIORITY) / 256.0 : 3 * 0.1 + (256 - B_PRIORITY) * 0.1 / 256;
            VigilNode a = v.vigil(ha, "a", conf);
            VigilNode b = v.vigil(hb, "b", conf.withPriority(B_PRIORITY));
            a.start();
            v.awaitStates(a, "MASTER");
            b.start();
            v.awaitStates(a, "MASTER", b, "BACKUP");

            // Adverts of both routers as the switch forwards them to a's port (b's would show a takeover).
            Path wireFile = v.dir.resolve("a-port.txt");
            v.lab.spawn(v.lab.prefix() + "sw", List.of("tcpdump", "-i", ha.ns() + "s", "-n", "-l", "-tt", "--immediate-mode", "-U",
                    "ip proto 112 and (src host " + A + " or src host " + B + ")"), wireFile);
            v.awaitOrDump("tcpdump on a's switch port", Duration.ofSeconds(15), () -> assertThat(read(wireFile)).contains("listening on"));
            double junkFrom = VrrpLab.nowEpochSeconds();
            int aMasters = count(a.log(), "Entering MASTER STATE"), bMasters = count(b.log(), "Entering MASTER STATE");

            Path script = v.dir.resolve("hostile_adverts.py");
            try (InputStream in = HostileAdvertLabTest.class.getResourceAsStream("/lab/hostile_adverts.py")) {
                Files.write(script, in.readAllBytes());
            }
            hx.sh("ip route add 224.0.0.0/4 dev eth0");
            List<String> base = new ArrayList<>(List.of("python3", script.toString(), "--version", Integer.toString(version), "--vrid", "51",
                    "--vip", VIP, "--src", X, "--interval-centis", Integer.toString(intervalCentis)));
            if (version == 2) base.addAll(List.of("--password", "vigil123"));

            List<String> kinds = List.of(attack(hx, base, "--kind", "x", "--list").trim().split(" "));
            assertThat(kinds).contains("TTL", "VERSION", "CHECKSUM", "VRID", "ADDRESS_LIST", "LENGTH", "TOO_SHORT");
            if (version == 2) assertThat(kinds).contains("AUTH_TYPE", "AUTH_PASSWORD", "INTERVAL");
            StringBuilder table = new StringBuilder("kind -> reason: a, b\n");
            for (String kind : kinds) {
                Map<String, Long> a0 = drops(a), b0 = drops(b);
                String out = attack(hx, base, "--kind", kind, "--count", Integer.toString(EACH), "--rate", "200");
                assertThat(out).as(kind).startsWith("sent " + EACH + " failed 0");
                String key = (unrouted(kind) ? "unrouted." : "VI_1.") + reason(kind);
                Map<String, Long> expected = Map.of(key, (long) EACH);
                v.awaitOrDump(kind + " counted on both", Duration.ofSeconds(30), () -> {
                    assertThat(delta(a0, drops(a))).as("a, " + kind).isEqualTo(expected);
                    assertThat(delta(b0, drops(b))).as("b, " + kind).isEqualTo(expected);
                });
                table.append(kind).append(" -> ").append(key).append(": ").append(EACH).append(", ").append(EACH).append('\n');
            }

            // The flood: every kind in turn, 10,000 a second, for longer than the backup's master-down interval.
            double floodSeconds = Math.max(3.0, 1.5 * masterDown);
            Map<String, Long> a0 = drops(a), b0 = drops(b);
            double floodFrom = VrrpLab.nowEpochSeconds();
            String out = attack(hx, base, "--kind", "mix", "--rate", "10000", "--seconds", Double.toString(floodSeconds));
            double floodTo = VrrpLab.nowEpochSeconds();
            Matcher sent = Pattern.compile("sent (\\d+) failed (\\d+) in (\\S+) s").matcher(out);
            assertThat(sent.find()).as(out).isTrue();
            long floodSent = Long.parseLong(sent.group(1));
            double floodTook = Double.parseDouble(sent.group(3));
            assertThat(floodTook).as("the flood lasted longer than the master-down interval").isGreaterThan(masterDown);
            // Every datagram that reached a router was dropped and counted; the kernel may drop some before (counted in
            // /proc/net/raw): read both once the counters stop moving.
            long[] aCounted = new long[1], bCounted = new long[1];
            v.awaitOrDump("flood counted", Duration.ofSeconds(60), () -> {
                long na = total(delta(a0, drops(a))), nb = total(delta(b0, drops(b)));
                boolean settled = na == aCounted[0] && nb == bCounted[0];
                aCounted[0] = na;
                bCounted[0] = nb;
                assertThat(settled && na > 0 && nb > 0).isTrue();
            });
            long aSocketDrops = rawSocketDrops(ha), bSocketDrops = rawSocketDrops(hb);
            table.append(String.format("flood: %d sent in %.2f s; counted by reason a %d, b %d; dropped by the kernel at the socket a %d, b %d%n",
                    floodSent, floodTook, aCounted[0], bCounted[0], aSocketDrops, bSocketDrops));
            assertThat(aCounted[0]).as(table.toString()).isLessThanOrEqualTo(floodSent).isGreaterThanOrEqualTo(floodSent - aSocketDrops);
            assertThat(bCounted[0]).as(table.toString()).isLessThanOrEqualTo(floodSent).isGreaterThanOrEqualTo(floodSent - bSocketDrops);

            // Some adverts from a after the flood, then judge the wire.
            v.awaitOrDump("three adverts of a after the flood", Duration.ofSeconds(30), () -> assertThat(
                    adverts(wireFile).stream().filter(w -> w.source().equals(A) && w.at() > floodTo).count()).isGreaterThanOrEqualTo(3));
            List<Wire> wire = adverts(wireFile).stream().filter(w -> w.at() >= junkFrom).toList();
            String report = table + v.logs();
            assertThat(wire).as("b never advertised: no takeover\n" + report).noneMatch(w -> w.source().equals(B));
            assertThat(wire).as(report).allMatch(w -> w.priority() == A_PRIORITY && w.vrid() == 51);
            double maxGap = 0, floodGap = 0;
            for (int i = 1; i < wire.size(); i++) {
                double gap = wire.get(i).at() - wire.get(i - 1).at();
                maxGap = Math.max(maxGap, gap);
                if (wire.get(i).at() >= floodFrom && wire.get(i - 1).at() <= floodTo) floodGap = Math.max(floodGap, gap);
            }
            System.out.printf("VRRPv%d hostile adverts:%n%s a's adverts: max gap %.1f ms (%.1f ms during the flood), advert %d ms, b's master-down %.1f ms%n",
                    version, table, maxGap * 1000, floodGap * 1000, intervalCentis * 10, masterDown * 1000);
            assertThat(maxGap).as("a's max advert gap (s) stays below the backup's master-down interval\n" + report).isLessThan(masterDown);
            assertThat(floodGap).as("adverts went out during the flood").isPositive();

            assertThat(a.state(VrrpConf.INSTANCE)).isEqualTo("MASTER");
            assertThat(b.state(VrrpConf.INSTANCE)).isEqualTo("BACKUP");
            assertThat(count(a.log(), "Entering MASTER STATE")).as(report).isEqualTo(aMasters);
            assertThat(count(b.log(), "Entering MASTER STATE")).as(report).isEqualTo(bMasters);
            assertVipOnlyOn(VIP, a, b);
            // The log stays readable: at most one "dropped advert" line per reason per 10 s (plus the first), not one per datagram.
            double seconds = VrrpLab.nowEpochSeconds() - junkFrom;
            long bound = (long) (io.vigil.vrrp.DropReason.values().length * (seconds / 10 + 2));
            for (VigilNode n : List.of(a, b)) {
                int lines = count(n.log(), "dropped advert from");
                System.out.printf("%s: %d 'dropped advert' log lines over %.0f s (bound %d)%n", n.name(), lines, seconds, bound);
                assertThat(lines).as(n.name()).isPositive().isLessThanOrEqualTo((int) bound);
            }
        }
    }

    private static String attack(Lab.Host x, List<String> base, String... extra) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", x.ns()));
        argv.addAll(base);
        argv.addAll(List.of(extra));
        Lab.Result r = Lab.run(argv, 120);
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output();
    }

    /** Drop counters from {@code dump-stats}: {@code VI_1.REASON} and {@code unrouted.REASON}. */
    private static Map<String, Long> drops(VigilNode n) {
        String text;
        try {
            String answer = ControlServer.request(n.controlSocket(), "dump-stats").trim();
            assertThat(answer).startsWith("wrote ");
            text = Files.readString(Path.of(answer.substring("wrote ".length())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String prefix = line.startsWith("   Dropped adverts = ") ? "VI_1." : line.startsWith(" Dropped adverts for no instance = ") ? "unrouted." : null;
            if (prefix == null) continue;
            Matcher m = COUNTER.matcher(line.substring(line.indexOf('=') + 1));
            while (m.find()) out.put(prefix + m.group(1), Long.parseLong(m.group(2)));
        }
        assertThat(text).contains("Dropped adverts for no instance");
        return out;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new HashMap<>();
        after.forEach((k, n) -> {
            long diff = n - before.getOrDefault(k, 0L);
            if (diff != 0) d.put(k, diff);
        });
        return d;
    }

    private static long total(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Datagrams the kernel dropped at the host's raw sockets for protocol 112 (full receive buffer): /proc/net/raw. */
    private static long rawSocketDrops(Lab.Host h) {
        long drops = 0;
        for (String line : h.sh("cat /proc/net/raw").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 13 && f[1].endsWith(":0070")) drops += Long.parseLong(f[f.length - 1]);
        }
        return drops;
    }

    private record Wire(double at, String source, int vrid, int priority) {}

    private static List<Wire> adverts(Path file) {
        List<Wire> out = new ArrayList<>();
        for (String line : read(file).split("\n")) {
            Matcher m = WIRE.matcher(line);
            if (m.find()) out.add(new Wire(Double.parseDouble(m.group(1)), m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
