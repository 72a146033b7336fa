package io.vigil.config;

import java.time.Duration;
import java.util.Optional;

import static io.vigil.config.Keyword.block;
import static io.vigil.config.Keyword.flag;
import static io.vigil.config.Keyword.list;
import static io.vigil.config.Keyword.value;

/** Keywords of vrrp_script, track_file, vrrp_sync_group and vrrp_instance. */
final class VrrpSchema {
    private VrrpSchema() {
    }

    static ValueType<Vrrp.Weight> weight(int min, int max) {
        return new ValueType<>() {
            @Override
            public Vrrp.Weight parse(Args a) {
                if (!a.count(1, 2)) {
                    return null;
                }
                Integer w = Types.number(a, 0, min, max);
                if (w == null) {
                    return null;
                }
                if (a.size() == 2 && !a.text(1).equals("reverse")) {
                    return a.error(1, "expected 'reverse'");
                }
                return new Vrrp.Weight(w, a.size() == 2);
            }

            @Override
            public String syntax() {
                return "INTEGER " + min + ".." + max + " [reverse]";
            }
        };
    }

    /** {@code use_vmac [NAME] [MAC]}, in either order, as keepalived's vrrp_vmac_handler reads them (a word with ':' is the MAC). */
    static ValueType<Vrrp.Vmac> vmac() {
        return new ValueType<>() {
            @Override
            public Vrrp.Vmac parse(Args a) {
                if (!a.count(0, 2)) {
                    return null;
                }
                String name = null, mac = null;
                boolean plusVrid = false;
                for (int i = 0; i < a.size(); i++) {
                    String w = a.text(i);
                    if (w.contains(":")) {
                        if (mac != null) return a.error(i, "VMAC address already given");
                        String[] parts = w.endsWith(":") ? w.substring(0, w.length() - 1).split(":", -1) : w.split(":", -1);
                        if (parts.length != 5 && parts.length != 6) return a.error(i, "invalid VMAC address (6 octets, or 5 for keepalived's MAC + VRID)");
                        byte[] b = new byte[6];
                        for (int j = 0; j < parts.length; j++) {
                            if (!parts[j].matches("[0-9A-Fa-f]{1,2}")) return a.error(i, "invalid VMAC address");
                            b[j] = (byte) Integer.parseInt(parts[j], 16);
                        }
                        if ((b[0] & 1) != 0) return a.error(i, "VMAC address is multicast");
                        if (b[0] == 0 && b[1] == 0 && b[2] == 0x5e && b[3] == 0 && (b[4] == 1 || b[4] == 2))
                            return a.error(i, "VMAC address may not be an RFC 5798 address (it is the default)");
                        plusVrid = parts.length == 5;
                        mac = java.util.HexFormat.ofDelimiter(":").formatHex(b);
                    } else {
                        if (name != null) return a.error(i, "VMAC interface name already given");
                        if (w.length() > 15 || w.equals(".") || w.equals("..") || w.contains("/") || w.isBlank())
                            return a.error(i, "invalid VMAC interface name (1..15 characters, no '/' or ':')");
                        name = w;
                    }
                }
                return new Vrrp.Vmac(java.util.Optional.ofNullable(name), java.util.Optional.ofNullable(mac), plusVrid, false);
            }

            @Override
            public String syntax() {
                return "[NAME] [MAC]";
            }

            @Override
            public String format(Vrrp.Vmac v) {
                return v.format().substring("use_vmac".length()).replace(" vmac_xmit_base", "").strip();
            }
        };
    }

    /** {@code [all] SECONDS} of garp_extra_if / vrrp_garp_extra_if (keepalived: 0..86400, the time required). */
    static ValueType<Vrrp.GarpExtraIf> garpExtraIf() {
        return new ValueType<>() {
            @Override
            public Vrrp.GarpExtraIf parse(Args a) {
                if (!a.count(1, 2)) return null;
                boolean all = false;
                Integer seconds = null;
                for (int i = 0; i < a.size(); i++) {
                    if (a.text(i).equals("all") && !all) all = true;
                    else if (seconds == null && a.text(i).matches("[0-9]{1,5}") && Integer.parseInt(a.text(i)) <= 86400) seconds = Integer.parseInt(a.text(i));
                    else return a.error(i, "expected [all] and SECONDS 0..86400");
                }
                if (seconds == null) return a.error(0, "specified without time");
                return new Vrrp.GarpExtraIf(all, java.time.Duration.ofSeconds(seconds));
            }

            @Override
            public String syntax() {
                return "[all] SECONDS";
            }

            @Override
            public String format(Vrrp.GarpExtraIf v) {
                return (v.all() ? "all " : "") + v.interval().toSeconds();
            }
        };
    }

