package io.vigil.bfd;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * One {@code bfd_instance} as keepalived 2.2.7 reads it. Intervals in microseconds (keepalived's units: the config
 * gives milliseconds with up to 3 decimals). {@code ttl} is what is sent (keepalived: 255 for IPv4, 64 for IPv6 unless
 * set); a received packet is dropped when {@code receivedTtl + maxHops < ttl} unless {@code maxHops} is 255.
 * {@code multihop} is Vigil's RFC 5883 mode (port 4784); keepalived sends and listens on 3784 only.
 */
public record BfdSettings(String name, InetAddress neighbor, Optional<InetAddress> source, long minRxMicros, long minTxMicros,
                          long idleTxMicros, int multiplier, boolean passive, int ttl, int maxHops, boolean multihop) {
    public static final long DEFAULT_MIN_RX_MICROS = 10_000;
    public static final long DEFAULT_MIN_TX_MICROS = 10_000;
    public static final long DEFAULT_IDLE_TX_MICROS = 1_000_000;
    public static final int DEFAULT_MULTIPLIER = 5;
    public static final int SINGLE_HOP_PORT = 3784;
    public static final int MULTIHOP_PORT = 4784;

    public static int defaultTtl(InetAddress neighbor) {
        return neighbor instanceof Inet4Address ? 255 : 64;
    }

    /** Defaults of keepalived for a neighbour: 10 ms rx/tx, 1 s idle, multiplier 5, active, TTL by family, max_hops 0. */
    public static BfdSettings of(String name, InetAddress neighbor) {
        return new BfdSettings(name, neighbor, Optional.empty(), DEFAULT_MIN_RX_MICROS, DEFAULT_MIN_TX_MICROS, DEFAULT_IDLE_TX_MICROS,
                DEFAULT_MULTIPLIER, false, defaultTtl(neighbor), 0, false);
    }

    public BfdSettings withTimers(long minRxMicros, long minTxMicros, int multiplier) {
        return new BfdSettings(name, neighbor, source, minRxMicros, minTxMicros, idleTxMicros, multiplier, passive, ttl, maxHops, multihop);
    }

    public BfdSettings withIdleTx(long idleTxMicros) {
        return new BfdSettings(name, neighbor, source, minRxMicros, minTxMicros, idleTxMicros, multiplier, passive, ttl, maxHops, multihop);
    }

    public BfdSettings withPassive(boolean passive) {
        return new BfdSettings(name, neighbor, source, minRxMicros, minTxMicros, idleTxMicros, multiplier, passive, ttl, maxHops, multihop);
    }

    public BfdSettings withSource(InetAddress source) {
        return new BfdSettings(name, neighbor, Optional.of(source), minRxMicros, minTxMicros, idleTxMicros, multiplier, passive, ttl, maxHops, multihop);
    }

    public BfdSettings withTtl(int ttl, int maxHops) {
        return new BfdSettings(name, neighbor, source, minRxMicros, minTxMicros, idleTxMicros, multiplier, passive, ttl, maxHops, multihop);
    }

    public BfdSettings withMultihop(boolean multihop) {
        return new BfdSettings(name, neighbor, source, minRxMicros, minTxMicros, idleTxMicros, multiplier, passive, ttl, maxHops, multihop);
    }

    public int port() {
        return multihop ? MULTIHOP_PORT : SINGLE_HOP_PORT;
    }

    /** keepalived's GTSM rule, extended by max_hops (255 turns the check off). */
    public boolean ttlAcceptable(int receivedTtl) {
        return maxHops == 255 || receivedTtl == 0 || receivedTtl + maxHops >= ttl;
    }
}
