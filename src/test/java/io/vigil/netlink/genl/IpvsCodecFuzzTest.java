package io.vigil.netlink.genl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vigil.netlink.GenlCodec;
import io.vigil.netlink.GenlMessage;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NetlinkMessage;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the reading of kernel answers: any datagram either decodes or fails with {@link NetlinkException}
 * (nothing else escapes to the data plane), and what decodes as an IPVS service or destination re-encodes and
 * decodes to the same record. Regression mode in {@code mvn test} runs the seeds in
 * {@code IpvsCodecFuzzTestInputs/} (kernel replies captured from ipvsadm); {@code JAZZER_FUZZ=1} fuzzes.
 */
class IpvsCodecFuzzTest {
    static final int FAMILY = 0x1c;

    @FuzzTest(maxDuration = "30s")
    void kernelAnswersDecodeOrFailCleanly(byte[] datagram) {
        try {
            for (NetlinkMessage m : NetlinkMessage.decodeAll(datagram)) {
                if (m.isError()) {
                    assertThat(m.errno()).isGreaterThanOrEqualTo(Integer.MIN_VALUE);
                    m.requestSeq();
                    m.extendedAckMessage();
                    continue;
                }
                if (m.type() < 0x10) continue;
                GenlMessage g = GenlMessage.fromNetlink(m);
                if (g.familyId() == GenlCodec.GENL_ID_CTRL) {
                    if (g.command() == GenlCodec.CTRL_CMD_NEWFAMILY) GenlCodec.decodeFamily(g);
                    continue;
                }
                switch (g.command()) {
                    case Ipvs.CMD_NEW_SERVICE -> {
                        IpvsService s = IpvsCodec.parseService(g);
                        assertThat(IpvsCodec.parseService(IpvsCodec.serviceReply(FAMILY, 1, 1, true, s))).isEqualTo(withDefaults(s));
                    }
                    case Ipvs.CMD_NEW_DEST -> {
                        IpvsDest d = IpvsCodec.parseDest(g);
                        assertThat(IpvsCodec.parseDest(IpvsCodec.destReply(FAMILY, 1, 1, true, d))).isEqualTo(withDefaults(d));
                    }
                    case Ipvs.CMD_NEW_DAEMON -> IpvsCodec.parseDaemon(g);
                    case Ipvs.CMD_SET_INFO -> IpvsCodec.parseInfo(g);
                    case Ipvs.CMD_SET_CONFIG -> IpvsCodec.parseConfig(g);
                    default -> g.attrs();
                }
            }
        } catch (NetlinkException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** A record read without stats comes back with zero stats after a round trip through a reply. */
    static IpvsService withDefaults(IpvsService s) {
        return s.stats() == null ? s.withStats(IpvsStats.ZERO) : s;
    }

    static IpvsDest withDefaults(IpvsDest d) {
        return d.stats() == null ? new IpvsDest(d.address(), d.port(), d.forwarding(), d.weight(), d.upperThreshold(), d.lowerThreshold(),
                d.addressFamily(), d.tunnelType(), d.tunnelPort(), d.tunnelFlags(), d.activeConns(), d.inactiveConns(),
                d.persistentConns(), IpvsStats.ZERO) : d;
    }

    /** Writes the seed corpus from the ipvsadm capture (run once by hand: the seeds are committed). */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        IpvsadmCapture c = IpvsadmCapture.load();
        int n = 0;
        for (String cmd : new String[] {"-Ln --stats", "-L --daemon", "-L --timeout", "-d -t 198.18.0.10:80 -r 198.18.1.2:8080"})
            for (IpvsadmCapture.Datagram d : c.of(cmd))
                if (!d.sent()) Files.write(dir.resolve("seed-" + (n++)), d.bytes());
    }
}
