package io.vigil.lb;

import io.vigil.net.IpLiteral;

/**
 * Client persistence ({@code persistence_timeout}, {@code persistence_granularity}, {@code persistence_engine}):
 * a client (its source address masked to {@code granularityPrefixLength} bits) keeps going to the same real
 * server while it was seen within {@code timeoutSeconds}. {@code engine} names an IPVS persistence engine ("sip":
 * the key is the SIP Call-ID instead of the address), empty for none; only IPVS has engines. {@link #NONE} is no
 * persistence.
 */
public record Persistence(int timeoutSeconds, int granularityPrefixLength, String engine) {
    public static final Persistence NONE = new Persistence(0, 32);
    /** The kernel's limit for an engine name, its terminating NUL included (IP_VS_PENAME_MAXLEN). */
    public static final int ENGINE_NAME_MAX_BYTES = 16;

    public Persistence {
        if (timeoutSeconds < 0) throw new IllegalArgumentException("persistence timeout must be >= 0");
        if (granularityPrefixLength < 0 || granularityPrefixLength > 128) throw new IllegalArgumentException("granularity prefix length 0..128");
        if (engine == null) engine = "";
        if (engine.length() >= ENGINE_NAME_MAX_BYTES || engine.chars().anyMatch(c -> c <= ' ' || c > '~'))
            throw new IllegalArgumentException("persistence engine name must be 1 to " + (ENGINE_NAME_MAX_BYTES - 1) + " printable ASCII characters: " + engine);
    }

    /** Persistence without an engine. */
    public Persistence(int timeoutSeconds, int granularityPrefixLength) {
        this(timeoutSeconds, granularityPrefixLength, "");
    }

    public boolean hasEngine() {
        return !engine.isEmpty();
    }

    public boolean enabled() {
        return timeoutSeconds > 0;
    }

    /** IPv4 netmask as IPVS wants it (network order value), from the prefix length. */
    public int ipv4Netmask() {
        int len = Math.min(32, granularityPrefixLength);
        return len == 0 ? 0 : (int) (0xffffffffL << (32 - len));
    }

    /** Prefix length from a dotted IPv4 netmask such as {@code 255.255.255.0}; rejects non-contiguous masks. */
    public static int prefixLengthOf(String dottedNetmask) {
        byte[] b = IpLiteral.parse(dottedNetmask).getAddress();
        int value = 0;
        for (byte x : b) value = (value << 8) | (x & 0xff);
        int len = Integer.bitCount(value);
        if (b.length != 4 || (len > 0 && value != (int) (0xffffffffL << (32 - len))))
            throw new IllegalArgumentException("not a contiguous IPv4 netmask: " + dottedNetmask);
        return len;
    }
}
