package io.vigil.sys.bench;

import io.vigil.lab.Lab;
import io.vigil.netlink.IfAddress;
import io.vigil.netlink.NetlinkEvent;
import io.vigil.sys.Announcer;
import io.vigil.sys.NetNs;
import io.vigil.sys.NetlinkWatcher;
import io.vigil.sys.RawVrrpSocket;
import io.vigil.sys.Rtnetlink;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Kernel-side costs, each beside a baseline measured in the same run on the same lab:
 * VIP add+delete through Rtnetlink vs iproute2 (one process per change, as a notify script does it, and
 * amortised in one {@code ip -batch}); GARP burst span on the wire (tcpdump on the peer) vs keepalived 2.2.7's
 * own burst; plus advert sendto cost, advert one-way latency between namespaces, and netlink event latency.
 * Run by bench/sys-kernel.sh as root; prints a Markdown section.
 */
public final class SysBench {
    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run %s on %d cores, load %s%n%n", java.time.Instant.now(), Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim()));
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            Lab.Host b = lab.host("b", "198.18.0.12/24");
            a.sh("ip link set eth0 down && ip link set eth0 address 02:6b:6c:00:00:0b && ip link set eth0 up");
            md.append("| measurement | Vigil | baseline | ratio (Vigil / baseline) |\n|---|---|---|---|\n");
            vipChanges(a, pairs, md);
            garpBurst(lab, a, b, md);
            md.append("\n| measurement (no outside baseline) | median | p99 |\n|---|---|---|\n");
            advertCosts(a, b, md);
            watcherLatency(a, md);
        }
        System.out.println(md);
    }

    private static void vipChanges(Lab.Host a, int pairs, StringBuilder md) throws Exception {
        long[] ns = new long[pairs];
        try (Rtnetlink rt = NetNs.call(a.ns(), Rtnetlink::open)) {
            int eth0 = rt.indexOf("eth0");
            IfAddress vip = IfAddress.of(eth0, InetAddress.getByName("198.18.0.100"), 32);
            for (int i = 0; i < 500; i++) { rt.addAddress(vip); rt.deleteAddress(vip); }
            for (int i = 0; i < pairs; i++) {
                long t = System.nanoTime();
                rt.addAddress(vip);
                rt.deleteAddress(vip);
                ns[i] = System.nanoTime() - t;
            }
        }
        int procPairs = 50;
        long t = System.nanoTime();
        for (int i = 0; i < procPairs; i++) a.sh("ip addr add 198.18.0.100/32 dev eth0; ip addr del 198.18.0.100/32 dev eth0");
        double procMicros = (System.nanoTime() - t) / 1000.0 / procPairs;
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < pairs; i++) batch.append("addr add 198.18.0.100/32 dev eth0\naddr del 198.18.0.100/32 dev eth0\n");
        Path f = Files.createTempFile("vigil-bench", ".batch");
        Files.writeString(f, batch);
        t = System.nanoTime();
        a.sh("ip -batch " + f);
        double batchMicros = (System.nanoTime() - t) / 1000.0 / pairs;
        Files.delete(f);
        double med = pct(ns, 50) / 1000.0;
        md.append(row("VIP add+delete pair, median µs (" + pairs + " pairs)", med, procMicros, "iproute2, 2 processes per pair (notify-script style, " + procPairs + " pairs)"));
        md.append(row("VIP add+delete pair, median µs", med, batchMicros, "iproute2 `ip -batch`, mean per pair incl. one process start"));
        md.append(String.format(Locale.ROOT, "| VIP add+delete pair, p99 µs | %.1f | | |%n", pct(ns, 99) / 1000.0));
    }

    /** GARP bursts of 5 on the wire, first to last frame, captured by tcpdump in the peer: keepalived's, then ours. */
    private static void garpBurst(Lab lab, Lab.Host a, Lab.Host b, StringBuilder md) throws Exception {
        if (a.trySh("command -v keepalived && command -v tcpdump", 5).exit() != 0) {
            md.append("| GARP burst | skipped: keepalived or tcpdump missing | | |\n");
            return;
        }
        Path dir = Files.createTempDirectory("vigil-bench-ka");
        List<Double> kaSpans = new ArrayList<>(), ourSpans = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            Path cap = dir.resolve("ka" + run + ".txt");
            Process dump = b.spawn(List.of("tcpdump", "-tt", "-n", "-l", "-i", "eth0", "--immediate-mode", "-c", "5", "arp"), cap);
            waitListening(cap);
            Files.writeString(dir.resolve("k.conf"), """
                    vrrp_instance VI_1 {
                      state MASTER
                      interface eth0
                      virtual_router_id 51
                      priority 255
                      advert_int 1
                      virtual_ipaddress {
                        198.18.0.100/32
                      }
                    }
                    """);
            Process ka = a.spawn(List.of("keepalived", "-n", "-l", "-D", "-f", dir.resolve("k.conf").toString(), "-p", dir.resolve("k.pid").toString(),
                    "-r", dir.resolve("v.pid").toString(), "-c", dir.resolve("c.pid").toString()), dir.resolve("ka.log"));
            dump.waitFor(15, TimeUnit.SECONDS);
            ka.destroy();
            ka.waitFor(10, TimeUnit.SECONDS);
            kaSpans.add(span(cap));

            Path ours = dir.resolve("v" + run + ".txt");
            Process dump2 = b.spawn(List.of("tcpdump", "-tt", "-n", "-l", "-i", "eth0", "--immediate-mode", "-c", "5", "arp"), ours);
            waitListening(ours);
            try (Announcer an = NetNs.call(a.ns(), () -> Announcer.open("eth0"))) {
                InetAddress vip = InetAddress.getByName("198.18.0.100");
                for (int i = 0; i < 5; i++) an.announce(vip);
            }
            dump2.waitFor(15, TimeUnit.SECONDS);
            ourSpans.add(span(ours));
        }
        double k = median(kaSpans), v = median(ourSpans);
        md.append(row("5-GARP burst on the wire, first→last frame, µs (median of 3)", v, k, "keepalived 2.2.7 entering MASTER"));
        md.append(String.format(Locale.ROOT, "| … the 3 bursts, µs | %s | %s | |%n", fmt(ourSpans), fmt(kaSpans)));
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    private static void waitListening(Path log) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(log) && Files.readString(log).contains("listening on")) return;
            Thread.sleep(50);
        }
        throw new IllegalStateException("tcpdump did not start");
    }

    private static double span(Path cap) throws Exception {
        double[] ts = Files.readAllLines(cap).stream().filter(l -> l.contains("who-has 198.18.0.100"))
                .mapToDouble(l -> Double.parseDouble(l.substring(0, l.indexOf(' ')))).toArray();
        if (ts.length < 5) throw new IllegalStateException("captured " + ts.length + " GARPs in " + cap + ": " + Files.readString(cap));
        return (ts[4] - ts[0]) * 1e6;
    }

    private static void advertCosts(Lab.Host a, Lab.Host b, StringBuilder md) throws Exception {
        byte[] advert = java.util.HexFormat.of().parseHex("45c00028000100 00ff701475c612000be0000012".replace(" ", "")
                + "213364010001b453c61200640000000000000000");
        try (RawVrrpSocket tx = NetNs.call(a.ns(), () -> RawVrrpSocket.openIpv4("eth0", false));
             RawVrrpSocket rx = NetNs.call(b.ns(), () -> RawVrrpSocket.openIpv4("eth0", true))) {
            int n = 2000;
            long[] send = new long[n], oneWay = new long[n];
            BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(16);
            Thread receiver = Thread.ofPlatform().start(() -> {
                while (true) {
                    RawVrrpSocket.Received r = rx.receive(1000);
                    if (r == null && rx.isClosed()) return;
                    if (r != null) arrivals.offer(System.nanoTime());
                }
            });
            for (int i = 0; i < 200; i++) { tx.sendIpv4(advert, RawVrrpSocket.GROUP_V4); arrivals.poll(1, TimeUnit.SECONDS); }
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                tx.sendIpv4(advert, RawVrrpSocket.GROUP_V4);
                send[i] = System.nanoTime() - t;
                Long at = arrivals.poll(1, TimeUnit.SECONDS);
                oneWay[i] = at == null ? Long.MAX_VALUE : at - t;
                Thread.sleep(1);
            }
            rx.close();
            receiver.join(5000);
            md.append(String.format(Locale.ROOT, "| advert sendto (IP_HDRINCL), µs | %.1f | %.1f |%n", pct(send, 50) / 1000.0, pct(send, 99) / 1000.0));
            md.append(String.format(Locale.ROOT, "| advert one-way, send call → receive() returns in the peer namespace, µs | %.1f | %.1f |%n",
                    pct(oneWay, 50) / 1000.0, pct(oneWay, 99) / 1000.0));
        }
    }

    private static void watcherLatency(Lab.Host a, StringBuilder md) throws Exception {
        BlockingQueue<Long> seen = new ArrayBlockingQueue<>(16);
        int n = 1000;
        long[] lat = new long[n];
        try (NetlinkWatcher w = NetNs.call(a.ns(), () -> NetlinkWatcher.start(e -> {
                 if (e instanceof NetlinkEvent.AddressAdded) seen.offer(System.nanoTime());
             }));
             Rtnetlink rt = NetNs.call(a.ns(), Rtnetlink::open)) {
            IfAddress vip = IfAddress.of(rt.indexOf("eth0"), InetAddress.getByName("198.18.0.101"), 32);
            for (int i = 0; i < n + 100; i++) {
                long t = System.nanoTime();
                rt.addAddress(vip);
                Long at = seen.poll(1, TimeUnit.SECONDS);
                if (i >= 100) lat[i - 100] = at == null ? Long.MAX_VALUE : at - t;
                rt.deleteAddress(vip);
            }
        }
        md.append(String.format(Locale.ROOT, "| address added → watcher listener called, µs | %.1f | %.1f |%n", pct(lat, 50) / 1000.0, pct(lat, 99) / 1000.0));
    }

    private static String row(String what, double vigil, double base, String baseName) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f (%s) | %.3f |%n", what, vigil, base, baseName, vigil / base);
    }

    private static double pct(long[] v, int p) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static String fmt(List<Double> v) {
        return String.join(", ", v.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList());
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
