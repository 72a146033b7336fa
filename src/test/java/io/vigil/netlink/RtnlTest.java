package io.vigil.netlink;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RtnlTest {
    @Test
    void scopesAndTablesByName() {
        assertThat(Rtnl.scopeByName("global")).isEqualTo(Rtnl.RT_SCOPE_UNIVERSE);
        assertThat(Rtnl.scopeByName("host")).isEqualTo(254);
        assertThat(Rtnl.scopeByName("LINK")).isEqualTo(253);
        assertThat(Rtnl.scopeByName("200")).isEqualTo(Rtnl.RT_SCOPE_SITE);
        assertThatThrownBy(() -> Rtnl.scopeByName("galaxy")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rtnl.scopeByName("256")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Rtnl.tableByName("main")).isEqualTo(254);
        assertThat(Rtnl.tableByName("1000")).isEqualTo(1000);
        assertThat(Rtnl.tableByName("4294967295")).isEqualTo(-1);
        assertThatThrownBy(() -> Rtnl.tableByName("0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routeTypesByKeepalivedsNames() {
        assertThat(Rtnl.routeTypeByName("unicast")).isEqualTo(1);
        assertThat(Rtnl.routeTypeByName("local")).isEqualTo(2);
        assertThat(Rtnl.routeTypeByName("broadcast")).isEqualTo(3);
        assertThat(Rtnl.routeTypeByName("brd")).isEqualTo(3);
        assertThat(Rtnl.routeTypeByName("anycast")).isEqualTo(4);
        assertThat(Rtnl.routeTypeByName("multicast")).isEqualTo(5);
        assertThat(Rtnl.routeTypeByName("blackhole")).isEqualTo(6);
        assertThat(Rtnl.routeTypeByName("unreachable")).isEqualTo(7);
        assertThat(Rtnl.routeTypeByName("prohibit")).isEqualTo(8);
        assertThat(Rtnl.routeTypeByName("throw")).isEqualTo(9);
        assertThat(Rtnl.routeTypeByName("nat")).isEqualTo(10);
        assertThat(Rtnl.routeTypeByName("xresolve")).isEqualTo(11);
        assertThat(Rtnl.routeTypeByName("12")).isEqualTo(12);
        assertThatThrownBy(() -> Rtnl.routeTypeByName("wormhole")).isInstanceOf(IllegalArgumentException.class);
    }
}
