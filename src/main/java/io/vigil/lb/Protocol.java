package io.vigil.lb;

/** Transport protocol of an address-based virtual service, with its IP protocol number (as IPVS wants it). */
public enum Protocol {
    TCP(6), UDP(17), SCTP(132);

    private final int ipProtocolNumber;

    Protocol(int ipProtocolNumber) {
        this.ipProtocolNumber = ipProtocolNumber;
    }

    public int ipProtocolNumber() {
        return ipProtocolNumber;
    }

    /** keepalived / ipvsadm spelling, case-insensitive: TCP, UDP, SCTP. */
    public static Protocol parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
