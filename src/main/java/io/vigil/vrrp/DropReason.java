package io.vigil.vrrp;

/**
 * Why a received advert was dropped, in the order the checks run (RFC 3768 section 7.1, RFC 5798 section 7.1,
 * and keepalived's vrrp_in_chk). A dropped advert changes no state; each drop is counted under one reason.
 */
public enum DropReason {
    /** Shorter than the IP header plus the 8-byte VRRP header, or an IP header that cannot be read. */
    TOO_SHORT("packet too short"),
    /** IPv4 TTL or IPv6 hop limit is not 255 (not checked for keepalived-style unicast: see AdvertValidator). */
    TTL("invalid ttl"),
    /** A multicast advert sent to another group than the instance's (mcast_dst_ip / vrrp_mcast_group4/6). */
    DESTINATION("another multicast group"),
    /** Version is not the one configured (or neither 2 nor 3). */
    VERSION("invalid version"),
    /** Type is not ADVERTISEMENT (1). */
    TYPE("invalid packet type"),
    /** Length does not match the header's address count, or the IP total length. */
    LENGTH("packet length mismatch"),
    /** Checksum does not verify. */
    CHECKSUM("invalid checksum"),
    /** The VRID is another instance's: keepalived ignores these silently. */
    VRID("VRID mismatch"),
    /** v2: unknown auth type, or not the configured one. */
    AUTH_TYPE("auth type mismatch"),
    /** v2 PASS: wrong password. */
    AUTH_PASSWORD("invalid password"),
    /** v2 AH: the HMAC-MD5-96 ICV or the SPI does not verify. */
    AUTH_AH_ICV("invalid IPSEC-AH ICV or SPI"),
    /** v2 AH: a sequence number already seen (replay). */
    AUTH_AH_SEQUENCE("IPSEC-AH sequence number already processed"),
    /** v2: advert interval differs from ours (keepalived drops to avoid two masters in one VRID). */
    INTERVAL("advertisement interval mismatch"),
    /** The address count or list differs from ours (keepalived drops and logs it). */
    ADDRESS_LIST("address list mismatch"),
    /** With unicast peers and vrrp_check_unicast_src: the source is not a configured peer. */
    UNICAST_SOURCE("source is not a unicast peer"),
    /** Our own advert looped back (source is one of our addresses). */
    OWN_ADVERT("own advert");

    private final String text;

    DropReason(String text) {
        this.text = text;
    }

    /** Short wording for logs. */
    public String text() {
        return text;
    }
}
