package io.vigil.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.vigil.config.Configs.errors;
import static io.vigil.config.Configs.load;
import static io.vigil.config.Configs.parsed;
import static io.vigil.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** keepalived's lexical rules, each with a configuration written for this project. */
class PreprocessorTest {

    private static final String VI = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 7
                %s
            }
            """;

    @Test
    void commentsStartWithBangOrHashAnywhereButNotInQuotes() {
        KeepalivedConfig c = parsed("""
                ! a comment
                # another
                global_defs {   # trailing
                    router_id r1 ! trailing too
                    notification_email_from "ops#1@example.org"
                    smtp_helo_name not\\#a\\!comment
                }
                """);
        assertThat(c.globalDefs().routerId()).contains("r1");
        assertThat(c.globalDefs().notificationEmailFrom()).contains("ops#1@example.org");
        assertThat(c.globalDefs().smtpHeloName()).contains("not#a!comment");
    }

    @Test
    void tabsSeparateWordsAndColumnsCountCharacters() {
        LoadResult r = load("global_defs {\n\trouter_id\tr1\n\tpriorty 5\n}\n");
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.pos()).isEqualTo(new SourcePos("test.conf", 3, 2));
            assertThat(d.offending()).isEqualTo("priorty");
        });
    }

    @Test
    void oneLineBlocksAndBracesOnTheNextLine() {
        KeepalivedConfig c = valid(VI.formatted("virtual_ipaddress { 198.18.0.100/24 }\nvirtual_ipaddress_excluded { 198.18.0.101/24 }\n"
                + "authentication\n{\nauth_type PASS\nauth_pass secret\n}\n"
                + "track_interface { eth1 weight 10 }"));
        VrrpInstance i = c.vrrpInstances().getFirst();
        assertThat(i.virtualIps()).extracting(v -> v.address().toString()).containsExactly("198.18.0.100/24");
        assertThat(i.excludedVirtualIps()).extracting(v -> v.address().toString()).containsExactly("198.18.0.101/24");
        assertThat(i.authentication()).contains(new Vrrp.Authentication(Vrrp.AuthType.PASS, "secret"));
        assertThat(i.tracking().interfaces()).extracting(Vrrp.TrackRef::format).containsExactly("eth1 weight 10");
    }

    @Test
    void quotedStringsAreOneWordWithoutTheQuotes() {
        KeepalivedConfig c = valid(VI.formatted("notify_master \"/usr/local/bin/vip up {x}\" nobody nogroup"));
        Script s = c.vrrpInstances().getFirst().notifyScripts().master().orElseThrow();
        assertThat(s.command()).isEqualTo("/usr/local/bin/vip up {x}");
        assertThat(s.user()).contains("nobody");
        assertThat(s.group()).contains("nogroup");
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThat(errors(VI.formatted("notify_master \"/bin/true"))).extracting(Diagnostic::message).contains("unterminated quote");
    }

    @Test
    void includeGlobsAreRelativeToTheIncludingFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf.d/sub"));
        Files.writeString(dir.resolve("main.conf"), "include conf.d/*.conf\n");
        Files.writeString(dir.resolve("conf.d/a.conf"), "global_defs {\n router_id from-a\n}\ninclude sub/{x,y}.conf\n");
        Files.writeString(dir.resolve("conf.d/b.conf"), VI.formatted("virtual_ipaddress {\n198.18.0.1\n}"));
        Files.writeString(dir.resolve("conf.d/sub/y.conf"), "vrrp_script chk {\n script /bin/true\n}\n");
        Files.writeString(dir.resolve("conf.d/c.txt"), "this is not included\n");
        LoadResult r = ConfigLoader.load(dir.resolve("main.conf"), Configs.OPTS);
        assertThat(r.errors()).isEmpty();
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(c.globalDefs().routerId()).contains("from-a");
        assertThat(c.vrrpScripts()).containsKey("chk");
        assertThat(c.vrrpInstances()).hasSize(1);
        assertThat(c.vrrpInstances().getFirst().pos().file()).endsWith("conf.d/b.conf");
    }

    @Test
    void includeCyclesAreReportedNotFollowed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.conf"), "include b.conf\n");
        Files.writeString(dir.resolve("b.conf"), "include a.conf\n");
        LoadResult r = ConfigLoader.load(dir.resolve("a.conf"), Configs.OPTS);
        assertThat(r.errors()).extracting(Diagnostic::message).contains("include cycle");
    }

    @Test
    void definitionsAreReplacedWithOrWithoutBraces() {
        KeepalivedConfig c = valid("""
                $IF=eth3
                $NET=198.18.1
                $PRIO=150
                vrrp_instance VI_1 {
                    interface $IF
                    virtual_router_id 9
                    priority ${PRIO}
                    virtual_ipaddress {
                        ${NET}.10/24 dev $IF
                    }
                    notify_master "/bin/echo $UNDEFINED"
                }
                """);
        VrrpInstance i = c.vrrpInstances().getFirst();
        assertThat(i.interfaceName()).contains("eth3");
        assertThat(i.priority()).isEqualTo(150);
        assertThat(i.virtualIps().getFirst().format()).isEqualTo("198.18.1.10/24 dev eth3");
        assertThat(i.notifyScripts().master().orElseThrow().command()).isEqualTo("/bin/echo $UNDEFINED");
    }

    @Test
    void definitionsAreResolvedAtUseTimeAndRecursively() {
        KeepalivedConfig c = parsed("""
                $BASE=198.18.${SUB}
                $SUB=2
                static_ipaddress {
                    ${BASE}.1/32
                $SUB=3
                    ${BASE}.1/32
                }
                """);
        assertThat(c.staticIpAddresses()).extracting(v -> v.address().toString()).containsExactly("198.18.2.1/32", "198.18.3.1/32");
    }

    @Test
    void multiLineDefinitionsExpandToBlocks() {
        KeepalivedConfig c = valid("""
                $INST= \\
                vrrp_instance VI_${N} { \\
                    interface eth0 \\
                    virtual_router_id ${N} \\
                    @node1 priority 200 \\
                    @^node1 priority 100 \\
                    virtual_ipaddress { \\
                        198.18.0.${N}/24 \\
                    } \\
                }

                $N=1
                $INST
                $N=2
                $INST
                """);
        assertThat(c.vrrpInstances()).extracting(VrrpInstance::name).containsExactly("VI_1", "VI_2");
        assertThat(c.vrrpInstances()).extracting(VrrpInstance::priority).containsExactly(200, 200);
        assertThat(c.vrrpInstances().get(1).virtualIps().getFirst().address().toString()).isEqualTo("198.18.0.2/24");
    }

    @Test
    void conditionalLinesFollowTheConfigId() {
        String text = """
                global_defs {
                    @main router_id main_router
                    @backup router_id backup_router
                    @^main smtp_helo_name not-main
                }
                """;
        assertThat(load(text, new LoadOptions("main", true)).config().orElseThrow().globalDefs())
                .satisfies(g -> {
                    assertThat(g.routerId()).contains("main_router");
                    assertThat(g.smtpHeloName()).isEmpty();
                });
        assertThat(load(text, new LoadOptions("backup", true)).config().orElseThrow().globalDefs())
                .satisfies(g -> {
                    assertThat(g.routerId()).contains("backup_router");
                    assertThat(g.smtpHeloName()).contains("not-main");
                });
        assertThat(load(text, new LoadOptions("other", true)).config().orElseThrow().globalDefs().routerId()).isEmpty();
    }

    @Test
    void seqExpandsLinesInDecimalAndHex() {
        KeepalivedConfig c = parsed("""
                static_ipaddress {
                    ~SEQ(N, 1, 3) 198.18.4.${N}/32
                    ~SEQx(H, 0x9, 2, 0xd) 2001:2::${H}/128
                    ~SEQ(A, 2) ~SEQ(B, 5, -2, 3) 198.18.${A}.${B}/32
                }
                """);
        assertThat(c.staticIpAddresses()).extracting(v -> v.address().toString()).containsExactly(
                "198.18.4.1/32", "198.18.4.2/32", "198.18.4.3/32",
                "2001:2::9/128", "2001:2::b/128", "2001:2::d/128",
                "198.18.1.5/32", "198.18.1.3/32", "198.18.2.5/32", "198.18.2.3/32");
    }

    @Test
    void lstExpandsListedValuesAndGroups() {
        KeepalivedConfig c = parsed("""
                static_ipaddress {
                    ~LST(X, 7, 9) 198.18.5.${X}/32
                    ~LST({A, B}, {1, 2}, {3, 4}) 198.18.${A}.${B}/32
                }
                """);
        assertThat(c.staticIpAddresses()).extracting(v -> v.address().toString())
                .containsExactly("198.18.5.7/32", "198.18.5.9/32", "198.18.1.2/32", "198.18.3.4/32");
    }

    @Test
    void seqCanGenerateWholeBlocksThroughADefinition() {
        KeepalivedConfig c = valid("""
                $VS= \\
                virtual_server 198.18.9.${I} 80 { \\
                    real_server 198.18.10.${I} 80 { \\
                        TCP_CHECK { \\
                        } \\
                    } \\
                }

                ~SEQ(I, 1, 5) $VS
                """);
        assertThat(c.virtualServers()).hasSize(5);
    }

    @Test
    void invalidSeqIsAnError() {
        assertThat(errors("~SEQ(N, 1, 0, 5) x\n")).extracting(Diagnostic::message).contains("invalid ~SEQ values");
        assertThat(errors("~SEQ(N, 1, 1, 100000000) x\n")).extracting(Diagnostic::message).anyMatch(m -> m.contains("more than"));
    }

    @Test
    void unbalancedBracesAreReportedWhereTheyAre() {
        List<Diagnostic> extra = errors("global_defs {\n router_id a\n}\n}\n");
        assertThat(extra).singleElement().satisfies(d -> {
            assertThat(d.pos().line()).isEqualTo(4);
            assertThat(d.message()).contains("extra '}'");
        });
        List<Diagnostic> missing = errors("global_defs {\n router_id a\nvrrp_script s {\n script /bin/true\n}\n");
        assertThat(missing).anySatisfy(d -> {
            assertThat(d.pos()).isEqualTo(new SourcePos("test.conf", 1, 13));
            assertThat(d.message()).contains("missing '}'");
        });
    }

    @Test
    void predefinedDefinitions() {
        KeepalivedConfig c = parsed("""
                global_defs {
                    router_id r_${_INSTANCE}
                    smtp_helo_name a${_HASH}b${_BANG}c
                    notification_email_from ${_RANDOM 5 5}@x
                }
                """);
        assertThat(c.globalDefs().routerId()).contains("r_node1");
        assertThat(c.globalDefs().smtpHeloName()).contains("a#b!c");
        assertThat(c.globalDefs().notificationEmailFrom()).contains("5@x");
    }

    @Test
    void runawayExpansionsAreCutOff() {
        LoadResult exponential = load("$B= \\\n~SEQ(N,1,3) $B\n\n$B\n");
        assertThat(exponential.errors()).singleElement().satisfies(d -> assertThat(d.message()).contains("reading stopped"));
        LoadResult silent = ConfigLoader.loadText("test.conf", "~SEQ(N,1,900000) ~SEQ(M,1,900000) $X=1\n", Configs.OPTS, 100_000);
        assertThat(silent.errors()).singleElement().satisfies(d -> assertThat(d.message()).contains("expansion steps"));
    }

    @Test
    void recursiveDefinitionEndsInADiagnostic() {
        LoadResult r = load("$A=x $A\nglobal_defs {\n router_id $A\n}\n");
        assertThat(r.errors()).extracting(Diagnostic::message).anyMatch(m -> m.contains("too"));
    }
}
