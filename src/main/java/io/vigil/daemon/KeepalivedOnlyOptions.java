package io.vigil.daemon;

import picocli.CommandLine.Option;

/**
 * keepalived 2.2.7 options Vigil does not do: listed by {@code -h}, and refused with a sentence naming the difference
 * rather than accepted and ignored. Each reason is written once: {@code -h} shows it, the refusal says it.
 */
final class KeepalivedOnlyOptions {
    private static final String SHOWN = "Not supported by Vigil: ";
    private static final String RELEASE_VIPS = "it releases VIPs on a transition as keepalived does by default",
            DONT_RELEASE_VRRP = "it always removes its VIPs and routes when it stops",
            DONT_RELEASE_IPVS = "it always removes its virtual servers when it stops",
            ADDRESS_MONITORING = "it does not log every address change",
            LOG_FILE = "it logs to syslog (-S) and the console (-l)",
            NAMESPACE = "run it inside the namespace (ip netns exec NAME vigil ...)",
            CORE_DUMP = "a failing JVM writes an hs_err file instead",
            BFD = "it has no BFD process",
            SNMP = "SNMP is enabled by enable_snmp_* and snmp_socket in global_defs",
            ALL = "it starts the processes its configuration needs";

    @Option(names = {"-X", "--release-vips"}, description = SHOWN + RELEASE_VIPS)
    boolean releaseVips;

    @Option(names = {"-V", "--dont-release-vrrp"}, description = SHOWN + DONT_RELEASE_VRRP)
    boolean dontReleaseVrrp;

    @Option(names = {"-I", "--dont-release-ipvs"}, description = SHOWN + DONT_RELEASE_IPVS)
    boolean dontReleaseIpvs;

    @Option(names = {"-a", "--address-monitoring"}, description = SHOWN + ADDRESS_MONITORING)
    boolean addressMonitoring;

    @Option(names = {"-g", "--log-file"}, arity = "0..1", paramLabel = "FILE", fallbackValue = "", description = SHOWN + LOG_FILE)
    String logFile;

    @Option(names = "--flush-log-file", description = SHOWN + LOG_FILE)
    boolean flushLogFile;

    @Option(names = {"-s", "--namespace"}, paramLabel = "NAME", description = SHOWN + NAMESPACE)
    String namespace;

    @Option(names = {"-m", "--core-dump"}, description = SHOWN + CORE_DUMP)
    boolean coreDump;

    @Option(names = {"-M", "--core-dump-pattern"}, arity = "0..1", paramLabel = "PATN", fallbackValue = "", description = SHOWN + CORE_DUMP)
    String coreDumpPattern;

    @Option(names = {"-B", "--no_bfd"}, description = SHOWN + BFD)
    boolean noBfd;

    @Option(names = {"-b", "--bfd_pid"}, paramLabel = "FILE", description = SHOWN + BFD)
    String bfdPid;

    @Option(names = {"-x", "--snmp"}, description = SHOWN + SNMP)
    boolean snmp;

    @Option(names = {"-A", "--snmp-agent-socket"}, paramLabel = "FILE", description = SHOWN + SNMP)
    String snmpSocket;

    @Option(names = "--all", description = SHOWN + ALL)
    boolean all;

    /** The sentence refusing the first such option given, or null when none is. */
    String refusal() {
        if (releaseVips) return refused("-X (--release-vips) is", RELEASE_VIPS);
        if (dontReleaseVrrp) return refused("-V (--dont-release-vrrp) is", DONT_RELEASE_VRRP);
        if (dontReleaseIpvs) return refused("-I (--dont-release-ipvs) is", DONT_RELEASE_IPVS);
        if (addressMonitoring) return refused("-a (--address-monitoring) is", ADDRESS_MONITORING);
        if (logFile != null || flushLogFile) return refused("-g (--log-file) is", LOG_FILE);
        if (namespace != null) return refused("-s (--namespace) is", NAMESPACE.replace("NAME", namespace));
        if (coreDump || coreDumpPattern != null) return refused("-m/-M (core dumps) are", CORE_DUMP);
        if (noBfd || bfdPid != null) return refused("-B/-b are", BFD);
        if (snmp || snmpSocket != null) return refused("-x/-A are", SNMP);
        if (all) return refused("--all is", ALL);
        return null;
    }

    private static String refused(String options, String why) {
        return options + " not supported by Vigil: " + why;
    }
}
