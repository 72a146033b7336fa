package io.vigil.daemon;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** reload_time_file's line, parsed as keepalived reads it, with a fixed present moment. */
class ReloadTimeTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 2026-06-10 12:00:00 UTC, 14:00:00 in Berlin (summer time). */
    private static final ZonedDateTime NOW = Instant.parse("2026-06-10T12:00:00Z").atZone(BERLIN);

    private static ReloadTime.Parsed at(String when, boolean dateGiven) {
        return new ReloadTime.Parsed.At(Instant.parse(when), dateGiven);
    }

    @Test
    void aTimeAloneIsTodayOrTomorrow_localOrUtc() {
        assertThat(ReloadTime.parse("15:30:00", NOW)).isEqualTo(at("2026-06-10T13:30:00Z", false));
        assertThat(ReloadTime.parse("13:59:59", NOW)).as("passed today: tomorrow").isEqualTo(at("2026-06-11T11:59:59Z", false));
        assertThat(ReloadTime.parse("14:00:00", NOW)).as("now is not later").isEqualTo(at("2026-06-11T12:00:00Z", false));
        assertThat(ReloadTime.parse("12:00:05Z", NOW)).isEqualTo(at("2026-06-10T12:00:05Z", false));
        assertThat(ReloadTime.parse("11:00:00Z", NOW)).isEqualTo(at("2026-06-11T11:00:00Z", false));
    }

    @Test
    void aDateAndTimeIsThatMoment_andRefusedOncePassed() {
        assertThat(ReloadTime.parse("2026-06-10 14:00:01", NOW)).isEqualTo(at("2026-06-10T12:00:01Z", true));
        assertThat(ReloadTime.parse("26-06-10 12:00:01Z", NOW)).isEqualTo(at("2026-06-10T12:00:01Z", true));
        assertThat(ReloadTime.parse("2026-06-10 13:59:59", NOW)).isInstanceOf(ReloadTime.Parsed.Past.class);
        assertThat(ReloadTime.parse("69-06-10 12:00:00Z", NOW)).as("%y: 69 is 1969").isInstanceOf(ReloadTime.Parsed.Past.class);
        assertThat(ReloadTime.parse("68-06-10 12:00:00Z", NOW)).as("%y: 68 is 2068").isEqualTo(at("2068-06-10T12:00:00Z", true));
    }

    @Test
    void anythingElseIsInvalid() {
        for (String bad : new String[] {"", "1:00:00", " 15:30:00", "15:30:00 ", "15:30", "25:00:00", "2026-02-30 10:00:00",
                "2026-06-10  14:00:01", "2026-06-10T14:00:01", "15:30:00z", "tomorrow"}) {
            assertThat(ReloadTime.parse(bad, NOW)).as("'%s'", bad).isInstanceOf(ReloadTime.Parsed.Invalid.class);
        }
    }

    @Test
    void aLocalTimeTheSpringJumpSkipsIsInvalid() {
        ZonedDateTime march = Instant.parse("2026-03-28T12:00:00Z").atZone(BERLIN);
        assertThat(ReloadTime.parse("2026-03-29 02:30:00", march)).isInstanceOf(ReloadTime.Parsed.Invalid.class);
        assertThat(ReloadTime.parse("2026-03-29 02:30:00Z", march)).isEqualTo(at("2026-03-29T02:30:00Z", true));
        assertThat(ReloadTime.parse("02:30:00", march)).as("exists today, has passed; tomorrow's is skipped: an hour later")
                .isEqualTo(at("2026-03-29T01:30:00Z", false));
    }
}
