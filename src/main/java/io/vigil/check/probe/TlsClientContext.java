package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.net.Pem;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * SSL_GET's TLS context from the top-level SSL block, as keepalived's build_ssl_ctx makes it: the certificate file's
 * chain and the key are presented whenever the server asks for a client certificate (OpenSSL sends them whatever CA
 * names the server lists); when the certificate file holds the leaf alone, the ca file's certificates complete its
 * chain (OpenSSL's auto-chain from the verify store). keepalived never sets SSL_VERIFY_PEER nor reads the verify
 * result, so the server's certificate is not verified here either, {@code ca} or not.
 */
public final class TlsClientContext {
    private static final String ALIAS = "SSL";

    private TlsClientContext() {}

    /** The context for {@code tls} (null: no SSL block, the trust-all context without a client certificate). */
    public static SSLContext of(CheckerSettings.TlsClient tls) throws IOException {
        if (tls == null || tls.certificate() == null || tls.key() == null) return HttpFetcher.trustAll();
        List<X509Certificate> chain = new ArrayList<>(Pem.certificates(tls.certificate()));
        PrivateKey key = Pem.privateKey(tls.key(), tls.password() == null ? null : tls.password().toCharArray());
        if (chain.size() == 1 && tls.ca() != null) completeChain(chain, Pem.certificates(tls.ca()));
        X509Certificate[] certs = chain.toArray(new X509Certificate[0]);
        if (!certs[0].getPublicKey().getAlgorithm().equals(key.getAlgorithm()))
            throw new IOException(tls.key() + " does not hold the key of " + tls.certificate());
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[]{new FixedKeyManager(certs, key)}, new TrustManager[]{TRUST_ANY}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the TLS context: " + e.getMessage());
        }
    }

    /** Appends issuers from {@code cas} while the last certificate is not self-issued and its issuer is there. */
    static void completeChain(List<X509Certificate> chain, List<X509Certificate> cas) {
        while (chain.size() < 10) {
            X509Certificate last = chain.getLast();
            if (last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) return;
            X509Certificate issuer = cas.stream().filter(c -> c.getSubjectX500Principal().equals(last.getIssuerX500Principal()))
                    .filter(c -> signedBy(last, c)).findFirst().orElse(null);
            if (issuer == null || chain.contains(issuer)) return;
            chain.add(issuer);
        }
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static final X509TrustManager TRUST_ANY = new X509TrustManager() {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    /** One certificate and key, offered to every server that asks (never chosen by the server's CA list). */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final X509Certificate[] chain;
        private final PrivateKey key;

        FixedKeyManager(X509Certificate[] chain, PrivateKey key) {
            this.chain = chain.clone();
            this.key = key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[]{ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
