package io.vigil.check;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses literal IP addresses only (a health checker must never block on a DNS lookup of its own target), and prints them. */
public final class Addresses {
    private Addresses() {}

    /** The address as inet_ntop writes it: IPv6 in RFC 5952 form ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    public static String text(InetAddress a) {
        return io.vigil.net.InetText.of(a);
    }

    static InetAddress parse(String literal) {
        if (literal == null || literal.isEmpty()) throw new IllegalArgumentException("empty address");
        boolean looksLiteral = literal.indexOf(':') >= 0 || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (!looksLiteral) throw new IllegalArgumentException("not an IP address literal: " + literal);
        try {
            return InetAddress.getByName(literal.startsWith("[") ? literal.substring(1, literal.length() - 1) : literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad IP address: " + literal, e);
        }
    }
}
