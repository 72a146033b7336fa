package io.vigil.lb.ipvs;

import io.vigil.netlink.Attributes;
import io.vigil.netlink.GenlMessage;
import io.vigil.netlink.genl.Ipvs;
import io.vigil.netlink.genl.IpvsCodec;
import io.vigil.netlink.genl.IpvsDaemon;
import io.vigil.netlink.genl.IpvsDest;
import io.vigil.netlink.genl.IpvsInfo;
import io.vigil.netlink.genl.IpvsService;
import io.vigil.netlink.genl.IpvsStats;
import io.vigil.netlink.genl.IpvsTimeouts;
import io.vigil.netlink.NetlinkMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-memory IPVS kernel behind the {@link IpvsTransport} port: decodes each request from its bytes with the
 * codec, keeps services, destinations, daemons and timeouts, and answers as the kernel does (ESRCH for a missing
 * service, ENOENT for a missing destination or scheduler, EEXIST for duplicates). Every request is logged.
 */
final class FakeIpvsKernel implements IpvsTransport {
    static final int FAMILY = 0x21;
    /** Scheduler modules this kernel has (tests may remove some). */
    Set<String> schedulers = Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh");

    final Map<IpvsService, IpvsService> services = new LinkedHashMap<>();
    final Map<IpvsService, List<IpvsDest>> dests = new LinkedHashMap<>();
    final Map<Integer, IpvsDaemon> daemons = new TreeMap<>();
    IpvsTimeouts timeouts = new IpvsTimeouts(900, 120, 300);
    final List<Integer> commands = new ArrayList<>();
    private int seq;

    @Override
    public int familyId() {
        return FAMILY;
    }

