package io.vigil.lb;

/**
 * Scheduler flags (IPVS {@code IP_VS_SVC_F_SCHED1..3}). For sh and mh keepalived spells them
 * {@code sh-fallback}/{@code mh-fallback} (FALLBACK: skip an unavailable server instead of failing) and
 * {@code sh-port}/{@code mh-port} (PORT: hash the source port too); {@code flag-3} has no scheduler meaning today.
 */
public enum SchedulerFlag {
    FALLBACK(0x0008), PORT(0x0010), FLAG_3(0x0020);

    private final int ipvsBit;

    SchedulerFlag(int ipvsBit) {
        this.ipvsBit = ipvsBit;
    }

    /** The bit in the IPVS service flags word. */
    public int ipvsBit() {
        return ipvsBit;
    }
}
