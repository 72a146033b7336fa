package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.vrrp.Adverts.ip;
import static io.vigil.vrrp.Adverts.of;
import static io.vigil.vrrp.Adverts.timer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * dynamic_interfaces in the state machine: an instance whose source follows its interface is in FAULT while the
 * interface has no address, runs once it has one, and sends from the address it has now (keepalived 2.2.7's netlink
 * address handling).
 */
class DynamicInterfaceTest {
    static final long T0 = 1_000_000_000_000L;

    private static VrrpInstanceSettings dynamic() {
        return VrrpInstanceSettings.builder("VI_1", 51, "dyn0", AddressFamily.IPV4.unspecified()).priority(100)
                .vip("198.18.0.100/32").sourceFromInterface(true).build();
    }

    @Test
    void withoutAnAddressTheInstanceStartsInFaultAndALinkUpAloneDoesNotClearIt() {
        VrrpInstance i = new VrrpInstance(dynamic());
        i.on(new VrrpEvent.LinkChanged("dyn0", false), T0);
        i.on(new VrrpEvent.Startup(), T0);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
        i.on(new VrrpEvent.LinkChanged("dyn0", true), T0 + 1);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
        assertThat(i.ownFaultReason()).isEqualTo("interface dyn0 has no IPV4 address to send from");
    }

    @Test
    void anAddressBringsItUpItsLossFaultsItAndANewAddressIsTheNewSource() {
        VrrpInstance i = new VrrpInstance(dynamic());
        i.on(new VrrpEvent.LinkChanged("dyn0", false), T0);
        i.on(new VrrpEvent.Startup(), T0);
        i.on(new VrrpEvent.LinkChanged("dyn0", true), T0 + 1);
        List<Action> a = i.on(new VrrpEvent.InterfaceAddress("dyn0", AddressFamily.IPV4, ip("198.18.0.21")), T0 + 2);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        a = i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), timer(a, TimerKind.MASTER_DOWN));
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(of(a, Action.SendAdvert.class).getFirst().datagrams().getFirst().source()).isEqualTo(ip("198.18.0.21"));

        // The interface deleted: its address goes, then its link.
        i.on(new VrrpEvent.InterfaceAddress("dyn0", AddressFamily.IPV4, null), T0 + 10);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
        i.on(new VrrpEvent.LinkChanged("dyn0", false), T0 + 11);
        assertThat(i.settings().sourceMissing()).isTrue();

        // Created again with another address, up before it has the address.
        i.on(new VrrpEvent.LinkChanged("dyn0", true), T0 + 20);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
        a = i.on(new VrrpEvent.InterfaceAddress("dyn0", AddressFamily.IPV4, ip("198.18.0.22")), T0 + 21);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        a = i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), timer(a, TimerKind.MASTER_DOWN));
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(of(a, Action.SendAdvert.class).getFirst().datagrams().getFirst().source()).isEqualTo(ip("198.18.0.22"));
    }

    @Test
    void aMasterWhoseAddressChangesKeepsItsStateAndSendsFromTheNewOne() {
        VrrpInstance i = new VrrpInstance(dynamic());
        i.on(new VrrpEvent.InterfaceAddress("dyn0", AddressFamily.IPV4, ip("198.18.0.21")), T0);
        List<Action> a = i.on(new VrrpEvent.Startup(), T0);
        i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), timer(a, TimerKind.MASTER_DOWN));
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        i.on(new VrrpEvent.InterfaceAddress("dyn0", AddressFamily.IPV4, ip("198.18.0.23")), T0 + 10);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        a = i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), T0 + 11);
        assertThat(of(a, Action.SendAdvert.class).getFirst().datagrams().getFirst().source()).isEqualTo(ip("198.18.0.23"));
    }

    @Test
    void anInstanceWithAConfiguredOrFixedSourceAndOtherInterfacesOrFamiliesIgnoreTheEvent() {
        VrrpInstance fixed = new VrrpInstance(Adverts.v2("VI_1", 100).build());
        fixed.on(new VrrpEvent.Startup(), T0);
        fixed.on(new VrrpEvent.InterfaceAddress("eth0", AddressFamily.IPV4, null), T0 + 1);
        assertThat(fixed.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(fixed.settings().sourceAddress()).isEqualTo(ip("198.18.0.11"));

        VrrpInstance dyn = new VrrpInstance(dynamic());
        dyn.on(new VrrpEvent.Startup(), T0);
        dyn.on(new VrrpEvent.InterfaceAddress("eth1", AddressFamily.IPV4, ip("198.18.0.21")), T0 + 1);
        dyn.on(new VrrpEvent.InterfaceAddress("dyn0", AddressFamily.IPV6, ip("fe80::1")), T0 + 2);
        assertThat(dyn.state()).isEqualTo(VrrpState.FAULT);
        assertThat(dyn.settings().sourceMissing()).isTrue();
    }

    @Test
    void aReloadChangingOnlyAddressesKeepsTheSourceLearntFromTheInterface() {
        VrrpInstance i = new VrrpInstance(dynamic());
        i.on(new VrrpEvent.InterfaceAddress("dyn0", AddressFamily.IPV4, ip("198.18.0.21")), T0);
        i.on(new VrrpEvent.Startup(), T0);
        VrrpInstanceSettings next = VrrpInstanceSettings.builder("VI_1", 51, "dyn0", AddressFamily.IPV4.unspecified()).priority(100)
                .vip("198.18.0.101/32").sourceFromInterface(true).build();
        i.changeAddresses(next);
        assertThat(i.settings().sourceAddress()).isEqualTo(ip("198.18.0.21"));
        assertThat(i.settings().virtualAddresses().getFirst().address()).isEqualTo(ip("198.18.0.101"));
    }
}
