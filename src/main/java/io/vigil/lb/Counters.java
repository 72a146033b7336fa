package io.vigil.lb;

/**
 * Traffic counters of a service or a real server, as IPVS keeps them. {@code conns} is connections scheduled
 * since creation; {@code activeConns}/{@code inactiveConns} are current (IPVS: established / other states).
 * "In" is client to server, "out" server to client. A back end that cannot count something reports 0.
 */
public record Counters(long activeConns, long inactiveConns, long conns, long packetsIn, long packetsOut,
                       long bytesIn, long bytesOut) {
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0);

    public Counters plus(Counters o) {
        return new Counters(activeConns + o.activeConns, inactiveConns + o.inactiveConns, conns + o.conns,
                packetsIn + o.packetsIn, packetsOut + o.packetsOut, bytesIn + o.bytesIn, bytesOut + o.bytesOut);
    }
}
