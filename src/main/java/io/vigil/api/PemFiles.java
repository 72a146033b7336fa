package io.vigil.api;

import io.vigil.net.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;

/** An SSLContext from a PEM certificate chain and a PEM private key (read by {@link Pem}), as web servers take them. */
final class PemFiles {
    private PemFiles() {}

    static SSLContext sslContext(Path certFile, Path keyFile) throws IOException {
        try {
            Certificate[] chain = Pem.certificates(certFile).toArray(new Certificate[0]);
            PrivateKey key = Pem.privateKey(keyFile, null);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] none = new char[0];
            ks.setKeyEntry("vigil", key, none, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, none);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + certFile + " and " + keyFile + ": " + e.getMessage());
        }
    }
}
