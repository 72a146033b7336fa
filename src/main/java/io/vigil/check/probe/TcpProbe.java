package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;

import io.vigil.sys.MarkedTcpConnect;
import io.vigil.sys.NativeException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** TCP_CHECK: a TCP connection opened within connect_timeout, then closed; with fwmark, through {@link MarkedTcpConnect}. */
public final class TcpProbe implements Probe {
    private final CheckerSettings.Tcp settings;
    private final InetSocketAddress target;
    private final ProbeResult.Up success;

    TcpProbe(CheckerSettings.Tcp settings, RealServerKey rs) {
        this.settings = settings;
        this.target = settings.connect().target(rs);
        this.success = new ProbeResult.Up("TCP connection to " + target + " success");
    }

    @Override
    public ProbeResult check() {
        CheckerSettings.Connect co = settings.connect();
        if (co.fwmark() != 0 || co.bindIf() != null) {
            try {
                InetSocketAddress bind = co.bindTo() != null || co.bindPort() != 0
                        ? new InetSocketAddress(co.bindTo() != null ? co.bindTo() : java.net.InetAddress.getByName(target.getAddress() instanceof java.net.Inet6Address ? "::" : "0.0.0.0"), co.bindPort())
                        : null;
                if (MarkedTcpConnect.connect(target, bind, co.fwmark(), co.bindIf(), (int) co.connectTimeoutMillis())) return success;
                return new ProbeResult.Down("TCP connection to " + target + " failed: timeout after " + co.connectTimeoutMillis() + " ms");
            } catch (NativeException e) {
                String why = e.errno() == MarkedTcpConnect.ECONNREFUSED ? "connection refused" : e.getMessage();
                return new ProbeResult.Down("TCP connection to " + target + (co.fwmark() != 0 ? " (fwmark " + co.fwmark() + ")" : "")
                        + (co.bindIf() != null ? " (bind_if " + co.bindIf() + ")" : "") + " failed: " + why);
            } catch (java.io.IOException e) {
                return new ProbeResult.Down("TCP connection to " + target + " failed: " + e.getMessage());
            }
        }
        // Closed with a normal FIN, as keepalived does: its socket_bind_connect (layer4.c) sets SO_LINGER {on, 5 s},
        // which only lets close() wait for unsent data; a reset would need a linger time of 0.
        try (Socket s = Sockets.connect(settings.connect(), target)) {
            return success;
        } catch (IOException | RuntimeException e) {
            return new ProbeResult.Down("TCP connection to " + target + " failed: " + Sockets.describe(e, settings.connect()));
        }
    }
}
