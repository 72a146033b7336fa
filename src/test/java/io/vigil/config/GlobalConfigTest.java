package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.vigil.config.Configs.errors;
import static io.vigil.config.Configs.load;
import static io.vigil.config.Configs.OPTS;
import static io.vigil.config.Configs.parsed;
import static io.vigil.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** global_defs (including Vigil's own vigil_data_plane) and the static_* blocks. */
class GlobalConfigTest {

    @Test
    void globalDefsKeywords() {
        GlobalDefs g = parsed("""
                global_defs {
                    router_id lb1
                    notification_email {
                        ops@example.org
                        oncall@example.org
                    }
                    notification_email_from lb1@example.org
                    smtp_server 198.18.0.25 2525
                    smtp_connect_timeout 10
                    vrrp_version 3
                    vrrp_strict
                    vrrp_garp_master_delay 1
                    vrrp_garp_lower_prio_repeat 2
                    lvs_sync_daemon eth1 VI_1 id 7
                    enable_script_security
                    vigil_data_plane nftables
                    dbus_service_name org.keepalived.Vrrp1
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress {
                        198.18.0.100
                    }
                }
                """).globalDefs();
        assertThat(g.routerId()).contains("lb1");
        assertThat(g.notificationEmails()).containsExactly("ops@example.org", "oncall@example.org");
        assertThat(g.smtpServer()).contains("198.18.0.25 2525");
        assertThat(g.smtpConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(g.vrrpVersion()).isEqualTo(3);
        assertThat(g.vrrpStrict()).isTrue();
        assertThat(g.vrrpGarp().lowerPrioDelay()).as("defaults to master delay").isEqualTo(Duration.ofSeconds(1));
        assertThat(g.vrrpGarp().lowerPrioRepeat()).isEqualTo(2);
        assertThat(g.lvsSyncDaemon().orElseThrow().syncId()).contains(7);
        assertThat(g.dataPlane()).isEqualTo(GlobalDefs.DataPlaneKind.nftables);
        assertThat(g.unsupported()).containsEntry("dbus_service_name", "org.keepalived.Vrrp1");
    }

    @Test
    void snmpKeywordsAreTyped() {
        GlobalDefs.Snmp snmp = valid("""
                global_defs {
                    enable_snmp_keepalived
                    enable_snmp_checker
                    enable_snmp_rfc
                    enable_traps
                    snmp_socket tcp:localhost:705
                }
                """).globalDefs().snmp();
        assertThat(snmp).isEqualTo(new GlobalDefs.Snmp(true, true, true, true, true, java.util.Optional.of("tcp:localhost:705")));
        assertThat(valid("global_defs {\n enable_snmp_rfcv3\n}\n").globalDefs().snmp())
                .isEqualTo(new GlobalDefs.Snmp(false, false, false, true, false, java.util.Optional.empty()));
        assertThat(valid("global_defs {\n}\n").globalDefs().snmp()).isEqualTo(GlobalDefs.Snmp.NONE);
        assertThat(errors("global_defs {\n snmp_socket udp:localhost:705\n}\n")).singleElement()
                .satisfies(d -> assertThat(d.message()).isEqualTo("snmp_socket must be unix:PATH or tcp:HOST:PORT (AgentX runs over a stream socket)"));
        assertThat(valid("global_defs {\n snmp_socket unix:/run/agentx.sock\n}\n").globalDefs().unsupported()).doesNotContainKey("snmp_socket");
    }

    @Test
    void smtpAlertDefaultsFollowKeepalived() {
        String body = """
                vrrp_sync_group G {
                    group {
                        VI_1
                    }
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 2
                    smtp_alert off
                }
                virtual_server 198.18.0.100 80 {
                    real_server 198.18.1.1 80 {
                    }
                    real_server 198.18.1.2 80 {
                        smtp_alert false
                    }
                }
                """;
        // Nothing global: instances, groups and virtual servers off; real servers on (keepalived's backward compatibility).
        KeepalivedConfig none = valid(body);
        assertThat(none.vrrpInstances()).extracting(VrrpInstance::smtpAlert).containsExactly(false, false);
        assertThat(none.syncGroups().getFirst().smtpAlert()).isFalse();
        assertThat(none.virtualServers().getFirst().smtpAlert()).isFalse();
        assertThat(none.virtualServers().getFirst().realServers()).extracting(RealServer::smtpAlert).containsExactly(true, false);
        // smtp_alert on, smtp_alert_checker off: the specific one wins where it applies; a block's own value wins over both.
        KeepalivedConfig on = valid("global_defs {\n smtp_alert\n smtp_alert_checker off\n no_email_faults\n no_checker_emails yes\n}\n" + body);
        assertThat(on.vrrpInstances()).extracting(VrrpInstance::smtpAlert).containsExactly(true, false);
        assertThat(on.syncGroups().getFirst().smtpAlert()).isTrue();
        assertThat(on.virtualServers().getFirst().smtpAlert()).isFalse();
        assertThat(on.virtualServers().getFirst().realServers()).extracting(RealServer::smtpAlert).containsExactly(false, false);
        assertThat(on.globalDefs().smtpAlert().noEmailFaults()).isTrue();
        assertThat(on.globalDefs().smtpAlert().noCheckerEmails()).isTrue();
        KeepalivedConfig vrrpOff = valid("global_defs {\n smtp_alert on\n smtp_alert_vrrp off\n}\n" + body);
        assertThat(vrrpOff.vrrpInstances()).extracting(VrrpInstance::smtpAlert).containsExactly(false, false);
        assertThat(vrrpOff.virtualServers().getFirst().smtpAlert()).isTrue();
    }

    @Test
    void smtpServerTakesAHostAndAnOptionalPort() {
        assertThat(valid("global_defs {\n smtp_server mail.example.org\n}\n").globalDefs().smtpHostPort())
                .contains(java.util.Map.entry("mail.example.org", 25));
        assertThat(valid("global_defs {\n smtp_server 2001:2::25 2525\n}\n").globalDefs().smtpHostPort())
                .contains(java.util.Map.entry("2001:2::25", 2525));
        assertThat(errors("global_defs {\n smtp_server 198.18.0.25 99999\n}\n")).singleElement()
                .satisfies(d -> assertThat(d.message()).isEqualTo("smtp_server takes a host and an optional port 1..65535"));
    }

    /** keepalived's get_cpu_affinity and get_rt_rlimit: ids below the online CPUs; 1 µs becomes 2; only with rt_priority. */
    @Test
    void processTuningKeywords() {
        GlobalDefs g = valid("global_defs {\n vrrp_no_swap\n vrrp_cpu_affinity 0 0\n vrrp_rt_priority 5\n vrrp_rlimit_rtime 1\n"
                + " checker_cpu_affinity 0\n bfd_no_swap\n}\n").globalDefs();
        assertThat(g.tuning().vrrp()).isEqualTo(new GlobalDefs.ProcessTuning(true, java.util.List.of(0), java.util.Optional.of(2L), java.util.Optional.empty()));
        assertThat(g.tuning().checker()).isEqualTo(new GlobalDefs.ProcessTuning(false, java.util.List.of(0), java.util.Optional.empty(), java.util.Optional.empty()));
        assertThat(g.tuning().bfd().noSwap()).isTrue();
        assertThat(errors("global_defs {\n vrrp_cpu_affinity 4096\n}\n")).singleElement()
                .satisfies(d -> assertThat(d.message()).startsWith("number outside range [0, "));
        LoadResult noRt = load("global_defs {\n vrrp_rlimit_rttime 10000\n}\n");
        assertThat(noRt.config().orElseThrow().globalDefs().tuning().vrrp().rlimitRttimeMicros()).isEmpty();
        assertThat(noRt.diagnostics()).anySatisfy(d -> assertThat(d.message()).contains("acts only with vrrp_rt_priority"));
    }

    /** keepalived's lvs_timeouts grammar: any of tcp/tcpfin/udp with seconds up to 31 days, in any order. */
    @Test
    void lvsTimeouts() {
        assertThat(valid("global_defs {\n lvs_timeouts udp 45 tcp 3600\n}\n").globalDefs().lvsTimeouts())
                .isEqualTo(new GlobalDefs.LvsTimeouts(3600, 0, 45));
        assertThat(valid("global_defs {\n}\n").globalDefs().lvsTimeouts().isSet()).isFalse();
        assertThat(errors("global_defs {\n lvs_timeouts tcp 2678401\n}\n")).singleElement()
                .satisfies(d -> assertThat(d.message()).isEqualTo("lvs_timeouts tcp needs seconds 0..2678400"));
        assertThat(errors("global_defs {\n lvs_timeouts sctp 5\n}\n")).first()
                .satisfies(d -> assertThat(d.message()).startsWith("lvs_timeouts: unknown option 'sctp'"));
    }

    @Test
    void dataPlaneDefaultsToAutoAndRejectsOthers() {
        assertThat(valid("global_defs {\n}\n").globalDefs().dataPlane()).isEqualTo(GlobalDefs.DataPlaneKind.auto);
        assertThat(errors("global_defs {\n vigil_data_plane xdp\n}\n")).singleElement()
                .satisfies(d -> assertThat(d.message()).isEqualTo("expected one of ipvs|nftables|proxy|auto"));
    }

    @Test
    void staticRouteTypesAreKeptAsWrittenAndTheKernelsRefusedOnesWarned() {
        LoadResult r = load("""
                static_routes {
                    local 198.18.7.1/32 dev lo table local
                    brd 198.18.7.255/32 dev eth0 table local
                    anycast 198.18.7.0/32 dev eth0 table local
                    multicast 224.1.1.0/24 dev eth0
                    throw 198.18.9.0/24 table 100
                    unreachable 198.18.10.0/24
                    nat 198.18.11.0/24 via 198.18.7.2
                    198.18.12.0/24 via 198.18.7.254
                }
                """, OPTS);
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().orElseThrow().staticRoutes()).extracting(rt -> rt.type().orElse("-"))
                .containsExactly("local", "broadcast", "anycast", "multicast", "throw", "unreachable", "nat", "-");
        assertThat(r.warnings()).singleElement().satisfies(d -> {
            assertThat(d.offending()).isEqualTo("nat");
            assertThat(d.message()).isEqualTo("the kernel refuses 'nat' routes: this route will not be installed");
        });
    }

    @Test
    void staticBlocks() {
        KeepalivedConfig c = parsed("""
                static_ipaddress {
                    198.18.7.1/24 dev eth0 scope link
                }
                static_routes {
                    198.18.8.0/24 via 198.18.7.254 dev eth0
                }
                static_rules {
                    from 198.18.7.0/24 table 7 preference 70
                }
                """);
        assertThat(c.staticIpAddresses().getFirst().scope()).contains("link");
        assertThat(c.staticRoutes().getFirst().via()).contains(Addresses.parse("198.18.7.254"));
        assertThat(c.staticRules().getFirst().table()).contains("7");
    }

    @Test
    void badAddressesAreErrorsAtTheirColumn() {
        assertThat(load("static_routes {\n  198.18.8.0/24 via 198.18.7.x\n}\n", OPTS.withCompat(true)).errors()).singleElement()
                .satisfies(d -> assertThat(d.format()).isEqualTo("test.conf:2:21: error: invalid IP address: '198.18.7.x'"));
        assertThat(load("global_defs {\n vrrp_mcast_group4 224.0.0.256\n}\n", OPTS.withCompat(true)).errors())
                .extracting(Diagnostic::offending).containsExactly("224.0.0.256");
    }

    /**
     * dynamic_interfaces is read as keepalived 2.2.7 reads it: alone or with allow_if_changes, any other word an error.
     * What it does is proven beside keepalived in DynamicInterfacesLabTest.
     */
    @Test
    void dynamicInterfacesReadAsKeepalived() {
        String inst = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n";
        assertThat(valid("global_defs {\n dynamic_interfaces\n}\n" + inst).globalDefs().dynamicInterfaces())
                .isEqualTo(GlobalDefs.DynamicInterfaces.on);
        assertThat(valid("global_defs {\n dynamic_interfaces allow_if_changes\n}\n" + inst).globalDefs().dynamicInterfaces())
                .isEqualTo(GlobalDefs.DynamicInterfaces.allow_if_changes);
        assertThat(valid("global_defs {\n}\n" + inst).globalDefs().dynamicInterfaces()).isEqualTo(GlobalDefs.DynamicInterfaces.off);
        assertThat(load("global_defs {\n dynamic_interfaces yes\n}\n" + inst, OPTS.withCompat(true)).errors())
                .extracting(Diagnostic::offending).containsExactly("yes");
    }
}
