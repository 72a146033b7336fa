package io.vigil.bfd;

/** A received datagram that is not a valid BFD control packet; carries the reason it is counted under. */
public final class BfdDecodeException extends Exception {
    private final BfdDropReason reason;

    public BfdDecodeException(BfdDropReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public BfdDropReason reason() {
        return reason;
    }
}