    /** {@code NAME [weight N [reverse]]}. */
    static ValueType<Vrrp.TrackRef> trackRef(int min, int max, boolean reverse) {
        return new ValueType<>() {
            @Override
            public Vrrp.TrackRef parse(Args a) {
                if (!a.count(1, reverse ? 4 : 3)) {
                    return null;
                }
                Vrrp.Weight w = null;
                if (a.size() > 1) {
                    if (!a.text(1).equals("weight") || a.size() < 3) {
                        return a.error(1, "expected 'weight N" + (reverse ? " [reverse]" : "") + "'");
                    }
                    Integer n = Types.number(a, 2, min, max);
                    if (n == null) {
                        return null;
                    }
                    if (a.size() == 4 && !a.text(3).equals("reverse")) {
                        return a.error(3, "expected 'reverse'");
                    }
                    w = new Vrrp.Weight(n, a.size() == 4);
                }
                return new Vrrp.TrackRef(a.text(0), Optional.ofNullable(w), a.pos(0));
            }

            @Override
            public String syntax() {
                return "NAME [weight " + min + ".." + max + (reverse ? " [reverse]" : "") + "]";
            }

            @Override
            public String format(Vrrp.TrackRef r) {
                return r.format();
            }
        };
    }

    static ValueType<Vrrp.UnicastPeer> unicastPeer() {
        return new ValueType<>() {
            @Override
            public Vrrp.UnicastPeer parse(Args a) {
                var ip = Types.address(a, 0);
                if (ip == null) {
                    return null;
                }
                Integer min = null;
                Integer max = null;
                for (int i = 1; i < a.size(); i += 2) {
                    if (i + 1 >= a.size()) {
                        return a.error(i, "missing value");
                    }
                    switch (a.text(i)) {
                        case "min_ttl" -> min = Types.number(a, i + 1, 0, 255);
                        case "max_ttl" -> max = Types.number(a, i + 1, 0, 255);
                        default -> {
                            return a.error(i, "unknown unicast_peer option (min_ttl|max_ttl)");
                        }
                    }
                    if ((a.text(i).equals("min_ttl") ? min : max) == null) {
                        return null;
                    }
                }
                return new Vrrp.UnicastPeer(ip, Optional.ofNullable(min), Optional.ofNullable(max));
            }

            @Override
            public String syntax() {
                return "IPADDR [min_ttl N] [max_ttl N]";
            }

            @Override
            public String format(Vrrp.UnicastPeer p) {
                return p.format();
            }
        };
    }

    // ---- vrrp_script
    static final Keyword<Script> SCRIPT = value("script", Types.script(), "Command to run; exit 0 means success.");
    static final Keyword<Duration> SCRIPT_INTERVAL = value("interval", Types.timer(0.000001, 2147), "Seconds between runs.")
            .defaultsTo(Duration.ofSeconds(1));
    static final Keyword<Duration> SCRIPT_TIMEOUT = value("timeout", Types.timer(0.000001, 2147), "Seconds before a run counts as failed (and is killed).")
            .defaultText("interval");
    static final Keyword<Vrrp.Weight> SCRIPT_WEIGHT = value("weight", weight(-253, 253), "Priority change while the script succeeds (positive) or fails (negative); 0 means fault on failure.")
            .defaultsTo(new Vrrp.Weight(0, false));
    static final Keyword<Integer> RISE = value("rise", Types.integer(1, Integer.MAX_VALUE), "Successes needed to count as up.").defaultsTo(1);
    static final Keyword<Integer> FALL = value("fall", Types.integer(1, Integer.MAX_VALUE), "Failures needed to count as down.").defaultsTo(1);
    static final Keyword<String> USER = value("user", Types.text("USER [GROUP]"), "User (and group) to run the script as.");
    static final Keyword<String> SCRIPT_USER = value("user", Types.text("USER [GROUP]"),
            "User (and group, else the user's own) to run the script as (default: script_user, see there).");
    static final Keyword<Boolean> INIT_FAIL = flag("init_fail", "Start in the failed state.");

