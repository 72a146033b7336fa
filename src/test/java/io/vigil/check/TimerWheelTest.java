package io.vigil.check;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The timer wheel on a fake clock: fires at (never before) the deadline, across turns, re-armed from a fire, cancelled. */
class TimerWheelTest {
    private final List<String> fired = new ArrayList<>();

    private void expire(TimerWheel<String> w, long now) {
        w.expire(now, s -> fired.add(s + "@" + now));
    }

    @Test
    void firesAtTheDeadlineNotBefore() {
        TimerWheel<String> w = new TimerWheel<>(8, 10, 1000);
        TimerWheel.Timer<String> a = new TimerWheel.Timer<>("a"), b = new TimerWheel.Timer<>("b");
        w.schedule(a, 1025);
        w.schedule(b, 1030);
        assertThat(w.size()).isEqualTo(2);
        assertThat(w.nextExpiryMillis()).isEqualTo(1030); // a's tick (ceil 1025/10 = 103) starts at 1030
        expire(w, 1024);
        assertThat(fired).isEmpty();
        expire(w, 1030);
        assertThat(fired).containsExactlyInAnyOrder("a@1030", "b@1030");
        assertThat(w.size()).isZero();
        assertThat(a.armed()).isFalse();
        assertThat(w.nextExpiryMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aDeadlineSeveralTurnsAwayWaitsItsTurns() {
        TimerWheel<String> w = new TimerWheel<>(4, 1, 0); // a turn is 4 ms
        TimerWheel.Timer<String> far = new TimerWheel.Timer<>("far");
        w.schedule(far, 10);
        for (long now = 1; now < 10; now++) {
            expire(w, now);
            assertThat(fired).as("at %d", now).isEmpty();
            assertThat(w.nextExpiryMillis()).isGreaterThan(now).isLessThanOrEqualTo(10);
        }
        expire(w, 10);
        assertThat(fired).containsExactly("far@10");
    }

    @Test
    void aLateExpireFiresEverythingDueOnceEvenAfterManyTurns() {
        TimerWheel<String> w = new TimerWheel<>(4, 1, 0);
        TimerWheel.Timer<String> a = new TimerWheel.Timer<>("a"), b = new TimerWheel.Timer<>("b"), c = new TimerWheel.Timer<>("c");
        w.schedule(a, 3);
        w.schedule(b, 7);
        w.schedule(c, 1000);
        expire(w, 100); // 25 turns late
        assertThat(fired).containsExactlyInAnyOrder("a@100", "b@100");
        assertThat(c.armed()).isTrue();
        expire(w, 1000);
        assertThat(fired).contains("c@1000");
    }

    @Test
    void cancelAndRearm() {
        TimerWheel<String> w = new TimerWheel<>(16, 1, 0);
        TimerWheel.Timer<String> a = new TimerWheel.Timer<>("a"), b = new TimerWheel.Timer<>("b");
        w.schedule(a, 5);
        w.schedule(b, 5);
        w.cancel(a);
        w.cancel(a); // twice: nothing
        w.schedule(b, 8); // re-arm moves it
        assertThat(w.size()).isEqualTo(1);
        expire(w, 7);
        assertThat(fired).isEmpty();
        expire(w, 8);
        assertThat(fired).containsExactly("b@8");
    }

    @Test
    void aFireMayRearmItsOwnTimerAndAPastDeadlineFiresAtTheNextTick() {
        TimerWheel<String> w = new TimerWheel<>(16, 1, 0);
        TimerWheel.Timer<String> t = new TimerWheel.Timer<>("t");
        w.schedule(t, 3);
        w.expire(3, s -> w.schedule(t, 2)); // already passed when armed
        assertThat(t.armed()).isTrue();
        assertThat(w.nextExpiryMillis()).isEqualTo(4);
        expire(w, 3);
        assertThat(fired).isEmpty();
        expire(w, 4);
        assertThat(fired).containsExactly("t@4");
    }

    @Test
    void manyTimersInOneBucketAllFire() {
        TimerWheel<Integer> w = new TimerWheel<>(1024, 1, 0);
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) w.schedule(new TimerWheel.Timer<>(i), 1 + i % 2000);
        for (long now = 1; now <= 2000; now++) w.expire(now, got::add);
        assertThat(got).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(w.size()).isZero();
    }
}
