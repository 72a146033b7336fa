package io.vigil.bfd;

/** Session state as carried in the Sta field (RFC 5880 section 4.1). */
public enum BfdState {
    ADMIN_DOWN("AdminDown"), DOWN("Down"), INIT("Init"), UP("Up");

    private final String text;

    BfdState(String text) {
        this.text = text;
    }

    /** The 2-bit wire value. */
    public int code() {
        return ordinal();
    }

    public static BfdState of(int code) {
        return values()[code & 3];
    }

    @Override
    public String toString() {
        return text;
    }
}
