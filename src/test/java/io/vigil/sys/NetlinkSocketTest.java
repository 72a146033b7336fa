package io.vigil.sys;

import io.vigil.netlink.GenlCodec;
import io.vigil.netlink.LinkCodec;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NetlinkMessage;
import io.vigil.netlink.Rtnl;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Unprivileged: read-only rtnetlink and generic netlink requests work for any user in the host namespace. */
class NetlinkSocketTest {
    @Test
    void dumpReturnsEveryPartUntilDone() {
        try (NetlinkSocket s = NetlinkSocket.open(Rtnl.NETLINK_ROUTE)) {
            assertThat(s.portId()).isNotZero();
            List<NetlinkMessage> links = s.request(LinkCodec.dump());
            assertThat(links).isNotEmpty().allMatch(m -> m.type() == Rtnl.RTM_NEWLINK);
            assertThat(links.stream().map(LinkCodec::decode).map(l -> l.name())).contains("lo");
        }
    }

    @Test
    void errorsCarryErrno() {
        try (NetlinkSocket s = NetlinkSocket.open(Rtnl.NETLINK_ROUTE)) {
            assertThatThrownBy(() -> s.request(LinkCodec.get(999_999))).isInstanceOf(NetlinkException.class)
                    .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.ENODEV));
        }
    }

    @Test
    void genericNetlinkResolvesTheControllerAndMissesUnknownFamilies() {
        try (GenericNetlink g = GenericNetlink.open()) {
            GenlCodec.Family ctrl = g.family("nlctrl").orElseThrow();
            assertThat(ctrl.id()).isEqualTo(GenlCodec.GENL_ID_CTRL);
            assertThat(ctrl.multicastGroups()).containsKey("notify");
            assertThat(g.family("no-such-family")).isEmpty();
        }
    }

    @Test
    void closeUnblocksAReceiver() {
        NetlinkSocket s = NetlinkSocket.open(Rtnl.NETLINK_ROUTE);
        CompletableFuture<List<NetlinkMessage>> r = CompletableFuture.supplyAsync(() -> s.receive(60_000));
        await().pollDelay(Duration.ofMillis(50)).until(() -> true);
        s.close();
        await().atMost(Duration.ofSeconds(5)).until(r::isDone);
        assertThat(r.join()).isNull();
        assertThat(s.receive(10)).isNull();
    }
}
