package io.vigil.lb.proxy;

import io.vigil.lb.Addresses;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the proxy data plane alone, for benchmarks and manual tests:
 * {@code StandaloneProxy [--io nio|vt] [--workers N] [--sched rr] [--udp] [--connect-timeout MS] LISTEN_IP:PORT SERVER_IP:PORT[@WEIGHT]...}.
 * Runs until killed. Reads commands on stdin, one per line: {@code weight IP:PORT N}, {@code add IP:PORT N},
 * {@code remove IP:PORT}, {@code status} (prints the ipvsadm-style listing, then a line with a single dot).
 */
public final class StandaloneProxy {
    private StandaloneProxy() {}

    public static void main(String[] args) throws InterruptedException {
        ProxySettings settings = ProxySettings.DEFAULTS;
        SchedulerKind sched = SchedulerKind.RR;
        Protocol proto = Protocol.TCP;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--io" -> settings = settings.withIoModel(args[++i].equals("vt") ? ProxySettings.IoModel.VIRTUAL_THREADS : ProxySettings.IoModel.NIO);
                case "--workers" -> settings = settings.withWorkers(Integer.parseInt(args[++i]));
                case "--sched" -> sched = SchedulerKind.parse(args[++i]);
                case "--udp" -> proto = Protocol.UDP;
                case "--connect-timeout" -> settings = settings.withConnectTimeoutMillis(Integer.parseInt(args[++i]));
                default -> rest.add(args[i]);
            }
        }
        if (rest.size() < 2) {
            System.err.println("usage: StandaloneProxy [--io nio|vt] [--workers N] [--sched rr] [--udp] [--connect-timeout MS] LISTEN_IP:PORT SERVER_IP:PORT[@WEIGHT]...");
            System.exit(2);
        }
        String[] l = splitHostPort(rest.getFirst());
        ServiceKey key = new ServiceKey.Ip(proto, Addresses.literal(l[0]), Integer.parseInt(l[1]));
        List<RealServer> servers = new ArrayList<>();
        for (String s : rest.subList(1, rest.size())) {
            int w = 1;
            int at = s.indexOf('@');
            if (at > 0) {
                w = Integer.parseInt(s.substring(at + 1));
                s = s.substring(0, at);
            }
            String[] hp = splitHostPort(s);
            servers.add(RealServer.nat(Addresses.literal(hp[0]), Integer.parseInt(hp[1]), w));
        }
        ProxyDataPlane dp = new ProxyDataPlane(settings);
        dp.reconcile(new DesiredState(List.of(VirtualService.of(key, sched, servers))));
        System.out.println("proxy " + key + " (" + settings.ioModel() + ", " + settings.workers() + " worker(s)) ready");
        System.out.flush();
        control(dp, key);
        new CountDownLatch(1).await();
    }

    private static void control(ProxyDataPlane dp, ServiceKey key) {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.trim().split("\\s+");
                try {
                    VirtualService s = dp.current().service(key).orElseThrow();
                    switch (w[0]) {
                        case "weight", "add", "remove" -> {
                            String[] hp = splitHostPort(w[1]);
                            RealServer.Key k = new RealServer.Key(Addresses.literal(hp[0]), Integer.parseInt(hp[1]));
                            VirtualService next = switch (w[0]) {
                                case "weight" -> s.withWeight(k, Integer.parseInt(w[2]));
                                case "add" -> {
                                    List<RealServer> l = new ArrayList<>(s.servers());
                                    l.add(RealServer.nat(k.address(), k.port(), Integer.parseInt(w[2])));
                                    yield s.withServers(l);
                                }
                                default -> s.without(k);
                            };
                            dp.reconcile(new DesiredState(List.of(next)));
                            System.out.println("ok");
                        }
                        case "status" -> System.out.print(io.vigil.lb.StatusFormatter.format(dp.kind(), dp.current(), dp.stats()) + ".\n");
                        case "" -> { }
                        default -> System.out.println("unknown command: " + w[0]);
                    }
                } catch (RuntimeException e) {
                    System.out.println("error: " + e.getMessage());
                }
                System.out.flush();
            }
        } catch (java.io.IOException e) {
            // stdin closed: keep serving
        }
    }

    private static String[] splitHostPort(String s) {
        int c = s.lastIndexOf(':');
        return new String[]{s.substring(0, c), s.substring(c + 1)};
    }
}
