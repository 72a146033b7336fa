package io.vigil.lab.seed;

import io.vigil.lab.Lab;
import io.vigil.lab.seed.SoakPlan.Fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The soak's fault injector: each planned fault done to the lab and undone after its duration, on its own thread. */
final class SoakFaults {
    private final SoakRun run;

    SoakFaults(SoakRun run) {
        this.run = run;
    }

    /** Injects {@code f}, waits its duration, heals it; returns it with its wall-clock start and end. */
    SoakJudge.Injected inject(Fault f) throws Exception {
        long start = System.currentTimeMillis();
        String t = f.target();
        switch (f.kind()) {
            case VRRP_CHILD_KILL -> kill("KILL", run.director(t).pidFile("vrrp"));
            case CHECKER_CHILD_KILL -> kill("KILL", run.director(t).pidFile("checkers"));
            case PROXY_CHILD_KILL -> kill("KILL", proxyPid(run.director(t)));
            case VRRP_CHILD_STOP -> {
                long pid = pid(run.director(t).pidFile("vrrp"));
                kill("STOP", pid);
                sleep(f.durationMillis());
                kill("CONT", pid);
            }
            case PARENT_STOP -> {
                long pid = run.director(t).pid();
                kill("STOP", pid);
                sleep(f.durationMillis());
                kill("CONT", pid);
            }
            case PARENT_KILL -> {
                SeedDirector d = run.director(t);
                List<ProcessHandle> children = d.processes().stream().skip(1).toList();
                kill("KILL", d.pid());
                // The children stop by themselves when their parent is gone (EOF on stdin); any left is killed by pid.
                long until = System.currentTimeMillis() + 30_000;
                while (children.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < until) sleep(100);
                children.stream().filter(ProcessHandle::isAlive).forEach(h -> kill("KILL", h.pid()));
                sleep(Math.max(0, start + f.durationMillis() - System.currentTimeMillis()));
                d.start();
            }
            case DIRECTOR_KILL -> {
                SeedDirector d = run.director(t);
                d.killTree();
                sleep(f.durationMillis());
                d.start();
            }
            case LINK_FLAP -> {
                run.host(t).cable(false);
                sleep(f.durationMillis());
                run.host(t).cable(true);
            }
            case PARTITION -> {
                // On the bridge: nothing to or from the director's port, carrier up (it sees silence, not a link down).
                String port = run.lab().prefix() + t + "s", table = "soak_" + t;
                run.lab().sh(run.lab().prefix() + "sw", "nft add table bridge " + table + " && nft add chain bridge " + table
                        + " soakfwd '{ type filter hook forward priority 0; }' && nft add rule bridge " + table + " soakfwd iifname " + port
                        + " drop && nft add rule bridge " + table + " soakfwd oifname " + port + " drop");
                sleep(f.durationMillis());
                run.lab().sh(run.lab().prefix() + "sw", "nft delete table bridge " + table);
            }
            case PACKET_LOSS -> {
                // 30 % of the director's packets lost both ways (this kernel has no netem: nftables' random numbers).
                run.host(t).sh("nft add table inet soakloss && nft add chain inet soakloss in '{ type filter hook input priority 0; }'"
                        + " && nft add chain inet soakloss out '{ type filter hook output priority 0; }'"
                        + " && nft add rule inet soakloss in iifname eth0 numgen random mod 100 '<' 30 drop"
                        + " && nft add rule inet soakloss out oifname eth0 numgen random mod 100 '<' 30 drop");
                sleep(f.durationMillis());
                run.host(t).sh("nft delete table inet soakloss");
            }
            case RELOAD_PRIORITY -> {
                // A peer's priority changes: raised above every other (it preempts), then back (the former masters preempt).
                SeedDirector d = run.director(t);
                run.writeConfig(t, 200, false);
                d.signal("HUP");
                sleep(f.durationMillis());
                run.writeConfig(t, 0, false);
                d.signal("HUP");
            }
            case RELOAD_BROKEN -> {
                SeedDirector d = run.director(t);
                int offset = d.log().length();
                run.writeConfig(t, 0, true);
                d.signal("HUP");
                long until = System.currentTimeMillis() + Math.max(f.durationMillis(), 15_000);
                while (!d.log().substring(Math.min(offset, d.log().length())).contains("Reload rejected") && System.currentTimeMillis() < until) sleep(200);
                run.note("%s: broken file %s", t, d.log().substring(Math.min(offset, d.log().length())).contains("Reload rejected")
                        ? "rejected" : "NOT seen rejected within " + (until - start) + " ms");
                run.writeConfig(t, 0, false);
            }
            case ADVERT_FLOOD -> {
                // 10,000 hostile adverts a second with the target's own instance's VRID (every kind of RFC breakage in turn).
                int vrid = SoakRun.vridAimedAt(t);
                Lab.Result r = run.flooder().trySh("python3 " + run.dir().resolve("hostile_adverts.py") + " --version 2 --vrid " + vrid
                        + " --vip " + SoakRun.VIPS.get("VI_" + (vrid - 60)) + " --src " + SoakRun.FLOODER + " --interval-centis 100 --kind mix --rate 10000"
                        + " --seconds " + f.durationMillis() / 1000.0, 120);
                run.note("flood at VRID %d: %s", vrid, r.output().strip());
            }
            case RS_CRASH -> {
                Lab.Host rs = run.host(t);
                run.truth(t, false);
                for (String pid : pids(rs)) kill("KILL", Long.parseLong(pid));
                sleep(f.durationMillis());
                ReloadLabTest.startNginx(rs, run.dir(), Integer.parseInt(t.substring(2)));
                run.truth(t, true);
            }
            case RS_HANG -> {
                // Accepts (the kernel completes the handshake) but never answers.
                Lab.Host rs = run.host(t);
                run.truth(t, false);
                List<String> pids = pids(rs);
                for (String pid : pids) kill("STOP", Long.parseLong(pid));
                sleep(f.durationMillis());
                for (String pid : pids) kill("CONT", Long.parseLong(pid));
                run.truth(t, true);
            }
        }
        return new SoakJudge.Injected(f, start, System.currentTimeMillis());
    }

    private static List<String> pids(Lab.Host host) {
        return List.of(Lab.run(List.of("ip", "netns", "pids", host.ns()), 10).output().trim().split("\\s+")).stream().filter(s -> !s.isBlank()).toList();
    }

    private static long proxyPid(SeedDirector d) {
        for (ProcessHandle h : d.processes()) {
            try {
                if (Files.readString(Path.of("/proc/" + h.pid() + "/comm")).trim().equals("vigil-proxy")) return h.pid();
            } catch (IOException e) {
                // gone
            }
        }
        return -1;
    }

    private static long pid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void kill(String signal, Path pidFile) {
        kill(signal, pid(pidFile));
    }

    private static void kill(String signal, long pid) {
        if (pid > 0) Lab.run(List.of("kill", "-" + signal, Long.toString(pid)), 5);
    }

    static void sleep(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }
}
