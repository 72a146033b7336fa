package io.vigil.vrrp;

import java.util.Arrays;

/** VRRPv2 authentication: NONE, PASS (clear text) or AH (IPsec AH, HMAC-MD5-96); key = password zero-padded to 8. */
public record AuthSettings(int type, byte[] key) {
    public static final AuthSettings NONE = new AuthSettings(VrrpPacket.AUTH_NONE, new byte[8]);

    public AuthSettings {
        key = Arrays.copyOf(key, 8);
        if (type < 0 || type > 2) throw new IllegalArgumentException("auth type must be 0, 1 or 2");
    }

    public static AuthSettings pass(String password) {
        return new AuthSettings(VrrpPacket.AUTH_PASS, Ipv4AdvertCodec.passwordKey(password));
    }

    public static AuthSettings ah(String password) {
        return new AuthSettings(VrrpPacket.AUTH_AH, Ipv4AdvertCodec.passwordKey(password));
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    public long keyAsLong() {
        long v = 0;
        for (byte b : key) v = (v << 8) | (b & 0xff);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthSettings a && a.type == type && Arrays.equals(a.key, key);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "AuthSettings[type=" + type + "]"; // never log the password
    }
}
