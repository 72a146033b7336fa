package io.vigil.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** The dashboard's static files, served from the jar (no CDN: it works offline). */
final class Dashboard {
    private Dashboard() {}

    record Asset(String contentType, byte[] bytes) {}

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/dashboard.js", "dashboard.js", "/dashboard.css", "dashboard.css");

    static Optional<Asset> asset(String path) {
        String name = FILES.get(path);
        if (name == null) return Optional.empty();
        try (InputStream in = Dashboard.class.getResourceAsStream("dashboard/" + name)) {
            if (in == null) return Optional.empty();
            String type = name.endsWith(".html") ? "text/html; charset=utf-8" : name.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : "text/css; charset=utf-8";
            return Optional.of(new Asset(type, in.readAllBytes()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
