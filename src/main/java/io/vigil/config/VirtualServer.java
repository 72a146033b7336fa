package io.vigil.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code virtual_server IP PORT | fwmark N | group NAME { ... }}: a load-balanced service and its pool. */
public record VirtualServer(Address address, Scheduler scheduler, Method method, Protocol protocol,
                            Optional<Duration> persistenceTimeout, Optional<String> persistenceGranularity,
                            Optional<String> persistenceEngine, boolean haSuspend, Optional<String> virtualhost,
                            boolean alpha, boolean omega, int quorum, int hysteresis, Optional<Script> quorumUp,
                            Optional<Script> quorumDown, Optional<SorryServer> sorryServer, Duration delayLoop,
                            boolean inhibitOnFailure, boolean smtpAlert, Optional<String> ipFamily, Set<Integer> schedulerFlags,
                            boolean onePacket, List<RealServer> realServers, Optional<String> snmpName,
                            Optional<Announce> announce, SourcePos pos) {

    /** How the service is addressed. */
    public sealed interface Address permits IpPort, Fwmark, Group { }

    /** An address and port (the port may be omitted only for persistent services). */
    public record IpPort(InetAddress ip, Optional<Integer> port) implements Address {
        @Override
        public String toString() {
            return Addresses.format(ip) + port.map(p -> " " + p).orElse("");
        }
    }

    public record Fwmark(long mark) implements Address {
        @Override
        public String toString() {
            return "fwmark " + mark;
        }
    }

    public record Group(String name) implements Address {
        @Override
        public String toString() {
            return "group " + name;
        }
    }

    /** IPVS schedulers keepalived accepts. */
    public enum Scheduler { rr, wrr, lc, wlc, lblc, sh, mh, dh, fo, ovf, lblcr, sed, nq, twos }

    /** Forwarding methods (keepalived's lvs_method / lb_kind). */
    public enum Method { NAT, DR, TUN }

    public enum Protocol { TCP, UDP, SCTP }

    /**
     * {@code vigil_announce { table N  metric M  proto P  vrrp_instance NAME  bfd_instance NAME  delay S }}: the virtual
     * address as a host route in kernel table {@code table} while the pool has its quorum (and the instance, if named,
     * is MASTER, and the BFD session, if named, is Up).
     */
    public record Announce(int table, Optional<Integer> metric, int protocol, Optional<String> vrrpInstance,
                           Optional<String> bfdInstance, Duration delay, SourcePos pos) { }

    /** The server that takes traffic while the quorum is lost. */
    public record SorryServer(InetAddress ip, Optional<Integer> port, boolean inhibit, Optional<Method> method) { }
}
