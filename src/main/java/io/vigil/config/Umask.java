package io.vigil.config;

/** keepalived's umask values: a number (octal with a leading 0, hex with 0x, else decimal) within 0..0777. */
public final class Umask {
    private Umask() {
    }

    /** The mask, or null when the text is not one. */
    public static Integer parse(String text) {
        try {
            int v = Integer.decode(text.strip());
            return v >= 0 && v <= 0777 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