    static final BlockSchema VRRP_SCRIPT = new BlockSchema("vrrp_script", "A tracking script.", Types.word("NAME"))
            .add(SCRIPT, SCRIPT_INTERVAL, SCRIPT_TIMEOUT, SCRIPT_WEIGHT, RISE, FALL, SCRIPT_USER, INIT_FAIL);

    // ---- track_file
    static final Keyword<String> FILE = value("file", Types.word("PATH"), "File holding a number that tracking instances read.");
    static final Keyword<Vrrp.Weight> FILE_WEIGHT = value("weight", weight(-254, 254), "Multiplier applied to the number in the file.")
            .defaultsTo(new Vrrp.Weight(1, false));
    static final Keyword<TrackFile.Init> INIT_FILE = value("init_file", initFile(),
            "Write VALUE (default 0) and a newline to the file when the VRRP process starts, if the file is missing; with overwrite, "
                    + "also over an existing regular file (not on reload). A missing file is also written on reload.");

    /** {@code [VALUE] [overwrite]}, in any order (keepalived's track_file_init_handler). */
    static ValueType<TrackFile.Init> initFile() {
        return new ValueType<>() {
            @Override
            public TrackFile.Init parse(Args a) {
                int value = 0;
                boolean overwrite = false;
                for (int i = 0; i < a.size(); i++) {
                    String w = a.text(i).strip();
                    if (w.equals("overwrite")) {
                        overwrite = true;
                    } else if (!w.isEmpty() && (Character.isDigit(w.charAt(0)) || w.charAt(0) == '-')) {
                        Integer v = Types.number(a, i, Integer.MIN_VALUE, Integer.MAX_VALUE);
                        if (v == null) return null;
                        if (v < -254 || v > 254) a.warning(i, "init value outside the sensible range [-254, 254]");
                        value = v;
                    } else {
                        return a.error(i, "expected an init value or overwrite");
                    }
                }
                return new TrackFile.Init(value, overwrite);
            }

            @Override
            public String syntax() {
                return "[VALUE] [overwrite]";
            }

            @Override
            public String format(TrackFile.Init v) {
                return v.value() + (v.overwrite() ? " overwrite" : "");
            }
        };
    }

    static final BlockSchema TRACK_FILE = new BlockSchema("track_file", "A tracked file.", Types.word("NAME"))
            .add(FILE, FILE_WEIGHT, INIT_FILE);

    // ---- vrrp_track_process
    static final Keyword<String> PROCESS = value("process", Types.text("PATH [PARAM...]"),
            "Process name (its comm, at most 15 characters) or, with parameters or full_command, argv[0] of its command line.");
    static final Keyword<TrackProcess.ParamMatch> PARAM_MATCH = value("param_match", new ValueType<>() {
        @Override
        public TrackProcess.ParamMatch parse(Args a) {
            if (!a.count(0, 1)) return null;
            if (a.size() == 0) return TrackProcess.ParamMatch.EXACT;
            return switch (a.text(0)) {
                case "initial" -> TrackProcess.ParamMatch.INITIAL;
                case "partial" -> TrackProcess.ParamMatch.PARTIAL;
                default -> a.error(0, "expected initial or partial");
            };
        }

        @Override
        public String syntax() {
            return "[initial|partial]";
        }

        @Override
        public String format(TrackProcess.ParamMatch m) {
            return m == TrackProcess.ParamMatch.EXACT ? "" : m.name().toLowerCase(java.util.Locale.ROOT);
        }
    }, "How the parameters must match: exactly (no word), the given ones first (partial), or the last only as a prefix (initial); implies full_command.");
    static final Keyword<Boolean> FULL_COMMAND = flag("full_command", "Match argv[0] of the command line instead of the process name.");
    static final Keyword<Integer> PROCESS_QUORUM = value("quorum", Types.integer(1, 65535), "Fewest matching processes that count as up.").defaultsTo(1);
    static final Keyword<Integer> PROCESS_QUORUM_MAX = value("quorum_max", Types.integer(0, 65535), "Most matching processes that count as up.")
            .defaultText("no limit");
    static final Keyword<Duration> PROCESS_DELAY = value("delay", Types.timer(0.000001, 3600), "Sets both terminate_delay and fork_delay.");
    static final Keyword<Duration> PROCESS_TERMINATE_DELAY = value("terminate_delay", Types.timer(0.000001, 3600),
            "Seconds a lost quorum must last before it counts (a process restarted within it changes nothing).");
    static final Keyword<Duration> PROCESS_FORK_DELAY = value("fork_delay", Types.timer(0.000001, 3600),
            "Seconds before a quorum gained by a fork counts.");
    static final Keyword<Vrrp.Weight> PROCESS_WEIGHT = value("weight", weight(-254, 254),
            "Priority change while the quorum holds (positive) or not (negative); 0 means fault without quorum.").defaultsTo(new Vrrp.Weight(0, false));

