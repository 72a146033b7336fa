package io.vigil.check;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One health checker of a real server, as configured. One record per keepalived checker kind; the config
 * reader maps keepalived.conf onto these. All durations are in milliseconds.
 */
public sealed interface CheckerSettings {
    Timing timing();

    /** keepalived's name of this checker kind, e.g. {@code TCP_CHECK}. */
    String kind();

    /**
     * Common scheduling options.
     *
     * @param delayLoopMillis        time between checks (keepalived: {@code delay_loop}, inherited from the virtual server)
     * @param retry                  failures tolerated before the checker goes down ({@code retry}, legacy {@code nb_get_retry})
     * @param delayBeforeRetryMillis time between a failure and its retry ({@code delay_before_retry})
     * @param warmupMillis           first check at a random time in [0, warmup) ({@code warmup}; keepalived defaults it to delay_loop)
     * @param logAllFailures         log every failed probe while the server is up, retries included, not only the
     *                               verdict ({@code log_all_failures}, global {@code checker_log_all_failures})
     * @param alpha                  {@code alpha} of the checker or its real server where it differs from the virtual
     *                               server's; null: the virtual server's
     */
    record Timing(long delayLoopMillis, int retry, long delayBeforeRetryMillis, long warmupMillis, boolean logAllFailures, Boolean alpha) {
        public Timing {
            if (delayLoopMillis <= 0) throw new IllegalArgumentException("delay_loop must be > 0");
            if (retry < 0) throw new IllegalArgumentException("retry must be >= 0");
            if (delayBeforeRetryMillis < 0 || warmupMillis < 0) throw new IllegalArgumentException("negative delay");
        }

        public Timing(long delayLoopMillis, int retry, long delayBeforeRetryMillis, long warmupMillis) {
            this(delayLoopMillis, retry, delayBeforeRetryMillis, warmupMillis, false, null);
        }

        public Timing(long delayLoopMillis, int retry, long delayBeforeRetryMillis, long warmupMillis, boolean logAllFailures) {
            this(delayLoopMillis, retry, delayBeforeRetryMillis, warmupMillis, logAllFailures, null);
        }

        /**
         * keepalived 2.2 defaults for a checker kind under a virtual server with the given delay_loop: retry 1
         * (MISC_CHECK 0, DNS_CHECK 3), delay_before_retry 1 s (HTTP_GET/SSL_GET 3 s, DNS_CHECK delay_loop),
         * warmup = delay_loop.
         */
        public static Timing keepalivedDefaults(String kind, long delayLoopMillis) {
            return switch (kind) {
                case "MISC_CHECK", "FILE_CHECK" -> new Timing(delayLoopMillis, 0, 1000, delayLoopMillis);
                case "DNS_CHECK" -> new Timing(delayLoopMillis, 3, delayLoopMillis, delayLoopMillis);
                case "HTTP_GET", "SSL_GET" -> new Timing(delayLoopMillis, 1, 3000, delayLoopMillis);
                default -> new Timing(delayLoopMillis, 1, 1000, delayLoopMillis);
            };
        }

        public Timing withRetry(int r) {
            return new Timing(delayLoopMillis, r, delayBeforeRetryMillis, warmupMillis, logAllFailures, alpha);
        }

        public Timing withDelayBeforeRetry(long millis) {
            return new Timing(delayLoopMillis, retry, millis, warmupMillis, logAllFailures, alpha);
        }

        public Timing withWarmup(long millis) {
            return new Timing(delayLoopMillis, retry, delayBeforeRetryMillis, millis, logAllFailures, alpha);
        }

        public Timing withLogAllFailures(boolean on) {
            return new Timing(delayLoopMillis, retry, delayBeforeRetryMillis, warmupMillis, on, alpha);
        }

        /** {@code alpha} set on the real server or the checker itself (keepalived inherits checker, then real server, then virtual server). */
        public Timing withAlpha(Boolean on) {
            return new Timing(delayLoopMillis, retry, delayBeforeRetryMillis, warmupMillis, logAllFailures, on);
        }

        /** This checker's alpha: its own or its real server's where set, else the virtual server's. */
        public boolean alpha(VirtualServerSettings vs) {
            return alpha != null ? alpha : vs.alpha();
        }
    }

