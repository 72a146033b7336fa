package io.vigil.snmp;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** An in-memory {@link SnmpView}: two instances in a sync group, one virtual server with two real servers. */
final class FakeSnmpView implements SnmpView {
    private final AtomicReference<Snapshot> current = new AtomicReference<>(initial());

    @Override
    public Snapshot snapshot() {
        return current.get();
    }

    void update(UnaryOperator<Snapshot> change) {
        current.updateAndGet(change);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Instance instance(String name, int vrid, int version, State state, int priority, List<String> vips) {
        List<VirtualAddress> addrs = vips.stream().map(v -> new VirtualAddress(ip(v), 32, "eth0", 3, true)).toList();
        return new Instance(name, vrid, version, false, state, State.BACKUP, priority, priority, "eth0", 3,
                new byte[]{2, 0, 0, 0, 0, 1}, Optional.of(ip("198.18.5.1")), 100, true, 0, 0, Optional.of("G1"), 5, false, false,
                false, true, false, ip("224.0.0.18"), false, addrs, 0, 0, Optional.empty());
    }

    static Snapshot initial() {
        List<RealServer> rs = List.of(
                new RealServer(ip("198.18.6.11"), 80, false, true, 1, 0, 0, false, Optional.empty(), Optional.empty(), Forwarding.NAT, Optional.of("web1")),
                new RealServer(ip("198.18.6.12"), 80, false, true, 2, 0, 0, false, Optional.empty(), Optional.empty(), Forwarding.NAT, Optional.empty()));
        VirtualServer vs = new VirtualServer(ServiceType.IP, Optional.empty(), 0, Optional.of(ip("198.18.5.100")), 80, Protocol.TCP, "wrr",
                Forwarding.NAT, Optional.empty(), 0, 6, false, false, false, 1, true, 0, Optional.empty(), Optional.empty(), false, false,
                Optional.of("web"), rs);
        return new Snapshot(new Global("Vigil test", "R1", true, false, false),
                List.of(instance("VI_1", 51, 2, State.BACKUP, 100, List.of("198.18.5.100")),
                        instance("VI_2", 52, 3, State.BACKUP, 90, List.of("198.18.5.101", "198.18.5.102"))),
                List.of(new SyncGroup("G1", State.BACKUP, List.of("VI_1", "VI_2"), false, false, false)), List.of(vs));
    }

    /** The snapshot with every instance and group in {@code state} (masterTransitions counted). */
    static Snapshot allIn(Snapshot s, State state) {
        List<Instance> ins = s.instances().stream().map(i -> new Instance(i.name(), i.vrid(), i.version(), i.ipv6(), state, i.initialState(),
                i.basePriority(), i.effectivePriority(), i.interfaceName(), i.ifIndex(), i.macAddress(), i.primaryAddress(),
                i.advertIntervalCentis(), i.preempt(), i.preemptDelaySeconds(), i.authType(), i.syncGroup(), i.garpDelaySeconds(),
                i.smtpAlert(), i.notifyExec(), i.tracksInterfaces(), i.accept(), i.notifyDeleted(), i.multicastGroup(), i.lvsSyncDaemon(),
                i.addresses(), i.masterTransitions() + (state == State.MASTER ? 1 : 0), 500, i.masterAddress())).toList();
        List<SyncGroup> gs = s.syncGroups().stream().map(g -> new SyncGroup(g.name(), state, g.members(), g.smtpAlert(), g.notifyExec(),
                g.trackingWeight())).toList();
        return new Snapshot(s.global(), ins, gs, s.virtualServers());
    }

    /** The snapshot with the real server at {@code index} of the first virtual server alive or dead. */
    static Snapshot realServer(Snapshot s, int index, boolean alive) {
        VirtualServer vs = s.virtualServers().getFirst();
        List<RealServer> rs = new java.util.ArrayList<>(vs.realServers());
        RealServer r = rs.get(index);
        rs.set(index, new RealServer(r.address(), r.port(), r.sorry(), alive, r.weight(), r.upperConnections(), r.lowerConnections(),
                r.inhibitOnFailure(), r.notifyUp(), r.notifyDown(), r.forwarding(), r.name()));
        VirtualServer changed = new VirtualServer(vs.type(), vs.groupName(), vs.fwmark(), vs.address(), vs.port(), vs.protocol(), vs.scheduler(),
                vs.forwarding(), vs.virtualHost(), vs.persistTimeoutSeconds(), vs.delayLoopSeconds(), vs.haSuspend(), vs.alpha(), vs.omega(),
                vs.quorum(), rs.stream().anyMatch(RealServer::alive), vs.hysteresis(), vs.quorumUp(), vs.quorumDown(), vs.inhibitOnFailure(),
                vs.onePacket(), vs.name(), rs);
        return new Snapshot(s.global(), s.instances(), s.syncGroups(), List.of(changed));
    }
}
