package io.vigil.lb;

/**
 * Tunnel parameters of a TUN real server ({@code tun_type}, {@code tun_port}, {@code tun_flags}).
 * {@link #NONE_IPIP} is the plain IPIP default.
 */
public record Tunnel(Type type, int port, Checksum checksum) {
    public static final Tunnel NONE_IPIP = new Tunnel(Type.IPIP, 0, Checksum.NOCSUM);

    /** IP_VS_CONN_F_TUNNEL_TYPE_*: 0 ipip, 1 gue, 2 gre. */
    public enum Type { IPIP, GUE, GRE }

    /** IP_VS_TUNNEL_ENCAP_FLAG_*: nocsum 0, csum 1, remcsum 2. */
    public enum Checksum { NOCSUM, CSUM, REMCSUM }

    public Tunnel {
        if (type == null || checksum == null) throw new IllegalArgumentException("tunnel type and checksum are required");
        if (type == Type.GUE && (port <= 0 || port > 65535)) throw new IllegalArgumentException("GUE tunnels need tun_port 1..65535");
    }
}
