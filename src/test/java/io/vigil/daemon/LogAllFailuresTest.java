package io.vigil.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.vigil.check.CheckScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * log_all_failures and global checker_log_all_failures, end to end in the checker subsystem against real loopback
 * servers that die: every failed probe while the server still counts as up (the retries) is logged at INFO; without
 * the option only the verdict is.
 */
class LogAllFailuresTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final CheckerOnLoopback checker = new CheckerOnLoopback();
    private final LoopbackHttp http = checker.http;
    private CheckerSubsystem subsystem;
    private final ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(CheckScheduler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @AfterEach
    void tearDown() {
        logger.detachAppender(logged); // then the extension closes the checker
    }

    private List<String> infoAbout(int port) {
        synchronized (logged.list) {
            return logged.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains(":" + port + ":") || m.contains(":" + port + " ")).toList();
        }
    }

    private void run(String global, String perChecker, HttpServer logs, HttpServer quiet) throws Exception {
        logged.start();
        logger.addAppender(logged);
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, CheckerOnLoopback.proxyConf(global, LoopbackHttp.freePort(), """
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 3
                            delay_before_retry 1
                            %s
                        }
                    }
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 3
                            delay_before_retry 1
                        }
                    }
                """.formatted(logs.getAddress().getPort(), perChecker, quiet.getAddress().getPort())));
        subsystem = checker.start(conf);
        int loud = logs.getAddress().getPort(), silent = quiet.getAddress().getPort();
        await().atMost(Duration.ofSeconds(30)).until(() -> subsystem.status().contains(":" + loud) && subsystem.status().contains(":" + silent));
        // both checkers have run once: before its first check a checker goes down on one failure (as keepalived's)
        await().atMost(Duration.ofSeconds(30)).until(() -> subsystem.checkerStatus().stream().filter(c -> c.lastResult().success()).count() == 2);
        logs.stop(0);
        quiet.stop(0);
        // both servers go down after their retries: wait for the verdicts, then compare what was logged on the way
        await().atMost(Duration.ofSeconds(60)).until(() -> !subsystem.status().contains(":" + loud) && !subsystem.status().contains(":" + silent));
        assertThat(infoAbout(loud)).as("failures of the server with log_all_failures")
                .anySatisfy(m -> assertThat(m).contains("failed, retry 1 of 3"))
                .anySatisfy(m -> assertThat(m).contains("failed, retry 2 of 3"))
                .anySatisfy(m -> assertThat(m).contains("failed, retry 3 of 3"));
    }

    @Test
    void perCheckerLogAllFailuresLogsEveryRetryAndOthersStayQuiet() throws Exception {
        HttpServer loud = http.backend("loud"), quiet = http.backend("quiet");
        run("", "log_all_failures", loud, quiet);
        assertThat(infoAbout(quiet.getAddress().getPort())).noneSatisfy(m -> assertThat(m).contains("failed, retry"));
    }

    @Test
    void globalCheckerLogAllFailuresAppliesToEveryChecker() throws Exception {
        HttpServer a = http.backend("a"), b = http.backend("b");
        run("checker_log_all_failures", "", a, b);
        assertThat(infoAbout(b.getAddress().getPort())).anySatisfy(m -> assertThat(m).contains("failed, retry 1 of 3"));
    }
}
