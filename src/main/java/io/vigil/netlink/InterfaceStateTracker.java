package io.vigil.netlink;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reflector's memory: the links and addresses last seen, turning rtnetlink notifications (which repeat
 * RTM_NEWLINK for every attribute change) into state-change events, and a fresh dump after lost messages
 * into exactly the differences. Pure and single-threaded; the watcher owns one.
 */
public final class InterfaceStateTracker {
    private static final int AF_BRIDGE = 7;

    private record AddressKey(int ifIndex, InetAddress address, int prefixLength) {}

    private final Map<Integer, Link> links = new LinkedHashMap<>();
    private final Map<AddressKey, IfAddress> addresses = new LinkedHashMap<>();

    /** Sets the known state from a dump without reporting anything. */
    public void seed(List<Link> linkDump, List<IfAddress> addressDump) {
        links.clear();
        addresses.clear();
        for (Link l : linkDump) links.put(l.index(), l);
        for (IfAddress a : addressDump) addresses.put(key(a), a);
    }

    /** Applies one notification; returns the events it causes (often none). Other message types are ignored. */
    public List<NetlinkEvent> apply(NetlinkMessage m) {
        return switch (m.type()) {
            case Rtnl.RTM_NEWLINK -> isBridgePortMessage(m) ? List.of() : onLink(LinkCodec.decode(m));
            case Rtnl.RTM_DELLINK -> {
                if (isBridgePortMessage(m)) yield List.of();
                Link l = LinkCodec.decode(m);
                Link known = links.remove(l.index());
                addresses.keySet().removeIf(k -> k.ifIndex() == l.index());
                yield List.of(new NetlinkEvent.LinkRemoved(known != null && l.name() == null ? known : l));
            }
            case Rtnl.RTM_NEWADDR -> {
                IfAddress a = AddressCodec.decode(m);
                yield addresses.put(key(a), a) == null ? List.of(new NetlinkEvent.AddressAdded(a)) : List.of();
            }
            case Rtnl.RTM_DELADDR -> {
                IfAddress a = AddressCodec.decode(m);
                yield addresses.remove(key(a)) != null ? List.of(new NetlinkEvent.AddressRemoved(a)) : List.of();
            }
            default -> List.of();
        };
    }

    /** Compares a fresh dump with what is known (after ENOBUFS) and returns the differences as events. */
    public List<NetlinkEvent> resync(List<Link> linkDump, List<IfAddress> addressDump) {
        List<NetlinkEvent> out = new ArrayList<>();
        Map<Integer, Link> fresh = new LinkedHashMap<>();
        for (Link l : linkDump) fresh.put(l.index(), l);
        for (Link gone : List.copyOf(links.values())) {
            if (!fresh.containsKey(gone.index())) {
                links.remove(gone.index());
                out.add(new NetlinkEvent.LinkRemoved(gone));
            }
        }
        for (Link l : linkDump) out.addAll(onLink(l));
        Map<AddressKey, IfAddress> freshAddresses = new LinkedHashMap<>();
        for (IfAddress a : addressDump) freshAddresses.put(key(a), a);
        for (var e : List.copyOf(addresses.entrySet())) {
            if (!freshAddresses.containsKey(e.getKey())) {
                addresses.remove(e.getKey());
                out.add(new NetlinkEvent.AddressRemoved(e.getValue()));
            }
        }
        for (var e : freshAddresses.entrySet()) {
            if (addresses.put(e.getKey(), e.getValue()) == null) out.add(new NetlinkEvent.AddressAdded(e.getValue()));
        }
        return out;
    }

    private List<NetlinkEvent> onLink(Link l) {
        Link before = links.put(l.index(), l);
        if (before == null) return List.of(new NetlinkEvent.LinkAdded(l));
        if (before.usable() != l.usable()) return List.of(l.usable() ? new NetlinkEvent.LinkUp(l) : new NetlinkEvent.LinkDown(l));
        if (!Objects.equals(before.name(), l.name()) || !Objects.equals(before.mac(), l.mac()) || before.mtu() != l.mtu())
            return List.of(new NetlinkEvent.LinkChanged(before, l));
        return List.of();
    }

    private static boolean isBridgePortMessage(NetlinkMessage m) {
        byte[] p = m.payload();
        return p.length > 0 && p[0] == AF_BRIDGE;
    }

    private static AddressKey key(IfAddress a) {
        return new AddressKey(a.ifIndex(), a.address(), a.prefixLength());
    }

    public Map<Integer, Link> links() {
        return Map.copyOf(links);
    }

    public List<IfAddress> addresses() {
        return List.copyOf(addresses.values());
    }
}
