package io.vigil.vrrp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads keepalived 2.2.7's IPv4 multicast adverts, captured with {@code tcpdump -xx} by bench/vrrp-capture-keepalived.sh
 * into src/test/resources/io/vigil/vrrp/wire/multicast/ (carried by the project, so every clone runs these tests).
 */
final class WireCorpus {
    record Frame(String file, String summary, byte[] ethernet) {
        int etherType() {
            return ((ethernet[12] & 0xff) << 8) | (ethernet[13] & 0xff);
        }

        byte[] ipDatagram() {
            byte[] ip = new byte[ethernet.length - 14];
            System.arraycopy(ethernet, 14, ip, 0, ip.length);
            return ip;
        }

        @Override
        public String toString() {
            return file + ": " + summary;
        }
    }

    private WireCorpus() {}

    static Path dir() {
        return Path.of("src/test/resources/io/vigil/vrrp/wire/multicast");
    }

    /** All frames of all capture files. */
    static List<Frame> frames() {
        Path dir = dir();
        List<Frame> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) frames.addAll(parse(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames;
    }

    static List<Frame> vrrpFrames() {
        return frames().stream().filter(f -> f.etherType() == 0x0800).toList();
    }

    static List<Frame> parse(Path file) throws IOException {
        List<Frame> frames = new ArrayList<>();
        StringBuilder hex = null;
        StringBuilder summary = null;
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty()) continue;
            if (t.startsWith("0x")) {
                // "0x0010:  0028 0001 ..." : drop the offset, keep the hex groups.
                hex.append(t.substring(t.indexOf(':') + 1).replace(" ", ""));
            } else if (!Character.isWhitespace(line.charAt(0))) {
                if (hex != null && !hex.isEmpty()) frames.add(new Frame(file.getFileName().toString(), summary.toString(), HexFormat.of().parseHex(hex)));
                hex = new StringBuilder();
                summary = new StringBuilder(t);
            } else {
                summary.append(" | ").append(t);
            }
        }
        if (hex != null && !hex.isEmpty()) frames.add(new Frame(file.getFileName().toString(), summary.toString(), HexFormat.of().parseHex(hex)));
        return frames;
    }
}
