package io.vigil.lb;

import io.vigil.lb.ipvs.IpvsDataPlane;
import io.vigil.lb.ipvs.IpvsKernel;
import io.vigil.lb.nft.NftDataPlane;
import io.vigil.lb.nft.NftRunner;
import io.vigil.lb.proxy.ProxyDataPlane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The shell around {@link DataPlaneSelector}: probes this machine and opens the chosen back end. */
public final class DataPlanes {
    private static final Logger LOG = LoggerFactory.getLogger(DataPlanes.class);

    private DataPlanes() {}

    /** What this host offers: IPVS when the kernel shows /proc/net/ip_vs, nftables when {@code nft} answers. */
    public static DataPlaneSelector.Capabilities probe() {
        return new DataPlaneSelector.Capabilities() {
            @Override
            public boolean ipvsAvailable() {
                return Files.exists(Path.of("/proc/net/ip_vs"));
            }

            @Override
            public boolean nftablesUsable() {
                return NftDataPlane.usable(NftRunner.command(List.of()));
            }
        };
    }

    /**
     * Opens the back end for {@code vigil_data_plane} ({@code explicit}; empty for auto: IPVS, then nftables, then the
     * userspace proxy). An automatic choice that cannot serve {@code initial} (e.g. lc on nftables) falls back to the
     * proxy; so does IPVS chosen but not openable.
     *
     * @param ipvsOwnership where IPVS remembers what it created, so a restarted Vigil adopts its own and nothing else
     * @param proxy         makes the userspace proxy: in the daemon a forwarder to the proxy child, in process (tests)
     *                      a {@link ProxyDataPlane}
     */
    public static DataPlane open(Optional<DataPlaneKind> explicit, DesiredState initial, Path ipvsOwnership, Supplier<DataPlane> proxy) {
        return open(explicit, initial, ipvsOwnership, proxy, Optional.empty());
    }

    /**
     * @param ipvsNamespace keepalived's net_namespace_ipvs: the namespace file ({@code /run/netns/NAME}) whose IPVS the
     *                      data plane programs, its socket opened there; empty: this process's namespace
     */
    public static DataPlane open(Optional<DataPlaneKind> explicit, DesiredState initial, Path ipvsOwnership, Supplier<DataPlane> proxy,
                                 Optional<String> ipvsNamespace) {
        DataPlaneSelector.Capabilities probed = probe();
        DataPlaneSelector.Choice choice = DataPlaneSelector.choose(explicit, new DataPlaneSelector.Capabilities() {
            @Override
            public boolean ipvsAvailable() {
                // As keepalived: load ip_vs when the kernel has it as a module but it is not loaded yet.
                return probed.ipvsAvailable() || IpvsKernel.available();
            }

            @Override
            public boolean nftablesUsable() {
                return probed.nftablesUsable();
            }
        });
        DataPlane plane = switch (choice.kind()) {
            case IPVS -> openIpvs(ipvsOwnership, ipvsNamespace).map(DataPlane.class::cast).orElseGet(() -> {
                LOG.warn("IPVS was chosen but the kernel's IPVS cannot be opened: using the userspace proxy");
                return proxy.get();
            });
            case NFTABLES -> new NftDataPlane(NftRunner.command(List.of()));
            case PROXY -> proxy.get();
        };
        List<String> problems = plane.unsupported(initial);
        if (!problems.isEmpty() && explicit.isEmpty()) {
            LOG.warn("{} data plane cannot serve this configuration ({}): using the userspace proxy",
                    plane.kind().keyword(), String.join("; ", problems));
            plane.close();
            plane = proxy.get();
            choice = new DataPlaneSelector.Choice(DataPlaneKind.PROXY, "fallback from " + choice.kind().keyword());
        }
        if (ipvsNamespace.isPresent() && plane.kind() != DataPlaneKind.IPVS) {
            LOG.warn("net_namespace_ipvs {} has no effect: the {} data plane does not use IPVS", ipvsNamespace.get(), plane.kind().keyword());
        }
        LOG.info("Data plane: {} ({}){}", plane.kind().keyword(), choice.reason(),
                plane.kind() == DataPlaneKind.IPVS ? ipvsNamespace.map(ns -> ", IPVS in network namespace " + ns).orElse("") : "");
        return plane;
    }

    private static Optional<IpvsDataPlane> openIpvs(Path ownership, Optional<String> namespace) {
        if (namespace.isEmpty()) return IpvsDataPlane.open(ownership);
        try {
            // the socket keeps the namespace it was opened in, whichever thread uses it later
            return io.vigil.sys.NetNs.call(namespace.get(), () -> IpvsDataPlane.open(ownership));
        } catch (RuntimeException e) {
            LOG.error("net_namespace_ipvs: cannot open IPVS in network namespace {}: {}", namespace.get(), e.getMessage());
            return Optional.empty();
        }
    }
}
