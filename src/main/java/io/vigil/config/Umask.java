package io.vigil.config;

import java.util.Map;

/**
 * keepalived's umask values: a number (octal with a leading 0, hex with 0x, else decimal) within 0..0777, or
 * permission bits joined by '|' ({@code IWGRP|IWOTH}, keepalived's default).
 */
public final class Umask {
    /** keepalived's default when neither -u nor the umask keyword says otherwise: IWGRP | IWOTH. */
    public static final int KEEPALIVED_DEFAULT = 022;

    private static final Map<String, Integer> BITS = Map.of("IRUSR", 0400, "IWUSR", 0200, "IXUSR", 0100, "IRGRP", 040,
            "IWGRP", 020, "IXGRP", 010, "IROTH", 04, "IWOTH", 02, "IXOTH", 01);

    private Umask() {
    }

    /** The mask, or null when the text is not one. */
    public static Integer parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (Character.isLetter(t.charAt(0))) {
            int mask = 0;
            for (String bit : t.split("\\s*\\|\\s*")) {
                Integer b = BITS.get(bit.strip());
                if (b == null) {
                    return null;
                }
                mask |= b;
            }
            return mask;
        }
        try {
            int v = Integer.decode(t);
            return v >= 0 && v <= 0777 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static final ValueType<Integer> TYPE = new ValueType<>() {
        @Override
        public Integer parse(Args a) {
            if (!a.count(1, Integer.MAX_VALUE)) {
                return null;
            }
            Integer m = Umask.parse(a.joined(0));
            return m != null ? m : a.error(0, "not a umask: a number (022, 0x12) or bits such as IWGRP|IWOTH");
        }

        @Override
        public String syntax() {
            return "NUMBER|BITS";
        }

        @Override
        public String format(Integer v) {
            return String.format("0%03o", v);
        }
    };
}
