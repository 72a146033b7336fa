package io.vigil.daemon;

import picocli.CommandLine.Option;

/**
 * keepalived 2.2.7 options Vigil does not do: listed by {@code -h}, and refused with a sentence naming the difference
 * rather than accepted and ignored.
 */
final class KeepalivedOnlyOptions {
    @Option(names = {"-X", "--release-vips"}, description = "Not supported: Vigil releases VIPs on a transition as keepalived does by default.")
    boolean releaseVips;

    @Option(names = {"-V", "--dont-release-vrrp"}, description = "Not supported: Vigil always removes its VIPs and routes when it stops.")
    boolean dontReleaseVrrp;

    @Option(names = {"-I", "--dont-release-ipvs"}, description = "Not supported: Vigil always removes its virtual servers when it stops.")
    boolean dontReleaseIpvs;

    @Option(names = {"-a", "--address-monitoring"}, description = "Not supported: Vigil does not log every address change netlink reports.")
    boolean addressMonitoring;

    @Option(names = {"-g", "--log-file"}, arity = "0..1", paramLabel = "FILE", fallbackValue = "",
            description = "Not supported: Vigil logs to syslog (-S) and the console (-l) only.")
    String logFile;

    @Option(names = "--flush-log-file", description = "Not supported (no -g log file).")
    boolean flushLogFile;

    @Option(names = {"-s", "--namespace"}, paramLabel = "NAME", description = "Not supported: run Vigil inside the namespace (ip netns exec NAME vigil ...).")
    String namespace;

    @Option(names = {"-m", "--core-dump"}, description = "Not supported: a JVM writes hs_err files, not core dumps, when it fails.")
    boolean coreDump;

    @Option(names = {"-M", "--core-dump-pattern"}, arity = "0..1", paramLabel = "PATN", fallbackValue = "",
            description = "Not supported: Vigil leaves /proc/sys/kernel/core_pattern alone.")
    String coreDumpPattern;

    @Option(names = {"-B", "--no_bfd"}, description = "Not needed: Vigil has no BFD process.")
    boolean noBfd;

    @Option(names = {"-b", "--bfd_pid"}, paramLabel = "FILE", description = "Not supported: Vigil has no BFD process.")
    String bfdPid;

    @Option(names = {"-x", "--snmp"}, description = "Not supported: Vigil has no SNMP subagent.")
    boolean snmp;

    @Option(names = {"-A", "--snmp-agent-socket"}, paramLabel = "FILE", description = "Not supported: Vigil has no SNMP subagent.")
    String snmpSocket;

    @Option(names = "--all", description = "Not supported: Vigil starts the processes its configuration needs.")
    boolean all;

    /** The sentence refusing the first such option given, or null when none is. */
    String refusal() {
        if (releaseVips) return "-X (--release-vips) is not supported by Vigil: it releases VIPs on a transition as keepalived does by default";
        if (dontReleaseVrrp) return "-V (--dont-release-vrrp) is not supported by Vigil: it always removes its VIPs and routes when it stops";
        if (dontReleaseIpvs) return "-I (--dont-release-ipvs) is not supported by Vigil: it always removes its virtual servers when it stops";
        if (addressMonitoring) return "-a (--address-monitoring) is not supported by Vigil: it does not log every address change";
        if (logFile != null || flushLogFile) return "-g (--log-file) is not supported by Vigil: it logs to syslog (-S) and the console (-l)";
        if (namespace != null) return "-s (--namespace) is not supported by Vigil: run it inside the namespace (ip netns exec " + namespace + " vigil ...)";
        if (coreDump || coreDumpPattern != null) return "-m/-M (core dumps) are not supported by Vigil: a failing JVM writes an hs_err file instead";
        if (noBfd || bfdPid != null) return "-B/-b are not supported by Vigil: it has no BFD process";
        if (snmp || snmpSocket != null) return "-x/-A are not supported by Vigil: it has no SNMP subagent";
        if (all) return "--all is not supported by Vigil: it starts the processes its configuration needs";
        return null;
    }
}
