package io.vigil.netlink.genl;

import io.vigil.netlink.NetlinkMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The netlink traffic of real ipvsadm 1.31 against a real 6.1 IPVS kernel (user-mode-linux), captured with
 * strace by capture-ipvsadm.sh: per ipvsadm command, the datagrams it sent and received, in order.
 */
final class IpvsadmCapture {
    record Datagram(boolean sent, byte[] bytes) {
        List<NetlinkMessage> messages() {
            return NetlinkMessage.decodeAll(bytes);
        }
    }

    private final Map<String, List<Datagram>> byCommand = new LinkedHashMap<>();

    static IpvsadmCapture load() {
        try (InputStream in = IpvsadmCapture.class.getResourceAsStream("ipvsadm-capture.txt")) {
            if (in == null) throw new IllegalStateException("ipvsadm-capture.txt missing from test resources");
            IpvsadmCapture c = new IpvsadmCapture();
            List<Datagram> current = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("## ipvsadm ")) {
                    current = new ArrayList<>();
                    c.byCommand.put(line.substring("## ipvsadm ".length()).trim(), current);
                } else if ((line.startsWith("> ") || line.startsWith("< ")) && current != null) {
                    current.add(new Datagram(line.charAt(0) == '>', HexFormat.of().parseHex(line.substring(2).trim())));
                }
            }
            return c;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Datagram> of(String command) {
        List<Datagram> d = byCommand.get(command);
        if (d == null) throw new IllegalArgumentException("no capture for ipvsadm " + command + "; have " + byCommand.keySet());
        return d;
    }

    /** Every IPVS (non-controller) message ipvsadm sent for this command. */
    List<NetlinkMessage> sentIpvs(String command, int familyId) {
        List<NetlinkMessage> out = new ArrayList<>();
        for (Datagram d : of(command)) if (d.sent()) for (NetlinkMessage m : d.messages()) if (m.type() == familyId) out.add(m);
        return out;
    }

    /** The one message ipvsadm sent with this IPVS command. */
    NetlinkMessage sent(String command, int familyId, int ipvsCmd) {
        List<NetlinkMessage> l = sentIpvs(command, familyId).stream().filter(m -> (m.payload()[0] & 0xff) == ipvsCmd).toList();
        if (l.size() != 1) throw new IllegalStateException("expected one cmd " + ipvsCmd + " in ipvsadm " + command + ", found " + l.size());
        return l.getFirst();
    }

    /** Every message the kernel sent for this command (answers to the controller included). */
    List<NetlinkMessage> received(String command) {
        List<NetlinkMessage> out = new ArrayList<>();
        for (Datagram d : of(command)) if (!d.sent()) out.addAll(d.messages());
        return out;
    }

    /** The encoded datagram ipvsadm sent with this message, exactly as captured. */
    byte[] sentBytes(String command, NetlinkMessage m) {
        for (Datagram d : of(command)) if (d.sent() && d.messages().contains(m)) return d.bytes();
        throw new IllegalStateException("not sent: " + m);
    }
}
