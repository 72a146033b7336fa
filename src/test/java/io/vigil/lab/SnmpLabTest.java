package io.vigil.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole daemon as an AgentX subagent of Debian's snmpd, in namespaces: snmpwalk of the VRRP instance and real
 * server tables with real VRRP states and health checks, the notifications of a failover (a keepalived peer stops)
 * and of a real server coming up, seen by snmptrapd; and the same configuration run by keepalived 2.2.7 with the same
 * snmpd, its walks and notifications compared with Vigil's.
 */
class SnmpLabTest {
    private static final Duration CEILING = Duration.ofSeconds(90);
    private static final String KA = ".1.3.6.1.4.1.9586.100.5";

    private static String config(Snmpd snmpd, int priority, boolean withServers) {
        return """
                global_defs {
                    router_id R1
                    enable_snmp_vrrp
                    enable_snmp_checker
                    enable_snmp_rfc
                    enable_traps
                    snmp_socket %s
                    vigil_data_plane proxy
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                    }
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        198.18.5.100/32
                    }
                }
                vrrp_instance VI_2 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 52
                    version 3
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        198.18.5.101/32
                        198.18.5.102/32
                    }
                }
                """.formatted(snmpd.agentxSocket(), priority, priority) + (withServers ? """
                virtual_server 198.18.5.1 8000 {
                    delay_loop 1
                    lb_kind NAT
                    protocol TCP
                    snmp_name web
                    real_server 198.18.5.11 8080 {
                        weight 1
                        snmp_name web1
                        TCP_CHECK {
                            connect_timeout 1
                            retry 0
                        }
                    }
                    real_server 198.18.5.12 8080 {
                        weight 2
                        TCP_CHECK {
                            connect_timeout 1
                            retry 0
                        }
                    }
                }
                """ : "");
    }

    /** keepalived's config has no vigil_data_plane (it would refuse it): the rest is the same text. */
    private static String keepalivedConfig(Snmpd snmpd) {
        return config(snmpd, 100, false).replace("    vigil_data_plane proxy\n", "");
    }

    /**
     * Vigil's side of the failover test: VI_2 (not in the sync group) tracks a failing script that takes 50 off its
     * priority (its master-down timer then runs well after VI_1's, so the notifications keep their order).
     */
    private static String tracked(String config) {
        return config.replaceFirst("vrrp_sync_group G1", "vrrp_script chk {\n    script \"/bin/false\"\n    interval 1\n    weight -50\n}\nvrrp_sync_group G1")
                .replace("    version 3\n", "    version 3\n    track_script {\n        chk\n    }\n");
    }

    /**
     * The comparison names the two RFC MIBs one by one (the failover test uses enable_snmp_rfc for both). VRRP starts
     * 3 s late in both daemons (vrrp_startup_delay): a daemon sends traps only once its AgentX session is up, and in CI
     * under load keepalived once became MASTER before that and sent none.
     */
    private static String comparedConfig(Snmpd snmpd) {
        String c = keepalivedConfig(snmpd).replace("    enable_snmp_rfc\n", "    enable_snmp_rfcv2\n    enable_snmp_rfcv3\n");
        if (!c.contains("global_defs {\n")) throw new IllegalStateException("no global_defs block in\n" + c);
        return c.replaceFirst("global_defs \\{\n", "global_defs {\n    vrrp_startup_delay 3\n");
    }

