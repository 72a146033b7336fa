package io.vigil.lb;

import java.util.Locale;

/** The three back ends, as the Vigil-only global keyword {@code vigil_data_plane} names them. */
public enum DataPlaneKind {
    IPVS, NFTABLES, PROXY;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code ipvs}, {@code nftables} (or {@code nft}), {@code proxy}. {@code auto} is not a kind: see {@link DataPlaneSelector}. */
    public static DataPlaneKind parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "ipvs" -> IPVS;
            case "nftables", "nft" -> NFTABLES;
            case "proxy" -> PROXY;
            default -> throw new IllegalArgumentException("unknown data plane '" + s + "' (expected ipvs, nftables, proxy or auto)");
        };
    }
}
