package io.vigil.daemon;

import io.vigil.sys.Sysctl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's {@code disable_local_igmp}: the namespace's {@code net.ipv4.igmp_link_local_mcast_reports} is turned
 * off when VRRP starts (no IGMP reports for the 224.0.0.0/24 groups the instances join, which RFC 4541 says switches
 * forward everywhere anyway), and turned back on at stop only if Vigil turned it off. A reload does not change it.
 */
final class LocalIgmpReports {
    private static final Logger LOG = LoggerFactory.getLogger(LocalIgmpReports.class);
    static final String KEY = "net/ipv4/igmp_link_local_mcast_reports";

    private boolean turnedOff;

    void disable() {
        try {
            if (Sysctl.read(KEY).equals("1")) {
                Sysctl.write(KEY, "0");
                turnedOff = true;
            }
        } catch (java.io.UncheckedIOException e) {
            LOG.info("disable_local_igmp: cannot change {}: {}", KEY, e.getCause() != null ? e.getCause().toString() : e.toString());
        }
    }

    void restore() {
        if (!turnedOff) return;
        try {
            Sysctl.write(KEY, "1");
        } catch (java.io.UncheckedIOException e) {
            LOG.info("disable_local_igmp: {} not put back: {}", KEY, e.toString());
        }
        turnedOff = false;
    }
}
