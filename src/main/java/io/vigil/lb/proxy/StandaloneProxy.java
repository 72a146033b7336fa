package io.vigil.lb.proxy;

import io.vigil.net.IpLiteral;
import io.vigil.lb.Addresses;
import io.vigil.lb.DataPlane;
import io.vigil.lb.nft.NftDataPlane;
import io.vigil.lb.nft.NftRunner;
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
 * {@code StandaloneProxy [--io nio|vt|epoll] [--splice] [--workers N] [--sched rr] [--udp] [--connect-timeout MS] LISTEN_IP:PORT SERVER_IP:PORT[@WEIGHT]...}.
 * Runs until killed. Reads commands on stdin, one per line: {@code weight IP:PORT N}, {@code add IP:PORT N},
 * {@code remove IP:PORT}, {@code status} (prints the ipvsadm-style listing, then a line with a single dot).
 */
public final class StandaloneProxy {
    private StandaloneProxy() {}

    public static void main(String[] args) throws InterruptedException {
        ProxySettings settings = ProxySettings.DEFAULTS;
        SchedulerKind sched = SchedulerKind.RR;
        Protocol proto = Protocol.TCP;
        boolean nft = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--io" -> settings = settings.withIoModel(switch (args[++i]) {
                    case "vt" -> ProxySettings.IoModel.VIRTUAL_THREADS;
                    case "epoll" -> ProxySettings.IoModel.EPOLL;
                    case "uring", "io_uring" -> ProxySettings.IoModel.IO_URING;
                    default -> ProxySettings.IoModel.NIO;
                });
                case "--workers" -> settings = settings.withWorkers(Integer.parseInt(args[++i]));
                case "--sched" -> sched = SchedulerKind.parse(args[++i]);
                case "--udp" -> proto = Protocol.UDP;
                case "--splice" -> settings = settings.withSplice(true);
                case "--plane" -> nft = args[++i].startsWith("nft");
                case "--connect-timeout" -> settings = settings.withConnectTimeoutMillis(Integer.parseInt(args[++i]));
                default -> rest.add(args[i]);
            }
        }
        if (rest.size() < 2) {
            System.err.println("usage: StandaloneProxy [--plane proxy|nft] [--io nio|vt|epoll] [--splice] [--workers N] [--sched rr] [--udp] [--connect-timeout MS]"
                    + " LISTEN_IP:PORT SERVER_IP:PORT[@WEIGHT]... [-- LISTEN_IP:PORT SERVER_IP:PORT[@WEIGHT]...]...");
            System.exit(2);
        }
        List<VirtualService> services = new ArrayList<>();
        List<String> group = new ArrayList<>();
        rest.add("--");
        for (String a : rest) {
            if (!a.equals("--")) {
                group.add(a);
                continue;
            }
            if (group.isEmpty()) continue;
            String[] l = splitHostPort(group.getFirst());
            ServiceKey key = new ServiceKey.Ip(proto, IpLiteral.parse(l[0]), Integer.parseInt(l[1]));
            List<RealServer> servers = new ArrayList<>();
            for (String srv : group.subList(1, group.size())) {
                int w = 1;
                int at = srv.indexOf('@');
                if (at > 0) {
                    w = Integer.parseInt(srv.substring(at + 1));
                    srv = srv.substring(0, at);
                }
                String[] hp = splitHostPort(srv);
                servers.add(RealServer.nat(IpLiteral.parse(hp[0]), Integer.parseInt(hp[1]), w));
            }
            services.add(VirtualService.of(key, sched, servers));
            group.clear();
        }
        DataPlane dp = nft ? new NftDataPlane(NftRunner.command(List.of())) : new ProxyDataPlane(settings);
        dp.reconcile(new DesiredState(services));
        Runtime.getRuntime().addShutdownHook(new Thread(dp::close));
        System.out.println(dp.kind().keyword() + " " + services.stream().map(v -> v.key().toString()).toList()
                + (nft ? "" : " (" + settings.ioModel() + ", " + settings.workers() + " worker(s))") + " ready");
        System.out.flush();
        control(dp, services.getFirst().key());
        new CountDownLatch(1).await();
    }

    private static void control(DataPlane dp, ServiceKey key) {
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
                            RealServer.Key k = new RealServer.Key(IpLiteral.parse(hp[0]), Integer.parseInt(hp[1]));
                            VirtualService next = switch (w[0]) {
                                case "weight" -> s.withWeight(k, Integer.parseInt(w[2]));
                                case "add" -> {
                                    List<RealServer> l = new ArrayList<>(s.servers());
                                    l.add(RealServer.nat(k.address(), k.port(), Integer.parseInt(w[2])));
                                    yield s.withServers(l);
                                }
                                default -> s.without(k);
                            };
                            List<VirtualService> all = new ArrayList<>(dp.current().services());
                            all.replaceAll(v -> v.key().equals(key) ? next : v);
                            dp.reconcile(new DesiredState(all));
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
