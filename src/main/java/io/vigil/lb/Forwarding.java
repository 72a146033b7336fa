package io.vigil.lb;

/** Packet forwarding method ({@code lb_kind} / {@code lvs_method}): NAT (IPVS "Masq"), direct routing, tunnelling. */
public enum Forwarding {
    NAT("Masq", 0), DR("Route", 3), TUN("Tunnel", 2);

    private final String ipvsadmName;
    private final int ipvsConnFlag;

    Forwarding(String ipvsadmName, int ipvsConnFlag) {
        this.ipvsadmName = ipvsadmName;
        this.ipvsConnFlag = ipvsConnFlag;
    }

    /** How {@code ipvsadm -Ln} prints it. */
    public String ipvsadmName() {
        return ipvsadmName;
    }

    /** IP_VS_CONN_F_MASQ / TUNNEL / DROUTE. */
    public int ipvsConnFlag() {
        return ipvsConnFlag;
    }

    public static Forwarding parse(String s) {
        return switch (s.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "NAT", "MASQ" -> NAT;
            case "DR", "ROUTE" -> DR;
            case "TUN", "TUNNEL" -> TUN;
            default -> throw new IllegalArgumentException("unknown forwarding method '" + s + "' (expected NAT, DR or TUN)");
        };
    }
}
