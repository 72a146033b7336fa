package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** max_auto_priority's raises, one per late timer, from 1 (or vrrp_rt_priority) up to the maximum. */
class AutoPriorityTest {
    @Test
    void eachTimerLaterThanTheDelayRaisesByOneUpToTheMaximum() {
        List<Integer> set = new ArrayList<>();
        AutoPriority a = new AutoPriority(3, 1_000_000, 0, p -> {
            set.add(p);
            return null;
        });
        a.ranLate(1_000_000); // not more than the delay
        a.ranLate(0);
        assertThat(set).isEmpty();
        for (int i = 0; i < 5; i++) a.ranLate(2_000_000);
        assertThat(set).containsExactly(1, 2, 3);
        assertThat(a.current()).isEqualTo(3);
    }

    @Test
    void raisesContinueFromVrrpRtPriorityAndStopAtARefusal() {
        List<Integer> set = new ArrayList<>();
        AutoPriority a = new AutoPriority(10, 0, 5, p -> {
            set.add(p);
            return "EPERM";
        });
        a.ranLate(1);
        a.ranLate(1);
        assertThat(set).containsExactly(6);
    }
}
