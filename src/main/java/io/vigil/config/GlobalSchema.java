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
    static final Keyword<String> SMTP_SERVER = value("smtp_server", Types.text("HOST [PORT]"), "SMTP relay for alert e-mails (port 25 by default); the name is resolved at each alert.");
    static final Keyword<Duration> SMTP_CONNECT_TIMEOUT = value("smtp_connect_timeout", Types.timer(0.000001, 2147), "Seconds to connect to the SMTP relay, and to wait for each of its replies.")
            .defaultsTo(Duration.ofSeconds(30));
    static final Keyword<String> SMTP_HELO_NAME = value("smtp_helo_name", Types.word("NAME"), "HELO name (default: the host name).");
    static final Keyword<Boolean> SMTP_ALERT = flag("smtp_alert", "Default smtp_alert of VRRP instances, sync groups, virtual and real servers.")
            .defaultText("unset");
    static final Keyword<Boolean> SMTP_ALERT_VRRP = flag("smtp_alert_vrrp", "Default smtp_alert of VRRP instances and sync groups (wins over smtp_alert).")
            .defaultText("unset");
    static final Keyword<Boolean> SMTP_ALERT_CHECKER = flag("smtp_alert_checker", "Default smtp_alert of virtual and real servers (wins over smtp_alert).")
            .defaultText("unset");
    static final Keyword<Boolean> NO_EMAIL_FAULTS = flag("no_email_faults", "No alert e-mail when a VRRP instance or sync group enters FAULT.");
    static final Keyword<Boolean> NO_CHECKER_EMAILS = flag("no_checker_emails",
            "Real-server alerts only when the server itself goes up or down, not for each checker of it that changes.");
    static final Keyword<InetAddress> VRRP_MCAST_GROUP4 = value("vrrp_mcast_group4", Types.multicastGroup(4, false),
            "IPv4 multicast group multicast instances send their adverts to and join (unless mcast_dst_ip); also the destination "
                    + "in the pseudo-header of old_unicast_checksum.")
            .defaultsTo(Addresses.parse("224.0.0.18"));
    static final Keyword<InetAddress> VRRP_MCAST_GROUP6 = value("vrrp_mcast_group6", Types.multicastGroup(6, false),
            "IPv6 multicast group multicast instances send their adverts to and join (unless mcast_dst_ip); warned unless link-local.")
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
    static final Keyword<Boolean> VRRP_MIN_GARP = flag("vrrp_min_garp", "One gratuitous ARP / unsolicited NA on becoming MASTER and no "
            + "repeat: the defaults of vrrp_garp_master_repeat become 1, of vrrp_garp_master_delay 0 and of vrrp_garp_master_refresh 0 "
            + "(a refresh then needs both vrrp_garp_master_refresh and vrrp_garp_master_refresh_repeat). Values written in the file win.");
    static final Keyword<Boolean> LINKBEAT_USE_POLLING = flag("linkbeat_use_polling", "Read the link state of each instance's "
            + "interface by asking its driver every second (ETHTOOL_GLINK, then the UP and RUNNING flags) instead of from netlink's link "
            + "events, which are then ignored for it (keepalived's linkbeat). At the top level, as keepalived; accepted in global_defs too.");
    static final Keyword<List<String>> LINKBEAT_INTERFACES = list("linkbeat_interfaces", Types.text("IFNAME [MII|ETHTOOL|IOCTL]"),
            "Interfaces whose link state is polled as linkbeat_use_polling does, whether an instance runs on them or tracks them. "
            + "Vigil always asks ETHTOOL_GLINK, then the flags (MII registers are not read); a type word is accepted for keepalived's sake.");
    static final Keyword<List<String>> INTERFACE_UP_DOWN_DELAYS = list("interface_up_down_delays", Types.text("IFNAME DOWN_DELAY [UP_DELAY]"),
            "Debounce an interface's link state: a change takes effect only after it has lasted DOWN_DELAY (going down) or UP_DELAY "
            + "(going up; 0 when omitted, as keepalived does) seconds, up to 255, resolution 1 us; a change undone sooner is no change. "
            + "Each delay is cut to (down_timer_adverts - 1) x advert_int - advert_int/256 of the instances on that interface, as keepalived.");
    static final Keyword<Duration> GROUP_GARP_INTERVAL = value("garp_interval", Types.timer(0, 1000),
            "Pause between two gratuitous ARPs sent on any of the group's interfaces, by any instance.");
    static final Keyword<Duration> GROUP_GNA_INTERVAL = value("gna_interval", Types.timer(0, 1000),
            "Pause between two unsolicited neighbour advertisements sent on any of the group's interfaces, by any instance.");
    static final Keyword<String> GROUP_INTERFACE = value("interface", Types.ifname(), "An interface of the group.");
    static final Keyword<List<String>> GROUP_INTERFACES = list("interfaces", Types.ifname(), "Interfaces of the group.");
    static final BlockSchema GARP_GROUP_BLOCK = new BlockSchema("garp_group", "Interfaces that share one GARP/NA pace (e.g. VLANs "
            + "of one NIC); for them it replaces vrrp_garp_interval/vrrp_gna_interval.", null)
            .add(GROUP_GARP_INTERVAL, GROUP_GNA_INTERVAL, GROUP_INTERFACE, GROUP_INTERFACES);
    static final Keyword<Section> GARP_GROUP = Keyword.block("garp_group", GARP_GROUP_BLOCK,
            "Interfaces whose gratuitous ARPs and NAs are paced together (repeatable).").repeatable();
    static final Keyword<Duration> VRRP_GARP_INTERVAL = value("vrrp_garp_interval", Types.timer(0, 1), "Pause between GARPs on one interface.").defaultsTo(Duration.ZERO);
    static final Keyword<Duration> VRRP_GNA_INTERVAL = value("vrrp_gna_interval", Types.timer(0, 1), "Pause between unsolicited NAs on one interface.").defaultsTo(Duration.ZERO);
    static final Keyword<Integer> VRRP_VERSION = value("vrrp_version", Types.integer(2, 3), "Default VRRP version of instances.").defaultsTo(2);
    static final Keyword<Script> NOTIFY_FIFO = value("notify_fifo", Types.script(),
            "FIFO (created if missing) that gets a line per VRRP transition (INSTANCE \"VI_1\" MASTER 100) and per real-server "
                    + "and virtual-server change (RS [192.0.2.1]:tcp:80 [198.18.0.100]:tcp:80 UP, VS [198.18.0.100]:tcp:80 DOWN).");
    static final Keyword<Script> NOTIFY_FIFO_SCRIPT = value("notify_fifo_script", Types.script(),
            "Script started with the notify_fifo path as its argument, to read it; stopped with the daemon.");
    static final Keyword<Script> VRRP_NOTIFY_FIFO = value("vrrp_notify_fifo", Types.script(), "FIFO for VRRP events only (wins over notify_fifo).");
    static final Keyword<Script> VRRP_NOTIFY_FIFO_SCRIPT = value("vrrp_notify_fifo_script", Types.script(),
            "Script started with the vrrp_notify_fifo path as its argument.");
    static final Keyword<Integer> VRRP_PRIORITY = value("vrrp_priority", Types.integer(-20, 19),
            "Nice value of the VRRP threads (the event thread and the advert readers; keepalived: its VRRP process).");
    static final Keyword<Integer> VRRP_RT_PRIORITY = value("vrrp_rt_priority", Types.integer(1, 99),
            "SCHED_RR realtime priority of the VRRP threads (the event thread and the advert readers; keepalived: its VRRP process).");
    static final Keyword<Boolean> VRRP_STRICT = flag("vrrp_strict", "Default of instances' strict_mode: enforce the VRRP RFCs strictly "
            + "(no_accept and its VIP firewall, no auth, no unicast, address owner rules).");
    static final Keyword<Boolean> VRRP_SKIP_CHECK_ADV_ADDR = flag("vrrp_skip_check_adv_addr", "Default of instances' skip_check_adv_addr.");
    static final Keyword<Boolean> VRRP_CHECK_UNICAST_SRC = flag("vrrp_check_unicast_src", "Drop unicast adverts from addresses that are not peers.");
    static final Keyword<Boolean> ENABLE_SCRIPT_SECURITY = flag("enable_script_security",
            "Refuse to run a script that would run as root (its user or group root, or set-user-ID root) while its file or a directory "
                    + "of its path can be changed by a non-root user (owned by one, or writable by a non-root group or by everyone, "
                    + "a directory with the sticky bit excepted), logged once per script; and refuse scripts with no user when neither "
                    + "script_user is set nor the user keepalived_script exists. Without it such scripts run, with a warning.");
    static final Keyword<String> SCRIPT_USER = value("script_user", Types.text("USER [GROUP]"),
            "User (and group, else the user's own) every script without a user of its own runs as. Without it: keepalived_script "
                    + "if that user exists, else the user Vigil runs as (root), as keepalived.");
    static final Keyword<Boolean> LVS_FLUSH = flag("lvs_flush",
            "Empty the whole IPVS table (other programs' services too) when the checkers start (not on reload); IPVS data plane only.");
    static final Keyword<String> LVS_FLUSH_ON_STOP = value("lvs_flush_on_stop", Types.optionalWord("VS"),
            "Empty the whole IPVS table when the checkers stop; with VS, remove only the virtual servers configured here "
                    + "(what Vigil does without this keyword). IPVS data plane only.")
            .alias("lvs_flush_onstop");
    static final Keyword<Boolean> VRRP_NOTIFY_PRIORITY_CHANGES = flag("vrrp_notify_priority_changes",
            "Default of notify_priority_changes: notify FIFO lines on priority changes.");
    static final Keyword<Integer> UMASK = value("umask", Umask.TYPE,
            "umask of every Vigil process (files, sockets, FIFOs it creates); -u wins over it.").defaultText("022 (IWGRP|IWOTH)");
    static final Keyword<Boolean> PROCESS_NAMES = flag("process_names",
            "Name the VRRP and checker processes keepalived_vrrp and keepalived_lvs, and the BFD thread keepalived_bfd (keepalived's "
                    + "defaults), instead of vigil-vrrp, vigil-check and bfd.");
    static final Keyword<String> PROCESS_NAME = value("process_name", Types.word("NAME"), "Name of the parent process in ps (default vigil; 15 bytes kept).");
    static final Keyword<String> VRRP_PROCESS_NAME = value("vrrp_process_name", Types.word("NAME"), "Name of the VRRP process in ps (default vigil-vrrp).");
    static final Keyword<String> CHECKER_PROCESS_NAME = value("checker_process_name", Types.word("NAME"), "Name of the checker process in ps (default vigil-check).")
            .alias("lvs_process_name");
    static final Keyword<String> BFD_PROCESS_NAME = value("bfd_process_name", Types.word("NAME"),
            "Name of the BFD thread (default bfd; 15 bytes kept): BFD is a thread of the VRRP process in Vigil (keepalived: its BFD "
                    + "process), so the name shows in ps -L, top -H and /proc/PID/task/TID/comm, not in pgrep.");
    // keepalived applies these to each of its child processes once it has read the configuration (set_process_priorities).
    static final Keyword<Boolean> VRRP_NO_SWAP = flag("vrrp_no_swap",
            "Lock the VRRP process's memory (mlockall current, future and on fault, as keepalived): its pages are never swapped out.");
    static final Keyword<Boolean> CHECKER_NO_SWAP = flag("checker_no_swap", "Lock the checker process's memory (mlockall, as vrrp_no_swap).");
    static final Keyword<Boolean> BFD_NO_SWAP = flag("bfd_no_swap",
            "Lock the memory of the process BFD runs in: in Vigil the VRRP process (BFD is a thread of it).");
    static final Keyword<List<Integer>> VRRP_CPU_AFFINITY = value("vrrp_cpu_affinity", SchedulingTypes.CPUS,
            "CPUs every thread of the VRRP process may run on (sched_setaffinity); each id below the number of online CPUs.");
    static final Keyword<List<Integer>> CHECKER_CPU_AFFINITY = value("checker_cpu_affinity", SchedulingTypes.CPUS,
            "CPUs every thread of the checker process may run on (sched_setaffinity).");
    static final Keyword<List<Integer>> BFD_CPU_AFFINITY = value("bfd_cpu_affinity", SchedulingTypes.CPUS,
            "CPUs the BFD thread may run on (keepalived: its BFD process; Vigil runs BFD as a thread of the VRRP process).");
    static final Keyword<Integer> CHECKER_PRIORITY = value("checker_priority", Types.integer(-20, 19),
            "Nice value of every thread of the checker process (keepalived: its checker process).");
    static final Keyword<Long> VRRP_RLIMIT_RTTIME = value("vrrp_rlimit_rttime", SchedulingTypes.RTTIME_MICROS,
            "With vrrp_rt_priority: RLIMIT_RTTIME of the VRRP process, hard limit this, soft half of it (SIGXCPU is logged, "
                    + "as keepalived). Vigil sets no limit unless this keyword is given (keepalived: 10000 by default).")
            .alias("vrrp_rlimit_rtime").defaultText("none");
    static final Keyword<Script> STARTUP_SCRIPT = value("startup_script", Types.script(),
            "Script the parent runs once at start, before the VRRP and checker processes start anything (their JVMs boot "
                    + "meanwhile but open no socket and touch no address until it has ended or timed out); not on reload.");
    static final Keyword<Integer> STARTUP_SCRIPT_TIMEOUT = value("startup_script_timeout", Types.integer(1, 1000),
            "Seconds startup_script may run; then it is sent SIGTERM, SIGKILL 2 s later, and the start goes on.").defaultsTo(10);
    static final Keyword<Script> SHUTDOWN_SCRIPT = value("shutdown_script", Types.script(),
            "Script the parent runs once the VRRP and checker processes have stopped, before it exits.");
    static final Keyword<Integer> SHUTDOWN_SCRIPT_TIMEOUT = value("shutdown_script_timeout", Types.integer(1, 1000),
            "Seconds shutdown_script may run before it is killed and the parent exits.").defaultsTo(10);
    static final Keyword<String> LVS_TIMEOUTS = value("lvs_timeouts", Types.text("[tcp SECONDS] [tcpfin SECONDS] [udp SECONDS]"),
            "IPVS connection timeouts (ipvsadm --set), each 0..2678400 s, 0 or absent leaving the kernel's; set when the checkers "
                    + "start and on reload. IPVS data plane only: with nftables or the proxy the checker process logs that it has no effect.");
    static final Keyword<Script> LVS_NOTIFY_FIFO = value("lvs_notify_fifo", Types.script(),
            "FIFO (created if missing) for the checkers' lines only: RS [192.0.2.1]:tcp:80 [198.18.0.100]:tcp:80 UP|DOWN when a real "
                    + "server goes up or down, VS [198.18.0.100]:tcp:80 UP|DOWN when a virtual server gains or loses quorum.");
    static final Keyword<Script> LVS_NOTIFY_FIFO_SCRIPT = value("lvs_notify_fifo_script", Types.script(),
            "Script started by the checker process with the lvs_notify_fifo path as its argument, to read it; stopped with it.");
    static final Keyword<String> NET_NAMESPACE = value("net_namespace", Types.word("NAME"),
            "Run the VRRP and checker processes (so VRRP, the checkers and IPVS) inside the network namespace /run/netns/NAME, "
                    + "entered at start (not on reload); pid files and the control socket go to /run/vigil/NAME/ (keepalived: "
                    + "/run/keepalived/NAME/). The parent stays in the initial namespace (its vigil_http listens there).");
    static final Keyword<String> NET_NAMESPACE_IPVS = value("net_namespace_ipvs", optionalFile("NAME"),
            "Program IPVS (services, real servers, lvs_sync_daemon, lvs_timeouts, lvs_flush) in the network namespace "
                    + "/run/netns/NAME (no NAME: init's namespace), while the checks run where the checker process runs (net_namespace); "
                    + "its IPVS socket is opened there at start (not on reload). IPVS data plane only: with nftables or the proxy "
                    + "the checker process logs that it has no effect. Also accepted at the top level, as keepalived.");
    static final Keyword<String> INSTANCE = value("instance", Types.word("NAME"),
            "Name of this daemon among several on one host: pid files vigil_NAME.pid, vrrp_NAME.pid, checkers_NAME.pid and "
                    + "the control socket vigil_NAME.ctl in /run/vigil/ (keepalived: keepalived_NAME.pid ... in /run/keepalived/); "
                    + "-p, -r and -c win.");
    static final Keyword<Integer> CHILD_WAIT_TIME = value("child_wait_time", Types.integer(0, Integer.MAX_VALUE),
            "Seconds the parent, when stopping, waits in all for the VRRP and checker processes to exit; those still running then "
                    + "are killed (SIGKILL, \"process failed to die - forcing termination\"). Also accepted at the top level, as keepalived.")
            .defaultsTo(5);
    static final Keyword<String> RELOAD_CHECK_CONFIG = value("reload_check_config", optionalFile("LOG_FILE"),
            "Write the findings of the check every reload goes through first (Vigil always checks, with or without this keyword, and "
                    + "a configuration with errors never replaces the running one) to LOG_FILE, truncated first (default /dev/null); "
                    + "a failed check also logs \"New config failed validation, see LOG_FILE for details\". Taken from the running "
                    + "configuration, as keepalived.");

    static final Keyword<String> RELOAD_TIME_FILE = value("reload_time_file", Types.word("ABSOLUTE-PATHNAME"),
            "File the parent watches to schedule a reload: its first line is exactly HH:MM:SS, YY-MM-DD HH:MM:SS or "
                    + "YYYY-MM-DD HH:MM:SS, optionally ending in Z for UTC (else local time); a time alone that has passed means "
                    + "tomorrow. Writing the file again moves the reload, deleting it cancels it, an invalid or past time is logged and "
                    + "cancels it. At the reload the file is deleted (kept with reload_repeat when it holds no date). A missing "
                    + "directory, or one that goes away, stops the schedule until the next reload or restart.");
    static final Keyword<Boolean> RELOAD_REPEAT = flag("reload_repeat",
            "Keep reload_time_file at a scheduled reload when it holds a time without a date: the reload repeats at that time every day.");
    static final Keyword<String> RELOAD_FILE = value("reload_file", optionalFile("ABSOLUTE-PATHNAME"),
            "File present while a reload reads the configuration files (created, or truncated when it exists, before the parent "
                    + "reads them; removed once the parent and every child have), so an update tool can wait for it to go. Without a "
                    + "path: the parent's pid file's name with .reload (/run/vigil/vigil.reload; keepalived: /run/keepalived.reload). "
                    + "Taken from the configuration in force.");

    static final Keyword<String> CONFIG_SAVE_DIR = value("config_save_dir", Types.word("DIRECTORY"),
            "Debugging aid for repeated reloads: the parent saves each configuration it reads, expanded, as "
                    + "keepalived.conf.PID.N in DIRECTORY, and each child its data dump (as SIGUSR1's) before and after each reload as "
                    + "keepalived_vrrp.PID.N.pre and .post (check for the checker process, proxy for Vigil's proxy child). DIRECTORY "
                    + "is made (rwx------) when missing; its parent must exist.");
    static final Keyword<String> INCLUDE_CHECK = value("include_check", IncludeCheck.type(),
            "Which problems of the include lines after it are errors (the others are warnings): read (a match is a directory, "
                    + "not a regular non-executable file, or unreadable), match (a file named without wildcards is missing), "
                    + "wildcard_match (a wildcard matches nothing), brace_match (an alternative of a {a,b} brace is missing; then "
                    + "none of its files is read). No type means all; the first "
                    + "type alone sets read and that type; +TYPE adds, -TYPE removes. Added to includer (read), includem (match), includew "
                    + "(wildcard_match), includeb (brace_match), includea (all). Set for what follows in its file and the files "
                    + "that file includes, not for the file that included it.");

    /** keepalived's read_unsigned: 0..4294967295. */
    private static final ValueType<Long> UNSIGNED_INT = new ValueType<>() {
        @Override
        public Long parse(Args a) {
            if (!a.count(1, 1)) return null;
            try {
                long v = Long.parseLong(a.text(0).strip());
                return v < 0 || v > 0xFFFF_FFFFL ? a.error(0, "number outside range [0, 4294967295]") : v;
            } catch (NumberFormatException e) {
                return a.error(0, "not a whole number");
            }
        }

        @Override
        public String syntax() {
            return "INTEGER 0..4294967295";
        }
    };

    /** {@code [FILE]}: "" when no file is written. */
    private static ValueType<String> optionalFile(String label) {
        return new ValueType<>() {
            @Override
            public String parse(Args a) {
                if (!a.count(0, 1)) return null;
                return a.size() == 0 ? "" : a.text(0);
            }

            @Override
            public String syntax() {
                return "[" + label + "]";
            }
        };
    }

    static final Keyword<Boolean> RS_INIT_NOTIFIES = flag("rs_init_notifies",
            "When the checkers start, each real server that starts alive (all but alpha mode's) runs its notify_up script and gets "
                    + "its RS ... UP line on the notify FIFOs, as on a transition; on reload, only the servers the reload adds.");
    static final Keyword<Long> RANDOM_SEED = value("random_seed", UNSIGNED_INT,
            "Seed of ${_RANDOM} for the lines after this one, so the configuration expands the same way each time it is read. "
                    + "Vigil's default seed is fixed too (keepalived's is the time): every Vigil process reads the file itself and must "
                    + "expand it alike. The numbers are Java's generator's, not glibc's, so they differ from keepalived's for one seed.");
    static final Keyword<Boolean> DATA_USE_INSTANCE = flag("data_use_instance",
            "With net_namespace or instance: the SIGUSR1/SIGUSR2 dump files are named /tmp/keepalived.NAMESPACE_INSTANCE.data and "
                    + ".stats (either part alone when only one is set), as keepalived names its dumps, so daemons on one host do not "
                    + "overwrite each other's; --data-dump and --stats-dump win. Read at start.");
    static final Keyword<Boolean> FIFO_WRITE_VRRP_STATES_ON_RELOAD = flag("fifo_write_vrrp_states_on_reload",
            "After each reload, write every sync group's and VRRP instance's current state to the VRRP notify FIFO (GROUP \"G\" "
                    + "MASTER 0, INSTANCE \"VI_1\" MASTER 100), as on a transition, so a reader that restarted learns them.");
    static final Keyword<Boolean> LOG_UNKNOWN_VRIDS = flag("log_unknown_vrids",
            "Log each advert for a VRID no instance runs on the interface it came in on (always counted).");
    static final Keyword<Boolean> CHECKER_LOG_ALL_FAILURES = flag("checker_log_all_failures",
            "Every checker logs each failed probe while its server is up (as log_all_failures).");
    static final Keyword<String> DYNAMIC_INTERFACES = value("dynamic_interfaces", new ValueType<String>() {
        @Override
        public String parse(Args a) {
            if (!a.count(0, 1)) return null;
            if (a.size() == 1 && !a.text(0).equals("allow_if_changes")) return a.error(0, "unknown dynamic_interfaces option (allow_if_changes)");
            return a.size() == 0 ? "" : a.text(0);
        }

        @Override
        public String syntax() {
            return "[allow_if_changes]";
        }
    }, "Instances may name interfaces that do not exist yet or that disappear: such an instance stays in FAULT until its "
            + "interface exists and has an address, its VRRP socket opened then; an instance without mcast_src_ip/unicast_src_ip sends "
            + "from the interface's address of the moment (keepalived 2.2.7). Without it a missing interface is an error at start. "
            + "allow_if_changes (an interface may come back as another kind: a macvlan or not, another parent) is read; keepalived "
            + "2.2.7 was seen to use an interface re-created as a macvlan with and without it, and so does Vigil.");
    static final Keyword<GlobalDefs.DataPlaneKind> VIGIL_DATA_PLANE = value("vigil_data_plane",
            Types.enumeration(GlobalDefs.DataPlaneKind.class, false),
            "Vigil-specific: load-balancing back end; auto picks IPVS, then nftables, then the userspace proxy.")
            .defaultsTo(GlobalDefs.DataPlaneKind.auto).vigilOnly();
    static final Keyword<GlobalDefs.ProxyEngine> VIGIL_PROXY_ENGINE = value("vigil_proxy_engine",
            Types.enumeration(GlobalDefs.ProxyEngine.class, false),
            "Vigil-specific: the userspace proxy's TCP engine; auto and io_uring use io_uring where the kernel allows it "
                    + "(epoll otherwise, said in the log), epoll forces epoll. The default is epoll: the io_uring engine used fewer "
                    + "system calls and less CPU per request but served fewer requests per second in docs/benchmarks/lb.md.")
            .defaultsTo(GlobalDefs.ProxyEngine.epoll).vigilOnly();

    // SNMP: an AgentX subagent of net-snmp's snmpd, run by the parent process (it holds every state).
    static final Keyword<String> SNMP_SOCKET = value("snmp_socket", Types.word("unix:PATH | tcp:HOST:PORT"),
            "AgentX master agent's socket (snmpd's agentXSocket); default unix:/var/agentx/master.");
    static final Keyword<Boolean> ENABLE_TRAPS = flag("enable_traps",
            "Send SNMP notifications: VRRP instance and sync group state changes, new master (RFC 2787/6527), real server and quorum changes.");
    static final Keyword<Boolean> ENABLE_SNMP_VRRP = flag("enable_snmp_vrrp", "Serve KEEPALIVED-MIB's global and VRRP parts over AgentX.")
            .alias("enable_snmp_keepalived");
    static final Keyword<Boolean> ENABLE_SNMP_CHECKER = flag("enable_snmp_checker",
            "Serve KEEPALIVED-MIB's global and checker parts (virtual and real servers with health) over AgentX.");
    static final Keyword<Boolean> ENABLE_SNMP_RFC = flag("enable_snmp_rfc", "Both enable_snmp_rfcv2 and enable_snmp_rfcv3.");
    static final Keyword<Boolean> ENABLE_SNMP_RFCV2 = flag("enable_snmp_rfcv2", "Serve VRRP-MIB (RFC 2787) for VRRPv2 IPv4 instances over AgentX.");
    static final Keyword<Boolean> ENABLE_SNMP_RFCV3 = flag("enable_snmp_rfcv3", "Serve VRRPv3-MIB (RFC 6527) for every instance over AgentX.");

    static final Keyword<java.net.InetSocketAddress> VIGIL_HTTP = value("vigil_http", HttpTypes.listen(),
            "Vigil-specific: serve /metrics (Prometheus), /api/v1/status, /api/v1/events and the dashboard on this address "
            + "(default: off; 127.0.0.1:9165 keeps it on this host).").vigilOnly();
    static final Keyword<String> VIGIL_HTTP_TOKEN = value("vigil_http_token", Types.word("FILE"),
            "Vigil-specific: file holding the bearer token every request to vigil_http must carry (else 401). Needs vigil_http.").vigilOnly();
    static final Keyword<GlobalDefs.VigilHttp.Tls> VIGIL_HTTP_TLS = value("vigil_http_tls", HttpTypes.tls(),
            "Vigil-specific: serve vigil_http over TLS with this PEM certificate (chain) and PEM PKCS#8 private key. Needs vigil_http.").vigilOnly();

    static final BlockSchema GLOBAL_DEFS = new BlockSchema("global_defs", "Settings of the whole daemon.", null)
            .add(ROUTER_ID, NOTIFICATION_EMAIL, NOTIFICATION_EMAIL_FROM, SMTP_SERVER, SMTP_CONNECT_TIMEOUT, SMTP_HELO_NAME, SMTP_ALERT, SMTP_ALERT_VRRP,
                    SMTP_ALERT_CHECKER, NO_EMAIL_FAULTS, NO_CHECKER_EMAILS,
                    VRRP_MCAST_GROUP4, VRRP_MCAST_GROUP6, DEFAULT_INTERFACE, LVS_SYNC_DAEMON, VRRP_GARP_MASTER_DELAY, VRRP_GARP_MASTER_REPEAT,
                    VRRP_GARP_LOWER_PRIO_DELAY, VRRP_GARP_LOWER_PRIO_REPEAT, VRRP_GARP_MASTER_REFRESH, VRRP_GARP_MASTER_REFRESH_REPEAT,
                    VRRP_GARP_INTERVAL, VRRP_GNA_INTERVAL, VRRP_PRIORITY, VRRP_RT_PRIORITY, NOTIFY_FIFO, NOTIFY_FIFO_SCRIPT, VRRP_NOTIFY_FIFO, VRRP_NOTIFY_FIFO_SCRIPT, VRRP_VERSION, VRRP_STRICT, VRRP_SKIP_CHECK_ADV_ADDR, VRRP_CHECK_UNICAST_SRC,
                    ENABLE_SCRIPT_SECURITY, SCRIPT_USER, DYNAMIC_INTERFACES, VIGIL_DATA_PLANE, VIGIL_PROXY_ENGINE, VIGIL_HTTP, VIGIL_HTTP_TOKEN, VIGIL_HTTP_TLS,
                    LOG_UNKNOWN_VRIDS, UMASK, PROCESS_NAMES, PROCESS_NAME, VRRP_PROCESS_NAME, CHECKER_PROCESS_NAME, BFD_PROCESS_NAME, CHECKER_LOG_ALL_FAILURES, VRRP_NOTIFY_PRIORITY_CHANGES, LVS_FLUSH, LVS_FLUSH_ON_STOP,
                    SNMP_SOCKET, ENABLE_TRAPS, ENABLE_SNMP_VRRP, ENABLE_SNMP_CHECKER, ENABLE_SNMP_RFC, ENABLE_SNMP_RFCV2, ENABLE_SNMP_RFCV3,
                    BfdSchema.BFD_PRIORITY, BfdSchema.BFD_RT_PRIORITY, VRRP_NO_SWAP, CHECKER_NO_SWAP, BFD_NO_SWAP, VRRP_CPU_AFFINITY,
                    CHECKER_CPU_AFFINITY, BFD_CPU_AFFINITY, VRRP_RLIMIT_RTTIME, CHECKER_PRIORITY, STARTUP_SCRIPT, STARTUP_SCRIPT_TIMEOUT, SHUTDOWN_SCRIPT,
                    SHUTDOWN_SCRIPT_TIMEOUT, LVS_TIMEOUTS, LVS_NOTIFY_FIFO,
                    LVS_NOTIFY_FIFO_SCRIPT, NET_NAMESPACE, NET_NAMESPACE_IPVS, INSTANCE, CHILD_WAIT_TIME, RELOAD_CHECK_CONFIG, RS_INIT_NOTIFIES, RANDOM_SEED, DATA_USE_INSTANCE, FIFO_WRITE_VRRP_STATES_ON_RELOAD,
                    RELOAD_TIME_FILE, RELOAD_REPEAT, RELOAD_FILE, INCLUDE_CHECK, CONFIG_SAVE_DIR)
            .add(Unsupported.notApplicable("Vigil sizes its netlink receive buffers itself (1 MiB; after an overrun it reads the kernel's state again)",
                    "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
                    "vrrp_netlink_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force",
                    "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs",
                    "process_monitor_rcv_bufs_force"))
            .add(Unsupported.notApplicable("Vigil sizes the VRRP sockets' receive buffers itself", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier"))
            .add(Unsupported.notApplicable("Vigil keeps no copy of the configuration text: a reload reads the files again",
                    "tmp_config_directory"))
            .add(VRRP_MIN_GARP)
            .add(VrrpGlobalSchema.KEYWORDS)
            .add(Unsupported.refused("not implemented: Vigil's nftables data plane uses its own table, not keepalived's nftables_ipvs",
                    "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark"))
            .add(Keyword.refused("checker_rt_priority", "not implemented: keepalived runs its checks in one single-threaded process it "
                    + "can make SCHED_RR; Vigil runs each check on a virtual thread, and those share the JVM's carrier threads with "
                    + "every other task of the checker process (data plane, mail, FIFO, control), so SCHED_RR on them would make "
                    + "that whole process realtime, and on any single platform thread would not cover the checks. Use checker_priority"))
            .add(Keyword.refused("checker_rlimit_rttime", "not implemented: keepalived applies it only with checker_rt_priority, "
                    + "which Vigil refuses (see there)").alias("checker_rlimit_rtime"))
            .add(Keyword.refused("bfd_rlimit_rttime", "not implemented: RLIMIT_RTTIME is a limit of a whole process, and BFD is a "
                    + "thread of the VRRP process in Vigil: that process's limit is vrrp_rlimit_rttime").alias("bfd_rlimit_rtime"))
            .add(Unsupported.refused("DBus is not implemented: use the control socket (vigil status) or the notify scripts and FIFOs",
                    "enable_dbus", "dbus_service_name"))
            .add(Unsupported.refused("not implemented: Vigil uses no ipsets", "namespace_with_ipsets"))
            .add(Unsupported.notApplicable("Vigil always keeps its pid files in a directory of their own, /run/vigil/ "
                    + "(keepalived's use_pid_dir layout, with Vigil's directory)", "use_pid_dir"))
            .add(LINKBEAT_USE_POLLING);

    static final Keyword<List<VirtualIp>> STATIC_IPADDRESS = list("static_ipaddress", IpLines.virtualIp(), "Addresses the VRRP process adds at start whatever the VRRP state (each needs dev), and removes when it stops.");
    static final Keyword<List<VirtualRoute>> STATIC_ROUTES = list("static_routes", IpLines.route(), "Routes the VRRP process adds at start and removes when it stops.");
    static final Keyword<List<VirtualRule>> STATIC_RULES = list("static_rules", IpLines.rule(), "Policy rules the VRRP process adds at start and removes when it stops.");
}
