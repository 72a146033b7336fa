package io.vigil.check.bench;

import com.sun.net.httpserver.HttpServer;
import io.vigil.check.CheckerService;
import io.vigil.check.CheckerSettings;
import io.vigil.check.InMemoryPoolListener;
import io.vigil.check.RealServerKey;
import io.vigil.check.RealServerSettings;
import io.vigil.check.VirtualServerKey;
import io.vigil.check.VirtualServerSettings;
import io.vigil.sys.ScriptRunner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs INSIDE the user-mode-linux guest (bench/check-vs-keepalived.sh): keepalived 2.2.7's checkers (which need
 * IPVS) and Vigil's, side by side on the same config and the same real servers, one TCP_CHECK and one HTTP_GET.
 * Each round breaks a server (TCP: listener closed; HTTP: status 500), times how long each takes to drop it
 * (keepalived: the destination leaves /proc/net/ip_vs; Vigil: it leaves the desired pool), then repairs it and
 * times the recovery. Prints {@code SIDE ...} lines.
 */
public final class KeepalivedSideBySide {
    static final String TCP_RS = "127.0.0.2", HTTP_RS = "127.0.0.3";
    static final int TCP_PORT = 8080, HTTP_PORT = 8081;

    static final String CONF = """
            global_defs {
                router_id vigil_side_by_side
            }
            virtual_server 198.18.0.100 80 {
                delay_loop %1$d
                lb_algo rr
                lb_kind NAT
                protocol TCP
                real_server %2$s %3$d {
                    weight 1
                    TCP_CHECK {
                        connect_timeout %4$d
                        retry %5$d
                        delay_before_retry %6$d
                    }
                }
                real_server %7$s %8$d {
                    weight 1
                    HTTP_GET {
                        url {
                            path /ok
                            status_code 200
                        }
                        connect_timeout %4$d
                        retry %5$d
                        delay_before_retry %6$d
                    }
                }
            }
            """;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int delayLoopS = 1, connectTimeoutS = 1, retry = 1, delayBeforeRetryS = 1;

