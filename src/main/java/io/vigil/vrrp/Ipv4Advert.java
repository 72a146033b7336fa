package io.vigil.vrrp;

/** A whole IPv4 datagram carrying a VRRP message, optionally behind an AH header ({@code ah} null without AH). */
public record Ipv4Advert(Ipv4Header ip, AuthenticationHeader ah, VrrpPacket vrrp) {
    /** Offset of the VRRP message in the datagram. */
    public int vrrpOffset() {
        return ip.headerLength() + (ah == null ? 0 : AuthenticationHeader.LENGTH);
    }
}
