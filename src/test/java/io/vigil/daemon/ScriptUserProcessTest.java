package io.vigil.daemon;

import io.vigil.check.CheckerSettings;
import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.sys.ScriptPolicy;
import io.vigil.sys.ScriptRunner;
import io.vigil.vrrp.kernel.ProcessScriptRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Scripts run as their configured user, from the configuration text through the policy to the real runner and real
 * processes: each script writes its {@code id -u} and {@code id -g} to a file. Needs root (setpriv changes users).
 */
class ScriptUserProcessTest {
    @TempDir
    Path tmp;
    private Path scripts;
    private Path out;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "running scripts as other users needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is missing");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        scripts = Files.createDirectory(tmp.resolve("scripts"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        out = Files.createDirectory(tmp.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx")); // any user may leave its answer
        script("id.sh", "rwxr-xr-x");
    }

    @AfterEach
    void tearDown() {
        ScriptPolicy.apply(ScriptPolicy.NONE);
    }

    private Path script(String name, String perms) throws Exception {
        Path s = scripts.resolve(name);
        Files.writeString(s, "#!/bin/sh\n{ id -u; id -g; } > \"$1\"\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString(perms));
        return s;
    }

    private KeepalivedConfig load(String text) {
        LoadResult r = ConfigLoader.loadText("test.conf", text, LoadOptions.defaults());
        assertThat(r.errors()).isEmpty();
        KeepalivedConfig c = r.config().orElseThrow();
        ScriptPolicySetting.apply(c); // what each process does when it reads its configuration
        return c;
    }

    private List<String> ids(String file) throws Exception {
        return Files.readAllLines(out.resolve(file));
    }

    private static List<String> argv(KeepalivedConfig c, String vrrpScript) {
        return CommandWords.split(c.vrrpScripts().get(vrrpScript).script().command());
    }

    @Test
    void scriptUserAndPerScriptUsersAreTheUsersScriptsRunAs() throws Exception {
        KeepalivedConfig c = load("""
                global_defs {
                    script_user nobody
                }
                vrrp_script as_default {
                    script "%1$s/id.sh %2$s/default"
                }
                vrrp_script as_root {
                    script "%1$s/id.sh %2$s/root"
                    user root
                }
                vrrp_script as_nobody_adm {
                    script "%1$s/id.sh %2$s/nobody-adm"
                    user nobody adm
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    virtual_ipaddress {
                        198.18.0.1
                    }
                    track_script {
                        as_default
                        as_root
                        as_nobody_adm
                    }
                }
                virtual_server 198.18.0.1 80 {
                    real_server 198.18.0.2 80 {
                        MISC_CHECK {
                            misc_path "%1$s/id.sh %2$s/misc"
                            user nobody nogroup
                        }
                    }
                }
                """.formatted(scripts, out));
        try (ProcessScriptRunner vrrp = new ProcessScriptRunner()) {
            for (String s : List.of("as_default", "as_root", "as_nobody_adm"))
                assertThat(vrrp.run(argv(c, s), 10_000).get().success()).as(s).isTrue();
        }
        assertThat(ids("default")).as("script_user nobody").containsExactly("65534", "65534");
        assertThat(ids("root")).as("user root").containsExactly("0", "0");
        assertThat(ids("nobody-adm")).as("user nobody adm").containsExactly("65534", "4");

        CheckerSettings.Misc misc = (CheckerSettings.Misc) CheckerConfigMapper.virtualServers(c).getFirst().realServers().getFirst().checkers().getFirst();
        assertThat(new ScriptRunner().run(misc.command(), misc.user(), 10_000)).isEqualTo(new ScriptRunner.Outcome.Exited(0));
        assertThat(ids("misc")).as("MISC_CHECK user nobody nogroup").containsExactly("65534", "65534");
    }

    @Test
    void enableScriptSecurityRefusesARootScriptOthersCanWrite_withoutItTheScriptRuns() throws Exception {
        Path unsafe = script("unsafe.sh", "rwxrwxrwx");
        String conf = """
                global_defs {
                    %3$s
                    script_user root
                }
                vrrp_script unsafe {
                    script "%1$s %2$s/unsafe"
                }
                vrrp_script safe_as_nobody {
                    script "%1$s %2$s/nobody"
                    user nobody
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        198.18.0.1
                    }
                    track_script {
                        unsafe
                        safe_as_nobody
                    }
                }
                """;
        KeepalivedConfig secure = load(conf.formatted(unsafe, out, "enable_script_security"));
        ScriptRunner runner = new ScriptRunner();
        assertThat(runner.run(argv(secure, "unsafe"), null, 10_000)).isInstanceOfSatisfying(ScriptRunner.Outcome.FailedToStart.class,
                f -> assertThat(f.reason()).contains(unsafe.toString()).contains("writable by everyone").contains("enable_script_security"));
        assertThat(out.resolve("unsafe")).as("the refused script never ran").doesNotExist();
        // the same file run as nobody cannot give root to whoever changes it: not checked, as keepalived
        assertThat(runner.run(argv(secure, "safe_as_nobody"), null, 10_000)).isEqualTo(new ScriptRunner.Outcome.Exited(0));
        assertThat(ids("nobody")).containsExactly("65534", "65534");

        KeepalivedConfig lax = load(conf.formatted(unsafe, out, ""));
        assertThat(runner.run(argv(lax, "unsafe"), null, 10_000)).as("without enable_script_security: a warning, and it runs")
                .isEqualTo(new ScriptRunner.Outcome.Exited(0));
        assertThat(ids("unsafe")).containsExactly("0", "0");
    }

    @Test
    void enableScriptSecurityWithoutAnyScriptUserRefusesScriptsWithoutTheirOwn() throws Exception {
        assumeTrue(io.vigil.sys.ScriptUsers.SYSTEM.user("keepalived_script").isEmpty(),
                "this host has a keepalived_script user");
        KeepalivedConfig c = load("""
                global_defs {
                    enable_script_security
                }
                vrrp_script no_user {
                    script "%1$s/id.sh %2$s/none"
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        198.18.0.1
                    }
                    track_script {
                        no_user
                    }
                }
                """.formatted(scripts, out));
        assertThat(new ScriptRunner().run(argv(c, "no_user"), null, 10_000)).isInstanceOfSatisfying(ScriptRunner.Outcome.FailedToStart.class,
                f -> assertThat(f.reason()).contains("keepalived_script does not exist"));
        assertThat(out.resolve("none")).doesNotExist();
    }
}
