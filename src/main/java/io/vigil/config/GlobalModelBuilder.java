package io.vigil.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.vigil.config.GlobalSchema.*;

/** Builds {@link GlobalDefs} from the global_defs section. */
final class GlobalModelBuilder {
    private GlobalModelBuilder() {
    }

    /** The option words of lvs_sync_daemon: a word after the interface that is none of these names the instance. */
    private static final java.util.Set<String> SYNC_DAEMON_OPTIONS = java.util.Set.of("id", "maxlen", "port", "ttl", "group");

    static GlobalDefs build(Section g, Diagnostics diags) {
        Optional<GlobalDefs.LvsSyncDaemon> syncd = Optional.empty();
        if (g.isSet(LVS_SYNC_DAEMON)) {
            // keepalived 2.2.7: lvs_sync_daemon INTERFACE [[inst] VRRP_INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group IP];
            // without an instance both daemons (master and backup) run all the time.
            String[] w = g.get(LVS_SYNC_DAEMON).trim().split("\\s+");
            int next = 1;
            String instance = "";
            if (next < w.length && w[next].equals("inst")) {
                if (next + 1 >= w.length) diags.error(g.posOf(LVS_SYNC_DAEMON), "lvs_sync_daemon: 'inst' needs a VRRP_INSTANCE", g.get(LVS_SYNC_DAEMON));
                else instance = w[next + 1];
                next += 2;
            } else if (next < w.length && !SYNC_DAEMON_OPTIONS.contains(w[next])) {
                instance = w[next++];
            }
            Optional<Integer> id = Optional.empty();
            for (int i = next; i + 1 < w.length; i++) {
                if (w[i].equals("id") && w[i + 1].matches("\\d{1,3}") && Integer.parseInt(w[i + 1]) <= 255) {
                    id = Optional.of(Integer.parseInt(w[i + 1]));
                }
            }
            syncd = Optional.of(new GlobalDefs.LvsSyncDaemon(w[0], instance, id,
                    String.join(" ", java.util.Arrays.copyOfRange(w, Math.min(next, w.length), w.length))));
        }
        var masterDelay = g.get(VRRP_GARP_MASTER_DELAY);
        int masterRepeat = g.get(VRRP_GARP_MASTER_REPEAT);
        Vrrp.Garp garp = new Vrrp.Garp(masterDelay, masterRepeat,
                g.isSet(VRRP_GARP_LOWER_PRIO_DELAY) ? g.get(VRRP_GARP_LOWER_PRIO_DELAY) : masterDelay,
                g.isSet(VRRP_GARP_LOWER_PRIO_REPEAT) ? g.get(VRRP_GARP_LOWER_PRIO_REPEAT) : masterRepeat,
                g.get(VRRP_GARP_MASTER_REFRESH), g.get(VRRP_GARP_MASTER_REFRESH_REPEAT));
        Map<String, String> accepted = new LinkedHashMap<>();
        for (Keyword<?> k : g.schema().keywords()) {
            if (k.kind() == Keyword.Kind.PASSTHROUGH && g.isSet(k)) {
                accepted.put(k.name(), String.valueOf(g.stored(k)));
            }
        }
        return new GlobalDefs(Optional.ofNullable(g.get(ROUTER_ID)), java.util.List.copyOf(g.get(NOTIFICATION_EMAIL)),
                Optional.ofNullable(g.get(NOTIFICATION_EMAIL_FROM)), Optional.ofNullable(g.get(SMTP_SERVER)), g.get(SMTP_CONNECT_TIMEOUT),
                Optional.ofNullable(g.get(SMTP_HELO_NAME)), g.get(SMTP_ALERT), g.get(VRRP_MCAST_GROUP4), g.get(VRRP_MCAST_GROUP6),
                Optional.ofNullable(g.get(DEFAULT_INTERFACE)), syncd, garp, g.get(VRRP_GARP_INTERVAL), g.get(VRRP_GNA_INTERVAL),
                g.get(VRRP_VERSION), g.get(VRRP_STRICT), g.get(VRRP_SKIP_CHECK_ADV_ADDR), g.get(VRRP_CHECK_UNICAST_SRC),
                g.get(ENABLE_SCRIPT_SECURITY), Optional.ofNullable(g.get(SCRIPT_USER)), g.get(DYNAMIC_INTERFACES), g.get(VIGIL_DATA_PLANE),
                new GlobalDefs.VrrpScheduling(Optional.ofNullable(g.get(VRRP_PRIORITY)), Optional.ofNullable(g.get(VRRP_RT_PRIORITY))),
                new GlobalDefs.NotifyFifos(Optional.ofNullable(g.get(NOTIFY_FIFO)), Optional.ofNullable(g.get(NOTIFY_FIFO_SCRIPT)),
                        Optional.ofNullable(g.get(VRRP_NOTIFY_FIFO)), Optional.ofNullable(g.get(VRRP_NOTIFY_FIFO_SCRIPT))),
                Map.copyOf(accepted),
                new GlobalDefs.VrrpScheduling(Optional.ofNullable(g.get(BfdSchema.BFD_PRIORITY)), Optional.ofNullable(g.get(BfdSchema.BFD_RT_PRIORITY))));
    }

    static GlobalDefs withSyncDaemon(GlobalDefs d, GlobalDefs.LvsSyncDaemon s) {
        return new GlobalDefs(d.routerId(), d.notificationEmails(), d.notificationEmailFrom(), d.smtpServer(), d.smtpConnectTimeout(),
                d.smtpHeloName(), d.smtpAlert(), d.vrrpMcastGroup4(), d.vrrpMcastGroup6(), d.defaultInterface(), Optional.of(s), d.vrrpGarp(),
                d.vrrpGarpInterval(), d.vrrpGnaInterval(), d.vrrpVersion(), d.vrrpStrict(), d.vrrpSkipCheckAdvAddr(), d.vrrpCheckUnicastSrc(),
                d.enableScriptSecurity(), d.scriptUser(), d.dynamicInterfaces(), d.dataPlane(), d.vrrpScheduling(), d.notifyFifos(), d.acceptedOnly(), d.bfdScheduling());
    }
}
