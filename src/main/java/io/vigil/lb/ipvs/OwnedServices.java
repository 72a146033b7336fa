package io.vigil.lb.ipvs;

import io.vigil.net.IpLiteral;
import io.vigil.lb.Addresses;
import io.vigil.lb.Protocol;
import io.vigil.lb.ServiceKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The IPVS services this Vigil created or adopted, in creation order, optionally remembered in a file so that a
 * restarted Vigil still knows which kernel services are its own (and removes those no longer configured) while
 * never touching anyone else's. File format, one service per line: {@code ip TCP 198.18.0.10 80} or
 * {@code fwmark 7 inet6}. Thread-safe.
 */
final class OwnedServices {
    private final Path file;
    private final Set<ServiceKey> keys = new LinkedHashSet<>();

    /** @param file where to remember ownership, or null to keep it in memory only */
    OwnedServices(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank() || line.startsWith("#")) continue;
                    keys.add(parse(line.trim()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read IPVS ownership file " + file, e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("IPVS ownership file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    synchronized boolean contains(ServiceKey k) {
        return keys.contains(k);
    }

    synchronized List<ServiceKey> all() {
        return new ArrayList<>(keys);
    }

    synchronized void add(ServiceKey k) {
        if (keys.add(k)) save();
    }

    synchronized void remove(ServiceKey k) {
        if (keys.remove(k)) save();
    }

    private void save() {
        if (file == null) return;
        StringBuilder sb = new StringBuilder("# IPVS services owned by Vigil (written by Vigil; do not edit while it runs)\n");
        for (ServiceKey k : keys) sb.append(format(k)).append('\n');
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write IPVS ownership file " + file, e);
        }
    }

    static String format(ServiceKey k) {
        return switch (k) {
            case ServiceKey.Ip ip -> "ip " + ip.protocol() + " " + ip.address().getHostAddress() + " " + ip.port();
            case ServiceKey.Fwmark fw -> "fwmark " + Integer.toUnsignedString(fw.mark()) + (fw.ipv6() ? " inet6" : " inet");
        };
    }

    static ServiceKey parse(String line) {
        String[] f = line.split("\\s+");
        if (f.length == 4 && f[0].equals("ip"))
            return new ServiceKey.Ip(Protocol.parse(f[1]), IpLiteral.parse(f[2]), Integer.parseInt(f[3]));
        if (f.length == 3 && f[0].equals("fwmark"))
            return new ServiceKey.Fwmark(Integer.parseUnsignedInt(f[1]), f[2].equals("inet6"));
        throw new IllegalArgumentException("cannot read service line '" + line + "'");
    }
}
