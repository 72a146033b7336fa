package io.vigil.observe;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link ObsEvent} as the text after the protocol's {@code EVENT} word: the record's simple name, then each
 * component in declaration order, separated by single spaces and URL-encoded ({@code ~} for null, which URL encoding
 * never produces). Lists are {@code &}-joined encoded items, maps {@code &}-joined {@code key=value}. The records are
 * the schema: adding a component to the end of one is the whole protocol change; a line with fewer fields (an older
 * child) gets zero/empty values for the missing ones, a line that cannot be read is refused with a sentence.
 */
public final class EventLine {
    private EventLine() {}

    private static final Map<String, Class<?>> TYPES = new LinkedHashMap<>();

    static {
        for (Class<?> c : ObsEvent.class.getPermittedSubclasses()) TYPES.put(c.getSimpleName(), c);
    }

    public static String encode(ObsEvent event) {
        StringBuilder out = new StringBuilder(event.getClass().getSimpleName());
        try {
            for (RecordComponent rc : event.getClass().getRecordComponents()) {
                out.append(' ').append(field(rc.getAccessor().invoke(event)));
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
        return out.toString();
    }

    private static String field(Object v) {
        return switch (v) {
            case null -> "~";
            case List<?> l -> {
                List<String> items = new ArrayList<>();
                for (Object o : l) items.add(enc(String.valueOf(o)));
                yield enc(String.join("&", items));
            }
            case Map<?, ?> m -> {
                List<String> items = new ArrayList<>();
                m.forEach((k, x) -> items.add(enc(String.valueOf(k)) + "=" + enc(String.valueOf(x))));
                yield enc(String.join("&", items));
            }
            default -> enc(String.valueOf(v));
        };
    }

    /** Reads an event; IllegalArgumentException (one sentence) when the line is not one. */
    public static ObsEvent decode(String line) {
        String[] f = line.split(" ", -1);
        Class<?> type = TYPES.get(f[0]);
        if (type == null) throw new IllegalArgumentException("unknown event type '" + f[0] + "'");
        RecordComponent[] rcs = type.getRecordComponents();
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            types[i] = rcs[i].getType();
            String text = i + 1 < f.length ? f[i + 1] : null;
            try {
                args[i] = value(rcs[i].getGenericType(), rcs[i].getType(), text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(f[0] + "." + rcs[i].getName() + ": cannot read '" + text + "'");
            }
        }
        try {
            Constructor<?> c = type.getDeclaredConstructor(types);
            return (ObsEvent) c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot build " + f[0] + ": " + e.getCause());
        }
    }

    private static Object value(Type generic, Class<?> raw, String text) {
        boolean missing = text == null;
        if (raw == long.class) return missing ? 0L : Long.parseLong(dec(text));
        if (raw == int.class) return missing ? 0 : Integer.parseInt(dec(text));
        if (raw == boolean.class) return !missing && Boolean.parseBoolean(dec(text));
        if (raw == double.class) return missing ? 0.0 : Double.parseDouble(dec(text));
        if (raw == String.class) return missing || text.equals("~") ? null : dec(text);
        Type item = generic instanceof ParameterizedType p ? p.getActualTypeArguments()[p.getActualTypeArguments().length - 1] : String.class;
        if (raw == List.class) {
            List<Object> out = new ArrayList<>();
            if (missing || text.equals("~")) return out;
            String joined = dec(text);
            if (joined.isEmpty()) return out;
            for (String s : joined.split("&", -1)) out.add(scalar(item, dec(s)));
            return out;
        }
        if (raw == Map.class) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (missing || text.equals("~")) return out;
            String joined = dec(text);
            if (joined.isEmpty()) return out;
            for (String s : joined.split("&", -1)) {
                int eq = s.indexOf('=');
                out.put(dec(s.substring(0, eq)), scalar(item, dec(s.substring(eq + 1))));
            }
            return out;
        }
        throw new IllegalArgumentException("unsupported field type " + raw);
    }

    private static Object scalar(Type t, String s) {
        if (t == Long.class) return Long.parseLong(s);
        if (t == Integer.class) return Integer.parseInt(s);
        return s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
