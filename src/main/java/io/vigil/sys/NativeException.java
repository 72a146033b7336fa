package io.vigil.sys;

import java.io.UncheckedIOException;
import java.io.IOException;

/** A libc call failed: carries the call, errno and strerror text. */
public final class NativeException extends UncheckedIOException {
    private final int errno;

    public NativeException(String operation, int errno) {
        super(new IOException(operation + ": " + Libc.strerror(errno) + " (errno " + errno + ")"));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
