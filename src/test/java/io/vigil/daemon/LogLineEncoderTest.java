package io.vigil.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The encoder writes the lines Logback's PatternLayout wrote for the two patterns it replaces. */
class LogLineEncoderTest {
    private final LoggerContext context = new LoggerContext();

    private String pattern(String pattern, LoggingEvent event) {
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(context);
        enc.setPattern(pattern);
        enc.start();
        return new String(enc.encode(event), StandardCharsets.UTF_8);
    }

    private LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
        LoggingEvent e = new LoggingEvent("x", context.getLogger("io.vigil.daemon.Daemon"), level, message, thrown, args);
        e.setTimeStamp(1_796_676_485_283L);
        return e;
    }

    @Test
    void theDaemonsLineIsKeepalivedsConsoleForm() {
        for (long millis : new long[] {1_796_676_485_283L, 1_796_676_485_007L, 1_796_676_485_050L, 1_772_323_200_000L}) {
            LoggingEvent e = event(Level.INFO, "(VI_1) Entering {} STATE", null, "MASTER");
            e.setTimeStamp(millis);
            String expected = pattern("%d{yyyy-MM-dd HH:mm:ss.SSS} vigil-vrrp[4242]: %msg%n", e);
            assertThat(new String(LogLineEncoder.daemon("vigil-vrrp", 4242).encode(e), StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    @Test
    void thePlainLineHasTheLevelAndTheLoggersSimpleName() {
        for (Level level : new Level[] {Level.INFO, Level.WARN, Level.ERROR, Level.DEBUG}) {
            LoggingEvent e = event(level, "cannot read {}: {}", null, "a.conf", "no such file");
            String expected = pattern("%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n", e);
            assertThat(new String(LogLineEncoder.plain().encode(e), StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    @Test
    void anExceptionFollowsItsLine() {
        LoggingEvent e = event(Level.WARN, "stopping", new IllegalStateException("boom"));
        String line = new String(LogLineEncoder.daemon("vigil", 1).encode(e), StandardCharsets.UTF_8);
        assertThat(line).contains(" vigil[1]: stopping\njava.lang.IllegalStateException: boom\n\tat ");
        assertThat(line).isEqualTo(pattern("%d{yyyy-MM-dd HH:mm:ss.SSS} vigil[1]: %msg%n", e));
    }
}
