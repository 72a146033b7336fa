package io.vigil.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Value types of the Vigil-only HTTP endpoint keywords ({@code vigil_http}, {@code vigil_http_tls}). */
final class HttpTypes {
    private HttpTypes() {
    }

    /** {@code ADDRESS:PORT}, IPv6 in brackets ({@code [::1]:9165}). */
    static ValueType<InetSocketAddress> listen() {
        return new ValueType<>() {
            @Override
            public InetSocketAddress parse(Args a) {
                if (!a.count(1, 1)) return null;
                String s = a.text(0);
                int colon = s.lastIndexOf(':');
                if (colon <= 0 || colon == s.length() - 1) return a.error(0, "expected ADDRESS:PORT, e.g. 127.0.0.1:9165 or [::1]:9165");
                String host = s.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
                else if (host.contains(":")) return a.error(0, "an IPv6 address needs brackets: [ADDRESS]:PORT");
                InetAddress ip = Addresses.parse(host);
                if (ip == null) return a.error(0, "invalid IP address '" + host + "'");
                int port;
                try {
                    port = Integer.parseInt(s.substring(colon + 1));
                } catch (NumberFormatException e) {
                    return a.error(0, "invalid port '" + s.substring(colon + 1) + "'");
                }
                if (port < 1 || port > 65535) return a.error(0, "port outside range [1, 65535]");
                return new InetSocketAddress(ip, port);
            }

            @Override
            public String syntax() {
                return "ADDRESS:PORT";
            }

            @Override
            public String format(InetSocketAddress v) {
                String host = Addresses.format(v.getAddress());
                return (host.contains(":") ? "[" + host + "]" : host) + ":" + v.getPort();
            }
        };
    }

    /** {@code CERT KEY}: two PEM files. */
    static ValueType<GlobalDefs.VigilHttp.Tls> tls() {
        return new ValueType<>() {
            @Override
            public GlobalDefs.VigilHttp.Tls parse(Args a) {
                return a.count(2, 2) ? new GlobalDefs.VigilHttp.Tls(a.text(0), a.text(1)) : null;
            }

            @Override
            public String syntax() {
                return "CERT_FILE KEY_FILE";
            }

            @Override
            public String format(GlobalDefs.VigilHttp.Tls v) {
                return Types.quoteIfNeeded(v.certFile()) + " " + Types.quoteIfNeeded(v.keyFile());
            }
        };
    }
}
