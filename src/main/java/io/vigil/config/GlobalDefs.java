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
                         VrrpScheduling vrrpScheduling, NotifyFifos notifyFifos, Map<String, String> acceptedOnly,
                         VrrpScheduling bfdScheduling) {

    /** {@code notify_fifo}, {@code vrrp_notify_fifo} and their {@code _script}s (the Script's command is the path). */
    public record NotifyFifos(Optional<Script> fifo, Optional<Script> fifoScript, Optional<Script> vrrpFifo, Optional<Script> vrrpFifoScript) {
        public static final NotifyFifos NONE = new NotifyFifos(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

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

    /** Vigil's load-balancing back end ({@code vigil_data_plane}, a Vigil-only keyword). */
    public enum DataPlaneKind { ipvs, nftables, proxy, auto }

    /**
     * {@code lvs_sync_daemon INTERFACE [[inst] INSTANCE] [id N] ...} (or the legacy per-instance
     * lvs_sync_daemon_interface); {@code vrrpInstance} is empty when none is named: both daemons then run throughout.
     */
    public record LvsSyncDaemon(String interfaceName, String vrrpInstance, Optional<Integer> syncId, String options) { }
}
