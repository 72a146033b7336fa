package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

import static io.vigil.vrrp.Adverts.ip;
import static org.assertj.core.api.Assertions.assertThat;

/** The multicast group an instance sends to and accepts, and the three forms of old_unicast_checksum. */
class AdvertGroupAndChecksumTest {
    private static final InetAddress GROUP = ip("224.0.0.99");

    private static InstanceOptions options(InetAddress group, InstanceOptions.UnicastChecksum mode) {
        return InstanceOptions.KEEPALIVED_DEFAULTS.withMulticastGroup(group, mode);
    }

    /** A v3 advert from 198.18.0.12 to {@code dst}, its checksum computed with {@code checksumDst} in the pseudo-header. */
    private static InboundAdvert advert(VrrpInstanceSettings s, InetAddress dst, InetAddress checksumDst) {
        VrrpPacket p = VrrpPacket.advert(3, s.vrid(), 100, AddressFamily.IPV4, s.advertIntervalCentis(), 0, 0, s.advertisedAddresses());
        byte[] b = Ipv4AdvertCodec.encode(p, (Inet4Address) ip("198.18.0.12"), (Inet4Address) dst, 1, false, null, 255, (Inet4Address) checksumDst);
        return new InboundAdvert(b, AddressFamily.IPV4, ip("198.18.0.12"), dst, 255, 2);
    }

    @Test
    void aMulticastInstanceSendsToItsGroupAndDropsAdvertsToAnotherGroup() {
        VrrpInstanceSettings s = Adverts.v3("VI_1", 200, 100).options(options(GROUP, InstanceOptions.UnicastChecksum.RFC)).build();
        assertThat(AdvertValidator.validate(advert(s, GROUP, GROUP), s, -1)).isInstanceOf(AdvertValidator.Accepted.class);
        assertThat(AdvertValidator.validate(advert(s, Inet.VRRP_GROUP_V4, Inet.VRRP_GROUP_V4), s, -1))
                .isInstanceOfSatisfying(AdvertValidator.Dropped.class, d -> assertThat(d.reason()).isEqualTo(DropReason.DESTINATION));
        VrrpInstance i = new VrrpInstance(s);
        List<Action> out = i.on(new VrrpEvent.Startup(), 0);
        out = i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), Adverts.timer(out, TimerKind.MASTER_DOWN));
        assertThat(Adverts.of(out, Action.SendAdvert.class)).singleElement()
                .satisfies(a -> assertThat(a.datagrams()).singleElement().satisfies(d -> assertThat(d.destination()).isEqualTo(GROUP)));
        // The RFC's group is the same options as none.
        assertThat(options(Inet.VRRP_GROUP_V4, InstanceOptions.UnicastChecksum.RFC)).isEqualTo(InstanceOptions.KEEPALIVED_DEFAULTS);
    }

    @Test
    void unicastChecksumFormsAreSentAndAcceptedPerMode() {
        InetAddress self = ip("198.18.0.11"), global = ip("224.0.0.88");
        for (InstanceOptions.UnicastChecksum mode : InstanceOptions.UnicastChecksum.values()) {
            VrrpInstanceSettings s = Adverts.v3("VI_1", 200, 100).unicastPeers(List.of(ip("198.18.0.12")))
                    .options(options(global, mode)).build();
            boolean rfc = AdvertValidator.validate(advert(s, self, self), s, -1) instanceof AdvertValidator.Accepted;
            boolean old = AdvertValidator.validate(advert(s, self, global), s, -1) instanceof AdvertValidator.Accepted;
            switch (mode) {
                case RFC -> assertThat(List.of(rfc, old)).containsExactly(true, true);
                case RFC_ONLY -> assertThat(List.of(rfc, old)).containsExactly(true, false);
                case OLD -> assertThat(List.of(rfc, old)).containsExactly(false, true);
            }
            // What the instance sends verifies against the form of its mode.
            VrrpInstance i = new VrrpInstance(s);
            List<Action> out = i.on(new VrrpEvent.Startup(), 0);
            out = i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), Adverts.timer(out, TimerKind.MASTER_DOWN));
            OutboundAdvert d = Adverts.of(out, Action.SendAdvert.class).getFirst().datagrams().getFirst();
            byte[] b = d.bytes();
            InetAddress expected = mode == InstanceOptions.UnicastChecksum.OLD ? global : ip("198.18.0.12");
            assertThat(VrrpCodec.checksumValid(b, 20, b.length - 20, 3, self, expected, false)).as(mode.name()).isTrue();
        }
    }
}
