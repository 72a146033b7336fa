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

    static final Keyword<String> NFTABLES = Keyword.value("nftables", new ValueType<String>() {
        @Override
        public String parse(Args a) {
            if (!a.count(0, 1)) return null;
            if (a.size() == 0) return "keepalived";
            return a.text(0).length() < 256 ? a.text(0) : a.error(0, "nftables table name too long (at most 255 characters)");
        }

        @Override
        public String syntax() {
            return "[TABLE]";
        }
    }, "nftables table of the VIP firewall (no_accept): an ip table with chains in and out and a set vips whose addresses are "
            + "dropped while an instance is MASTER; used whenever an instance needs it, with this name.").defaultText("keepalived");
    static final Keyword<Integer> NFTABLES_PRIORITY = Keyword.value("nftables_priority", Types.integer(Integer.MIN_VALUE, Integer.MAX_VALUE),
            "Priority of the VIP firewall's input and output chains.").defaultsTo(-1);
    static final Keyword<Boolean> NFTABLES_COUNTERS = flag("nftables_counters", "Count the packets each VIP firewall rule drops (nft list table ip keepalived).");

    static final Keyword<Integer> VRRP_DOWN_TIMER_ADVERTS = Keyword.value("vrrp_down_timer_adverts", Types.integer(1, 100),
            "Default of instances' down_timer_adverts.").defaultsTo(3);

    static final Keyword<String> VMAC_PREFIX = Keyword.value("vmac_prefix", Types.word("PREFIX"),
            "Names of the use_vmac interfaces Vigil names itself: PREFIX.VRID (IPv6: PREFIX.VRID, else PREFIX6.VRID, PREFIX1.VRID, ... "
                    + "when the name is taken), cut to 15 characters as keepalived does.").defaultsTo("vrrp");

    static final Keyword<Vrrp.GarpExtraIf> VRRP_GARP_EXTRA_IF = Keyword.value("vrrp_garp_extra_if", VrrpSchema.garpExtraIf(),
            "Default of instances' garp_extra_if.").alias("vrrp_vmac_garp_intvl");

    static final Keyword<String> VMAC_ADDR_PREFIX = Keyword.value("vmac_addr_prefix", Types.word("PREFIX"),
            "Names of the VMACs use_vmac_addr makes for single addresses: PREFIX.VRID as vmac_prefix's names.").defaultText("vmac_prefix");

    static final Keyword<?>[] KEYWORDS = {VMAC_PREFIX, VMAC_ADDR_PREFIX, VRRP_GARP_EXTRA_IF, VRRP_DOWN_TIMER_ADVERTS, VRRP_LOWER_PRIO_NO_ADVERT, VRRP_HIGHER_PRIO_SEND_ADVERT, VRRP_STARTUP_DELAY, NFTABLES, NFTABLES_PRIORITY,
            NFTABLES_COUNTERS};

    static Vrrp.Options options(Section g) {
        return new Vrrp.Options(g.get(VRRP_LOWER_PRIO_NO_ADVERT), g.get(VRRP_HIGHER_PRIO_SEND_ADVERT),
                g.get(GlobalSchema.VRRP_CHECK_UNICAST_SRC), java.util.Optional.empty(), false, false, g.get(VRRP_STARTUP_DELAY), false,
                new Vrrp.Firewall(g.isSet(NFTABLES) ? g.get(NFTABLES) : "keepalived", g.get(NFTABLES_PRIORITY), g.get(NFTABLES_COUNTERS)),
                g.get(VRRP_DOWN_TIMER_ADVERTS), g.get(GlobalSchema.VRRP_SKIP_CHECK_ADV_ADDR), g.get(VMAC_PREFIX),
                java.util.Optional.ofNullable(g.get(VRRP_GARP_EXTRA_IF)), false, java.util.Optional.ofNullable(g.get(VMAC_ADDR_PREFIX)));
    }
}
