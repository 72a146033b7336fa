package io.vigil.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static io.vigil.config.Keyword.flag;
import static io.vigil.config.Keyword.list;
import static io.vigil.config.Keyword.value;

/** Keywords of global_defs and the static_* blocks. */
final class GlobalSchema {
    private GlobalSchema() {
    }

    static final Keyword<String> ROUTER_ID = value("router_id", Types.word("NAME"), "Name of this node in e-mails and logs (default: host name).");
    static final Keyword<List<String>> NOTIFICATION_EMAIL = list("notification_email", Types.word("ADDRESS"), "Recipients of alert e-mails.");
    static final Keyword<String> NOTIFICATION_EMAIL_FROM = value("notification_email_from", Types.word("ADDRESS"), "Sender of alert e-mails.");
    static final Keyword<String> SMTP_SERVER = value("smtp_server", Types.text("HOST [PORT]"), "SMTP relay for alert e-mails.");
    static final Keyword<Duration> SMTP_CONNECT_TIMEOUT = value("smtp_connect_timeout", Types.timer(0.000001, 2147), "Seconds to connect to the SMTP relay.")
            .defaultsTo(Duration.ofSeconds(30));
    static final Keyword<String> SMTP_HELO_NAME = value("smtp_helo_name", Types.word("NAME"), "HELO name (default: router_id).");
    static final Keyword<Boolean> SMTP_ALERT = VrrpSchema.SMTP_ALERT;
    static final Keyword<InetAddress> VRRP_MCAST_GROUP4 = value("vrrp_mcast_group4", Types.ip(), "IPv4 multicast group of adverts.")
            .defaultsTo(Addresses.parse("224.0.0.18"));
    static final Keyword<InetAddress> VRRP_MCAST_GROUP6 = value("vrrp_mcast_group6", Types.ip(), "IPv6 multicast group of adverts.")
            .defaultsTo(Addresses.parse("ff02::12"));
    static final Keyword<String> DEFAULT_INTERFACE = value("default_interface", Types.ifname(), "Interface for instances that name none.");
    static final Keyword<String> LVS_SYNC_DAEMON = value("lvs_sync_daemon", Types.text("INTERFACE [[inst] VRRP_INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group IP]"),
            "Run the IPVS connection sync daemons: following an instance's state, or both master and backup when none is named.");
    static final Keyword<Duration> VRRP_GARP_MASTER_DELAY = value("vrrp_garp_master_delay", Types.timer(0, 1000), "Seconds after becoming MASTER for the second GARP burst.")
            .defaultsTo(Duration.ofSeconds(5));
    static final Keyword<Integer> VRRP_GARP_MASTER_REPEAT = value("vrrp_garp_master_repeat", Types.integer(0, 1000), "GARPs per burst.").defaultsTo(5);
    static final Keyword<Duration> VRRP_GARP_LOWER_PRIO_DELAY = value("vrrp_garp_lower_prio_delay", Types.timer(0, 1000), "Delay of GARPs after a lower-priority advert.")
            .defaultText("vrrp_garp_master_delay");
    static final Keyword<Integer> VRRP_GARP_LOWER_PRIO_REPEAT = value("vrrp_garp_lower_prio_repeat", Types.integer(0, 1000), "GARPs after a lower-priority advert.")
            .defaultText("vrrp_garp_master_repeat");
    static final Keyword<Duration> VRRP_GARP_MASTER_REFRESH = value("vrrp_garp_master_refresh", Types.timer(0, 1000000),
                    "Seconds between periodic GARPs as MASTER (0: none). Vigil's default is 60 s (keepalived's: 0), so "
                    + "switches and routers whose ARP entries expired relearn the VIP's MAC without a failover.")
            .defaultsTo(Duration.ofSeconds(60));
    static final Keyword<Integer> VRRP_GARP_MASTER_REFRESH_REPEAT = value("vrrp_garp_master_refresh_repeat", Types.integer(1, 1000), "GARPs per refresh.").defaultsTo(1);
    static final Keyword<Duration> VRRP_GARP_INTERVAL = value("vrrp_garp_interval", Types.timer(0, 1), "Pause between GARPs on one interface.").defaultsTo(Duration.ZERO);
    static final Keyword<Duration> VRRP_GNA_INTERVAL = value("vrrp_gna_interval", Types.timer(0, 1), "Pause between unsolicited NAs on one interface.").defaultsTo(Duration.ZERO);
    static final Keyword<Integer> VRRP_VERSION = value("vrrp_version", Types.integer(2, 3), "Default VRRP version of instances.").defaultsTo(2);
    static final Keyword<Script> NOTIFY_FIFO = value("notify_fifo", Types.script(),
            "FIFO (created if missing) that gets a line per VRRP transition: INSTANCE \"VI_1\" MASTER 100 (Vigil: VRRP events only).");
    static final Keyword<Script> NOTIFY_FIFO_SCRIPT = value("notify_fifo_script", Types.script(),
            "Script started with the notify_fifo path as its argument, to read it; stopped with the daemon.");
    static final Keyword<Script> VRRP_NOTIFY_FIFO = value("vrrp_notify_fifo", Types.script(), "FIFO for VRRP events only (wins over notify_fifo).");
    static final Keyword<Script> VRRP_NOTIFY_FIFO_SCRIPT = value("vrrp_notify_fifo_script", Types.script(),
            "Script started with the vrrp_notify_fifo path as its argument.");
    static final Keyword<Integer> VRRP_PRIORITY = value("vrrp_priority", Types.integer(-20, 19),
            "Nice value of the VRRP threads (the event thread and the advert readers; keepalived: its VRRP process).");
    static final Keyword<Integer> VRRP_RT_PRIORITY = value("vrrp_rt_priority", Types.integer(1, 99),
            "SCHED_RR realtime priority of the VRRP threads (the event thread and the advert readers; keepalived: its VRRP process).");
    static final Keyword<Boolean> VRRP_STRICT = flag("vrrp_strict", "Enforce the VRRP RFCs strictly (no auth, no unicast, VIP owner rules).");
    static final Keyword<Boolean> VRRP_SKIP_CHECK_ADV_ADDR = flag("vrrp_skip_check_adv_addr", "Default of instances' skip_check_adv_addr.");
    static final Keyword<Boolean> VRRP_CHECK_UNICAST_SRC = flag("vrrp_check_unicast_src", "Drop unicast adverts from addresses that are not peers.");
    static final Keyword<Boolean> ENABLE_SCRIPT_SECURITY = flag("enable_script_security", "Refuse scripts writable by non-root users when run as root.");
    static final Keyword<String> SCRIPT_USER = value("script_user", Types.text("USER [GROUP]"), "Default user for scripts.");
    static final Keyword<Boolean> DYNAMIC_INTERFACES = flag("dynamic_interfaces", "Allow interfaces that do not exist yet.");
    static final Keyword<GlobalDefs.DataPlaneKind> VIGIL_DATA_PLANE = value("vigil_data_plane",
            Types.enumeration(GlobalDefs.DataPlaneKind.class, false),
            "Vigil-specific: load-balancing back end; auto picks IPVS, then nftables, then the userspace proxy.")
            .defaultsTo(GlobalDefs.DataPlaneKind.auto).vigilOnly();

