package io.vigil.daemon;

import io.vigil.check.CheckerSettings;
import io.vigil.check.DesiredPool;
import io.vigil.check.RealServerKey;
import io.vigil.check.VirtualServerSettings;
import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Forwarding;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.vrrp.AddressFamily;
import io.vigil.vrrp.VrrpInstanceSettings;
import io.vigil.vrrp.VrrpPacket;
import io.vigil.vrrp.VrrpState;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** keepalived.conf onto the runtime settings: the seed's configuration and the shapes it does not use. */
class ConfigMappersTest {
    static final String SEED = """
            global_defs {
               router_id LVS_HTTP
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface ens32
                mcast_src_ip 10.1.63.102
                virtual_router_id 1
                priority 50
                nopreempt
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass 1111
                }
                virtual_ipaddress {
                    10.1.63.2
                }
            }
            virtual_server 10.1.63.2 80 {
                delay_loop 6
                lb_algo rr
                lb_kind DR
                protocol TCP
                real_server 10.1.63.103 80 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 3
                        nb_get_retry 3
                        delay_before_retry 3
                        connect_port 80
                    }
                }
                real_server 10.1.63.104 80 {
                    weight 2
                }
            }
            """;

    private static KeepalivedConfig load(String text) {
        var result = ConfigLoader.loadText("test.conf", text, LoadOptions.defaults());
        assertThat(result.diagnostics()).noneMatch(io.vigil.config.Diagnostic::isError);
        return result.config().orElseThrow();
    }

    @Test
    void seedInstanceBecomesVrrpSettings() throws Exception {
        KeepalivedConfig config = load(SEED);
        List<VrrpInstanceSettings> instances = VrrpConfigMapper.instances(config, (i, f) -> null);
        assertThat(instances).hasSize(1);
        VrrpInstanceSettings vi = instances.getFirst();
        assertThat(vi.name()).isEqualTo("VI_1");
        assertThat(vi.interfaceName()).isEqualTo("ens32");
        assertThat(vi.sourceAddress()).isEqualTo(InetAddress.getByName("10.1.63.102"));
        assertThat(vi.vrid()).isEqualTo(1);
        assertThat(vi.priority()).isEqualTo(50);
        assertThat(vi.preempt()).isFalse();
        assertThat(vi.advertIntervalCentis()).isEqualTo(100);
        assertThat(vi.version()).isEqualTo(2);
        assertThat(vi.initialState()).isEqualTo(VrrpState.BACKUP);
        assertThat(vi.auth().type()).isEqualTo(VrrpPacket.AUTH_PASS);
        assertThat(vi.advertisedAddresses()).containsExactly(InetAddress.getByName("10.1.63.2"));
        assertThat(vi.family()).isEqualTo(AddressFamily.IPV4);
    }

    @Test
    void garpSettingsFollowKeepalivedsInheritanceWithVigilsRefreshDefault() throws Exception {
        // Nothing set: keepalived's bursts, and Vigil's periodic refresh every 60 s (keepalived: none).
        GarpSettingsAssert.of(VrrpConfigMapper.instances(load(SEED), (i, f) -> null).getFirst().garp(), 5, 5_000, 60_000, 1, 5, 5_000, 0, 0);
        String tuned = SEED.replace("   router_id LVS_HTTP\n", """
                   router_id LVS_HTTP
                   vrrp_garp_master_repeat 3
                   vrrp_garp_master_delay 2
                   vrrp_garp_interval 0.001
                   vrrp_gna_interval 0.002
                   vrrp_garp_master_refresh 0
                """).replace("    nopreempt\n", """
                    nopreempt
                    garp_lower_prio_repeat 1
                    garp_lower_prio_delay 7
                """);
        // The lower-priority burst defaults to the master one; the instance's own keywords win; refresh 0 turns it off.
        GarpSettingsAssert.of(VrrpConfigMapper.instances(load(tuned), (i, f) -> null).getFirst().garp(), 3, 2_000, 0, 1, 1, 7_000, 1_000, 2_000);
        GarpSettingsAssert.of(VrrpConfigMapper.instances(load(tuned.replace("    garp_lower_prio_repeat 1\n    garp_lower_prio_delay 7\n", "")),
                (i, f) -> null).getFirst().garp(), 3, 2_000, 0, 1, 3, 2_000, 1_000, 2_000);
    }

