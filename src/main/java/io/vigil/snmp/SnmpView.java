package io.vigil.snmp;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the MIB tables show: an immutable picture of the node (VRRP instances, sync groups, virtual and real servers)
 * that the daemon supplies; the SNMP code never reaches into the VRRP or checker processes itself.
 */
public interface SnmpView {
    Snapshot snapshot();

    /** VRRP states as the KEEPALIVED-MIB's VrrpState numbers them. */
    enum State {
        INIT(0), BACKUP(1), MASTER(2), FAULT(3), UNKNOWN(4), STOP(5), DELETED(6);

        public final int mibValue;

        State(int mibValue) {
            this.mibValue = mibValue;
        }

        /** A state word as the VRRP child reports it (MASTER, BACKUP, FAULT, INIT, STOP, ...); unknown words map to UNKNOWN. */
        public static State parse(String word) {
            for (State s : values()) if (s.name().equalsIgnoreCase(word)) return s;
            return word.equalsIgnoreCase("DELETED") ? DELETED : UNKNOWN;
        }
    }

    record Snapshot(Global global, List<Instance> instances, List<SyncGroup> syncGroups, List<VirtualServer> virtualServers) {
        public Snapshot {
            instances = List.copyOf(instances);
            syncGroups = List.copyOf(syncGroups);
            virtualServers = List.copyOf(virtualServers);
        }

        public static final Snapshot EMPTY = new Snapshot(new Global("", "", false, false, false), List.of(), List.of(), List.of());

        public Optional<Instance> instance(String name) {
            return instances.stream().filter(i -> i.name().equals(name)).findFirst();
        }
    }

    /** @param version the agent's product text (keepalived: "Keepalived v2.2.7 (01/16,2022)") */
    record Global(String version, String routerId, boolean trapsEnabled, boolean dynamicInterfaces, boolean linkBeatPolling) {}

    /** An address of an instance: advertised ones come from virtual_ipaddress, the others from virtual_ipaddress_excluded. */
    record VirtualAddress(InetAddress address, int prefixLength, String interfaceName, int ifIndex, boolean advertised) {}

    /**
     * A VRRP instance.
     *
     * @param ifIndex     the interface's index in the daemon's namespace (0 when it is unknown)
     * @param macAddress  the interface's MAC (6 bytes, empty when unknown): what the adverts are sent from
     * @param primaryAddress the interface's first address of the instance's family (empty when none)
     * @param advertIntervalCentis the advert interval in centiseconds
     * @param authType    0 none, 1 simple password, 2 IPsec AH (KEEPALIVED-MIB numbering)
     * @param masterTransitions how many times the instance became MASTER since the daemon started
     * @param lastChangeCentis   when the instance last changed state, in centiseconds since the agent started
     * @param effectivePriority the priority with tracking applied (the base priority until the VRRP child reports one)
     * @param masterAddress the master's address last heard while BACKUP (empty as MASTER, or when none was heard)
     */
    record Instance(String name, int vrid, int version, boolean ipv6, State state, State initialState, int basePriority,
                    int effectivePriority, String interfaceName, int ifIndex, byte[] macAddress, Optional<InetAddress> primaryAddress,
                    int advertIntervalCentis, boolean preempt, int preemptDelaySeconds, int authType, Optional<String> syncGroup,
                    int garpDelaySeconds, boolean smtpAlert, boolean notifyExec, boolean tracksInterfaces, boolean accept,
                    boolean notifyDeleted, InetAddress multicastGroup, boolean lvsSyncDaemon, List<VirtualAddress> addresses,
                    long masterTransitions, long lastChangeCentis, Optional<InetAddress> masterAddress) {
        public Instance {
            macAddress = macAddress.clone();
            addresses = List.copyOf(addresses);
        }

        public List<VirtualAddress> advertisedAddresses() {
            return addresses.stream().filter(VirtualAddress::advertised).toList();
        }
    }

    record SyncGroup(String name, State state, List<String> members, boolean smtpAlert, boolean notifyExec, boolean trackingWeight) {
        public SyncGroup {
            members = List.copyOf(members);
        }
    }

    enum ServiceType { FWMARK, IP, GROUP }

    /** TCP, UDP, SCTP as KEEPALIVED-MIB numbers them (1, 2, 3). */
    enum Protocol { TCP, UDP, SCTP }

    /** NAT, DR, TUN as KEEPALIVED-MIB numbers them (1, 2, 3). */
    enum Forwarding { NAT, DR, TUN }

    /** @param scheduler the IPVS scheduler name (rr, wrr, lc, ...) */
    record VirtualServer(ServiceType type, Optional<String> groupName, long fwmark, Optional<InetAddress> address, int port,
                         Protocol protocol, String scheduler, Forwarding forwarding, Optional<String> virtualHost,
                         long persistTimeoutSeconds, int delayLoopSeconds, boolean haSuspend, boolean alpha, boolean omega,
                         int quorum, boolean quorumMet, int hysteresis, Optional<String> quorumUp, Optional<String> quorumDown,
                         boolean inhibitOnFailure, boolean onePacket, Optional<String> name, List<RealServer> realServers) {
        public VirtualServer {
            realServers = List.copyOf(realServers);
        }

        public long realServersUp() {
            return realServers.stream().filter(r -> !r.sorry() && r.alive()).count();
        }

        public long realServersTotal() {
            return realServers.stream().filter(r -> !r.sorry()).count();
        }
    }

    /** @param weight the configured weight; {@code effectiveWeight} the one in the pool now */
    record RealServer(InetAddress address, int port, boolean sorry, boolean alive, int weight, int upperConnections,
                      int lowerConnections, boolean inhibitOnFailure, Optional<String> notifyUp, Optional<String> notifyDown,
                      Forwarding forwarding, Optional<String> name) {}
}
