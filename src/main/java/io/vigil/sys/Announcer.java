package io.vigil.sys;

import io.vigil.netlink.AnnounceFrames;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends gratuitous ARPs and unsolicited neighbour advertisements for VIPs on one interface, framed as
 * keepalived frames them ({@link AnnounceFrames}), from the interface's current MAC. The NA Router flag is set
 * when the interface forwards IPv6 ({@code /proc/sys/net/ipv6/conf/IF/forwarding}), as keepalived does.
 * Timing (garp_master_delay, repeat, refresh) belongs to the caller.
 */
public final class Announcer implements AutoCloseable {
    private final PacketSocket socket;
    private final boolean router;

    private Announcer(PacketSocket socket, boolean router) {
        this.socket = socket;
        this.router = router;
    }

    /**
     * Opens a send-only AF_PACKET socket on {@code interfaceName} in the calling thread's namespace, and reads
     * there (once, as keepalived does at start) whether the interface forwards IPv6.
     */
    public static Announcer open(String interfaceName) {
        PacketSocket s = PacketSocket.openForSending(interfaceName);
        return new Announcer(s, forwardsIpv6(interfaceName));
    }

    /** Sends one announcement for {@code vip}: a gratuitous ARP for IPv4, an unsolicited NA for IPv6. */
    public void announce(InetAddress vip) {
        byte[] mac = socket.hardwareAddress();
        socket.send(switch (vip) {
            case Inet4Address v4 -> AnnounceFrames.gratuitousArp(mac, v4);
            case Inet6Address v6 -> AnnounceFrames.unsolicitedNeighbourAdvert(mac, v6, router);
            default -> throw new IllegalArgumentException("not an IP address: " + vip);
        });
    }

    private static boolean forwardsIpv6(String interfaceName) {
        // /proc/sys/net shows the network namespace of the thread that opens it: read from the caller's thread.
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv6/conf", interfaceName, "forwarding")).trim().equals("1");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Whether NAs carry the Router flag. */
    public boolean router() {
        return router;
    }

    public String interfaceName() {
        return socket.interfaceName();
    }

    @Override
    public void close() {
        socket.close();
    }
}
