package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.vigil.config.Configs.errors;
import static io.vigil.config.Configs.load;
import static io.vigil.config.Configs.parsed;
import static io.vigil.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** virtual_server_group, virtual_server, real_server and every checker. */
class LvsConfigTest {

    @Test
    void virtualServerKeywordsLegacySpellingsAndInheritance() {
        KeepalivedConfig c = valid("""
                virtual_server 198.18.0.100 80 {
                    lb_algo wrr
                    lb_kind DR
                    protocol TCP
                    persistence_timeout
                    delay_loop 10
                    connect_timeout 2
                    alpha
                    omega
                    quorum 3
                    hysteresis 1
                    quorum_up "/bin/up now"
                    quorum_down /bin/down
                    sorry_server 198.18.0.200 8080
                    sorry_server_inhibit
                    inhibit_on_failure
                    real_server 198.18.1.1 80 {
                        weight 3
                        nb_get_retry 4
                        TCP_CHECK {
                            connect_port 8080
                        }
                    }
                    real_server 198.18.1.2 {
                        lb_kind NAT
                        HTTP_GET {
                            url {
                                path /health
                                status_code 200 300-399
                            }
                        }
                    }
                }
                """);
        VirtualServer vs = c.virtualServers().getFirst();
        assertThat(vs.address()).isEqualTo(new VirtualServer.IpPort(Addresses.parse("198.18.0.100"), Optional.of(80)));
        assertThat(vs.scheduler()).isEqualTo(VirtualServer.Scheduler.wrr);
        assertThat(vs.method()).isEqualTo(VirtualServer.Method.DR);
        assertThat(vs.persistenceTimeout()).contains(Duration.ofSeconds(360));
        assertThat(vs.quorum()).isEqualTo(3);
        assertThat(vs.sorryServer().orElseThrow().inhibit()).isTrue();
        RealServer r1 = vs.realServers().getFirst();
        assertThat(r1.weight()).isEqualTo(3);
        assertThat(r1.method()).as("inherited").isEqualTo(VirtualServer.Method.DR);
        assertThat(r1.inhibitOnFailure()).as("inherited").isTrue();
        Checker.TcpCheck tcp = (Checker.TcpCheck) r1.checkers().getFirst();
        assertThat(tcp.connection().connectPort()).contains(8080);
        assertThat(tcp.timing()).isEqualTo(new Checker.Timing(Duration.ofSeconds(2), 4, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Optional.empty(), true, false));
        RealServer r2 = vs.realServers().get(1);
        assertThat(r2.port()).as("virtual server's port").contains(80);
        assertThat(r2.method()).isEqualTo(VirtualServer.Method.NAT);
        Checker.HttpCheck http = (Checker.HttpCheck) r2.checkers().getFirst();
        assertThat(http.timing().delayBeforeRetry()).as("HTTP default").isEqualTo(Duration.ofSeconds(3));
        assertThat(http.urls().getFirst().statusCodes()).containsExactly(new Checker.StatusRange(200, 200), new Checker.StatusRange(300, 399));
    }

    @Test
    void everyCheckerKindWithItsDefaults() {
        KeepalivedConfig c = parsed("""
                track_file weightfile {
                    file /run/w
                }
                bfd_instance bfd1 {
                    neighbor_ip 198.18.0.9
                }
                virtual_server fwmark 7 {
                    real_server 198.18.2.1 {
                        SSL_GET {
                            url {
                                path /
                                digest 0123456789abcdef0123456789abcdef
                            }
                            enable_sni
                        }
                        SMTP_CHECK {
                            helo_name mx.example
                            host {
                                connect_ip 198.18.2.9
                            }
                        }
                        DNS_CHECK {
                            type A
                            name example.org
                        }
                        UDP_CHECK {
                            connect_port 53
                            payload 0a 0b0c
                            require_reply
                        }
                        PING_CHECK {
                        }
                        MISC_CHECK {
                            misc_path "/bin/check arg"
                            misc_timeout 5
                            misc_dynamic
                        }
                        FILE_CHECK {
                            track_file weightfile
                            weight -2 reverse
                        }
                        BFD_CHECK {
                            name bfd1
                        }
                    }
                }
                """);
        List<Checker> ch = c.virtualServers().getFirst().realServers().getFirst().checkers();
        assertThat(ch).hasSize(8);
        assertThat(((Checker.HttpCheck) ch.get(0)).ssl()).isTrue();
        assertThat(((Checker.SmtpCheck) ch.get(1)).extraHosts()).hasSize(1);
        Checker.DnsCheck dns = (Checker.DnsCheck) ch.get(2);
        assertThat(dns.timing().retry()).as("DNS default retry").isEqualTo(3);
        assertThat(dns.timing().delayBeforeRetry()).as("DNS: delay_loop").isEqualTo(Duration.ofSeconds(60));
        Checker.UdpCheck udp = (Checker.UdpCheck) ch.get(3);
        assertThat(udp.payload().orElseThrow()).containsExactly(0x0a, 0x0b, 0x0c);
        udp.payload().orElseThrow()[0] = 0x7f;
        assertThat(udp.payload().orElseThrow()[0]).as("copied out").isEqualTo((byte) 0x0a);
        assertThat(udp.requireReply()).isTrue();
        assertThat(udp.maxReplyLength()).isEqualTo(255);
        assertThat(ch.get(4)).isInstanceOf(Checker.PingCheck.class);
        Checker.MiscCheck misc = (Checker.MiscCheck) ch.get(5);
        assertThat(misc.timing().retry()).as("MISC default retry").isZero();
        assertThat(misc.dynamic()).isTrue();
        assertThat(((Checker.FileCheck) ch.get(6)).weight()).isEqualTo(new Vrrp.Weight(-2, true));
        assertThat(ch.get(7)).isEqualTo(new Checker.BfdCheck("bfd1", false));
    }