    @Test
    @Timeout(300)
    void walksAndFailoverTraps(@TempDir Path dir) {
        try (Lab lab = Lab.create("sn")) {
            Lab.Host a = lab.host("a", "198.18.5.1/24"), b = lab.host("b", "198.18.5.2/24");
            Lab.Host w1 = lab.host("w1", "198.18.5.11/24"), w2 = lab.host("w2", "198.18.5.12/24");
            Snmpd.assumeInstalled(a);
            KeepalivedNode.assumeInstalled(b);
            w1.spawn(List.of("socat", "TCP-LISTEN:8080,fork,reuseaddr", "SYSTEM:echo up"), null);
            Snmpd snmpd = new Snmpd(a, dir.resolve("snmp")).startTrapReceiver().start();
            KeepalivedNode peer = new KeepalivedNode(b, "peer", dir, keepalivedConfig(snmpd)
                    .replace("priority 100", "priority 200").replaceAll("(?m)^\\s*(enable_snmp_\\w+|enable_traps|snmp_socket .*)$", ""));
            VigilNode vigil = new VigilNode(a, "vigil", dir, tracked(config(snmpd, 90, true))).withCheckers();
            peer.start();
            await().atMost(CEILING).until(() -> peer.state("VI_1").equals("MASTER") && peer.state("VI_2").equals("MASTER"));
            vigil.start();
            await().atMost(CEILING).until(() -> vigil.state("VI_1").equals("BACKUP") && vigil.state("VI_2").equals("BACKUP"));

            // the instance table: real states, and the real-server table: health from the checker child
            await().atMost(CEILING).until(() -> snmpd.walk(KA + ".3.4.1.6").contains(KA + ".3.4.1.6.1.2 = INTEGER: 2"));
            String instances = snmpd.walk(KA + ".2.3");
            assertThat(instances).contains(KA + ".2.3.1.2.1 = STRING: \"VI_1\"", KA + ".2.3.1.2.2 = STRING: \"VI_2\"",
                    KA + ".2.3.1.4.1 = INTEGER: 1", KA + ".2.3.1.4.2 = INTEGER: 1", KA + ".2.3.1.7.1 = INTEGER: 90",
                    KA + ".2.3.1.10.1 = STRING: \"eth0\"", KA + ".2.3.1.18.1 = STRING: \"G1\"", KA + ".2.3.1.30.2 = INTEGER: 3");
            String reals = snmpd.walk(KA + ".3.4");
            assertThat(reals).contains(KA + ".3.4.1.4.1.1 = Hex-STRING: C6 12 05 0B", KA + ".3.4.1.5.1.1 = Gauge32: 8080",
                    KA + ".3.4.1.6.1.1 = INTEGER: 1", KA + ".3.4.1.6.1.2 = INTEGER: 2", KA + ".3.4.1.7.1.2 = INTEGER: 2",
                    KA + ".3.4.1.55.1.1 = STRING: \"web1\"");
            assertThat(snmpd.walk(KA + ".3.3")).contains(KA + ".3.3.1.20.1 = Gauge32: 2", KA + ".3.3.1.21.1 = Gauge32: 1",
                    KA + ".3.3.1.71.1 = STRING: \"web\"");
            assertThat(snmpd.walk(".1.3.6.1.2.1.68.1.3.1.3")).contains(".1.3.6.1.2.1.68.1.3.1.3.2.51 = INTEGER: 2");
            assertThat(snmpd.walk(".1.3.6.1.2.1.207.1.1.1.1.6")).contains(".1.3.6.1.2.1.207.1.1.1.1.6.2.52.1 = INTEGER: 2");
            // from the cluster picture: VI_2's effective priority (90 - 50 for the failing script), and as BACKUP the master's address
            await().atMost(CEILING).until(() -> snmpd.walk(KA + ".2.3.1.8").contains(KA + ".2.3.1.8.2 = INTEGER: 40"));
            assertThat(snmpd.walk(KA + ".2.3.1")).contains(KA + ".2.3.1.7.2 = INTEGER: 90", KA + ".2.3.1.8.1 = INTEGER: 90");
            assertThat(snmpd.walk(".1.3.6.1.2.1.207.1.1.1.1.7")).contains(".1.3.6.1.2.1.207.1.1.1.1.7.2.52.1 = Gauge32: 40");
            await().atMost(CEILING).until(() -> snmpd.walk(".1.3.6.1.2.1.68.1.3.1.7").contains(".1.3.6.1.2.1.68.1.3.1.7.2.51 = IpAddress: 198.18.5.2"));
            await().atMost(CEILING).until(() -> snmpd.walk(".1.3.6.1.2.1.207.1.1.1.1.3")
                    .contains(".1.3.6.1.2.1.207.1.1.1.1.3.2.52.1 = Hex-STRING: C6 12 05 02"));
            writeQuietly(dir.resolve("backup-walk.txt"), instances + reals);

            // failover: the keepalived master stops, Vigil takes over and says so as keepalived does
            peer.terminate();
            await().atMost(CEILING).until(() -> vigil.state("VI_1").equals("MASTER") && vigil.state("VI_2").equals("MASTER"));
            await().atMost(CEILING).until(() -> trapOids(snmpd.traps()).stream().filter(t -> t.equals(".1.3.6.1.2.1.207.0.1")).count() == 2);
            String traps = snmpd.traps();
            assertThat(traps).contains(".1.3.6.1.4.1.9586.100.5.2.10.0.2\t" + KA + ".2.3.1.2 = STRING: \"VI_1\"\t" + KA
                            + ".2.3.1.4 = INTEGER: 2\t" + KA + ".2.3.1.5 = INTEGER: 1\t" + KA + ".1.2.0 = STRING: \"R1\"")
                    .contains(".1.3.6.1.2.1.68.0.1\t.1.3.6.1.2.1.68.1.3.1.7.2.51 = IpAddress: 198.18.5.1")
                    .contains(".1.3.6.1.2.1.207.0.1\t.1.3.6.1.2.1.207.1.1.1.1.3.2.52.1 = Hex-STRING: C6 12 05 01 \t"
                            + ".1.3.6.1.2.1.207.1.2.5.1.2.2.52.1 = INTEGER: 3")
                    .contains(".1.3.6.1.4.1.9586.100.5.2.10.0.1\t" + KA + ".2.1.1.2 = STRING: \"G1\"\t" + KA + ".2.1.1.3 = INTEGER: 2");
            List<String> oids = trapOids(traps);
            int firstMaster = oids.indexOf(".1.3.6.1.2.1.68.0.1") - 1;
            assertThat(oids.subList(firstMaster, oids.size())).startsWith(
                    KA + ".2.10.0.2", ".1.3.6.1.2.1.68.0.1", ".1.3.6.1.2.1.207.0.1", KA + ".2.10.0.1", KA + ".2.10.0.2", ".1.3.6.1.2.1.207.0.1");
            assertThat(snmpd.walk(KA + ".2.3.1.4")).contains(KA + ".2.3.1.4.1 = INTEGER: 2", KA + ".2.3.1.4.2 = INTEGER: 2");
            // as master: 0.0.0.0 in VRRP-MIB, its own primary address in VRRPv3-MIB (keepalived's answers)
            assertThat(snmpd.walk(".1.3.6.1.2.1.68.1.3.1.7")).contains(".1.3.6.1.2.1.68.1.3.1.7.2.51 = IpAddress: 0.0.0.0");
            assertThat(snmpd.walk(".1.3.6.1.2.1.207.1.1.1.1.3")).contains(".1.3.6.1.2.1.207.1.1.1.1.3.2.52.1 = Hex-STRING: C6 12 05 01");

            // a real server comes up: realServerStateChange, and the table follows
            w2.spawn(List.of("socat", "TCP-LISTEN:8080,fork,reuseaddr", "SYSTEM:echo up"), null);
            String rsTrap = KA + ".3.5.0.1\t" + KA + ".3.4.1.3 = INTEGER: 1\t" + KA + ".3.4.1.4 = Hex-STRING: C6 12 05 0C \t"
                    + KA + ".3.4.1.5 = Gauge32: 8080\t" + KA + ".3.4.1.6 = INTEGER: ";
            // the check of the second server failed at start: dead, as keepalived reports it
            await().atMost(CEILING).until(() -> snmpd.traps().contains(rsTrap + "2\t" + KA + ".3.3.1.2 = INTEGER: 2"));
            await().atMost(CEILING).until(() -> snmpd.traps().contains(rsTrap + "1\t"));
            assertThat(snmpd.traps()).contains(rsTrap + "1\t" + KA + ".3.3.1.2 = INTEGER: 2\t" + KA + ".3.3.1.5 = INTEGER: 1\t" + KA
                    + ".3.3.1.6 = Hex-STRING: C6 12 05 01 \t" + KA + ".3.3.1.7 = Gauge32: 8000\t" + KA + ".3.3.1.8 = INTEGER: 1\t" + KA
                    + ".3.3.1.21 = Gauge32: 2\t" + KA + ".3.3.1.20 = Gauge32: 2\t" + KA + ".1.2.0 = STRING: \"R1\"");
            await().atMost(CEILING).until(() -> snmpd.walk(KA + ".3.4.1.6").contains(KA + ".3.4.1.6.1.2 = INTEGER: 1"));
            writeQuietly(dir.resolve("traps.txt"), snmpd.traps());
            vigil.terminate();
        }
    }

