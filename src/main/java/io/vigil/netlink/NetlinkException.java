package io.vigil.netlink;

/** The kernel refused a netlink request (errno from NLMSG_ERROR, with the extended-ack text when given), or a message was malformed (errno 0). */
public final class NetlinkException extends RuntimeException {
    public static final int ENOENT = 2, ESRCH = 3, ENODEV = 19, EEXIST = 17, ENOBUFS = 105, EADDRNOTAVAIL = 99, EPERM = 1,
            EOPNOTSUPP = 95;
    private final int errno;

    public NetlinkException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** Positive errno, or 0 for a decoding error. */
    public int errno() {
        return errno;
    }

    public boolean alreadyExists() {
        return errno == EEXIST;
    }

    /** The object to delete was not there (ENOENT, ESRCH or EADDRNOTAVAIL, as the kernel varies by object). */
    public boolean notFound() {
        return errno == ENOENT || errno == ESRCH || errno == EADDRNOTAVAIL || errno == ENODEV;
    }
}