    @Override
    public List<GenlMessage> request(GenlMessage request) {
        // Through the wire format and back, as the kernel would see it.
        GenlMessage m = GenlMessage.fromNetlink(NetlinkMessage.decodeAll(request.withSeq(++seq, 1).encode()).getFirst());
        commands.add(m.command());
        Attributes a = m.attrs();
        return switch (m.command()) {
            case Ipvs.CMD_GET_INFO -> List.of(IpvsCodec.infoReply(FAMILY, seq, 1, new IpvsInfo(0x010201, 4096)));
            case Ipvs.CMD_GET_SERVICE -> {
                if (a.has(Ipvs.CMD_ATTR_SERVICE)) yield List.of(IpvsCodec.serviceReply(FAMILY, seq, 1, false, existing(IpvsCodec.parseService(m))));
                List<GenlMessage> out = new ArrayList<>();
                for (IpvsService s : services.values()) out.add(IpvsCodec.serviceReply(FAMILY, seq, 1, true, s));
                yield out;
            }
            case Ipvs.CMD_NEW_SERVICE -> {
                IpvsService s = IpvsCodec.parseService(m);
                if (services.containsKey(s.toKey())) throw new IpvsException("File exists", IpvsException.EEXIST);
                checkScheduler(s);
                services.put(s.toKey(), s.withStats(IpvsStats.ZERO));
                dests.put(s.toKey(), new ArrayList<>());
                yield List.of();
            }
            case Ipvs.CMD_SET_SERVICE -> {
                IpvsService s = IpvsCodec.parseService(m);
                IpvsService old = existing(s);
                checkScheduler(s);
                services.put(s.toKey(), s.withStats(old.stats()));
                yield List.of();
            }
            case Ipvs.CMD_DEL_SERVICE -> {
                IpvsService s = existing(IpvsCodec.parseService(m));
                services.remove(s.toKey());
                dests.remove(s.toKey());
                yield List.of();
            }
            case Ipvs.CMD_GET_DEST -> {
                IpvsService s = existing(IpvsCodec.parseService(m));
                List<GenlMessage> out = new ArrayList<>();
                for (IpvsDest d : dests.get(s.toKey())) out.add(IpvsCodec.destReply(FAMILY, seq, 1, true, d));
                yield out;
            }
            case Ipvs.CMD_NEW_DEST, Ipvs.CMD_SET_DEST, Ipvs.CMD_DEL_DEST -> {
                IpvsService s = existing(IpvsCodec.parseService(m));
                IpvsDest d = IpvsCodec.parseDestAttrs(a.nested(Ipvs.CMD_ATTR_DEST), s.af());
                List<IpvsDest> l = dests.get(s.toKey());
                int i = indexOf(l, d);
                if (m.command() == Ipvs.CMD_NEW_DEST) {
                    if (i >= 0) throw new IpvsException("File exists", IpvsException.EEXIST);
                    l.add(0, withCounters(d, IpvsStats.ZERO, 0, 0)); // newest first, as the kernel lists them
                } else {
                    if (i < 0) throw new IpvsException("No such file or directory", IpvsException.ENOENT);
                    if (m.command() == Ipvs.CMD_DEL_DEST) l.remove(i);
                    else l.set(i, withCounters(d, l.get(i).stats(), l.get(i).activeConns(), l.get(i).inactiveConns()));
                }
                yield List.of();
            }
            case Ipvs.CMD_GET_DAEMON -> {
                List<GenlMessage> out = new ArrayList<>();
                for (IpvsDaemon d : daemons.values()) out.add(IpvsCodec.daemonReply(FAMILY, seq, 1, d));
                yield out;
            }
            case Ipvs.CMD_NEW_DAEMON -> {
                IpvsDaemon d = IpvsCodec.parseDaemon(m);
                if (daemons.containsKey(d.state())) throw new IpvsException("File exists", IpvsException.EEXIST);
                // The kernel fills in its defaults, as the real one reports them.
                daemons.put(d.state(), new IpvsDaemon(d.state(), d.interfaceName(), d.syncId(),
                        d.syncMaxLength() == 0 ? 1472 : d.syncMaxLength(),
                        d.multicastGroup() == null ? java.net.InetAddress.ofLiteral("224.0.0.81") : d.multicastGroup(),
                        d.multicastPort() == 0 ? 8848 : d.multicastPort(), d.multicastTtl() == 0 ? 1 : d.multicastTtl()));
                yield List.of();
            }
            case Ipvs.CMD_DEL_DAEMON -> {
                int state = a.nested(Ipvs.CMD_ATTR_DAEMON).u32(Ipvs.DAEMON_ATTR_STATE);
                if (daemons.remove(state) == null) throw new IpvsException("No such process", IpvsException.ESRCH);
                yield List.of();
            }
            case Ipvs.CMD_GET_CONFIG -> List.of(IpvsCodec.configReply(FAMILY, seq, 1, timeouts));
            case Ipvs.CMD_SET_CONFIG -> {
                IpvsTimeouts t = IpvsCodec.parseConfig(m);
                timeouts = new IpvsTimeouts(t.tcpSeconds() == 0 ? timeouts.tcpSeconds() : t.tcpSeconds(),
                        t.tcpFinSeconds() == 0 ? timeouts.tcpFinSeconds() : t.tcpFinSeconds(),
                        t.udpSeconds() == 0 ? timeouts.udpSeconds() : t.udpSeconds());
                yield List.of();
            }
            case Ipvs.CMD_FLUSH -> {
                services.clear();
                dests.clear();
                yield List.of();
            }
            default -> throw new IpvsException("Operation not supported", IpvsException.EOPNOTSUPP);
        };
    }

    /** Sets traffic counters on a destination, as traffic would. */
    void count(IpvsService serviceKey, IpvsDest destKey, IpvsStats stats, int active, int inactive) {
        List<IpvsDest> l = dests.get(serviceKey.toKey());
        int i = indexOf(l, destKey);
        l.set(i, withCounters(l.get(i), stats, active, inactive));
    }

    private static IpvsDest withCounters(IpvsDest d, IpvsStats s, int active, int inactive) {
        return new IpvsDest(d.address(), d.port(), d.forwarding(), d.weight(), d.upperThreshold(), d.lowerThreshold(), d.addressFamily(),
                d.tunnelType(), d.tunnelPort(), d.tunnelFlags(), active, inactive, 0, s);
    }

    private static int indexOf(List<IpvsDest> l, IpvsDest d) {
        for (int i = 0; i < l.size(); i++)
            if (l.get(i).address().equals(d.address()) && l.get(i).port() == d.port()) return i;
        return -1;
    }

    private IpvsService existing(IpvsService key) {
        IpvsService s = services.get(key.toKey());
        if (s == null) throw new IpvsException("No such process", IpvsException.ESRCH);
        return s;
    }

    private void checkScheduler(IpvsService s) {
        if (!schedulers.contains(s.scheduler())) throw new IpvsException("No such file or directory", IpvsException.ENOENT);
    }

    @Override
    public void close() {
    }
}