    /**
     * Where a checker connects. A null {@code ip} or a zero {@code port} means the real server's own.
     *
     * @param connectTimeoutMillis keepalived {@code connect_timeout} (default 5 s); for HTTP it bounds each read too
     * @param fwmark               SO_MARK on the checker's socket (0: none; not settable from the JDK, see README of the package)
     * @param bindIf               bind_if: SO_BINDTODEVICE on TCP_CHECK's socket; the scope of a link-local target for the others (null: none)
     */
    record Connect(InetAddress ip, int port, InetAddress bindTo, int bindPort, long connectTimeoutMillis, int fwmark, String bindIf) {
        public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5000;

        /** Without bind_if. */
        public Connect(InetAddress ip, int port, InetAddress bindTo, int bindPort, long connectTimeoutMillis, int fwmark) {
            this(ip, port, bindTo, bindPort, connectTimeoutMillis, fwmark, null);
        }

        public static Connect toRealServer() {
            return new Connect(null, 0, null, 0, DEFAULT_CONNECT_TIMEOUT_MILLIS, 0);
        }

        public static Connect to(InetAddress ip, int port) {
            return new Connect(ip, port, null, 0, DEFAULT_CONNECT_TIMEOUT_MILLIS, 0);
        }

        public Connect withTimeout(long millis) {
            return new Connect(ip, port, bindTo, bindPort, Math.max(1, millis), fwmark, bindIf);
        }

        public Connect withBind(InetAddress address, int port) {
            return new Connect(ip, this.port, address, port, connectTimeoutMillis, fwmark, bindIf);
        }

        public Connect withBindIf(String ifname) {
            return new Connect(ip, port, bindTo, bindPort, connectTimeoutMillis, fwmark, ifname);
        }

        /**
         * The address to connect to, filling in the real server's address and port where not set. With bind_if, an
         * IPv6 link-local address carries the interface as its scope (the JDK's sockets cannot set SO_BINDTODEVICE;
         * for a link-local peer the scope picks the same interface); an interface that does not exist leaves it unscoped.
         */
        public java.net.InetSocketAddress target(RealServerKey rs) {
            InetAddress a = ip != null ? ip : rs.address();
            if (bindIf != null && a instanceof java.net.Inet6Address v6 && v6.isLinkLocalAddress() && v6.getScopeId() == 0) {
                try {
                    java.net.NetworkInterface nif = java.net.NetworkInterface.getByName(bindIf);
                    if (nif != null) a = java.net.Inet6Address.getByAddress(null, v6.getAddress(), nif);
                } catch (java.io.IOException e) {
                    // no such interface now: connect fails as unscoped, which the probe reports
                }
            }
            return new java.net.InetSocketAddress(a, port != 0 ? port : rs.port());
        }
    }

    record Tcp(Timing timing, Connect connect) implements CheckerSettings {
        public String kind() { return "TCP_CHECK"; }
    }

    enum HttpProtocol {
        /** {@code GET path HTTP/1.0} */
        HTTP_1_0("HTTP/1.0", false),
        /** keepalived's "1.0C": HTTP/1.0 with {@code Connection: close} */
        HTTP_1_0C("HTTP/1.0", true),
        /** HTTP/1.1, always with {@code Connection: close}: one fresh connection per probe */
        HTTP_1_1("HTTP/1.1", true);

        public final String version;
        public final boolean connectionClose;

        HttpProtocol(String version, boolean connectionClose) {
            this.version = version;
            this.connectionClose = connectionClose;
        }

        public static HttpProtocol parse(String s) {
            return switch (s) {
                case "1.0" -> HTTP_1_0;
                case "1.0C", "1.0c" -> HTTP_1_0C;
                case "1.1" -> HTTP_1_1;
                default -> throw new IllegalArgumentException("http_protocol must be 1.0, 1.0C or 1.1: " + s);
            };
        }
    }

    /** An inclusive range of accepted HTTP status codes (a single code is a range of one). */
    record StatusRange(int from, int to) {
        public StatusRange {
            if (from < 100 || to > 599 || from > to) throw new IllegalArgumentException("bad status range " + from + "-" + to);
        }

        public boolean contains(int code) {
            return code >= from && code <= to;
        }

        /** Parses {@code 200} or {@code 200-299}. */
        public static StatusRange parse(String s) {
            int dash = s.indexOf('-');
            if (dash < 0) return new StatusRange(Integer.parseInt(s.trim()), Integer.parseInt(s.trim()));
            return new StatusRange(Integer.parseInt(s.substring(0, dash).trim()), Integer.parseInt(s.substring(dash + 1).trim()));
        }
    }

