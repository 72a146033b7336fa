package io.vigil.api;

import io.vigil.net.Json;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vigil's one HTTP endpoint ({@code vigil_http}), in the parent: {@code /metrics}, {@code /api/v1/status},
 * {@code /api/v1/events} (Server-Sent Events) and the dashboard, all served from the {@link ClusterPicture}, never by
 * asking a child. JDK HttpServer, one virtual thread per exchange; optional bearer token and TLS.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    /** Events an SSE client may lag behind before it is cut off (a slow client never holds the parent up). */
    static final int SSE_BACKLOG = 1024;
    static final long SSE_KEEPALIVE_MILLIS = 15_000;

    public record Settings(InetSocketAddress listen, Optional<Path> tokenFile, Optional<Path> certFile, Optional<Path> keyFile) {}

    private final ClusterPicture picture;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final byte[] token;
    private final AtomicLong eventIds = new AtomicLong();
    private volatile boolean open = true;

    static {
        // JDK HttpServer limits (read once, when its classes load): bounded request headers and request time, so
        // huge headers or slow clients are refused; idle connections are closed after a while.
        setDefault("sun.net.httpserver.maxReqHeaderSize", "16384");
        setDefault("sun.net.httpserver.maxReqHeaders", "100");
        setDefault("sun.net.httpserver.maxReqTime", "10");
        setDefault("sun.net.httpserver.idleInterval", "30");
        setDefault("sun.net.httpserver.maxIdleConnections", "200");
    }

    /** Sets the JDK HTTP server's limits (this class's static initialiser); call before anything else loads that server. */
    public static void limits() {
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) System.setProperty(property, value);
    }

    /** Binds and starts serving; IOException (one sentence) when the address, token or TLS files cannot be used. */
    public HttpEndpoint(Settings settings, ClusterPicture picture) throws IOException {
        this.picture = picture;
        this.token = settings.tokenFile().isPresent() ? readToken(settings.tokenFile().get()) : null;
        HttpServer s;
        try {
            if (settings.certFile().isPresent()) {
                HttpsServer https = HttpsServer.create(settings.listen(), 128);
                https.setHttpsConfigurator(new HttpsConfigurator(PemFiles.sslContext(settings.certFile().get(), settings.keyFile().orElseThrow())));
                s = https;
            } else {
                s = HttpServer.create(settings.listen(), 128);
            }
        } catch (java.net.BindException e) {
            throw new IOException("vigil_http: cannot listen on " + settings.listen() + ": " + e.getMessage());
        }
        server = s;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("HTTP endpoint on {}://{}:{}{}", settings.certFile().isPresent() ? "https" : "http",
                settings.listen().getAddress().getHostAddress(), port(), token != null ? " (bearer token required)" : "");
    }

    private static byte[] readToken(Path file) throws IOException {
        String t;
        try {
            t = Files.readString(file).strip();
        } catch (IOException e) {
            throw new IOException("vigil_http_token: cannot read " + file + ": " + e.getMessage());
        }
        if (t.isEmpty()) throw new IOException("vigil_http_token: " + file + " is empty");
        return t.getBytes(StandardCharsets.UTF_8);
    }

    /** The bound port (useful with port 0 in tests). */
    public int port() {
        return server.getAddress().getPort();
    }

    private boolean authorized(HttpExchange ex) {
        if (token == null) return true;
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return MessageDigest.isEqual(h.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            // The dashboard's static files hold no data (it asks for the token, then reads the API with it).
            Optional<Dashboard.Asset> asset = method.equals("GET") || method.equals("HEAD") ? Dashboard.asset(path) : Optional.empty();
            if (asset.isPresent()) {
                send(ex, 200, asset.get().contentType(), asset.get().bytes());
                return;
            }
            if (!authorized(ex)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"vigil\"");
                error(ex, 401, "a bearer token is required (Authorization: Bearer TOKEN)");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                error(ex, 405, "only GET and HEAD are served");
                return;
            }
            switch (path) {
                case "/metrics" -> send(ex, 200, MetricsRenderer.CONTENT_TYPE, MetricsRenderer.text(picture.snapshot()));
                case "/api/v1/status" -> send(ex, 200, "application/json", StatusDocument.json(picture.snapshot()));
                case "/api/v1/events" -> events(ex);
                default -> error(ex, 404, "no such path: " + path + " (try /metrics, /api/v1/status, /api/v1/events, /)");
            }
        } catch (IOException e) {
            LOG.debug("HTTP exchange ended: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("HTTP request failed: {}", e.toString());
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", "default-src 'self'"); // the dashboard loads nothing from elsewhere
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, "application/json", Json.write(java.util.Map.of("error", message, "status", status)));
    }

    /** Server-Sent Events: one {@code event: TYPE} / {@code data: JSON} per notable event, a comment every 15 s. */
    private void events(HttpExchange ex) throws IOException {
        ArrayBlockingQueue<ObsEvent> backlog = new ArrayBlockingQueue<>(SSE_BACKLOG);
        boolean[] overflow = {false};
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", "text/event-stream; charset=utf-8");
        h.set("Cache-Control", "no-store");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        try (AutoCloseable sub = picture.subscribe(e -> {
            if (!backlog.offer(e)) overflow[0] = true;
        })) {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write((": vigil events from " + picture.snapshot().node() + "\nretry: 2000\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (open) {
                ObsEvent e = backlog.poll(SSE_KEEPALIVE_MILLIS, TimeUnit.MILLISECONDS);
                if (overflow[0]) {
                    out.write("event: overflow\ndata: {\"error\":\"client too slow: reconnect and read /api/v1/status\"}\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return;
                }
                StringBuilder msg = new StringBuilder();
                if (e == null) msg.append(": keepalive\n\n");
                else msg.append("id: ").append(eventIds.incrementAndGet()).append("\nevent: ").append(e.getClass().getSimpleName())
                        .append("\ndata: ").append(Json.write(StatusDocument.event(e))).append("\n\n");
                out.write(msg.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("event stream client gone: {}", e.toString());
        } catch (Exception e) {
            LOG.debug("event stream ended: {}", e.toString());
        }
    }

    @Override
    public void close() {
        open = false;
        server.stop(0);
        executor.shutdownNow();
    }
}
