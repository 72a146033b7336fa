package io.vigil.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.vigil.config.Keyword.block;
import static io.vigil.config.Keyword.flag;
import static io.vigil.config.Keyword.value;
import static io.vigil.config.SharedKeywords.ALPHA;
import static io.vigil.config.SharedKeywords.CONNECT_TIMEOUT;
import static io.vigil.config.SharedKeywords.DELAY_BEFORE_RETRY;
import static io.vigil.config.SharedKeywords.DELAY_LOOP;
import static io.vigil.config.SharedKeywords.RETRY;
import static io.vigil.config.SharedKeywords.VIRTUALHOST;
import static io.vigil.config.SharedKeywords.WARMUP;

/** Keywords of the health checkers (TCP_CHECK, HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK, MISC_CHECK, FILE_CHECK, BFD_CHECK; Vigil's vigil_GRPC_CHECK). */
final class CheckerSchema {
    private CheckerSchema() {
    }

    /** {@code 200 300-399 ...}: ranges of HTTP status codes. */
    static final ValueType<List<Checker.StatusRange>> STATUS_CODES = new ValueType<>() {
        @Override
        public List<Checker.StatusRange> parse(Args a) {
            if (!a.count(1, Integer.MAX_VALUE)) {
                return null;
            }
            List<Checker.StatusRange> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                String t = a.text(i);
                int dash = t.indexOf('-');
                try {
                    int lo = Integer.parseInt(dash < 0 ? t : t.substring(0, dash));
                    int hi = dash < 0 ? lo : Integer.parseInt(t.substring(dash + 1));
                    if (lo < 100 || hi > 599 || lo > hi) {
                        return a.error(i, "HTTP status code range outside 100..599");
                    }
                    out.add(new Checker.StatusRange(lo, hi));
                } catch (NumberFormatException e) {
                    return a.error(i, "not an HTTP status code or range");
                }
            }
            return List.copyOf(out);
        }

        @Override
        public String syntax() {
            return "CODE|LOW-HIGH ...";
        }

