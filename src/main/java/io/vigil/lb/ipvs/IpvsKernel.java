package io.vigil.lb.ipvs;

import io.vigil.netlink.GenlMessage;
import io.vigil.netlink.genl.Ipvs;
import io.vigil.netlink.genl.IpvsCodec;
import io.vigil.netlink.genl.IpvsDaemon;
import io.vigil.netlink.genl.IpvsDest;
import io.vigil.netlink.genl.IpvsInfo;
import io.vigil.netlink.genl.IpvsService;
import io.vigil.netlink.genl.IpvsTimeouts;

import java.util.List;
import java.util.Optional;

/**
 * Typed IPVS operations over an {@link IpvsTransport}: what ipvsadm can do, one method per command. Knows nothing
 * of ownership or desired state (that is {@link IpvsDataPlane}); errors are {@link IpvsException}s with errno.
 */
public final class IpvsKernel implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IpvsKernel.class);
    private final IpvsTransport transport;
    private final int family;

    public IpvsKernel(IpvsTransport transport) {
        this.transport = transport;
        this.family = transport.familyId();
    }

    /**
     * The real kernel of this network namespace, or empty when it has no IPVS. When the "IPVS" family is missing,
     * loads ip_vs with the kernel's own modprobe (as keepalived does) and asks once more.
     */
    public static Optional<IpvsKernel> open() {
        Optional<NetlinkIpvsTransport> t = NetlinkIpvsTransport.open();
        if (t.isEmpty() && loadModule()) t = NetlinkIpvsTransport.open();
        return t.map(IpvsKernel::new);
    }

    /**
     * For {@code DataPlaneSelector.Capabilities#ipvsAvailable}: true when this namespace's kernel has IPVS, loading
     * ip_vs first if it is an unloaded module (as keepalived would).
     */
    public static boolean available() {
        try {
            Optional<IpvsKernel> k = open();
            k.ifPresent(IpvsKernel::close);
            return k.isPresent();
        } catch (RuntimeException e) {
            LOG.debug("IPVS probe failed: {}", e.toString());
            return false;
        }
    }

    /** Runs the kernel's modprobe (/proc/sys/kernel/modprobe) for ip_vs; true when it succeeded. */
    static boolean loadModule() {
        String modprobe = "/sbin/modprobe";
        try {
            String p = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/modprobe")).trim();
            if (!p.isEmpty()) modprobe = p;
        } catch (java.io.IOException | RuntimeException e) {
            // keep the default
        }
        if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of(modprobe))) return false;
        try {
            Process p = new ProcessBuilder(modprobe, "ip_vs").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() != 0) LOG.warn("IPVS: {} ip_vs failed (exit {}): {}", modprobe, p.exitValue(), out);
            else LOG.info("IPVS: loaded ip_vs with {}", modprobe);
            return p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public IpvsInfo info() {
        return IpvsCodec.parseInfo(single(transport.request(IpvsCodec.getInfo(family)), "GET_INFO"));
    }

    /** Every service in the kernel (with counters), whoever created it. */
    public List<IpvsService> services() {
        return transport.request(IpvsCodec.getServices(family)).stream()
                .filter(m -> m.command() == Ipvs.CMD_NEW_SERVICE).map(IpvsCodec::parseService).toList();
    }

    public Optional<IpvsService> service(IpvsService key) {
        try {
            return Optional.of(IpvsCodec.parseService(single(transport.request(IpvsCodec.getService(family, key.toKey())), "GET_SERVICE")));
        } catch (IpvsException e) {
            if (e.notFound()) return Optional.empty();
            throw e;
        }
    }

    /** The destinations of one service (with counters). */
    public List<IpvsDest> dests(IpvsService key) {
        return transport.request(IpvsCodec.getDests(family, key.toKey())).stream()
                .filter(m -> m.command() == Ipvs.CMD_NEW_DEST)
                .map(m -> IpvsCodec.parseDestAttrs(m.attrs().nested(Ipvs.CMD_ATTR_DEST), key.af())).toList();
    }

    public void addService(IpvsService s) {
        transport.request(IpvsCodec.newService(family, s));
    }

    public void editService(IpvsService s) {
        transport.request(IpvsCodec.setService(family, s));
    }

    public void deleteService(IpvsService key) {
        transport.request(IpvsCodec.delService(family, key.toKey()));
    }

    public void addDest(IpvsService key, IpvsDest d) {
        transport.request(IpvsCodec.newDest(family, key.toKey(), d));
    }

    public void editDest(IpvsService key, IpvsDest d) {
        transport.request(IpvsCodec.setDest(family, key.toKey(), d));
    }

    public void deleteDest(IpvsService key, IpvsDest d) {
        transport.request(IpvsCodec.delDest(family, key.toKey(), d));
    }

    public IpvsTimeouts timeouts() {
        return IpvsCodec.parseConfig(single(transport.request(IpvsCodec.getConfig(family)), "GET_CONFIG"));
    }

    /** Sets the connection timeouts; a 0 field leaves that timeout unchanged. */
    public void setTimeouts(IpvsTimeouts t) {
        transport.request(IpvsCodec.setConfig(family, t));
    }

    public List<IpvsDaemon> daemons() {
        return transport.request(IpvsCodec.getDaemons(family)).stream()
                .filter(m -> m.command() == Ipvs.CMD_NEW_DAEMON).map(IpvsCodec::parseDaemon).toList();
    }

    public void startDaemon(IpvsDaemon d) {
        transport.request(IpvsCodec.newDaemon(family, d));
    }

    public void stopDaemon(int state) {
        transport.request(IpvsCodec.delDaemon(family, state));
    }

    /** Zeroes one service's counters, or all counters when empty. */
    public void zero(Optional<IpvsService> key) {
        transport.request(IpvsCodec.zero(family, key.map(IpvsService::toKey)));
    }

    /** Removes every service, including other people's: only for lvs_flush / lvs_flush_on_stop (and test set-up). */
    public void flushAll() {
        transport.request(IpvsCodec.flush(family));
    }

    private static GenlMessage single(List<GenlMessage> replies, String what) {
        if (replies.isEmpty()) throw new IpvsException("no answer to " + what, 0);
        return replies.getFirst();
    }

    @Override
    public void close() {
        transport.close();
    }
}
