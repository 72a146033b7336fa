package io.vigil.netlink;

import java.util.HexFormat;

/** Test helper: hex strings with any whitespace, as copied from strace / tcpdump dumps. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
