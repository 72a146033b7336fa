package io.vigil.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * include_check on the vigil command (a real JVM, {@code vigil -t}): a missing include is a warning that lets the check
 * pass, and the same file with include_check in global_defs fails it with the include's file:line:col, as keepalived.
 */
class IncludeCheckProcessTest {
    @TempDir
    Path dir;

    @Test
    void includeCheckTurnsAMissingIncludeIntoAFailedCheck() throws Exception {
        Path lax = dir.resolve("lax.conf"), strict = dir.resolve("strict.conf");
        Files.writeString(lax, "global_defs {\n    router_id a\n}\ninclude missing.conf\n");
        Files.writeString(strict, "global_defs {\n    include_check\n}\ninclude missing.conf\n");

        CommandLineStrictnessTest.Run ok = CommandLineStrictnessTest.vigil("-t", "-f", lax.toString());
        assertThat(ok.status()).as(ok.all()).isZero();
        assertThat(ok.all()).contains(lax + ":4:9: warning: include pattern matches no file");

        CommandLineStrictnessTest.Run refused = CommandLineStrictnessTest.vigil("-t", "-f", strict.toString());
        assertThat(refused.status()).as(refused.all()).isNotZero();
        assertThat(refused.all()).contains(strict + ":4:9: error: include pattern matches no file");
    }
}
