package io.vigil.daemon;

import io.vigil.check.CheckerService;
import io.vigil.check.DesiredPool;
import io.vigil.check.PoolListener;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;
import io.vigil.check.VirtualServerKey;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bind_if with an IPv6 link-local real server, in namespaces: host "a" runs the checkers (a JVM inside its namespace,
 * the configuration mapped and run by CheckerService, so TCP_CHECK goes through the epoll loop with SO_BINDTODEVICE and
 * HTTP_GET through the JDK's sockets with the interface as the target's scope); host "b" serves HTTP on [fe80::12]:8080.
 * bind_if eth0 reaches it; bind_if lo (an interface that does not lead there) does not: the keyword is acted on.
 */
class BindIfLinkLocalLabTest {
    private static final String CONF = """
            virtual_server fe80::100 8080 {
                protocol TCP
                delay_loop 60
                real_server fe80::12 8080 {
                    TCP_CHECK {
                        bind_if eth0
                        connect_timeout 3
                    }
                }
            }
            virtual_server fe80::101 8080 {
                protocol TCP
                delay_loop 60
                real_server fe80::12 8080 {
                    TCP_CHECK {
                        bind_if lo
                        connect_timeout 3
                    }
                }
            }
            virtual_server fe80::102 8080 {
                protocol TCP
                delay_loop 60
                real_server fe80::12 8080 {
                    HTTP_GET {
                        url {
                            path /
                        }
                        bind_if eth0
                        connect_timeout 3
                    }
                }
            }
            virtual_server fe80::103 8080 {
                protocol TCP
                delay_loop 60
                real_server fe80::12 8080 {
                    HTTP_GET {
                        url {
                            path /
                        }
                        bind_if lo
                        connect_timeout 3
                    }
                }
            }
            """;

    /** Run inside the namespace: loads the file, runs its checkers, prints "VS UP|DOWN description" per virtual server. */
    public static void main(String[] args) throws Exception {
        LoadResult r = ConfigLoader.load(Path.of(args[0]), LoadOptions.defaults());
        if (!r.isValid()) {
            r.errors().forEach(d -> System.out.println("ERROR " + d.format()));
            System.exit(2);
        }
        var settings = CheckerConfigMapper.virtualServers(r.config().orElseThrow());
        Map<String, ProbeResult> first = new ConcurrentHashMap<>();
        PoolListener listener = new PoolListener() {
            @Override
            public void onPoolChanged(VirtualServerKey vs, DesiredPool pool) {
            }

            @Override
            public void onProbe(VirtualServerKey vs, RealServerKey rs, int checker, String kind, ProbeResult result, long micros) {
                first.putIfAbsent(vs.toString(), result);
            }
        };
        try (CheckerService svc = CheckerService.start(settings, listener)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (first.size() < settings.size() && System.nanoTime() < deadline) Thread.sleep(50); // a separate JVM: no Awaitility here
        }
        first.forEach((vs, p) -> System.out.println(vs + " " + (p.success() ? "UP " : "DOWN ") + p.describe()));
        System.exit(0);
    }

    @Test
    void aLinkLocalServerIsReachedThroughBindIfOnly(@TempDir Path dir) throws Exception {
        try (Lab lab = Lab.create("bi")) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            Lab.Host b = lab.host("b", "198.18.0.12/24");
            a.sh("ip addr add fe80::11/64 dev eth0 nodad");
            b.sh("ip addr add fe80::12/64 dev eth0 nodad");
            Path www = dir.resolve("www");
            Files.createDirectories(www);
            Files.writeString(www.resolve("index.html"), "hello over link-local\n");
            b.spawn(List.of("/usr/bin/python3", "-m", "http.server", "--bind", "::", "--directory", www.toString(), "8080"), dir.resolve("http.log"));
            // the server is up when a link-local connect from "a" (scoped by hand) gets an answer
            Lab.Result ready = a.trySh("for i in $(seq 1 100); do curl -s -o /dev/null 'http://[fe80::12%eth0]:8080/' && exit 0; sleep 0.2; done; exit 1", 60);
            assertThat(ready.exit()).as("the link-local web server answers: " + ready.output()).isZero();
            Path conf = dir.resolve("bind_if.conf");
            Files.writeString(conf, CONF);
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), BindIfLinkLocalLabTest.class.getName(),
                    conf.toString()));
            Lab.Result r = a.trySh(String.join(" ", cmd.stream().map(s -> "'" + s + "'").toList()), 180);
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).as(r.output())
                    .containsPattern("(?m)^\\[fe80::100\\]:TCP:8080 UP ")
                    .containsPattern("(?m)^\\[fe80::101\\]:TCP:8080 DOWN ")
                    .containsPattern("(?m)^\\[fe80::102\\]:TCP:8080 UP ")
                    .containsPattern("(?m)^\\[fe80::103\\]:TCP:8080 DOWN ");
        }
    }

    @Test
    void bindIfIsRequiredForALinkLocalTargetAndRefusedWhereItCannotBeHonoured() {
        LoadResult none = ConfigLoader.loadText("b.conf", """
                virtual_server fe80::100 8080 {
                    real_server fe80::12 8080 {
                        TCP_CHECK {
                        }
                    }
                }
                """, LoadOptions.defaults());
        assertThat(none.errors()).extracting(Diagnostic::format).singleElement().satisfies(f ->
                assertThat(f).startsWith("b.conf:3:").contains("requires a bind_if"));
        String global = """
                virtual_server 198.18.0.100 8080 {
                    real_server 198.18.0.12 8080 {
                        HTTP_GET {
                            url {
                                path /
                            }
                            bind_if eth0
                        }
                    }
                }
                """;
        LoadResult refused = ConfigLoader.loadText("b.conf", global, LoadOptions.defaults());
        assertThat(refused.errors()).extracting(Diagnostic::format).singleElement().satisfies(f ->
                assertThat(f).startsWith("b.conf:7:").contains("bind_if refused").contains("link-local targets only"));
        LoadResult compat = ConfigLoader.loadText("b.conf", global, new LoadOptions("x", true));
        assertThat(compat.errors()).isEmpty();
        assertThat(CheckerConfigMapper.virtualServers(compat.config().orElseThrow()).getFirst().realServers().getFirst().checkers()
                .getFirst().toString()).as("--compat runs without it").contains("bindIf=null");
        LoadResult tcp = ConfigLoader.loadText("b.conf", """
                virtual_server 198.18.0.100 8080 {
                    real_server 198.18.0.12 8080 {
                        TCP_CHECK {
                            bind_if eth0
                        }
                    }
                }
                """, LoadOptions.defaults());
        assertThat(tcp.errors()).as("TCP_CHECK binds to any interface").isEmpty();
    }
}
