package io.vigil.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code global_defs { ... }} with defaults applied. */
public record GlobalDefs(Optional<String> routerId, List<String> notificationEmails, Optional<String> notificationEmailFrom,
                         Optional<String> smtpServer, Duration smtpConnectTimeout, Optional<String> smtpHeloName, AlertDefaults smtpAlert,
                         InetAddress vrrpMcastGroup4, InetAddress vrrpMcastGroup6, Optional<String> defaultInterface,
                         Optional<LvsSyncDaemon> lvsSyncDaemon, Vrrp.Garp vrrpGarp, Duration vrrpGarpInterval, Duration vrrpGnaInterval,
                         int vrrpVersion, boolean vrrpStrict, boolean vrrpSkipCheckAdvAddr, boolean vrrpCheckUnicastSrc,
                         boolean enableScriptSecurity, Optional<String> scriptUser, DynamicInterfaces dynamicInterfaces, DataPlaneKind dataPlane,
                         ProxyEngine proxyEngine,
                         VrrpScheduling vrrpScheduling, NotifyFifos notifyFifos, Map<String, String> unsupported, Snmp snmp,
                         VigilHttp vigilHttp, LvsFlush lvsFlush, Optional<Integer> umask, ProcessNames processNames,
                         boolean logUnknownVrids, VrrpScheduling bfdScheduling, Tuning tuning,
                         StartStopScripts startStopScripts, LvsTimeouts lvsTimeouts, Placement placement,
                         Vrrp.Options vrrpOptions, int childWaitSeconds, Optional<String> reloadCheckLog,
                         boolean rsInitNotifies, ReloadSchedule reloadSchedule) {

    /**
     * {@code reload_time_file} and {@code reload_repeat}; {@code reload_file}, an empty path meaning the default one
     * (beside the parent's pid file); {@code config_save_dir}.
     */
    public record ReloadSchedule(Optional<String> timeFile, boolean repeat, Optional<String> reloadFile, Optional<String> configSaveDir) {
        public static final ReloadSchedule NONE = new ReloadSchedule(Optional.empty(), false, Optional.empty(), Optional.empty());
    }

    /**
     * keepalived's SNMP keywords: which MIBs are served ({@code enable_snmp_vrrp}, {@code enable_snmp_checker},
     * {@code enable_snmp_rfcv2}, {@code enable_snmp_rfcv3}; {@code enable_snmp_rfc} sets both), whether notifications
     * are sent ({@code enable_traps}) and the AgentX master's socket ({@code snmp_socket}, empty: net-snmp's default).
     */
    public record Snmp(boolean vrrp, boolean checker, boolean rfcV2, boolean rfcV3, boolean traps, Optional<String> socket) {
        public static final Snmp NONE = new Snmp(false, false, false, false, false, Optional.empty());

        public boolean anyEnabled() {
            return vrrp || checker || rfcV2 || rfcV3;
        }
    }

    /**
     * {@code smtp_alert}, {@code smtp_alert_vrrp}, {@code smtp_alert_checker} (empty when not written) and
     * {@code no_email_faults}, {@code no_checker_emails}. keepalived's defaults for a block without its own
     * {@code smtp_alert}: the specific global one, else the global {@code smtp_alert}, else off, except for real servers
     * (on, kept from older keepalived versions).
     */
    public record AlertDefaults(Optional<Boolean> all, Optional<Boolean> vrrp, Optional<Boolean> checker, boolean noEmailFaults,
                                boolean noCheckerEmails) {
        public static final AlertDefaults NONE = new AlertDefaults(Optional.empty(), Optional.empty(), Optional.empty(), false, false);

        /** For a vrrp_instance or vrrp_sync_group without its own smtp_alert. */
        public boolean vrrpDefault() {
            return vrrp.or(() -> all).orElse(false);
        }

        /** For a virtual_server without its own smtp_alert. */
        public boolean virtualServerDefault() {
            return checker.or(() -> all).orElse(false);
        }

        /** For a real_server without its own smtp_alert. */
        public boolean realServerDefault() {
            return checker.or(() -> all).orElse(true);
        }
    }

    /** The {@code smtp_server} value split: host (name or address) and port (default 25). */
    public Optional<java.util.Map.Entry<String, Integer>> smtpHostPort() {
        return smtpServer.map(v -> {
            String[] w = v.trim().split("\\s+");
            return java.util.Map.entry(w[0], w.length > 1 ? Integer.parseInt(w[1]) : 25);
        });
    }

    /** Vigil's HTTP endpoint ({@code vigil_http}, {@code vigil_http_token}, {@code vigil_http_tls}); off when {@code listen} is empty. */
    public record VigilHttp(Optional<java.net.InetSocketAddress> listen, Optional<String> tokenFile, Optional<Tls> tls) {
        public static final VigilHttp OFF = new VigilHttp(Optional.empty(), Optional.empty(), Optional.empty());

        public record Tls(String certFile, String keyFile) {}
    }

    /** {@code notify_fifo}, {@code vrrp_notify_fifo} and their {@code _script}s (the Script's command is the path). */
    public record NotifyFifos(Optional<Script> fifo, Optional<Script> fifoScript, Optional<Script> vrrpFifo, Optional<Script> vrrpFifoScript,
                              boolean priorityChanges, Optional<Script> lvsFifo, Optional<Script> lvsFifoScript, boolean writeStatesOnReload) {
        public NotifyFifos(Optional<Script> fifo, Optional<Script> fifoScript, Optional<Script> vrrpFifo, Optional<Script> vrrpFifoScript,
                           boolean priorityChanges, Optional<Script> lvsFifo, Optional<Script> lvsFifoScript) {
            this(fifo, fifoScript, vrrpFifo, vrrpFifoScript, priorityChanges, lvsFifo, lvsFifoScript, false);
        }

        public static final NotifyFifos NONE = new NotifyFifos(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty());

        /** Where the checkers' RS and VS lines are written, as keepalived: notify_fifo and lvs_notify_fifo, each when set. */
        public List<String> lvsPaths() {
            return java.util.stream.Stream.of(fifo, lvsFifo).flatMap(Optional::stream).map(Script::command).distinct().toList();
        }

        /** Where VRRP transitions are written: vrrp_notify_fifo, else notify_fifo. */
        public Optional<String> vrrpPath() {
            return vrrpFifo.or(() -> fifo).map(Script::command);
        }

        /** The reader script of that FIFO, if any. */
        public Optional<Script> vrrpReader() {
            return vrrpFifo.isPresent() ? vrrpFifoScript : fifoScript;
        }
    }

    /** {@code vrrp_priority} / {@code bfd_priority} (nice) and {@code vrrp_rt_priority} / {@code bfd_rt_priority} (SCHED_RR), empty when not set. */
    public record VrrpScheduling(Optional<Integer> nice, Optional<Integer> rtPriority) {
        public static final VrrpScheduling DEFAULT = new VrrpScheduling(Optional.empty(), Optional.empty());
    }

    /**
     * keepalived's per-process settings: {@code *_no_swap} (mlockall), {@code *_cpu_affinity} (CPU ids, empty when not
     * set), {@code *_rlimit_rttime} (microseconds, empty when not set) and
     * {@code checker_priority} (nice of every thread; the VRRP and BFD threads' own settings are {@link VrrpScheduling}).
     */
    public record ProcessTuning(boolean noSwap, List<Integer> cpus, Optional<Long> rlimitRttimeMicros, Optional<Integer> nice) {
        public static final ProcessTuning NONE = new ProcessTuning(false, List.of(), Optional.empty(), Optional.empty());

        public ProcessTuning {
            cpus = List.copyOf(cpus);
        }
    }

    /** {@link ProcessTuning} of the VRRP process, the checker process and the BFD thread (a thread of the VRRP process). */
    public record Tuning(ProcessTuning vrrp, ProcessTuning checker, ProcessTuning bfd) {
        public static final Tuning NONE = new Tuning(ProcessTuning.NONE, ProcessTuning.NONE, ProcessTuning.NONE);
    }

    /** {@code net_namespace} and {@code instance} (top level or global_defs; global_defs wins). */
    public record Placement(Optional<String> netNamespace, Optional<String> instance, boolean dataUseInstance,
                            Optional<String> ipvsNamespace) {
        public static final Placement NONE = new Placement(Optional.empty(), Optional.empty());

        public Placement(Optional<String> netNamespace, Optional<String> instance) {
            this(netNamespace, instance, false, Optional.empty());
        }

        /** {@code net_namespace_ipvs}: the namespace file IPVS is programmed in (no name: init's, /proc/1/ns/net). */
        public Optional<String> ipvsNamespacePath() {
            return ipvsNamespace.map(n -> n.isEmpty() ? "/proc/1/ns/net" : n.startsWith("/") ? n : "/run/netns/" + n);
        }
    }

    /** {@code lvs_timeouts} in seconds; 0: not given (the kernel's stays). */
    public record LvsTimeouts(int tcpSeconds, int tcpFinSeconds, int udpSeconds) {
        public static final LvsTimeouts NONE = new LvsTimeouts(0, 0, 0);

        public boolean isSet() {
            return tcpSeconds != 0 || tcpFinSeconds != 0 || udpSeconds != 0;
        }
    }

    /** {@code startup_script} / {@code shutdown_script} with their timeouts in seconds (keepalived's default 10). */
    public record StartStopScripts(Optional<Script> startup, int startupTimeoutSeconds, Optional<Script> shutdown, int shutdownTimeoutSeconds) {
        public static final StartStopScripts NONE = new StartStopScripts(Optional.empty(), 10, Optional.empty(), 10);
    }

    /**
     * {@code lvs_flush}: the whole IPVS table emptied when the checkers start; {@code lvs_flush_on_stop}: emptied when
     * they stop ({@code VS}: only the virtual servers configured here removed, Vigil's default).
     */
    public record LvsFlush(boolean atStart, boolean wholeTableAtStop) {
        public static final LvsFlush NONE = new LvsFlush(false, false);
    }

    /**
     * Process names as ps shows them: {@code process_name} (the parent), {@code vrrp_process_name},
     * {@code checker_process_name}; {@code process_names} alone gives keepalived's keepalived_vrrp and keepalived_lvs.
     * Empty: Vigil's own names (vigil, vigil-vrrp, vigil-check).
     */
    public record ProcessNames(Optional<String> parent, Optional<String> vrrp, Optional<String> checker, Optional<String> bfd) {
        public static final ProcessNames NONE = new ProcessNames(Optional.empty(), Optional.empty(), Optional.empty());

        public ProcessNames(Optional<String> parent, Optional<String> vrrp, Optional<String> checker) {
            this(parent, vrrp, checker, Optional.empty());
        }
    }

    /**
     * {@code dynamic_interfaces}: off, on, or on with {@code allow_if_changes} (an interface may come back as another
     * kind: a macvlan or not, a macvlan on another parent).
     */
    public enum DynamicInterfaces {
        off, on, allow_if_changes;

        public boolean enabled() {
            return this != off;
        }
    }

    /** Vigil's load-balancing back end ({@code vigil_data_plane}, a Vigil-only keyword). */
    public enum DataPlaneKind { ipvs, nftables, proxy, auto }

    /** The userspace proxy's TCP engine ({@code vigil_proxy_engine}, a Vigil-only keyword). */
    public enum ProxyEngine { auto, io_uring, epoll }

    /**
     * {@code lvs_sync_daemon INTERFACE [[inst] INSTANCE] [id N] ...} (or the legacy per-instance
     * lvs_sync_daemon_interface); {@code vrrpInstance} is empty when none is named: both daemons then run throughout.
     */
    public record LvsSyncDaemon(String interfaceName, String vrrpInstance, Optional<Integer> syncId, String options) { }
}
