package io.vigil.config;

import java.math.BigDecimal;
import java.net.InetAddress;

import static io.vigil.config.Keyword.flag;
import static io.vigil.config.Keyword.value;

/** Keywords of {@code bfd_instance} (keepalived 2.2.7's bfd_parser) and the global BFD process settings. */
final class BfdSchema {
    private BfdSchema() {
    }

    /** Milliseconds with up to 3 decimals (keepalived's read_decimal_unsigned_strvec), as microseconds. */
    static ValueType<Long> millis(long minMs, long maxMs) {
        BigDecimal min = BigDecimal.valueOf(minMs);
        BigDecimal max = BigDecimal.valueOf(maxMs);
        return new ValueType<>() {
            @Override
            public Long parse(Args a) {
                if (!a.count(1, 1)) {
                    return null;
                }
                String s = a.text(0);
                BigDecimal v;
                try {
                    if (s.length() > 20 || s.contains("e") || s.contains("E") || s.startsWith("-")) {
                        return a.error(0, "not a number of milliseconds");
                    }
                    v = new BigDecimal(s);
                } catch (NumberFormatException e) {
                    return a.error(0, "not a number of milliseconds");
                }
                if (v.scale() > 3) {
                    return a.error(0, "at most 3 decimals (microseconds)");
                }
                if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                    return a.error(0, "outside range [" + minMs + ", " + maxMs + "] milliseconds");
                }
                return v.movePointRight(3).longValueExact();
            }

            @Override
            public String syntax() {
                return "MILLISECONDS " + minMs + ".." + maxMs;
            }

            @Override
            public String format(Long micros) {
                return BigDecimal.valueOf(micros).movePointLeft(3).stripTrailingZeros().toPlainString();
            }
        };
    }

    // keepalived's limits: rx/tx 1 ms .. UINT32_MAX/1000 ms; idle_tx from 1000 ms.
    static final long MAX_MS = 4_294_967L;

    static final Keyword<InetAddress> NEIGHBOR_IP = value("neighbor_ip", Types.ip(), "Address of the BFD peer (required).")
            .alias("neighbour_ip");
    static final Keyword<InetAddress> SOURCE_IP = value("source_ip", Types.ip(),
            "Local address to send from (same family as the neighbour); without it the source port is the kernel's choice.");
    static final Keyword<Long> MIN_RX = value("min_rx", millis(1, MAX_MS), "Required minimum receive interval, in milliseconds.")
            .defaultsTo(10_000L);
    static final Keyword<Long> MIN_TX = value("min_tx", millis(1, MAX_MS), "Desired minimum transmit interval while Up, in milliseconds.")
            .defaultsTo(10_000L);
    static final Keyword<Long> IDLE_TX = value("idle_tx", millis(1000, MAX_MS), "Transmit interval while not Up, in milliseconds.")
            .defaultsTo(1_000_000L);
    static final Keyword<Integer> MULTIPLIER = value("multiplier", Types.integer(1, 255),
            "Detection multiplier: packets the peer may miss before the session goes Down.").defaultsTo(5);
    static final Keyword<Boolean> PASSIVE = flag("passive", "Send nothing until the peer has been heard.");
    static final Keyword<Integer> TTL = value("ttl", Types.integer(1, 255), "TTL (hop limit) of sent packets.")
            .alias("hoplimit").defaultText("255 for IPv4, 64 for IPv6 (keepalived)");
    static final Keyword<Integer> MAX_HOPS = value("max_hops", Types.integer(-1, 255),
            "Hops a received packet may have crossed: dropped when its TTL + max_hops < ttl; 255 disables the check.").defaultsTo(0);
    static final Keyword<Vrrp.Weight> WEIGHT = value("weight", VrrpSchema.weight(-253, 253),
            "Default weight for VRRP instances that track this session (0: FAULT while it is down).").defaultsTo(new Vrrp.Weight(0, false));
    static final Keyword<Boolean> VRRP = flag("vrrp", "Send this session's events to VRRP (with 'checker': only those named; neither: both).");
    static final Keyword<Boolean> CHECKER = flag("checker", "Send this session's events to the checkers (BFD_CHECK), and alone: not to VRRP.");
    static final Keyword<Boolean> VIGIL_MULTIHOP = flag("vigil_multihop",
            "Vigil-specific: RFC 5883 multihop session on UDP port 4784 (keepalived uses 3784 for every session).").vigilOnly();

    static final BlockSchema BFD_INSTANCE = new BlockSchema("bfd_instance", "A BFD session with one neighbour.", Types.word("NAME"))
            .add(NEIGHBOR_IP, SOURCE_IP, MIN_RX, MIN_TX, IDLE_TX, MULTIPLIER, PASSIVE, TTL, MAX_HOPS, WEIGHT, VRRP, CHECKER, VIGIL_MULTIHOP);

    static final Keyword<Integer> BFD_PRIORITY = value("bfd_priority", Types.integer(-20, 19),
            "Nice value of the BFD thread (Vigil runs BFD on its own thread in the VRRP process; keepalived: its BFD process).");
    static final Keyword<Integer> BFD_RT_PRIORITY = value("bfd_rt_priority", Types.integer(1, 99),
            "SCHED_RR realtime priority of the BFD thread (keepalived: its BFD process).");
}