    @Test
    void vrrpThreadSchedulingIsReadFromKeepalivedsKeywordsAndOutOfRangeValuesAreErrors() throws Exception {
        assertThat(load(SEED).globalDefs().vrrpScheduling()).isEqualTo(io.vigil.config.GlobalDefs.VrrpScheduling.DEFAULT);
        String tuned = SEED.replace("   router_id LVS_HTTP\n", "   router_id LVS_HTTP\n   vrrp_priority -5\n   vrrp_rt_priority 20\n");
        var scheduling = load(tuned).globalDefs().vrrpScheduling();
        assertThat(scheduling.nice()).contains(-5);
        assertThat(scheduling.rtPriority()).contains(20);
        assertThat(load(tuned).globalDefs().unsupported()).doesNotContainKeys("vrrp_priority", "vrrp_rt_priority");
        var tooHigh = ConfigLoader.loadText("test.conf", tuned.replace("vrrp_rt_priority 20", "vrrp_rt_priority 100"), LoadOptions.defaults());
        assertThat(tooHigh.diagnostics()).anyMatch(d -> d.isError() && d.toString().startsWith("test.conf:4:") && d.toString().contains("outside range [1, 99]"));
    }

    @Test
    void notifyFifoReachesEveryInstanceAndSyncGroupAndVrrpNotifyFifoWins() throws Exception {
        assertThat(VrrpConfigMapper.instances(load(SEED), (i, f) -> null).getFirst().notifications().fifo()).isNull();
        String withFifo = SEED.replace("   router_id LVS_HTTP\n", "   router_id LVS_HTTP\n   notify_fifo /run/all.fifo\n   notify_fifo_script /bin/reader\n");
        assertThat(VrrpConfigMapper.instances(load(withFifo), (i, f) -> null).getFirst().notifications().fifo()).isEqualTo("/run/all.fifo");
        assertThat(load(withFifo).globalDefs().notifyFifos().vrrpReader()).map(io.vigil.config.Script::command).contains("/bin/reader");
        String both = withFifo.replace("   notify_fifo /run/all.fifo\n", "   notify_fifo /run/all.fifo\n   vrrp_notify_fifo /run/vrrp.fifo\n");
        assertThat(VrrpConfigMapper.instances(load(both), (i, f) -> null).getFirst().notifications().fifo()).isEqualTo("/run/vrrp.fifo");
        assertThat(load(both).globalDefs().notifyFifos().vrrpReader()).isEmpty(); // the generic reader does not follow
        assertThat(load(both).globalDefs().unsupported()).doesNotContainKeys("notify_fifo", "vrrp_notify_fifo", "notify_fifo_script");
    }

    private static final class GarpSettingsAssert {
        static void of(io.vigil.vrrp.GarpSettings g, int masterRepeat, long masterDelayMillis, long refreshMillis, int refreshRepeat,
                       int lowerPrioRepeat, long lowerPrioDelayMillis, long garpIntervalMicros, long naIntervalMicros) {
            assertThat(g).isEqualTo(new io.vigil.vrrp.GarpSettings(masterRepeat, masterDelayMillis, refreshMillis, refreshRepeat,
                    lowerPrioRepeat, lowerPrioDelayMillis, garpIntervalMicros, naIntervalMicros));
        }
    }

    @Test
    void withoutASourceAddressTheInterfacesPrimaryIsUsed() throws Exception {
        KeepalivedConfig config = load(SEED.replace("    mcast_src_ip 10.1.63.102\n", ""));
        InetAddress primary = InetAddress.getByName("198.18.0.7");
        VrrpInstanceSettings vi = VrrpConfigMapper.instances(config, (ifname, family) ->
                ifname.equals("ens32") && family == AddressFamily.IPV4 ? primary : null).getFirst();
        assertThat(vi.sourceAddress()).isEqualTo(primary);
    }

