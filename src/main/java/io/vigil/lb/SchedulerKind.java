package io.vigil.lb;

import java.util.Locale;

/** The IPVS schedulers keepalived names ({@code lvs_sched}); {@link #ipvsName()} is the kernel's name. */
public enum SchedulerKind {
    RR, WRR, LC, WLC, LBLC, LBLCR, DH, SH, SED, NQ, FO, OVF, MH;

    public String ipvsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SchedulerKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scheduler '" + s + "' (expected rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh)", e);
        }
    }
}
