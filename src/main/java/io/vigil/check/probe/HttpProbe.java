package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * HTTP_GET / SSL_GET: each url in turn, on a fresh connection; all must pass (status in the accepted ranges, MD5
 * digest equal, regex found or, with regex_no_match, not found).
 */
public final class HttpProbe implements Probe {
    private final CheckerSettings.Http settings;
    private final InetSocketAddress target;
    private final ProbeResult.Up success;
    /** SSL_GET's TLS context (null for HTTP_GET); {@link #tlsProblem} when the SSL block's files cannot be used. */
    private final SSLContext tls;
    private final String tlsProblem;

    HttpProbe(CheckerSettings.Http settings, RealServerKey rs) {
        this.settings = settings;
        this.target = settings.connect().target(rs);
        this.success = new ProbeResult.Up(settings.kind() + " " + target + " success");
        SSLContext context = null;
        String problem = null;
        if (settings.ssl()) {
            try {
                context = TlsClientContext.of(settings.tls());
            } catch (IOException | RuntimeException e) {
                problem = "SSL error: " + e.getMessage();
            }
        }
        this.tls = context;
        this.tlsProblem = problem;
    }

    @Override
    public ProbeResult check() {
        String kind = settings.kind();
        if (tlsProblem != null) return new ProbeResult.Down(kind + " " + target + ": " + tlsProblem);
        for (CheckerSettings.UrlCheck url : settings.urls()) {
            HttpFetcher.Response r;
            try {
                String host = url.virtualhost() != null ? url.virtualhost() : settings.virtualhost();
                r = HttpFetcher.get(settings.connect(), target, tls, settings.enableSni(), host, url.path(),
                        settings.protocol(), url.regex() != null);
            } catch (IOException | RuntimeException e) {
                return new ProbeResult.Down(kind + " " + target + url.path() + ": " + Sockets.describe(e, settings.connect()));
            }
            if (url.statusCodes().stream().noneMatch(c -> c.contains(r.status())))
                return new ProbeResult.Down(kind + " " + target + url.path() + ": HTTP status code error, got " + r.status());
            if (url.digestHex() != null && !url.digestHex().equals(r.md5Hex()))
                return new ProbeResult.Down(kind + " " + target + url.path() + ": MD5 digest error, got " + r.md5Hex() + " expected " + url.digestHex());
            if (url.regex() != null) {
                boolean found = regexFound(url, r.keptBodyText());
                if (found == url.regexNoMatch())
                    return new ProbeResult.Down(kind + " " + target + url.path() + ": regex " + (found ? "matched (regex_no_match)" : "not found") + ": " + url.regex().pattern());
            }
        }
        return success;
    }

    /**
     * keepalived's check_regex: a match must start at or after regex_min_offset (lookbehind and \b still see the bytes
     * before it, ^ does not match there: PCRE2's start offset), at or before regex_max_offset, and with firstline at or
     * before the first newline from the start offset. The body is Latin-1 text, one char per byte, so offsets are bytes.
     */
    static boolean regexFound(CheckerSettings.UrlCheck url, String body) {
        int from = url.regexMinOffset();
        if (from > body.length()) return false;
        java.util.regex.Matcher m = url.regex().matcher(body).region(from, body.length())
                .useTransparentBounds(true).useAnchoringBounds(false);
        if (!m.find()) return false;
        if (url.regexMaxOffset() >= 0 && m.start() > url.regexMaxOffset()) return false;
        if (url.regexFirstLine()) {
            int newline = body.indexOf('\n', from);
            if (newline >= 0 && m.start() > newline) return false;
        }
        return true;
    }
}
