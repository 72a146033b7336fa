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
 * {@code StandaloneProxy [--io nio|vt] [--workers N] [--sched rr] [--udp] LISTEN_IP:PORT SERVER_IP:PORT[@WEIGHT]...}.
 * Runs until killed.
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
                default -> rest.add(args[i]);
            }
        }
        if (rest.size() < 2) {
            System.err.println("usage: StandaloneProxy [--io nio|vt] [--workers N] [--sched rr] [--udp] LISTEN_IP:PORT SERVER_IP:PORT[@WEIGHT]...");
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
        new CountDownLatch(1).await();
    }

    private static String[] splitHostPort(String s) {
        int c = s.lastIndexOf(':');
        return new String[]{s.substring(0, c), s.substring(c + 1)};
    }
}
