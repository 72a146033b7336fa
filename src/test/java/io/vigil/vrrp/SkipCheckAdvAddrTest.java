package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.vrrp.Adverts.from;
import static io.vigil.vrrp.Adverts.ip;
import static io.vigil.vrrp.VrrpInstanceTest.MS;
import static io.vigil.vrrp.VrrpInstanceTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** skip_check_adv_addr: a BACKUP skips the address checks only for adverts from the MASTER it follows (keepalived's vrrp_state_backup). */
class SkipCheckAdvAddrTest {

    @Test
    void onlyTheFollowedMastersAdvertsSkipTheAddressList() {
        VrrpInstanceSettings mine = Adverts.v2("VI_1", 100)
                .options(new InstanceOptions(false, false, -1, List.of(), null, 3, true)).build();
        VrrpInstanceSettings theirs = Adverts.v2("VI_1", 200).vip("198.18.0.101/32").build();
        VrrpInstance b = new VrrpInstance(mine);
        b.on(new VrrpEvent.Startup(), T0);
        // Not followed yet: the list is checked and the advert dropped.
        b.on(new VrrpEvent.AdvertReceived(from(theirs, "198.18.0.12", 200)), T0 + 100 * MS);
        assertThat(b.drops().get(DropReason.ADDRESS_LIST)).isEqualTo(1);
        // Followed (same list first), then the master's list changes: accepted.
        b.on(new VrrpEvent.AdvertReceived(from(mine, "198.18.0.12", 200)), T0 + 200 * MS);
        assertThat(b.masterAddress()).isEqualTo(ip("198.18.0.12"));
        b.on(new VrrpEvent.AdvertReceived(from(theirs, "198.18.0.12", 200)), T0 + 300 * MS);
        assertThat(b.drops().get(DropReason.ADDRESS_LIST)).isEqualTo(1);
        assertThat(b.advertsReceived()).isEqualTo(2);
        // Another sender with the other list: checked, dropped.
        b.on(new VrrpEvent.AdvertReceived(from(theirs, "198.18.0.13", 200)), T0 + 400 * MS);
        assertThat(b.drops().get(DropReason.ADDRESS_LIST)).isEqualTo(2);
    }

    @Test
    void withoutTheOptionTheFollowedMastersChangedListIsDropped() {
        VrrpInstanceSettings mine = Adverts.v2("VI_1", 100).build();
        VrrpInstanceSettings theirs = Adverts.v2("VI_1", 200).vip("198.18.0.101/32").build();
        VrrpInstance b = new VrrpInstance(mine);
        b.on(new VrrpEvent.Startup(), T0);
        b.on(new VrrpEvent.AdvertReceived(from(mine, "198.18.0.12", 200)), T0 + 200 * MS);
        b.on(new VrrpEvent.AdvertReceived(from(theirs, "198.18.0.12", 200)), T0 + 300 * MS);
        assertThat(b.drops().get(DropReason.ADDRESS_LIST)).isEqualTo(1);
    }
}
