package io.vigil.api;

import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The STATUS= line systemd shows, from pictures built by events (fake clock). */
class SystemdStatusTest {
    @Test
    void aPairStoryReadsInOneLine() {
        // ApiDocumentsTest's picture: VI_1 MASTER, one of two real servers up, the checker child just died.
        ClusterPicture p = new ApiDocumentsTest().scripted();
        assertThat(SystemdStatus.line(p.snapshot())).isEqualTo("VI_1 MASTER; 1/2 real servers up; vigil-check down");
    }

    @Test
    void nothingConfiguredSaysSo() {
        ClusterPicture p = new ClusterPicture("lb1", () -> 1L);
        assertThat(SystemdStatus.line(p.snapshot())).isEqualTo("no VRRP instance");
    }

    @Test
    void manyInstancesAreCountedAndLostQuorumIsNamed() {
        ClusterPicture p = new ClusterPicture("lb1", () -> 1L);
        for (int i = 1; i <= 6; i++) {
            p.apply(new ObsEvent.VrrpTransition(1, "VI_" + i, "INIT", "BACKUP", "configured state BACKUP", 100));
            if (i <= 2) p.apply(new ObsEvent.VrrpTransition(1, "VI_" + i, "BACKUP", "MASTER", "Receive advertisement timeout", 100));
        }
        p.apply(new ObsEvent.VirtualServiceCounters(1, "[198.18.0.100]:TCP:80", false, true, 3, 0, 0, 0, 0, 0, 0, 0, 0));
        p.apply(new ObsEvent.VirtualServiceCounters(1, "[198.18.0.101]:TCP:80", true, false, 2, 2, 0, 0, 0, 0, 0, 0, 0));
        assertThat(SystemdStatus.line(p.snapshot()))
                .isEqualTo("6 instances: 4 BACKUP, 2 MASTER; 2/5 real servers up in 2 virtual servers; quorum lost on [198.18.0.100]:TCP:80");
    }
}
