package io.vigil.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** auth_pass and the SSL key password never appear in -d output, in diagnostics or in the model's toString (issue #12) (loaded with --compat as the file has always been). */
class SecretsNotShownTest {
    static final String CONF = """
            SSL {
                password KeyPassX7
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 150
                authentication {
                    auth_type PASS
                    auth_pass Sekr1tPw9
                }
                virtual_ipaddress {
                    198.18.0.100/24
                }
            }
            """;

    @Test
    void theDumpWritesAPlaceholderAndReadsBack() {
        LoadResult r = ConfigLoader.loadText("s.conf", CONF, new LoadOptions("x", true));
        assertThat(r.errors()).isEmpty();
        String dump = r.effectiveConfig();
        assertThat(dump).doesNotContain("Sekr1tPw").doesNotContain("KeyPassX7")
                .contains("auth_pass ********   # secret, not shown").contains("password ********   # secret, not shown");
        assertThat(ConfigLoader.loadText("dump.conf", dump, new LoadOptions("x", true)).errors()).isEmpty();
        // the model keeps the real values for the runtime, and its text form hides them
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(c.toString()).doesNotContain("Sekr1tPw").doesNotContain("KeyPassX7");
        assertThat(c.vrrpInstances().getFirst().authentication().orElseThrow().password()).isEqualTo("Sekr1tPw");
    }

    @Test
    void diagnosticsNeverQuoteASecret() {
        LoadResult longPass = ConfigLoader.loadText("s.conf", CONF, new LoadOptions("x", true));
        assertThat(longPass.diagnostics()).anySatisfy(d -> assertThat(d.message()).contains("longer than 8"));
        LoadResult broken = ConfigLoader.loadText("s.conf", CONF.replace("auth_pass Sekr1tPw9", "auth_pass Sekr1tPw9 OtherWord")
                .replace("password KeyPassX7", "password KeyPassX7 MoreWords"), new LoadOptions("x", true));
        assertThat(broken.errors()).hasSizeGreaterThanOrEqualTo(2);
        for (LoadResult r : new LoadResult[] {longPass, broken}) {
            for (Diagnostic d : r.diagnostics()) {
                assertThat(d.format()).doesNotContain("Sekr1tPw").doesNotContain("OtherWord").doesNotContain("KeyPassX7").doesNotContain("MoreWords");
            }
        }
        assertThat(broken.errors()).anySatisfy(d -> assertThat(d.format()).contains("too many values").contains("(secret, not shown)"));
    }
}
