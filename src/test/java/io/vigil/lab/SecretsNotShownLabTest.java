package io.vigil.lab;

import io.vigil.daemon.ControlServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No secret in any output (issue #12): the real daemon runs a configuration with a VRRP {@code auth_pass} (9
 * characters, so the "only the first 8 are used" warning fires) and an SSL key password, in a namespace, as MASTER;
 * then it is asked for everything that prints: {@code -d}, {@code -t} of a broken file quoting the secret's line,
 * {@code status}, {@code dump-data}, {@code dump-stats}, SIGUSR1's data file, SIGHUP with a broken file (rejected,
 * logged) and with a good one. None of the parent's and children's logs nor any of those texts may hold the password,
 * the 8 characters used of it, their hex form, the SSL password or the extra words of the broken lines.
 */
class SecretsNotShownLabTest {
    private static final String PASS = "Sekr1tPw9", USED = "Sekr1tPw", SSL_PASS = "KeyPassX7";
    private static final String CONF = """
            global_defs {
                router_id secrets
            }
            SSL {
                password %s
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass %s
                }
                virtual_ipaddress {
                    198.18.0.100/24
                }
            }
            """;

    @Test
    @Timeout(180)
    void noSecretInLogsDumpsStatusOrConfigOutput() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host h = lab.host("s", "198.18.0.11/24");
            Path dir = Files.createTempDirectory("vigil-secrets-" + lab.prefix());
            String good = CONF.formatted(SSL_PASS, PASS);
            String broken = good.replace("auth_pass " + PASS, "auth_pass " + PASS + " OtherWord").replace("password " + SSL_PASS, "password " + SSL_PASS + " MoreWords");
            // the SSL block's password is read and must stay hidden.
            try (VigilNode n = new VigilNode(h, "s", dir, good).withCompat()) {
                Path conf = dir.resolve("s.conf");
                List<String> texts = new ArrayList<>();
                texts.add(cli("-d", "-f", conf.toString()));
                Path brokenFile = dir.resolve("broken.conf");
                Files.writeString(brokenFile, broken);
                String test = cli("-t", brokenFile.toString());
                assertThat(test).contains("too many values");
                texts.add(test);

                n.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> n.state("VI_1").equals("MASTER"));
                texts.add(n.status().orElseThrow());
                for (String what : List.of("dump-data", "dump-stats")) {
                    String answer = ControlServer.request(n.controlSocket(), what).trim();
                    assertThat(answer).startsWith("wrote ");
                    texts.add(Files.readString(Path.of(answer.substring("wrote ".length()))));
                }
                Path data = dir.resolve("s.data");
                Files.deleteIfExists(data);
                n.signalParent("USR1");
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(data) && Files.size(data) > 0);
                texts.add(Files.readString(data));
                assertThat(texts.getLast()).contains("VI_1");

                Files.writeString(conf, broken);
                n.signalParent("HUP");
                await().atMost(Duration.ofSeconds(30)).until(() -> n.log().contains("Reload rejected"));
                Files.writeString(conf, good.replace("priority 150", "priority 140"));
                n.signalParent("HUP");
                await().atMost(Duration.ofSeconds(30)).until(() -> n.log().contains("Reloaded"));
                texts.add(n.status().orElseThrow());
                n.terminate();
                texts.add(n.log());

                String all = String.join("\n", texts);
                assertThat(all).contains("auth_pass ********", "VI_1", "Reload rejected");
                String hex = HexFormat.of().formatHex(USED.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                for (String secret : List.of(USED, SSL_PASS, "OtherWord", "MoreWords", hex, hex.toUpperCase(Locale.ROOT))) {
                    assertThat(all).as("output holding '%s':%n%s", secret, all).doesNotContain(secret);
                }
            }
        }
    }

    /** {@code vigil} with these arguments in this JVM's environment; stdout and stderr together. */
    private static String cli(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.vigil.daemon.Main"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
