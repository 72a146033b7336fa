package io.vigil.config;

import static io.vigil.config.Keyword.flag;

/** The VRRP instances' defaults written in global_defs ({@code vrrp_*}), and how they build {@link Vrrp.Options}. */
final class VrrpGlobalSchema {
    private VrrpGlobalSchema() {
    }

    static final Keyword<Boolean> VRRP_LOWER_PRIO_NO_ADVERT = flag("vrrp_lower_prio_no_advert",
            "Default of instances' lower_prio_no_advert: a MASTER does not answer a lower-priority advert at once.");
    static final Keyword<Boolean> VRRP_HIGHER_PRIO_SEND_ADVERT = flag("vrrp_higher_prio_send_advert",
            "Default of instances' higher_prio_send_advert: a MASTER sends an advert before yielding to a higher priority.");

    static final Keyword<java.time.Duration> VRRP_STARTUP_DELAY = Keyword.value("vrrp_startup_delay", Types.timer(0, 2147483),
            "Seconds after the VRRP process starts (not on reload) before a BACKUP's master-down timer may end: its timers "
                    + "run from the end of the delay (an address owner is not delayed).").defaultsTo(java.time.Duration.ZERO);

    static final Keyword<?>[] KEYWORDS = {VRRP_LOWER_PRIO_NO_ADVERT, VRRP_HIGHER_PRIO_SEND_ADVERT, VRRP_STARTUP_DELAY};

    static Vrrp.Options options(Section g) {
        return new Vrrp.Options(g.get(VRRP_LOWER_PRIO_NO_ADVERT), g.get(VRRP_HIGHER_PRIO_SEND_ADVERT),
                g.get(GlobalSchema.VRRP_CHECK_UNICAST_SRC), java.util.Optional.empty(), false, false, g.get(VRRP_STARTUP_DELAY));
    }
}
