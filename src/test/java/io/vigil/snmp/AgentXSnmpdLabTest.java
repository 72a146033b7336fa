package io.vigil.snmp;

import io.vigil.lab.Lab;
import io.vigil.lab.Snmpd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The subagent against Debian's snmpd as AgentX master (in a namespace, on its loopback): snmpwalk/snmpbulkwalk of the
 * tables, Get exceptions, a refused Set, the notifications seen by snmptrapd, and the session coming back after
 * snmpd is killed and started again. The view is the in-memory fake; {@code SnmpLabTest} runs the whole daemon.
 */
class AgentXSnmpdLabTest {
    private static final Duration CEILING = Duration.ofSeconds(60);

    @Test
    void servesWalksTrapsAndSurvivesAnSnmpdRestart(@TempDir Path dir) {
        try (Lab lab = Lab.create("sx")) {
            Lab.Host host = lab.host("agent", "198.18.5.1/24");
            Snmpd.assumeInstalled(host);
            Snmpd snmpd = new Snmpd(host, dir).startTrapReceiver().start();
            FakeSnmpView view = new FakeSnmpView();
            SnmpSettings settings = new SnmpSettings(true, true, true, true, true, snmpd.agentxSocket());
            try (SnmpAgent agent = new SnmpAgent(settings, view, 200).start()) {
                await().atMost(CEILING).until(() -> snmpd.walk(".1.3.6.1.4.1.9586.100.5.2.3.1.2").contains("\"VI_2\""));
                String instances = snmpd.walk(".1.3.6.1.4.1.9586.100.5.2.3");
                assertThat(instances)
                        .contains(".1.3.6.1.4.1.9586.100.5.2.3.1.2.1 = STRING: \"VI_1\"")
                        .contains(".1.3.6.1.4.1.9586.100.5.2.3.1.3.1 = Gauge32: 51")
                        .contains(".1.3.6.1.4.1.9586.100.5.2.3.1.4.1 = INTEGER: 1")
                        .contains(".1.3.6.1.4.1.9586.100.5.2.3.1.10.2 = STRING: \"eth0\"")
                        .contains(".1.3.6.1.4.1.9586.100.5.2.3.1.35.1 = Hex-STRING: E0 00 00 12");
                String realServers = snmpd.bulkWalk(".1.3.6.1.4.1.9586.100.5.3.4");
                assertThat(realServers)
                        .contains(".1.3.6.1.4.1.9586.100.5.3.4.1.4.1.1 = Hex-STRING: C6 12 06 0B")
                        .contains(".1.3.6.1.4.1.9586.100.5.3.4.1.5.1.2 = Gauge32: 80")
                        .contains(".1.3.6.1.4.1.9586.100.5.3.4.1.6.1.2 = INTEGER: 1")
                        .contains(".1.3.6.1.4.1.9586.100.5.3.4.1.7.1.2 = INTEGER: 2")
                        .contains(".1.3.6.1.4.1.9586.100.5.3.4.1.55.1.1 = STRING: \"web1\"");
                assertThat(snmpd.walk(".1.3.6.1.2.1.68")).contains(".1.3.6.1.2.1.68.1.3.1.3.3.51 = INTEGER: 2")
                        .contains(".1.3.6.1.2.1.68.1.4.1.2.3.51.198.18.5.100 = INTEGER: 1").doesNotContain(".3.52 ");
                assertThat(snmpd.walk(".1.3.6.1.2.1.207")).contains(".1.3.6.1.2.1.207.1.1.1.1.6.3.52.1 = INTEGER: 2")
                        .contains(".1.3.6.1.2.1.207.1.1.2.1.2.3.52.1.198.18.5.102 = INTEGER: 1");
                assertThat(snmpd.get(".1.3.6.1.4.1.9586.100.5.2.3.1.2.9")).contains("No Such Instance");
                assertThat(snmpd.set(".1.3.6.1.4.1.9586.100.5.2.3.1.7.1", "i", "50")).containsIgnoringCase("notWritable");

                // a failover: BACKUP -> MASTER, then a real server dies
                view.update(s -> FakeSnmpView.allIn(s, SnmpView.State.MASTER));
                agent.refresh();
                view.update(s -> FakeSnmpView.realServer(s, 0, false));
                agent.refresh();
                await().atMost(CEILING).until(() -> snmpd.traps().contains(".1.3.6.1.4.1.9586.100.5.3.5.0.1"));
                String traps = snmpd.traps();
                assertThat(traps).contains(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.9586.100.5.2.10.0.2\t"
                                + ".1.3.6.1.4.1.9586.100.5.2.3.1.2 = STRING: \"VI_1\"\t.1.3.6.1.4.1.9586.100.5.2.3.1.4 = INTEGER: 2\t"
                                + ".1.3.6.1.4.1.9586.100.5.2.3.1.5 = INTEGER: 1\t.1.3.6.1.4.1.9586.100.5.1.2.0 = STRING: \"R1\"")
                        .contains(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.2.1.68.0.1\t.1.3.6.1.2.1.68.1.3.1.7.3.51 = IpAddress: 198.18.5.1")
                        .contains(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.2.1.207.0.1\t.1.3.6.1.2.1.207.1.1.1.1.3.3.52.1 = Hex-STRING: C6 12 05 01")
                        .contains(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.9586.100.5.2.10.0.1\t.1.3.6.1.4.1.9586.100.5.2.1.1.2 = STRING: \"G1\"")
                        .contains(".1.3.6.1.4.1.9586.100.5.3.4.1.6 = INTEGER: 2");

                // snmpd restarts: the subagent registers again and answers
                snmpd.kill();
                snmpd.start();
                await().atMost(CEILING).until(() -> snmpd.walk(".1.3.6.1.4.1.9586.100.5.2.3.1.4").contains(".1.3.6.1.4.1.9586.100.5.2.3.1.4.2 = INTEGER: 2"));
                assertThat(snmpd.walk(".1.3.6.1.4.1.9586.100.5.3.4.1.6")).contains(".1.3.6.1.4.1.9586.100.5.3.4.1.6.1.1 = INTEGER: 2");
            }
        }
    }
}
