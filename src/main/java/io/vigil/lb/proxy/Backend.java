package io.vigil.lb.proxy;

import io.vigil.lb.Counters;
import io.vigil.lb.RealServer;
import io.vigil.lb.sched.Scheduler;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A real server as the proxy sees it: its current settings (replaced on edits, counters kept) and live counters.
 * Active = proxied connections open both ways; inactive = connecting, half-closed, or UDP sessions (as IPVS
 * counts UDP entries). The TCP proxy sees byte streams, not packets: its packet counters stay 0.
 */
final class Backend implements Scheduler.Candidate {
    private volatile RealServer server;
    private final InetSocketAddress socketAddress;
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger inactive = new AtomicInteger();
    final LongAdder conns = new LongAdder();
    final LongAdder packetsIn = new LongAdder();
    final LongAdder packetsOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    /** Set when the server is removed from the service: no new connections, existing ones finish. */
    volatile boolean removed;

    Backend(RealServer server) {
        this.server = server;
        this.socketAddress = new InetSocketAddress(server.address(), server.port());
    }

    RealServer server() {
        return server;
    }

    void update(RealServer s) {
        this.server = s;
    }

    InetSocketAddress socketAddress() {
        return socketAddress;
    }

    @Override
    public RealServer.Key key() {
        return server.key();
    }

    @Override
    public int weight() {
        return removed ? 0 : server.weight();
    }

    @Override
    public int activeConns() {
        return active.get();
    }

    @Override
    public int inactiveConns() {
        return inactive.get();
    }

    /** Over the upper threshold ({@code uthreshold}): active + inactive connections reached it. */
    @Override
    public boolean overloaded() {
        int upper = server.upperThreshold();
        return upper > 0 && active.get() + inactive.get() >= upper;
    }

    Counters counters() {
        return new Counters(active.get(), inactive.get(), conns.sum(), packetsIn.sum(), packetsOut.sum(), bytesIn.sum(), bytesOut.sum());
    }
}
