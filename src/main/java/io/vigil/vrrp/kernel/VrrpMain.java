package io.vigil.vrrp.kernel;

import io.vigil.net.IpLiteral;
import io.vigil.vrrp.AddressFamily;
import io.vigil.vrrp.AuthSettings;
import io.vigil.vrrp.Inet;
import io.vigil.vrrp.VirtualAddress;
import io.vigil.vrrp.VrrpInstanceSettings;
import io.vigil.vrrp.VrrpService;
import io.vigil.vrrp.VrrpState;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A single-instance VRRP node from command-line flags, on the real kernel ports: for lab tests and the failover
 * benchmark until the daemon maps keepalived.conf onto {@link VrrpInstanceSettings}. Runs until SIGTERM/SIGINT, then
 * sends priority 0 (if MASTER) and removes its VIPs.
 *
 * <pre>
 * VrrpMain --interface eth0 --vrid 51 --priority 100 [--version 2|3] [--advert SECONDS] --vip 198.18.0.100/24 ...
 *          [--name VI_1] [--state MASTER|BACKUP] [--nopreempt] [--preempt-delay SECONDS] [--src ADDR]
 *          [--unicast-peer ADDR ...] [--auth-pass PW | --auth-ah PW] [--use-vmac [NAME]] [--garp-refresh SECONDS]
 * </pre>
 */
public final class VrrpMain {
    private VrrpMain() {}

    public static void main(String[] args) throws Exception {
        VrrpInstanceSettings s = parse(args);
        VrrpService service = new VrrpService(List.of(s), List.of(), KernelPorts.open());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "vrrp-main-shutdown"));
        service.start(false);
        stopped.await();
    }

    static VrrpInstanceSettings parse(String[] args) {
        String ifname = null, name = "VI_1", src = null, vmac = null;
        int vrid = 0, priority = 100, version = 2;
        double advert = 1;
        boolean preempt = true, useVmac = false;
        double preemptDelay = 0, garpRefresh = 0;
        VrrpState state = VrrpState.BACKUP;
        AuthSettings auth = AuthSettings.NONE;
        List<String> vips = new ArrayList<>();
        List<InetAddress> peers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--interface" -> ifname = args[++i];
                case "--name" -> name = args[++i];
                case "--vrid" -> vrid = Integer.parseInt(args[++i]);
                case "--priority" -> priority = Integer.parseInt(args[++i]);
                case "--version" -> version = Integer.parseInt(args[++i]);
                case "--advert" -> advert = Double.parseDouble(args[++i]);
                case "--vip" -> vips.add(args[++i]);
                case "--state" -> state = VrrpState.valueOf(args[++i]);
                case "--nopreempt" -> preempt = false;
                case "--preempt-delay" -> preemptDelay = Double.parseDouble(args[++i]);
                case "--src" -> src = args[++i];
                case "--unicast-peer" -> peers.add(IpLiteral.parse(args[++i]));
                case "--auth-pass" -> auth = AuthSettings.pass(args[++i]);
                case "--auth-ah" -> auth = AuthSettings.ah(args[++i]);
                case "--garp-refresh" -> garpRefresh = Double.parseDouble(args[++i]);
                case "--use-vmac" -> {
                    useVmac = true;
                    if (i + 1 < args.length && !args[i + 1].startsWith("--")) vmac = args[++i];
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (ifname == null || vrid == 0 || vips.isEmpty()) throw new IllegalArgumentException("--interface, --vrid and --vip are required");
        AddressFamily family = VirtualAddress.parse(vips.getFirst()).address().getAddress().length == 16 ? AddressFamily.IPV6 : AddressFamily.IPV4;
        InetAddress source = src != null ? IpLiteral.parse(src) : KernelPorts.primaryAddress(ifname, family);
        VrrpInstanceSettings.Builder b = VrrpInstanceSettings.builder(name, vrid, ifname, source).priority(priority).version(version)
                .advertIntervalCentis((int) Math.round(advert * 100)).preempt(preempt).preemptDelayMillis(Math.round(preemptDelay * 1000))
                .initialState(state).auth(auth).unicastPeers(peers);
        if (garpRefresh > 0) b.garp(new io.vigil.vrrp.GarpSettings(5, 5000, Math.round(garpRefresh * 1000), 1));
        if (useVmac) b.useVmac(vmac);
        for (String v : vips) b.vip(v);
        return b.build();
    }
}
