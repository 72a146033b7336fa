package io.vigil.daemon;

import io.vigil.config.GlobalDefs;
import io.vigil.lb.DataPlane;
import io.vigil.lb.DataPlaneKind;
import io.vigil.lb.DataPlaneSelector;
import io.vigil.lb.ipvs.IpvsDataPlane;
import io.vigil.lb.proxy.ProxyDataPlane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the configured (or the best available) data plane: IPVS, then nftables, then the userspace proxy. */
final class DataPlanes {
    private static final Logger LOG = LoggerFactory.getLogger(DataPlanes.class);

    /** Where IPVS ownership is recorded, so a restarted checker child adopts what it made and nothing else. */
    static final Path IPVS_OWNERSHIP = Path.of(System.getProperty("vigil.ipvs.ownership", "/run/vigil/ipvs-owned"));

    private DataPlanes() {}

    static DataPlane open(GlobalDefs.DataPlaneKind configured) {
        Optional<DataPlaneKind> explicit = configured == GlobalDefs.DataPlaneKind.auto ? Optional.empty()
                : Optional.of(DataPlaneKind.parse(configured.name()));
        DataPlaneSelector.Choice choice = DataPlaneSelector.choose(explicit, new DataPlaneSelector.Capabilities() {
            @Override
            public boolean ipvsAvailable() {
                return Files.exists(Path.of("/proc/net/ip_vs"));
            }

            @Override
            public boolean nftablesUsable() {
                return false; // the nftables back end is not built yet: see issue #5
            }
        });
        DataPlane plane = switch (choice.kind()) {
            case IPVS -> IpvsDataPlane.open(IPVS_OWNERSHIP).map(DataPlane.class::cast).orElseGet(() -> {
                LOG.warn("IPVS was chosen but the kernel's IPVS cannot be opened: using the userspace proxy");
                return new ProxyDataPlane();
            });
            case NFTABLES -> {
                LOG.warn("the nftables data plane is not available yet: using the userspace proxy");
                yield new ProxyDataPlane();
            }
            case PROXY -> new ProxyDataPlane();
        };
        LOG.info("Data plane: {} ({})", plane.kind().keyword(), choice.reason());
        return plane;
    }
}
