package io.vigil.bfd;

/** Diagnostic codes (RFC 5880 section 4.1); codes 9..31 are reserved and make a packet invalid for keepalived. */
public enum BfdDiag {
    NO_DIAG("No Diagnostic"),
    EXPIRED("Control Detection Time Expired"),
    ECHO_FAILED("Echo Function Failed"),
    NEIGHBOR_DOWN("Neighbor Signaled Session Down"),
    FORWARDING_RESET("Forwarding Plane Reset"),
    PATH_DOWN("Path Down"),
    CONCATENATED_PATH_DOWN("Concatenated Path Down"),
    ADMIN_DOWN("Administratively Down"),
    REVERSE_CONCATENATED_PATH_DOWN("Reverse Concatenated Path Down");

    private final String text;

    BfdDiag(String text) {
        this.text = text;
    }

    public int code() {
        return ordinal();
    }

    /** The diagnostic for a wire code, or null for a reserved one. */
    public static BfdDiag of(int code) {
        return code >= 0 && code < values().length ? values()[code] : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
