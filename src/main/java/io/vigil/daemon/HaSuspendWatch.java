package io.vigil.daemon;

import io.vigil.check.HaSuspend;
import io.vigil.check.VirtualServerKey;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.VirtualServer;
import io.vigil.netlink.IfAddress;
import io.vigil.netlink.NetlinkEvent;
import io.vigil.sys.NetlinkWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ha_suspend's eyes: the host's addresses from netlink (a dump at start, then address events, as keepalived's checker
 * process), fed to {@link HaSuspend}. Watches only while some virtual server has ha_suspend; logs each virtual server
 * whose checks are suspended or resumed, in keepalived's words.
 */
final class HaSuspendWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaSuspendWatch.class);

    final HaSuspend haSuspend = HaSuspend.none();
    private NetlinkWatcher watcher;
    private Set<VirtualServerKey> keys = Set.of();

    static Set<VirtualServerKey> keys(KeepalivedConfig config) {
        return config.virtualServers().stream().filter(VirtualServer::haSuspend).map(CheckerConfigMapper::key).collect(Collectors.toUnmodifiableSet());
    }

    /** At start and at each reload, before the checkers (re)start: the addresses are known before any check runs. */
    synchronized void configure(KeepalivedConfig config) {
        keys = keys(config);
        haSuspend.virtualServers(keys);
        if (!keys.isEmpty() && watcher == null) {
            NetlinkWatcher[] self = new NetlinkWatcher[1];
            watcher = NetlinkWatcher.start(e -> {
                if (e instanceof NetlinkEvent.AddressAdded || e instanceof NetlinkEvent.AddressRemoved) {
                    synchronized (this) {
                        if (self[0] != null) update(self[0].addresses());
                    }
                }
            });
            self[0] = watcher;
        }
        if (watcher != null) update(watcher.addresses());
    }

    private void update(List<IfAddress> addresses) {
        Set<VirtualServerKey> before = keys.stream().filter(haSuspend::suspended).collect(Collectors.toSet());
        Set<InetAddress> local = addresses.stream().map(IfAddress::address).collect(Collectors.toSet());
        haSuspend.localAddresses(local);
        for (VirtualServerKey k : keys) {
            boolean now = haSuspend.suspended(k);
            if (now != before.contains(k)) LOG.info("{} healthchecker for service {}", now ? "Suspending" : "Activating", k);
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) watcher.close();
        watcher = null;
    }
}
