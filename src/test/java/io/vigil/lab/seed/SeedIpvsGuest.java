package io.vigil.lab.seed;

import io.vigil.lab.Lab;
import io.vigil.lab.UmlGuest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs INSIDE the user-mode-linux guest (see {@link SeedIpvsLabTest}): the seed's scenario ({@link SeedScenario}) on
 * the IPVS data plane, once with {@code lb_kind DR} and once with {@code lb_kind NAT}, each in a namespace lab of its own
 * built inside the guest (directors, real servers and client are namespaces; each director's IPVS table is its
 * namespace's own). Prints the scenario's {@code [seed-lab ipvs-*]} lines and one {@code CHECK} line per variant.
 */
public final class SeedIpvsGuest {
    private SeedIpvsGuest() {}

    /**
     * The daemons' JVM options in the guest (their children inherit them): no AVX (the guest's CPU state holds no AVX
     * registers across switches, see bin/uml-run), and bin/vigil's small-footprint defaults, which start the six JVMs
     * of two directors markedly faster on the guest's one CPU, where every page fault is a trip through the host.
     */
    static final List<String> GUEST_JVM_OPTIONS = List.of("-XX:UseAVX=0", "-Xshare:auto", "-XX:CICompilerCount=1", "-Xms4m", "-Xmx64m",
            "-XX:MaxMetaspaceSize=48m", "-XX:ReservedCodeCacheSize=16m", "-Xss256k", "-XX:-UsePerfData");

    public static void main(String[] args) {
        long[] minAvailableKb = {Long.MAX_VALUE};
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                minAvailableKb[0] = Math.min(minAvailableKb[0], meminfoKb("MemAvailable:"));
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        int failed = UmlGuest.runChecks(List.of(
                new UmlGuest.Check("seed-ipvs-dr", () -> scenario(SeedPlane.IPVS_DR)),
                new UmlGuest.Check("seed-ipvs-nat", () -> scenario(SeedPlane.IPVS_NAT))));
        sampler.interrupt();
        System.out.printf("GUEST memory: %d MB, at least %d MB available throughout%n", meminfoKb("MemTotal:") / 1024, minAvailableKb[0] / 1024);
        System.exit(Math.min(failed, 100));
    }

    private static long meminfoKb(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith(field))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static void scenario(SeedPlane plane) throws Exception {
        Path dir = Files.createTempDirectory("vigil-seed-" + plane.label);
        SeedScenario scenario = null;
        long t0 = System.nanoTime();
        try (Lab lab = Lab.create()) {
            scenario = new SeedScenario(lab, dir, plane, GUEST_JVM_OPTIONS, true);
            scenario.run();
            System.out.println(scenario.trace());
        } catch (Throwable t) {
            if (scenario != null) System.out.println(scenario.logs());
            throw t;
        } finally {
            System.out.printf("[seed-lab %s] scenario took %.1f s in the guest%n", plane.label, (System.nanoTime() - t0) / 1e9);
            SeedScenario.deleteTree(dir);
        }
    }
}
