package io.vigil.check.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HPACK (RFC 7541) for one HTTP/2 connection of a health check. Encodes with literals without indexing and no
 * Huffman (always valid, nothing to track); decodes everything a server may send: indexed fields, the three
 * literal forms, Huffman strings, the dynamic table and its size updates. Pure; one instance per connection.
 */
final class Hpack {
    /** A decoded header field. */
    record Field(String name, String value) {}

    private static final Map<Long, Integer> HUFFMAN = new HashMap<>();

    static {
        for (int sym = 0; sym < HpackTables.HUFFMAN_CODES.length; sym++)
            HUFFMAN.put(((long) HpackTables.HUFFMAN_LENGTHS[sym] << 32) | HpackTables.HUFFMAN_CODES[sym], sym);
    }

    private final ArrayDeque<Field> dynamic = new ArrayDeque<>(); // newest first
    private int dynamicSize;
    private int maxDynamicSize = 4096;

    // ---- encoding

    /** A literal header field without indexing, the name by static index when {@code nameIndex > 0}. */
    static void literal(ByteArrayOutputStream out, int nameIndex, String name, String value) {
        integer(out, 0x00, 4, nameIndex);
        if (nameIndex == 0) string(out, name);
        string(out, value);
    }

    /** An indexed header field (static table). */
    static void indexed(ByteArrayOutputStream out, int index) {
        integer(out, 0x80, 7, index);
    }

    static void integer(ByteArrayOutputStream out, int firstByteFlags, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(firstByteFlags | value);
            return;
        }
        out.write(firstByteFlags | max);
        value -= max;
        while (value >= 128) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        integer(out, 0x00, 7, b.length);
        out.writeBytes(b);
    }

    // ---- decoding

    /** Decodes one complete header block; throws IllegalArgumentException on a malformed one. */
    List<Field> decode(byte[] block) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < block.length) {
            int b = block[pos[0]] & 0xff;
            if ((b & 0x80) != 0) {
                out.add(field(integer(block, pos, 7)));
            } else if ((b & 0xc0) == 0x40) {
                Field f = literalField(block, pos, 6);
                add(f);
                out.add(f);
            } else if ((b & 0xe0) == 0x20) {
                int size = integer(block, pos, 5);
                if (size > 4096) throw new IllegalArgumentException("HPACK table size update above the limit: " + size);
                maxDynamicSize = size;
                evict();
            } else {
                out.add(literalField(block, pos, 4)); // without indexing (0000) or never indexed (0001)
            }
        }
        return out;
    }

    private Field literalField(byte[] block, int[] pos, int prefixBits) {
        int index = integer(block, pos, prefixBits);
        String name = index == 0 ? string(block, pos) : field(index).name();
        return new Field(name, string(block, pos));
    }

    private Field field(int index) {
        if (index <= 0) throw new IllegalArgumentException("HPACK index 0");
        if (index <= 61) return new Field(HpackTables.STATIC[2 * index - 2], HpackTables.STATIC[2 * index - 1]);
        int i = index - 62;
        if (i >= dynamic.size()) throw new IllegalArgumentException("HPACK index out of range: " + index);
        return dynamic.stream().skip(i).findFirst().orElseThrow();
    }

    private void add(Field f) {
        dynamic.addFirst(f);
        dynamicSize += 32 + f.name().length() + f.value().length();
        evict();
    }

    private void evict() {
        while (dynamicSize > maxDynamicSize && !dynamic.isEmpty()) {
            Field old = dynamic.removeLast();
            dynamicSize -= 32 + old.name().length() + old.value().length();
        }
    }

    static int integer(byte[] block, int[] pos, int prefixBits) {
        int max = (1 << prefixBits) - 1;
        int value = block[pos[0]++] & max;
        if (value < max) return value;
        for (int shift = 0; ; shift += 7) {
            if (pos[0] >= block.length || shift > 21) throw new IllegalArgumentException("HPACK integer truncated or too large");
            int b = block[pos[0]++] & 0xff;
            value += (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }

    private static String string(byte[] block, int[] pos) {
        if (pos[0] >= block.length) throw new IllegalArgumentException("HPACK string missing");
        boolean huffman = (block[pos[0]] & 0x80) != 0;
        int length = integer(block, pos, 7);
        if (pos[0] + length > block.length) throw new IllegalArgumentException("HPACK string truncated");
        int from = pos[0];
        pos[0] += length;
        if (!huffman) return new String(block, from, length, StandardCharsets.ISO_8859_1);
        return huffman(block, from, length);
    }

    /** Decodes a Huffman-coded string (RFC 7541 5.2): at most 7 bits of padding, all ones. */
    static String huffman(byte[] b, int from, int length) {
        StringBuilder sb = new StringBuilder();
        long code = 0;
        int bits = 0;
        for (int i = from; i < from + length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                code = (code << 1) | ((b[i] >> bit) & 1);
                bits++;
                Integer sym = HUFFMAN.get(((long) bits << 32) | code);
                if (sym != null) {
                    if (sym == 256) throw new IllegalArgumentException("HPACK Huffman string contains EOS");
                    sb.append((char) (int) sym);
                    code = 0;
                    bits = 0;
                } else if (bits > 30) {
                    throw new IllegalArgumentException("HPACK Huffman code not found");
                }
            }
        }
        if (bits > 7 || code != (1L << bits) - 1) throw new IllegalArgumentException("HPACK Huffman padding invalid");
        return sb.toString();
    }
}
