package io.vigil.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vigil.config.LoadOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate the daemon passes at start (and on reload): a refused keyword stops it; under --compat it starts and the
 * log says what it runs without; a keyword that does not apply is noted once with its position and reason.
 */
class ConfigValidationLogTest {
    @TempDir
    Path dir;
    private final ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ConfigValidation.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
    }

    @Test
    void refusedStopsTheStartCompatRunsWithoutItAndSaysSoNotApplicableIsNoted() throws Exception {
        logged.start();
        logger.addAppender(logged);
        Path conf = dir.resolve("k.conf");
        Files.writeString(conf, "global_defs {\n enable_dbus\n vrrp_netlink_cmd_rcv_bufs 1048576\n}\n");

        assertThat(ConfigValidation.errors(conf, new LoadOptions("n", false)))
                .singleElement().satisfies(e -> assertThat(e).contains(conf + ":2:2: error: keyword refused by Vigil: 'enable_dbus'"));

        logged.list.clear();
        assertThat(ConfigValidation.errors(conf, new LoadOptions("n", true))).isEmpty();
        assertThat(logged.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains(conf + ":2:2: warning: keyword refused by Vigil, running without it (--compat): 'enable_dbus'");
        });
        assertThat(logged.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getFormattedMessage()).contains(conf + ":3:2: note: keyword does not apply to Vigil: 'vrrp_netlink_cmd_rcv_bufs'");
        });
    }
}
