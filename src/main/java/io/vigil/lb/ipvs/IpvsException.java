package io.vigil.lb.ipvs;

import io.vigil.lb.DataPlaneException;

/** The kernel refused an IPVS request: {@link #errno()} says why (EEXIST, ENOENT, ESRCH, ...). */
public class IpvsException extends DataPlaneException {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EEXIST = 17, EINVAL = 22, EOPNOTSUPP = 95;
    private final int errno;

    public IpvsException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public IpvsException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    public boolean alreadyExists() {
        return errno == EEXIST;
    }

    /** IPVS answers ESRCH for a missing service and ENOENT for a missing destination. */
    public boolean notFound() {
        return errno == ENOENT || errno == ESRCH;
    }
}
