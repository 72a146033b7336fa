package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * tcpdump on a lab host's eth0 (link-level headers, epoch timestamps, immediate mode so nothing is held back),
 * reading ARP and VRRP frames: what a client on the segment sees of GARPs and adverts.
 */
public final class Capture {
    private static final Pattern FRAME = Pattern.compile("^(\\d+\\.\\d+) (\\S+) > (\\S+), (.*)$");
    private static final Pattern GARP = Pattern.compile("Request who-has (\\S+)(?: \\([^)]*\\))? tell (\\S+),");
    private static final Pattern ADVERT = Pattern.compile(": (\\S+) > (\\S+): VRRPv(\\d), Advertisement, vrid (\\d+), prio (\\d+)");

    /** One frame: capture time (epoch seconds), source MAC, the rest of tcpdump's line. */
    public record Frame(double epochSeconds, String sourceMac, String text) {}

    /** A VRRP advert seen on the wire. */
    public record Advert(double epochSeconds, String source, int version, int vrid, int priority) {}

    private final Path file;

    private Capture(Path file) {
        this.file = file;
    }

    /** Starts tcpdump on {@code host}, killed with the lab; returns once it is listening. */
    public static Capture start(Lab.Host host, Path file) {
        return start(host, file, "arp or ip proto 112 or ip6 proto 112");
    }

    /** The same with another tcpdump filter expression. */
    public static Capture start(Lab.Host host, Path file, String filter) {
        host.spawn(List.of("tcpdump", "-i", "eth0", "-n", "-e", "-l", "-tt", "--immediate-mode", "-U", filter), file);
        Capture c = new Capture(file);
        await().atMost(java.time.Duration.ofSeconds(15)).until(() -> c.text().contains("listening on"));
        return c;
    }

    public String text() {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public List<Frame> frames() {
        List<Frame> out = new ArrayList<>();
        for (String line : text().split("\n")) {
            Matcher m = FRAME.matcher(line);
            if (m.matches()) out.add(new Frame(Double.parseDouble(m.group(1)), m.group(2), m.group(4)));
        }
        return out;
    }

    /** Gratuitous ARPs for {@code vip} (sender = target = VIP, as keepalived frames them). */
    public List<Frame> garps(String vip) {
        List<Frame> out = new ArrayList<>();
        for (Frame f : frames()) {
            Matcher m = GARP.matcher(f.text());
            if (m.find() && m.group(1).equals(vip) && m.group(2).equals(vip)) out.add(f);
        }
        return out;
    }

    /** Gratuitous ARPs for {@code vip} sent from {@code mac} at or after {@code sinceEpochSeconds}. */
    public long garpsFrom(String vip, String mac, double sinceEpochSeconds) {
        return garps(vip).stream().filter(f -> f.sourceMac().equalsIgnoreCase(mac) && f.epochSeconds() >= sinceEpochSeconds).count();
    }

    public List<Advert> adverts() {
        List<Advert> out = new ArrayList<>();
        for (Frame f : frames()) {
            Matcher m = ADVERT.matcher(f.text());
            if (m.find()) out.add(new Advert(f.epochSeconds(), m.group(1), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))));
        }
        return out;
    }
}
