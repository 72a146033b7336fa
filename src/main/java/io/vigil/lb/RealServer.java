package io.vigil.lb;

import java.net.InetAddress;

/**
 * A real server of a virtual service as the data plane should have it. Weight 0 drains it: no new connections,
 * existing ones keep going. {@code upperThreshold}/{@code lowerThreshold} are IPVS's connection thresholds
 * ({@code uthreshold}/{@code lthreshold}), 0 = none.
 */
public record RealServer(InetAddress address, int port, int weight, Forwarding forwarding, Tunnel tunnel,
                         int upperThreshold, int lowerThreshold) {

    public RealServer {
        if (address == null || forwarding == null) throw new IllegalArgumentException("address and forwarding are required");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (weight < 0) throw new IllegalArgumentException("weight must be >= 0: " + weight);
        if (upperThreshold < 0 || lowerThreshold < 0) throw new IllegalArgumentException("thresholds must be >= 0");
        if (tunnel == null) tunnel = Tunnel.NONE_IPIP;
    }

    /** A NAT real server with the given weight and no thresholds. */
    public static RealServer nat(InetAddress address, int port, int weight) {
        return new RealServer(address, port, weight, Forwarding.NAT, Tunnel.NONE_IPIP, 0, 0);
    }

    public static RealServer of(InetAddress address, int port, int weight, Forwarding forwarding) {
        return new RealServer(address, port, weight, forwarding, Tunnel.NONE_IPIP, 0, 0);
    }

    public Key key() {
        return new Key(address, port);
    }

    public RealServer withWeight(int newWeight) {
        return new RealServer(address, port, newWeight, forwarding, tunnel, upperThreshold, lowerThreshold);
    }

    /** Identity of a real server within its virtual service. */
    public record Key(InetAddress address, int port) {
        @Override
        public String toString() {
            return Addresses.hostPort(address, port);
        }
    }
}
