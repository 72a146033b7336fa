package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A small HTTP/1.x client on blocking sockets: one fresh connection per request, any Host header, TLS without
 * certificate verification (as keepalived), SNI only when asked. The body is digested (MD5) as it streams; only a
 * bounded prefix is kept, for regex checks.
 */
public final class HttpFetcher {
    /** Body bytes kept for regex matching. */
    public static final int MAX_KEPT_BODY_BYTES = 1 << 20;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final MessageDigest MD5;

    static {
        try {
            MD5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private HttpFetcher() {}

    /** The response as a checker sees it. */
    public record Response(int status, String statusLine, String md5Hex, long bodyBytes, byte[] keptBody) {
        public String keptBodyText() {
            return new String(keptBody, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * @param host      Host header and (with {@code sni}) TLS server name; null: the target's address and port
     * @param keepBody  keep up to {@link #MAX_KEPT_BODY_BYTES} of the body (for regex)
     */
    public static Response get(CheckerSettings.Connect co, InetSocketAddress target, boolean ssl, boolean sni, String host,
                               String path, CheckerSettings.HttpProtocol protocol, boolean keepBody) throws IOException {
        return get(co, target, ssl ? TRUST_ALL : null, sni, host, path, protocol, keepBody);
    }

    /** As above; {@code tls} (null: plain HTTP) is the context of the TLS connection (SSL_GET's SSL block). */
    public static Response get(CheckerSettings.Connect co, InetSocketAddress target, SSLContext tls, boolean sni, String host,
                               String path, CheckerSettings.HttpProtocol protocol, boolean keepBody) throws IOException {
        boolean ssl = tls != null;
        String hostHeader = host != null ? host : hostPort(target, ssl);
        try (Socket plain = Sockets.connect(co, target)) {
            Socket s = plain;
            if (ssl) {
                SSLSocket tlsSocket = (SSLSocket) tls.getSocketFactory().createSocket(plain, target.getAddress().getHostAddress(), target.getPort(), true);
                SSLParameters p = tlsSocket.getSSLParameters();
                p.setServerNames(sni && host != null ? List.of(new SNIHostName(stripPort(host))) : List.of());
                tlsSocket.setSSLParameters(p);
                tlsSocket.startHandshake();
                s = tlsSocket;
            }
            OutputStream out = s.getOutputStream();
            StringBuilder req = new StringBuilder();
            req.append("GET ").append(path).append(' ').append(protocol.version).append("\r\n");
            req.append("User-Agent: KeepAliveClient\r\n");
            req.append("Host: ").append(hostHeader).append("\r\n");
            if (protocol.connectionClose) req.append("Connection: close\r\n");
            req.append("\r\n");
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(new BufferedInputStream(s.getInputStream(), 4096), keepBody);
        }
    }

    /** Reads one response off the wire (package-private for the fuzz target). */
    static Response read(InputStream in, boolean keepBody) throws IOException {
        String head = readHead(in);
        List<String> lines = new java.util.ArrayList<>(16);
        for (int from = 0, to; from < head.length(); from = to + 2) {
            to = head.indexOf("\r\n", from);
            if (to < 0) to = head.length();
            lines.add(head.substring(from, to));
        }
        String statusLine = lines.getFirst();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP response: " + abbreviate(statusLine));
        int status;
        try {
            status = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + abbreviate(statusLine));
        }
        long contentLength = -1;
        boolean chunked = false;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + abbreviate(value));
                }
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        Body body = new Body(keepBody);
        if (chunked) readChunked(in, body);
        else if (contentLength >= 0) copy(in, body, contentLength);
        else copy(in, body, Long.MAX_VALUE);
        return new Response(status, statusLine, HexFormat.of().formatHex(body.md5.digest()), body.count, body.kept.toByteArray());
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) throw new IOException(b.size() == 0 ? "connection closed without a response" : "connection closed in the headers");
            b.write(c);
            if (b.size() > MAX_HEADER_BYTES) throw new IOException("headers longer than " + MAX_HEADER_BYTES + " bytes");
            state = switch (state) {
                case 0, 2 -> c == '\r' ? state + 1 : 0;
                case 1, 3 -> c == '\n' ? state + 1 : (c == '\r' ? 1 : 0);
                default -> 0;
            };
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static void readChunked(InputStream in, Body body) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + abbreviate(sizeLine));
            }
            if (size == 0) {
                while (!readLine(in).isEmpty()) { /* trailers */ }
                return;
            }
            copy(in, body, size);
            if (size > 0 && body.shortRead) throw new IOException("connection closed in a chunk");
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') sb.append((char) c);
            if (sb.length() > 8192) throw new IOException("line too long");
        }
        if (c < 0 && sb.isEmpty()) throw new IOException("connection closed");
        return sb.toString();
    }

    private static void copy(InputStream in, Body body, long limit) throws IOException {
        byte[] buf = new byte[4096];
        long left = limit;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                body.shortRead = limit != Long.MAX_VALUE;
                return;
            }
            body.add(buf, n);
            left -= n;
        }
    }

    private static final class Body {
        final MessageDigest md5;
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        final boolean keep;
        long count;
        boolean shortRead;

        Body(boolean keep) {
            this.keep = keep;
            try {
                md5 = (MessageDigest) MD5.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }

        void add(byte[] b, int n) {
            md5.update(b, 0, n);
            count += n;
            if (keep && kept.size() < MAX_KEPT_BODY_BYTES) kept.write(b, 0, Math.min(n, MAX_KEPT_BODY_BYTES - kept.size()));
        }
    }

    static String hostPort(InetSocketAddress target, boolean ssl) {
        String text = io.vigil.check.Addresses.text(target.getAddress());
        String a = target.getAddress() instanceof Inet6Address ? "[" + text + "]" : text;
        int defaultPort = ssl ? 443 : 80;
        return target.getPort() == defaultPort ? a : a + ":" + target.getPort();
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) return host.substring(1, host.indexOf(']'));
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** keepalived does not verify real servers' certificates: neither does a checker. */
    private static final SSLContext TRUST_ALL;

    /** keepalived's checkers do not verify certificates: a context that trusts any (SSL_GET, vigil_GRPC_CHECK tls). */
    static SSLContext trustAll() {
        return TRUST_ALL;
    }

    static {
        try {
            TRUST_ALL = SSLContext.getInstance("TLS");
            TRUST_ALL.init(null, new TrustManager[]{new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