        @Override
        public String format(List<Checker.StatusRange> v) {
            StringBuilder sb = new StringBuilder();
            for (Checker.StatusRange r : v) {
                sb.append(sb.isEmpty() ? "" : " ").append(r.low()).append(r.low() == r.high() ? "" : "-" + r.high());
            }
            return sb.toString();
        }
    };

    /** Hex digits, blanks allowed between groups: {@code Ab12f 3 456}. */
    static final ValueType<String> HEX = new ValueType<>() {
        @Override
        public String parse(Args a) {
            String s = a.joined(0);
            return s.matches("[0-9A-Fa-fXx ]*") ? s : a.error(0, "expected hexadecimal digits");
        }

        @Override
        public String syntax() {
            return "HEX";
        }
    };

    // ---- connection (all checkers but MISC, FILE and BFD)
    static final Keyword<InetAddress> CONNECT_IP = value("connect_ip", Types.ip(), "Address to probe (default: the real server's).");
    static final Keyword<Integer> CONNECT_PORT = value("connect_port", Types.integer(0, 65535), "Port to probe (default: the real server's).");
    static final Keyword<InetAddress> BINDTO = value("bindto", Types.ip(), "Source address of probes.");
    static final Keyword<String> BIND_IF = value("bind_if", Types.ifname(),
            "Interface of the probe (needed for an IPv6 link-local target): SO_BINDTODEVICE on TCP_CHECK; on the other checkers"
                    + " the interface is the link-local target's scope, and bind_if with another target is refused.");
    static final Keyword<Integer> BIND_PORT = value("bind_port", Types.integer(0, 65535), "Source port of probes.");
    static final Keyword<Integer> FWMARK = value("fwmark", Types.integer(0, Integer.MAX_VALUE), "Firewall mark set on probe packets.");
    static final Keyword<Boolean> LOG_ALL_FAILURES = flag("log_all_failures", "Log every failed probe (retries included) while the server is up, not only state changes.");

    private static final Keyword<?>[] TIMING = {ALPHA, CONNECT_TIMEOUT, RETRY, DELAY_BEFORE_RETRY, WARMUP, DELAY_LOOP, LOG_ALL_FAILURES};
    private static final Keyword<?>[] CONNECTION = {CONNECT_IP, CONNECT_PORT, BINDTO, BIND_IF, BIND_PORT, FWMARK};

    private static BlockSchema probe(String name, String doc) {
        return new BlockSchema(name, doc, null).add(CONNECTION).add(TIMING);
    }

    // ---- HTTP_GET / SSL_GET
    static final Keyword<String> PATH = value("path", Types.word("PATH"), "URL path to fetch.");
    static final Keyword<String> DIGEST = value("digest", Types.word("MD5HEX"), "MD5 of the expected body (keepalived's genhash prints it).");
    static final Keyword<List<Checker.StatusRange>> STATUS_CODE = value("status_code", STATUS_CODES, "Status codes that mean up.")
            .defaultText("200-299");
    static final Keyword<String> REGEX = value("regex", Types.word("REGEX"), "Pattern the body must match.");
    static final Keyword<Boolean> REGEX_NO_MATCH = flag("regex_no_match", "The body must NOT match regex.");
    static final Keyword<String> REGEX_OPTIONS = value("regex_options", Types.text("OPTION ..."),
            "PCRE2 options for regex, mapped onto java.util.regex: " + UrlRegex.OPTIONS_DOC);
    static final Keyword<Integer> REGEX_MIN_OFFSET = value("regex_min_offset", Types.integer(0, Integer.MAX_VALUE),
            "First body offset (bytes) where a regex match may start; lookbehind still sees the bytes before it.");
    static final Keyword<Integer> REGEX_MAX_OFFSET = value("regex_max_offset", Types.integer(0, Integer.MAX_VALUE - 1),
            "Last body offset (bytes) where a regex match may start.");
    static final BlockSchema URL = new BlockSchema("url", "One URL to check.", null)
            .add(PATH, DIGEST, STATUS_CODE, VIRTUALHOST, REGEX, REGEX_NO_MATCH, REGEX_OPTIONS, REGEX_MIN_OFFSET, REGEX_MAX_OFFSET)
            .add(Unsupported.notApplicable("Vigil's regex engine (java.util.regex) has no PCRE2 match stack to size", "regex_stack"));
    static final Keyword<Section> URL_BLOCK = block("url", URL, "A URL to check (repeatable).").repeatable();
    static final Keyword<String> HTTP_PROTOCOL = value("http_protocol", Types.words("1.0", "1.0C", "1.1"),
            "HTTP version of requests (1.0C: 1.0 with Connection: close).").defaultsTo("1.0");
    static final Keyword<Boolean> FAST_RECOVERY = flag("fast_recovery", "Check all URLs at once when recovering.")
            .notApplicable("Vigil checks every url of the checker, one after the other, in each probe, so a server always recovers"
                    + " as keepalived's fast_recovery makes it (keepalived checks one url per delay_loop otherwise)");
    static final Keyword<Boolean> ENABLE_SNI = flag("enable_sni", "Send SNI in the TLS handshake (SSL_GET).");

    static final BlockSchema HTTP_GET = probe("HTTP_GET", "HTTP health check.")
            .add(URL_BLOCK, HTTP_PROTOCOL, VIRTUALHOST, FAST_RECOVERY, ENABLE_SNI)
            .override(DELAY_BEFORE_RETRY, Duration.ofSeconds(3));
    static final BlockSchema SSL_GET = probe("SSL_GET", "HTTPS health check.")
            .add(URL_BLOCK, HTTP_PROTOCOL, VIRTUALHOST, FAST_RECOVERY, ENABLE_SNI)
            .override(DELAY_BEFORE_RETRY, Duration.ofSeconds(3));

    // ---- SMTP_CHECK
    static final Keyword<String> HELO_NAME = value("helo_name", Types.word("NAME"), "Name sent with HELO.").defaultsTo("localhost");
    static final BlockSchema SMTP_HOST = new BlockSchema("host", "Legacy: a further address to check.", null).add(CONNECTION);
    static final Keyword<Section> SMTP_HOST_BLOCK = block("host", SMTP_HOST, "Legacy: a further address to check (repeatable).").repeatable();
    static final BlockSchema SMTP_CHECK = probe("SMTP_CHECK", "SMTP health check (HELO dialogue).").add(HELO_NAME, SMTP_HOST_BLOCK);

    // ---- DNS_CHECK
    static final Keyword<String> DNS_TYPE = value("type", Types.choice(dnsTypes(), true), "Query type.").defaultsTo("SOA");
    static final Keyword<String> DNS_NAME = value("name", Types.word("DOMAIN"), "Name to query.").defaultsTo(".");
    static final BlockSchema DNS_CHECK = probe("DNS_CHECK", "DNS health check over UDP.").add(DNS_TYPE, DNS_NAME)
            .override(RETRY, 3);

    // ---- UDP_CHECK
    static final Keyword<String> PAYLOAD = value("payload", HEX, "Data to send (default: random).");
    static final Keyword<String> REQUIRE_REPLY = value("require_reply", HEX, "A reply is required; with DATA, the reply's first bytes (as many as both have) must match it (X: any nibble).");
    static final Keyword<Integer> MIN_REPLY_LENGTH = value("min_reply_length", Types.integer(0, 65535),
            "Shortest acceptable reply, checked with require_reply DATA (as keepalived).").defaultsTo(0);
    static final Keyword<Integer> MAX_REPLY_LENGTH = value("max_reply_length", Types.integer(0, 65535),
            "Longest acceptable reply, checked with require_reply DATA (as keepalived).").defaultsTo(255);
    static final BlockSchema UDP_CHECK = probe("UDP_CHECK", "UDP health check (ICMP errors mean down).")
            .add(PAYLOAD, REQUIRE_REPLY, MIN_REPLY_LENGTH, MAX_REPLY_LENGTH);

    static final BlockSchema TCP_CHECK = probe("TCP_CHECK", "TCP connect health check.");
    static final BlockSchema PING_CHECK = probe("PING_CHECK", "ICMP echo health check.");

    // ---- vigil_GRPC_CHECK (Vigil only)
    static final Keyword<String> GRPC_SERVICE = value("service", Types.word("NAME"),
            "Service name sent in the HealthCheckRequest (default: the empty name, the whole server).");
    static final Keyword<Boolean> GRPC_TLS = flag("tls", "Call over TLS, h2 negotiated by ALPN (the certificate is not verified, as SSL_GET); default: plaintext HTTP/2 with prior knowledge.");
    static final BlockSchema GRPC_CHECK = probe("vigil_GRPC_CHECK",
            "Vigil-specific: gRPC health check (grpc.health.v1.Health/Check over HTTP/2); up when SERVING within connect_timeout.")
            .add(GRPC_SERVICE, GRPC_TLS);

    // ---- MISC_CHECK
    static final Keyword<Script> MISC_PATH = value("misc_path", Types.script(), "Script to run; exit 0 means up.");
    static final Keyword<Duration> MISC_TIMEOUT = value("misc_timeout", Types.timer(0.000001, 2147), "Seconds before the script is killed (default: delay_loop).");
    static final Keyword<Boolean> MISC_DYNAMIC = flag("misc_dynamic", "Exit codes 2..255 set the weight to code - 2.");
    static final BlockSchema MISC_CHECK = new BlockSchema("MISC_CHECK", "Script health check.", null)
            .add(MISC_PATH, MISC_TIMEOUT, MISC_DYNAMIC, VrrpSchema.USER).add(TIMING).override(RETRY, 0);

    // ---- FILE_CHECK / BFD_CHECK
    static final Keyword<String> TRACK_FILE_NAME = value("track_file", Types.word("NAME"), "track_file block to read.");
    static final Keyword<Boolean> FILE_DYNAMIC = flag("dynamic", "The file's value adjusts the weight.")
            .refused("not a keepalived 2.2.7 keyword, and Vigil does not act on it: FILE_CHECK takes weight N [reverse]");
    static final Keyword<Vrrp.Weight> FILE_WEIGHT = value("weight", VrrpSchema.weight(-2147483647, 2147483647), "Multiplier of the file's value.")
            .defaultsTo(new Vrrp.Weight(1, false));
    static final BlockSchema FILE_CHECK = new BlockSchema("FILE_CHECK", "Health from a tracked file.", null)
            .add(TRACK_FILE_NAME, FILE_DYNAMIC, FILE_WEIGHT);
    static final Keyword<String> BFD_NAME = value("name", Types.word("NAME"),
            "bfd_instance to follow (one whose events go to the checkers: not 'vrrp' alone).");
    static final BlockSchema BFD_CHECK = new BlockSchema("BFD_CHECK",
            "Health from a BFD session: the real server is down while the session is not Up (no probe, no retry; its weight is"
                    + " untouched: a bfd_instance's weight is for VRRP). BFD runs in the VRRP process, or with -C in the checker"
                    + " process. With alpha it starts down until the session is first reported Up.", null).add(BFD_NAME, ALPHA);

    static final Map<Keyword<Section>, BlockSchema> BY_KEYWORD = new LinkedHashMap<>();
    static final Keyword<?>[] CHECKERS;

    static {
        for (BlockSchema b : List.of(TCP_CHECK, HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK, MISC_CHECK, FILE_CHECK, BFD_CHECK, GRPC_CHECK)) {
            Keyword<Section> k = block(b.name(), b, b.doc() + " (repeatable)").repeatable();
            if (b == GRPC_CHECK) {
                k.vigilOnly();
            }
            BY_KEYWORD.put(k, b);
        }
        CHECKERS = BY_KEYWORD.keySet().toArray(new Keyword<?>[0]);
    }

    private static Map<String, String> dnsTypes() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String t : List.of("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA")) {
            m.put(t, t);
        }
        return m;
    }
}
