package io.vigil.netlink;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Deterministic mutation test of every decoder the netlink reflector and requests use: valid messages with
 * random bytes flipped, truncated or extended must decode or fail with {@link NetlinkException} — never any
 * other exception, which would kill the watcher thread. Seeded, so a failure reproduces.
 */
class DecoderRobustnessTest {
    private static final int MUTANTS_PER_SEED = 1000;

    static List<byte[]> seeds() throws Exception {
        List<byte[]> s = new ArrayList<>();
        InetAddress v4 = InetAddress.getByName("198.18.0.100"), v6 = InetAddress.getByName("2001:2::100");
        s.add(AddressCodec.add(IfAddress.of(3, v4, 24).withLabel("eth0:vip").withBroadcast(InetAddress.getByName("198.18.0.255")), false));
        s.add(AddressCodec.add(IfAddress.of(3, v6, 64), false));
        s.add(LinkCodec.newMacvlan("vrrp.51", 3, Link.vrrpVirtualMac(51, false), Rtnl.MACVLAN_MODE_PRIVATE));
        s.add(new MessageBuilder(Rtnl.RTM_NEWLINK, 0).u8(0).u8(0).u16(1).u32(7).u32(Rtnl.IFF_UP).u32(0)
                .attrString(Rtnl.IFLA_IFNAME, "eth0").attr(Rtnl.IFLA_ADDRESS, Link.parseMac("02:6b:6c:00:00:0b"))
                .attrU32(Rtnl.IFLA_MTU, 1500).attrU8(Rtnl.IFLA_OPERSTATE, 6).build());
        s.add(RouteCodec.addRoute(Route.to(InetAddress.getByName("198.18.5.0"), 24).via(InetAddress.getByName("198.18.0.1")).dev(3).table(1000).metric(5)));
        s.add(RouteCodec.addRule(Rule.lookup(Rtnl.AF_INET6, 1000).from(v6, 128).priority(200).interfaces("eth0", "eth1")));
        s.add(new MessageBuilder(NetlinkMessage.NLMSG_ERROR, NetlinkMessage.NLM_F_CAPPED | NetlinkMessage.NLM_F_ACK_TLVS)
                .u32(-17).raw(new NetlinkMessage(Rtnl.RTM_NEWADDR, 0x605, 5, 0, new byte[0]).encode())
                .attrString(NetlinkMessage.NLMSGERR_ATTR_MSG, "exists").build());
        s.add(GenlMessage.request(GenlCodec.GENL_ID_CTRL, 0, GenlCodec.CTRL_CMD_NEWFAMILY, 1, new AttributeWriter()
                .u16(GenlCodec.CTRL_ATTR_FAMILY_ID, 30).string(GenlCodec.CTRL_ATTR_FAMILY_NAME, "IPVS")
                .beginNested(GenlCodec.CTRL_ATTR_MCAST_GROUPS, false).beginNested(1, false).string(1, "g").u32(2, 9).endNested().endNested())
                .encode());
        // ctnetlink dump entries captured from the kernel (TCP/IPv4, UDP/IPv4, TCP/IPv6).
        for (String hex : List.of(ConntrackCodecTest.TCP4, ConntrackCodecTest.UDP4, ConntrackCodecTest.TCP6)) s.add(Hex.bytes(hex));
        return s;
    }

    /** Every decoder applied as the reflector and request paths would. */
    static final List<Consumer<NetlinkMessage>> DECODERS = List.of(
            AddressCodec::decode, LinkCodec::decode, RouteCodec::decodeRoute, RouteCodec::decodeRule, m -> GenlCodec.decodeFamily(GenlMessage.fromNetlink(m)),
            m -> {
                if (m.isError()) {
                    m.errno();
                    m.extendedAckMessage();
                }
            },
            m -> new InterfaceStateTracker().apply(m),
            Conntrack::decode);

    @Test
    void mutatedMessagesDecodeOrFailWithNetlinkException() throws Exception {
        int decoded = 0, rejected = 0;
        List<byte[]> seeds = seeds();
        for (int si = 0; si < seeds.size(); si++) {
            Random rnd = new Random(1000 + si);
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                byte[] m = mutate(seeds.get(si), rnd);
                List<NetlinkMessage> messages;
                try {
                    messages = NetlinkMessage.decodeAll(m);
                } catch (NetlinkException e) {
                    rejected++;
                    continue;
                } catch (RuntimeException e) {
                    throw new AssertionError("decodeAll: seed " + si + " mutant " + i + ": " + Hex.of(m), e);
                }
                for (NetlinkMessage msg : messages) {
                    for (int d = 0; d < DECODERS.size(); d++) {
                        try {
                            DECODERS.get(d).accept(msg);
                            decoded++;
                        } catch (NetlinkException e) {
                            rejected++;
                        } catch (RuntimeException e) {
                            fail("decoder " + d + " threw " + e + " on seed " + si + " mutant " + i + ": " + Hex.of(m), e);
                        }
                    }
                }
            }
        }
        // Both outcomes must actually occur, or the mutations are not exercising the decoders.
        assertThat(decoded).isPositive();
        assertThat(rejected).isPositive();
    }

    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] m = seed.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> { // flip 1-4 bytes anywhere after the length field
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) m[4 + rnd.nextInt(m.length - 4)] = (byte) rnd.nextInt(256);
            }
            case 1 -> { // corrupt an attribute or struct area, keeping the header intact
                int at = NetlinkMessage.HEADER_LENGTH + rnd.nextInt(Math.max(1, m.length - NetlinkMessage.HEADER_LENGTH));
                if (at < m.length) m[at] = (byte) rnd.nextInt(256);
                if (at + 1 < m.length) m[at + 1] = (byte) rnd.nextInt(256);
            }
            case 2 -> { // truncate, fixing the length so the header claims what is there
                int len = NetlinkMessage.HEADER_LENGTH + rnd.nextInt(m.length - NetlinkMessage.HEADER_LENGTH + 1);
                m = java.util.Arrays.copyOf(m, len);
                java.nio.ByteBuffer.wrap(m).order(NetlinkMessage.ORDER).putInt(0, len);
            }
            default -> { // a random length field
                java.nio.ByteBuffer.wrap(m).order(NetlinkMessage.ORDER).putInt(0, rnd.nextInt(m.length + 64));
            }
        }
        return m;
    }
}
