package io.vigil.lb;

/** A data plane could not apply a change or read its state; the message says what and why. */
public class DataPlaneException extends RuntimeException {
    public DataPlaneException(String message) {
        super(message);
    }

    public DataPlaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
