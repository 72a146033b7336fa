package io.vigil.daemon;

import io.vigil.config.GlobalDefs;
import io.vigil.lb.DataPlane;
import io.vigil.lb.DataPlaneKind;
import io.vigil.lb.DataPlaneSelector;
import io.vigil.lb.DesiredState;
import io.vigil.lb.nft.NftDataPlane;
import io.vigil.lb.nft.NftRunner;
import io.vigil.lb.ipvs.IpvsDataPlane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Opens the configured (or the best available) data plane: IPVS, then nftables, then the userspace proxy. */
final class DataPlanes {
    private static final Logger LOG = LoggerFactory.getLogger(DataPlanes.class);

    /** Where IPVS ownership is recorded, so a restarted checker child adopts what it made and nothing else. */
    static final Path IPVS_OWNERSHIP = Path.of(System.getProperty("vigil.ipvs.ownership", "/run/vigil/ipvs-owned"));

    private DataPlanes() {}

    /**
     * @param proxy makes the userspace proxy: in the daemon a {@link ForwardedDataPlane} to the proxy child, in
     *              process (tests) an {@code io.vigil.lb.proxy.ProxyDataPlane}
     */
    static DataPlane open(GlobalDefs.DataPlaneKind configured, DesiredState initial, java.util.function.Supplier<DataPlane> proxy) {
        Optional<DataPlaneKind> explicit = configured == GlobalDefs.DataPlaneKind.auto ? Optional.empty()
                : Optional.of(DataPlaneKind.parse(configured.name()));
        DataPlaneSelector.Capabilities probed = io.vigil.lb.DataPlanes.probe();
        DataPlaneSelector.Choice choice = DataPlaneSelector.choose(explicit, new DataPlaneSelector.Capabilities() {
            @Override
            public boolean ipvsAvailable() {
                // As keepalived: load ip_vs when the kernel has it as a module but it is not loaded yet.
                return probed.ipvsAvailable() || io.vigil.lb.ipvs.IpvsKernel.available();
            }

            @Override
            public boolean nftablesUsable() {
                return probed.nftablesUsable();
            }
        });
        DataPlane plane = switch (choice.kind()) {
            case IPVS -> IpvsDataPlane.open(IPVS_OWNERSHIP).map(DataPlane.class::cast).orElseGet(() -> {
                LOG.warn("IPVS was chosen but the kernel's IPVS cannot be opened: using the userspace proxy");
                return proxy.get();
            });
            case NFTABLES -> new NftDataPlane(NftRunner.command(List.of()));
            case PROXY -> proxy.get();
        };
        List<String> problems = plane.unsupported(initial);
        if (!problems.isEmpty() && explicit.isEmpty()) {
            // Chosen automatically but unable to serve this configuration (e.g. lc on nftables): the proxy can.
            LOG.warn("{} data plane cannot serve this configuration ({}): using the userspace proxy",
                    plane.kind().keyword(), String.join("; ", problems));
            plane.close();
            plane = proxy.get();
            choice = new DataPlaneSelector.Choice(DataPlaneKind.PROXY, "fallback from " + choice.kind().keyword());
        }
        LOG.info("Data plane: {} ({})", plane.kind().keyword(), choice.reason());
        return plane;
    }
}