    @Test
    void virtualServerGroupsAndReferences() {
        KeepalivedConfig c = valid("""
                virtual_server_group web {
                    198.18.3.1-10 80
                    198.18.4.0/29 443
                    fwmark 5
                }
                virtual_server group web {
                    protocol TCP
                    real_server 198.18.5.1 80 {
                    }
                }
                """);
        VirtualServerGroup g = c.virtualServerGroups().get("web");
        assertThat(g.entries()).hasSize(3);
        assertThat(g.entries().getFirst()).isEqualTo(new VirtualServerGroup.AddressRange(Addresses.parse("198.18.3.1"),
                Addresses.parse("198.18.3.10"), Optional.of(80)));
        assertThat(c.virtualServers().getFirst().address()).isEqualTo(new VirtualServer.Group("web"));
        assertThat(errors("virtual_server group nope {\n}\n")).extracting(Diagnostic::message)
                .containsExactly("virtual_server names no virtual_server_group");
    }

    @Test
    void snmpNamesOfVirtualAndRealServers() {
        VirtualServer vs = valid("virtual_server 198.18.0.1 80 {\n snmp_name web\n real_server 198.18.0.2 80 {\n snmp_name web1\n }\n"
                + " real_server 198.18.0.3 80 {\n }\n}\n").virtualServers().getFirst();
        assertThat(vs.snmpName()).contains("web");
        assertThat(vs.realServers()).extracting(RealServer::snmpName).containsExactly(java.util.Optional.of("web1"), java.util.Optional.empty());
    }

    @Test
    void lvsErrors() {
        assertThat(errors("virtual_server 198.18.0.1 80 {\n lb_algo fastest\n}\n")).singleElement()
                .satisfies(d -> assertThat(d.pos()).isEqualTo(new SourcePos("test.conf", 2, 10)));
        assertThat(errors("virtual_server 198.18.0.1 80 {\n real_server 198.18.0.2 80 {\n weight 70000\n }\n}\n"))
                .extracting(Diagnostic::message).containsExactly("number outside range [0, 65535]");
        assertThat(errors("virtual_server 198.18.0.1 {\n}\n")).extracting(Diagnostic::message)
                .containsExactly("virtual_server without a port must be persistent (persistence_timeout)");
        assertThat(errors("virtual_server 198.18.0.1 80 {\n real_server 198.18.0.2 80 {\n HTTP_GET {\n }\n }\n}\n"))
                .extracting(Diagnostic::message).containsExactly("HTTP_GET has no url");
        assertThat(errors("virtual_server 198.18.0.1 80 {\n real_server 198.18.0.2 80 {\n FILE_CHECK {\n track_file x\n }\n }\n}\n"))
                .extracting(Diagnostic::message).containsExactly("FILE_CHECK names no track_file block");
        LoadResult fw = load("virtual_server fwmark 1 {\n protocol UDP\n}\n");
        assertThat(fw.isValid()).isTrue();
        assertThat(fw.warnings()).extracting(Diagnostic::message).containsExactly("protocol specified for a fwmark virtual server is ignored");
    }

    @Test
    void persistenceEngineIsReadWithPersistenceAndRefusedWhereTheDataPlaneHasNone() {
        String vs = "virtual_server 198.18.0.1 5060 {\n protocol UDP\n persistence_timeout 120\n persistence_engine sip\n}\n";
        assertThat(valid(vs).virtualServers().getFirst().persistenceEngine()).contains("sip");

        // as keepalived: without a timeout the engine is not sent; Vigil says so instead of saying nothing
        LoadResult noTimeout = load("virtual_server 198.18.0.1 5060 {\n protocol UDP\n persistence_engine sip\n}\n");
        assertThat(noTimeout.isValid()).isTrue();
        assertThat(noTimeout.config().orElseThrow().virtualServers().getFirst().persistenceEngine()).isEmpty();
        assertThat(Configs.formatted(noTimeout.warnings()))
                .isEqualTo("test.conf:3:2: warning: persistence_engine has no effect without persistence_timeout (as in keepalived): 'sip'");

        for (String plane : List.of("nftables", "proxy")) {
            String conf = "global_defs {\n vigil_data_plane " + plane + "\n}\n" + vs;
            assertThat(Configs.formatted(errors(conf))).isEqualTo("test.conf:7:2: error: persistence_engine refused by Vigil here: 'sip' "
                    + "(persistence engines are IPVS's; the " + plane + " data plane (vigil_data_plane) has none; use vigil_data_plane ipvs, "
                    + "or --compat to run without it)");
            LoadResult compat = load(conf, Configs.OPTS.withCompat(true));
            assertThat(compat.isValid()).isTrue();
            assertThat(compat.config().orElseThrow().virtualServers().getFirst().persistenceEngine()).isEmpty();
            assertThat(compat.warnings()).extracting(Diagnostic::message).containsExactly("persistence_engine refused by Vigil here, running without it (--compat)");
        }
        assertThat(valid("global_defs {\n vigil_data_plane ipvs\n}\n" + vs).virtualServers().getFirst().persistenceEngine()).contains("sip");

        assertThat(Configs.formatted(errors("virtual_server 198.18.0.1 5060 {\n persistence_timeout\n persistence_engine abcdefghijklmnop\n}\n")))
                .isEqualTo("test.conf:3:2: error: persistence_engine name must be 1 to 15 printable ASCII characters (the kernel's limit): 'abcdefghijklmnop'");
    }
}
