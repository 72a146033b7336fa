package io.vigil.vrrp;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.Inet4Address;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Pure encoder/decoder of whole IPv4 VRRP datagrams as keepalived frames them for IP_HDRINCL sockets: a 20-byte IPv4
 * header (see {@link Ipv4Header}), optionally the AH header ({@link AuthenticationHeader}), then the VRRP message
 * ({@link VrrpCodec}).
 *
 * <p>AH as keepalived 2.2 computes it: the ICV is HMAC-MD5 (key = the password zero-padded to 8 bytes) over the whole
 * datagram truncated to 96 bits, with TOS, fragment field, IP checksum and the ICV field zeroed in the hashed copy,
 * and the TTL zeroed too only when unicast peers are configured (multicast keeps 255).
 */
public final class Ipv4AdvertCodec {
    private Ipv4AdvertCodec() {}

    /** AH parameters for one send: key (8 bytes), the sequence number to carry, whether the instance is unicast. */
    public record AhParams(byte[] key, int sequence, boolean unicast) {
        public AhParams {
            key = Arrays.copyOf(key, 8);
        }
    }

    /**
     * Frames {@code vrrp} (its checksum is recomputed) from {@code source} to {@code destination} with IP id
     * {@code ipId}; with {@code ah} non-null the datagram is protocol 51 and carries an AH header.
     */
    public static byte[] encode(VrrpPacket vrrp, Inet4Address source, Inet4Address destination, int ipId, boolean checksumAsV2,
                                AhParams ah) {
        return encode(vrrp, source, destination, ipId, checksumAsV2, ah, Ipv4Header.VRRP_TTL);
    }

    /** As above with the TTL the datagram leaves with ({@code unicast_ttl}; 255 otherwise). */
    public static byte[] encode(VrrpPacket vrrp, Inet4Address source, Inet4Address destination, int ipId, boolean checksumAsV2,
                                AhParams ah, int ttl) {
        return encode(vrrp, source, destination, ipId, checksumAsV2, ah, ttl, null);
    }

    /**
     * As above; {@code checksumDestination} non-null puts that address in the v3 pseudo-header instead of
     * {@code destination} (keepalived's pre-2.2 unicast checksum, old_unicast_checksum).
     */
    public static byte[] encode(VrrpPacket vrrp, Inet4Address source, Inet4Address destination, int ipId, boolean checksumAsV2,
                                AhParams ah, int ttl, Inet4Address checksumDestination) {
        int ahLength = ah == null ? 0 : AuthenticationHeader.LENGTH;
        int vrrpOffset = Ipv4Header.LENGTH + ahLength;
        byte[] out = new byte[vrrpOffset + vrrp.length()];
        out[Ipv4Header.OFFSET_VERSION_IHL] = 0x45;
        out[Ipv4Header.OFFSET_TOS] = (byte) Ipv4Header.TOS_NETWORK_CONTROL;
        VrrpCodec.put16(out, Ipv4Header.OFFSET_TOTAL_LENGTH, out.length);
        VrrpCodec.put16(out, Ipv4Header.OFFSET_ID, ipId);
        out[Ipv4Header.OFFSET_TTL] = (byte) ttl;
        out[Ipv4Header.OFFSET_PROTOCOL] = (byte) (ah == null ? VrrpCodec.IPPROTO_VRRP : Ipv4Header.IPPROTO_AH);
        System.arraycopy(source.getAddress(), 0, out, Ipv4Header.OFFSET_SOURCE, 4);
        System.arraycopy(destination.getAddress(), 0, out, Ipv4Header.OFFSET_DESTINATION, 4);
        byte[] msg = VrrpCodec.encode(vrrp, source, checksumDestination != null ? checksumDestination : destination, checksumAsV2);
        System.arraycopy(msg, 0, out, vrrpOffset, msg.length);
        if (ah != null) {
            int a = Ipv4Header.LENGTH;
            out[a + AuthenticationHeader.OFFSET_NEXT_HEADER] = (byte) VrrpCodec.IPPROTO_VRRP;
            out[a + AuthenticationHeader.OFFSET_PAYLOAD_LENGTH] = (byte) AuthenticationHeader.PAYLOAD_LENGTH;
            System.arraycopy(source.getAddress(), 0, out, a + AuthenticationHeader.OFFSET_SPI, 4);
            VrrpCodec.put32(out, a + AuthenticationHeader.OFFSET_SEQUENCE, ah.sequence());
            byte[] icv = ahIcv(out, ah.key(), ah.unicast());
            System.arraycopy(icv, 0, out, a + AuthenticationHeader.OFFSET_ICV, icv.length);
        }
        // The kernel fills the IP checksum for IP_HDRINCL anyway; computing it keeps the bytes identical to the wire.
        VrrpCodec.put16(out, Ipv4Header.OFFSET_CHECKSUM, InetChecksum.of(out, 0, Ipv4Header.LENGTH));
        return out;
    }

