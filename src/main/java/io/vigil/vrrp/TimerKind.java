package io.vigil.vrrp;

/** The timers one instance can have pending (at most one of each). */
public enum TimerKind {
    /** MASTER: send the next advert. */
    ADVERT,
    /** BACKUP: no advert heard for Master_Down_Interval (3 × interval + skew). */
    MASTER_DOWN,
    /** MASTER: the second GARP/NA burst, {@code garp_master_delay} after taking over. */
    GARP_DELAYED,
    /** MASTER: the second GARP burst after a lower-priority advert ({@code garp_lower_prio_delay}). */
    GARP_LOWER_PRIO_DELAYED,
    /** MASTER: periodic GARP/NA refresh ({@code garp_master_refresh}). */
    GARP_REFRESH,
    /** MASTER: one GARP/NA on each extra interface ({@code garp_extra_if}). */
    GARP_EXTRA_IF
}
