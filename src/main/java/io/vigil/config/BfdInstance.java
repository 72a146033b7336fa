package io.vigil.config;

import java.net.InetAddress;
import java.util.Optional;

/**
 * {@code bfd_instance NAME { ... }} with keepalived's defaults applied. Intervals in microseconds; {@code ttl} resolved
 * by family when unset; {@code toVrrp}/{@code toChecker} say which processes get its events.
 */
public record BfdInstance(String name, InetAddress neighbor, Optional<InetAddress> source, long minRxMicros, long minTxMicros,
                          long idleTxMicros, int multiplier, boolean passive, int ttl, int maxHops, Vrrp.Weight weight,
                          boolean toVrrp, boolean toChecker, boolean multihop, SourcePos pos) { }