    /** Reads an IPv4 datagram (protocol 112, or 51 followed by 112). Checks lengths and versions, not checksums. */
    public static Ipv4Advert decode(byte[] b, int off, int len) throws VrrpDecodeException {
        if (len < Ipv4Header.LENGTH) throw new VrrpDecodeException(DropReason.TOO_SHORT, "ip header too short: " + len);
        int versionIhl = b[off] & 0xff;
        int ihl = (versionIhl & 0x0f) * 4;
        if (versionIhl >>> 4 != 4 || ihl < Ipv4Header.LENGTH || ihl > len)
            throw new VrrpDecodeException(DropReason.TOO_SHORT, "bad IPv4 header (version/ihl byte 0x" + Integer.toHexString(versionIhl) + ")");
        if (len < ihl + VrrpCodec.HEADER_LENGTH) throw new VrrpDecodeException(DropReason.TOO_SHORT, "ip/vrrp header too short: " + len);
        int totalLength = VrrpCodec.u16(b, off + Ipv4Header.OFFSET_TOTAL_LENGTH);
        if (totalLength != len)
            throw new VrrpDecodeException(DropReason.LENGTH, "ip total length " + totalLength + " but received " + len);
        int protocol = b[off + Ipv4Header.OFFSET_PROTOCOL] & 0xff;
        Ipv4Header ip = new Ipv4Header(ihl, b[off + Ipv4Header.OFFSET_TOS] & 0xff, totalLength,
                VrrpCodec.u16(b, off + Ipv4Header.OFFSET_ID), VrrpCodec.u16(b, off + Ipv4Header.OFFSET_FRAGMENT),
                b[off + Ipv4Header.OFFSET_TTL] & 0xff, protocol, VrrpCodec.u16(b, off + Ipv4Header.OFFSET_CHECKSUM),
                (Inet4Address) VrrpCodec.address(Arrays.copyOfRange(b, off + Ipv4Header.OFFSET_SOURCE, off + Ipv4Header.OFFSET_SOURCE + 4)),
                (Inet4Address) VrrpCodec.address(Arrays.copyOfRange(b, off + Ipv4Header.OFFSET_DESTINATION, off + Ipv4Header.OFFSET_DESTINATION + 4)));
        int pos = off + ihl;
        AuthenticationHeader ah = null;
        if (protocol == Ipv4Header.IPPROTO_AH) {
            if (len - ihl < AuthenticationHeader.LENGTH + VrrpCodec.HEADER_LENGTH)
                throw new VrrpDecodeException(DropReason.TOO_SHORT, "AH datagram too short: " + len);
            ah = new AuthenticationHeader(b[pos] & 0xff, b[pos + 1] & 0xff, VrrpCodec.u16(b, pos + 2),
                    VrrpCodec.u32(b, pos + AuthenticationHeader.OFFSET_SPI), VrrpCodec.u32(b, pos + AuthenticationHeader.OFFSET_SEQUENCE),
                    Arrays.copyOfRange(b, pos + AuthenticationHeader.OFFSET_ICV, pos + AuthenticationHeader.LENGTH));
            if (ah.nextHeader() != VrrpCodec.IPPROTO_VRRP)
                throw new VrrpDecodeException(DropReason.TYPE, "AH next header " + ah.nextHeader() + " is not VRRP");
            pos += AuthenticationHeader.LENGTH;
        } else if (protocol != VrrpCodec.IPPROTO_VRRP) {
            throw new VrrpDecodeException(DropReason.TYPE, "IP protocol " + protocol + " is not VRRP");
        }
        VrrpPacket vrrp = VrrpCodec.decode(b, pos, off + len - pos, AddressFamily.IPV4);
        return new Ipv4Advert(ip, ah, vrrp);
    }

    public static Ipv4Advert decode(byte[] b) throws VrrpDecodeException {
        return decode(b, 0, b.length);
    }

