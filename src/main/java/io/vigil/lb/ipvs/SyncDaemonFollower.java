package io.vigil.lb.ipvs;

import io.vigil.netlink.genl.Ipvs;
import io.vigil.netlink.genl.IpvsDaemon;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * keepalived's {@code lvs_sync_daemon INTERFACE VRRP_INSTANCE [id N] [maxlen N] [port N] [ttl N] [group IP]}:
 * one IPVS connection-sync daemon that follows a VRRP instance. Seen with keepalived 2.2.7 on a 6.1 kernel: a
 * backup daemon runs while the instance is BACKUP (and from start), it is replaced by a master daemon when the
 * instance becomes MASTER, and none is left after shutdown. Call {@link #follow} on every state change of the
 * named instance and {@link #stop} on shutdown.
 */
public final class SyncDaemonFollower {
    /** The configured daemon; 0/null fields mean the kernel's defaults. */
    public record Settings(String interfaceName, String vrrpInstance, int syncId, int maxLength, int port, int ttl, InetAddress group) {
        public Settings {
            Objects.requireNonNull(interfaceName, "interface");
            Objects.requireNonNull(vrrpInstance, "vrrp instance");
        }

        IpvsDaemon daemon(int state) {
            return new IpvsDaemon(state, interfaceName, syncId, maxLength, group, port, ttl);
        }
    }

    private final IpvsDataPlane ipvs;
    private final Settings settings;

    public SyncDaemonFollower(IpvsDataPlane ipvs, Settings settings) {
        this.ipvs = ipvs;
        this.settings = settings;
    }

    /** Before the first {@link #follow} of a process: daemons left by a dead predecessor are replaced (as keepalived). */
    public void adoptLeftovers() {
        ipvs.adoptSyncDaemons();
    }

    public Settings settings() {
        return settings;
    }

    /** Master daemon while the instance is MASTER, backup daemon in every other state (as keepalived). */
    public void follow(boolean instanceIsMaster) {
        ipvs.syncDaemons(List.of(settings.daemon(instanceIsMaster ? Ipvs.STATE_MASTER : Ipvs.STATE_BACKUP)));
    }

    /** No instance named ({@code lvs_sync_daemon IF} alone): master and backup daemons both run, as keepalived. */
    public void runBoth() {
        ipvs.syncDaemons(List.of(settings.daemon(Ipvs.STATE_MASTER), settings.daemon(Ipvs.STATE_BACKUP)));
    }

    public void stop() {
        ipvs.syncDaemons(List.of());
    }
}