    @Test
    @Timeout(300)
    void sameAnswersAsKeepalived(@TempDir Path dir) throws IOException {
        Map<String, String> ka, vg;
        List<String> kaTraps, vgTraps;
        try (Lab lab = Lab.create("sk")) {
            Lab.Host h = lab.host("n", "198.18.5.1/24");
            Snmpd.assumeInstalled(h);
            KeepalivedNode.assumeInstalled(h);
            Snmpd snmpd = new Snmpd(h, dir.resolve("snmp")).startTrapReceiver().start();
            KeepalivedNode keepalived = new KeepalivedNode(h, "ka", dir, comparedConfig(snmpd));
            keepalived.start();
            await().atMost(CEILING).until(() -> keepalived.state("VI_1").equals("MASTER") && keepalived.state("VI_2").equals("MASTER"));
            // keepalived's own traps are the baseline here. Twice in fresh-clone CI (never in focused runs) it reached
            // MASTER and none arrived within the ceiling: without a baseline there is nothing to compare, so the
            // comparison is skipped with what was seen (Vigil's traps are asserted in walksAndFailoverTraps).
            try {
                await().atMost(CEILING).until(() -> trapOids(snmpd.traps()).stream().filter(t -> t.equals(".1.3.6.1.2.1.207.0.1")).count() >= 2);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                org.junit.jupiter.api.Assumptions.abort("SKIPPED: keepalived 2.2.7 became MASTER but its VRRPv3 traps did not reach snmptrapd in "
                        + CEILING.toSeconds() + " s, so there is no baseline to compare with. Traps seen:\n" + snmpd.traps()
                        + "\nkeepalived's log:\n" + keepalived.log());
            }
            ka = walkAll(snmpd);
            keepalived.terminate();
            await().atMost(CEILING).until(() -> snmpd.traps().contains(KA + ".2.1.1.3 = INTEGER: 5"));
            kaTraps = trapLines(snmpd.traps());
            int seen = snmpd.traps().length();

            VigilNode vigil = new VigilNode(h, "vigil", dir, comparedConfig(snmpd));
            vigil.start();
            await().atMost(CEILING).until(() -> vigil.state("VI_1").equals("MASTER") && vigil.state("VI_2").equals("MASTER"));
            await().atMost(CEILING).until(() -> trapOids(snmpd.traps().substring(seen)).stream().filter(t -> t.equals(".1.3.6.1.2.1.207.0.1")).count() == 2);
            vg = walkAll(snmpd);
            vigil.terminate();
            await().atMost(CEILING).until(() -> snmpd.traps().substring(seen).contains(KA + ".2.1.1.3 = INTEGER: 5"));
            vgTraps = trapLines(snmpd.traps().substring(seen));
        }
        Files.createDirectories(Path.of("target", "snmp-lab"));
        Files.writeString(Path.of("target", "snmp-lab", "keepalived-walk.txt"), String.join("\n", ka.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList()));
        Files.writeString(Path.of("target", "snmp-lab", "vigil-walk.txt"), String.join("\n", vg.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList()));
        List<String> differences = new ArrayList<>();
        for (var e : ka.entrySet()) {
            if (MUST_DIFFER.matcher(e.getKey()).matches()) continue;
            String mine = vg.get(e.getKey());
            if (!e.getValue().equals(mine)) differences.add(e.getKey() + ": keepalived " + e.getValue() + ", Vigil " + mine);
        }
        for (var e : vg.entrySet()) {
            if (!ka.containsKey(e.getKey()) && !MUST_DIFFER.matcher(e.getKey()).matches()) differences.add(e.getKey() + ": only Vigil " + e.getValue());
        }
        assertThat(differences).as("walk differences outside the documented ones").isEmpty();
        assertThat(ka.size()).isGreaterThan(100);
        // the same notifications in the same order, each with its varbinds: start (BACKUP), MASTER, and the shutdown
        Files.writeString(Path.of("target", "snmp-lab", "keepalived-traps.txt"), String.join("\n", kaTraps));
        Files.writeString(Path.of("target", "snmp-lab", "vigil-traps.txt"), String.join("\n", vgTraps));
        assertThat(vgTraps).isEqualTo(kaTraps);
        assertThat(kaTraps).hasSize(12);
    }

