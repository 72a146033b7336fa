package io.vigil.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code global_defs { ... }} with defaults applied. */
public record GlobalDefs(Optional<String> routerId, List<String> notificationEmails, Optional<String> notificationEmailFrom,
                         Optional<String> smtpServer, Duration smtpConnectTimeout, Optional<String> smtpHeloName, boolean smtpAlert,
                         InetAddress vrrpMcastGroup4, InetAddress vrrpMcastGroup6, Optional<String> defaultInterface,
                         Optional<LvsSyncDaemon> lvsSyncDaemon, Vrrp.Garp vrrpGarp, Duration vrrpGarpInterval, Duration vrrpGnaInterval,
                         int vrrpVersion, boolean vrrpStrict, boolean vrrpSkipCheckAdvAddr, boolean vrrpCheckUnicastSrc,
                         boolean enableScriptSecurity, Optional<String> scriptUser, boolean dynamicInterfaces, DataPlaneKind dataPlane,
                         VrrpScheduling vrrpScheduling, NotifyFifos notifyFifos, Map<String, String> unsupported, LvsFlush lvsFlush,
                         Optional<Integer> umask, ProcessNames processNames,
                         boolean logUnknownVrids) {

    /** {@code notify_fifo}, {@code vrrp_notify_fifo} and their {@code _script}s (the Script's command is the path). */
    public record NotifyFifos(Optional<Script> fifo, Optional<Script> fifoScript, Optional<Script> vrrpFifo, Optional<Script> vrrpFifoScript,
                              boolean priorityChanges) {
        public static final NotifyFifos NONE = new NotifyFifos(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

        /** Where VRRP transitions are written: vrrp_notify_fifo, else notify_fifo. */
        public Optional<String> vrrpPath() {
            return vrrpFifo.or(() -> fifo).map(Script::command);
        }

        /** The reader script of that FIFO, if any. */
        public Optional<Script> vrrpReader() {
            return vrrpFifo.isPresent() ? vrrpFifoScript : fifoScript;
        }
    }

    /** {@code vrrp_priority} (nice) and {@code vrrp_rt_priority} (SCHED_RR), empty when not set. */
    public record VrrpScheduling(Optional<Integer> nice, Optional<Integer> rtPriority) {
        public static final VrrpScheduling DEFAULT = new VrrpScheduling(Optional.empty(), Optional.empty());
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
    public record ProcessNames(Optional<String> parent, Optional<String> vrrp, Optional<String> checker) {
        public static final ProcessNames NONE = new ProcessNames(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Vigil's load-balancing back end ({@code vigil_data_plane}, a Vigil-only keyword). */
    public enum DataPlaneKind { ipvs, nftables, proxy, auto }

    /**
     * {@code lvs_sync_daemon INTERFACE [[inst] INSTANCE] [id N] ...} (or the legacy per-instance
     * lvs_sync_daemon_interface); {@code vrrpInstance} is empty when none is named: both daemons then run throughout.
     */
    public record LvsSyncDaemon(String interfaceName, String vrrpInstance, Optional<Integer> syncId, String options) { }
}
