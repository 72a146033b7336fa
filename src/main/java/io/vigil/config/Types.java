package io.vigil.config;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The value types keywords are declared with. */
final class Types {
    private Types() {
    }

    /** A whole number in [min, max]. */
    static ValueType<Integer> integer(long min, long max) {
        return new ValueType<>() {
            @Override
            public Integer parse(Args a) {
                return a.count(1, 1) ? number(a, 0, min, max) : null;
            }

            @Override
            public String syntax() {
                return "INTEGER " + min + ".." + max;
            }
        };
    }

    /** Parses argument i as an integer in [min, max], reporting problems. */
    static Integer number(Args a, int i, long min, long max) {
        String s = a.text(i).strip();
        long v;
        try {
            v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return a.error(i, "not a whole number");
        }
        if (v < min || v > max) {
            return a.error(i, "number outside range [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    /** A time in seconds with up to microsecond fractions, in [min, max] seconds. */
    static ValueType<Duration> timer(double minSeconds, double maxSeconds) {
        BigDecimal min = BigDecimal.valueOf(minSeconds);
        BigDecimal max = BigDecimal.valueOf(maxSeconds);
        return new ValueType<>() {
            @Override
            public Duration parse(Args a) {
                return a.count(1, 1) ? duration(a, 0, minSeconds, maxSeconds, min, max) : null;
            }

            @Override
            public String syntax() {
                return "SECONDS " + fmt(minSeconds) + ".." + fmt(maxSeconds);
            }

            @Override
            public String format(Duration d) {
                return seconds(d);
            }
        };
    }

    static Duration duration(Args a, int i, double minSeconds, double maxSeconds) {
        return duration(a, i, minSeconds, maxSeconds, BigDecimal.valueOf(minSeconds), BigDecimal.valueOf(maxSeconds));
    }

    /** As above with the bounds already as decimals (timer types build them once, not once per value). */
    static Duration duration(Args a, int i, double minSeconds, double maxSeconds, BigDecimal min, BigDecimal max) {
        String text = a.text(i);
        if (!text.isEmpty() && text.length() <= 12 && allDigits(text)) {
            // whole seconds, the usual case: same checks as below without the decimal arithmetic
            BigDecimal whole = BigDecimal.valueOf(Long.parseLong(text));
            if (whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
                return a.error(i, "time outside range [" + fmt(minSeconds) + ", " + fmt(maxSeconds) + "] seconds");
            }
            return Duration.ofSeconds(whole.longValue());
        }
        BigDecimal v;
        try {
            String s = a.text(i);
            if (s.length() > 30 || s.contains("e") || s.contains("E")) {
                return a.error(i, "not a number of seconds");
            }
            v = new BigDecimal(s);
        } catch (NumberFormatException e) {
            return a.error(i, "not a number of seconds");
        }
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            return a.error(i, "time outside range [" + fmt(minSeconds) + ", " + fmt(maxSeconds) + "] seconds");
        }
        long micros = v.movePointRight(6).longValue();
        return Duration.ofNanos(micros * 1000);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos() / 1000).movePointLeft(6).stripTrailingZeros().toPlainString();
    }

    private static String fmt(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** One word (a quoted string counts as one word). */
    static ValueType<String> word(String syntax) {
        return new ValueType<>() {
            @Override
            public String parse(Args a) {
                return a.count(1, 1) ? a.text(0) : null;
            }

            @Override
            public String syntax() {
                return syntax;
            }

            @Override
            public String format(String v) {
                return quoteIfNeeded(v);
            }
        };
    }

    /** One or more words, kept joined by single spaces (e.g. an e-mail subject). */
    static ValueType<String> text(String syntax) {
        return new ValueType<>() {
            @Override
            public String parse(Args a) {
                return a.count(1, Integer.MAX_VALUE) ? a.joined(0) : null;
            }

            @Override
            public String syntax() {
                return syntax;
            }
        };
    }

    /** An interface name as Linux allows it: 1..15 characters, no '/', no blanks. */
    static ValueType<String> ifname() {
        return new ValueType<>() {
            @Override
            public String parse(Args a) {
                if (!a.count(1, 1)) {
                    return null;
                }
                String s = a.text(0);
                if (s.isEmpty() || s.length() > 15 || s.contains("/") || s.equals(".") || s.equals("..")) {
                    return a.error(0, "invalid interface name (1..15 characters, no '/')");
                }
                return s;
            }

            @Override
            public String syntax() {
                return "INTERFACE";
            }
        };
    }

    /** on|off|true|false|yes|no. */
    static Boolean bool(Args a, int i) {
        return switch (a.text(i)) {
            case "on", "true", "yes" -> Boolean.TRUE;
            case "off", "false", "no" -> Boolean.FALSE;
            default -> a.error(i, "expected on|off|true|false|yes|no");
        };
    }

    static ValueType<Boolean> bool() {
        return new ValueType<>() {
            @Override
            public Boolean parse(Args a) {
                return a.count(1, 1) ? bool(a, 0) : null;
            }

            @Override
            public String syntax() {
                return "BOOL";
            }

            @Override
            public String format(Boolean v) {
                return v ? "true" : "false";
            }
        };
    }

    /** One of the given words (case-sensitive as keepalived is, unless ignoreCase). */
    static <E> ValueType<E> choice(Map<String, E> words, boolean ignoreCase) {
        Map<String, E> lookup = new LinkedHashMap<>();
        words.forEach((k, v) -> lookup.put(ignoreCase ? k.toLowerCase(Locale.ROOT) : k, v));
        return new ValueType<>() {
            @Override
            public E parse(Args a) {
                if (!a.count(1, 1)) {
                    return null;
                }
                E e = lookup.get(ignoreCase ? a.text(0).toLowerCase(Locale.ROOT) : a.text(0));
                if (e == null) {
                    String hint = EditDistance.suggest(a.text(0), words.keySet());
                    return a.errorHint(0, "expected one of " + String.join("|", words.keySet()), hint);
                }
                return e;
            }

            @Override
            public String syntax() {
                return String.join("|", words.keySet());
            }

            @Override
            public String format(E v) {
                return words.entrySet().stream().filter(en -> en.getValue().equals(v)).map(Map.Entry::getKey)
                        .findFirst().orElse(String.valueOf(v));
            }
        };
    }

    /** One of the given words, kept as the word itself (in this order in the reference). */
    static ValueType<String> words(String... words) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : words) {
            m.put(w, w);
        }
        return choice(m, false);
    }