    @Test
    void seedVirtualServerBecomesCheckerSettingsWithLegacySpellings() {
        KeepalivedConfig config = load(SEED);
        List<VirtualServerSettings> vss = CheckerConfigMapper.virtualServers(config);
        assertThat(vss).hasSize(1);
        var rs1 = vss.getFirst().realServers().getFirst();
        assertThat(rs1.key()).isEqualTo(new RealServerKey(addr("10.1.63.103"), 80));
        CheckerSettings.Tcp tcp = (CheckerSettings.Tcp) rs1.checkers().getFirst();
        assertThat(tcp.timing().retry()).as("nb_get_retry").isEqualTo(3);
        assertThat(tcp.timing().delayBeforeRetryMillis()).isEqualTo(3000);
        assertThat(tcp.timing().delayLoopMillis()).isEqualTo(6000);
        assertThat(tcp.connect().connectTimeoutMillis()).isEqualTo(3000);
        assertThat(tcp.connect().port()).isEqualTo(80);
        assertThat(vss.getFirst().realServers().get(1).checkers()).as("no checker: always alive").isEmpty();
    }

    @Test
    void vigilGrpcCheckBecomesGrpcSettingsWithItsServiceAndTheCommonTiming() {
        String text = SEED.replaceFirst("(?s)TCP_CHECK \\{.*?\\}", """
                vigil_GRPC_CHECK {
                    connect_port 50051
                    connect_timeout 2
                    retry 2
                    delay_before_retry 4
                    service my.Service
                    tls
                }
                vigil_GRPC_CHECK {
                }""");
        assertThat(text).doesNotContain("TCP_CHECK");
        var checkers = CheckerConfigMapper.virtualServers(load(text)).getFirst().realServers().getFirst().checkers();
        assertThat(checkers).hasSize(2);
        CheckerSettings.Grpc g = (CheckerSettings.Grpc) checkers.getFirst();
        assertThat(g.kind()).isEqualTo("vigil_GRPC_CHECK");
        assertThat(g.service()).isEqualTo("my.Service");
        assertThat(g.connect().port()).isEqualTo(50051);
        assertThat(g.connect().connectTimeoutMillis()).isEqualTo(2000);
        assertThat(g.timing().retry()).isEqualTo(2);
        assertThat(g.timing().delayBeforeRetryMillis()).isEqualTo(4000);
        assertThat(g.tls()).isTrue();
        assertThat(((CheckerSettings.Grpc) checkers.get(1)).service()).as("default: the whole server").isEmpty();
        assertThat(((CheckerSettings.Grpc) checkers.get(1)).tls()).as("default: h2c with prior knowledge").isFalse();
    }

    @Test
    void poolsBecomeDataPlaneServicesWithTheConfiguredScheduleAndForwarding() {
        KeepalivedConfig config = load(SEED);
        Map<io.vigil.check.VirtualServerKey, DesiredPool> pools = CheckerConfigMapper.initialPools(config);
        DesiredState desired = LbStateMapper.desired(config, pools);
        assertThat(desired.services()).hasSize(1);
        var service = desired.services().getFirst();
        assertThat(service.key()).isEqualTo(new ServiceKey.Ip(io.vigil.lb.Protocol.TCP, addr("10.1.63.2"), 80));
        assertThat(service.scheduler()).isEqualTo(SchedulerKind.RR);
        assertThat(service.servers()).extracting(s -> s.forwarding()).containsOnly(Forwarding.DR);
        assertThat(service.servers()).extracting(s -> s.weight()).containsExactly(1, 2);

        // A server the checkers removed is gone from the data plane; an inhibited one stays with weight 0.
        var key = pools.keySet().iterator().next();
        DesiredPool shrunk = new DesiredPool(key, List.of(new DesiredPool.Member(new RealServerKey(addr("10.1.63.104"), 80), 0, false)), true, false);
        var after = LbStateMapper.desired(config, Map.of(key, shrunk)).services().getFirst();
        assertThat(after.servers()).singleElement().satisfies(s -> {
            assertThat(s.address()).isEqualTo(addr("10.1.63.104"));
            assertThat(s.weight()).isZero();
        });
    }

