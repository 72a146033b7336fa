package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;
import io.vigil.sys.IcmpSocket;
import io.vigil.sys.NativeException;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** PING_CHECK: one ICMP echo answered within connect_timeout (see {@link IcmpSocket}). */
public final class PingProbe implements Probe {
    private final CheckerSettings.Ping settings;
    private final InetAddress target;
    private final AtomicInteger sequence = new AtomicInteger();

    PingProbe(CheckerSettings.Ping settings, RealServerKey rs) {
        this.settings = settings;
        this.target = settings.connect().ip() != null ? settings.connect().ip() : rs.address();
    }

    @Override
    public ProbeResult check() {
        String where = "PING_CHECK " + target.getHostAddress();
        try (IcmpSocket s = IcmpSocket.open(target)) {
            long rtt = s.echo(target, sequence.incrementAndGet(), (int) settings.connect().connectTimeoutMillis());
            if (rtt < 0) return new ProbeResult.Down(where + ": no echo reply within " + settings.connect().connectTimeoutMillis() + " ms");
            return new ProbeResult.Up(where + ": echo reply in " + (rtt / 1000) + " us");
        } catch (NativeException | IllegalArgumentException e) {
            return new ProbeResult.Down(where + ": " + e.getMessage());
        }
    }
}
