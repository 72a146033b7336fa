package io.vigil.lab.seed;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.vigil.lab.seed.ObservabilityLabTest.await;
import static io.vigil.lab.seed.ObservabilityLabTest.server;
import static io.vigil.lab.seed.ObservabilityLabTest.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard end to end: headless Chromium (Debian's) driven by playwright-core (src/test/browser) in a client
 * namespace opens the BACKUP director's page, sees VI_1 BACKUP and rs2 up; rs2 is killed and the page shows it down
 * with its reason; the MASTER director is killed and the page shows VI_1 MASTER; all without reloading (the page
 * follows /api/v1/events). The last screenshot goes to target/dashboard.png (and to docs/dashboard.png with
 * -Dvigil.updateScreenshot=true).
 */
class DashboardLabTest {
    static final Path BROWSER = Path.of("src/test/browser");

    @Test
    @Timeout(300)
    void theDashboardFollowsAHealthChangeAndAFailoverWithoutReloading() throws Exception {
        SeedLabs.assumeTools();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "SKIPPED: chromium not installed (bin/setup)");
        Assumptions.assumeTrue(Files.isDirectory(BROWSER.resolve("node_modules/playwright-core")),
                "SKIPPED: playwright-core not installed (bin/setup runs npm install in src/test/browser)");
        Path dir = Files.createTempDirectory("vigil-dashboard-lab");
        SeedDirector lb1 = null, lb2 = null;
        try (Lab lab = Lab.create()) {
            Path token = dir.resolve("http.token");
            Files.writeString(token, ObservabilityLabTest.TOKEN + "\n");
            String seed = Files.readString(Path.of("examples/seed-lab.conf"));
            Path conf = dir.resolve("seed.conf");
            Files.writeString(conf, seed.replace("vigil_http 127.0.0.1:9165", "vigil_http_token " + token
                    + "\n@lb1 vigil_http 198.18.1.101:9165\n@lb2 vigil_http 198.18.1.102:9165"));
            Lab.Host h1 = lab.host("lb1", "198.18.1.101/24"), h2 = lab.host("lb2", "198.18.1.102/24");
            Lab.Host rs1 = lab.host("rs1", "198.18.1.103/24"), rs2 = lab.host("rs2", "198.18.1.104/24");
            Lab.Host cl = lab.host("cl", "198.18.1.10/24");
            for (Lab.Host lb : List.of(h1, h2)) lb.sh(SeedPlane.PROXY.directorSetup());
            server(rs1, dir, "rs1");
            Process rs2Server = server(rs2, dir, "rs2");
            lb1 = new SeedDirector(h1, "lb1", dir, conf);
            lb2 = new SeedDirector(h2, "lb2", dir, conf);
            lb1.start();
            lb2.start();
            SeedDirector a = lb1, b = lb2;
            await(() -> a.holds(SeedPlane.VIP) || b.holds(SeedPlane.VIP), 60_000, "no director took the VIP");
            SeedDirector master = lb1.holds(SeedPlane.VIP) ? lb1 : lb2, backup = master == lb1 ? lb2 : lb1;

            Path shot = dir.resolve("dashboard.png");
            Process browser = new ProcessBuilder("ip", "netns", "exec", cl.ns(), "node", BROWSER.resolve("dashboard-e2e.mjs").toAbsolutePath().toString(),
                    "http://" + target(backup) + "/", ObservabilityLabTest.TOKEN, shot.toString())
                    .redirectError(dir.resolve("browser.err").toFile()).start();
            BlockingQueue<String> out = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) out.add(l);
                } catch (java.io.IOException ignored) {
                    // the browser ended
                }
                out.add("EOF");
            });
            Writer toBrowser = new java.io.OutputStreamWriter(browser.getOutputStream(), StandardCharsets.UTF_8);
            try {
                assertEquals("OK backup-and-rs2-up", step(out, dir));
                rs2Server.descendants().forEach(ProcessHandle::destroyForcibly);
                rs2Server.destroyForcibly();
                rs2Server.waitFor();
                toBrowser.write("rs2-killed\n");
                toBrowser.flush();
                String down = step(out, dir);
                assertTrue(down.startsWith("OK rs2-down ") && down.length() > "OK rs2-down ".length(), "rs2 not shown down with a reason: " + down);
                master.killTree();
                toBrowser.write("master-killed\n");
                toBrowser.flush();
                String nowMaster = step(out, dir);
                assertTrue(nowMaster.startsWith("OK master ") && nowMaster.contains("BACKUP → MASTER"), "the page did not show the takeover: " + nowMaster);
                String loads = step(out, dir);
                assertEquals("OK loads 1", loads, "the page was reloaded");
                assertTrue(browser.waitFor(60, TimeUnit.SECONDS) && browser.exitValue() == 0, "the browser script failed: "
                        + Files.readString(dir.resolve("browser.err")));
                // The suite never rewrites a tracked file: the screenshot goes to target/, and to docs/ only when asked.
                Files.copy(shot, Path.of("target/dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
                if (Boolean.getBoolean("vigil.updateScreenshot")) {
                    Files.copy(shot, Path.of("docs/dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
                }
                System.out.println("dashboard steps: " + down + " | " + nowMaster);
            } finally {
                browser.descendants().forEach(ProcessHandle::destroyForcibly);
                browser.destroyForcibly();
            }
        } catch (Throwable t) {
            if (lb1 != null) System.out.println("---- lb1\n" + lb1.log());
            if (lb2 != null) System.out.println("---- lb2\n" + lb2.log());
            throw t;
        } finally {
            SeedScenario.deleteTree(dir);
        }
    }

    private static String step(BlockingQueue<String> out, Path dir) throws Exception {
        String line = out.poll(120, TimeUnit.SECONDS);
        assertNotNull(line, "the browser said nothing for 120 s");
        if (!line.startsWith("OK ")) throw new AssertionError("browser: " + line + "\n" + Files.readString(dir.resolve("browser.err")));
        return line;
    }
}