    static final BlockSchema TRACK_PROCESS = new BlockSchema("vrrp_track_process", "A tracked process (by the kernel's process events).", Types.word("NAME"))
            .add(PROCESS, PARAM_MATCH, FULL_COMMAND, PROCESS_QUORUM, PROCESS_QUORUM_MAX, PROCESS_DELAY, PROCESS_TERMINATE_DELAY,
                    PROCESS_FORK_DELAY, PROCESS_WEIGHT);

    // ---- shared by sync groups and instances
    static final Keyword<java.util.List<Vrrp.TrackRef>> TRACK_INTERFACE = list("track_interface", trackRef(-254, 254, false),
            "Interfaces whose failure moves the instance to FAULT (or changes priority by the weight).");
    static final Keyword<java.util.List<Vrrp.TrackRef>> TRACK_SCRIPT = list("track_script", trackRef(-253, 253, true),
            "vrrp_script names to track; the weight overrides the script's own.");
    static final Keyword<java.util.List<Vrrp.TrackRef>> TRACK_FILE_REFS = list("track_file", trackRef(-254, 254, true),
            "track_file names to track.");
    static final Keyword<java.util.List<Vrrp.TrackRef>> TRACK_PROCESS_REFS = list("track_process", trackRef(-254, 254, true),
            "vrrp_track_process names to track; the weight overrides the process's own.");
    static final Keyword<java.util.List<Vrrp.TrackRef>> TRACK_BFD = list("track_bfd", trackRef(-253, 253, true),
            "bfd_instance names to track; the weight overrides the bfd_instance's own (0: FAULT while the session is down).");
    static final Keyword<Script> NOTIFY_MASTER = value("notify_master", Types.script(), "Script run on becoming MASTER.");
    static final Keyword<Script> NOTIFY_BACKUP = value("notify_backup", Types.script(), "Script run on becoming BACKUP.");
    static final Keyword<Script> NOTIFY_FAULT = value("notify_fault", Types.script(), "Script run on entering FAULT.");
    static final Keyword<Script> NOTIFY_STOP = value("notify_stop", Types.script(), "Script run when the instance stops.");
    static final Keyword<Script> NOTIFY_DELETED = value("notify_deleted", Types.optionalScript(),
            "When a reload removes the instance, notifies say DELETED instead of FAULT, and this script (if given) runs.");
    static final Keyword<Script> NOTIFY = value("notify", Types.script(), "Script run on every state change with TYPE NAME STATE PRIORITY.");
    static final Keyword<Script> NOTIFY_MASTER_RX_LOWER_PRI = value("notify_master_rx_lower_pri", Types.script(),
            "Script run (as written, no arguments added) each time a MASTER receives an advert with lower priority.");
    static final Keyword<Boolean> NOTIFY_PRIORITY_CHANGES = flag("notify_priority_changes",
            "Write a line to the notify FIFO on each change of the effective priority: INSTANCE \"VI_1\" MASTER_PRIORITY 70 "
                    + "(BACKUP_PRIORITY unless MASTER). Unset on an instance: its sync group's, else global vrrp_notify_priority_changes.");
    static final Keyword<Boolean> SMTP_ALERT = flag("smtp_alert", "Alert e-mail when this changes state (default: global_defs smtp_alert_vrrp or smtp_alert_checker, else smtp_alert; off, but on for real servers).")
            .defaultText("see global_defs");

    static final BlockSchema SYNC_GROUP = new BlockSchema("vrrp_sync_group", "Instances that change state together.", Types.word("NAME"));
    static final Keyword<java.util.List<String>> GROUP = list("group", Types.word("INSTANCE"), "The vrrp_instance names in the group.");

