package io.vigil.check;

import io.vigil.net.IpLiteral;
import io.vigil.check.probe.HttpFetcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;

/**
 * keepalived's genhash ({@code keepalived -T}): fetches a URL and prints the MD5 digest of its body, for writing
 * {@code digest} lines. Same options and output as keepalived 2.2.7: the digest alone on a line.
 */
public final class GenHash {
    private GenHash() {}

    public static final String USAGE = """
            Usage: vigil genhash -s server-address -p port -u url [OPTIONS]
              --use-ssl         -S   Use SSL connection to remote server.
              --use-sni         -I   Use SNI during SSL handshake (uses virtualhost setting; see -V).
              --server          -s   Use the specified remote server address.
              --port            -p   Use the specified remote server port.
              --url             -u   Use the specified remote server url.
              --use-virtualhost -V   Use the specified virtualhost in GET query.
              --protocol        -P   HTTP protocol: 1.0, 1.0c (1.0 with 'Connection: close') or 1.1.
              --timeout         -t   Timeout in seconds (default 5).
              --verbose         -v   Also print the status line and body size.
              --help            -h   Display this help.""";

    /** Runs genhash; returns the exit status (0 ok, 1 fetch failed, 2 usage error). */
    public static int run(String[] args, PrintStream out) {
        String server = null, url = null, vhost = null;
        int port = -1;
        boolean ssl = false, sni = false, verbose = false;
        long timeoutMillis = 5000;
        CheckerSettings.HttpProtocol protocol = CheckerSettings.HttpProtocol.HTTP_1_0;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-S", "--use-ssl" -> ssl = true;
                    case "-I", "--use-sni" -> sni = true;
                    case "-v", "--verbose" -> verbose = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    case "-s", "--server" -> server = args[++i];
                    case "-p", "--port" -> port = Integer.parseInt(args[++i]);
                    case "-u", "--url" -> url = args[++i];
                    case "-V", "--use-virtualhost" -> vhost = args[++i];
                    case "-P", "--protocol" -> protocol = CheckerSettings.HttpProtocol.parse(args[++i]);
                    case "-t", "--timeout" -> timeoutMillis = Long.parseLong(args[++i]) * 1000;
                    case "-T", "--genhash", "genhash" -> { /* the command name itself */ }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (server == null || url == null) throw new IllegalArgumentException("-s server and -u url are required");
        } catch (ArrayIndexOutOfBoundsException e) {
            out.println("genhash: " + args[args.length - 1] + " needs a value (vigil -T -h lists the options)");
            return 2;
        } catch (IllegalArgumentException e) {
            out.println("genhash: " + e.getMessage() + " (vigil -T -h lists the options)");
            return 2;
        }
        if (port < 0) port = ssl ? 443 : 80;
        InetSocketAddress target;
        try {
            target = new InetSocketAddress(IpLiteral.parse(server), port);
        } catch (IllegalArgumentException e) {
            out.println("genhash: " + e.getMessage());
            return 2;
        }
        CheckerSettings.Connect co = CheckerSettings.Connect.toRealServer().withTimeout(timeoutMillis);
        try {
            HttpFetcher.Response r = HttpFetcher.get(co, target, ssl, sni, vhost, url, protocol, false);
            if (verbose) {
                out.println(r.statusLine());
                out.println("body bytes: " + r.bodyBytes());
            }
            out.println(r.md5Hex());
            return 0;
        } catch (IOException | RuntimeException e) {
            out.println("genhash: cannot fetch " + (ssl ? "https" : "http") + "://" + target + url + ": " + e.getMessage());
            return 1;
        }
    }
}
