package io.vigil.daemon;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyslogFormatTest {
    @Test
    void keepalivedFacilityNumbersAreLocal0ToLocal7() {
        assertThat(SyslogFormat.facility("0")).isEqualTo(16);
        assertThat(SyslogFormat.facility("7")).isEqualTo(23);
        assertThat(SyslogFormat.facility("local3")).isEqualTo(19);
        assertThat(SyslogFormat.facility("daemon")).isEqualTo(3);
        assertThat(SyslogFormat.facility(null)).isEqualTo(3);
        assertThatThrownBy(() -> SyslogFormat.facility("8")).hasMessageContaining("unknown syslog facility");
    }

    @Test
    void linesLookLikeSyslog3() {
        ZonedDateTime t = ZonedDateTime.of(2026, 11, 5, 9, 8, 7, 0, ZoneOffset.UTC);
        assertThat(SyslogFormat.line(16, SyslogFormat.INFO, "Keepalived_vrrp", 42, t, "(VI_1) Entering MASTER STATE"))
                .isEqualTo("<134>Nov  5 09:08:07 Keepalived_vrrp[42]: (VI_1) Entering MASTER STATE");
    }

    @Test
    void identitiesAreVigilsOrKeepalivedsOnRequest() {
        assertThat(Logging.ident(Subsystem.Kind.VRRP, false)).isEqualTo("vigil-vrrp");
        assertThat(Logging.ident(Subsystem.Kind.VRRP, true)).isEqualTo("Keepalived_vrrp");
        assertThat(Logging.ident(Subsystem.Kind.CHECKERS, true)).isEqualTo("Keepalived_healthcheckers");
        assertThat(Logging.ident(null, true)).isEqualTo("Keepalived");
    }
}
