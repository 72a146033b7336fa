package io.vigil.lab.vrrp;

import java.util.List;

/**
 * One VRRP instance {@code VI_1} on {@code eth0}, written as keepalived.conf: the same text is fed to Vigil and to
 * keepalived. Always {@code state BACKUP} (keepalived starts a MASTER below 255 as BACKUP anyway, and
 * {@code nopreempt} needs BACKUP).
 */
public record VrrpConf(int version, String advertInt, int vrid, int priority, boolean nopreempt, String authType, String authPass,
                       String unicastSrc, List<String> unicastPeers, String vip, String extraGlobal, String extraInstance) {

    public static final String INSTANCE = "VI_1";

    /** VRRPv3, advert 0.1 s, VRID 51, the given priority and VIP, multicast, preempting. */
    public static VrrpConf fast(int priority, String vip) {
        return new VrrpConf(3, "0.1", 51, priority, false, null, null, null, List.of(), vip, "", "");
    }

    public VrrpConf withPriority(int p) {
        return new VrrpConf(version, advertInt, vrid, p, nopreempt, authType, authPass, unicastSrc, unicastPeers, vip, extraGlobal, extraInstance);
    }

    public VrrpConf withAdvert(int v, String interval) {
        return new VrrpConf(v, interval, vrid, priority, nopreempt, authType, authPass, unicastSrc, unicastPeers, vip, extraGlobal, extraInstance);
    }

    public VrrpConf withNopreempt() {
        return new VrrpConf(version, advertInt, vrid, priority, true, authType, authPass, unicastSrc, unicastPeers, vip, extraGlobal, extraInstance);
    }

    /** {@code auth_type} PASS or AH (v2 only) with the password. */
    public VrrpConf withAuth(String type, String password) {
        return new VrrpConf(version, advertInt, vrid, priority, nopreempt, type, password, unicastSrc, unicastPeers, vip, extraGlobal, extraInstance);
    }

    public VrrpConf withUnicast(String source, String peer) {
        return new VrrpConf(version, advertInt, vrid, priority, nopreempt, authType, authPass, source, List.of(peer), vip, extraGlobal, extraInstance);
    }

    /** Extra lines (each ending in a newline) for global_defs and for the instance. */
    public VrrpConf withExtra(String global, String instance) {
        return new VrrpConf(version, advertInt, vrid, priority, nopreempt, authType, authPass, unicastSrc, unicastPeers, vip,
                extraGlobal + global, extraInstance + instance);
    }

    /** The VIP without its prefix length, as {@code ip -j addr} prints it. */
    public String vipAddress() {
        return vip.substring(0, vip.indexOf('/'));
    }

    public String text(String routerId) {
        StringBuilder c = new StringBuilder();
        c.append("global_defs {\n  router_id ").append(routerId).append("\n  vrrp_version ").append(version).append('\n').append(extraGlobal).append("}\n");
        c.append("vrrp_instance ").append(INSTANCE).append(" {\n")
                .append("  state BACKUP\n  interface eth0\n")
                .append("  virtual_router_id ").append(vrid).append('\n')
                .append("  priority ").append(priority).append('\n')
                .append("  advert_int ").append(advertInt).append('\n');
        if (nopreempt) c.append("  nopreempt\n");
        c.append(extraInstance);
        if (authPass != null) c.append("  authentication {\n    auth_type ").append(authType).append("\n    auth_pass ").append(authPass).append("\n  }\n");
        if (unicastSrc != null) {
            c.append("  unicast_src_ip ").append(unicastSrc).append("\n  unicast_peer {\n");
            unicastPeers.forEach(p -> c.append("    ").append(p).append('\n'));
            c.append("  }\n");
        }
        if (vip != null) c.append("  virtual_ipaddress {\n    ").append(vip).append("\n  }\n");
        c.append("}\n");
        return c.toString();
    }
}
