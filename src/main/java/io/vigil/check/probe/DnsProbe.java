package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/** DNS_CHECK: one query over UDP (built with dnsjava); up when the answer comes within connect_timeout with NOERROR. */
public final class DnsProbe implements Probe {
    private final CheckerSettings.Dns settings;
    private final InetSocketAddress target;
    private final int type;
    private final Name name;

    DnsProbe(CheckerSettings.Dns settings, RealServerKey rs) {
        this.settings = settings;
        InetSocketAddress t = settings.connect().target(rs);
        this.target = t.getPort() == 0 ? new InetSocketAddress(t.getAddress(), 53) : t;
        this.type = Type.value(settings.type());
        if (type < 0) throw new IllegalArgumentException("unknown DNS type " + settings.type());
        try {
            this.name = Name.fromString(settings.name(), Name.root);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad DNS name " + settings.name(), e);
        }
    }

    @Override
    public ProbeResult check() {
        String where = "DNS_CHECK " + target + " " + settings.type() + " " + settings.name();
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        byte[] out = query.toWire();
        CheckerSettings.Connect co = settings.connect();
        try (DatagramSocket s = new DatagramSocket(co.bindTo() != null || co.bindPort() != 0
                ? new InetSocketAddress(co.bindTo(), co.bindPort()) : new InetSocketAddress(0))) {
            long deadline = System.nanoTime() + co.connectTimeoutMillis() * 1_000_000L;
            s.send(new DatagramPacket(out, out.length, target));
            byte[] in = new byte[MAX_ANSWER_BYTES];
            while (true) {
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMillis <= 0) throw new SocketTimeoutException("no answer within " + co.connectTimeoutMillis() + " ms");
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
                DatagramPacket p = new DatagramPacket(in, in.length);
                s.receive(p);
                if (!p.getSocketAddress().equals(target)) continue; // not from the server asked
                ProbeResult r = verdict(where, query.getHeader().getID(), in, p.getLength());
                if (r != null) return r;
            }
        } catch (java.io.IOException | RuntimeException e) {
            return new ProbeResult.Down(where + ": " + Sockets.describe(e, co));
        }
    }

    /** Largest answer read (EDNS sizes go up to 4096; a larger one is judged by its header all the same). */
    static final int MAX_ANSWER_BYTES = 4096;

    /**
     * What an answer means, from its header only, as keepalived's DNS_CHECK judges it: the rest is the server's
     * business (a record dnsjava would refuse, e.g. a TTL with the top bit set, which RFC 2181 §8 says to read as 0,
     * must not take a working server out of the pool). Null when the datagram is not the answer to query {@code id}
     * (too short, another id, or not a response): the probe keeps waiting.
     */
    static ProbeResult verdict(String where, int id, byte[] answer, int length) {
        if (length < HEADER_BYTES) return null;
        int gotId = (answer[0] & 0xff) << 8 | answer[1] & 0xff;
        boolean response = (answer[2] & 0x80) != 0;
        if (gotId != id || !response) return null;
        int rcode = answer[3] & 0x0f;
        if (rcode != Rcode.NOERROR) return new ProbeResult.Down(where + ": RCODE " + Rcode.string(rcode));
        int answers = (answer[6] & 0xff) << 8 | answer[7] & 0xff;
        return new ProbeResult.Up(where + ": NOERROR, " + answers + " answer(s)");
    }

    static final int HEADER_BYTES = 12;
}
