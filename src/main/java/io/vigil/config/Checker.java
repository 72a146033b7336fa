package io.vigil.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** A health checker of a real server, with keepalived's defaults and the inherited settings applied. */
public sealed interface Checker {

    /** Where a probe connects: defaults are the real server's address and port. */
    record Connection(InetAddress connectIp, Optional<Integer> connectPort, Optional<InetAddress> bindTo, Optional<String> bindInterface,
                      Optional<Integer> bindPort, Optional<Integer> fwmark) { }

    /**
     * When and how often: a failed probe is retried {@code retry} times {@code delayBeforeRetry} apart before the
     * server counts as down; probes run every {@code delayLoop}; {@code alpha} starts the server as down.
     */
    record Timing(Duration connectTimeout, int retry, Duration delayBeforeRetry, Duration delayLoop, Optional<Duration> warmup,
                  boolean alpha, boolean logAllFailures) { }

    record TcpCheck(Connection connection, Timing timing) implements Checker { }

    /** HTTP status codes that count as success, inclusive ranges. */
    record StatusRange(int low, int high) {
        public boolean contains(int code) {
            return code >= low && code <= high;
        }
    }

    /** {@code url { path ... digest ... status_code ... }} of HTTP_GET / SSL_GET. */
    record Url(String path, Optional<String> digest, List<StatusRange> statusCodes, Optional<String> virtualhost,
               Optional<Regex> regex, boolean regexNoMatch) { }

    /**
     * A url's regex as java.util.regex runs it: {@code flags} for Pattern.compile (regex_options mapped), and where a
     * match may start: at or after {@code minOffset}, at or before {@code maxOffset} (-1: anywhere), and with
     * {@code firstLine} at or before the first newline from {@code minOffset} (PCRE2's firstline).
     */
    record Regex(String pattern, int flags, boolean firstLine, int minOffset, int maxOffset) { }

    /** HTTP_GET, or SSL_GET when {@code ssl}. */
    record HttpCheck(boolean ssl, Connection connection, Timing timing, List<Url> urls, String httpProtocol,
                     Optional<String> virtualhost, boolean fastRecovery, boolean enableSni) implements Checker { }

    /** SMTP_CHECK; legacy {@code host { }} blocks give further addresses to check. */
    record SmtpCheck(Connection connection, Timing timing, String heloName, List<Connection> extraHosts) implements Checker { }

    record DnsCheck(Connection connection, Timing timing, String type, String name) implements Checker { }

    /** UDP_CHECK; empty payload means a random one. The payload array is copied in and out (the record stays immutable). */
    record UdpCheck(Connection connection, Timing timing, Optional<byte[]> payload, boolean requireReply, Optional<String> replyPattern,
                    int minReplyLength, int maxReplyLength) implements Checker {
        public UdpCheck {
            payload = payload.map(byte[]::clone);
        }

        @Override
        public Optional<byte[]> payload() {
            return payload.map(byte[]::clone);
        }

        /** require_reply's bytes (X nibbles as 0), as keepalived reads them. */
        public Optional<byte[]> replyData() {
            return replyPattern.map(LvsModelBuilder::hex);
        }

        /** require_reply's mask: F in each X nibble (matches anything). */
        public Optional<byte[]> replyMask() {
            return replyPattern.map(LvsModelBuilder::hexMask);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UdpCheck u && connection.equals(u.connection) && timing.equals(u.timing)
                    && java.util.Arrays.equals(payload.orElse(null), u.payload.orElse(null)) && requireReply == u.requireReply
                    && replyPattern.equals(u.replyPattern) && minReplyLength == u.minReplyLength && maxReplyLength == u.maxReplyLength;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(connection, timing, java.util.Arrays.hashCode(payload.orElse(null)), requireReply, replyPattern,
                    minReplyLength, maxReplyLength);
        }

        @Override
        public String toString() {
            return "UdpCheck[" + connection + ", " + timing + ", payload=" + payload.map(HexFormat.of()::formatHex).orElse("random")
                    + ", requireReply=" + requireReply + ", replyPattern=" + replyPattern + ", minReplyLength=" + minReplyLength
                    + ", maxReplyLength=" + maxReplyLength + "]";
        }
    }

    record PingCheck(Connection connection, Timing timing) implements Checker { }

    /** vigil_GRPC_CHECK (Vigil only): grpc.health.v1.Health/Check of {@code service} ("" = the whole server). */
    record GrpcCheck(Connection connection, Timing timing, String service, boolean tls) implements Checker { }

    /** MISC_CHECK: a script decides; with {@code dynamic} its exit code above 1 sets the weight. */
    record MiscCheck(Script path, Optional<Duration> timeout, boolean dynamic, Optional<String> user, Timing timing) implements Checker { }

    record FileCheck(String trackFile, boolean dynamic, Vrrp.Weight weight) implements Checker { }

    /** BFD_CHECK: follows the bfd_instance {@code name} (one whose events go to the checkers). */
    /** BFD_CHECK: follows bfd_instance {@code name}; {@code alpha} as inherited (the block's, else the real server's, else the virtual server's). */
    record BfdCheck(String name, boolean alpha) implements Checker { }
}
