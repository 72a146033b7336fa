package io.vigil.daemon;

import io.vigil.check.CheckerService;
import io.vigil.check.DesiredPool;
import io.vigil.check.PoolListener;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;
import io.vigil.check.VirtualServerKey;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.lab.Lab;
import io.vigil.sys.ScriptRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ha_suspend in a namespace: the checks of a virtual server with ha_suspend run only while its address is on the
 * host, learnt from netlink as keepalived learns it. A JVM inside the namespace runs the checkers of three virtual
 * servers on one web server: .100 (TCP_CHECK, through the epoll loop) and .101 (HTTP_GET, on a virtual thread) with
 * ha_suspend, and .102 without it, whose probes are the clock of the test (no fixed sleep).
 */
class HaSuspendLabTest {
    private static final String CONF = """
            virtual_server 198.18.0.100 8080 {
                ha_suspend
                delay_loop 1
                real_server 198.18.0.11 8080 {
                    TCP_CHECK {
                        connect_timeout 2
                    }
                }
            }
            virtual_server 198.18.0.101 8080 {
                ha_suspend
                delay_loop 1
                real_server 198.18.0.11 8080 {
                    HTTP_GET {
                        url {
                            path /
                        }
                        connect_timeout 2
                    }
                }
            }
            virtual_server 198.18.0.102 8080 {
                delay_loop 1
                real_server 198.18.0.11 8080 {
                    TCP_CHECK {
                        connect_timeout 2
                    }
                }
            }
            """;

    private static final Map<String, AtomicInteger> probes = new ConcurrentHashMap<>();

    private static int count(String vsAddress) {
        return probes.entrySet().stream().filter(e -> e.getKey().contains(vsAddress)).mapToInt(e -> e.getValue().get()).sum();
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    /** Control probes of .102 pass while the others are counted: a window of that many delay_loops, measured by events. */
    private static void controlProbes(int n) throws InterruptedException {
        int from = count("198.18.0.102");
        until(n + " probes of .102", () -> count("198.18.0.102") >= from + n);
    }

    private static void ip(String args) throws Exception {
        Process p = new ProcessBuilder(("ip " + args).split(" ")).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("ip " + args);
    }

    /** Run inside the namespace: prints "PHASE n .100=X .101=Y" lines. */
    public static void main(String[] args) throws Exception {
        LoadResult r = ConfigLoader.load(Path.of(args[0]), LoadOptions.defaults());
        if (!r.isValid()) {
            r.errors().forEach(d -> System.out.println("ERROR " + d.format()));
            System.exit(2);
        }
        KeepalivedConfig config = r.config().orElseThrow();
        PoolListener listener = new PoolListener() {
            @Override
            public void onPoolChanged(VirtualServerKey vs, DesiredPool pool) {
            }

            @Override
            public void onProbe(VirtualServerKey vs, RealServerKey rs, int checker, String kind, ProbeResult result, long micros) {
                probes.computeIfAbsent(vs.toString(), k -> new AtomicInteger()).incrementAndGet();
            }
        };
        try (HaSuspendWatch watch = new HaSuspendWatch()) {
            watch.configure(config);
            try (CheckerService svc = CheckerService.start(CheckerConfigMapper.virtualServers(config), listener, new ScriptRunner(), 60_000,
                    Map.of(), watch.haSuspend)) {
                controlProbes(3);
                System.out.println("PHASE 1 .100=" + count("198.18.0.100") + " .101=" + count("198.18.0.101"));
                ip("addr add 198.18.0.100/32 dev lo");
                ip("addr add 198.18.0.101/32 dev lo");
                until("probes of .100 and .101", () -> count("198.18.0.100") >= 2 && count("198.18.0.101") >= 2);
                System.out.println("PHASE 2 .100=" + count("198.18.0.100") + " .101=" + count("198.18.0.101"));
                ip("addr del 198.18.0.100/32 dev lo");
                controlProbes(1); // one delay_loop for a check already under way to finish
                int after100 = count("198.18.0.100");
                controlProbes(3);
                System.out.println("PHASE 3 .100+=" + (count("198.18.0.100") - after100) + " .101=" + count("198.18.0.101"));
            }
        }
        System.exit(0);
    }

    @Test
    void checksRunOnlyWhileTheVirtualAddressIsHere(@TempDir Path dir) throws Exception {
        try (Lab lab = Lab.create("hs")) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            Path www = dir.resolve("www");
            Files.createDirectories(www);
            Files.writeString(www.resolve("index.html"), "hello\n");
            a.spawn(List.of("/usr/bin/python3", "-m", "http.server", "--bind", "198.18.0.11", "--directory", www.toString(), "8080"), dir.resolve("http.log"));
            Lab.Result ready = a.trySh("for i in $(seq 1 100); do curl -s -o /dev/null http://198.18.0.11:8080/ && exit 0; sleep 0.2; done; exit 1", 60);
            assertThat(ready.exit()).as("the web server answers: " + ready.output()).isZero();
            Path conf = dir.resolve("ha_suspend.conf");
            Files.writeString(conf, CONF);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), HaSuspendLabTest.class.getName(),
                    conf.toString()));
            Lab.Result r = a.trySh(String.join(" ", cmd.stream().map(s -> "'" + s + "'").toList()), 300);
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).as(r.output())
                    .containsPattern("(?m)^PHASE 1 \\.100=0 \\.101=0$")       // suspended: the addresses are not here
                    .containsPattern("(?m)^PHASE 2 \\.100=\\d+ \\.101=\\d+$")  // both checked once the addresses came
                    .containsPattern("(?m)^PHASE 3 \\.100\\+=0 \\.101=\\d+$")  // .100 suspended again when its address left
                    .contains("Suspending healthchecker for service [198.18.0.100]:TCP:8080")
                    .contains("Activating healthchecker for service [198.18.0.100]:TCP:8080");
        }
    }

    @Test
    void haSuspendOnAFwmarkIsIgnoredAsKeepalivedDoes() {
        LoadResult r = ConfigLoader.loadText("h.conf", """
                virtual_server fwmark 7 {
                    ha_suspend
                    real_server 198.18.0.11 80 {
                    }
                }
                """, LoadOptions.defaults());
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).extracting(Diagnostic::format).anySatisfy(f -> assertThat(f).startsWith("h.conf:2:").contains("fwmark"));
        assertThat(r.config().orElseThrow().virtualServers().getFirst().haSuspend()).isFalse();
    }
}
