package io.vigil.daemon;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parent's relay of the VRRP child's states and BFD sessions to the checker child. */
class VrrpStateRelayTest {
    @Test
    void statesBeforeAStartAreArgumentsAndLaterOnesAreLines() throws Exception {
        VrrpStateRelay relay = new VrrpStateRelay();
        relay.report("VI_1", "BACKUP"); // no checker child yet: remembered only
        relay.report("VI_1", "MASTER");
        relay.report("VI_2", "BACKUP");
        List<String> lines = new ArrayList<>();
        List<Map<String, String>> starts = new ArrayList<>();
        relay.startFollower((states, bfd) -> starts.add(states), lines::add);
        assertThat(starts).containsExactly(Map.of("VI_1", "MASTER", "VI_2", "BACKUP"));
        assertThat(lines).isEmpty();

        relay.report("VI_1", "BACKUP");
        assertThat(lines).containsExactly("VRRP_STATE VI_1 BACKUP");

        // A restarted checker child starts with the last states, and the new pipe gets what follows.
        List<String> newLines = new ArrayList<>();
        relay.startFollower((states, bfd) -> starts.add(states), newLines::add);
        assertThat(starts).last().isEqualTo(Map.of("VI_1", "BACKUP", "VI_2", "BACKUP"));
        relay.report("VI_1", "MASTER");
        assertThat(newLines).containsExactly("VRRP_STATE VI_1 MASTER");
        assertThat(lines).hasSize(1);
        assertThat(relay.states()).containsEntry("VI_1", "MASTER");
    }

    @Test
    void bfdStatesBeforeAStartAreArgumentsAndLaterOnesAreLinesInOrderWithVrrpStates() throws Exception {
        VrrpStateRelay relay = new VrrpStateRelay();
        relay.reportBfd("rs1", false); // the VRRP child's BFD starts: every session Down
        relay.reportBfd("rs1", true);
        relay.reportBfd("rs2", false);
        List<String> lines = new ArrayList<>();
        List<Map<String, Boolean>> starts = new ArrayList<>();
        relay.startFollower((states, bfd) -> starts.add(bfd), lines::add);
        assertThat(starts).containsExactly(Map.of("rs1", true, "rs2", false));
        assertThat(lines).isEmpty();

        relay.reportBfd("rs1", false);
        relay.report("VI_1", "MASTER");
        relay.reportBfd("rs2", true);
        assertThat(lines).containsExactly("BFD_STATE rs1 down", "VRRP_STATE VI_1 MASTER", "BFD_STATE rs2 up");

        // a restarted checker child starts from the last states
        relay.startFollower((states, bfd) -> starts.add(bfd), new ArrayList<String>()::add);
        assertThat(starts).last().isEqualTo(Map.of("rs1", false, "rs2", true));
        assertThat(relay.bfdStates()).containsEntry("rs2", true);
    }
}
