package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.net.InetSocketAddress;
import java.time.Duration;

/** DNS_CHECK: one query over UDP (dnsjava); up when the answer comes within connect_timeout with NOERROR. */
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
        try {
            SimpleResolver r = new SimpleResolver(target);
            r.setTimeout(Duration.ofMillis(settings.connect().connectTimeoutMillis()));
            if (settings.connect().bindTo() != null || settings.connect().bindPort() != 0)
                r.setLocalAddress(new InetSocketAddress(settings.connect().bindTo(), settings.connect().bindPort()));
            return verdict(where, r.send(Message.newQuery(Record.newRecord(name, type, DClass.IN))));
        } catch (java.io.IOException | RuntimeException e) {
            return new ProbeResult.Down(where + ": " + Sockets.describe(e, settings.connect()));
        }
    }

    /** What a parsed answer means (dnsjava has parsed and matched it to the query). */
    static ProbeResult verdict(String where, Message response) {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR) return new ProbeResult.Down(where + ": RCODE " + Rcode.string(rcode));
        return new ProbeResult.Up(where + ": NOERROR, " + response.getSection(1).size() + " answer(s)");
    }
}
