package io.vigil.netlink.genl;

import io.vigil.netlink.GenlCodec;
import io.vigil.netlink.GenlMessage;
import io.vigil.netlink.NetlinkMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

import static io.vigil.netlink.genl.Ipvs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Vigil's IPVS messages against what real ipvsadm 1.31 sent to, and received from, a real 6.1 kernel
 * (ipvsadm-capture.txt). Requests must be byte-identical where Vigil sends the same attributes; the kernel's
 * replies must decode to what ipvsadm printed.
 */
class IpvsCodecGoldenTest {
    static final int FAMILY = 0x1c; // the id the guest kernel gave "IPVS" in the capture
    static IpvsadmCapture capture;

    @BeforeAll
    static void load() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the capture was taken on x86-64 (little endian)");
        capture = IpvsadmCapture.load();
    }

    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    /** Our message, given ipvsadm's sequence number and port id, must encode to ipvsadm's exact bytes. */
    static void assertSameBytes(String command, int cmd, GenlMessage ours) {
        NetlinkMessage theirs = capture.sent(command, FAMILY, cmd);
        byte[] mine = ours.withSeq(theirs.seq(), theirs.pid()).encode();
        assertThat(mine).as("ipvsadm %s", command).isEqualTo(theirs.encode());
        assertThat(mine).isEqualTo(capture.sentBytes(command, theirs));
    }

    static GenlMessage sentGenl(String command, int cmd) {
        return GenlMessage.fromNetlink(capture.sent(command, FAMILY, cmd));
    }

    @Test
    void familyLookupIsByteIdenticalAndTheReplyResolvesIpvs() {
        String cmd = "-Ln";
        NetlinkMessage theirs = capture.of(cmd).getFirst().messages().getFirst();
        assertThat(GenlCodec.getFamily("IPVS").withSeq(theirs.seq(), theirs.pid()).encode()).isEqualTo(theirs.encode());
        NetlinkMessage reply = capture.received(cmd).getFirst();
        GenlCodec.Family f = GenlCodec.decodeFamily(GenlMessage.fromNetlink(reply));
        assertThat(f.id()).isEqualTo(FAMILY);
        assertThat(f.name()).isEqualTo("IPVS");
        assertThat(f.version()).isEqualTo(1);
        assertThat(f.maxAttr()).isEqualTo(CMD_ATTR_TIMEOUT_UDP);
    }

    @Test
    void newTcpServiceWithPersistenceAndNetmask() {
        String cmd = "-A -t 198.18.0.10:80 -s wrr -p 300 -M 255.255.255.0";
        IpvsService s = new IpvsService(AF_INET, 6, ip("198.18.0.10"), 80, 0, "wrr", SVC_F_PERSISTENT, 300, 0xffffff00, null, null);
        assertSameBytes(cmd, CMD_NEW_SERVICE, IpvsCodec.newService(FAMILY, s));
        assertThat(IpvsCodec.parseService(sentGenl(cmd, CMD_NEW_SERVICE))).isEqualTo(s);
    }

    @Test
    void newFwmarkServiceWithMaglevFlags() {
        String cmd = "-A -f 7 -s mh -b mh-fallback,mh-port";
        IpvsService s = new IpvsService(AF_INET, 0, null, 0, 7, "mh", SVC_F_SCHED1 | SVC_F_SCHED2, 0, 0xffffffff, null, null);
        assertSameBytes(cmd, CMD_NEW_SERVICE, IpvsCodec.newService(FAMILY, s));
    }

    @Test
    void newIpv6UdpServiceWithOnePacketScheduling() {
        String cmd = "-A -u [2001:2::10]:53 -s rr -o";
        IpvsService s = new IpvsService(AF_INET6, 17, ip("2001:2::10"), 53, 0, "rr", SVC_F_ONEPACKET, 0, 128, null, null);
        assertSameBytes(cmd, CMD_NEW_SERVICE, IpvsCodec.newService(FAMILY, s));
    }

    @Test
    void editServiceScheduler() {
        String cmd = "-E -t 198.18.0.10:80 -s lc";
        IpvsService s = new IpvsService(AF_INET, 6, ip("198.18.0.10"), 80, 0, "lc", 0, 0, 0xffffffff, null, null);
        assertSameBytes(cmd, CMD_SET_SERVICE, IpvsCodec.setService(FAMILY, s));
    }

    /** ipvsadm sends a full (zeroed) service with destination commands; Vigil sends the key only, the destination identically. */
    static void assertSameDestination(String command, int cmd, IpvsService key, GenlMessage ours) {
        GenlMessage theirs = sentGenl(command, cmd);
        assertThat(IpvsCodec.parseService(theirs).toKey()).isEqualTo(key);
        assertThat(IpvsCodec.parseService(ours).toKey()).isEqualTo(key);
        assertThat(theirs.attrs().bytes(CMD_ATTR_DEST)).as("destination attribute of ipvsadm %s", command)
                .isNotNull().isEqualTo(ours.attrs().bytes(CMD_ATTR_DEST));
    }

    @Test
    void newNatDestinationWithThresholds() {
        IpvsService key = IpvsService.key(6, ip("198.18.0.10"), 80);
        IpvsDest d = IpvsDest.of(ip("198.18.1.1"), 8080, CONN_F_MASQ, 3, 10, 2, TUNNEL_TYPE_IPIP, 0, 0);
        assertSameDestination("-a -t 198.18.0.10:80 -r 198.18.1.1:8080 -m -w 3 -x 10 -y 2", CMD_NEW_DEST, key, IpvsCodec.newDest(FAMILY, key, d));
    }

    @Test
    void newDirectRoutingDestinationTakesTheServicePortAsIpvsadmDoes() {
        IpvsService key = IpvsService.key(6, ip("198.18.0.10"), 80);
        IpvsDest d = IpvsDest.of(ip("198.18.1.2"), 80, CONN_F_DROUTE, 1, 0, 0, TUNNEL_TYPE_IPIP, 0, 0);
        assertSameDestination("-a -t 198.18.0.10:80 -r 198.18.1.2:8080 -g -w 1", CMD_NEW_DEST, key, IpvsCodec.newDest(FAMILY, key, d));
    }

    @Test
    void newGueTunnelDestinationOnFwmarkService() {
        IpvsService key = IpvsService.fwmarkKey(AF_INET, 7);
        IpvsDest d = IpvsDest.of(ip("198.18.1.3"), 0, CONN_F_TUNNEL, 2, 0, 0, TUNNEL_TYPE_GUE, 6080, TUNNEL_ENCAP_FLAG_CSUM);
        assertSameDestination("-a -f 7 -r 198.18.1.3:0 -i -w 2 --tun-type gue --tun-port 6080 --tun-csum", CMD_NEW_DEST, key,
                IpvsCodec.newDest(FAMILY, key, d));
    }

    @Test
    void newIpv6Destination() {
        IpvsService key = IpvsService.key(17, ip("2001:2::10"), 53);
        IpvsDest d = IpvsDest.of(ip("2001:2::1:1"), 5353, CONN_F_MASQ, 5, 0, 0, 0, 0, 0);
        assertSameDestination("-a -u [2001:2::10]:53 -r [2001:2::1:1]:5353 -m -w 5", CMD_NEW_DEST, key, IpvsCodec.newDest(FAMILY, key, d));
    }

    @Test
    void editDestinationWeightToZero() {
        IpvsService key = IpvsService.key(6, ip("198.18.0.10"), 80);
        IpvsDest d = IpvsDest.of(ip("198.18.1.1"), 8080, CONN_F_MASQ, 0, 0, 0, 0, 0, 0);
        assertSameDestination("-e -t 198.18.0.10:80 -r 198.18.1.1:8080 -m -w 0", CMD_SET_DEST, key, IpvsCodec.setDest(FAMILY, key, d));
    }

    @Test
    void deleteDestinationAndService() {
        GenlMessage theirs = sentGenl("-d -t 198.18.0.10:80 -r 198.18.1.2:80", CMD_DEL_DEST);
        IpvsService key = IpvsService.key(6, ip("198.18.0.10"), 80);
        GenlMessage ours = IpvsCodec.delDest(FAMILY, key, IpvsDest.key(ip("198.18.1.2"), 80));
        assertThat(IpvsCodec.parseService(theirs).toKey()).isEqualTo(key);
        IpvsDest theirDest = IpvsCodec.parseDest(theirs), ourDest = IpvsCodec.parseDest(ours);
        assertThat(ourDest.address()).isEqualTo(theirDest.address());
        assertThat(ourDest.port()).isEqualTo(theirDest.port());

        GenlMessage delSvc = sentGenl("-D -u [2001:2::10]:53", CMD_DEL_SERVICE);
        assertThat(IpvsCodec.parseService(delSvc).toKey()).isEqualTo(IpvsService.key(17, ip("2001:2::10"), 53));
        assertThat(IpvsCodec.parseService(IpvsCodec.delService(FAMILY, IpvsService.key(17, ip("2001:2::10"), 53))).toKey())
                .isEqualTo(IpvsService.key(17, ip("2001:2::10"), 53));
    }

    @Test
    void dumpRequestsAreByteIdentical() {
        assertSameBytes("-Ln", CMD_GET_SERVICE, IpvsCodec.getServices(FAMILY));
        assertSameBytes("-Ln", CMD_GET_INFO, IpvsCodec.getInfo(FAMILY));
        List<NetlinkMessage> destDumps = capture.sentIpvs("-Ln --stats", FAMILY).stream().filter(m -> m.payload()[0] == CMD_GET_DEST).toList();
        assertThat(destDumps).hasSize(3);
        List<IpvsService> keys = List.of(IpvsService.key(6, ip("198.18.0.10"), 80), IpvsService.fwmarkKey(AF_INET, 7),
                IpvsService.key(17, ip("2001:2::10"), 53));
        for (NetlinkMessage theirs : destDumps) {
            IpvsService key = IpvsCodec.parseService(GenlMessage.fromNetlink(theirs)).toKey();
            assertThat(keys).contains(key);
            assertThat(IpvsCodec.getDests(FAMILY, key).withSeq(theirs.seq(), theirs.pid()).encode()).isEqualTo(theirs.encode());
        }
    }

    @Test
    void serviceDumpRepliesDecodeToWhatIpvsadmListed() {
        List<IpvsService> services = capture.received("-Ln --stats").stream()
                .filter(m -> m.type() == FAMILY && m.payload()[0] == CMD_NEW_SERVICE)
                .map(m -> IpvsCodec.parseService(GenlMessage.fromNetlink(m))).toList();
        assertThat(services).hasSize(3);
        IpvsService tcp = services.stream().filter(s -> s.protocol() == 6).findFirst().orElseThrow();
        assertThat(tcp.address()).isEqualTo(ip("198.18.0.10"));
        assertThat(tcp.port()).isEqualTo(80);
        // "-E -s lc" without -p turned persistence off, as ipvsadm -Ln printed
        assertThat(tcp.scheduler()).isEqualTo("lc");
        assertThat(tcp.flags()).isEqualTo(SVC_F_HASHED);
        assertThat(tcp.timeoutSeconds()).isZero();
        assertThat(tcp.netmask()).isEqualTo(0xffffffff);
        assertThat(tcp.stats()).isEqualTo(IpvsStats.ZERO);
        IpvsService fwm = services.stream().filter(IpvsService::isFwmark).findFirst().orElseThrow();
        assertThat(fwm.fwmark()).isEqualTo(7);
        assertThat(fwm.scheduler()).isEqualTo("mh");
        assertThat(fwm.flags() & ~SVC_F_HASHED).isEqualTo(SVC_F_SCHED1 | SVC_F_SCHED2);
        IpvsService udp6 = services.stream().filter(s -> s.af() == AF_INET6).findFirst().orElseThrow();
        assertThat(udp6.address()).isEqualTo(ip("2001:2::10"));
        assertThat(udp6.netmask()).isEqualTo(128);
        assertThat(udp6.flags() & ~SVC_F_HASHED).isEqualTo(SVC_F_ONEPACKET);
    }

    @Test
    void destinationDumpRepliesDecode() {
        List<IpvsDest> dests = capture.received("-Ln --stats").stream()
                .filter(m -> m.type() == FAMILY && m.payload()[0] == CMD_NEW_DEST)
                .map(m -> IpvsCodec.parseDest(GenlMessage.fromNetlink(m))).toList();
        assertThat(dests).extracting(d -> d.address().getHostAddress() + ":" + d.port())
                .containsExactlyInAnyOrder("198.18.1.2:80", "198.18.1.1:8080", "198.18.1.3:0", "2001:2:0:0:0:0:1:1:5353");
        IpvsDest nat = dests.stream().filter(d -> d.port() == 8080).findFirst().orElseThrow();
        assertThat(nat.forwardingMethod()).isEqualTo(CONN_F_MASQ);
        assertThat(nat.weight()).isZero();
        assertThat(nat.upperThreshold()).isZero(); // "-e -w 0" without -x/-y reset the thresholds
        assertThat(nat.lowerThreshold()).isZero();
        IpvsDest dr = dests.stream().filter(d -> d.address().equals(ip("198.18.1.2"))).findFirst().orElseThrow();
        assertThat(dr.forwardingMethod()).isEqualTo(CONN_F_DROUTE);
        assertThat(dr.weight()).isEqualTo(1);
        IpvsDest tun = dests.stream().filter(d -> d.address().equals(ip("198.18.1.3"))).findFirst().orElseThrow();
        assertThat(tun.forwardingMethod()).isEqualTo(CONN_F_TUNNEL);
        assertThat(tun.tunnelType()).isEqualTo(TUNNEL_TYPE_GUE);
        assertThat(tun.tunnelPort()).isEqualTo(6080);
        assertThat(tun.tunnelFlags()).isEqualTo(TUNNEL_ENCAP_FLAG_CSUM);
        IpvsDest v6 = dests.stream().filter(d -> d.addressFamily() == AF_INET6).findFirst().orElseThrow();
        assertThat(v6.weight()).isEqualTo(5);
        assertThat(v6.stats()).isEqualTo(IpvsStats.ZERO);
    }

    @Test
    void infoAndTimeouts() {
        NetlinkMessage info = capture.received("-Ln").stream().filter(m -> m.type() == FAMILY && m.payload()[0] == CMD_SET_INFO)
                .findFirst().orElseThrow();
        IpvsInfo i = IpvsCodec.parseInfo(GenlMessage.fromNetlink(info));
        assertThat(i.versionString()).isEqualTo("1.2.1");
        assertThat(i.connectionTableSize()).isEqualTo(4096);

        assertSameBytes("--set 900 120 300", CMD_SET_CONFIG, IpvsCodec.setConfig(FAMILY, new IpvsTimeouts(900, 120, 300)));
        assertSameBytes("-L --timeout", CMD_GET_CONFIG, IpvsCodec.getConfig(FAMILY));
        NetlinkMessage config = capture.received("-L --timeout").stream().filter(m -> m.type() == FAMILY && m.payload()[0] == CMD_SET_CONFIG)
                .findFirst().orElseThrow();
        assertThat(IpvsCodec.parseConfig(GenlMessage.fromNetlink(config))).isEqualTo(new IpvsTimeouts(900, 120, 300));
    }

    @Test
    void syncDaemon() {
        assertSameBytes("--start-daemon master --mcast-interface lo --syncid 5", CMD_NEW_DAEMON,
                IpvsCodec.newDaemon(FAMILY, IpvsDaemon.of(STATE_MASTER, "lo", 5)));
        assertSameBytes("-L --daemon", CMD_GET_DAEMON, IpvsCodec.getDaemons(FAMILY));
        NetlinkMessage reply = capture.received("-L --daemon").stream().filter(m -> m.type() == FAMILY && m.payload()[0] == CMD_NEW_DAEMON)
                .findFirst().orElseThrow();
        IpvsDaemon d = IpvsCodec.parseDaemon(GenlMessage.fromNetlink(reply));
        assertThat(d).isEqualTo(new IpvsDaemon(STATE_MASTER, "lo", 5, 1472, ip("224.0.0.81"), 8848, 1));
        GenlMessage stop = sentGenl("--stop-daemon master", CMD_DEL_DAEMON);
        assertThat(stop.attrs().nested(CMD_ATTR_DAEMON).u32(DAEMON_ATTR_STATE)).isEqualTo(STATE_MASTER);
        assertThat(IpvsCodec.delDaemon(FAMILY, STATE_MASTER).attrs().nested(CMD_ATTR_DAEMON).u32(DAEMON_ATTR_STATE))
                .isEqualTo(STATE_MASTER);
    }

    @Test
    void zeroAndFlush() {
        assertSameBytes("-Z", CMD_ZERO, IpvsCodec.zero(FAMILY, Optional.empty()));
        assertSameBytes("-C", CMD_FLUSH, IpvsCodec.flush(FAMILY));
    }

    @Test
    void acksAndErrors() {
        List<NetlinkMessage> ok = capture.received("-C");
        NetlinkMessage ack = ok.getLast();
        assertThat(ack.errno()).isZero();
        assertThat(ack.requestSeq()).isEqualTo(capture.sent("-C", FAMILY, CMD_FLUSH).seq());

        NetlinkMessage failed = capture.received("-d -t 198.18.0.10:80 -r 198.18.1.2:8080").getLast();
        NetlinkMessage e = failed;
        assertThat(e.errno()).isEqualTo(2); // ENOENT: no such destination (ipvsadm had moved the DR port to 80)
        assertThat(e.requestSeq()).isEqualTo(capture.sent("-d -t 198.18.0.10:80 -r 198.18.1.2:8080", FAMILY, CMD_DEL_DEST).seq());
    }
}
