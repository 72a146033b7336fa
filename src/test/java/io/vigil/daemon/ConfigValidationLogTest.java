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

    /** keepalived's reload_check_config: the running configuration names where a reload's check writes its findings. */
    @Test
    void reloadCheckConfigWritesEachReloadsFindingsToItsLogFile() throws Exception {
        logged.start();
        logger.addAppender(logged);
        Path conf = dir.resolve("k.conf");
        Path checkLog = dir.resolve("check.log");
        String good = "global_defs {\n    reload_check_config " + checkLog + "\n}\n";
        Files.writeString(conf, good);
        assertThat(ConfigValidation.errors(conf, new LoadOptions("n", false))).as("the start").isEmpty();
        assertThat(checkLog).as("not at start, as keepalived").doesNotExist();

        Files.writeString(conf, good + "vrrp_instance VI_1 {\n    bogus_keyword 1\n}\n");
        assertThat(ConfigValidation.errors(conf, new LoadOptions("n", false))).as("a reload with errors").hasSize(2);
        assertThat(Files.readString(checkLog)).contains(conf + ":5:5: error:").contains("bogus_keyword").contains("2 error(s)");
        assertThat(logged.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .isEqualTo("New config failed validation, see " + checkLog + " for details"));

        Files.writeString(conf, good);
        assertThat(ConfigValidation.errors(conf, new LoadOptions("n", false))).isEmpty();
        assertThat(Files.readString(checkLog)).as("truncated, then this reload's findings").isEqualTo(conf + ": configuration OK\n");

        Files.writeString(conf, "global_defs {\n    reload_check_config\n}\n");
        assertThat(ConfigValidation.errors(conf, new LoadOptions("n", false))).isEmpty();
        Files.writeString(conf, "! without it\n");
        assertThat(ConfigValidation.errors(conf, new LoadOptions("n", false))).as("/dev/null by default").isEmpty();
        Files.writeString(conf, "vrrp_instance VI_1 {\n    bogus_keyword 1\n}\n");
        Files.delete(checkLog);
        assertThat(ConfigValidation.errors(conf, new LoadOptions("n", false))).hasSize(2);
        assertThat(checkLog).as("the running configuration no longer names it").doesNotExist();
    }
}