    /**
     * One {@code url} block. No status codes means 200-299. A null digest or regex is not checked.
     *
     * @param digestHex    expected MD5 of the body, lower-case hex
     * @param regexNoMatch true: the check fails when {@code regex} is found (keepalived {@code regex_no_match})
     * @param virtualhost  Host header for this url only (overrides the checker's)
     */
    record UrlCheck(String path, String digestHex, List<StatusRange> statusCodes, Pattern regex, boolean regexNoMatch,
                    String virtualhost, int regexMinOffset, int regexMaxOffset, boolean regexFirstLine) {
        public UrlCheck {
            Objects.requireNonNull(path, "path");
            statusCodes = statusCodes == null || statusCodes.isEmpty() ? List.of(new StatusRange(200, 299)) : List.copyOf(statusCodes);
            digestHex = digestHex == null ? null : digestHex.toLowerCase(java.util.Locale.ROOT);
        }

        /** Without regex_min_offset / regex_max_offset (-1: none) / firstline. */
        public UrlCheck(String path, String digestHex, List<StatusRange> statusCodes, Pattern regex, boolean regexNoMatch, String virtualhost) {
            this(path, digestHex, statusCodes, regex, regexNoMatch, virtualhost, 0, -1, false);
        }

        public static UrlCheck path(String path) {
            return new UrlCheck(path, null, List.of(), null, false, null);
        }

        public UrlCheck withDigest(String hex) {
            return new UrlCheck(path, hex, statusCodes, regex, regexNoMatch, virtualhost, regexMinOffset, regexMaxOffset, regexFirstLine);
        }

        public UrlCheck withStatus(String... ranges) {
            return new UrlCheck(path, digestHex, java.util.Arrays.stream(ranges).map(StatusRange::parse).toList(), regex, regexNoMatch, virtualhost,
                    regexMinOffset, regexMaxOffset, regexFirstLine);
        }

        public UrlCheck withRegex(String re, boolean noMatch) {
            return new UrlCheck(path, digestHex, statusCodes, Pattern.compile(re, Pattern.UNIX_LINES), noMatch, virtualhost,
                    regexMinOffset, regexMaxOffset, regexFirstLine);
        }
    }

    /** HTTP_GET ({@code ssl} false) or SSL_GET ({@code ssl} true; no certificate verification, as keepalived). */
    record Http(Timing timing, Connect connect, boolean ssl, List<UrlCheck> urls, String virtualhost, boolean enableSni,
                HttpProtocol protocol, TlsClient tls) implements CheckerSettings {
        public Http {
            if (urls == null || urls.isEmpty()) throw new IllegalArgumentException("HTTP_GET/SSL_GET needs at least one url");
            urls = List.copyOf(urls);
            if (protocol == null) protocol = HttpProtocol.HTTP_1_0;
        }

        public Http(Timing timing, Connect connect, boolean ssl, List<UrlCheck> urls, String virtualhost, boolean enableSni,
                    HttpProtocol protocol) {
            this(timing, connect, ssl, urls, virtualhost, enableSni, protocol, null);
        }

        public String kind() { return ssl ? "SSL_GET" : "HTTP_GET"; }
    }

    /**
     * The top-level SSL block of SSL_GET (PEM files): the client certificate chain and key ({@code password} decrypts
     * it), and {@code ca}, whose certificates complete the client's chain as OpenSSL's auto-chain does for keepalived.
     * As keepalived, the server's certificate is not verified. The password never shows in {@link #toString()}.
     */
    record TlsClient(java.nio.file.Path certificate, java.nio.file.Path key, String password, java.nio.file.Path ca) {
        @Override
        public String toString() {
            return "TlsClient[certificate=" + certificate + ", key=" + key + ", password=" + (password == null ? "(none)" : "(set)")
                    + ", ca=" + ca + "]";
        }
    }

    /**
     * MISC_CHECK: runs {@code command} (argv; misc_path split as keepalived does).
     *
     * @param timeoutMillis 0 means delay_loop, as keepalived
     * @param dynamic       exit 2..255 sets the weight to exit-2 ({@code misc_dynamic})
     * @param user          run as this user (null: as Vigil)
     */
    record Misc(Timing timing, List<String> command, long timeoutMillis, boolean dynamic, String user) implements CheckerSettings {
        public Misc {
            if (command == null || command.isEmpty()) throw new IllegalArgumentException("misc_path is empty");
            command = List.copyOf(command);
        }

        public String kind() { return "MISC_CHECK"; }

        public long effectiveTimeoutMillis() {
            return timeoutMillis > 0 ? timeoutMillis : timing.delayLoopMillis();
        }
    }