    static {
        SYNC_GROUP.add(GROUP, TRACK_INTERFACE, TRACK_SCRIPT, TRACK_FILE_REFS, TRACK_BFD, NOTIFY_MASTER, NOTIFY_BACKUP, NOTIFY_FAULT,
                NOTIFY_STOP, NOTIFY_DELETED, NOTIFY, SMTP_ALERT,
                flag("global_tracking", "Deprecated: all instances share tracking.").deprecated("use sync_group_tracking_weight"),
                flag("sync_group_tracking_weight", "Keep the tracking weights of member instances."),
                NOTIFY_PRIORITY_CHANGES,
                TRACK_PROCESS_REFS,
                TRACK_BFD);
    }

    static final BlockSchema TRACK_GROUP = new BlockSchema("track_group",
            "Instances that track the interfaces of the static_ipaddress, static_routes (dev) and static_rules (iif) lines "
                    + "naming this group with 'track_group NAME' (without no_track): such an interface down puts each of them in "
                    + "FAULT until it is up again, as a track_interface without weight.", Types.word("NAME"))
            .add(GROUP);

    // ---- vrrp_instance
    static final Keyword<Vrrp.State> STATE = value("state", Types.enumeration(Vrrp.State.class, false),
            "Initial state; keepalived starts as BACKUP unless priority is 255.").defaultsTo(Vrrp.State.BACKUP);
    static final Keyword<String> INTERFACE = value("interface", Types.ifname(), "Interface the instance runs on (default: global default_interface).");
    static final Keyword<Integer> VIRTUAL_ROUTER_ID = value("virtual_router_id", Types.integer(1, 255), "VRID, the same on all routers of the group (required).");
    static final Keyword<Integer> PRIORITY = value("priority", Types.integer(1, 255), "Election priority; 255 is the address owner.").defaultsTo(100);
    static final Keyword<Duration> ADVERT_INT = value("advert_int", Types.timer(0.01, 255), "Seconds between adverts (v2: whole seconds; v3: 0.01..40.95).")
            .defaultsTo(Duration.ofSeconds(1));
    static final Keyword<Integer> VERSION = value("version", Types.integer(2, 3), "VRRP version (default: global vrrp_version).");
    static final Keyword<Boolean> NOPREEMPT = flag("nopreempt", "Do not take over from a lower-priority MASTER (needs initial state BACKUP).");
    static final Keyword<Boolean> PREEMPT = flag("preempt", "Preempt (the default); cancels nopreempt.");
    static final Keyword<Duration> PREEMPT_DELAY = value("preempt_delay", Types.timer(0, 1000), "Seconds to wait before preempting after start.")
            .defaultsTo(Duration.ZERO);
    static final Keyword<Vrrp.AuthType> AUTH_TYPE = value("auth_type", Types.enumeration(Vrrp.AuthType.class, false), "PASS (clear text) or AH (IPSEC-AH, VRRPv2 only).");
    static final Keyword<String> AUTH_PASS = value("auth_pass", Types.word("PASSWORD"), "Password; only the first 8 characters are used.").secret();
    static final BlockSchema AUTHENTICATION_BLOCK = new BlockSchema("authentication", "VRRPv2 authentication.", null).add(AUTH_TYPE, AUTH_PASS);
    static final Keyword<Section> AUTHENTICATION = block("authentication", AUTHENTICATION_BLOCK, "VRRPv2 authentication (deprecated by RFC 3768).");
    static final Keyword<java.util.List<VirtualIp>> VIRTUAL_IPADDRESS = list("virtual_ipaddress", IpLines.virtualIp(), "The VIPs, carried in adverts.");
    static final Keyword<java.util.List<VirtualIp>> VIRTUAL_IPADDRESS_EXCLUDED = list("virtual_ipaddress_excluded", IpLines.virtualIp(),
            "Addresses added with the VIPs but not carried in adverts.");
    static final Keyword<java.util.List<VirtualRoute>> VIRTUAL_ROUTES = list("virtual_routes", IpLines.route(), "Routes added on MASTER.");
    static final Keyword<java.util.List<VirtualRule>> VIRTUAL_RULES = list("virtual_rules", IpLines.rule(), "Policy rules added on MASTER.");
    static final Keyword<java.net.InetAddress> UNICAST_SRC_IP = value("unicast_src_ip", Types.ip(), "Source address of unicast adverts.");
    static final Keyword<java.util.List<Vrrp.UnicastPeer>> UNICAST_PEER = list("unicast_peer", unicastPeer(), "Send adverts by unicast to these peers instead of multicast.");
    static final Keyword<java.net.InetAddress> MCAST_SRC_IP = value("mcast_src_ip", Types.ip(), "Source address of multicast adverts.");
    static final Keyword<Vrrp.Vmac> USE_VMAC = value("use_vmac", vmac(),
            "Put the VIPs on a private macvlan of the interface with the virtual router MAC 00:00:5e:00:01:VRID "
                    + "(IPv6: 00:00:5e:00:02:VRID), or MAC; send adverts and GARPs from it. Named NAME, else vmac_prefix.VRID. "
                    + "The base interface gets arp_ignore=1, arp_filter=1 and arp_announce=2 (restored at stop), the macvlan arp_ignore=1, "
                    + "accept_local=1, rp_filter=0, promote_secondaries=1 and no IPv6 for an IPv4 instance; its IGMP/MLD reports "
                    + "leave from the base interface (nftables tables vigil_vmac); created at start "
                    + "(an existing private macvlan of that name on the interface with that MAC is reused) and deleted at stop.");
    static final Keyword<Boolean> USE_VMAC_ADDR = flag("use_vmac_addr",
            "An address on another interface than the instance's, or of the other family, goes on a VMAC of its own on that "
                    + "interface (vmac_addr_prefix.VRID, the virtual router MAC of the address's family), with its GARPs/NAs; "
                    + "with or without use_vmac.");
    static final Keyword<Boolean> VMAC_XMIT_BASE = flag("vmac_xmit_base",
            "With use_vmac: send (and receive) adverts on the base interface, not the macvlan; the VIPs stay on the macvlan. "
                    + "Set by itself with unicast_peer, cleared in strict mode, as keepalived does.");
    static final Keyword<Vrrp.GarpExtraIf> GARP_EXTRA_IF = value("garp_extra_if", garpExtraIf(),
            "As MASTER, one gratuitous ARP/NA every SECONDS on each VMAC of use_vmac_addr, or with 'all' on each interface other "
                    + "than the instance's that carries one of its addresses; on its own VMAC too with vmac_xmit_base. As keepalived, "
                    + "nothing when no address is on another interface.")
            .defaultText("global vrrp_garp_extra_if").alias("vmac_garp_intvl");
    static final Keyword<Duration> GARP_MASTER_DELAY = value("garp_master_delay", Types.timer(0, 1000), "Seconds after becoming MASTER for the second GARP burst.")
            .defaultText("global vrrp_garp_master_delay (5)");
    static final Keyword<Integer> GARP_MASTER_REPEAT = value("garp_master_repeat", Types.integer(0, 1000), "GARPs per burst.")
            .defaultText("global vrrp_garp_master_repeat (5)");
    static final Keyword<Duration> GARP_LOWER_PRIO_DELAY = value("garp_lower_prio_delay", Types.timer(0, 1000), "Delay of GARPs after a lower-priority advert.")
            .defaultText("global vrrp_garp_lower_prio_delay");
    static final Keyword<Integer> GARP_LOWER_PRIO_REPEAT = value("garp_lower_prio_repeat", Types.integer(0, 1000), "GARPs after a lower-priority advert.")
            .defaultText("global vrrp_garp_lower_prio_repeat");
    static final Keyword<Duration> GARP_MASTER_REFRESH = value("garp_master_refresh", Types.timer(0, 1000000), "Seconds between periodic GARPs as MASTER (0: none).")
            .defaultText("global vrrp_garp_master_refresh (60; keepalived: 0)");
    static final Keyword<Integer> GARP_MASTER_REFRESH_REPEAT = value("garp_master_refresh_repeat", Types.integer(1, 1000), "GARPs per periodic refresh.")
            .defaultText("global vrrp_garp_master_refresh_repeat (1)");
    static final Keyword<Boolean> DONT_TRACK_PRIMARY = flag("dont_track_primary",
            "The instance's own interface going down is no fault (unless it is a track_interface too); with no_accept, its link-local "
                    + "IPv6 VIPs are matched by interface name in the VIP firewall unless nftables_ifindex.");
    static final Keyword<Boolean> ACCEPT = flag("accept", "Accept packets to the VIPs when MASTER and not the address owner.");
    static final Keyword<Boolean> NO_ACCEPT = flag("no_accept",
            "While MASTER and not the address owner, drop packets to and from the VIPs (RFC 5798's non-accept mode), through "
                    + "keepalived's nftables tables ip and ip6 (global nftables); IPv6 neighbour discovery stays allowed.");
    static final Keyword<Boolean> SKIP_CHECK_ADV_ADDR = flag("skip_check_adv_addr",
            "As BACKUP, do not check the address list (nor the unicast source and TTL) of adverts from the MASTER already followed.")
            .defaultText("global vrrp_skip_check_adv_addr (false)");
    static final Keyword<Boolean> STRICT_MODE = flag("strict_mode",
            "Follow the RFCs strictly as keepalived does: no_accept unless accept (VRRPv3) or the address owner, lower_prio_no_advert, "
                    + "no lower-priority GARPs; authentication, preempt_delay and a state that does not match the priority are reset with "
                    + "a warning; unicast peers or no VIP are errors.").defaultText("global vrrp_strict");
    static final Keyword<Boolean> NATIVE_IPV6 = flag("native_ipv6",
            "Run the instance over IPv6 (VRRPv3, from the interface's link-local address to ff02::12) even without IPv6 VIPs, for "
                    + "example with IPv4 addresses in virtual_ipaddress_excluded only; an IPv4 VIP is then an error.");
    static final Keyword<Boolean> LOWER_PRIO_NO_ADVERT = flag("lower_prio_no_advert",
            "As MASTER, do not answer a lower-priority advert with an advert of our own at once (the next one leaves on time).")
            .defaultText("global vrrp_lower_prio_no_advert (false)");
    static final Keyword<Boolean> HIGHER_PRIO_SEND_ADVERT = flag("higher_prio_send_advert",
            "As MASTER, answer a higher-priority advert with one advert of our own before becoming BACKUP.")
            .defaultText("global vrrp_higher_prio_send_advert (on; keepalived: off)");
    static final Keyword<Boolean> CHECK_UNICAST_SRC = flag("check_unicast_src",
            "Drop unicast adverts from addresses that are not unicast peers, and those whose TTL is outside the peer's min_ttl..max_ttl.")
            .defaultText("global vrrp_check_unicast_src (false)");
    static final Keyword<Boolean> UNICAST_FAULT_NO_PEER = flag("unicast_fault_no_peer",
            "Without any unicast_peer the instance stays in FAULT (instead of falling back to multicast).");
    static final Keyword<Integer> UNICAST_TTL = value("unicast_ttl", Types.integer(0, 255),
            "TTL (IPv4) or hop limit (IPv6) of unicast adverts; needs unicast_peer.").defaultText("255");
    static final Keyword<java.net.InetAddress> MCAST_DST_IP = value("mcast_dst_ip", Types.multicastGroup(0, true),
            "Multicast group of this instance's adverts, sent there and joined on its interface (IPv6: link-local, ff02::/16); "
                    + "ignored with unicast peers, as keepalived.").defaultText("global vrrp_mcast_group4/6");
    static final Keyword<Vrrp.UnicastChecksum> OLD_UNICAST_CHECKSUM = value("old_unicast_checksum", new ValueType<Vrrp.UnicastChecksum>() {
        @Override
        public Vrrp.UnicastChecksum parse(Args a) {
            if (!a.count(0, 1)) return null;
            if (a.size() == 0) return Vrrp.UnicastChecksum.OLD;
            return a.text(0).equals("never") ? Vrrp.UnicastChecksum.RFC_ONLY : a.error(0, "unknown old_unicast_checksum mode (only 'never')");
        }

        @Override
        public String syntax() {
            return "[never]";
        }

        @Override
        public String format(Vrrp.UnicastChecksum v) {
            return v == Vrrp.UnicastChecksum.RFC_ONLY ? "never" : "";
        }
    }, "VRRPv3 IPv4 unicast adverts: alone, sent and checked with keepalived's pre-2.2 checksum (pseudo-header destination "
            + "vrrp_mcast_group4, for peers older than 2.2); 'never': the old form, accepted by default, is refused.")
            .defaultText("RFC form sent, old form accepted");
    static final Keyword<Integer> DOWN_TIMER_ADVERTS = value("down_timer_adverts", Types.integer(1, 100),
            "Adverts in the master-down timer (N x interval + skew); all routers of the group must agree. Not in strict mode.")
            .defaultText("global vrrp_down_timer_adverts (3)");
    static final Keyword<Boolean> PROMOTE_SECONDARIES = flag("promote_secondaries",
            "Set the interface's promote_secondaries sysctl while the instance runs (so deleting its primary address keeps the others); "
                    + "put back to 0 at stop if Vigil set it.");
    static final Keyword<String> LVS_SYNC_DAEMON_INTERFACE = value("lvs_sync_daemon_interface", Types.ifname(),
            "Legacy: run the IPVS sync daemon on this interface for this instance.")
            .deprecated("use global_defs 'lvs_sync_daemon INTERFACE INSTANCE'");

