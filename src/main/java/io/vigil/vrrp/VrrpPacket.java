package io.vigil.vrrp;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP message (RFC 3768 version 2 or RFC 5798 version 3), without the IP header. See {@link VrrpCodec} for
 * the wire layout.
 *
 * @param version              2 or 3
 * @param type                 1 (ADVERTISEMENT) on every valid packet; kept raw so the validator can count others
 * @param vrid                 virtual router id, 1..255 (0 is carried as is and dropped by the validator)
 * @param priority             0 (master stops), 1..254, 255 (address owner)
 * @param family               the address family, from the socket the packet arrived on
 * @param advertIntervalCentis v3: the 12-bit Max Adver Int; v2: the 8-bit Adver Int in seconds, times 100
 * @param reservedBits         v3: the 4 reserved bits before the interval (0 on send); v2: always 0
 * @param authType             v2: 0 none, 1 simple password, 2 IPsec AH; v3: always 0
 * @param authData             v2 over IPv4: the 8 trailing authentication bytes, big-endian; otherwise 0
 * @param checksum             the checksum field as carried (the codec computes it on encode)
 * @param addresses            the virtual addresses, in wire order
 */
public record VrrpPacket(int version, int type, int vrid, int priority, AddressFamily family, int advertIntervalCentis,
                         int reservedBits, int authType, long authData, int checksum, List<InetAddress> addresses) {
    public static final int TYPE_ADVERTISEMENT = 1;
    public static final int AUTH_NONE = 0;
    public static final int AUTH_PASS = 1;
    public static final int AUTH_AH = 2;
    public static final int PRIORITY_STOP = 0;
    public static final int PRIORITY_OWNER = 255;

    public VrrpPacket {
        Objects.requireNonNull(family, "family");
        addresses = List.copyOf(addresses);
        if (version != 2 && version != 3) throw new IllegalArgumentException("version must be 2 or 3: " + version);
        if (addresses.size() > 255) throw new IllegalArgumentException("at most 255 addresses");
        for (InetAddress a : addresses)
            if (!family.matches(a)) throw new IllegalArgumentException("address " + a.getHostAddress() + " is not " + family);
        if (version == 2 && advertIntervalCentis % 100 != 0)
            throw new IllegalArgumentException("VRRPv2 advert interval must be whole seconds: " + advertIntervalCentis + " cs");
    }

    /** A fresh advertisement (checksum 0 until encoded). v2 over IPv4 carries {@code authType}/{@code authData}. */
    public static VrrpPacket advert(int version, int vrid, int priority, AddressFamily family, int advertIntervalCentis,
                                    int authType, long authData, List<InetAddress> addresses) {
        return new VrrpPacket(version, TYPE_ADVERTISEMENT, vrid, priority, family, advertIntervalCentis, 0,
                version == 2 ? authType : AUTH_NONE, version == 2 && family == AddressFamily.IPV4 ? authData : 0, 0, addresses);
    }

    public VrrpPacket withPriority(int newPriority) {
        return new VrrpPacket(version, type, vrid, newPriority, family, advertIntervalCentis, reservedBits, authType, authData, checksum, addresses);
    }

    public VrrpPacket withChecksum(int newChecksum) {
        return new VrrpPacket(version, type, vrid, priority, family, advertIntervalCentis, reservedBits, authType, authData, newChecksum, addresses);
    }

    /** Whether this message carries the 8 authentication bytes (only v2 over IPv4, as keepalived sends it). */
    public boolean hasAuthData() {
        return version == 2 && family == AddressFamily.IPV4;
    }

    /** The encoded length of this message in bytes. */
    public int length() {
        return VrrpCodec.messageLength(version, family, addresses.size());
    }
}
