package io.vigil.lb;

import io.vigil.lb.nft.NftDataPlane;
import io.vigil.lb.nft.NftRunner;
import io.vigil.lb.proxy.ProxyDataPlane;
import io.vigil.lb.proxy.ProxySettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The shell around {@link DataPlaneSelector}: probes this machine and builds the chosen back end. */
public final class DataPlanes {
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
     * Builds the back end for {@code vigil_data_plane} ({@code explicit}, empty for auto).
     *
     * @param ipvs makes the IPVS back end ({@code io.vigil.lb.ipvs}); called only when IPVS is chosen
     */
    public static DataPlane create(Optional<DataPlaneKind> explicit, DataPlaneSelector.Capabilities caps, Supplier<DataPlane> ipvs,
                                   ProxySettings proxySettings) {
        DataPlaneSelector.Choice c = DataPlaneSelector.choose(explicit, caps);
        org.slf4j.LoggerFactory.getLogger(DataPlanes.class).info("data plane: {} ({})", c.kind().keyword(), c.reason());
        return switch (c.kind()) {
            case IPVS -> ipvs.get();
            case NFTABLES -> new NftDataPlane(NftRunner.command(List.of()));
            case PROXY -> new ProxyDataPlane(proxySettings);
        };
    }
}
