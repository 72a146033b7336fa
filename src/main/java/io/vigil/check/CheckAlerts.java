package io.vigil.check;

import java.util.Locale;

/**
 * keepalived's alert e-mails of the checkers, in its words (check_*.c, ipwrapper.c): a real server's mail comes from
 * the checker that changed, so its body names the check; the subject says whether the server is now UP or DOWN.
 * Subjects lack the {@code [router_id] } prefix, which the mailer adds.
 */
final class CheckAlerts {
    private CheckAlerts() {
    }

    /** "Realserver [192.0.2.1]:tcp:80 of virtual server [198.18.0.100]:tcp:80 - DOWN". */
    static String realServerSubject(VirtualServerKey vs, RealServerKey rs, boolean alive) {
        return "Realserver " + "[" + Addresses.text(rs.address()) + "]:" + protocol(vs) + ":" + rs.port() + " of virtual server " + format(vs)
                + " - " + (alive ? "UP" : "DOWN");
    }

    /** "Virtualserver [198.18.0.100]:tcp:80 - UP". */
    static String virtualServerSubject(VirtualServerKey vs, boolean quorumUp) {
        return "Virtualserver " + format(vs) + " - " + (quorumUp ? "UP" : "DOWN");
    }

    /** The body keepalived's checker of this kind writes when it succeeds ({@code up}) or fails; null: that checker sends none. */
    static String checkerBody(CheckerSettings checker, boolean up, String reason) {
        return switch (checker) {
            case CheckerSettings.Tcp t -> up ? "=> TCP CHECK succeed on service <=" : "=> TCP CHECK failed on service <=";
            case CheckerSettings.Http h -> up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service : HTTP request failed <=";
            case CheckerSettings.Smtp s -> up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service <=";
            case CheckerSettings.Misc m -> "=> MISC CHECK " + (up ? "succeeded" : reason != null && reason.contains("timed out") ? "timed out" : "failed")
                    + " on service <=";
            case CheckerSettings.Dns d -> up ? "=> DNS_CHECK: succeed on service <=" : "=> DNS_CHECK: failed on service <=";
            case CheckerSettings.Udp u -> up ? "=> UDP CHECK succeed on service <=" : "=> UDP CHECK failed on service <=";
            case CheckerSettings.Ping p -> up ? "=> ICMP CHECK succeed on service <=" : "=> ICMP CHECK failed on service <=";
            case CheckerSettings.File f -> null; // keepalived's FILE_CHECK mails nothing
            case CheckerSettings.Grpc g -> up ? "=> GRPC CHECK succeed on service <=" : "=> GRPC CHECK failed on service <=";
            case CheckerSettings.Bfd b -> "=> BFD CHECK " + b.session() + " " + (up ? "succeeded" : "failed") + " on service <=";
            default -> up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service <=";
        };
    }

    /** keepalived's notify FIFO line for a real server: "RS [192.0.2.1]:tcp:80 [198.18.0.100]:tcp:80 UP". */
    static String realServerFifoLine(VirtualServerKey vs, RealServerKey rs, boolean alive) {
        return "RS [" + Addresses.text(rs.address()) + "]:" + protocol(vs) + ":" + rs.port() + " " + format(vs) + " " + (alive ? "UP" : "DOWN");
    }

    /** keepalived's notify FIFO line for a virtual server's quorum: "VS [198.18.0.100]:tcp:80 DOWN". */
    static String virtualServerFifoLine(VirtualServerKey vs, boolean quorumUp) {
        return "VS " + format(vs) + " " + (quorumUp ? "UP" : "DOWN");
    }

    /** keepalived's format_vs: {@code [ip]:proto:port}, {@code FWM n}, or {@code [group]:port}. */
    static String format(VirtualServerKey vs) {
        return switch (vs) {
            case VirtualServerKey.Address a -> "[" + Addresses.text(a.address()) + "]:" + protocol(vs) + ":" + a.port();
            case VirtualServerKey.Fwmark f -> "FWM " + f.mark();
            case VirtualServerKey.Group g -> "[" + g.name() + "]:" + g.port();
        };
    }

    private static String protocol(VirtualServerKey vs) {
        String p = switch (vs) {
            case VirtualServerKey.Address a -> a.protocol();
            case VirtualServerKey.Group g -> g.protocol();
            case VirtualServerKey.Fwmark f -> "tcp";
        };
        return p == null ? "tcp" : p.toLowerCase(Locale.ROOT);
    }
}