        ServerSocket[] tcp = {listen()};
        AtomicInteger httpStatus = new AtomicInteger(200);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HTTP_RS), HTTP_PORT), 50);
        http.createContext("/ok", ex -> {
            byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(httpStatus.get(), b.length);
            try (var o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        http.start();

        Path conf = Path.of("/tmp/keepalived-side.conf");
        Files.writeString(conf, String.format(Locale.ROOT, CONF, delayLoopS, TCP_RS, TCP_PORT, connectTimeoutS, retry, delayBeforeRetryS, HTTP_RS, HTTP_PORT));
        Process keepalived = new ProcessBuilder("/usr/sbin/keepalived", "-n", "-l", "-D", "-C", "-f", conf.toString(),
                "-p", "/tmp/ka.pid", "-r", "/tmp/ka-vrrp.pid", "-c", "/tmp/ka-check.pid")
                .redirectErrorStream(true).redirectOutput(Path.of("/tmp/keepalived-side.log").toFile()).start();

        var timing = new CheckerSettings.Timing(delayLoopS * 1000L, retry, delayBeforeRetryS * 1000L, delayLoopS * 1000L);
        var co = CheckerSettings.Connect.toRealServer().withTimeout(connectTimeoutS * 1000L);
        RealServerKey tcpKey = RealServerKey.of(TCP_RS, TCP_PORT), httpKey = RealServerKey.of(HTTP_RS, HTTP_PORT);
        VirtualServerKey vs = VirtualServerKey.of("198.18.0.100", 80, "TCP");
        var settings = VirtualServerSettings.of(vs,
                RealServerSettings.of(tcpKey, new CheckerSettings.Tcp(timing, co)),
                RealServerSettings.of(httpKey, new CheckerSettings.Http(timing, co, false, List.of(CheckerSettings.UrlCheck.path("/ok").withStatus("200")),
                        null, false, CheckerSettings.HttpProtocol.HTTP_1_0)));
        InMemoryPoolListener pools = new InMemoryPoolListener();
        int exit = 0;
        try (CheckerService vigil = CheckerService.start(List.of(settings), pools, new ScriptRunner(), 5000)) {
            BooleanSupplier kaTcp = () -> inIpvs(TCP_RS, TCP_PORT), kaHttp = () -> inIpvs(HTTP_RS, HTTP_PORT);
            BooleanSupplier vgTcp = () -> pools.weightOf(vs, tcpKey) > 0, vgHttp = () -> pools.weightOf(vs, httpKey) > 0;
            if (!waitFor(() -> kaTcp.getAsBoolean() && kaHttp.getAsBoolean() && vgTcp.getAsBoolean() && vgHttp.getAsBoolean(), 30_000)) {
                System.out.println("SIDE ERROR servers never all up: keepalived tcp=" + kaTcp.getAsBoolean() + " http=" + kaHttp.getAsBoolean()
                        + " vigil tcp=" + vgTcp.getAsBoolean() + " http=" + vgHttp.getAsBoolean());
                System.out.println(Files.readString(Path.of("/proc/net/ip_vs")));
                System.out.println(Files.readString(Path.of("/tmp/keepalived-side.log")));
                exit = 1;
            } else {
                for (int r = 1; r <= rounds; r++) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1000)); // a random phase against both check loops
                    long[] d = measure(() -> close(tcp[0]), kaTcp, vgTcp, false);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1000));
                    long[] u = measure(() -> tcp[0] = listen(), kaTcp, vgTcp, true);
                    System.out.printf("SIDE TCP_CHECK round=%d keepalived_detect_ms=%d vigil_detect_ms=%d keepalived_recover_ms=%d vigil_recover_ms=%d%n",
                            r, d[0], d[1], u[0], u[1]);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1000));
                    d = measure(() -> httpStatus.set(500), kaHttp, vgHttp, false);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1000));
                    u = measure(() -> httpStatus.set(200), kaHttp, vgHttp, true);
                    System.out.printf("SIDE HTTP_GET round=%d keepalived_detect_ms=%d vigil_detect_ms=%d keepalived_recover_ms=%d vigil_recover_ms=%d%n",
                            r, d[0], d[1], u[0], u[1]);
                }
            }
        } finally {
            keepalived.destroy();
            keepalived.waitFor();
            http.stop(0);
            tcp[0].close();
        }
        System.out.println("SIDE keepalived log tail:");
        List<String> log = Files.readAllLines(Path.of("/tmp/keepalived-side.log"));
        log.subList(Math.max(0, log.size() - 12), log.size()).forEach(l -> System.out.println("  " + l));
        System.exit(exit);
    }

    interface Action {
        void run() throws Exception;
    }

    /** Does {@code action}, then returns ms until keepalived's and Vigil's views both reach {@code wantUp} (-1: not within 20 s). */
    static long[] measure(Action action, BooleanSupplier keepalived, BooleanSupplier vigil, boolean wantUp) throws Exception {
        long t0 = System.nanoTime();
        action.run();
        long ka = -1, vg = -1;
        while ((ka < 0 || vg < 0) && System.nanoTime() - t0 < 20_000_000_000L) {
            long now = (System.nanoTime() - t0) / 1_000_000;
            if (ka < 0 && keepalived.getAsBoolean() == wantUp) ka = now;
            if (vg < 0 && vigil.getAsBoolean() == wantUp) vg = now;
            Thread.sleep(5);
        }
        return new long[]{ka, vg};
    }

    static boolean waitFor(BooleanSupplier c, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) return true;
            Thread.sleep(20);
        }
        return false;
    }

    /** Whether IPVS has the destination (keepalived removes it when its checker fails: no inhibit_on_failure). */
    static boolean inIpvs(String address, int port) {
        try {
            byte[] a = InetAddress.getByName(address).getAddress();
            String hex = String.format("-> %02X%02X%02X%02X:%04X", a[0] & 0xff, a[1] & 0xff, a[2] & 0xff, a[3] & 0xff, port);
            return Files.readString(Path.of("/proc/net/ip_vs")).contains(hex);
        } catch (IOException e) {
            return false;
        }
    }

    static ServerSocket listen() throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(TCP_RS), TCP_PORT), 50);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) ss.accept().close();
            } catch (IOException closed) {
                // the round closed it
            }
        });
        return ss;
    }

    static void close(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
