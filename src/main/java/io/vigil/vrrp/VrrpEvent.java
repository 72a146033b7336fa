package io.vigil.vrrp;

/** What can happen to an instance. Each is handled by {@link VrrpInstance#on(VrrpEvent, long)} with the time. */
public sealed interface VrrpEvent {
    /**
     * The instance starts (from INIT). {@code delayedStartNanos}: keepalived's {@code vrrp_startup_delay}, the time
     * before which no master-down timer of a BACKUP may end ({@link #NO_DELAY}: none).
     */
    record Startup(long delayedStartNanos) implements VrrpEvent {
        public static final long NO_DELAY = Long.MIN_VALUE;

        public Startup() {
            this(NO_DELAY);
        }
    }

    /**
     * Start of a VRRP process restarted by the watchdog while this instance was MASTER: it takes the role back at
     * once (advert, VIPs kept, GARPs) instead of waiting out a master-down timer as a fresh start would, but only while
     * no backup can have taken over since {@code lastAdvertNanos}, the previous process's last advert
     * ({@link ResumeWindow}); later it drops the VIPs it kept and starts as on a cold start.
     */
    record Resume(long lastAdvertNanos) implements VrrpEvent {}

    /** A datagram for this instance's VRID arrived (validated by the instance). */
    record AdvertReceived(InboundAdvert advert) implements VrrpEvent {}

    /** A timer scheduled by a {@link Action.ScheduleTimer} fired. */
    record TimerFired(TimerKind kind) implements VrrpEvent {}

    /** The link of an interface (the instance's own, or a tracked one) went up or down. */
    record LinkChanged(String interfaceName, boolean up) implements VrrpEvent {}

    /**
     * The address an interface's instances send from by default changed: its primary IPv4 address or IPv6 link-local
     * one of {@code family}, or null when it has none (deleted, or not given one yet). Only an instance whose source
     * follows its interface ({@code dynamic_interfaces}) takes it; without one it is in FAULT, as keepalived.
     */
    record InterfaceAddress(String interfaceName, AddressFamily family, java.net.InetAddress address) implements VrrpEvent {}

    /** One run of a tracked script ended (success = exit status 0 within the timeout). */
    record TrackScriptResult(String scriptName, boolean success) implements VrrpEvent {}

    /** A tracked file was read and holds {@code value} (unreadable or not a number counts as 0, as in keepalived). */
    record TrackFileValue(String fileName, long value) implements VrrpEvent {}

    /** A tracked process ({@code vrrp_track_process}) gained or lost its quorum. */
    record TrackProcessState(String processName, boolean up) implements VrrpEvent {}
    /** A tracked BFD session went Up ({@code up}) or fell from Up (keepalived's BFD event to VRRP). */
    record BfdStateChanged(String bfdName, boolean up) implements VrrpEvent {}

    /** The sync group forces a state on this member ({@code to} is MASTER, BACKUP or FAULT; FAULT = group fault). */
    record SyncGroupForce(VrrpState to, String reason) implements VrrpEvent {}

    /**
     * Another member of this MASTER's sync group answered a lower-priority advert: the peer that sent it had taken the
     * group's role, so it may hold this member's VIPs at the clients too; a MASTER sends its lower-priority GARPs.
     */
    record SyncGroupRefresh(String reason) implements VrrpEvent {}

    /** The sync group's fault cleared: leave FAULT unless the instance itself is at fault. */
    record SyncGroupFaultCleared() implements VrrpEvent {}

    /** Stop: priority-0 advert if MASTER, remove the VIPs, enter STOP. */
    record Shutdown(String reason) implements VrrpEvent {}
}
