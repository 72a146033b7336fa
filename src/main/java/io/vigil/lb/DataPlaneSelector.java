package io.vigil.lb;

import java.util.Optional;

/**
 * Chooses the back end (pure): an explicit {@code vigil_data_plane} wins; otherwise IPVS where the kernel has
 * it, else nftables where it is usable, else the userspace proxy.
 */
public final class DataPlaneSelector {
    private DataPlaneSelector() {}

    /** What the machine offers; the real probe lives in the shell. */
    public interface Capabilities {
        boolean ipvsAvailable();

        boolean nftablesUsable();
    }

    public record Choice(DataPlaneKind kind, String reason) {}

    /** @param explicit the configured kind, empty for {@code auto} or when the keyword is absent */
    public static Choice choose(Optional<DataPlaneKind> explicit, Capabilities caps) {
        if (explicit.isPresent()) return new Choice(explicit.get(), "vigil_data_plane " + explicit.get().keyword() + " (configured)");
        if (caps.ipvsAvailable()) return new Choice(DataPlaneKind.IPVS, "kernel has IPVS");
        if (caps.nftablesUsable()) return new Choice(DataPlaneKind.NFTABLES, "no IPVS in the kernel; nftables is usable");
        return new Choice(DataPlaneKind.PROXY, "neither IPVS nor nftables is usable: userspace proxy");
    }

    /** Parses the keyword's value: {@code auto} (empty) or a kind. */
    public static Optional<DataPlaneKind> parseKeyword(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("auto")) return Optional.empty();
        return Optional.of(DataPlaneKind.parse(value));
    }
}
