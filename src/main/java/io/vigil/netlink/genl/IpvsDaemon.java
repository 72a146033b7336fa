package io.vigil.netlink.genl;

import java.net.InetAddress;

/**
 * A connection synchronisation daemon ({@code ipvsadm --start-daemon}; keepalived's {@code lvs_sync_daemon}).
 *
 * @param state            {@link Ipvs#STATE_MASTER} or {@link Ipvs#STATE_BACKUP}
 * @param interfaceName    the multicast interface
 * @param syncId           the sync id (0..255) that backups filter on
 * @param syncMaxLength    maximum UDP payload, 0 for the kernel's default (from the interface MTU)
 * @param multicastGroup   the group (IPv4 or IPv6), null for the default 224.0.0.81
 * @param multicastPort    the base port, 0 for the default 8848
 * @param multicastTtl     TTL of the sync packets, 0 for the default 1
 */
public record IpvsDaemon(int state, String interfaceName, int syncId, int syncMaxLength, InetAddress multicastGroup,
                         int multicastPort, int multicastTtl) {
    public IpvsDaemon {
        if (state != Ipvs.STATE_MASTER && state != Ipvs.STATE_BACKUP) throw new IllegalArgumentException("sync daemon state must be master (1) or backup (2): " + state);
        if (interfaceName == null || interfaceName.isEmpty() || interfaceName.length() >= Ipvs.IFNAME_MAXLEN)
            throw new IllegalArgumentException("sync daemon interface name must have 1..15 characters: " + interfaceName);
        if (syncId < 0 || syncId > 255) throw new IllegalArgumentException("sync id 0..255: " + syncId);
        if (syncMaxLength < 0 || syncMaxLength > 65535 || multicastPort < 0 || multicastPort > 65535 || multicastTtl < 0 || multicastTtl > 255)
            throw new IllegalArgumentException("sync daemon maxlen/port/ttl out of range");
    }

    public static IpvsDaemon of(int state, String interfaceName, int syncId) {
        return new IpvsDaemon(state, interfaceName, syncId, 0, null, 0, 0);
    }

    public String stateName() {
        return state == Ipvs.STATE_MASTER ? "master" : "backup";
    }
}