    static final BlockSchema GLOBAL_DEFS = new BlockSchema("global_defs", "Settings of the whole daemon.", null)
            .add(ROUTER_ID, NOTIFICATION_EMAIL, NOTIFICATION_EMAIL_FROM, SMTP_SERVER, SMTP_CONNECT_TIMEOUT, SMTP_HELO_NAME, SMTP_ALERT,
                    VRRP_MCAST_GROUP4, VRRP_MCAST_GROUP6, DEFAULT_INTERFACE, LVS_SYNC_DAEMON, VRRP_GARP_MASTER_DELAY, VRRP_GARP_MASTER_REPEAT,
                    VRRP_GARP_LOWER_PRIO_DELAY, VRRP_GARP_LOWER_PRIO_REPEAT, VRRP_GARP_MASTER_REFRESH, VRRP_GARP_MASTER_REFRESH_REPEAT,
                    VRRP_GARP_INTERVAL, VRRP_GNA_INTERVAL, VRRP_PRIORITY, VRRP_RT_PRIORITY, NOTIFY_FIFO, NOTIFY_FIFO_SCRIPT, VRRP_NOTIFY_FIFO, VRRP_NOTIFY_FIFO_SCRIPT, VRRP_VERSION, VRRP_STRICT, VRRP_SKIP_CHECK_ADV_ADDR, VRRP_CHECK_UNICAST_SRC,
                    ENABLE_SCRIPT_SECURITY, SCRIPT_USER, DYNAMIC_INTERFACES, VIGIL_DATA_PLANE, BfdSchema.BFD_PRIORITY, BfdSchema.BFD_RT_PRIORITY)
            .add(VrrpSchema.passthroughs("tmp_config_directory", "config_save_dir", "process_names", "process_name", "vrrp_process_name",
                    "checker_process_name", "bfd_process_name", "startup_script", "startup_script_timeout", "shutdown_script",
                    "shutdown_script_timeout", "smtp_alert_vrrp", "smtp_alert_checker", "checker_log_all_failures", "no_email_faults",
                    "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop", "vrrp_down_timer_adverts", "vrrp_min_garp", "vrrp_garp_extra_if",
                    "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert", "nftables", "nftables_priority", "nftables_counters",
                    "nftables_ifindex", "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark", "vrrp_iptables",
                    "vrrp_ipsets", "disable_local_igmp", "vrrp_notify_priority_changes", "max_auto_priority", "min_auto_priority_delay",
                    "checker_priority", "vrrp_no_swap", "checker_no_swap", "bfd_no_swap",
                    "vrrp_cpu_affinity", "checker_cpu_affinity", "bfd_cpu_affinity", "checker_rt_priority",
                    "vrrp_rlimit_rttime", "checker_rlimit_rttime", "bfd_rlimit_rttime", "snmp_socket",
                    "enable_snmp_vrrp", "enable_snmp_checker", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3",
                    "enable_traps", "enable_dbus", "dbus_service_name", "lvs_notify_fifo", "lvs_notify_fifo_script", "fifo_write_vrrp_states_on_reload",
                    "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
                    "vrrp_netlink_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force",
                    "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs",
                    "process_monitor_rcv_bufs_force", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "rs_init_notifies",
                    "no_checker_emails", "umask", "vrrp_startup_delay", "log_unknown_vrids", "vmac_prefix", "vmac_addr_prefix",
                    "random_seed", "reload_check_config", "include_check", "reload_time_file", "reload_repeat", "reload_file",
                    "data_use_instance", "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "instance", "use_pid_dir",
                    "linkbeat_use_polling", "child_wait_time", "script_security"));

    static final Keyword<List<VirtualIp>> STATIC_IPADDRESS = list("static_ipaddress", IpLines.virtualIp(), "Addresses configured at start whatever the VRRP state.");
    static final Keyword<List<VirtualRoute>> STATIC_ROUTES = list("static_routes", IpLines.route(), "Routes configured at start.");
    static final Keyword<List<VirtualRule>> STATIC_RULES = list("static_rules", IpLines.rule(), "Policy rules configured at start.");
}
