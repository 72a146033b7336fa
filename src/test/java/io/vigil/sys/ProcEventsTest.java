package io.vigil.sys;

import io.vigil.netlink.ProcConnector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real connector, in this (initial) network namespace: a child we start shows as an exec and an exit. Only
 * listens; needs root (the kernel refuses the subscription otherwise).
 */
class ProcEventsTest {
    @Test
    @Timeout(60)
    void execAndExitOfAChildArrive() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "SKIPPED: the process connector needs root");
        ProcEvents events;
        try {
            events = ProcEvents.open();
        } catch (NativeException e) {
            Assumptions.abort("SKIPPED: no process event connector here: " + e.getMessage());
            return;
        }
        try (events) {
            Process p = new ProcessBuilder("/bin/sleep", "0.2").start();
            long pid = p.pid();
            p.waitFor();
            List<ProcConnector.ProcEvent> seen = new ArrayList<>();
            while (!(seen.contains(new ProcConnector.ProcEvent.Exec((int) pid)) && seen.contains(new ProcConnector.ProcEvent.Exit((int) pid)))) {
                List<ProcConnector.ProcEvent> got = events.receive(1000);
                assertThat(got).isNotNull();
                seen.addAll(got);
            }
            assertThat(seen.indexOf(new ProcConnector.ProcEvent.Exec((int) pid))).isLessThan(seen.indexOf(new ProcConnector.ProcEvent.Exit((int) pid)));
        }
    }
}