    /** SMTP_CHECK: every host must greet with 2xx, accept {@code HELO heloName} with 250 and QUIT. */
    record Smtp(Timing timing, List<Connect> hosts, String heloName) implements CheckerSettings {
        public Smtp {
            hosts = hosts == null || hosts.isEmpty() ? List.of(Connect.toRealServer().withTimeout(Connect.DEFAULT_CONNECT_TIMEOUT_MILLIS)) : List.copyOf(hosts);
            if (heloName == null) heloName = "localhost";
        }

        public String kind() { return "SMTP_CHECK"; }
    }

    /** DNS_CHECK over UDP: up when the server answers the query with NOERROR. Default type SOA, name ".". */
    record Dns(Timing timing, Connect connect, String type, String name) implements CheckerSettings {
        public Dns {
            if (type == null) type = "SOA";
            if (name == null) name = ".";
        }

        public String kind() { return "DNS_CHECK"; }
    }

    /**
     * UDP_CHECK: sends {@code payload}; with {@code requireReply} a reply must come within connect_timeout, without
     * it only an ICMP port-unreachable fails the check.
     */
    record Udp(Timing timing, Connect connect, byte[] payload, boolean requireReply, byte[] replyData, byte[] replyMask,
               int minReplyLength, int maxReplyLength) implements CheckerSettings {
        public Udp {
            payload = payload == null ? new byte[0] : payload.clone();
            replyData = replyData == null ? null : replyData.clone();
            replyMask = replyMask == null ? null : replyMask.clone();
        }

        /** Without require_reply DATA (keepalived's default lengths 0..255). */
        public Udp(Timing timing, Connect connect, byte[] payload, boolean requireReply) {
            this(timing, connect, payload, requireReply, null, null, 0, 255);
        }

        /**
         * keepalived's check_udp_reply, with require_reply DATA: the reply's length within [min, max], then its first
         * min(length, data length) bytes equal to the data where the mask is 0. Null when it passes, else the reason.
         */
        public String replyMismatch(byte[] reply, int length) {
            if (length < minReplyLength || length > maxReplyLength)
                return "reply of " + length + " bytes, outside " + minReplyLength + ".." + maxReplyLength;
            for (int i = 0; i < Math.min(length, replyData.length); i++) {
                int mask = replyMask == null ? 0 : replyMask[i] & 0xff;
                if (((reply[i] ^ replyData[i]) & ~mask & 0xff) != 0) return "reply data mismatch at byte " + i;
            }
            return null;
        }

        public String kind() { return "UDP_CHECK"; }
    }

    /** PING_CHECK: one ICMP echo (IPv4 or IPv6) answered within connect_timeout. */
    record Ping(Timing timing, Connect connect) implements CheckerSettings {
        public String kind() { return "PING_CHECK"; }
    }

    /**
     * vigil_GRPC_CHECK (Vigil only): {@code grpc.health.v1.Health/Check} for {@code service} ("" = the whole
     * server) over HTTP/2: plaintext with prior knowledge, or with {@code tls} over TLS negotiating h2 by ALPN (the
     * certificate is not verified, as keepalived's SSL_GET); up when the answer is SERVING within connect_timeout.
     */
    record Grpc(Timing timing, Connect connect, String service, boolean tls) implements CheckerSettings {
        public Grpc {
            java.util.Objects.requireNonNull(service, "service");
        }

        public String kind() { return "vigil_GRPC_CHECK"; }
    }

    /**
     * FILE_CHECK (track_file): the file holds an integer. With {@code weight} 0, a non-zero value fails the check;
     * otherwise the real server's weight becomes its configured weight + value x weight (negated with
     * {@code reverse}), and a result below 0 (or an unreadable file) fails it.
     */
    record File(Timing timing, Path path, int weight, boolean reverse) implements CheckerSettings {
        public String kind() { return "FILE_CHECK"; }
    }

    /**
     * BFD_CHECK (keepalived check_bfd.c): up while the named {@code bfd_instance} is Up, down while it is not. No probe
     * runs: the BFD session's events drive it ({@link CheckerService#bfdState}), and no retry applies. The real server's
     * weight is not touched (keepalived applies a bfd_instance's {@code weight} to VRRP only).
     */
    record Bfd(Timing timing, String session) implements CheckerSettings {
        public Bfd {
            java.util.Objects.requireNonNull(session, "session");
        }

        public String kind() { return "BFD_CHECK"; }
    }
}
