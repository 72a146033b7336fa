package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * HTTP_GET / SSL_GET: each url in turn, on a fresh connection; all must pass (status in the accepted ranges, MD5
 * digest equal, regex found or, with regex_no_match, not found).
 */
public final class HttpProbe implements Probe {
    private final CheckerSettings.Http settings;
    private final InetSocketAddress target;

    HttpProbe(CheckerSettings.Http settings, RealServerKey rs) {
        this.settings = settings;
        this.target = settings.connect().target(rs);
    }

    @Override
    public ProbeResult check() {
        String kind = settings.kind();
        for (CheckerSettings.UrlCheck url : settings.urls()) {
            String where = kind + " " + target + url.path();
            HttpFetcher.Response r;
            try {
                String host = url.virtualhost() != null ? url.virtualhost() : settings.virtualhost();
                r = HttpFetcher.get(settings.connect(), target, settings.ssl(), settings.enableSni(), host, url.path(),
                        settings.protocol(), url.regex() != null);
            } catch (IOException | RuntimeException e) {
                return new ProbeResult.Down(where + ": " + Sockets.describe(e, settings.connect()));
            }
            if (url.statusCodes().stream().noneMatch(c -> c.contains(r.status())))
                return new ProbeResult.Down(where + ": HTTP status code error, got " + r.status());
            if (url.digestHex() != null && !url.digestHex().equals(r.md5Hex()))
                return new ProbeResult.Down(where + ": MD5 digest error, got " + r.md5Hex() + " expected " + url.digestHex());
            if (url.regex() != null) {
                boolean found = url.regex().matcher(r.keptBodyText()).find();
                if (found == url.regexNoMatch())
                    return new ProbeResult.Down(where + ": regex " + (found ? "matched (regex_no_match)" : "not found") + ": " + url.regex().pattern());
            }
        }
        return new ProbeResult.Up(kind + " " + target + " success");
    }
}
