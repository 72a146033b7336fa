package io.vigil.vrrp;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** In-memory fakes of the kernel ports, with real threads, for VrrpService tests. */
final class InMemoryPorts {
    private InMemoryPorts() {}

    /** A broadcast domain: every channel on it receives what the others send (multicast) or what is addressed to it. */
    static final class Hub {
        final List<Channel> channels = new CopyOnWriteArrayList<>();
        final List<OutboundAdvert> sent = new CopyOnWriteArrayList<>();
        /** The same datagrams with the System.nanoTime they were sent at. */
        final List<TimedAdvert> timed = new CopyOnWriteArrayList<>();
        final ExecutorService delivery = Executors.newSingleThreadExecutor();

        Channel channel(InetAddress own) {
            Channel c = new Channel(this, own);
            channels.add(c);
            return c;
        }

        /** Injects a datagram as if some host sent it. */
        void inject(String ifname, InboundAdvert a) {
            for (Channel c : channels) if (c.sink != null) c.sink.received(ifname, a);
        }
    }

    /** @param thread the name of the thread that sent it */
    record TimedAdvert(long atNanos, OutboundAdvert advert, String thread) {}

    static final class Channel implements AdvertChannel {
        final Hub hub;
        final InetAddress own;
        volatile Sink sink;
        volatile boolean connected = true;

        Channel(Hub hub, InetAddress own) {
            this.hub = hub;
            this.own = own;
        }

        @Override
        public void open(List<Endpoint> endpoints, Sink sink) {
            this.sink = sink;
        }

        /** What the last {@link #retain} kept (null before any). */
        volatile List<Endpoint> retained;

        @Override
        public void retain(List<Endpoint> endpoints) {
            retained = List.copyOf(endpoints);
        }

        @Override
        public void send(OutboundAdvert d) throws IOException {
            if (sink == null) throw new IOException("channel closed");
            hub.sent.add(d);
            hub.timed.add(new TimedAdvert(System.nanoTime(), d, Thread.currentThread().getName()));
            if (!connected) return;
            for (Channel c : hub.channels) {
                if (c == this || c.sink == null || !c.connected) continue;
                if (!d.destination().isMulticastAddress() && !d.destination().equals(c.own)) continue;
                InboundAdvert in = new InboundAdvert(d.bytes().clone(), d.family(), d.source(), d.destination(), 255, 1);
                Sink s = c.sink;
                hub.delivery.execute(() -> s.received(d.interfaceName(), in));
            }
        }

        @Override
        public void close() {
            sink = null;
        }
    }

    static final class Addresses implements AddressManager {
        final Set<String> present = ConcurrentHashMap.newKeySet();
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void addAddress(String ifname, VirtualAddress a) {
            present.add(ifname + " " + a.cidr());
            log.add("add " + ifname + " " + a.cidr());
        }

        @Override
        public boolean removeAddress(String ifname, VirtualAddress a) {
            log.add("del " + ifname + " " + a.cidr());
            return present.remove(ifname + " " + a.cidr());
        }

        @Override
        public void addRoute(VirtualRoute route) {
            log.add("add route " + route.destination().getHostAddress());
        }

        @Override
        public void removeRoute(VirtualRoute route) {
            log.add("del route " + route.destination().getHostAddress());
        }

        @Override
        public void addRule(VirtualRule rule) {
            log.add("add rule " + rule.table());
        }

        @Override
        public void removeRule(VirtualRule rule) {
            log.add("del rule " + rule.table());
        }

        @Override
        public void createVmac(Vmac vmac, String parent, AddressFamily family, java.net.InetAddress linkLocal) {
            log.add("vmac " + vmac.name() + " on " + parent + " mac " + vmac.mac());
        }

        @Override
        public void deleteVmac(String name) {
            log.add("del vmac " + name);
        }
    }

    static final class Garps implements Announcer {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public void announce(String ifname, List<InetAddress> addresses, int count) {
            for (InetAddress a : addresses) sent.add(ifname + " " + a.getHostAddress() + " x" + count);
        }
    }

    static final class Links implements LinkStateSource {
        volatile Sink sink;
        final List<String> watched = new ArrayList<>();

        @Override
        public void watch(Collection<String> names, Sink sink) {
            watched.addAll(names);
            this.sink = sink;
            for (String n : names) sink.linkChanged(n, true);
        }

        void set(String ifname, boolean up) {
            sink.linkChanged(ifname, up);
        }

        volatile AddressSink addressSink;

        @Override
        public void watchAddresses(Collection<String> names, AddressSink sink) {
            this.addressSink = sink; // addresses are reported by the test (address())
        }

        void address(String ifname, AddressFamily family, InetAddress address) {
            addressSink.addressChanged(ifname, family, address);
        }

        @Override
        public void close() {
            sink = null;
        }
    }

    static VrrpPorts ports(Hub hub, InetAddress own, Addresses addresses, Garps garps, Links links, ScriptRunner scripts) {
        return new VrrpPorts(hub.channel(own), addresses, garps, links, scripts);
    }
}