    @Test
    void virtualServerGroupsExpandToOneServicePerAddressAndFwmark() {
        KeepalivedConfig config = load("""
                virtual_server_group G {
                    198.18.0.10-12 80
                    fwmark 7
                }
                virtual_server group G {
                    lb_algo wlc
                    lb_kind NAT
                    protocol TCP
                    persistence_timeout 300
                    real_server 198.18.1.1 8080 {
                    }
                }
                """);
        DesiredState desired = LbStateMapper.desired(config, CheckerConfigMapper.initialPools(config));
        assertThat(desired.services()).extracting(s -> s.key().toString())
                .containsExactly("TCP 198.18.0.10:80", "TCP 198.18.0.11:80", "TCP 198.18.0.12:80", "FWM 7" .equals("") ? "" : desired.services().get(3).key().toString());
        assertThat(desired.services().get(3).key()).isInstanceOf(ServiceKey.Fwmark.class);
        assertThat(desired.services()).allSatisfy(s -> {
            assertThat(s.persistence().timeoutSeconds()).isEqualTo(300);
            assertThat(s.servers()).singleElement().satisfies(rs -> assertThat(rs.port()).isEqualTo(8080));
        });
    }

    @Test
    void scriptCommandLinesSplitAsKeepalivedDoes() {
        assertThat(CommandWords.split("/usr/bin/check.sh arg1 \"two words\" 'x y'")).containsExactly("/usr/bin/check.sh", "arg1", "two words", "x y");
        assertThat(CommandWords.split("  a\\ b  c ")).containsExactly("a b", "c");
    }

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void schedulerFlagsAndOnePacketSchedulingReachTheDataPlane() {
        KeepalivedConfig config = load("""
                virtual_server 198.18.0.10 53 {
                    lb_algo sh
                    sh-port
                    sh-fallback
                    ops
                    lb_kind NAT
                    protocol UDP
                    real_server 198.18.1.1 53 {
                    }
                }
                """);
        var service = LbStateMapper.desired(config, CheckerConfigMapper.initialPools(config)).services().getFirst();
        assertThat(service.schedulerFlags()).containsExactlyInAnyOrder(io.vigil.lb.SchedulerFlag.PORT, io.vigil.lb.SchedulerFlag.FALLBACK);
        assertThat(service.onePacket()).isTrue();
    }

    @Test
    void trackProcessAndSmtpAlertReachTheVrrpSettings() {
        KeepalivedConfig config = load("""
                global_defs {
                    smtp_alert_vrrp
                    no_email_faults
                }
                vrrp_track_process haproxy {
                    process /usr/sbin/haproxy -f /etc/haproxy/haproxy.cfg
                    param_match partial
                    terminate_delay 2
                    weight 10 reverse
                }
                vrrp_track_process unused {
                    process nginx
                }
                vrrp_sync_group G {
                    group {
                        VI_1
                    }
                    track_process {
                        haproxy
                    }
                }
                vrrp_instance VI_1 {
                    interface eth0
                    mcast_src_ip 198.18.0.11
                    virtual_router_id 1
                    virtual_ipaddress {
                        198.18.0.100
                    }
                }
                """);
        VrrpInstanceSettings i = VrrpConfigMapper.instances(config, (n, f) -> null).getFirst();
        assertThat(i.trackProcesses()).containsExactly(new io.vigil.vrrp.TrackedProcess("haproxy", -10, true));
        assertThat(i.notifications().smtpAlert()).isTrue();
        assertThat(i.notifications().noEmailFaults()).isTrue();
        assertThat(VrrpConfigMapper.syncGroups(config).getFirst().notifications().smtpAlert()).isTrue();
        assertThat(VrrpConfigMapper.trackedProcesses(config)).containsExactly(new io.vigil.vrrp.ProcessTrackSettings("haproxy", "/usr/sbin/haproxy",
                List.of("-f", "/etc/haproxy/haproxy.cfg"), io.vigil.vrrp.ProcessTrackSettings.ParamMatch.PARTIAL, true, 1, Integer.MAX_VALUE, 2000, 0));
    }
}
