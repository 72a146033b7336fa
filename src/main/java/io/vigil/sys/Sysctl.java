package io.vigil.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kernel parameters under /proc/sys, read and written in the network namespace of the calling thread
 * (/proc/sys/net follows the opener's namespace: call through {@link NetNs} for another one). Keys are
 * paths below /proc/sys with '/' separators, so interface names keep their dots ({@code net/ipv4/conf/vrrp.51/arp_ignore}).
 */
public final class Sysctl {
    private Sysctl() {}

    private static final Path ROOT = Path.of("/proc/sys");

    public static String read(String key) {
        try {
            return Files.readString(ROOT.resolve(key)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("sysctl " + key, e);
        }
    }

    public static void write(String key, String value) {
        try {
            Files.writeString(ROOT.resolve(key), value);
        } catch (IOException e) {
            throw new UncheckedIOException("sysctl " + key + "=" + value, e);
        }
    }

    /**
     * Sets what keepalived sets for a {@code use_vmac} interface: on the macvlan arp_ignore=1, accept_local=1,
     * rp_filter=0, promote_secondaries=1 (it answers ARP only for its own VIPs and accepts adverts sent from
     * the base interface); on the base interface arp_ignore=1 and arp_filter=1, so the base stops answering
     * ARP for the VIP with its real MAC. Vigil adds arp_announce=2 on the base (keepalived does not): the base then asks
     * for a neighbour's MAC in its own address's name, never the VIP's; otherwise a reply from the VIP to a host not yet
     * in the neighbour table makes the base send "who-has HOST tell VIP" from its real MAC, and that host (seen with
     * keepalived 2.2.7 too) re-learns the VIP at the base's MAC. Returns the base interface's previous values for
     * {@link #restore}.
     */
    public static Map<String, String> configureVmac(String vmacName, String baseName) {
        configureVmacOnly(vmacName);
        Map<String, String> previous = new LinkedHashMap<>();
        for (String[] p : new String[][] {{"arp_ignore", "1"}, {"arp_filter", "1"}, {"arp_announce", "2"}}) {
            String key = "net/ipv4/conf/" + baseName + "/" + p[0];
            previous.put(key, read(key));
            write(key, p[1]);
        }
        return previous;
    }

    /** The macvlan's part of {@link #configureVmac}, for a second VMAC on a base interface already configured. */
    public static void configureVmacOnly(String vmacName) {
        String vmac = "net/ipv4/conf/" + vmacName + "/";
        write(vmac + "arp_ignore", "1");
        write(vmac + "accept_local", "1");
        write(vmac + "rp_filter", "0");
        write(vmac + "promote_secondaries", "1");
    }

    /** Writes back values saved by {@link #configureVmac} (when the last vmac on the base goes away). */
    public static void restore(Map<String, String> previous) {
        previous.forEach(Sysctl::write);
    }
}
