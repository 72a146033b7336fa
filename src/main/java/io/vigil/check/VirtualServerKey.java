package io.vigil.check;

import io.vigil.net.IpLiteral;

import java.net.InetAddress;

/**
 * Identifies a virtual server the way keepalived does: an address, port and protocol, a firewall mark, or a
 * virtual_server_group name with a port.
 */
public sealed interface VirtualServerKey {
    record Address(InetAddress address, int port, String protocol) implements VirtualServerKey {
        @Override
        public String toString() {
            return "[" + Addresses.text(address) + "]:" + protocol + ":" + port;
        }
    }

    record Fwmark(int mark, String family) implements VirtualServerKey {
        @Override
        public String toString() {
            return "FWM " + mark + (family == null ? "" : "/" + family);
        }
    }

    record Group(String name, int port, String protocol) implements VirtualServerKey {
        @Override
        public String toString() {
            return "GROUP " + name + ":" + protocol + ":" + port;
        }
    }

    static VirtualServerKey of(String address, int port, String protocol) {
        return new Address(IpLiteral.parse(address), port, protocol);
    }
}
