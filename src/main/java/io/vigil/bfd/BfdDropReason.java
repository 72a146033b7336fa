package io.vigil.bfd;

/**
 * Why a received control packet was dropped, in the order the checks run (RFC 5880 section 6.8.6 and keepalived's
 * bfd_check_packet / bfd_handle_packet). A dropped packet changes no session state; each drop is counted once.
 */
public enum BfdDropReason {
    /** Fewer than 24 bytes, or a Length field below 24 (26 with the A bit). */
    TOO_SHORT("packet too short"),
    /** The Length field differs from the datagram's size (keepalived requires them equal). */
    LENGTH("length field mismatch"),
    VERSION("unsupported version"),
    DETECT_MULT("detect multiplier is zero"),
    MULTIPOINT("multipoint bit set"),
    MY_DISCRIMINATOR("my discriminator is zero"),
    YOUR_DISCRIMINATOR("your discriminator is zero and state is not Down or AdminDown"),
    POLL_AND_FINAL("both poll and final set"),
    DIAG("reserved diagnostic code"),
    /** The A bit is set but the authentication section is cut short or inconsistent. */
    AUTH_MALFORMED("malformed authentication section"),
    /** The A bit is set: keepalived runs no BFD authentication, so neither does Vigil. */
    AUTH_UNSUPPORTED("authentication present, none configured"),
    /** No session for the your-discriminator, or for the source/destination pair when it is zero. */
    NO_SESSION("no matching session"),
    /** Received TTL/hop limit below {@code ttl - max_hops} (RFC 5881 GTSM, keepalived's extension). */
    TTL("ttl or hop limit too low"),
    /** The session is AdminDown (its socket could not be opened). */
    ADMIN_DOWN("session is AdminDown");

    private final String text;

    BfdDropReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
