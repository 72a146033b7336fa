package io.vigil.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * One SMTP reply (RFC 5321 4.2): a three-digit code and its text lines. A multi-line reply repeats the code with
 * {@code -} after it on every line but the last ({@code 250-first}, {@code 250 last}).
 */
public record SmtpReply(int code, List<String> lines) {
    public SmtpReply {
        lines = List.copyOf(lines);
    }

    /** The reply as the server wrote it, lines joined with " / " (for log lines). */
    public String text() {
        return String.join(" / ", lines);
    }

    public boolean is(int expected) {
        return code == expected;
    }

    /** Assembles replies from lines (without their CRLF); not thread-safe. */
    public static final class Reader {
        private final List<String> pending = new ArrayList<>();

        /**
         * Takes one line; returns the reply it completes, or null when more lines belong to it.
         *
         * @throws IllegalArgumentException for a line that is no reply line, or a continuation with another code
         */
        public SmtpReply line(String line) {
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new IllegalArgumentException("not an SMTP reply line: " + printable(line));
            }
            if (!pending.isEmpty() && !pending.getFirst().startsWith(line.substring(0, 3))) {
                throw new IllegalArgumentException("reply code changed within a multi-line reply: " + printable(line));
            }
            pending.add(line);
            if (line.length() > 3 && line.charAt(3) == '-') return null;
            int code = Integer.parseInt(line.substring(0, 3));
            List<String> lines = new ArrayList<>();
            for (String l : pending) lines.add(l.length() > 4 ? l.substring(4) : "");
            pending.clear();
            return new SmtpReply(code, lines);
        }

        private static String printable(String s) {
            String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
            return t.replaceAll("\\p{Cntrl}", "?");
        }
    }
}
