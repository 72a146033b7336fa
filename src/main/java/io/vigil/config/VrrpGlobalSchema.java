package io.vigil.config;

import static io.vigil.config.Keyword.flag;

/** The VRRP instances' defaults written in global_defs ({@code vrrp_*}), and how they build {@link Vrrp.Options}. */
final class VrrpGlobalSchema {
    private VrrpGlobalSchema() {
    }

    static final Keyword<Boolean> VRRP_LOWER_PRIO_NO_ADVERT = flag("vrrp_lower_prio_no_advert",
            "Default of instances' lower_prio_no_advert: a MASTER does not answer a lower-priority advert at once.");
    static final Keyword<Boolean> VRRP_HIGHER_PRIO_SEND_ADVERT = flag("vrrp_higher_prio_send_advert",
            "Default of instances' higher_prio_send_advert: a MASTER sends an advert before yielding to a higher priority. "
            + "Vigil's default is on (keepalived's: off, and off under vrrp_strict): when a partition heals and the other "
            + "MASTER's advert arrives first, that advert of ours makes the other MASTER send its gratuitous ARPs "
            + "(garp_lower_prio_repeat); without it nobody re-announces the VIP and clients keep the stale MAC until their "
            + "ARP entry expires (21-22 s in the soak, docs/benchmarks/soak.md).")
            .defaultsTo(Boolean.TRUE);

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
    }, "nftables table of the VIP firewall (no_accept): ip and ip6 tables with chains in and out and a set vips whose addresses are "
            + "dropped while an instance is MASTER (link-local IPv6 VIPs with their interface); used whenever an instance needs it, with this name.").defaultText("keepalived");
    static final Keyword<Integer> NFTABLES_PRIORITY = Keyword.value("nftables_priority", Types.integer(Integer.MIN_VALUE, Integer.MAX_VALUE),
            "Priority of the VIP firewall's input and output chains.").defaultsTo(-1);
    static final Keyword<Boolean> NFTABLES_IFINDEX = flag("nftables_ifindex",
            "Match link-local IPv6 VIPs in the VIP firewall by interface index even for dont_track_primary instances (which otherwise "
                    + "match them by interface name, set vips_link_local_name).");
    static final Keyword<Boolean> NFTABLES_COUNTERS = flag("nftables_counters", "Count the packets each VIP firewall rule drops (nft list table ip keepalived).");

    static final Keyword<java.util.List<String>> VRRP_IPTABLES = Keyword.value("vrrp_iptables", words(0, 2, "[IN_CHAIN [OUT_CHAIN]]"),
            "keepalived's iptables VIP firewall; as keepalived built without iptables (Debian's 2.2.7), mapped onto the nftables one: "
                    + "no_accept instances' VIPs are dropped through the nftables table (keepalived, or the nftables name), said at start.");
    static final Keyword<java.util.List<String>> VRRP_IPSETS = Keyword.value("vrrp_ipsets", words(0, 5, "[SET4 [SET6 [SET_IF6 [IGMP [MLD]]]]]"),
            "keepalived's ipsets of VIPs for the iptables firewall; mapped with vrrp_iptables onto the nftables table's set vips, said at start.");

    /** From {@code min} to {@code max} words. */
    private static ValueType<java.util.List<String>> words(int min, int max, String syntax) {
        return new ValueType<>() {
            @Override
            public java.util.List<String> parse(Args a) {
                if (!a.count(min, max)) return null;
                java.util.List<String> w = new java.util.ArrayList<>();
                for (int i = 0; i < a.size(); i++) w.add(a.text(i));
                return java.util.List.copyOf(w);
            }

            @Override
            public String syntax() {
                return syntax;
            }

            @Override
            public String format(java.util.List<String> v) {
                return String.join(" ", v);
            }
        };
    }

    /** vrrp_iptables / vrrp_ipsets: which nftables objects stand in for them, said once at start (and by -t). */
    static void sayFirewallMapping(Section g, Diagnostics diags) {
        String table = "ip " + (g.isSet(NFTABLES) ? g.get(NFTABLES) : "keepalived");
        if (g.isSet(VRRP_IPTABLES)) {
            java.util.List<String> chains = g.get(VRRP_IPTABLES);
            String named = chains.isEmpty() ? "INPUT/OUTPUT" : String.join("/", chains);
            diags.warning(g.posOf(VRRP_IPTABLES), "iptables is not used: the iptables chains " + named + " are replaced by nftables table "
                    + table + " (chains in/out)", "vrrp_iptables", "write 'nftables' instead, as keepalived advises");
        }
        if (g.isSet(VRRP_IPSETS)) {
            diags.warning(g.posOf(VRRP_IPSETS), "ipsets are not used: the VIPs are kept in set vips of nftables table " + table,
                    "vrrp_ipsets", "write 'nftables' instead, as keepalived advises");
        }
    }

    static final Keyword<Boolean> DISABLE_LOCAL_IGMP = flag("disable_local_igmp",
            "Turn off the namespace's net.ipv4.igmp_link_local_mcast_reports while VRRP runs (no IGMP reports for 224.0.0.0/24 "
                    + "groups); put back at stop if Vigil turned it off. Not changed by a reload.");

    static final Keyword<Integer> MAX_AUTO_PRIORITY = Keyword.value("max_auto_priority", new ValueType<Integer>() {
        @Override
        public Integer parse(Args a) {
            if (!a.count(0, 1)) return null;
            if (a.size() == 0) return 99; // keepalived: sched_get_priority_max(SCHED_RR)
            try {
                int p = Integer.parseInt(a.text(0));
                if (p >= -1 && p <= 99) return p;
            } catch (NumberFormatException e) {
                // reported below
            }
            return a.error(0, "max_auto_priority must be in [0, 99] (or -1 to disable)");
        }

        @Override
        public String syntax() {
            return "[-1..99]";
        }
    }, "Each time the VRRP thread runs a timer more than min_auto_priority_delay late, raise its realtime (SCHED_RR) priority by one, "
            + "up to this (0 or -1: never; alone: 99).").defaultsTo(0);
    static final Keyword<Integer> MIN_AUTO_PRIORITY_DELAY = Keyword.value("min_auto_priority_delay", Types.integer(1, 10_000_000),
            "Microseconds a timer must be late for max_auto_priority to raise the priority.").defaultsTo(1_000_000);

    static final Keyword<Integer> VRRP_DOWN_TIMER_ADVERTS = Keyword.value("vrrp_down_timer_adverts", Types.integer(1, 100),
            "Default of instances' down_timer_adverts.").defaultsTo(3);

    static final Keyword<String> VMAC_PREFIX = Keyword.value("vmac_prefix", Types.word("PREFIX"),
            "Names of the use_vmac interfaces Vigil names itself: PREFIX.VRID (IPv6: PREFIX.VRID, else PREFIX6.VRID, PREFIX1.VRID, ... "
                    + "when the name is taken), cut to 15 characters as keepalived does.").defaultsTo("vrrp");

    static final Keyword<Vrrp.GarpExtraIf> VRRP_GARP_EXTRA_IF = Keyword.value("vrrp_garp_extra_if", VrrpSchema.garpExtraIf(),
            "Default of instances' garp_extra_if.").alias("vrrp_vmac_garp_intvl");

    static final Keyword<String> VMAC_ADDR_PREFIX = Keyword.value("vmac_addr_prefix", Types.word("PREFIX"),
            "Names of the VMACs use_vmac_addr makes for single addresses: PREFIX.VRID as vmac_prefix's names.").defaultText("vmac_prefix");

    static final Keyword<?>[] KEYWORDS = {MAX_AUTO_PRIORITY, MIN_AUTO_PRIORITY_DELAY, DISABLE_LOCAL_IGMP, VRRP_IPTABLES, VRRP_IPSETS,
            VMAC_PREFIX, VMAC_ADDR_PREFIX, VRRP_GARP_EXTRA_IF, VRRP_DOWN_TIMER_ADVERTS, VRRP_LOWER_PRIO_NO_ADVERT, VRRP_HIGHER_PRIO_SEND_ADVERT,
            VRRP_STARTUP_DELAY, NFTABLES, NFTABLES_PRIORITY, NFTABLES_COUNTERS, NFTABLES_IFINDEX};

    static Vrrp.Options options(Section g) {
        return new Vrrp.Options(g.get(VRRP_LOWER_PRIO_NO_ADVERT), g.get(VRRP_HIGHER_PRIO_SEND_ADVERT),
                g.get(GlobalSchema.VRRP_CHECK_UNICAST_SRC), java.util.Optional.empty(), false, false, g.get(VRRP_STARTUP_DELAY), false,
                new Vrrp.Firewall(g.isSet(NFTABLES) ? g.get(NFTABLES) : "keepalived", g.get(NFTABLES_PRIORITY), g.get(NFTABLES_COUNTERS),
                        g.get(NFTABLES_IFINDEX)),
                g.get(VRRP_DOWN_TIMER_ADVERTS), g.get(GlobalSchema.VRRP_SKIP_CHECK_ADV_ADDR), java.util.Optional.empty(), Vrrp.UnicastChecksum.RFC,
                g.get(DISABLE_LOCAL_IGMP), Math.max(0, g.get(MAX_AUTO_PRIORITY)), g.get(MIN_AUTO_PRIORITY_DELAY), g.get(VMAC_PREFIX),
                java.util.Optional.ofNullable(g.get(VRRP_GARP_EXTRA_IF)), false, java.util.Optional.ofNullable(g.get(VMAC_ADDR_PREFIX)),
                false, java.util.List.of(), java.util.List.of(), java.util.List.of());
    }
}