    static final Keyword<Boolean> LINKBEAT_USE_POLLING = flag("linkbeat_use_polling", "Poll the link state of this instance's "
            + "interface as the top-level linkbeat_use_polling does.").deprecated("use the top-level linkbeat_interfaces block");

    static final BlockSchema INSTANCE = new BlockSchema("vrrp_instance", "A VRRP virtual router.", Types.word("NAME"))
            .add(STATE, INTERFACE, VIRTUAL_ROUTER_ID, PRIORITY, ADVERT_INT, VERSION, NOPREEMPT, PREEMPT, PREEMPT_DELAY, AUTHENTICATION,
                    VIRTUAL_IPADDRESS, VIRTUAL_IPADDRESS_EXCLUDED, VIRTUAL_ROUTES, VIRTUAL_RULES,
                    TRACK_INTERFACE, TRACK_SCRIPT, TRACK_FILE_REFS, TRACK_PROCESS_REFS, TRACK_BFD, UNICAST_SRC_IP, UNICAST_PEER, MCAST_SRC_IP, USE_VMAC, VMAC_XMIT_BASE,
                    GARP_MASTER_DELAY, GARP_MASTER_REPEAT, GARP_LOWER_PRIO_DELAY, GARP_LOWER_PRIO_REPEAT, GARP_MASTER_REFRESH,
                    GARP_MASTER_REFRESH_REPEAT, NOTIFY_MASTER, NOTIFY_BACKUP, NOTIFY_FAULT, NOTIFY_STOP, NOTIFY_DELETED, NOTIFY,
                    NOTIFY_MASTER_RX_LOWER_PRI, SMTP_ALERT, DONT_TRACK_PRIMARY, ACCEPT, NO_ACCEPT, SKIP_CHECK_ADV_ADDR, STRICT_MODE,
                    NATIVE_IPV6, LVS_SYNC_DAEMON_INTERFACE)
            .add(USE_VMAC_ADDR)
            .add(Unsupported.refused("not implemented yet: the test machines' kernel has no ipvlan driver to test it "
                    + "against (ip link add ... type ipvlan: unknown device type); use use_vmac (a macvlan with the virtual router MAC)", "use_ipvlan"))
            .add(MCAST_DST_IP)
            .add(Unsupported.notApplicable("keepalived 2.2.7 does not act on it either: its man page says a missing or removed configured "
                    + "source address puts the instance in FAULT, but keepalived stays MASTER when mcast_src_ip/unicast_src_ip is deleted "
                    + "or absent at start; Vigil does the same", "track_src_ip"))
            .add(CHECK_UNICAST_SRC, UNICAST_FAULT_NO_PEER, UNICAST_TTL)
            .add(OLD_UNICAST_CHECKSUM)
            .add(GARP_EXTRA_IF)
            .add(DOWN_TIMER_ADVERTS)
            .add(LOWER_PRIO_NO_ADVERT, HIGHER_PRIO_SEND_ADVERT)
            .add(PROMOTE_SECONDARIES)
            .add(Unsupported.notApplicable("keepalived 2.2.7 does not act on it either (its man page: 'not implemented yet')", "debug"))
            .add(Unsupported.notApplicable("Vigil sizes the VRRP sockets' receive buffers itself", "kernel_rx_buf_size"))
            .add(LINKBEAT_USE_POLLING)
            .add(Unsupported.refused("not implemented yet: keepalived's vrf names the VRF device of an instance that has no "
                    + "interface (unicast only, its sockets bound to the VRF), and Vigil runs no instance without an interface; "
                    + "the test machines' kernel has no vrf driver either (only the user-mode-linux guest's has)", "vrf"))
            .add(NOTIFY_PRIORITY_CHANGES)
            .ignore("lvs_sync_daemon_inteface", "a misspelling of lvs_sync_daemon_interface copied by many guides; "
                    + "keepalived reports it as unknown and runs without an LVS sync daemon, so Vigil does the same");
}
