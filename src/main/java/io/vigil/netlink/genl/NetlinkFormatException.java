package io.vigil.netlink.genl;

/** A netlink message or attribute that does not parse: the message says where and why. */
public class NetlinkFormatException extends IllegalArgumentException {
    public NetlinkFormatException(String message) {
        super(message);
    }
}
