package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.vigil.config.Configs.errors;
import static io.vigil.config.Configs.formatted;
import static io.vigil.config.Configs.load;
import static io.vigil.config.Configs.parsed;
import static io.vigil.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** vrrp_script, track_file, vrrp_sync_group and vrrp_instance keywords. */
class VrrpConfigTest {

    @Test
    void instanceDefaultsFollowKeepalived() {
        VrrpInstance i = valid("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n").vrrpInstances().getFirst();
        assertThat(i.initialState()).isEqualTo(Vrrp.State.BACKUP);
        assertThat(i.priority()).isEqualTo(100);
        assertThat(i.advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(i.version()).isEqualTo(2);
        assertThat(i.nopreempt()).isFalse();
        // keepalived's GARP defaults, except the periodic refresh: Vigil's default is 60 s (keepalived: none).
        assertThat(i.garp()).isEqualTo(new Vrrp.Garp(Duration.ofSeconds(5), 5, Duration.ofSeconds(5), 5, Duration.ofSeconds(60), 1));
        assertThat(i.authentication()).isEmpty();
    }

    /** vrrp_min_garp changes the GARP defaults as keepalived's does; what the file writes wins. */
    @Test
    void vrrpMinGarpOneGarpNoRepeat() {
        String inst = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n";
        assertThat(valid("global_defs {\n vrrp_min_garp\n}\n" + inst).vrrpInstances().getFirst().garp())
                .isEqualTo(new Vrrp.Garp(Duration.ZERO, 1, Duration.ZERO, 1, Duration.ZERO, 1));
        assertThat(valid("global_defs {\n vrrp_min_garp false\n}\n" + inst).vrrpInstances().getFirst().garp())
                .isEqualTo(new Vrrp.Garp(Duration.ofSeconds(5), 5, Duration.ofSeconds(5), 5, Duration.ofSeconds(60), 1));
        assertThat(valid("global_defs {\n vrrp_min_garp\n vrrp_garp_master_repeat 3\n vrrp_garp_master_refresh 30\n}\n" + inst)
                .vrrpInstances().getFirst().garp()).isEqualTo(new Vrrp.Garp(Duration.ZERO, 3, Duration.ZERO, 3, Duration.ZERO, 1));
        assertThat(valid("global_defs {\n vrrp_min_garp\n vrrp_garp_master_refresh 30\n vrrp_garp_master_refresh_repeat 2\n}\n" + inst)
                .vrrpInstances().getFirst().garp()).isEqualTo(new Vrrp.Garp(Duration.ZERO, 1, Duration.ZERO, 1, Duration.ofSeconds(30), 2));
    }

    /** linkbeat_use_polling at the top level or in an instance, and linkbeat_interfaces, reach the instance's options. */
    @Test
    void linkbeatSettings() {
        String inst = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n";
        Vrrp.Options o = valid("linkbeat_use_polling\nlinkbeat_interfaces {\n eth1\n eth2 MII\n}\n" + inst).vrrpInstances().getFirst().options();
        assertThat(o.linkbeatUsePolling()).isTrue();
        assertThat(o.linkbeatInterfaces()).containsExactly("eth1", "eth2");
        assertThat(valid(inst).vrrpInstances().getFirst().options().linkbeatUsePolling()).isFalse();
        assertThat(valid(inst.replace(" interface eth0\n", " interface eth0\n linkbeat_use_polling\n")).vrrpInstances().getFirst()
                .options().linkbeatUsePolling()).isTrue();
        assertThat(errors("linkbeat_interfaces {\n eth1 SONAR\n}\n" + inst)).singleElement()
                .satisfies(d -> assertThat(d.toString()).contains("MII, ETHTOOL or IOCTL"));
    }

    /** interface_up_down_delays: the up delay is 0 when omitted (keepalived's code; its man page says the down delay). */
    @Test
    void interfaceUpDownDelays() {
        String inst = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n";
        Vrrp.Options o = valid("interface_up_down_delays {\n eth0 1.5\n eth1 0.000010 2\n}\n" + inst).vrrpInstances().getFirst().options();
        assertThat(o.upDownDelays()).containsExactly(new Vrrp.UpDownDelay("eth0", Duration.ofMillis(1500), Duration.ZERO),
                new Vrrp.UpDownDelay("eth1", Duration.ofNanos(10_000), Duration.ofSeconds(2)));
        assertThat(errors("interface_up_down_delays {\n eth0 256\n}\n" + inst)).singleElement()
                .satisfies(d -> assertThat(d.toString()).contains("0..255"));
        assertThat(valid("interface_up_down_delays {\n eth0\n}\n" + inst).vrrpInstances().getFirst().options().upDownDelays()).isEmpty();
    }

    /** garp_group: its intervals and interfaces; one without any interval is an error, as in keepalived. */
    @Test
    void garpGroup() {
        String inst = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n";
        Vrrp.Options o = valid("garp_group {\n gna_interval 0.02\n interface eth0\n interfaces {\n eth1\n }\n}\n"
                + "garp_group {\n garp_interval 1\n interface eth2\n}\n" + inst).vrrpInstances().getFirst().options();
        assertThat(o.garpGroups()).containsExactly(new Vrrp.GarpGroup(java.util.Optional.empty(), java.util.Optional.of(Duration.ofMillis(20)),
                java.util.List.of("eth0", "eth1")), new Vrrp.GarpGroup(java.util.Optional.of(Duration.ofSeconds(1)), java.util.Optional.empty(),
                java.util.List.of("eth2")));
        assertThat(errors("garp_group {\n interface eth0\n}\n" + inst)).singleElement()
                .satisfies(d -> assertThat(d.toString()).contains("garp_interval or gna_interval"));
    }

    @Test
    void everyCommonInstanceKeyword() {
        KeepalivedConfig c = parsed("""
                global_defs {
                    vrrp_garp_master_repeat 3
                }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    advert_int 0.5
                    version 3
                    nopreempt
                    preempt_delay 30
                    virtual_ipaddress {
                        198.18.0.10/24 brd 198.18.0.255 dev eth1 scope global label eth1:vip
                    }
                    virtual_ipaddress_excluded {
                        2001:2::10/64 dev eth1
                        198.18.1.10/24 -nodad no_track
                    }
                    virtual_routes {
                        src 198.18.0.10 to 198.18.50.0/24 via 198.18.0.254 dev eth1 table 100 metric 5
                        blackhole 198.18.51.0/24
                    }
                    virtual_rules {
                        from 198.18.0.0/24 table 100 preference 200
                        not to 198.18.52.0/24 lookup main priority 300 no_track
                    }
                    unicast_src_ip 198.18.0.2
                    unicast_peer {
                        198.18.0.3
                        198.18.0.4 min_ttl 250 max_ttl 255
                    }
                    mcast_src_ip 198.18.0.2
                    use_vmac vrrp51
                    garp_master_delay 2
                    garp_master_refresh 60
                    notify_master /etc/vigil/master.sh
                    notify "/etc/vigil/notify.sh all" root
                    smtp_alert
                    dont_track_primary
                    accept
                }
                """);
        VrrpInstance i = c.vrrpInstances().getFirst();
        assertThat(i.priority()).isEqualTo(150);
        assertThat(i.advertInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(i.version()).isEqualTo(3);
        assertThat(i.nopreempt()).isTrue();
        assertThat(i.preemptDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(i.virtualIps().getFirst().format()).isEqualTo("198.18.0.10/24 brd 198.18.0.255 dev eth1 scope global label eth1:vip");
        assertThat(i.excludedVirtualIps().get(1).noDad()).isTrue();
        assertThat(i.virtualRoutes()).extracting(VirtualRoute::format)
                .containsExactly("src 198.18.0.10 198.18.50.0/24 via 198.18.0.254 dev eth1 table 100 metric 5", "blackhole 198.18.51.0/24");
        assertThat(i.virtualRules().get(1).not()).isTrue();
        assertThat(i.virtualRules().get(1).preference()).contains(300);
        assertThat(i.unicastPeers()).extracting(Vrrp.UnicastPeer::format).containsExactly("198.18.0.3", "198.18.0.4 min_ttl 250 max_ttl 255");
        assertThat(i.vmac().orElseThrow().name()).contains("vrrp51");
        assertThat(i.vmac().orElseThrow().xmitBase()).as("unicast peers: keepalived sets vmac_xmit_base").isTrue();
        assertThat(i.garp().masterDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(i.garp().masterRepeat()).as("from global_defs").isEqualTo(3);
        assertThat(i.garp().masterRefresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(i.notifyScripts().any().orElseThrow().user()).contains("root");
        assertThat(i.smtpAlert()).isTrue();
        assertThat(i.accept()).isTrue();
    }

    @Test
    void trackingReferencesResolveAfterTheWholeFile() {
        KeepalivedConfig c = valid("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    track_script {
                        chk_late weight -20
                        chk_plain
                    }
                    track_file {
                        tf weight 5 reverse
                    }
                    track_interface {
                        eth1
                        eth2 weight -30
                    }
                }
                vrrp_script chk_late {
                    script "/bin/check late"
                    interval 2
                    weight 10 reverse
                    rise 2
                    fall 3
                }
                vrrp_script chk_plain {
                    script /bin/true
                }
                vrrp_track_file tf {
                    file /run/vigil/tf
                }
                """);
        VrrpInstance i = c.vrrpInstances().getFirst();
        assertThat(i.tracking().scripts()).extracting(Vrrp.TrackRef::format).containsExactly("chk_late weight -20", "chk_plain");
        assertThat(i.tracking().files()).extracting(Vrrp.TrackRef::format).containsExactly("tf weight 5 reverse");
        VrrpScript s = c.vrrpScripts().get("chk_late");
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.timeout()).as("defaults to interval").isEqualTo(Duration.ofSeconds(2));
        assertThat(s.weight()).isEqualTo(new Vrrp.Weight(10, true));
        assertThat(c.trackFiles().get("tf").weight()).isEqualTo(new Vrrp.Weight(1, false));
    }

    @Test
    void unknownReferencesAreErrorsWithSuggestions() {
        var e = errors("""
                vrrp_script chk_http {
                    script /bin/true
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    track_script {
                        chk_htp
                    }
                }
                """);
        assertThat(e).singleElement().satisfies(d -> {
            assertThat(d.pos()).isEqualTo(new SourcePos("test.conf", 8, 9));
            assertThat(d.hint()).isEqualTo("did you mean 'chk_http'?");
        });
    }

    @Test
    void syncGroupsResolveMembers() {
        KeepalivedConfig c = valid("""
                vrrp_sync_group G1 {
                    group {
                        VI_A
                        VI_B
                    }
                    notify_master /bin/g1-master
                }
                vrrp_instance VI_A {
                    interface eth0
                    virtual_router_id 1
                }
                vrrp_instance VI_B {
                    interface eth1
                    virtual_router_id 2
                }
                """);
        assertThat(c.syncGroups().getFirst().members()).containsExactly("VI_A", "VI_B");
        assertThat(c.instance("VI_B").orElseThrow().syncGroup()).contains("G1");
        assertThat(errors("vrrp_sync_group G { group { VI_X } }\n")).extracting(Diagnostic::offending).contains("VI_X");
    }

    @Test
    void rangesAndVersionRulesAreChecked() {
        assertThat(errors("vrrp_instance V { interface eth0\n virtual_router_id 256\n}\n")).singleElement()
                .satisfies(d -> assertThat(d.format()).isEqualTo("test.conf:2:20: error: number outside range [1, 255]: '256'"));
        assertThat(errors("vrrp_instance V { interface eth0\n virtual_router_id 1\n priority 0\n}\n"))
                .extracting(Diagnostic::offending).containsExactly("0");
        assertThat(errors("vrrp_instance V { interface eth0\n virtual_router_id 1\n advert_int 0.5\n}\n"))
                .extracting(Diagnostic::message).containsExactly("VRRPv2 advert_int must be whole seconds (1..255)");
        assertThat(errors("vrrp_instance V { interface eth0\n version 3\n virtual_router_id 1\n authentication {\n auth_type PASS\n auth_pass x\n }\n}\n"))
                .extracting(Diagnostic::message).containsExactly("VRRPv3 has no authentication; keepalived ignores it");
        assertThat(errors("vrrp_instance V { interface eth0\n}\n")).extracting(Diagnostic::message)
                .containsExactly("vrrp_instance has no virtual_router_id");
        assertThat(errors("vrrp_instance V { interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n 198.18.0.300/24\n }\n}\n"))
                .singleElement().satisfies(d -> assertThat(d.pos()).isEqualTo(new SourcePos("test.conf", 4, 2)));
    }

    @Test
    void misspeltKeywordsGetSuggestionsAndMisplacedOnesTheirHome() {
        var e = errors("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n priorty 10\n}\nglobal_defs {\n nopreempt\n}\n");
        assertThat(Configs.formatted(e)).isEqualTo("""
                test.conf:4:2: error: unknown keyword in vrrp_instance: 'priorty' (did you mean 'priority'?)
                test.conf:7:2: error: unknown keyword in global_defs: 'nopreempt' (did you mean 'preempt'?)""".replace("(did you mean 'preempt'?)",
                "('nopreempt' belongs in vrrp_instance)"));
    }

    @Test
    void compatTurnsUnknownKeywordsIntoWarnings() {
        String text = "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n frobnicate 3\n}\n";
        assertThat(load(text).isValid()).isFalse();
        LoadResult r = load(text, new LoadOptions("node1", true));
        assertThat(r.isValid()).isTrue();
        assertThat(r.warnings()).extracting(Diagnostic::offending).containsExactly("frobnicate");
    }

    @Test
    void legacyLvsSyncDaemonInterfaceMapsToTheGlobalSetting() {
        KeepalivedConfig c = valid("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n lvs_sync_daemon_interface eth9\n}\n");
        assertThat(c.globalDefs().lvsSyncDaemon()).contains(new GlobalDefs.LvsSyncDaemon("eth9", "V", java.util.Optional.empty(), ""));
    }

    @Test
    void ahWithInitialMasterIsAWarningAndStartsBackup() {
        LoadResult r = load("vrrp_instance V {\n state MASTER\n interface eth0\n virtual_router_id 1\n"
                + " authentication {\n auth_type AH\n auth_pass 123456789\n }\n}\n");
        assertThat(r.isValid()).isTrue();
        VrrpInstance i = r.config().orElseThrow().vrrpInstances().getFirst();
        assertThat(i.initialState()).isEqualTo(Vrrp.State.BACKUP);
        assertThat(i.authentication().orElseThrow().password()).isEqualTo("12345678");
        assertThat(r.warnings()).hasSize(2);
    }

    /**
     * track_group: the static lines naming the group add their interface (address dev, route dev, rule iif) to its
     * instances' track_interface, without weight; no_track and a rule without iif add nothing.
     */
    @Test
    void staticTrackGroupAddsTrackedInterfaces() {
        String inst = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n track_interface {\n  eth1 weight 10\n }\n}\n"
                + "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n}\n";
        String statics = "track_group TG {\n group {\n  VI_1\n }\n}\n"
                + "static_ipaddress {\n 198.18.5.1/24 dev eth1 track_group TG\n 198.18.8.1/24 dev eth4 track_group TG no_track\n}\n"
                + "static_routes {\n 198.18.6.0/24 dev eth2 track_group TG\n}\n"
                + "static_rules {\n iif eth3 table 100 track_group TG\n from 198.18.0.1 table 100 track_group TG\n}\n";
        KeepalivedConfig c = valid(statics + inst);
        VrrpInstance vi1 = c.vrrpInstances().getFirst(), vi2 = c.vrrpInstances().get(1);
        // eth1 keeps the weight its own track_interface gave it
        assertThat(vi1.tracking().interfaces()).extracting(Vrrp.TrackRef::format).containsExactly("eth1 weight 10", "eth2", "eth3");
        assertThat(vi2.tracking().interfaces()).isEmpty();
        assertThat(c.staticIpAddresses().getFirst().format()).isEqualTo("198.18.5.1/24 dev eth1 track_group TG");

        assertThat(formatted(errors(statics.replace("dev eth2 track_group TG", "dev eth2 track_group TX") + inst)))
                .contains("track_group not found: 'TX'");
        assertThat(formatted(errors(statics.replace("198.18.6.0/24 dev eth2", "198.18.6.0/24 via 198.18.0.1") + inst)))
                .contains("needs 'dev' to have a track_group");
        assertThat(formatted(errors(inst.replace(" virtual_router_id 52\n", " virtual_router_id 52\n virtual_ipaddress {\n  198.18.0.9/24 track_group TG\n }\n"))))
                .contains("track_group is only for static_ipaddress, static_routes and static_rules, not virtual_ipaddress");
        assertThat(formatted(load(statics.replace("  VI_1\n", "  VI_1\n  VI_9\n") + inst).warnings()))
                .contains("track_group member names no vrrp_instance");
    }
}
