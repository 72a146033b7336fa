package io.vigil.netlink.genl;

/**
 * Counters of an IPVS service or destination ({@code IPVS_*_ATTR_STATS64}, or the 32-bit {@code STATS} for
 * kernels older than 4.1). Rates are the kernel's estimates per second (bytes per second for the bps fields).
 */
public record IpvsStats(long conns, long inPackets, long outPackets, long inBytes, long outBytes,
                        long connsPerSecond, long inPacketsPerSecond, long outPacketsPerSecond,
                        long inBytesPerSecond, long outBytesPerSecond) {
    public static final IpvsStats ZERO = new IpvsStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