    /**
     * Values that must or may differ: the product version; the mail group (Vigil sends no mail); timestamps; statistics
     * counters Vigil's parent does not have (adverts, errors); the address table's "advertised" flag (keepalived marks only
     * its first instance's addresses; Vigil every virtual_ipaddress).
     */
    private static final Pattern MUST_DIFFER = Pattern.compile(String.join("|",
            "\\.1\\.3\\.6\\.1\\.4\\.1\\.9586\\.100\\.5\\.1\\.1\\.0",
            "\\.1\\.3\\.6\\.1\\.4\\.1\\.9586\\.100\\.5\\.1\\.3\\..*",
            "\\.1\\.3\\.6\\.1\\.4\\.1\\.9586\\.100\\.5\\.2\\.6\\.1\\.11\\..*",
            "\\.1\\.3\\.6\\.1\\.2\\.1\\.68\\.1\\.3\\.1\\.13\\..*",
            "\\.1\\.3\\.6\\.1\\.2\\.1\\.68\\.2\\.[123]\\.0",
            "\\.1\\.3\\.6\\.1\\.2\\.1\\.68\\.2\\.4\\.1\\.([2-9]|1[0-2])\\..*",
            "\\.1\\.3\\.6\\.1\\.2\\.1\\.207\\.1\\.1\\.1\\.1\\.12\\..*",
            "\\.1\\.3\\.6\\.1\\.2\\.1\\.207\\.1\\.2\\.[1-4]\\.0",
            "\\.1\\.3\\.6\\.1\\.2\\.1\\.207\\.1\\.2\\.5\\.1\\.([3-9]|1[0-3])\\..*"));

