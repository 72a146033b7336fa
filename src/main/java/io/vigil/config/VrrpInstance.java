package io.vigil.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code vrrp_instance NAME { ... }}: one virtual router, with its defaults applied. */
public record VrrpInstance(
        String name,
        Vrrp.State initialState,
        Optional<String> interfaceName,
        int virtualRouterId,
        int priority,
        Duration advertInterval,
        int version,
        boolean nopreempt,
        Duration preemptDelay,
        Optional<Vrrp.Authentication> authentication,
        List<VirtualIp> virtualIps,
        List<VirtualIp> excludedVirtualIps,
        List<VirtualRoute> virtualRoutes,
        List<VirtualRule> virtualRules,
        Vrrp.Tracking tracking,
        Optional<InetAddress> unicastSrcIp,
        List<Vrrp.UnicastPeer> unicastPeers,
        Optional<InetAddress> mcastSrcIp,
        Optional<Vrrp.Vmac> vmac,
        Vrrp.Garp garp,
        Vrrp.Notify notifyScripts,
        boolean smtpAlert,
        boolean dontTrackPrimary,
        boolean accept,
        boolean skipCheckAdvAddr,
        boolean strictMode,
        boolean nativeIpv6,
        Vrrp.Options options,
        Optional<String> syncGroup,
        SourcePos pos) {

    /** This instance with other tracking (static track groups add interfaces to it). */
    public VrrpInstance withTracking(Vrrp.Tracking t) {
        return new VrrpInstance(name, initialState, interfaceName, virtualRouterId, priority, advertInterval, version, nopreempt,
                preemptDelay, authentication, virtualIps, excludedVirtualIps, virtualRoutes, virtualRules, t, unicastSrcIp, unicastPeers,
                mcastSrcIp, vmac, garp, notifyScripts, smtpAlert, dontTrackPrimary, accept, skipCheckAdvAddr, strictMode, nativeIpv6,
                options, syncGroup, pos);
    }

    /** True with native_ipv6 or IPv6 virtual addresses (keepalived then runs the instance as VRRPv3 over IPv6). */
    public boolean isIpv6() {
        return nativeIpv6 || !virtualIps.isEmpty() && virtualIps.getFirst().address().isIpv6();
    }
}
