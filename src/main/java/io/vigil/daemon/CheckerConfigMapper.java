package io.vigil.daemon;

import io.vigil.check.CheckerSettings;
import io.vigil.check.CheckerSettings.Connect;
import io.vigil.check.RealServerKey;
import io.vigil.check.RealServerSettings;
import io.vigil.check.VirtualServerKey;
import io.vigil.check.VirtualServerSettings;
import io.vigil.config.Checker;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.RealServer;
import io.vigil.config.Script;
import io.vigil.config.VirtualServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps the configuration's virtual servers onto the checkers' settings (pure). The keys it makes are the ones
 * {@link LbStateMapper} reads back, so one virtual server's pool lands on its data-plane services.
 */
public final class CheckerConfigMapper {
    private CheckerConfigMapper() {}

    public static List<VirtualServerSettings> virtualServers(KeepalivedConfig config) {
        List<VirtualServerSettings> out = new ArrayList<>();
        for (VirtualServer vs : config.virtualServers()) out.add(virtualServer(config, vs));
        return out;
    }

    /** Every configured server in its pool at its configured weight: what the data plane must be able to serve. */
    public static java.util.Map<VirtualServerKey, io.vigil.check.DesiredPool> initialPools(KeepalivedConfig config) {
        java.util.Map<VirtualServerKey, io.vigil.check.DesiredPool> pools = new java.util.LinkedHashMap<>();
        for (VirtualServer vs : config.virtualServers()) {
            List<io.vigil.check.DesiredPool.Member> members = vs.realServers().stream()
                    .map(rs -> new io.vigil.check.DesiredPool.Member(key(vs, rs), rs.weight(), false)).toList();
            pools.put(key(vs), new io.vigil.check.DesiredPool(key(vs), members, true, false));
        }
        return pools;
    }

    public static VirtualServerKey key(VirtualServer vs) {
        String protocol = vs.protocol().name();
        return switch (vs.address()) {
            case VirtualServer.IpPort ip -> new VirtualServerKey.Address(ip.ip(), ip.port().orElse(0), protocol);
            case VirtualServer.Fwmark fw -> new VirtualServerKey.Fwmark((int) fw.mark(), vs.ipFamily().orElse(null));
            case VirtualServer.Group g -> new VirtualServerKey.Group(g.name(), 0, protocol);
        };
    }

    /** A real server's port: its own, else the virtual server's (keepalived's inheritance). */
    public static int realServerPort(VirtualServer vs, RealServer rs) {
        if (rs.port().isPresent()) return rs.port().get();
        return vs.address() instanceof VirtualServer.IpPort ip ? ip.port().orElse(0) : 0;
    }

    public static RealServerKey key(VirtualServer vs, RealServer rs) {
        return new RealServerKey(rs.address(), realServerPort(vs, rs));
    }

    static VirtualServerSettings virtualServer(KeepalivedConfig config, VirtualServer vs) {
        List<RealServerSettings> servers = new ArrayList<>();
        for (RealServer rs : vs.realServers()) servers.add(realServer(config, vs, rs));
        RealServerSettings sorry = vs.sorryServer().map(s -> new RealServerSettings(
                new RealServerKey(s.ip(), s.port().orElse(vs.address() instanceof VirtualServer.IpPort ip ? ip.port().orElse(0) : 0)),
                1, false, List.of(), List.of(), false, List.of())).orElse(null);
        return new VirtualServerSettings(key(vs), vs.alpha(), vs.omega(), vs.quorum(), vs.hysteresis(),
                argv(vs.quorumUp()), argv(vs.quorumDown()), sorry, vs.sorryServer().map(VirtualServer.SorryServer::inhibit).orElse(false),
                vs.smtpAlert(), servers).withRsInitNotifies(config.globalDefs().rsInitNotifies());
    }

    static RealServerSettings realServer(KeepalivedConfig config, VirtualServer vs, RealServer rs) {
        List<CheckerSettings> checkers = new ArrayList<>();
        for (Checker c : rs.checkers()) checker(config, vs, c).ifPresent(checkers::add);
        return new RealServerSettings(key(vs, rs), rs.weight(), rs.inhibitOnFailure(), argv(rs.notifyUp()), argv(rs.notifyDown()),
                rs.smtpAlert(), checkers);
    }

    private static List<String> argv(Optional<Script> script) {
        return script.map(s -> CommandWords.split(s.command())).orElse(List.of());
    }

    private static CheckerSettings.Timing timing(String kind, Checker.Timing t, VirtualServer vs) {
        long delayLoop = t.delayLoop().toMillis();
        return CheckerSettings.Timing.keepalivedDefaults(kind, delayLoop).withRetry(t.retry()).withLogAllFailures(t.logAllFailures())
                .withDelayBeforeRetry(t.delayBeforeRetry().toMillis())
                .withWarmup(t.warmup().map(Duration::toMillis).orElse(delayLoop))
                // alpha as keepalived inherits it (checker, real server, virtual server): kept only where it differs
                .withAlpha(t.alpha() == vs.alpha() ? null : t.alpha());
    }

