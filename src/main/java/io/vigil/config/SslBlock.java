package io.vigil.config;

import io.vigil.net.Pem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The top-level SSL block: read into {@link KeepalivedConfig.SslSettings} and its files loaded once here, so that a
 * file SSL_GET could not use fails the configuration at its keyword (keepalived's checker stops when its SSL context
 * cannot be built).
 */
final class SslBlock {
    private SslBlock() {}

    static Optional<KeepalivedConfig.SslSettings> read(Section root, Diagnostics diags) {
        if (!root.isSet(Schema.SSL)) return Optional.empty();
        Section s = root.get(Schema.SSL);
        Optional<String> password = Optional.ofNullable(s.get(Schema.SSL_PASSWORD));
        Optional<String> ca = Optional.ofNullable(s.get(Schema.SSL_CA));
        Optional<String> certificate = Optional.ofNullable(s.get(Schema.SSL_CERTIFICATE));
        Optional<String> key = Optional.ofNullable(s.get(Schema.SSL_KEY));
        certificate.ifPresent(c -> load(() -> Pem.certificates(Path.of(c)), s.posOf(Schema.SSL_CERTIFICATE), "certificate", diags));
        ca.ifPresent(c -> load(() -> Pem.certificates(Path.of(c)), s.posOf(Schema.SSL_CA), "ca", diags));
        key.ifPresent(k -> load(() -> Pem.privateKey(Path.of(k), password.map(String::toCharArray).orElse(null)),
                s.posOf(Schema.SSL_KEY), "key", diags));
        if (certificate.isPresent() != key.isPresent()) {
            Keyword<String> given = certificate.isPresent() ? Schema.SSL_CERTIFICATE : Schema.SSL_KEY;
            diags.warning(s.posOf(given), "SSL has " + given.name() + " without " + (certificate.isPresent() ? "key" : "certificate")
                    + ": SSL_GET presents no client certificate (as keepalived)", given.name());
        }
        return Optional.of(new KeepalivedConfig.SslSettings(password, ca, certificate, key));
    }

    private interface Load {
        Object run() throws IOException;
    }

    private static void load(Load load, SourcePos pos, String keyword, Diagnostics diags) {
        try {
            load.run();
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? e.getMessage() + ": no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? e.getMessage() + ": permission denied" : e.getMessage();
            diags.error(pos, "SSL " + keyword + " cannot be used: " + why, keyword);
        }
    }
}
