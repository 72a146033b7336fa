package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;

/**
 * UDP_CHECK: sends the payload on a connected socket. An ICMP port-unreachable fails the check; without
 * require_reply silence until connect_timeout passes, with it a reply is needed.
 */
public final class UdpProbe implements Probe {
    private final CheckerSettings.Udp settings;
    private final InetSocketAddress target;

    UdpProbe(CheckerSettings.Udp settings, RealServerKey rs) {
        this.settings = settings;
        this.target = settings.connect().target(rs);
    }

    @Override
    public ProbeResult check() {
        String where = "UDP_CHECK " + target;
        CheckerSettings.Connect co = settings.connect();
        try (DatagramSocket s = new DatagramSocket(null)) {
            if (co.bindTo() != null || co.bindPort() != 0) s.bind(new InetSocketAddress(co.bindTo(), co.bindPort()));
            s.connect(target);
            s.setSoTimeout((int) co.connectTimeoutMillis());
            s.send(new DatagramPacket(settings.payload(), settings.payload().length));
            // with reply data, keepalived reads at most max_reply_length + 1 bytes: a longer reply is too long
            int size = settings.replyData() != null ? settings.maxReplyLength() + 1 : 65536;
            DatagramPacket reply = new DatagramPacket(new byte[size], size);
            try {
                s.receive(reply);
                if (settings.replyData() != null) {
                    String mismatch = settings.replyMismatch(reply.getData(), reply.getLength());
                    if (mismatch != null) return new ProbeResult.Down(where + ": " + mismatch);
                }
                return new ProbeResult.Up(where + ": reply of " + reply.getLength() + " bytes");
            } catch (SocketTimeoutException t) {
                return settings.requireReply()
                        ? new ProbeResult.Down(where + ": no reply within " + co.connectTimeoutMillis() + " ms")
                        : new ProbeResult.Up(where + ": no error within " + co.connectTimeoutMillis() + " ms");
            }
        } catch (PortUnreachableException e) {
            return new ProbeResult.Down(where + ": port unreachable");
        } catch (IOException | RuntimeException e) {
            return new ProbeResult.Down(where + ": " + Sockets.describe(e, co));
        }
    }
}