    private static Connect connect(Checker.Connection c, Checker.Timing t) {
        return new Connect(c.connectIp(), c.connectPort().orElse(0), c.bindTo().orElse(null), c.bindPort().orElse(0),
                Math.max(1, t.connectTimeout().toMillis()), c.fwmark().orElse(0), c.bindInterface().orElse(null));
    }

    /** The checker's settings (always present today; Optional for kinds a mapper may leave out). */
    static Optional<CheckerSettings> checker(KeepalivedConfig config, VirtualServer vs, Checker c) {
        return Optional.ofNullable(switch (c) {
            case Checker.TcpCheck t -> new CheckerSettings.Tcp(timing("TCP_CHECK", t.timing(), vs), connect(t.connection(), t.timing()));
            case Checker.HttpCheck h -> new CheckerSettings.Http(timing(h.ssl() ? "SSL_GET" : "HTTP_GET", h.timing(), vs),
                    connect(h.connection(), h.timing()), h.ssl(), h.urls().stream().map(CheckerConfigMapper::url).toList(),
                    h.virtualhost().or(vs::virtualhost).orElse(null), h.enableSni(), CheckerSettings.HttpProtocol.parse(h.httpProtocol()),
                    h.ssl() ? config.ssl().map(CheckerConfigMapper::tls).orElse(null) : null);
            case Checker.MiscCheck m -> new CheckerSettings.Misc(timing("MISC_CHECK", m.timing(), vs), CommandWords.split(m.path().command()),
                    m.timeout().map(Duration::toMillis).orElse(0L), m.dynamic(), m.user().or(() -> ScriptPolicySetting.userOf(m.path())).orElse(null));
            case Checker.SmtpCheck s -> {
                List<Connect> hosts = new ArrayList<>();
                hosts.add(connect(s.connection(), s.timing()));
                for (Checker.Connection extra : s.extraHosts()) hosts.add(connect(extra, s.timing()));
                yield new CheckerSettings.Smtp(timing("SMTP_CHECK", s.timing(), vs), hosts, s.heloName());
            }
            case Checker.DnsCheck d -> new CheckerSettings.Dns(timing("DNS_CHECK", d.timing(), vs), connect(d.connection(), d.timing()), d.type(), d.name());
            case Checker.UdpCheck u -> new CheckerSettings.Udp(timing("UDP_CHECK", u.timing(), vs), connect(u.connection(), u.timing()),
                    u.payload().orElse(null), u.requireReply(), u.replyData().orElse(null), u.replyMask().orElse(null),
                    u.minReplyLength(), u.maxReplyLength());
            case Checker.PingCheck p -> new CheckerSettings.Ping(timing("PING_CHECK", p.timing(), vs), connect(p.connection(), p.timing()));
            case Checker.GrpcCheck g -> new CheckerSettings.Grpc(timing("vigil_GRPC_CHECK", g.timing(), vs), connect(g.connection(), g.timing()), g.service(), g.tls());
            case Checker.FileCheck f -> {
                var tf = config.trackFiles().get(f.trackFile());
                long delayLoop = vs.delayLoop().toMillis();
                // keepalived clears alpha on FILE_CHECK: the file's state is known at once
                yield new CheckerSettings.File(CheckerSettings.Timing.keepalivedDefaults("FILE_CHECK", delayLoop).withAlpha(false), tf.file(),
                        f.weight().value(), f.weight().reverse());
            }
            case Checker.BfdCheck b -> new CheckerSettings.Bfd(
                    CheckerSettings.Timing.keepalivedDefaults("BFD_CHECK", vs.delayLoop().toMillis()).withRetry(0)
                            .withAlpha(b.alpha() == vs.alpha() ? null : b.alpha()), b.name());
        });
    }

    /** The SSL block's files (paths as written: keepalived opens them from its working directory). */
    static CheckerSettings.TlsClient tls(KeepalivedConfig.SslSettings s) {
        return new CheckerSettings.TlsClient(s.certificate().map(java.nio.file.Path::of).orElse(null),
                s.key().map(java.nio.file.Path::of).orElse(null), s.password().orElse(null), s.ca().map(java.nio.file.Path::of).orElse(null));
    }

    private static CheckerSettings.UrlCheck url(Checker.Url u) {
        List<CheckerSettings.StatusRange> codes = u.statusCodes().stream()
                .map(r -> new CheckerSettings.StatusRange(r.low(), r.high())).toList();
        Pattern regex = u.regex().map(r -> Pattern.compile(r.pattern(), r.flags())).orElse(null);
        return new CheckerSettings.UrlCheck(u.path(), u.digest().orElse(null), codes, regex, u.regexNoMatch(), u.virtualhost().orElse(null),
                u.regex().map(Checker.Regex::minOffset).orElse(0), u.regex().map(Checker.Regex::maxOffset).orElse(-1),
                u.regex().map(Checker.Regex::firstLine).orElse(false));
    }
}
