package io.vigil.vrrp;

import java.util.List;

/**
 * Runs copies of the instances through a takeover, adverts in and out, and a stop, in memory, before the service
 * starts: the classes are loaded and the paths interpreted a few hundred times, so the first real takeover is not
 * slowed by class loading (measured: tens of milliseconds on a cold JVM).
 */
final class VrrpWarmup {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VrrpWarmup.class);

    private VrrpWarmup() {}

    /**
     * Runs the takeover paths for the JIT without touching anything (state machine copies in memory, adverts and
     * GARPs on lo, refused netlink requests). Off the VRRP thread; a failure only ends the warm-up.
     */
    static void warmUp(List<VrrpInstanceSettings> settings, VrrpPorts ports) {
        try {
            long started = System.nanoTime();
            run(settings);
            ports.channel().warmUp();
            ports.announcer().warmUp();
            for (VrrpInstanceSettings s : settings) {
                List<VirtualAddress> all = new java.util.ArrayList<>(s.virtualAddresses());
                all.addAll(s.excludedAddresses());
                try {
                    ports.addresses().prepare(s.vipInterface(), all);
                } catch (java.io.IOException e) {
                    log.warn("({}) prepare addresses failed: {}", s.name(), e.getMessage());
                }
            }
            log.debug("takeover paths warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | Error e) {
            log.debug("warm-up stopped: {}", e.toString());
        }
    }

    static void run(List<VrrpInstanceSettings> settings) {
        for (VrrpInstanceSettings s : settings) {
            for (int round = 0; round < 200; round++) {
                VrrpInstance i = new VrrpInstance(s, true);
                long t = 0;
                i.on(new VrrpEvent.Startup(), t);
                List<Action> a = i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), t += 10_000_000_000L);
                for (Action x : a) {
                    if (x instanceof Action.SendAdvert adv && !adv.datagrams().isEmpty()) {
                        OutboundAdvert d = adv.datagrams().getFirst();
                        // Our own advert, seen by a twin: exercises decode and validation.
                        InboundAdvert in = new InboundAdvert(d.bytes(), d.family(), d.source(), d.destination(), 255, 0);
                        new VrrpInstance(s, true).on(new VrrpEvent.AdvertReceived(in), t);
                    }
                }
                i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), t += s.advertIntervalNanos());
                i.on(new VrrpEvent.Shutdown("warm-up"), t + 1);
            }
        }
    }
}