    private static final Pattern LINE = Pattern.compile("^(\\.[0-9.]+) = (.*)$", Pattern.MULTILINE);

    private static Map<String, String> walkAll(Snmpd snmpd) {
        Map<String, String> out = new TreeMap<>();
        for (String root : List.of(KA, ".1.3.6.1.2.1.68", ".1.3.6.1.2.1.207")) {
            Matcher m = LINE.matcher(snmpd.walk(root));
            while (m.find()) out.put(m.group(1), m.group(2).trim());
        }
        return out;
    }

    private static final Pattern TRAP_OID = Pattern.compile("\\.1\\.3\\.6\\.1\\.6\\.3\\.1\\.1\\.4\\.1\\.0 = OID: (\\S+)");

    private static List<String> trapOids(String log) {
        List<String> out = new ArrayList<>();
        Matcher m = TRAP_OID.matcher(log);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** Each notification's varbinds after snmpTrapOID.0 (sysUpTime dropped), without snmpd's own start/stop ones. */
    private static List<String> trapLines(String log) {
        List<String> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            int at = line.indexOf(".1.3.6.1.6.3.1.1.4.1.0 = OID: ");
            if (at < 0 || line.contains("OID: .1.3.6.1.6.3.1.1.5.") || line.contains("OID: .1.3.6.1.4.1.8072.")) continue;
            out.add(line.substring(at).trim());
        }
        return out;
    }

    private static void writeQuietly(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException ignored) {
            // evidence only
        }
    }
}
