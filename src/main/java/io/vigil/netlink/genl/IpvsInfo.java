package io.vigil.netlink.genl;

/** The GET_INFO reply: IPVS version (0x010201 is 1.2.1) and the connection hash table size. */
public record IpvsInfo(int version, int connectionTableSize) {
    /** {@code 1.2.1}, as ipvsadm prints it. */
    public String versionString() {
        return ((version >> 16) & 0xff) + "." + ((version >> 8) & 0xff) + "." + (version & 0xff);
    }
}
