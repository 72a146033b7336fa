package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.GlobalDefs;
import io.vigil.config.LoadOptions;
import io.vigil.mail.MailSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** global_defs → mail settings with keepalived's defaults (router_id, sender, HELO name from the host name). */
class AlertMailTest {
    private static GlobalDefs global(String text) {
        return ConfigLoader.loadText("test.conf", text, LoadOptions.defaults()).config().orElseThrow().globalDefs();
    }

    @Test
    void keepalivedsDefaults() {
        MailSettings s = AlertMail.settings(global("global_defs {\n notification_email {\n  ops@example.org\n }\n smtp_server 198.18.0.25\n}\n"),
                "lb1.example.org", "root").orElseThrow();
        assertThat(s).isEqualTo(new MailSettings("lb1.example.org", "root@lb1.example.org", List.of("ops@example.org"), "198.18.0.25", 25,
                "lb1.example.org", 30_000));
    }

    @Test
    void everythingSet() {
        MailSettings s = AlertMail.settings(global("""
                global_defs {
                    router_id lb1
                    notification_email {
                        ops@example.org
                        oncall@example.org
                    }
                    notification_email_from vigil@example.org
                    smtp_server 198.18.0.25 2525
                    smtp_helo_name lb1.mail
                    smtp_connect_timeout 5
                }
                """), "host", "root").orElseThrow();
        assertThat(s).isEqualTo(new MailSettings("lb1", "vigil@example.org", List.of("ops@example.org", "oncall@example.org"), "198.18.0.25", 2525,
                "lb1.mail", 5_000));
        assertThat(s.server()).isEqualTo("198.18.0.25:2525");
    }

    @Test
    void noMailWithoutRecipientsOrServer() {
        assertThat(AlertMail.settings(global("global_defs {\n smtp_server 198.18.0.25\n}\n"), "h", "root")).isEmpty();
        assertThat(AlertMail.settings(global("global_defs {\n notification_email {\n  a@b\n }\n}\n"), "h", "root")).isEmpty();
    }
}