    /** Re-encodes a decoded datagram with every field as carried (checksums and ICV included). */
    public static byte[] encodeRaw(Ipv4Advert advert) {
        Ipv4Header ip = advert.ip();
        int ahLength = advert.ah() == null ? 0 : AuthenticationHeader.LENGTH;
        byte[] out = new byte[Ipv4Header.LENGTH + ahLength + advert.vrrp().length()];
        out[0] = 0x45;
        out[Ipv4Header.OFFSET_TOS] = (byte) ip.tos();
        VrrpCodec.put16(out, Ipv4Header.OFFSET_TOTAL_LENGTH, ip.totalLength());
        VrrpCodec.put16(out, Ipv4Header.OFFSET_ID, ip.id());
        VrrpCodec.put16(out, Ipv4Header.OFFSET_FRAGMENT, ip.fragmentField());
        out[Ipv4Header.OFFSET_TTL] = (byte) ip.ttl();
        out[Ipv4Header.OFFSET_PROTOCOL] = (byte) ip.protocol();
        VrrpCodec.put16(out, Ipv4Header.OFFSET_CHECKSUM, ip.checksum());
        System.arraycopy(ip.source().getAddress(), 0, out, Ipv4Header.OFFSET_SOURCE, 4);
        System.arraycopy(ip.destination().getAddress(), 0, out, Ipv4Header.OFFSET_DESTINATION, 4);
        if (advert.ah() != null) {
            AuthenticationHeader ah = advert.ah();
            int a = Ipv4Header.LENGTH;
            out[a] = (byte) ah.nextHeader();
            out[a + 1] = (byte) ah.payloadLength();
            VrrpCodec.put16(out, a + 2, ah.reserved());
            VrrpCodec.put32(out, a + AuthenticationHeader.OFFSET_SPI, ah.spi());
            VrrpCodec.put32(out, a + AuthenticationHeader.OFFSET_SEQUENCE, ah.sequence());
            System.arraycopy(ah.icv(), 0, out, a + AuthenticationHeader.OFFSET_ICV, AuthenticationHeader.ICV_LENGTH);
        }
        VrrpCodec.write(advert.vrrp(), out, Ipv4Header.LENGTH + ahLength);
        return out;
    }

    /** Whether the IPv4 header checksum verifies. */
    public static boolean headerChecksumValid(byte[] b, int off, int headerLength) {
        return InetChecksum.of(b, off, headerLength) == 0;
    }

    /**
     * The 12-byte ICV of an AH datagram (a 20-byte IP header assumed): HMAC-MD5 over a copy with TOS, fragment field,
     * IP checksum and ICV zeroed, and TTL zeroed when {@code unicast}.
     */
    public static byte[] ahIcv(byte[] datagram, byte[] key, boolean unicast) {
        byte[] copy = datagram.clone();
        copy[Ipv4Header.OFFSET_TOS] = 0;
        VrrpCodec.put16(copy, Ipv4Header.OFFSET_FRAGMENT, 0);
        VrrpCodec.put16(copy, Ipv4Header.OFFSET_CHECKSUM, 0);
        if (unicast) copy[Ipv4Header.OFFSET_TTL] = 0;
        Arrays.fill(copy, Ipv4Header.LENGTH + AuthenticationHeader.OFFSET_ICV, Ipv4Header.LENGTH + AuthenticationHeader.LENGTH, (byte) 0);
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(Arrays.copyOf(key, 8), "HmacMD5"));
            return Arrays.copyOf(mac.doFinal(copy), AuthenticationHeader.ICV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 unavailable", e);
        }
    }

    /** Whether the AH ICV of {@code datagram} verifies with {@code key}, and its SPI equals the IP source. */
    public static boolean ahValid(byte[] datagram, byte[] key, boolean unicast) {
        if (datagram.length < Ipv4Header.LENGTH + AuthenticationHeader.LENGTH) return false;
        byte[] carried = Arrays.copyOfRange(datagram, Ipv4Header.LENGTH + AuthenticationHeader.OFFSET_ICV, Ipv4Header.LENGTH + AuthenticationHeader.LENGTH);
        if (!MessageDigest.isEqual(carried, ahIcv(datagram, key, unicast))) return false;
        return VrrpCodec.u32(datagram, Ipv4Header.LENGTH + AuthenticationHeader.OFFSET_SPI) == VrrpCodec.u32(datagram, Ipv4Header.OFFSET_SOURCE);
    }

    /** keepalived's auth_data: the password's bytes, truncated or zero-padded to 8. */
    public static byte[] passwordKey(String password) {
        return Arrays.copyOf(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), 8);
    }

    /** The 8 key bytes as the big-endian long {@link VrrpPacket#authData()} carries for PASS auth. */
    public static long passwordAuthData(String password) {
        byte[] k = passwordKey(password);
        long v = 0;
        for (byte x : k) v = (v << 8) | (x & 0xff);
        return v;
    }
}
