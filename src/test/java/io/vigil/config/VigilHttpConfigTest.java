package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static io.vigil.config.Configs.errors;
import static io.vigil.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** vigil_http, vigil_http_token, vigil_http_tls (Vigil-only). */
class VigilHttpConfigTest {
    @Test
    void offByDefaultAndReadWhole() {
        assertThat(valid("global_defs {\n router_id a\n}\n").globalDefs().vigilHttp()).isEqualTo(GlobalDefs.VigilHttp.OFF);
        GlobalDefs.VigilHttp h = valid("""
                global_defs {
                    vigil_http 127.0.0.1:9165
                    vigil_http_token /etc/vigil/token
                    vigil_http_tls /etc/vigil/cert.pem /etc/vigil/key.pem
                }
                """).globalDefs().vigilHttp();
        assertThat(h.listen()).contains(new InetSocketAddress(Addresses.parse("127.0.0.1"), 9165));
        assertThat(h.tokenFile()).contains("/etc/vigil/token");
        assertThat(h.tls()).contains(new GlobalDefs.VigilHttp.Tls("/etc/vigil/cert.pem", "/etc/vigil/key.pem"));
        assertThat(valid("global_defs {\n vigil_http [::1]:9165\n}\n").globalDefs().vigilHttp().listen())
                .contains(new InetSocketAddress(Addresses.parse("::1"), 9165));
    }

    @Test
    void badValuesAreRefusedInOneSentence() {
        assertThat(Configs.formatted(errors("global_defs {\n vigil_http 127.0.0.1\n}\n"))).contains("expected ADDRESS:PORT");
        assertThat(Configs.formatted(errors("global_defs {\n vigil_http 127.0.0.1:70000\n}\n"))).contains("port outside range");
        assertThat(Configs.formatted(errors("global_defs {\n vigil_http ::1:9165\n}\n"))).contains("needs brackets");
        assertThat(Configs.formatted(errors("global_defs {\n vigil_http nothere:9165\n}\n"))).contains("invalid IP address");
        assertThat(Configs.formatted(errors("global_defs {\n vigil_http 127.0.0.1:1\n vigil_http_tls only-cert.pem\n}\n"))).contains("missing");
        // the token and TLS keywords without an endpoint would do nothing: refused, not ignored
        assertThat(Configs.formatted(errors("global_defs {\n vigil_http_token /t\n}\n"))).contains("vigil_http_token needs vigil_http");
        assertThat(Configs.formatted(errors("global_defs {\n vigil_http_tls /c /k\n}\n"))).contains("vigil_http_tls needs vigil_http");
    }
}
