package io.vigil.netlink;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InterfaceStateTrackerTest {
    private static final int UP_RUNNING = Rtnl.IFF_UP | Rtnl.IFF_RUNNING | Rtnl.IFF_LOWER_UP;

    private static NetlinkMessage linkMsg(int type, int family, int index, String name, int flags, int mtu) {
        byte[] m = new MessageBuilder(type, 0).u8(family).u8(0).u16(1).u32(index).u32(flags).u32(0)
                .attrString(Rtnl.IFLA_IFNAME, name).attrU32(Rtnl.IFLA_MTU, mtu).build();
        return NetlinkMessage.decodeAll(m).getFirst();
    }

    private static NetlinkMessage addrMsg(int type, IfAddress a) {
        byte[] m = type == Rtnl.RTM_NEWADDR ? AddressCodec.add(a, false) : AddressCodec.delete(a);
        return NetlinkMessage.decodeAll(m).getFirst();
    }

    @Test
    void repeatedNewlinkReportsOnlyStateChanges() {
        InterfaceStateTracker t = new InterfaceStateTracker();
        t.seed(List.of(new Link(2, "eth0", UP_RUNNING, null, 1500, 0, 0, null, Rtnl.IF_OPER_UP)), List.of());

        assertThat(t.apply(linkMsg(Rtnl.RTM_NEWLINK, 0, 2, "eth0", UP_RUNNING, 1500))).isEmpty();
        assertThat(t.apply(linkMsg(Rtnl.RTM_NEWLINK, 0, 2, "eth0", Rtnl.IFF_UP, 1500)))
                .singleElement().isInstanceOf(NetlinkEvent.LinkDown.class);
        assertThat(t.apply(linkMsg(Rtnl.RTM_NEWLINK, 0, 2, "eth0", Rtnl.IFF_UP, 1500))).isEmpty();
        assertThat(t.apply(linkMsg(Rtnl.RTM_NEWLINK, 0, 2, "eth0", UP_RUNNING, 1500)))
                .singleElement().isInstanceOf(NetlinkEvent.LinkUp.class);
        assertThat(t.apply(linkMsg(Rtnl.RTM_NEWLINK, 0, 2, "eth0", UP_RUNNING, 1400)))
                .singleElement().isInstanceOfSatisfying(NetlinkEvent.LinkChanged.class, c -> {
                    assertThat(c.previous().mtu()).isEqualTo(1500);
                    assertThat(c.link().mtu()).isEqualTo(1400);
                });
        // Bridge-port notifications (family AF_BRIDGE) say nothing about the link itself.
        assertThat(t.apply(linkMsg(Rtnl.RTM_NEWLINK, 7, 2, "eth0", 0, 1400))).isEmpty();
        assertThat(t.apply(linkMsg(Rtnl.RTM_NEWLINK, 0, 3, "vrrp.51", 0, 1500)))
                .singleElement().isInstanceOf(NetlinkEvent.LinkAdded.class);
        assertThat(t.apply(linkMsg(Rtnl.RTM_DELLINK, 0, 3, "vrrp.51", 0, 1500)))
                .singleElement().isInstanceOf(NetlinkEvent.LinkRemoved.class);
        assertThat(t.links()).containsOnlyKeys(2);
    }

    @Test
    void addressesAreReportedOncePerAppearance() throws Exception {
        InterfaceStateTracker t = new InterfaceStateTracker();
        t.seed(List.of(), List.of());
        IfAddress vip = IfAddress.of(2, InetAddress.getByName("198.18.0.100"), 32);
        assertThat(t.apply(addrMsg(Rtnl.RTM_NEWADDR, vip))).containsExactly(new NetlinkEvent.AddressAdded(vip));
        assertThat(t.apply(addrMsg(Rtnl.RTM_NEWADDR, vip))).isEmpty();
        assertThat(t.apply(addrMsg(Rtnl.RTM_DELADDR, vip))).containsExactly(new NetlinkEvent.AddressRemoved(vip));
        assertThat(t.apply(addrMsg(Rtnl.RTM_DELADDR, vip))).isEmpty();
    }

    @Test
    void resyncReportsExactlyTheDifferences() throws Exception {
        InterfaceStateTracker t = new InterfaceStateTracker();
        Link eth0 = new Link(2, "eth0", UP_RUNNING, null, 1500, 0, 0, null, Rtnl.IF_OPER_UP);
        Link eth1 = new Link(3, "eth1", UP_RUNNING, null, 1500, 0, 0, null, Rtnl.IF_OPER_UP);
        IfAddress kept = IfAddress.of(2, InetAddress.getByName("198.18.0.11"), 24);
        IfAddress lost = IfAddress.of(2, InetAddress.getByName("198.18.0.100"), 32);
        IfAddress gained = IfAddress.of(2, InetAddress.getByName("198.18.0.101"), 32);
        t.seed(List.of(eth0, eth1), List.of(kept, lost));

        Link eth0Down = new Link(2, "eth0", Rtnl.IFF_UP, null, 1500, 0, 0, null, Rtnl.IF_OPER_DOWN);
        List<NetlinkEvent> ev = t.resync(List.of(eth0Down), List.of(kept, gained));
        assertThat(ev).containsExactlyInAnyOrder(new NetlinkEvent.LinkRemoved(eth1), new NetlinkEvent.LinkDown(eth0Down),
                new NetlinkEvent.AddressRemoved(lost), new NetlinkEvent.AddressAdded(gained));
        assertThat(t.resync(List.of(eth0Down), List.of(kept, gained))).isEmpty();
    }
}
