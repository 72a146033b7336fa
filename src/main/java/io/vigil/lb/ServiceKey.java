package io.vigil.lb;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What identifies a virtual service, as in IPVS: either protocol + address + port, or a firewall mark
 * (with the address family it applies to). Two services with equal keys are the same service.
 */
public sealed interface ServiceKey permits ServiceKey.Ip, ServiceKey.Fwmark {

    boolean ipv6();

    /** {@code virtual_server 198.18.0.10 80} with {@code protocol TCP}. Port 0 means all ports (persistent only). */
    record Ip(Protocol protocol, InetAddress address, int port) implements ServiceKey {
        public Ip {
            if (protocol == null || address == null) throw new IllegalArgumentException("protocol and address are required");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        }

        @Override
        public boolean ipv6() {
            return address instanceof Inet6Address;
        }

        @Override
        public String toString() {
            return protocol + " " + Addresses.hostPort(address, port);
        }
    }

    /** {@code virtual_server fwmark 1}: packets marked by the firewall. */
    record Fwmark(int mark, boolean ipv6) implements ServiceKey {
        public Fwmark {
            if (mark == 0) throw new IllegalArgumentException("fwmark must be non-zero");
        }

        @Override
        public String toString() {
            return "FWM " + Integer.toUnsignedString(mark) + (ipv6 ? " IPv6" : "");
        }
    }
}
