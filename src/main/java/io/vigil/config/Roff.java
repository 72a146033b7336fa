package io.vigil.config;

/** Text made safe for a roff (man page) line: backslashes, leading dots and quotes, dashes. */
public final class Roff {
    private Roff() {
    }

    public static String text(String s) {
        if (s == null) return "";
        String out = s.replace("\\", "\\e").replace("-", "\\-").replace("\n", " ");
        // a line starting with . or ' would be read as a request
        return out.startsWith(".") || out.startsWith("'") ? "\\&" + out : out;
    }
}
