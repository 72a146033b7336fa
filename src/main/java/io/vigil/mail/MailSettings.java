package io.vigil.mail;

import java.util.List;

/**
 * Where and how alerts go, resolved from global_defs with keepalived's defaults: {@code routerId} (default: the host
 * name) starts every subject as {@code [routerId]}; {@code from} defaults to {@code user@hostname}; {@code heloName}
 * to the host name; {@code port} to 25; {@code timeoutMillis} ({@code smtp_connect_timeout}, 30 s) bounds the
 * connection and every wait for a reply.
 */
public record MailSettings(String routerId, String from, List<String> to, String host, int port, String heloName, long timeoutMillis) {
    public MailSettings {
        to = List.copyOf(to);
        if (to.isEmpty()) throw new IllegalArgumentException("no recipients");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (timeoutMillis <= 0) throw new IllegalArgumentException("timeout must be positive");
    }

    /** host:port, or [v6]:port, for log lines. */
    public String server() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