    /** An enum whose constant names are the configuration words. */
    static <E extends Enum<E>> ValueType<E> enumeration(Class<E> type, boolean ignoreCase) {
        Map<String, E> m = Arrays.stream(type.getEnumConstants())
                .collect(Collectors.toMap(Enum::name, e -> e, (x, y) -> x, LinkedHashMap::new));
        return choice(m, ignoreCase);
    }

    static ValueType<InetAddress> ip() {
        return new ValueType<>() {
            @Override
            public InetAddress parse(Args a) {
                return a.count(1, 1) ? address(a, 0) : null;
            }

            @Override
            public String syntax() {
                return "IPADDR";
            }

            @Override
            public String format(InetAddress v) {
                return Addresses.format(v);
            }
        };
    }

    /**
     * A multicast group as keepalived checks one: {@code family} 4 or 6 (0: either); IPv6 groups must be link-local
     * ({@code ff02::/16}) when {@code linkLocal6}, and are otherwise warned about when not (keepalived's wording).
     */
    static ValueType<InetAddress> multicastGroup(int family, boolean linkLocal6) {
        return new ValueType<>() {
            @Override
            public InetAddress parse(Args a) {
                if (!a.count(1, 1)) return null;
                InetAddress ip = address(a, 0);
                if (ip == null) return null;
                boolean v6 = ip instanceof java.net.Inet6Address;
                if (family == 4 && v6 || family == 6 && !v6) return a.error(0, "not an IPv" + family + " address");
                if (!ip.isMulticastAddress()) return a.error(0, "not a multicast address");
                if (v6 && !ip.isMCLinkLocal()) {
                    if (linkLocal6) return a.error(0, "not a link-local multicast address (ff02::/16)");
                    a.warning(0, "should be a link-local multicast address (ff02::/16)");
                }
                return ip;
            }

            @Override
            public String syntax() {
                return family == 4 ? "IPV4_MULTICAST" : family == 6 ? "IPV6_MULTICAST" : "MULTICAST_IP";
            }

            @Override
            public String format(InetAddress v) {
                return Addresses.format(v);
            }
        };
    }

    static InetAddress address(Args a, int i) {
        InetAddress ip = Addresses.parse(a.text(i));
        return ip != null ? ip : a.error(i, "invalid IP address");
    }

    static IpPrefix prefix(Args a, int i) {
        IpPrefix p = Addresses.prefix(a.text(i));
        return p != null ? p : a.error(i, "invalid IP address or prefix");
    }

    /**
     * {@code [SCRIPT [USER [GROUP]]]}: like {@link #script()}, and the keyword alone is allowed (keepalived's
     * {@code notify_deleted}): then the script's command is empty.
     */
    static ValueType<Script> optionalScript() {
        ValueType<Script> withScript = script();
        return new ValueType<>() {
            @Override
            public Script parse(Args a) {
                return a.size() == 0 ? new Script("", Optional.empty(), Optional.empty()) : withScript.parse(a);
            }

            @Override
            public String syntax() {
                return "[SCRIPT [USER [GROUP]]]";
            }

            @Override
            public String format(Script value) {
                return value.command().isEmpty() ? "" : withScript.format(value);
            }
        };
    }

    /** {@code "command args" [user [group]]}. */
    static ValueType<Script> script() {
        return new ValueType<>() {
            @Override
            public Script parse(Args a) {
                if (!a.count(1, 3)) {
                    return null;
                }
                String cmd = a.text(0);
                if (cmd.isBlank()) {
                    return a.error(0, "empty script");
                }
                return new Script(cmd, a.size() > 1 ? Optional.of(a.text(1)) : Optional.empty(),
                        a.size() > 2 ? Optional.of(a.text(2)) : Optional.empty());
            }

            @Override
            public String syntax() {
                return "SCRIPT [USER [GROUP]]";
            }

            @Override
            public String format(Script s) {
                return s.toString();
            }
        };
    }

    /** Nothing, or one of the given words: {@code ""} when nothing is written. */
    static ValueType<String> optionalWord(String... words) {
        return new ValueType<>() {
            @Override
            public String parse(Args a) {
                if (!a.count(0, 1)) {
                    return null;
                }
                if (a.size() == 0) {
                    return "";
                }
                return List.of(words).contains(a.text(0)) ? a.text(0) : a.error(0, "expected " + String.join("|", words) + " or nothing");
            }

            @Override
            public String syntax() {
                return "[" + String.join("|", words) + "]";
            }
        };
    }

    /** Any words (kept as written): the keywords Vigil refuses or that do not apply to it. */
    static ValueType<String> raw() {
        return new ValueType<>() {
            @Override
            public String parse(Args a) {
                return a.joined(0);
            }

            @Override
            public String syntax() {
                return "...";
            }
        };
    }

    static String quoteIfNeeded(String s) {
        return s.isEmpty() || s.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '#' || c == '!' || c == '{' || c == '}')
                ? '"' + s + '"' : s;
    }
}
