package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** TCP_CHECK: a TCP connection opened within connect_timeout, then closed. */
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
        try (Socket s = Sockets.connect(settings.connect(), target)) {
            return success;
        } catch (IOException | RuntimeException e) {
            return new ProbeResult.Down("TCP connection to " + target + " failed: " + Sockets.describe(e, settings.connect()));
        }
    }
}
