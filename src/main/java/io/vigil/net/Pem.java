package io.vigil.net;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM files as OpenSSL writes them: certificates, and private keys in PKCS#8 (plain or password-encrypted, the
 * form {@code openssl genpkey} and {@code openssl pkcs8 -topk8} write) or unencrypted PKCS#1 RSA. Errors are one
 * sentence naming the file; a password never appears in them.
 */
public final class Pem {
    private Pem() {}

    /** Every certificate in the file, in file order (a leaf first, then its chain, as OpenSSL reads a chain file). */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            List<X509Certificate> out = new ArrayList<>();
            String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (byte[] der : blocks(text, "CERTIFICATE")) {
                out.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
            }
            if (out.isEmpty()) throw new IOException(file + " holds no PEM certificate");
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a readable certificate (" + e.getMessage() + ")");
        }
    }

    /** The first private key of the file; {@code password} (may be null) decrypts an ENCRYPTED PRIVATE KEY. */
    public static PrivateKey privateKey(Path file, char[] password) throws IOException {
        String pem = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        try {
            List<byte[]> plain = blocks(pem, "PRIVATE KEY");
            if (!plain.isEmpty()) return pkcs8(new PKCS8EncodedKeySpec(plain.getFirst()), file);
            List<byte[]> encrypted = blocks(pem, "ENCRYPTED PRIVATE KEY");
            if (!encrypted.isEmpty()) {
                if (password == null || password.length == 0) throw new IOException(file + " holds an encrypted key and no password is set");
                return pkcs8(decrypt(encrypted.getFirst(), password, file), file);
            }
            List<byte[]> rsa = blocks(pem, "RSA PRIVATE KEY");
            if (!rsa.isEmpty()) {
                if (pem.contains("Proc-Type: 4,ENCRYPTED")) throw new IOException(file + " holds a key in OpenSSL's legacy encrypted form;"
                        + " convert it with 'openssl pkcs8 -topk8 -in KEY -out KEY.pk8' (it keeps a password)");
                return pkcs8(new PKCS8EncodedKeySpec(rsaPkcs1ToPkcs8(rsa.getFirst())), file);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": the key cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        throw new IOException(file + " is not a PEM private key (BEGIN PRIVATE KEY, ENCRYPTED PRIVATE KEY or RSA PRIVATE KEY);"
                + " convert it with 'openssl pkcs8 -topk8 -in KEY -out KEY.pk8'");
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, char[] password, Path file) throws IOException {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters params = info.getAlgParameters();
            // PBES2 names its real scheme in its parameters (PBEWithHmacSHA256AndAES_256); PBES1 in getAlgName
            String alg = params != null && params.toString().startsWith("PBEWith") ? params.toString() : info.getAlgName();
            Cipher cipher = Cipher.getInstance(alg);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(password)), params);
            return info.getKeySpec(cipher);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": the key cannot be decrypted (wrong password, or an unsupported cipher)");
        }
    }

    private static PrivateKey pkcs8(PKCS8EncodedKeySpec spec, Path file) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : new String[]{"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException x) {
                last = x;
            }
        }
        throw last;
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: SEQUENCE { 0, { rsaEncryption, NULL }, OCTET STRING key }. */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octet = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algId.length + octet.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algId, 0, body, version.length, algId.length);
        System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len = n < 0x80 ? new byte[]{(byte) n}
                : n < 0x100 ? new byte[]{(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[]{(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[]{(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }

    /** The DER of every {@code -----BEGIN label-----} block (exactly that label). */
    private static List<byte[]> blocks(String text, String label) {
        String begin = "-----BEGIN " + label + "-----", end = "-----END " + label + "-----";
        List<byte[]> out = new ArrayList<>();
        for (int b = text.indexOf(begin); b >= 0; b = text.indexOf(begin, b + 1)) {
            int e = text.indexOf(end, b);
            if (e < 0) break;
            String body = text.substring(b + begin.length(), e);
            // legacy headers (Proc-Type, DEK-Info) end at a blank line
            int blank = body.indexOf("\n\n");
            if (body.contains(":") && blank >= 0) body = body.substring(blank + 2);
            out.add(Base64.getMimeDecoder().decode(body));
        }
        return out;
    }
}
