package io.vigil.vrrp;

/** A received packet that cannot be read as VRRP; carries the drop reason it is counted under. */
public final class VrrpDecodeException extends Exception {
    private final DropReason reason;

    public VrrpDecodeException(DropReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }
}
