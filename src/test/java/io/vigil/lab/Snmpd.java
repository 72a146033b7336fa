package io.vigil.lab;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's net-snmp {@code snmpd} as AgentX master in a lab host's namespace, with its own config, AgentX Unix socket,
 * persistent directory and UDP port on that namespace's loopback, plus an {@code snmptrapd} receiving its
 * notifications; walks go through {@code snmpwalk}, numeric OIDs only (no MIB files needed).
 */
public final class Snmpd {
    public static final int UDP_PORT = 16161, TRAP_PORT = 16162;

    private final Lab.Host host;
    private final Path dir;
    private final Path trapLog;
    private Process snmpd;
    private int starts;

    /** Skips the calling test unless snmpd, snmpwalk and snmptrapd are installed. */
    public static void assumeInstalled(Lab.Host host) {
        Assumptions.assumeTrue(host.trySh("command -v snmpd && command -v snmpwalk && command -v snmptrapd", 5).exit() == 0,
                "SKIPPED: snmpd/snmp/snmptrapd are not installed (apt-get install -y snmpd snmp snmptrapd)");
    }

    public Snmpd(Lab.Host host, Path dir) {
        this.host = host;
        this.dir = dir;
        this.trapLog = dir.resolve("snmptrapd.log");
        try {
            Files.createDirectories(dir.resolve("persist"));
            Files.writeString(dir.resolve("snmpd.conf"), String.join("\n",
                    "master agentx",
                    "agentXSocket " + dir.resolve("agentx.sock"),
                    "agentXTimeout 5",
                    "agentaddress udp:127.0.0.1:" + UDP_PORT,
                    "rocommunity public 127.0.0.1",
                    "rwcommunity private 127.0.0.1",
                    "trap2sink udp:127.0.0.1:" + TRAP_PORT + " public", ""));
            Files.writeString(dir.resolve("snmptrapd.conf"), "disableAuthorization yes\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The AgentX master socket, as keepalived's snmp_socket would name it. */
    public String agentxSocket() {
        return "unix:" + dir.resolve("agentx.sock");
    }

    private List<String> env(String... argv) {
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "MIBS=", "MIBDIRS=" + dir.resolve("no-mibs"),
                "SNMP_PERSISTENT_DIR=" + dir.resolve("persist")));
        cmd.addAll(List.of(argv));
        return cmd;
    }

    public Snmpd startTrapReceiver() {
        host.spawn(env("snmptrapd", "-f", "-Lo", "-C", "-c", dir.resolve("snmptrapd.conf").toString(), "-On",
                "udp:127.0.0.1:" + TRAP_PORT), trapLog);
        return this;
    }

    public Snmpd start() {
        starts++;
        snmpd = host.spawn(env("snmpd", "-f", "-Lo", "-C", "-c", dir.resolve("snmpd.conf").toString()), dir.resolve("snmpd-" + starts + ".log"));
        return this;
    }

    /** SIGKILL, then waits for the exit: the subagent sees its connection drop. */
    public void kill() {
        if (snmpd == null) return;
        snmpd.descendants().forEach(ProcessHandle::destroyForcibly);
        snmpd.destroyForcibly();
        try {
            snmpd.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** snmpwalk -On of a subtree: one "OID = TYPE: value" line per object (empty when nothing answers). */
    public String walk(String oid) {
        return host.trySh("MIBS= MIBDIRS=/nonexistent snmpwalk -v2c -c public -On -t 3 -r 1 127.0.0.1:" + UDP_PORT + " " + oid + " 2>&1", 30).output();
    }

    public String bulkWalk(String oid) {
        return host.trySh("MIBS= MIBDIRS=/nonexistent snmpbulkwalk -v2c -c public -On -Cr7 -t 3 -r 1 127.0.0.1:" + UDP_PORT + " " + oid + " 2>&1", 30).output();
    }

    public String get(String oid) {
        return host.trySh("MIBS= MIBDIRS=/nonexistent snmpget -v2c -c public -On -t 3 -r 1 127.0.0.1:" + UDP_PORT + " " + oid + " 2>&1", 30).output();
    }

    public String set(String oid, String type, String value) {
        return host.trySh("MIBS= MIBDIRS=/nonexistent snmpset -v2c -c private -On -t 3 -r 1 127.0.0.1:" + UDP_PORT + " " + oid + " "
                + type + " " + value + " 2>&1", 30).output();
    }

    /** What snmptrapd received so far (one notification per line, numeric OIDs). */
    public String traps() {
        try {
            return Files.exists(trapLog) ? Files.readString(trapLog) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
