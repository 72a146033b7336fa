package io.vigil.config;

import java.time.Duration;
import java.util.List;

import static io.vigil.config.Keyword.flag;
import static io.vigil.config.Keyword.value;

/** Settings shared by virtual_server, real_server and the checkers; unset below, the value above applies. */
final class SharedKeywords {
    private SharedKeywords() {
    }

    /** {@code NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]}; the tunnel details are accepted as written. */
    static final ValueType<VirtualServer.Method> METHOD = new ValueType<>() {
        private final ValueType<VirtualServer.Method> word = Types.enumeration(VirtualServer.Method.class, true);

        @Override
        public VirtualServer.Method parse(Args a) {
            if (a.size() > 1 && !a.text(0).equalsIgnoreCase("TUN")) {
                return a.error(1, "only TUN takes further options");
            }
            if (a.size() == 0) {
                return word.parse(a);
            }
            return word.parse(new Args(a.keyword(), List.of(a.get(0)), a.diags()));
        }

        @Override
        public String syntax() {
            return "NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]";
        }
    };

    static final Keyword<Duration> CONNECT_TIMEOUT = value("connect_timeout", Types.timer(0.000001, 2147), "Seconds a probe may take to connect.")
            .defaultsTo(Duration.ofSeconds(5)).inherited();
    static final Keyword<Integer> RETRY = value("retry", Types.integer(0, Integer.MAX_VALUE), "Extra attempts after a failed probe before the server counts as down (none before the checker's first success at start-up, as keepalived).")
            .alias("nb_get_retry").defaultsTo(1).inherited();
    static final Keyword<Duration> DELAY_BEFORE_RETRY = value("delay_before_retry", Types.timer(0, 2147), "Seconds between those attempts.")
            .defaultsTo(Duration.ofSeconds(1)).inherited();
    static final Keyword<Duration> WARMUP = value("warmup", Types.timer(0, 2147), "Maximum random delay before the first probe (default: delay_loop).")
            .inherited();
    static final Keyword<Duration> DELAY_LOOP = value("delay_loop", Types.timer(0.000001, 2147), "Seconds between probes.")
            .defaultsTo(Duration.ofSeconds(60)).inherited();
    static final Keyword<Boolean> ALPHA = flag("alpha", "Start each real server as down until its checks succeed.").inherited();
    static final Keyword<Boolean> INHIBIT_ON_FAILURE = flag("inhibit_on_failure", "On failure set the weight to 0 instead of removing the server.").inherited();
    static final Keyword<String> VIRTUALHOST = value("virtualhost", Types.word("HOSTNAME"), "Host header for HTTP_GET/SSL_GET.").inherited();
    static final Keyword<VirtualServer.Method> LVS_METHOD = value("lvs_method", METHOD, "Forwarding method.")
            .alias("lb_kind").defaultsTo(VirtualServer.Method.NAT).inherited();

}
